"""The Scenario page through AppTest: inputs set by key, displayed outputs asserted against the
model computed independently here."""

from __future__ import annotations

import json

import pytest

from ssw_core.projection import Baseline, Scenario, min_places_to_eliminate, project
from tests.app.conftest import all_text, charts, open_app, table
from ui import wisn

PAGE = "pages/scenario.py"


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _view(at, name: str):
    """Pick what the outputs show (the third button group: preset, compare, view)."""
    return at.get("button_group")[2].set_value(name)


def test_kosovo_starts_from_its_data_and_the_current_preset():
    at = open_app(PAGE, country="XKX")
    assert at.number_input(key="s1").value == 12  # sourced: KOMF, social workers in CSWs
    assert at.number_input(key="s6").value == 152  # computed: 164 officials - 12
    text = all_text(at)
    assert "Sourced: qualified social workers in post" in text
    assert "Computed: staff holding cases minus qualified social workers" in text
    # 'Current': unqualified hiring continues, so Category 6 is refilled and never reaches zero.
    m = _metrics(at)
    assert m["Category 6 reaches zero"] == "not by 2030"
    assert m["Places a year for zero by 2030"] == "not reachable"


def test_inputs_drive_the_headline_as_the_model_says():
    at = open_app(PAGE, country="XKX")
    at.toggle(key="unqualified").set_value(False)
    at.number_input(key="places").set_value(60.0)
    at.slider(key="course").set_value(1)
    at.slider(key="completion").set_value(100)
    at.run()
    # The same assumptions, computed here: current preset flows, 5 % attrition everywhere.
    b = Baseline(2026, s1=12, s6=152)
    s = Scenario(
        qualification_places=60,
        course_years=1,
        completion_share=1.0,
        attrition_s1=0.05,
        attrition_s6=0.05,
        attrition_s3=0.05,
        graduate_entry_share=0.3,
    )
    expected = project(b, s)
    places = min_places_to_eliminate(b, s, 2030)
    m = _metrics(at)
    assert m["Category 6 reaches zero"] == str(expected.elimination_year) == "2028"
    assert m["Places a year for zero by 2030"] == f"{places} a year"
    assert "Category 6 falls from **152** to zero in **2028**." in all_text(at)


def test_preset_sets_every_assumption_and_reset_restores_the_data():
    at = open_app(PAGE, country="XKX")
    at.get("button_group")[0].set_value("pragmatic").run()
    assert at.number_input(key="places").value == 23  # 15 % of 152, rounded up
    assert at.toggle(key="unqualified").value is False
    assert at.slider(key="course").value == 2
    at.number_input(key="s6").set_value(500.0).run()
    at.button[0].click().run()  # Reset
    assert at.number_input(key="s6").value == 152
    assert at.number_input(key="places").value == 0
    assert at.toggle(key="unqualified").value is True


def test_a_link_reopens_the_same_view():
    params = {
        "country": "XKX",
        "places": "40",
        "course": "1",
        "completion": "90",
        "unqualified": "false",
        "s6": "152",
        "s1": "12",
    }
    at = open_app(PAGE, **params)
    assert at.number_input(key="places").value == 40
    assert at.slider(key="completion").value == 90
    assert at.toggle(key="unqualified").value is False
    again = open_app(PAGE, **params)
    assert _metrics(again) == _metrics(at)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"places": "lots"}, "places=lots"),
        ({"completion": "150"}, "completion=150"),
        ({"course": "2.5"}, "course=2.5"),
        ({"unqualified": "maybe"}, "unqualified=maybe"),
        ({"wisn": "no~table"}, r"wisn=no\~table"),
        ({"currency": "<b>$$</b>"}, r"currency=\<b\>\$\$\</b\>"),
    ],
)
def test_bad_scenario_values_in_a_link_are_reported(params, expected):
    at = open_app(PAGE, country="XKX", **params)
    warnings = [w.value for w in at.warning]
    assert any(expected in w for w in warnings), warnings
    assert _metrics(at), "the page still works with the defaults"


