"""The data build: reproducible, complete (every raw row lands once), and strict."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from ssw_build import data as build
from ssw_core.schema import DataError

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
SHARED = REPO.parent / "shared" / "data-sources"


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return build.build_all(RAW)


def test_committed_parquet_equals_a_fresh_build(tables):
    assert build.differences(tables, REPO / "data") == []


def test_write_is_byte_reproducible(tables, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build.write_all(tables, a)
    build.write_all(build.build_all(RAW), b)
    for f in sorted(a.glob("*.parquet")):
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name


@pytest.mark.skipif(not SHARED.exists(), reason="shared/data-sources not present")
def test_raw_facts_are_a_verbatim_copy_of_shared():
    for name in (
        "country_facts.csv",
        "SOURCES.md",
        "additions-2026-12.csv",
        "corrections-2026-12.csv",
        "SOURCES-2026-12.md",
        "EVIDENCE-2026-12.md",
        "additions-2026-12b.csv",
        "SOURCES-2026-12b.md",
        "EVIDENCE-2026-12b.md",
    ):
        assert (RAW / name).read_bytes() == (SHARED / name).read_bytes(), name


def _n_rows(name: str) -> int:
    with (RAW / name).open(encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def test_every_raw_row_lands_exactly_once(tables):
    """Every row of the facts lands once, but the one the corrections withdraw (Ukraine's
    250,000: a crowdfunding page); every addition lands once, with its own ids ('a' for the
    first December additions, 'b' for the second)."""
    n_facts, n_added = _n_rows("country_facts.csv"), _n_rows("additions-2026-12.csv")
    n_added_b = _n_rows("additions-2026-12b.csv")
    assert (n_facts, n_added, n_added_b) == (913, 88, 38)
    obs = tables["observations"]
    facts = pl.concat(
        [
            tables["population"]["source_row"],
            obs.filter(pl.col("source_file") == "country_facts.csv")["source_row"],
        ]
    )
    withdrawn = 2 + next(
        i
        for i, r in enumerate(csv.DictReader((RAW / "country_facts.csv").open(encoding="utf-8")))
        if (r["iso3"], r["indicator"], r["value"]) == ("UKR", "social_workers_total", "250000")
    )
    assert sorted(facts.to_list()) == [i for i in range(2, n_facts + 2) if i != withdrawn]
    for name, n, prefix in (
        ("additions-2026-12.csv", n_added, "a"),
        ("additions-2026-12b.csv", n_added_b, "b"),
    ):
        added = obs.filter(pl.col("source_file") == name)
        assert sorted(added["source_row"].to_list()) == list(range(2, n + 2))
        assert added["obs_id"].to_list() == [f"{prefix}{i:04d}" for i in range(2, n + 2)]
    assert obs["obs_id"].n_unique() == obs.height


def test_corrections_are_applied(tables):
    obs = tables["observations"]
    kgz = obs.filter((pl.col("geo") == "KGZ") & (pl.col("value") == 867)).row(0, named=True)
    assert (kgz["year"], kgz["measure"]) == (2025, "social_workers_homecare")
    assert kgz["locator"].startswith("https://kant.kg/2025-10-02/")
    # Renamed for the series: Belarus's and Kyrgyzstan's 'social workers' are home care
    assert (
        obs.filter(pl.col("measure") == "social_workers_total")["geo"].to_list().count("BLR") == 0
    )
    assert obs.filter((pl.col("geo") == "UKR") & (pl.col("value") == 250000)).is_empty()
    mys = obs.filter((pl.col("geo") == "MYS") & (pl.col("value") == 8756)).row(0, named=True)
    assert mys["notes"].startswith("CONFLICTING FIGURE")


def test_a_correction_that_no_longer_matches_its_row_fails(tmp_path):
    raw = _raw_copy(tmp_path)
    path = raw / "corrections-2026-12.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "KGZ | social_workers_homecare | 867,year,,2025",
            "KGZ | social_workers_homecare | 867,year,2024,2025",
            1,
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        DataError, match=r"corrections-2026-12.csv line 2: year of .* is '', not '2024'"
    ):
        build.build_all(raw)


def test_table_sizes(tables):
    assert tables["countries"].height == 34
    assert tables["countries"].group_by("region").len().sort("region").rows() == [
        ("asean", 12),
        ("eca", 22),
    ]
    assert tables["indicators"].height == 14
    assert tables["indicators"].filter(pl.col("kind") == "core").height == 8
    assert tables["sources"].height == 134 + 28
    assert tables["sources"]["n_figures"].sum() == 912 + 88 + 38


def test_population_series_are_kept_apart(tables):
    pop = tables["population"]
    per_series = dict(pop.group_by("series").len().rows())
    # World Bank 2015-2024 x 34; WPP totals 2024-2030 x 34; WPP 0-14 4 years x 34; SOWC 0-17 x 33
    assert per_series == {"wb_total": 340, "wpp_total": 238, "wpp_0_14": 136, "sowc_0_17": 33}
    assert "XKX" not in pop.filter(pl.col("series") == "sowc_0_17")["iso3"].to_list()
    # Each series has one source family and one year convention.
    assert (
        pop.group_by("series").agg(pl.col("year_convention").n_unique())["year_convention"].max()
        == 1
    )


def test_thousands_are_converted_exactly(tables):
    pop = tables["population"]
    # ALB,population_total_projection,2781.868 thousand (2024) -> 2,781,868 persons
    alb = pop.filter(
        (pl.col("iso3") == "ALB") & (pl.col("series") == "wpp_total") & (pl.col("year") == 2024)
    )
    assert alb["persons"].item() == 2_781_868
    # ALB,population_0_17,574.388 thousand (2021) -> 574,388 persons
    alb17 = pop.filter((pl.col("iso3") == "ALB") & (pl.col("series") == "sowc_0_17"))
    assert alb17["persons"].item() == 574_388


def test_observation_parsing(tables):
    obs = tables["observations"].filter(pl.col("geo") == "KGZ")
    rng = obs.filter(pl.col("measure") == "caseload_clients_per_social_worker").row(0, named=True)
    assert (rng["value"], rng["value_low"], rng["value_high"], rng["value_text"]) == (
        None,
        8,
        12,
        "8-12",
    )
    approx = (
        tables["observations"]
        .filter((pl.col("geo") == "BLR") & (pl.col("measure") == "social_workers_homecare"))
        .sort("year")
        .row(0, named=True)
    )
    assert (approx["value"], approx["unit"], approx["qualifier"], approx["year"]) == (
        14000,
        "persons",
        "approx",
        2023,
    )
    sowc = tables["observations"].filter(pl.col("measure") == "children_residential_care_per_100k")
    assert set(sowc.filter(pl.col("geo") != "ECA_REGION")["period"]) == {"2010-2021 (most recent)"}


def test_undated_or_low_reliability_figures_are_never_reported(tables):
    linked = tables["observations"].filter(pl.col("link") == "indicator")
    reported = linked.filter(pl.col("coverage") == "reported")
    assert reported["year"].null_count() == 0
    assert (reported["reliability"] == "low").sum() == 0
    low = linked.filter(pl.col("reliability") == "low").sort("geo")
    # Ukraine's 250,000 (a crowdfunding page) is withdrawn; Viet Nam's 70,000 (a careers page,
    # no primary source found) is flagged by the December corrections
    assert low.select("geo", "value").rows() == [("ARM", 4000.0), ("VNM", 70000.0)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("persons (approx.)", ("persons", "approx")),
        ("open cases (more than)", ("open cases", "more_than")),
        ("persons (estimate by source)", ("persons", "source_estimate")),
        ("persons (at least)", ("persons", "at_least")),
        ("persons (more than, estimate by source)", ("persons", "more_than")),
        ("centres (average per year)", ("centres (average per year)", None)),
        ("clients per worker", ("clients per worker", None)),
        # worded units of the second December additions (build.UNIT_WORDING)
        ("persons (a little over)", ("persons", "more_than")),
        ("persons (specialists)", ("persons (specialists)", None)),
        ("KGS per month (net, about)", ("KGS net per month", "approx")),
        ("VND per month (starting salary)", ("VND per month", None)),
    ],
)
def test_parse_unit(raw, expected):
    assert build.parse_unit(raw) == expected


def test_a_unit_wording_no_figure_uses_fails(monkeypatch):
    monkeypatch.setitem(build.UNIT_WORDING, "persons (give or take)", ("persons", "approx"))
    with pytest.raises(DataError, match="give or take"):
        build.build_all(RAW)


def _obs(tables: dict[str, pl.DataFrame], geo: str, measure: str) -> list[dict]:
    return (
        tables["observations"]
        .filter((pl.col("geo") == geo) & (pl.col("measure") == measure))
        .sort("obs_id")
        .rows(named=True)
    )


def test_second_december_additions_pay(tables):
    """Pay feeds social workers' pay with its currency and period in the unit the Scenario
    lab reads ('<currency> per month'); net pay says so, in its unit and its caveat."""
    geo = _obs(tables, "GEO", "sw_monthly_salary_public")
    assert [(r["year"], r["value"]) for r in geo] == [(2020, 1200.0), (2022, 1500.0)]
    for r in geo:
        assert (r["link"], r["indicator_id"], r["coverage"], r["std_measure"], r["unit"]) == (
            "indicator",
            "core7",
            "partial",
            "pay_sw",
            "GEL per month",
        )
        assert "planned" in r["comparability_en"]
    vnm = _obs(tables, "VNM", "sw_monthly_salary_public_min") + _obs(
        tables, "VNM", "sw_monthly_salary_public_max"
    )
    assert [(r["std_measure"], r["value"], r["unit"]) for r in vnm] == [
        ("pay_sw_low", 8_000_000.0, "VND per month"),
        ("pay_sw_high", 10_000_000.0, "VND per month"),
    ]
    for geo_, measure, unit in (
        ("KGZ", "sw_monthly_salary_public", "KGS net per month"),
        ("BGR", "sw_monthly_salary_public_net", "BGN net per month"),
    ):
        (r,) = _obs(tables, geo_, measure)
        assert (r["std_measure"], r["unit"], r["qualifier"]) == ("pay_sw", unit, "approx")
        assert r["comparability_en"].lower().startswith("net")


def test_second_december_additions_study_place_cost(tables):
    """The price of a study place: Cambodia's tuition of a bachelor's in social work, and
    Georgia's state grant for a year of any bachelor's, which says it is a proxy."""
    (khm,) = _obs(tables, "KHM", "sw_tuition_fee_per_year")
    (geo,) = _obs(tables, "GEO", "bachelor_state_grant_per_year")
    assert (khm["std_measure"], khm["value"], khm["unit"], khm["year"]) == (
        "study_place_cost",
        600.0,
        "USD per year",
        2015,
    )
    assert (geo["std_measure"], geo["value"], geo["unit"]) == (
        "study_place_cost",
        2250.0,
        "GEL per year",
    )
    assert geo["comparability_en"].startswith("A proxy")
    assert {khm["link"], geo["link"]} == {"context"}


def test_second_december_additions_roles_and_sources(tables):
    """Norms, shares of one sector, sector-wide staff, hires and plans have no role in a
    computed value; Bulgaria's 4,300 is cited by the news agency's item in words."""
    for geo, measure in (
        ("SRB", "csw_norm_share_social_workers"),
        ("SRB", "social_protection_sector_staff"),
        ("SRB", "csw_hires_approved"),
        ("VNM", "qualified_share"),
        ("VNM", "social_workers_health_sector"),
        ("MDA", "social_workers_statutory"),
        ("KAZ", "child_protection_guardianship_staff"),
        ("KAZ", "child_protection_guardianship_staff_planned"),
        ("MYS", "statutory_agency_staff_total"),
        ("ARM", "issc_staff_pilot"),
        ("MNE", "social_sector_union_members"),
    ):
        for r in _obs(tables, geo, measure):
            assert r["std_measure"] is None, (geo, measure)
    (bgr,) = _obs(tables, "BGR", "social_workers_statutory")
    assert (bgr["value"], bgr["unit"], bgr["qualifier"], bgr["year"]) == (
        4300.0,
        "persons",
        "more_than",
        2025,
    )
    src = tables["sources"].filter(pl.col("source_id") == bgr["source_id"]).row(0, named=True)
    assert src["locator"].startswith("BTA news item of 18 March 2025")
    assert (src["source_type"], src["tier"]) == ("news", "press_research")
    # A minister's statement relayed by the press is not an official source.
    for r in _obs(tables, "SRB", "social_protection_sector_staff"):
        tier = tables["sources"].filter(pl.col("source_id") == r["source_id"])["tier"].item()
        assert tier == "press_research"


def test_second_december_additions_do_not_become_headlines(store):
    """Proxies, pilots, union members, sector-wide staff, hires, plans and norms stand for no
    country; one service's count (Kazakhstan's guardianship specialists) does not either."""
    from ssw_core import workforce

    head = {r["geo"]: r for r in workforce.headline_figures(store).iter_rows(named=True)}
    assert head["SRB"]["measure"] == "csw_professional_staff"  # not the 15,000 of the sector
    assert head["BGR"]["measure"] == "social_workers_statutory"
    assert (head["AZE"]["measure"], head["AZE"]["category"]) == ("social_workers_homecare", 3)
    assert head["KAZ"]["obs_id"] == "r0326"
    assert head["MDA"]["obs_id"] == "r0437"
    assert head["VNM"]["obs_id"] == "r0882"
    for geo in ("ARM", "MNE", "GRC", "UZB", "LAO"):
        assert geo not in head, geo


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("14000", (14000.0, None, None, None)),
        ("9.38", (9.38, None, None, None)),
        ("1-2", (None, 1.0, 2.0, "1-2")),
        ("draft (2022)", (None, None, None, "draft (2022)")),
        ("", (None, None, None, None)),
    ],
)
def test_parse_value(raw, expected):
    assert build.parse_value(raw) == expected


def test_thousands_to_persons_rejects_fractions_of_a_person():
    assert build.thousands_to_persons("1.5", "x") == 1500
    with pytest.raises(DataError, match="not a whole number"):
        build.thousands_to_persons("1.2345", "line 9")


def _raw_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "raw"
    shutil.copytree(RAW, dst)
    return dst


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def test_unmapped_measure_fails_with_its_line(tmp_path):
    raw = _raw_copy(tmp_path)
    _append(
        raw / "country_facts.csv",
        "ALB,Albania,brand_new_measure,5,persons,2020,t,https://mia.gov.al/en/minister-kociu-highlights-new-professional-roles-for-quality-social-services-in-european-albania-of-2030,",
    )
    with pytest.raises(
        DataError, match=r"line 915: measure 'brand_new_measure' of ALB is not in measures.csv"
    ):
        build.build_all(raw)


def test_unknown_source_fails(tmp_path):
    raw = _raw_copy(tmp_path)
    _append(
        raw / "country_facts.csv", "ALB,Albania,sw_law_year,2020,year,2020,t,https://example.org/x,"
    )
    (raw / "measures.csv").write_text(
        (raw / "measures.csv").read_text(encoding="utf-8")
        + "ALB,sw_law_year,context,,,,,legal_framework,1,,Year,,,standard,\n",
        encoding="utf-8",
    )
    with pytest.raises(
        DataError, match=re.escape("no source in sources.csv for locator 'https://example.org/x'")
    ):
        build.build_all(raw)


def test_unknown_country_fails(tmp_path):
    raw = _raw_copy(tmp_path)
    _append(raw / "country_facts.csv", "ZZZ,Nowhere,population_total,5,persons,2020,t,x,")
    with pytest.raises(DataError, match="unknown country code 'ZZZ'"):
        build.build_all(raw)


def test_mapping_of_a_figure_that_does_not_exist_fails(tmp_path):
    raw = _raw_copy(tmp_path)
    _append(raw / "measures.csv", "ALB,ghost_measure,context,,,,,services,2,,Ghost,,,standard,")
    with pytest.raises(DataError, match="ghost_measure"):
        build.build_all(raw)


def test_check_mode_reports_a_tampered_file(tmp_path, tables):
    out = tmp_path / "data"
    build.write_all(tables, out)
    assert build.main(["--check", "--out", str(out)]) == 0
    obs = pl.read_parquet(out / "observations.parquet")
    obs.with_columns(pl.col("value") * 2).write_parquet(out / "observations.parquet")
    assert build.main(["--check", "--out", str(out)]) == 1


def test_a_raw_row_with_an_unquoted_comma_is_refused(tmp_path):
    # Found in review: core3's unit "persons; per 100,000 population; ..." was unquoted and
    # shifted its name and definition into the wrong columns.
    from ssw_build.data import read_csv
    from ssw_core.schema import DataError

    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n1,2,000,3\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"x\.csv line 3"):
        read_csv(path)
    path.write_text("a,b,c\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        read_csv(path)


def test_indicator_names_are_in_their_columns(store):
    from ssw_core import queries

    core3 = queries.indicators(store).filter(pl.col("indicator_id") == "core3").row(0, named=True)
    assert core3["name_en"] == "Size of the workforce and its rate per population"
    assert core3["formula_ref"] == "docs/method.md §1"
