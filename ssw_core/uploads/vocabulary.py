"""The vocabulary of a country's own figures: the measures a ministry can upload (each with
its indicator, unit, allowed categories and breakdowns, and the role it plays in computed values
and in the scenario baseline), the columns of the template, the schema of stored figures, and
`Problem`, how anything wrong with a file is reported (a code with arguments, never text: the app
words it in the user's language)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

from ssw_core.schema import AREAS, CLIENT_GROUPS, SEXES, Column, TableSchema

Kind = Literal["count", "percent", "money", "yesno", "steps"]
Severity = Literal["error", "warning"]


MAX_BYTES = 5 * 1024 * 1024
"""Largest file accepted [bytes]: a template for all 34 countries is about 150 KB."""
MAX_ROWS = 20_000
FIRST_YEAR = 1990


@dataclass(frozen=True)
class Measure:
    id: str
    indicator_id: str | None
    """The indicator it measures; None for context (shown on `pillar`'s page as `topic`)."""
    kind: Kind
    unit: str
    """Canonical unit; for money, the currency code given in the row comes first."""
    label_en: str
    categories: tuple[int, ...] = ()
    """Categories a row may name (empty: none)."""
    category_required: bool = False
    breakdowns: tuple[str, ...] = ()
    """Which of sex, area, client_group a row may split by."""
    role: str | None = None
    """std_measure role of a total row (no breakdown): pairs in computed values and feeds
    the scenario baseline (see derive.py, baseline.py)."""
    warn_above: float | None = None
    """A value above this is accepted with a warning (probably a typo or another unit)."""
    topic: str | None = None
    pillar: int | None = None


_WORKFORCE = ("sex", "area", "client_group")
MEASURES: tuple[Measure, ...] = (
    Measure(
        "staff",
        "core3",
        "count",
        "persons",
        "Staff in post (head count)",
        (1, 2, 3, 4, 5, 6),
        True,
        _WORKFORCE,
        "staff_in_post",
        1_000_000,
    ),
    Measure(
        "caseholding_staff",
        "other2a",
        "count",
        "persons",
        "Staff holding the open cases (categories 1, 2 and 6)",
        (1, 2, 6),
        False,
        ("area", "client_group"),
        "caseholding_staff",
        1_000_000,
    ),
    Measure(
        "open_cases",
        "other2a",
        "count",
        "cases",
        "Open cases held by those staff",
        (),
        False,
        ("area", "client_group"),
        "open_cases",
        100_000_000,
    ),
    Measure(
        "posts_total",
        "other4a",
        "count",
        "posts",
        "Posts (filled and vacant)",
        (1, 2, 3, 6),
        False,
        ("area",),
        "posts_total",
        1_000_000,
    ),
    Measure(
        "posts_vacant",
        "other4a",
        "count",
        "posts",
        "Vacant posts",
        (1, 2, 3, 6),
        False,
        ("area",),
        "posts_vacant",
        1_000_000,
    ),
    Measure(
        "leavers",
        "other4a",
        "count",
        "persons per year",
        "Staff who left during the year",
        (1, 2, 3, 6),
        False,
        ("sex", "area"),
        "leavers",
        1_000_000,
    ),
    Measure(
        "required_posts",
        None,
        "count",
        "posts",
        "Posts needed, national estimate",
        (1, 2, 3, 6),
        False,
        (),
        "required_posts",
        1_000_000,
        "workforce_need",
        2,
    ),
    Measure(
        "graduates",
        "other2b",
        "count",
        "persons per year",
        "Social-work graduates in the year",
        (1, 2),
        False,
        ("sex",),
        "graduates",
        1_000_000,
    ),
    Measure(
        "graduates_entering",
        "other2b",
        "percent",
        "%",
        "Share of graduates who took up a post in the workforce",
        (1, 2),
        False,
        (),
        "graduate_entry_share",
    ),
    Measure(
        "graduates_retained",
        "other2b",
        "percent",
        "%",
        "Share of graduates still in the workforce after three years",
        (1, 2),
    ),
    Measure(
        "cat6_qualified",
        "other3a",
        "count",
        "persons per year",
        "Category 6 practitioners who gained a social-work qualification",
        (6,),
        False,
        ("sex",),
        None,
        100_000,
    ),
    Measure(
        "cat6_redundant",
        "other3a",
        "count",
        "persons per year",
        "Category 6 practitioners made redundant",
        (6,),
        False,
        (),
        None,
        100_000,
    ),
    Measure(
        "share_unqualified",
        "core3",
        "percent",
        "%",
        "Share of social-work posts held without a social-work qualification (Category 6)",
        (),
        False,
        (),
        "share_unqualified",
    ),
    Measure(
        "study_place_cost",
        None,
        "money",
        "per year",
        "Price of a study place in social work for a year",
        (),
        False,
        (),
        "study_place_cost",
        1e9,
        topic="education",
        pillar=3,
    ),
    Measure(
        "pay_sw",
        "core7",
        "money",
        "per year",
        "Average gross pay per person (statutory social workers, or the category named)",
        (1, 2, 3, 6),
        False,
        ("sex",),
        "pay_sw",
        1e9,
    ),
    Measure(
        "pay_teachers",
        "core7",
        "money",
        "per year",
        "Average gross pay of teachers",
        (),
        False,
        (),
        "pay_teachers",
        1e9,
    ),
    Measure(
        "pay_health",
        "core7",
        "money",
        "per year",
        "Average gross pay of health workers",
        (),
        False,
        (),
        "pay_health",
        1e9,
    ),
    Measure(
        "plan_steps",
        "core2",
        "steps",
        "steps completed (0-5)",
        "Steps of the workforce planning cycle completed (0-5)",
    ),
    Measure(
        "def_categories",
        "core1",
        "yesno",
        "yes/no",
        "Agreed national definition of the six workforce categories",
    ),
    Measure(
        "curriculum_review",
        "core4",
        "yesno",
        "yes/no",
        "Social-work curricula reviewed against international standards in the last 10 years",
    ),
    Measure(
        "cpd_standards",
        "core5",
        "yesno",
        "yes/no",
        "Standards for continuing professional development in place",
    ),
    Measure(
        "competency_education",
        "core6",
        "yesno",
        "yes/no",
        "Competency-based pre-service education standards in place",
    ),
    Measure(
        "ethics_supervision",
        "other4b",
        "yesno",
        "yes/no",
        "Ethics and supervision standards in place and enforced",
    ),
    Measure("safe_outreach", "other4c", "yesno", "yes/no", "Safe outreach at no cost to workers"),
    Measure(
        "allied_competencies",
        "core8",
        "yesno",
        "yes/no",
        "Core competencies in the job descriptions of categories 4 and 5",
    ),
)
BY_ID = {m.id: m for m in MEASURES}
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "area": AREAS,
    "client_group": CLIENT_GROUPS,
}
RELIABILITIES = ("standard", "low")

