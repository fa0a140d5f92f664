"""Every page through AppTest, asserting on what is displayed."""

from __future__ import annotations

import json

import polars as pl
import pytest

from ssw_core import workforce
from ssw_core.store import Store
from tests.app.conftest import (
    MISSING_KEY,
    NAV_PAGES,
    PAGES,
    REPO,
    all_text,
    charts,
    links,
    open_app,
    table,
)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "params", [{}, {"region": "asean"}, {"country": "MDA"}, {"region": "eca", "country": "XKX"}]
)
def test_every_page_renders_without_error_or_missing_text(page, params):
    at = open_app(page, **params)
    text = all_text(at)
    assert at.title, "every page has a title"
    assert not MISSING_KEY.search(text), MISSING_KEY.search(text)
    assert "None" not in [str(v) for m in at.metric for v in (m.value,)]


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_headline_numbers():
    at = open_app()
    assert _metrics(at) == {
        "Countries in view": "34",
        "With a head count": "25 of 34",
        "Indicators with any figure": "8 of 14",
        "Cells with no data": "89%",  # 423 / 476
    }


@pytest.mark.parametrize(
    ("region", "countries", "with_figure"), [("eca", "22", "16 of 22"), ("asean", "12", "9 of 12")]
)
def test_overview_region_filter(region, countries, with_figure):
    m = _metrics(open_app(region=region))
    assert m["Countries in view"] == countries
    assert m["With a head count"] == with_figure


def test_overview_table_values_and_missing_as_missing():
    at = open_app()
    rows = {r["Country"]: r for r in table(at).iter_rows(named=True)}
    assert len(rows) == 34
    blr = rows["Belarus"]
    # 11,500 home-care 'social workers' (2026) / 9,132,629 (WB 2024) x 100,000 = 125.9; they
    # serve adults, so no rate per child (it was 736 per 100,000 children)
    assert blr["Figure (year)"] == "≈ 11,500 (2026)"
    assert blr["Per 100,000 population"] == "125.9"
    assert blr["Per 100,000 children"] == "n/a: serves adults"
    assert blr["Caveats"] == "not comparable"  # the full note is on the country profile
    assert blr["Source"] == "news.by (state news portal of Belarus), 2026 · press or research"
    assert rows["Moldova"]["Per 100,000 children"] == "172.1 (aged 0-14)"
    assert rows["Malaysia"]["Per 100,000 population"] == "11.4 (from the source's ratio)"
    # Cambodia: 3,764 government positions (2021); 3,764 / 16,974,305 x 100,000 = 22.2
    assert rows["Cambodia"]["Figure (year)"] == "3,764 (2021)"
    assert rows["Cambodia"]["Per 100,000 population"] == "22.2"
    assert rows["Cambodia"]["Per 100,000 children"] == "n/a: posts, not people"
    # Ukraine: UNICEF's 3,260 (2022), not a crowdfunding page's 250,000; Armenia: its only
    # count (a holiday-calendar site, low reliability) never stands for it
    ukr = rows["Ukraine"]
    assert (ukr["Figure (year)"], ukr["Source"]) == (
        "≈ 3,260 (2022)",
        "UNICEF Ukraine, 2022 · international organisation",
    )
    assert rows["Armenia"]["Figure (year)"] == "missing"
    brn = rows["Brunei Darussalam"]
    assert (brn["Figure (year)"], brn["Per 100,000 population"]) == ("missing", "missing")
    assert brn["Population 2024 (World Bank)"] == "462.72K"  # 462,721 in short form


def test_sources_are_links_and_data_text_is_escaped():
    raw = open_app().table[0].value
    blr = raw[raw["Country"] == "Belarus"].iloc[0]
    assert links(blr["Source"]) == [
        "https://news.by/news/obshchestvo/belarus-otmechaet-den-rabotnikov-sotsialnoy-zaschity"
    ]
    # Parentheses of a publisher name are escaped, so data can never form Markdown or LaTeX.
    assert r"news.by \(state news portal of Belarus\)" in blr["Source"]


def test_overview_explains_every_rate():
    at = open_app(country="BLR")
    text = all_text(at)
    assert "11,500 ÷ 9,132,629 population (World Bank, 2024) × 100,000 = 125.9" in text
    assert "children" not in text.split("125.9")[1].split("\n")[0]  # none per child
    at = open_app(country="GEO")
    assert "940 ÷ 920,093 children aged 0-17 (SOWC 2023, 2021) × 100,000 = 102.2" in all_text(at)


def test_coverage_finding_and_chart():
    at = open_app()
    assert "**423 of 476** country × indicator cells have no data" in all_text(at)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert [s.get("mark", {}).get("type") for s in specs if "mark" in s] == ["rect"]


