"""Build the shipped Parquet files from the raw inputs in `data/raw/`. Deterministic.

    python -m ssw_build            # write data/*.parquet
    python -m ssw_build --check    # exit 1 if the committed files differ from a fresh build

Inputs (all committed):
- country_facts.csv: the sourced figures, verbatim from shared/data-sources (see SOURCES.md),
  with corrections-2026-12.csv applied; then additions-2026-12.csv and additions-2026-12b.csv
  (same columns), also verbatim;
- countries.csv, indicators.csv: the 34 countries and the 14 indicators;
- sources.csv: one row per cited locator, with publisher, year, type and licence;
- i18n/<lang>.csv (optional): translations of the data texts (`en`, `text`); every `en`
  must be a text the data holds (see `data_texts`), so a changed English text cannot keep
  a stale translation;
- measures.csv: for each (geo, measure), its link to an indicator and category, or its role
  as context, with comparability notes and reliability. `geo` '*' applies to every country
  that has no row of its own.

Every figure must resolve to exactly one source and one mapping, or the build fails.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import polars as pl

from ssw_core import paths
from ssw_core.schema import (
    ALL_TABLES,
    COUNTRIES,
    INDICATORS,
    OBSERVATIONS,
    POPULATION,
    SOURCES,
    TEXT_LANGS,
    TEXTS,
    DataError,
    TableSchema,
    check_frame,
)

FACTS = "country_facts.csv"
ADDITIONS = "additions-2026-12.csv"
ADDITIONS_B = "additions-2026-12b.csv"
CORRECTIONS = "corrections-2026-12.csv"
OBS_PREFIX = {FACTS: "r", ADDITIONS: "a", ADDITIONS_B: "b"}
DOCUMENT_EVIDENCE = {"sw_law_year": "core1", "ssw_national_plan_year": "core2"}
"""Documents that answer part of an indicator, in every country that has one: a law that
regulates the social work profession defines one of the six categories (Core 1 asks for a
document adopting all six); an adopted national workforce plan is step 3 of Core 2's five.
Such a figure is linked to the indicator as 'partial', so the indicator's status follows
from the documents the data holds."""
"""Each fact file's figures get ids of its own letter + line number, stable across builds."""
CORRECTABLE = ("year", "source_locator", "notes", "indicator", "status")
REGION_GEOS = ("ECA_REGION", "ASEAN_REGION")

# The four population series, each kept apart with its own year convention (SOURCES.md 1.1-1.3).
POPULATION_SERIES: dict[str, dict[str, str]] = {
    "population_total": {
        "series": "wb_total",
        "age_group": "total",
        "unit": "persons",
        "year_convention": "mid-year estimate (World Bank)",
    },
    "population_total_projection": {
        "series": "wpp_total",
        "age_group": "total",
        "unit": "thousand persons",
        "year_convention": "31 December of the year (= UN 1 January of the next year)",
    },
    "population_0_14": {
        "series": "wpp_0_14",
        "age_group": "0-14",
        "unit": "thousand persons",
        "year_convention": (
            "about mid-year (mean of 31 December of the year before and of the year)"
        ),
    },
    "population_0_17": {
        "series": "sowc_0_17",
        "age_group": "0-17",
        "unit": "thousand persons",
        "year_convention": "as published in SOWC 2023 (WPP 2022 Rev.1); convention not stated",
    },
}

