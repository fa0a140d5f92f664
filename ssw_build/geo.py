"""The maps' boundaries, built (the data build; ssw_core.geo reads them at run time).

Input: `data/raw/geo/countries-50m.json`, the 1:50 million countries of Natural Earth (public
domain) as TopoJSON from the npm package world-atlas 2.0.2 (ISC licence, Mike Bostock; its
licence is beside it). Natural Earth draws Kosovo as a country of its own, with no ISO code;
it is matched by name. The 1:50m scale keeps Singapore and Brunei, which 1:110m drops.

Output: `data/geo/boundaries.geojson`: one GeoJSON feature per country of the dashboard
(property `iso3`) and, for context, the neighbouring countries inside each region's frame
(`iso3` null), coordinates rounded to 0.01 degree (about 1 km). The same features, split by
region into the dashboard's countries and their neighbours, go to `static/geo/`, which the
app's own server serves to browsers (a map's page then sends the map's few kilobytes, not
its 100 KB of boundaries, on every change). Deterministic:

    python -m ssw_build.geo            # write data/geo/boundaries.geojson and static/geo/
    python -m ssw_build.geo --check    # compare, write nothing
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ssw_build.data import read_csv
from ssw_core import paths
from ssw_core.geo import FRAMES, OUT, SERVED_DIR, served_name
from ssw_core.schema import DataError

RAW = paths.RAW_DIR / "geo" / "countries-50m.json"
DIGITS = 2
TOLERANCE = {"ours": 0.02, "context": 0.08}
"""Douglas-Peucker tolerance [degrees]: the countries of the dashboard are drawn finer than
their neighbours, which are only a backdrop."""


def _arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The TopoJSON arcs in degrees (delta-decoded and de-quantised)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop points closer than `tolerance` to the line they sit on."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, -1
        for i in range(a + 1, b):
            x0, y0 = points[i]
            d = (
                abs(dy * x0 - dx * y0 + x2 * y1 - y2 * x1) / norm
                if norm
                else ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5
            )
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(
    indexes: Iterable[int], arcs: list[list[tuple[float, float]]], tolerance: float
) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    rounded: list[list[float]] = []
    for x, y in _simplify(points, tolerance):
        p = [round(x, DIGITS), round(y, DIGITS)]
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    if rounded and rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def _geometry(
    g: dict[str, Any],
    arcs: list[list[tuple[float, float]]],
    tolerance: float,
    frame: tuple[float, float, float, float] | None = None,
) -> dict[str, Any] | None:
    """A GeoJSON geometry; with a `frame`, only the polygons that reach into it."""

    def polygon(rings: list[list[int]]) -> list[list[list[float]]]:
        return [r for r in (_ring(ring, arcs, tolerance) for ring in rings) if len(r) >= 4]

    parts = (
        [g["arcs"]] if g["type"] == "Polygon" else g["arcs"] if g["type"] == "MultiPolygon" else []
    )
    polys = [p for p in (polygon(rings) for rings in parts) if p]
    if frame is not None:
        polys = [p for p in polys if _overlaps(_bbox_of(p), frame)]
    if not polys:
        return None
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def _bbox_of(polygon: list[list[list[float]]]) -> tuple[float, float, float, float]:
    xs = [x for ring in polygon for x, _ in ring]
    ys = [y for ring in polygon for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def build(raw: Path = RAW, countries_csv: Path = paths.RAW_DIR / "countries.csv") -> dict[str, Any]:
    """The FeatureCollection of the dashboard's countries and their neighbours."""
    topo = json.loads(raw.read_text(encoding="utf-8"))
    arcs = _arcs(topo)
    ours = read_csv(countries_csv)
    by_num = {r["iso_num"]: r for r in ours if r["iso_num"]}
    by_name = {"Kosovo": next(r for r in ours if r["iso3"] == "XKX")}
    features: list[dict[str, Any]] = []
    found = set()
    for g in topo["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name", "")
        row = by_num.get(str(g.get("id", ""))) or by_name.get(name)
        if row is not None:
            geometry = _geometry(g, arcs, TOLERANCE["ours"])
            if geometry is None:
                continue
            found.add(row["iso3"])
            ours_props: dict[str, Any] = {"iso3": row["iso3"], "region": row["region"], "name": ""}
            features.append({"type": "Feature", "properties": ours_props, "geometry": geometry})
            continue
        for region, frame in FRAMES.items():
            geometry = _geometry(g, arcs, TOLERANCE["context"], frame)
            if geometry is not None:
                properties: dict[str, Any] = {"iso3": None, "region": region, "name": name}
                features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    missing = {r["iso3"] for r in ours} - found
    if missing:
        raise DataError(f"{raw}: no boundary for {sorted(missing)}")
    features.sort(
        key=lambda f: (
            f["properties"]["iso3"] or "~",
            f["properties"]["region"],
            f["properties"]["name"],
        )
    )
    return {"type": "FeatureCollection", "features": features}


def dumps(collection: dict[str, Any]) -> str:
    return json.dumps(collection, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def served(collection: dict[str, Any]) -> dict[str, str]:
    """The served files: file name -> GeoJSON text, one per region and part."""
    out = {}
    for region in FRAMES:
        for part in ("ours", "context"):
            features = [
                f
                for f in collection["features"]
                if f["properties"]["region"] == region
                and (f["properties"]["iso3"] is not None) == (part == "ours")
            ]
            out[served_name(region, part)] = dumps(
                {"type": "FeatureCollection", "features": features}
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    collection = build()
    files = {OUT: dumps(collection)}
    files |= {SERVED_DIR / name: text for name, text in served(collection).items()}
    if args.check:
        differ = [
            p
            for p, text in files.items()
            if not p.is_file() or p.read_text(encoding="utf-8") != text
        ]
        for p in files:
            print(f"{p}: {'differs from' if p in differ else 'identical to'} a fresh build")
        return 1 if differ else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        print(f"wrote {path} ({len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
