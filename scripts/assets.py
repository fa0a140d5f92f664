"""Streamlit's own static files as a room serves them (nginx, deploy/nginx.conf): each
compressible file with its `.gz` beside it, and the icon font cut to the icons this dashboard
can show. Made once, at set-up or at a room's first start, never per request.

Why: a phone's first load of the Scenario lab was 4.2 MB, none of it compressed (Streamlit
leaves compression to a proxy), and 375 KB of it an icon font of ~4,000 icons of which the
pages show a few dozen; 150 phones on one Wi-Fi fetch it all at once (bench/first_load.py,
bench/wifi.py measure it).

    python scripts/assets.py       # what a room's first start does; says what it wrote
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

COMPRESSIBLE = (".js", ".css", ".html", ".json", ".svg", ".txt", ".map")
"""Streamlit's static files that gzip makes smaller (fonts and images are compressed already)."""
ICON_FONT = "MaterialSymbols-Rounded.*.woff2"
"""Streamlit's icon font (`:material/name:` icons), in its static media folder."""
ICON = re.compile(r":material/([a-z0-9_]+):")
"""An icon as Streamlit's code, its front end and ours name it."""
OUR_CODE = ("app.py", "pages", "ui")


def static_dir() -> Path:
    """Streamlit's own static folder, in the installed package (nginx serves it)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir())


def precompress(folder: Path) -> tuple[int, int]:
    """Write `name.gz` (gzip -9) beside each compressible file under `folder` that has none
    yet, for nginx's gzip_static. Each is written under a temporary name and renamed (a room
    starting at the same time never serves half a file) and takes its original's time.
    Returns (written, already there); in a folder this user may not write it stops (nginx
    then compresses those files as it sends them)."""
    written = kept = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix not in COMPRESSIBLE or not path.is_file() or path.name.startswith("."):
            continue
        target = path.with_name(path.name + ".gz")
        stat = path.stat()
        if target.exists() and target.stat().st_mtime_ns == stat.st_mtime_ns:
            kept += 1
            continue
        tmp = path.with_name(f".{path.name}.gz.{os.getpid()}")
        try:
            with (
                tmp.open("wb") as raw,
                gzip.GzipFile("", "wb", 9, raw, mtime=int(stat.st_mtime)) as out,
            ):
                out.write(path.read_bytes())
            os.utime(tmp, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)
            return written, kept
        written += 1
    return written, kept


def icons_in_use(files: Iterable[Path]) -> set[str]:
    """Every `:material/name:` icon named in these files."""
    names: set[str] = set()
    for path in files:
        names.update(ICON.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def _sources(folder: Path) -> list[Path]:
    """Where an icon the pages show can be named: Streamlit's front end (its scripts), its
    Python code (elements' own icons) and ours."""
    package = folder.parent
    ours = [REPO / "app.py", *(p for d in OUR_CODE[1:] for p in sorted((REPO / d).rglob("*.py")))]
    return [*sorted(folder.rglob("*.js")), *sorted(package.rglob("*.py")), *ours]


@dataclass(frozen=True)
class IconFont:
    """The icon font's address (as Streamlit's style sheet asks for it) and the file nginx
    sends for it: cut to the icons in use, or Streamlit's whole font if it could not be cut."""

    url: str
    file: Path
    icons: int  # icons the file holds (0: the whole font)


def icon_font(folder: Path) -> IconFont | None:
    """The icon font, cut once to the icons in use (a file beside the original, named by them:
    a new icon in the code makes a new cut). None: Streamlit ships no such font."""
    found = sorted((folder / "static" / "media").glob(ICON_FONT))
    originals = [p for p in found if p.name.count(".") == 2]  # not a cut of ours
    if not originals:
        return None
    original = originals[0]
    url = f"/static/media/{original.name}"
    names = sorted(icons_in_use(_sources(folder)))
    digest = hashlib.sha256("\n".join(names).encode()).hexdigest()[:10]
    cut = original.with_name(original.name.replace(".woff2", f".icons-{digest}.woff2"))
    if not cut.exists():
        try:
            _cut_font(original, set(names), cut)
        except (OSError, ImportError) as exc:
            print(f"  The icon font is sent whole ({type(exc).__name__}: {exc})", file=sys.stderr)
            return IconFont(url, original, 0)
    return IconFont(url, cut, len(names))


def _cut_font(original: Path, names: set[str], target: Path) -> None:
    """Keep the glyphs of these icons, the letters that spell them and the ligatures between
    them (fontTools: the font's own tables, nothing guessed); drop every other icon."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(original))
    by_code = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    keep: set[str] = set()
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = table.ExtSubTable if lookup.LookupType == 7 else table
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for lig in ligatures:
                    if "".join(by_code.get(g, "?") for g in [first, *lig.Component]) in names:
                        keep.add(lig.LigGlyph)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.layout_closure = False  # else every icon spelled by the kept letters stays
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    letters = set("".join(names)) | set("abcdefghijklmnopqrstuvwxyz0123456789_")
    subsetter.populate(glyphs=sorted(keep), unicodes=sorted(ord(c) for c in letters))
    subsetter.subset(font)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        font.save(str(tmp))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def prepare(folder: Path | None = None) -> tuple[IconFont | None, int]:
    """Both, once: (the icon font to serve, files compressed now)."""
    folder = folder or static_dir()
    written, _ = precompress(folder)
    return icon_font(folder), written


def main() -> int:
    folder = static_dir()
    font, written = prepare(folder)
    print(f"{folder}: {written} files compressed now")
    if font is not None:
        size = font.file.stat().st_size
        print(f"icon font: {font.file.name}, {font.icons or 'all'} icons, {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