_QUALIFIERS = {
    "approx.": "approx",
    "more than": "more_than",
    "at least": "at_least",
    "less than": "less_than",
    "estimate by source": "source_estimate",
}
# 'persons (more than, estimate by source)': the first qualifier is the one a reader sees
# beside the number; the source's own words stay in the notes.
_QUALIFIER = re.compile(
    r"^(?P<unit>.*?)\s*\((?P<q>approx\.|more than|at least|less than|estimate by source)"
    r"(?:, (?:approx\.|more than|at least|less than|estimate by source))*\)$"
)
UNIT_WORDING: dict[str, tuple[str, str | None]] = {
    "persons (a little over)": ("persons", "more_than"),
    "persons (about)": ("persons", "approx"),
    "persons (nearly)": ("persons", "approx"),
    "fraction (about)": ("fraction", "approx"),
    "fraction (more than; understaffing of established posts)": (
        "fraction of established posts unfilled",
        "more_than",
    ),
    "BGN per month (net, 'up to about')": ("BGN net per month", "approx"),
    "KGS per month (net, about)": ("KGS net per month", "approx"),
    "GEL per month (statutory target under the Law on Social Work)": ("GEL per month", None),
    "VND per month (starting salary)": ("VND per month", None),
    "GEL per year (full state grant, any accredited bachelor's programme)": ("GEL per year", None),
}
"""Units of additions-2026-12b.csv worded in their own way, as (unit, qualifier) in the words
of the other files: 'about', 'nearly' and 'a little over' become qualifiers; a pay's 'net'
stays in its unit, so that net pay is never paired with gross ('BGN net per month'); the rest
('statutory target', 'starting salary', 'any bachelor's programme', 'up to') is said by the
figure's label and caveat in measures.csv. A money unit is then '<currency> per month' or
'<currency> per year', as the Scenario lab reads it. The build fails on an entry no raw unit
uses, so that none outlives its figure."""
_RANGE = re.compile(r"^(?P<lo>\d+(?:\.\d+)?)-(?P<hi>\d+(?:\.\d+)?)$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_YEAR = re.compile(r"^\d{4}$")


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a raw CSV as a list of string dicts; each row gets '_line' (header = line 1)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = []
        reader = csv.DictReader(fh, restkey="_extra")
        for i, row in enumerate(reader, start=2):
            # A row with more or fewer cells than the header would shift its values into
            # the wrong columns (an unquoted comma): refuse it rather than build wrong data.
            if "_extra" in row or None in row.values():
                header = len(reader.fieldnames or [])
                raise DataError(
                    f"{path.name} line {reader.line_num}: the cells do not match the {header}"
                    " columns of the header; quote values that contain commas"
                )
            row["_line"] = str(i)
            rows.append(row)
    return rows


def apply_corrections(
    facts: list[dict[str, str]], corrections: list[dict[str, str]]
) -> list[dict[str, str]]:
    """Apply `corrections-2026-12.csv` to the rows of `country_facts.csv`, in file order.

    `row_match` ('ISO3 | indicator | value') must name exactly one row, and `old` must be the
    field's present value, so a correction cannot land on a row that has changed since it was
    written. `status` set to 'remove ...' withdraws the row (a figure with no sound source).
    Returns the rows kept."""
    removed: set[int] = set()
    for c in corrections:
        where = f"{CORRECTIONS} line {c['_line']}"
        parts = [p.strip() for p in c["row_match"].split("|")]
        if len(parts) != 3:
            raise DataError(f"{where}: row_match must be 'ISO3 | indicator | value'")
        hits = [
            i
            for i, r in enumerate(facts)
            if (r["iso3"], r["indicator"], r["value"]) == tuple(parts) and i not in removed
        ]
        if len(hits) != 1:
            raise DataError(f"{where}: {c['row_match']!r} matches {len(hits)} rows, not 1")
        field, row = c["field"], facts[hits[0]]
        if field not in CORRECTABLE:
            raise DataError(f"{where}: field {field!r} cannot be corrected")
        if field == "status":
            if not c["new"].startswith("remove"):
                raise DataError(f"{where}: status {c['new']!r} is not a removal")
            removed.add(hits[0])
            continue
        if row[field] != c["old"]:
            raise DataError(
                f"{where}: {field} of {c['row_match']!r} is {row[field]!r}, not {c['old']!r}"
            )
        row[field] = c["new"]
    return [r for i, r in enumerate(facts) if i not in removed]


def read_facts(raw_dir: Path) -> list[dict[str, str]]:
    """The sourced figures: `country_facts.csv` with its corrections applied, then the
    additions, in file order (`additions-2026-12.csv`, then `additions-2026-12b.csv`). Each
    row carries its file ('_file') and line ('_line')."""
    facts = read_csv(raw_dir / FACTS)
    columns = list(facts[0])[:-1]  # without '_line'
    for r in facts:
        r["_file"] = FACTS
    out = apply_corrections(facts, read_csv(raw_dir / CORRECTIONS))
    for name in (ADDITIONS, ADDITIONS_B):
        additions = read_csv(raw_dir / name)
        if list(additions[0])[:-1] != columns:
            raise DataError(f"{name}: the columns differ from {FACTS}")
        for r in additions:
            r["_file"] = name
        out += additions
    return out


def _none(text: str) -> str | None:
    text = text.strip()
    return text or None


def locator_base(locator: str) -> str:
    """The part of a row's locator that names the source (drops row/column/sheet details)."""
    if locator.startswith("github:"):
        locator = re.sub(r"\s*\(.*\)\s*$", "", locator)
        locator = re.sub(r", sheet.*$", "", locator)
    return locator


def parse_unit(unit: str) -> tuple[str, str | None]:
    """'persons (approx.)' -> ('persons', 'approx'); a unit of UNIT_WORDING as it says."""
    if unit.strip() in UNIT_WORDING:
        return UNIT_WORDING[unit.strip()]
    m = _QUALIFIER.match(unit.strip())
    if not m:
        return unit.strip(), None
    return m.group("unit"), _QUALIFIERS[m.group("q")]


def parse_value(raw: str) -> tuple[float | None, float | None, float | None, str | None]:
    """Return (value, low, high, text): a number, a range '8-12', or text such as 'draft'."""
    raw = raw.strip()
    if _NUMBER.match(raw):
        return float(raw), None, None, None
    m = _RANGE.match(raw)
    if m:
        return None, float(m.group("lo")), float(m.group("hi")), raw
    return None, None, None, raw or None


def parse_year(raw: str) -> tuple[int | None, str | None]:
    """Return (year, period): '2021' -> (2021, None); '2010-2021 (most recent)' -> (None, text)."""
    raw = raw.strip()
    if not raw:
        return None, None
    if _YEAR.match(raw):
        return int(raw), None
    return None, raw


def thousands_to_persons(raw: str, where: str) -> int:
    """Convert a value in thousands to whole persons exactly (3 decimals = persons)."""
    value = Decimal(raw) * 1000
    if value != value.to_integral_value():
        raise DataError(f"{where}: '{raw}' thousand is not a whole number of persons")
    return int(value)


def _frame(rows: Iterable[dict[str, object]], schema: TableSchema) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema.polars_schema(), orient="row")


