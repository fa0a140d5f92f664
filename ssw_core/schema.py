"""One schema per Parquet file: the contract between the build and every reader.

`check_frame` is called by the build before writing and by the store after reading, so a
bad file fails at the boundary with a message naming the file, the column and the type.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


class DataError(Exception):
    """A data file is missing, unreadable or does not match its schema."""


@dataclass(frozen=True)
class Column:
    name: str
    dtype: type[pl.DataType] | pl.DataType
    nullable: bool = True
    allowed: tuple[str, ...] | None = None  # closed vocabulary for String columns
    doc: str = ""


@dataclass(frozen=True)
class TableSchema:
    name: str  # table name in DuckDB and file stem: <name>.parquet
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.parquet"

    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: _instance(c.dtype) for c in self.columns}


def _instance(dtype: type[pl.DataType] | pl.DataType) -> pl.DataType:
    return dtype() if isinstance(dtype, type) else dtype


REGIONS = ("eca", "asean")
SERIES = ("wb_total", "wpp_total", "wpp_0_14", "sowc_0_17")
COVERAGE = ("reported", "partial")
ORIGINS = ("shipped", "uploaded")
"""Shipped with the dashboard (data/), or uploaded by its users (SSW_USER_DATA_DIR)."""
SEXES = ("female", "male")
AREAS = ("urban", "rural")
CLIENT_GROUPS = ("children", "adults")
SERVES = ("children", "adults")
"""Breakdowns of a figure; empty means the total."""
RELIABILITY = ("standard", "low")
LINKS = ("indicator", "context")
QUALIFIERS = ("approx", "more_than", "at_least", "less_than", "source_estimate")
STD_MEASURES = (
    "pay_sw",
    "pay_sw_low",
    "pay_sw_high",
    "pay_teachers",
    "pay_health",
    "posts_total",
    "posts_vacant",
    "staff_in_post",
    "open_cases",
    "caseholding_staff",
    "sw_qualified",
    "share_unqualified",
    "share_qualified",
    "required_posts",
    "paraprofessionals",
    "leavers",
    "graduates",
    "graduate_entry_share",
    "study_place_cost",
)
TOPICS = (
    "alternative_care",
    "legal_framework",
    "profession",
    "education",
    "workforce_need",
    "workforce_support",
    "services",
    "other_staff",
    "pay",
    "allied",
    "regional",
)
SOURCE_TYPES = (
    "statistical_database",
    "international_org",
    "government",
    "legal_text",
    "news",
    "professional_body",
    "academic",
    "ngo",
    "secondary_web",
    "user_declared",
)
TIERS = ("official", "international", "press_research", "other", "declared")
"""Source quality, best first: official statistics or a ministry (government, legal texts,
statutory bodies); an international organisation; peer-reviewed research or reputable press;
other (associations, NGOs, web pages without a primary source). 'declared': an uploader's own
source, which the uploader vouches for."""
INDICATOR_IDS = (
    "core1",
    "core2",
    "core3",
    "other2a",
    "other2b",
    "core4",
    "core5",
    "core6",
    "other3a",
    "core7",
    "other4a",
    "other4b",
    "other4c",
    "core8",
)

S, I32, I64, F64 = pl.String, pl.Int32, pl.Int64, pl.Float64

COUNTRIES = TableSchema(
    "countries",
    (
        Column("iso3", S, False, doc="ISO 3166-1 alpha-3 (XKX for Kosovo, as the World Bank uses)"),
        Column("iso2", S, False, doc="ISO 3166-1 alpha-2 (XK for Kosovo), for localised names"),
        Column(
            "region", S, False, REGIONS, "eca = Europe & Central Asia; asean = ASEAN + MNG + TLS"
        ),
        Column("name_en", S, False, doc="English name as the sources write it"),
    ),
    key=("iso3",),
    doc="The 34 countries and territories the dashboard covers.",
)

POPULATION = TableSchema(
    "population",
    (
        Column("iso3", S, False),
        Column("series", S, False, SERIES, "which source series; never mix two in one rate"),
        Column("age_group", S, False, ("total", "0-14", "0-17")),
        Column("year", I32, False),
        Column("persons", I64, False, doc="[persons]; thousands in the source x 1000, exact"),
        Column("variant", S, False, ("estimate", "projection")),
        Column("year_convention", S, False, doc="what 'year' means in this series"),
        Column("source_id", S, False),
        Column("locator", S, False, doc="file, commit and row/column of the figure"),
        Column("source_row", I32, False, doc="line in data/raw/country_facts.csv (header = 1)"),
    ),
    key=("iso3", "series", "year"),
    doc="Population denominators, one row per country, series and year.",
)

INDICATORS = TableSchema(
    "indicators",
    (
        Column("indicator_id", S, False, INDICATOR_IDS),
        Column("pillar", I32, False),
        Column("kind", S, False, ("core", "other")),
        Column("code", S, False, doc="label in the Call to Action, e.g. 'Core 3'"),
        Column("sort_order", I32, False),
        Column("value_type", S, False, ("standard", "steps", "count", "ratio", "share")),
        Column("categories", S, True, doc="workforce categories it covers, ';'-separated"),
        Column("unit_en", S, False),
        Column("formula_ref", S, True, doc="section of docs/method.md with the formula"),
        Column("name_en", S, False),
        Column("definition_en", S, False, doc="in our own words, after Annex 1 of the Call"),
    ),
    key=("indicator_id",),
    doc="The 14 indicators of the regional monitoring framework (Annex 1).",
)

OBSERVATIONS = TableSchema(
    "observations",
    (
        Column("obs_id", S, False, doc="file letter + source_row, stable across builds"),
        Column("source_file", S, True, doc="the raw file of the figure (empty when uploaded)"),
        Column("source_row", I32, False, doc="line in source_file, or row of the upload"),
        Column("geo", S, False, doc="ISO3, or ECA_REGION / ASEAN_REGION for regional figures"),
        Column("measure", S, False, doc="what the figure counts, as named in the raw file"),
        Column("link", S, False, LINKS),
        Column("indicator_id", S, True, INDICATOR_IDS),
        Column("category", I32, True, doc="workforce category 1-6 where the link is sound"),
        Column("coverage", S, True, COVERAGE),
        Column("std_measure", S, True, STD_MEASURES, "role in a computed indicator"),
        Column("topic", S, True, TOPICS),
        Column("pillar", I32, False),
        Column("scope", S, True, doc="part of the system covered, if not national"),
        Column("label_en", S, False),
        Column("source_label", S, True, doc="the source's own term, in its language"),
        Column("comparability_en", S, True),
        Column("reliability", S, False, RELIABILITY),
        Column("value", F64, True),
        Column("value_low", F64, True),
        Column("value_high", F64, True),
        Column("value_text", S, True),
        Column("unit", S, False),
        Column("qualifier", S, True, QUALIFIERS),
        Column("year", I32, True),
        Column("period", S, True, doc="when the source gives a span instead of a year"),
        Column("source_id", S, False),
        Column("locator", S, False),
        Column("notes", S, True),
        Column("sex", S, True, SEXES, "breakdown; empty = both"),
        Column("area", S, True, AREAS, "breakdown; empty = whole country"),
        Column("client_group", S, True, CLIENT_GROUPS, "breakdown; empty = all clients"),
        Column("serves", S, True, SERVES, "whom the people counted serve; empty = all ages"),
        Column("origin", S, False, ORIGINS),
    ),
    key=("obs_id",),
    doc="Every sourced figure other than population, in long form.",
)

SOURCES = TableSchema(
    "sources",
    (
        Column("source_id", S, False),
        Column("title", S, False),
        Column("publisher", S, False),
        Column("pub_year", I32, True),
        Column("source_type", S, False, SOURCE_TYPES),
        Column("licence", S, True),
        Column("tier", S, False, TIERS, "source quality, best first (TIERS)"),
        Column(
            "locator",
            S,
            False,
            doc="URL, repository/path@commit for data files, or the item in words where no"
            " address is known",
        ),
        Column("n_figures", I32, False, doc="rows of population + observations citing it"),
        Column("origin", S, False, ORIGINS),
    ),
    key=("source_id",),
    doc="Every source cited by a figure.",
)

TEXT_LANGS = ("ru", "ro")

TEXTS = TableSchema(
    "texts",
    (
        Column("lang", S, False, TEXT_LANGS),
        Column("en", S, False, doc="an English data text exactly as the other tables hold it"),
        Column("text", S, False, doc="its translation"),
    ),
    key=("lang", "en"),
    doc="Translations of the data's own texts (labels, caveats, definitions, units), from "
    "data/raw/i18n/<lang>.csv. A text without one is shown in English.",
)

ALL_TABLES: tuple[TableSchema, ...] = (
    COUNTRIES,
    POPULATION,
    INDICATORS,
    OBSERVATIONS,
    SOURCES,
    TEXTS,
)


def check_frame(df: pl.DataFrame, schema: TableSchema, where: str) -> None:
    """Raise DataError if `df` does not match `schema`; `where` names the file in the message."""
    problems: list[str] = []
    for col in schema.columns:
        if col.name not in df.columns:
            problems.append(
                f"{where}: column '{col.name}' is missing (expected {_instance(col.dtype)})"
            )
            continue
        found = df.schema[col.name]
        expected = _instance(col.dtype)
        if found != expected:
            problems.append(f"{where}: column '{col.name}' expected type {expected}, found {found}")
            continue
        series = df.get_column(col.name)
        if not col.nullable and series.null_count():
            first = series.is_null().arg_true()[0]
            problems.append(f"{where}: column '{col.name}' has an empty value (row {first + 1})")
        if col.allowed is not None:
            bad = series.drop_nulls().filter(~series.drop_nulls().is_in(col.allowed)).unique()
            if bad.len():
                allowed = ", ".join(col.allowed)
                problems.append(
                    f"{where}: column '{col.name}' has value(s) {sorted(bad.to_list())[:5]}"
                    f" outside the allowed set ({allowed})"
                )
    if not problems and schema.key:
        dup = df.group_by(list(schema.key)).len().filter(pl.col("len") > 1)
        if dup.height:
            problems.append(f"{where}: duplicate key {list(schema.key)}: {dup.row(0)[:-1]}")
    if problems:
        raise DataError("\n".join(problems))
