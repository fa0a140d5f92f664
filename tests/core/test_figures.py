"""The records the pages are given (ssw_core.figures), on a small data set built here: each
rule the pages used to apply themselves, with hand-checked values."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssw_core import figures, queries, workforce
from ssw_core.figures import Figure, Source
from ssw_core.store import Store
from tests.support.smalldata import obs, pop, small_data


def _store(tmp_path: Path, observations: list[dict], population: list[dict] | None = None) -> Store:
    population = population or [
        pop("AAA", "wb_total", 2021, 1_000_000),
        pop("AAA", "sowc_0_17", 2021, 200_000),
        pop("BBB", "wb_total", 2021, 500_000),
        # no 0-17 figure for BBB: the 0-14 ones either side of 2021, the later one wins a tie
        pop("BBB", "wpp_0_14", 2020, 100_000),
        pop("BBB", "wpp_0_14", 2022, 125_000),
    ]
    folder = small_data(
        tmp_path / "data",
        countries=[("AAA", "eca"), ("BBB", "asean")],
        population=population,
        observations=observations,
    )
    return Store(folder, tmp_path / "user")


def _core3(store: Store) -> dict[str, Figure]:
    return {f.obs_id: f for f in figures.figures(workforce.core3_figures(store))}


def test_rates_carry_their_denominators_and_the_child_fallback(tmp_path):
    store = _store(tmp_path, [obs("a", "AAA", value=100.0), obs("b", "BBB", value=100.0)])
    a, b = _core3(store)["a"], _core3(store)["b"]
    # 100 / 1,000,000 x 100,000 = 10; 100 / 200,000 x 100,000 = 50
    assert a.rate_pop is not None and a.rate_pop.value == pytest.approx(10.0)
    assert a.rate_children is not None and a.rate_children.value == pytest.approx(50.0)
    assert a.rate_children.denominator == workforce.Population(200_000, 2021, "sowc_0_17", "0-17")
    # BBB: 100 / 125,000 x 100,000 = 80, per children aged 0-14 of 2022 (the later of a tie)
    assert b.rate_children is not None and b.rate_children.value == pytest.approx(80.0)
    assert b.rate_children.age_group == "0-14" and b.rate_children.denominator.year == 2022
    assert b.persons_per_worker == pytest.approx(5_000.0)
    assert a.caveats == () and not a.stands_apart


def test_the_profile_shows_the_child_population_the_rates_use(tmp_path):
    store = _store(tmp_path, [])
    assert figures.children(store, "AAA") == workforce.Population(
        200_000, 2021, "sowc_0_17", "0-17"
    )
    # where SOWC has no figure, the core's fallback, never "missing" (issue 21)
    assert figures.children(store, "BBB") == workforce.Population(125_000, 2022, "wpp_0_14", "0-14")
    assert figures.children(store, "CCC") is None


@pytest.mark.parametrize(("un", "noted"), [(1_100_000, True), (1_099_000, False)])
def test_a_un_world_bank_gap_from_ten_per_cent_on_is_a_caveat(tmp_path, un, noted):
    population = [
        pop("AAA", "wb_total", 2021, 1_000_000),
        pop("AAA", "sowc_0_17", 2021, 200_000),
        pop("AAA", "wb_total", 2024, 1_000_000),
        pop("AAA", "wpp_total", 2024, un),
    ]
    a = _core3(_store(tmp_path, [obs("a", "AAA", value=100.0)], population))["a"]
    assert ("un_wb_gap" in a.caveats) is noted
    assert a.un_wb_gap == (pytest.approx(un / 1_000_000 - 1) if noted else None)
    assert a.stands_apart is noted


def test_why_a_figure_has_no_rate(tmp_path):
    store = _store(
        tmp_path,
        [
            obs("share", "AAA", value=40.0, unit="% of social workers"),
            obs("undated", "AAA", value=100.0, year=None),
            obs("women", "AAA", value=80.0, sex="female"),
            obs("far", "AAA", value=100.0, year=2010),
            obs("adults", "AAA", value=100.0, serves="adults"),
            obs("posts", "AAA", value=100.0, unit="positions"),
        ],
    )
    got = _core3(store)
    assert {k: got[k].no_rate for k in ("share", "undated", "women", "far")} == {
        "share": "not_count",
        "undated": "undated",
        "women": "breakdown",
        "far": "no_pop",
    }
    # a rate per population, none per child: their people serve adults; posts are not people
    assert got["adults"].rate_pop is not None and got["adults"].no_child_rate == "adults"
    assert got["posts"].rate_children is None and got["posts"].no_child_rate == "posts"
    assert got["posts"].kind == "posts" and got["adults"].kind == "people"
    assert got["undated"].caveats == ("undated",)


def test_rates_a_source_reports_are_converted_and_marked(tmp_path):
    store = _store(
        tmp_path,
        [
            obs("per25k", "AAA", value=2.0, unit=workforce.PER_25K),
            obs("kids", "BBB", value=64.4, unit=workforce.PER_100K_CHILDREN),
        ],
    )
    got = _core3(store)
    # 2 per 25,000 = 8 per 100,000, converted; the child rate is the source's own
    assert got["per25k"].rate_pop is not None
    assert got["per25k"].rate_pop.value == pytest.approx(8.0)
    assert got["per25k"].rate_pop.basis == "reported" and not got["per25k"].rate_pop.as_reported
    assert got["kids"].rate_children is not None and got["kids"].rate_children.as_reported
    assert (got["per25k"].reported_as, got["kids"].reported_as) == ("per_25k", "per_100k_children")
    assert got["per25k"].is_rate and got["per25k"].kind == "ratio"


def test_caveats_in_order_and_what_makes_a_figure_stand_apart(tmp_path):
    store = _store(
        tmp_path,
        [
            obs("weak", "AAA", value=1.0, reliability="low", coverage="partial"),
            obs("cat3", "AAA", value=1.0, category=3),
            obs("noted", "AAA", value=1.0, comparability_en="Counts posts of one ministry"),
            obs(
                "context",
                "AAA",
                value=1.0,
                link="context",
                indicator_id=None,
                comparability_en="A survey",
            ),
        ],
    )
    got = {f.obs_id: f for f in figures.figures(workforce.core3_figures(store))}
    assert got["weak"].caveats == ("low_reliability", "partial")
    assert got["cat3"].caveats == () and got["cat3"].stands_apart  # Category 3 is not comparable
    assert got["noted"].caveats == ("not_comparable",) and got["noted"].stands_apart
    ctx = figures.figures(queries.observations(store, link="context"))[0]
    assert ctx.caveats == ("note",) and not ctx.stands_apart and ctx.is_context


def test_figures_of_a_whole_region(tmp_path):
    store = _store(
        tmp_path,
        [obs("r", "ECA_REGION", value=1.0, link="context", indicator_id=None)],
    )
    assert [f.obs_id for f in figures.regional(store, "eca")] == ["r"]
    assert [f.obs_id for f in figures.regional(store, None)] == ["r"]
    assert figures.regional(store, "asean") == ()
    assert figures.is_region("ECA_REGION") and not figures.is_region("AAA")


@pytest.mark.parametrize(
    ("title", "publisher", "year", "citation"),
    [
        ("Social work in Moldova", "UNICEF", 2023, "Social work in Moldova (UNICEF, 2023)"),
        ("UNICEF annual report", "UNICEF Moldova", 2023, "UNICEF annual report (2023)"),
        (
            "Labour statistics 2022",
            "Statistics office",
            2022,
            "Labour statistics 2022 (Statistics office)",
        ),
        ("Untitled list", "", None, "Untitled list"),
    ],
)
def test_a_source_is_cited_without_saying_a_thing_twice(title, publisher, year, citation):
    source = Source("s", title, publisher, year, "official", "https://example.org/t")
    assert source.citation == citation
    assert source.link == "https://example.org/t"
    assert Source("s", title, publisher, year, None, "report.pdf, p. 4").link is None