def test_the_map_draws_every_country_of_the_region_offline():
    at = open_app(region="eca", map="core7")
    maps = [(s, fs) for s, fs in charts(at) if "geoshape" in json.dumps(s)]
    assert len(maps) == 1
    spec, _ = maps[0]
    # The boundaries come from this server's own static files (never another host), which
    # hold every country of the region.
    urls = {layer["data"]["url"] for layer in spec["layer"] if "url" in layer.get("data", {})}
    assert urls == {"app/static/geo/eca-ours.json", "app/static/geo/eca-context.json"}
    served = json.loads((REPO / "static" / "geo" / "eca-ours.json").read_text(encoding="utf-8"))
    iso3s = {feature["properties"]["iso3"] for feature in served["features"]}
    assert len(iso3s) == 22 and "XKX" in iso3s
    lookup = next(t for layer in spec["layer"] for t in layer.get("transform", []) if "lookup" in t)
    by = {r["iso3"]: r["value"] for r in lookup["from"]["data"]["values"]}
    assert by["KAZ"] == "partial" and "missing" in by.values()
    both = open_app(map="n_indicators")
    assert sum(1 for s, _ in charts(both) if "geoshape" in json.dumps(s)) == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "ZZZ"}, "country=ZZZ, which is not a valid value"),
        ({"region": "europe"}, "region=europe, which is not a valid value"),
        ({"region": "asean", "country": "MDA"}, "Moldova is not in ASEAN, Mongolia & Timor-Leste"),
    ],
)
def test_bad_url_parameters_say_what_and_fall_back(params, expected):
    at = open_app(**params)
    warnings = [w.value for w in at.warning]
    assert any(expected in w for w in warnings), warnings
    assert _metrics(at)["Countries in view"] in ("34", "12")


def test_lowercase_country_code_is_accepted():
    at = open_app("pages/country.py", country="mda")
    assert at.title[0].value == "Moldova"


def test_country_profile_values():
    at = open_app("pages/country.py", country="MDA")
    m = _metrics(at)
    assert m["Population 2024 (World Bank)"] == "2,402,306"
    assert m["Children aged 0-17 (2021)"] == "708,815"  # MDA population_0_17: 708.815 thousand
    assert m["Workforce figure"] == "1,007"
    assert m["Per 100,000 population"] == "41.9"
    text = all_text(at)
    # '>60,000 cases managed' counts cases since the reform began, not open cases at one
    # time, so no caseload is computed from it (the figure is shown with that caveat).
    assert "Average caseload (computed)" not in text
    assert "Cases managed by community social workers under the RESTART reform" in text
    assert "not open cases at one time" in text


def test_the_profiles_rate_says_how_it_was_obtained_or_why_it_is_missing():
    # The rate's population is that of the figure's year, not the latest shown beside it: its
    # help says which (a walk-through divided the two numbers on screen and got another).
    rate = next(
        m for m in open_app("pages/country.py", country="MDA").metric if "100,000" in m.label
    )
    assert rate.value == "41.9"
    assert "1,007 ÷ 2,402,306 population (World Bank, 2024) × 100,000 = 41.9" in rate.help
    kosovo = open_app("pages/country.py", country="XKX").metric
    rate = next(m for m in kosovo if "100,000" in m.label)
    assert rate.value == "missing" and "has no year" in rate.help
    population = next(m for m in kosovo if m.label.startswith("Population"))
    assert not population.help  # its label says World Bank and the year


def test_country_profile_of_kosovo_says_what_is_missing(tmp_path):
    at = open_app("pages/country.py", country="XKX")
    # SOWC 2023 does not list Kosovo: the profile takes the core's fallback (WPP 2024, aged
    # 0-14, the year of the SOWC figures), says so, and never shows the other countries' 0-17
    # label over it. Before, the page showed "missing" where the core had a figure.
    children = next(m for m in at.metric if m.label.startswith("Children"))
    expected = workforce.child_population(Store(REPO / "data", tmp_path), "XKX", 2021)
    assert expected is not None and expected.series == "wpp_0_14"
    assert children.label == f"Children aged 0-14 ({expected.year})"
    assert children.value == f"{expected.persons:,}"
    assert "SOWC 2023 has no figure for this country" in children.help
    assert "the figure has no year, so no population can be matched" in all_text(at)


def test_country_page_without_a_country_offers_all_of_them():
    at = open_app("pages/country.py", region="eca")
    picks = [b for b in at.button if (b.key or "").startswith("pick_")]
    assert len(picks) == 22
    picks[0].click().run()  # the first, alphabetically: Albania
    assert at.session_state["country"] == "ALB"


def test_plan_page_draws_no_caseload_chart_without_open_case_caseloads():
    # No shipped figure is an open-case caseload of categories 1, 2 or 6 (home-care caseloads
    # are context; Kosovo's are cases per year), so no bar may suggest a comparison.
    at = open_app("pages/plan.py")
    assert not [s for s, _ in charts(at) if "Open cases per worker" in json.dumps(s)]
    assert "Cases per official per year in one centre for social work" in all_text(at)