def build_countries(raw_dir: Path) -> pl.DataFrame:
    rows = read_csv(raw_dir / "countries.csv")
    return _frame(({c.name: r[c.name] for c in COUNTRIES.columns} for r in rows), COUNTRIES).sort(
        "iso3"
    )


def build_indicators(raw_dir: Path) -> pl.DataFrame:
    rows = read_csv(raw_dir / "indicators.csv")
    out = []
    for r in rows:
        rec: dict[str, object] = {c.name: _none(r[c.name]) for c in INDICATORS.columns}
        rec["pillar"] = int(r["pillar"])
        rec["sort_order"] = int(r["sort_order"])
        out.append(rec)
    return _frame(out, INDICATORS).sort("sort_order")


class _Sources:
    """Resolve a row's locator to its source_id, exactly once per locator."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.rows = rows
        self.by_locator: dict[str, str] = {}
        for r in rows:
            if r["locator"] in self.by_locator:
                raise DataError(f"sources.csv line {r['_line']}: locator listed twice")
            self.by_locator[r["locator"]] = r["source_id"]

    def resolve(self, locator: str, where: str) -> str:
        base = locator_base(locator)
        try:
            return self.by_locator[base]
        except KeyError:
            raise DataError(f"{where}: no source in sources.csv for locator '{base}'") from None


def build_population(facts: list[dict[str, str]], sources: _Sources) -> pl.DataFrame:
    out = []
    for r in facts:
        spec = POPULATION_SERIES.get(r["indicator"])
        if spec is None:
            continue
        where = f"{r['_file']} line {r['_line']}"
        if r["unit"] != spec["unit"]:
            raise DataError(f"{where}: unit '{r['unit']}', expected '{spec['unit']}'")
        if spec["unit"] == "persons":
            persons = int(Decimal(r["value"]))
        else:
            persons = thousands_to_persons(r["value"], where)
        notes = r["notes"].lower()
        variant = (
            "projection" if "projection" in notes or spec["series"] == "wpp_total" else "estimate"
        )
        out.append(
            {
                "iso3": r["iso3"],
                "series": spec["series"],
                "age_group": spec["age_group"],
                "year": int(r["year"]),
                "persons": persons,
                "variant": variant,
                "year_convention": spec["year_convention"],
                "source_id": sources.resolve(r["source_locator"], where),
                "locator": r["source_locator"],
                "source_row": int(r["_line"]),
            }
        )
    return _frame(out, POPULATION).sort("iso3", "series", "year")


def _mapping(measures: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = {}
    for m in measures:
        key = (m["geo"], m["measure"])
        if key in out:
            raise DataError(f"measures.csv line {m['_line']}: {key} is mapped twice")
        link = m["link"]
        where = f"measures.csv line {m['_line']}"
        if link == "indicator" and not (m["indicator_id"] and m["coverage"]):
            raise DataError(f"{where}: an indicator link needs indicator_id and coverage")
        if link == "context" and (m["indicator_id"] or m["coverage"] or not m["pillar"]):
            raise DataError(f"{where}: a context row has a pillar and no indicator or coverage")
        out[key] = m
    return out


def build_observations(
    facts: list[dict[str, str]],
    measures: list[dict[str, str]],
    sources: _Sources,
    pillar_of: dict[str, int],
) -> pl.DataFrame:
    mapping = _mapping(measures)
    used: set[tuple[str, str]] = set()
    out = []
    for r in facts:
        if r["indicator"] in POPULATION_SERIES:
            continue
        where = f"{r['_file']} line {r['_line']}"
        key = (r["iso3"], r["indicator"])
        m = mapping.get(key)
        if m is None:
            m = mapping.get(("*", r["indicator"]))
            key = ("*", r["indicator"])
        if m is None:
            raise DataError(
                f"{where}: measure {r['indicator']!r} of {r['iso3']} is not in measures.csv"
            )
        used.add(key)
        value, low, high, text = parse_value(r["value"])
        unit, qualifier = parse_unit(r["unit"])
        year, period = parse_year(r["year"])
        reliability = m["reliability"]
        coverage = _none(m["coverage"])
        # A figure without a year, or of low reliability, can only partly answer an indicator.
        if coverage == "reported" and (year is None or reliability == "low"):
            coverage = "partial"
        indicator_id, link, topic = _none(m["indicator_id"]), m["link"], _none(m["topic"])
        if r["indicator"] in DOCUMENT_EVIDENCE:
            indicator_id, link, topic = DOCUMENT_EVIDENCE[r["indicator"]], "indicator", None
            coverage = "partial"
        pillar = pillar_of[indicator_id] if indicator_id else int(m["pillar"])
        category = int(m["category"]) if m["category"] else None
        if category is not None and not 1 <= category <= 6:
            raise DataError(f"measures.csv line {m['_line']}: category {category} is not 1-6")
        out.append(
            {
                "obs_id": f"{OBS_PREFIX[r['_file']]}{int(r['_line']):04d}",
                "source_file": r["_file"],
                "source_row": int(r["_line"]),
                "geo": r["iso3"],
                "measure": r["indicator"],
                "link": link,
                "indicator_id": indicator_id,
                "category": category,
                "coverage": coverage,
                "std_measure": _none(m["std_measure"]),
                "topic": topic,
                "pillar": pillar,
                "scope": _none(m["scope"]),
                "label_en": m["label_en"],
                "source_label": _none(m["source_label"]),
                "comparability_en": _none(m["comparability_en"]),
                "reliability": reliability,
                "value": value,
                "value_low": low,
                "value_high": high,
                "value_text": text,
                "unit": unit,
                "qualifier": qualifier,
                "year": year,
                "period": period,
                "source_id": sources.resolve(r["source_locator"], where),
                "locator": r["source_locator"],
                "notes": _none(r["notes"]),
                "sex": None,
                "area": None,
                "client_group": None,
                "serves": _none(m["serves"]),
                "origin": "shipped",
            }
        )
    unused = set(mapping) - used
    if unused:
        raise DataError(f"measures.csv maps figures that do not exist: {sorted(unused)}")
    return _frame(out, OBSERVATIONS).sort("obs_id")


def build_sources(sources: _Sources, cited: pl.Series) -> pl.DataFrame:
    counts = cited.value_counts()
    n_by_id = dict(zip(counts.get_column(cited.name), counts.get_column("count"), strict=True))
    out = []
    for r in sources.rows:
        n = n_by_id.get(r["source_id"], 0)
        if n == 0:
            raise DataError(
                f"sources.csv line {r['_line']}: source {r['source_id']} is cited by no figure"
            )
        out.append(
            {
                "source_id": r["source_id"],
                "title": r["title"],
                "publisher": r["publisher"],
                "pub_year": int(r["pub_year"]) if r["pub_year"] else None,
                "source_type": r["source_type"],
                "licence": _none(r["licence"]),
                "tier": r["tier"],
                "locator": r["locator"],
                "n_figures": n,
                "origin": "shipped",
            }
        )
    return _frame(out, SOURCES).sort("source_id")


def data_texts(indicators: pl.DataFrame, observations: pl.DataFrame) -> set[str]:
    """The English texts of the data that a reader sees: indicator names, definitions and
    units; figure labels, caveats, units, worded values and periods ('2010-2021 (most
    recent)')."""
    texts: set[str] = set()
    for frame, columns in (
        (indicators, ("unit_en", "name_en", "definition_en")),
        (observations, ("label_en", "comparability_en", "unit", "value_text", "period")),
    ):
        for col in columns:
            texts.update(v for v in frame[col].drop_nulls().to_list() if v)
    return texts