REQUIRED_COLUMNS = ("country", "measure", "year", "value", "source_title", "source_publisher")
OPTIONAL_COLUMNS = (
    "category",
    "sex",
    "area",
    "client_group",
    "unit",
    "source_year",
    "locator",
    "reliability",
    "notes",
)
REFERENCE_COLUMNS = (
    "country_name",
    "measure_label",
    "current_value",
    "current_year",
    "current_source",
)
"""Columns the template fills for the reader; ignored on upload."""
TEMPLATE_COLUMNS = (
    "country",
    "country_name",
    "measure",
    "measure_label",
    "category",
    "sex",
    "area",
    "client_group",
    "year",
    "value",
    "unit",
    "source_title",
    "source_publisher",
    "source_year",
    "locator",
    "reliability",
    "notes",
    "current_value",
    "current_year",
    "current_source",
)

S, I32, F64 = pl.String, pl.Int32, pl.Float64
FIGURES = TableSchema(
    "figures",
    (
        Column("row", I32, False, doc="line (CSV) or row (Excel) in the uploaded file"),
        Column("country", S, False),
        Column("measure", S, False, tuple(BY_ID)),
        Column("category", I32, True),
        Column("sex", S, True, SEXES),
        Column("area", S, True, AREAS),
        Column("client_group", S, True, CLIENT_GROUPS),
        Column("year", I32, False),
        Column("value", F64, False),
        Column("value_text", S, True),
        Column("unit", S, False),
        Column("source_title", S, False),
        Column("source_publisher", S, False),
        Column("source_year", I32, True),
        Column("locator", S, True),
        Column("reliability", S, False, RELIABILITIES),
        Column("notes", S, True),
    ),
    key=("country", "measure", "category", "sex", "area", "client_group", "year"),
    doc="Validated uploaded figures, as stored in a version (userstore.py).",
)
KEY = FIGURES.key


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error: blocks the upload) or odd (warning) in an uploaded file.
    `code` is a message key (upload.problem.<code>); `row` is the line or sheet row the user
    sees, counting the header as 1; `column` is the column's name."""

    severity: Severity
    code: str
    row: int | None = None
    column: str | None = None
    args: Mapping[str, Any] = field(default_factory=dict)


def plain_number(value: float | None) -> str:
    """A number as a file would hold it: 12 (not 12.0), 0.25."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