def test_horizon_before_base_year_is_explained():
    at = open_app(PAGE, country="XKX")
    at.number_input(key="base_year").set_value(2032)
    at.slider(key="horizon").set_value(2030)
    at.run()
    assert any("before the base year" in e.value for e in at.error)


def test_cost_needs_pay_and_then_adds_up():
    at = open_app(PAGE, country="KAZ")  # teachers' pay and the pay ratio come from the data
    assert at.number_input(key="teacher_pay").value == 2_808_000  # 234,000 KZT x 12
    assert at.slider(key="pay_ratio").value == pytest.approx(0.77)
    assert at.text_input(key="currency").value == "KZT"
    at.number_input(key="s1").set_value(100.0)
    at.number_input(key="s6").set_value(50.0)
    _view(at, "why").run()
    # 0.77 x 2,808,000 = 2,162,160 a year for S1 and (same posts) S6; 150 people, no S3.
    y = table(at, index=-1)  # the workforce-and-cost year table
    assert y["Cost"][0].replace(",", "").isdigit()
    b = Baseline(2026, s1=100, s6=50)
    s = Scenario(
        attrition_s1=0.05,
        attrition_s6=0.05,
        attrition_s3=0.05,
        unqualified_hiring=True,
        graduate_entry_share=0.3,
    )
    from ssw_core.projection import Costs

    expected = project(b, s, Costs(pay_s1=2_162_160, pay_s6=2_162_160)).yearly["cost_total"][0]
    assert int(y["Cost"][0].replace(",", "")) == round(expected)


def test_charts_plot_the_projection():
    at = open_app(PAGE, country="XKX")
    frames = [
        f
        for spec, fs in charts(at)
        if "Persons at the end of the year" in json.dumps(spec)
        for f in fs
    ]
    long = next(f for f in frames if "persons" in f.columns)
    s6_2026 = long.filter((long["year"] == 2026) & (long["category"] == "s6"))["persons"].item()
    # 152 - 5 % leavers + unqualified hires into the 8.2 vacated posts = 152.6
    assert s6_2026 == pytest.approx(152.6)


def test_compare_shows_two_columns():
    at = open_app(PAGE, country="XKX")
    at.get("button_group")[1].set_value("ideal")
    _view(at, "compare").run()
    compare = next(table(at, i) for i in range(len(at.table)) if "Ideal" in table(at, i).columns)
    assert compare.columns == ["", "This view", "Ideal"]
    assert compare["Ideal"][0] == "46"  # 30 % of 152 places, rounded up


def test_no_country_means_own_figures():
    at = open_app(PAGE)
    assert at.number_input(key="s1").value == 0
    assert any("Enter the starting point" in i.value for i in at.info)


@pytest.mark.parametrize(
    "rows",
    [
        [{"name": "Complex child protection", "cases": 1200.0, "hours": 137.1}],
        [
            {"name": "a", "cases": None, "hours": 10.0},
            {"name": "b|c~d", "cases": 5.0, "hours": None},
        ],
    ],
)
def test_wisn_rows_round_trip_through_the_url(rows):
    decoded = wisn._decode(wisn._encode(rows))
    assert [r["cases"] for r in decoded] == [r["cases"] for r in rows]
    assert [r["hours"] for r in decoded] == [r["hours"] for r in rows]
    assert all("|" not in r["name"] and "~" not in r["name"] for r in decoded)


@pytest.mark.parametrize("raw", ["x", "a~b~c", "a~-1~2", "a~1~2~3", "a~1e12~1"])
def test_wisn_rejects_malformed_tables(raw):
    assert wisn._decode(raw) is None


def test_only_the_chosen_view_is_drawn_and_it_is_in_the_link():
    at = open_app(PAGE, country="XKX", view="why")
    assert not at.get("vega_lite_chart")  # the year tables, no chart
    assert any("Category 6, year by year" in m.value for m in at.markdown)
    _view(at, "workforce").run()
    assert len(at.get("vega_lite_chart")) == 1
    assert open_app(PAGE, country="XKX", view="nonsense").warning  # reported, not silent