def build_texts(raw_dir: Path, known: set[str]) -> pl.DataFrame:
    rows: list[dict[str, object]] = []
    for lang in TEXT_LANGS:
        path = raw_dir / "i18n" / f"{lang}.csv"
        if not path.exists():
            continue
        seen: set[str] = set()
        for r in read_csv(path):
            where = f"i18n/{lang}.csv line {r['_line']}"
            en, text = r.get("en", ""), r.get("text", "").strip()
            if en not in known:
                raise DataError(f"{where}: {en[:60]!r} is not a text of the data (changed?)")
            if en in seen:
                raise DataError(f"{where}: {en[:60]!r} is translated twice")
            seen.add(en)
            if text:
                rows.append({"lang": lang, "en": en, "text": text})
    return _frame(rows, TEXTS).sort("lang", "en")


def build_all(raw_dir: Path = paths.RAW_DIR) -> dict[str, pl.DataFrame]:
    """Build every table from the raw inputs; checked against its schema. Pure: writes nothing."""
    facts = read_facts(raw_dir)
    sources = _Sources(read_csv(raw_dir / "sources.csv"))
    countries = build_countries(raw_dir)
    indicators = build_indicators(raw_dir)
    pillar_of = dict(
        zip(indicators["indicator_id"].to_list(), indicators["pillar"].to_list(), strict=True)
    )
    unused = set(UNIT_WORDING) - {r["unit"].strip() for r in facts}
    if unused:
        raise DataError(f"UNIT_WORDING names units no figure has: {sorted(unused)}")
    known = set(countries["iso3"].to_list()) | set(REGION_GEOS)
    for r in facts:
        if r["iso3"] not in known:
            raise DataError(f"{r['_file']} line {r['_line']}: unknown country code {r['iso3']!r}")
    population = build_population(facts, sources)
    observations = build_observations(facts, read_csv(raw_dir / "measures.csv"), sources, pillar_of)
    cited = pl.concat([population["source_id"], observations["source_id"]])
    tables = {
        "countries": countries,
        "population": population,
        "indicators": indicators,
        "observations": observations,
        "sources": build_sources(sources, cited),
        "texts": build_texts(raw_dir, data_texts(indicators, observations)),
    }
    for schema in ALL_TABLES:
        check_frame(tables[schema.name], schema, f"build of {schema.filename}")
    missing = set(countries["iso3"]) - set(
        population.filter(pl.col("series") == "wb_total")["iso3"]
    )
    if missing:
        raise DataError(f"no World Bank population for {sorted(missing)}")
    return tables