def test_plan_page_rate_chart_plots_headline_rates():
    at = open_app("pages/plan.py", region="eca")
    _, frames = next(
        (s, f) for s, f in charts(at) if "Workforce per 100,000 population" in json.dumps(s)
    )
    bars = next(f for f in frames if "value" in f.columns)
    values = dict(zip(bars["name"], bars["value"], strict=True))
    assert round(values["Belarus · 2026"], 2) == 125.92  # 11,500 / 9,132,629 (WB 2024)
    assert round(values["Kazakhstan · 2021 · posts"], 2) == 106.36
    assert not [n for n in values if n.startswith(("Brunei", "Serbia"))]  # no figure, no bar


def test_support_page_vacancy_and_pay():
    text = all_text(open_app("pages/support.py"))
    assert "21.1%" in text  # Philippines vacancy rate
    assert "0.77" in text and "0.56" in text  # Kazakhstan pay ratios


def test_define_page_core1_follows_the_documents_the_data_holds():
    # By rule: a law regulating the profession answers part of Core 1 (Georgia 2018, Croatia,
    # Indonesia, the Philippines, Romania, Thailand); no country has the agreed definition
    text = all_text(open_app("pages/define.py"))
    assert "In the 34 countries in view: **0** reported · **6** partial · **28** missing." in text
    geo = all_text(open_app("pages/define.py", country="GEO"))
    assert "Year of the Law on Social Work (regulates the profession)" in geo
    assert "**0** reported · **1** partial · **0** missing" in geo


def test_allied_page_puts_school_social_workers_in_category_5():
    text = all_text(open_app("pages/allied.py"))
    assert "School social workers" in text
    assert "5 · Allied: other sectors" in text


def test_sources_page_lists_and_filters():
    at = open_app("pages/sources.py")
    assert table(at).height == 162
    assert table(at).filter(pl.col("Publisher") == "calendr.net (holiday calendar site)")[
        "Source quality"
    ].to_list() == ["other source"]
    at.text_input(key="source_search").set_value("belta").run()
    assert table(at)["Publisher"].to_list() == ["BelTA (Belarusian Telegraph Agency)"]
    at.multiselect(key="source_types").set_value(["legal_text"]).run()
    assert table(at).height == 0  # BelTA is news, not a legal text
    at.text_input(key="source_search").set_value("").run()
    assert table(at).height == 8  # the legal texts in sources.csv (source_type = legal_text)
    assert set(table(at)["Type"]) == {"legal text"}


def test_page_files_match_their_urls():
    """See ui/parts/shell.py: legacy mode must find the file a deep link names."""
    from ui.parts.shell import PAGES_DIR

    assert {p.stem for p in PAGES_DIR.glob("*.py")} == {p.name for p in NAV_PAGES}
    for path in PAGES_DIR.glob("*.py"):
        assert "shell.start_page()" in path.read_text(encoding="utf-8"), path


def test_unreadable_data_stops_with_a_message_naming_file_column_and_type(tmp_path, monkeypatch):
    import shutil

    from tests.app.conftest import REPO

    for f in (REPO / "data").glob("*.parquet"):
        shutil.copy(f, tmp_path / f.name)
    bad = tmp_path / "population.parquet"
    pl.read_parquet(bad).with_columns(pl.col("persons").cast(pl.Float64)).write_parquet(bad)
    monkeypatch.setenv("SSW_DATA_DIR", str(tmp_path))
    at = open_app()
    assert "cannot read its data files" in at.error[0].value
    assert at.code[0].value == (f"{bad}: column 'persons' expected type Int64, found Float64")
    assert not at.metric, "nothing is shown from bad data"


@pytest.mark.parametrize("page", ["pages/plan.py", "pages/develop.py"])
def test_plan_and_develop_link_to_the_scenario_lab_with_the_country(page):
    at = open_app(page, country="MDA")
    link = next(p for p in at.get("page_link") if "Scenario lab" in p.proto.label)
    assert link.proto.page.endswith("scenario") or "scenario" in link.proto.page
    assert "country=MDA" in link.proto.query_string
    assert "Moldova" in link.proto.label


def test_a_rate_map_never_ranks_figures_that_count_different_people():
    """Issue 22: Croatia (all welfare professions), Belarus (home-care workers) and
    Kazakhstan (posts) were the darkest on one scale. The colour now says what each figure
    counts (no sequential scale); the name and rate are written on the map itself."""
    at = open_app(region="eca", map="rate_pop")
    (spec, _), *_ = [(s, fs) for s, fs in charts(at) if "geoshape" in json.dumps(s)]
    coloured = next(layer for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert coloured["encoding"]["color"]["type"] == "nominal"
    lookup = next(t for t in coloured["transform"] if "lookup" in t)
    by = {r["iso3"]: r["value"] for r in lookup["from"]["data"]["values"]}
    assert (by["HRV"], by["BLR"], by["KAZ"], by["ROU"]) == (
        "unstated",
        "home_care",
        "posts",
        "category1",
    )
    texts = [
        r["text"]
        for layer in spec["layer"]
        if layer.get("mark", {}).get("type") == "text"
        for r in layer["data"]["values"]
    ]
    assert "Croatia\n155.2" in texts and "Kazakhstan\n106.4" in texts
    assert "colour does not rank" not in all_text(at)  # (the caption's words, below)
    assert "the colours do not rank countries" in all_text(at)