def write_all(tables: dict[str, pl.DataFrame], out_dir: Path) -> list[Path]:
    """Write each table as <name>.parquet; write-then-rename so a reader never sees half a file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for schema in ALL_TABLES:
        target = out_dir / schema.filename
        tmp = target.with_suffix(".parquet.tmp")
        tables[schema.name].write_parquet(tmp, compression="zstd", statistics=False)
        tmp.replace(target)
        written.append(target)
    return written


def differences(built: dict[str, pl.DataFrame], data_dir: Path) -> list[str]:
    """Describe how the Parquet files in `data_dir` differ from `built` (empty = identical)."""
    diffs = []
    for schema in ALL_TABLES:
        path = data_dir / schema.filename
        if not path.exists():
            diffs.append(f"{path}: missing")
            continue
        on_disk = pl.read_parquet(path)
        if not on_disk.equals(built[schema.name]):
            diffs.append(f"{path}: differs from a fresh build")
    return diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--raw", type=Path, default=paths.RAW_DIR, help="raw input directory")
    parser.add_argument("--out", type=Path, default=paths.DEFAULT_DATA_DIR, help="output directory")
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = parser.parse_args(argv)
    try:
        tables = build_all(args.raw)
    except DataError as exc:
        print(f"build failed:\n{exc}", file=sys.stderr)
        return 2
    if args.check:
        diffs = differences(tables, args.out)
        for d in diffs:
            print(d, file=sys.stderr)
        if not diffs:
            print(f"{args.out}: identical to a fresh build")
        return 1 if diffs else 0
    with tempfile.TemporaryDirectory():
        for path in write_all(tables, args.out):
            print(f"wrote {path} ({tables[path.stem].height} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
