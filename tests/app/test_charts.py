"""Every chart builder produces a valid Vega-Lite spec (Altair validates it against the schema;
the app skips that at run time for speed) with the encodings the pages rely on."""

from __future__ import annotations

import polars as pl
import pytest

from ssw_core.projection import Baseline, Costs, ProjectionResult, Scenario, project
from ui.base import charts


@pytest.fixture(scope="module")
def result() -> ProjectionResult:
    return project(
        Baseline(2026, s1=12, s6=152, open_cases=3000),
        Scenario(qualification_places=30, limited_share=0.1),
        Costs(pay_s1=10, pay_s6=8, pay_s3=5),
    )


@pytest.fixture(scope="module")
def yearly(result: ProjectionResult) -> pl.DataFrame:
    return result.yearly


def _rows(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "name": [f"C{i}" for i in range(n)],
            "value": [float(i + 1) for i in range(n)],
            "flagged": [i % 2 == 0 for i in range(n)],
            "what": ["w"] * n,
            "year": ["2021"] * n,
            "source": ["s"] * n,
        }
    )


def _spec(chart) -> dict:
    spec = chart.to_dict()  # validates against the Vega-Lite schema; raises if invalid
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}, (
        "the projector theme applies"
    )
    assert spec["config"]["axis"]["labelFontSize"] == charts.FONT_SIZE
    return spec


def test_rate_bars_with_band_and_rule():
    spec = _spec(
        charts.rate_bars(
            _rows(3),
            value_title="v",
            flag_labels=("ok", "caveat"),
            tooltip_titles=dict.fromkeys(("country", "what", "year", "source"), "t"),
            band=(10, 20),
            band_label="band",
            rule_at=1.0,
        )
    )
    assert [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in spec["layer"]
    ] == ["rect", "rule", "bar"]
    assert spec["height"] == {"step": charts.ROW}


def test_coverage_heatmap():
    m = pl.DataFrame(
        {
            "name": ["A", "A"],
            "code": ["Core 1", "Core 2"],
            "sort_order": [1, 2],
            "status_label": ["missing", "partial"],
            "n_figures": [0, 1],
            "indicator_name": ["x", "y"],
        }
    )
    spec = _spec(
        charts.coverage_heatmap(
            m,
            status_labels={"reported": "r", "partial": "partial", "missing": "missing"},
            colors={"reported": "#1", "partial": "#2", "missing": "#3"},
            x_title="x",
            y_title="",
            legend_title="l",
            tooltip_titles=dict.fromkeys(("country", "indicator", "status", "n_figures"), "t"),
        )
    )
    assert spec["encoding"]["x"]["sort"] == ["Core 1", "Core 2"]


def test_workforce_area_starts_from_the_stocks_and_marks_need_and_target(result):
    spec = _spec(
        charts.workforce_area(
            result.stocks(),
            labels={"s1": "S1", "s6": "S6", "s3": "S3"},
            required_label="Posts required",
            target_year=2030,
            target_label="target",
            x_title="Year",
            y_title="P",
        )
    )
    area, required, rule = spec["layer"]
    assert area["encoding"]["y"]["stack"] == "zero"
    areas = spec["datasets"][area["data"]["name"]]
    # the first year on the axis is the base year - 1, holding the starting stocks
    assert min(r["year"] for r in areas) == 2025
    assert {r["category"]: r["persons"] for r in areas if r["year"] == 2025} == {
        "s1": 12.0,
        "s6": 152.0,
        "s3": 0.0,
    }
    need = spec["datasets"][required["data"]["name"]]
    assert [r["required_posts"] for r in need] == [164.0] * 6  # S1 + S6 funded, constant
    rule_data = spec["datasets"][rule["data"]["name"]]
    assert rule_data == [{"year": 2030, "label": "target"}]


def test_series_lines_cost_bars_lens_bars_population(yearly):
    frame = yearly.select("year", pl.col("caseload").alias("value")).with_columns(
        pl.lit("c").alias("series")
    )
    _spec(
        charts.series_lines(
            frame, x_title="Year", y_title="cases", band=(10, 20), band_label="band"
        )
    )
    cost = yearly.select("year", pl.col("cost_personnel").alias("amount")).with_columns(
        pl.lit("p").alias("component")
    )
    _spec(charts.cost_bars(cost, x_title="Year", y_title="cost", order=["p", "t", "s"]))


def test_series_colours_follow_the_series_not_their_translated_labels():
    # The cost chart's colours swapped with the language: the default scale sorts labels
    # alphabetically. Personnel is the first colour in English ('Personnel' < 'Training')
    # and in Russian ('Персонал' > 'Обучение' alphabetically), training the second.
    for order in (["Personnel", "Training", "Set-up"], ["Персонал", "Обучение", "Создание"]):
        frame = pl.DataFrame({"year": [2026, 2026], "component": order[:2], "amount": [1.0, 2.0]})
        color = _spec(charts.cost_bars(frame, x_title="y", y_title="c", order=order))["encoding"][
            "color"
        ]
        assert color["scale"]["domain"] == order
        assert color["scale"]["range"] == list(charts.SERIES_COLORS[:3])
    lenses = pl.DataFrame({"lens": ["a", "b"], "required": [10.0, 20.0]})
    spec = _spec(charts.lens_bars(lenses, x_title="w", available=15, available_label="now"))
    assert spec["datasets"][spec["layer"][1]["data"]["name"]][0]["x"] == 15
    pop = pl.DataFrame(
        {
            "year": [2020, 2021],
            "persons": [1, 2],
            "series_label": ["a", "a"],
            "convention": ["c", "c"],
        }
    )
    _spec(
        charts.population_lines(
            pop,
            series_labels=["a"],
            y_title="p",
            x_title="y",
            tooltip_titles=dict.fromkeys(("series", "year", "persons", "convention"), "t"),
        )
    )


def test_tornado_bars_run_from_the_plan_as_set():
    frame = pl.DataFrame(
        {
            "assumption": ["Course length", "Course length", "Completion", "Completion"],
            "end": ["low", "high", "low", "high"],
            "value": [225.0, 144.0, 225.0, 223.0],
            "range": ["2 to 3", "2 to 3", "80% to 90%", "80% to 90%"],
        }
    )
    spec = _spec(charts.tornado(frame, base=225, x_title="places", base_label="as set"))
    bars, rule = spec["layer"]
    assert bars["encoding"]["x2"] == {"field": "base"}
    assert bars["encoding"]["y"]["sort"] is None  # the order given: largest swing on top
    assert {r["base"] for r in spec["datasets"][bars["data"]["name"]]} == {225.0}
    assert spec["datasets"][rule["data"]["name"]][0]["x"] == 225


def test_coverage_counts_stack_reported_partial_missing_per_indicator():
    labels = {"reported": "rep", "partial": "part", "missing": "miss"}
    frame = pl.DataFrame(
        {
            "code": ["Core 3"] * 3 + ["Core 2"] * 3,
            "indicator_name": ["size"] * 3 + ["plan"] * 3,
            "sort_order": [3] * 3 + [2] * 3,
            "status": ["missing", "partial", "reported"] * 2,
            "status_label": ["miss", "part", "rep"] * 2,
            "countries": [20, 9, 5, 32, 2, 0],
        }
    )
    spec = _spec(
        charts.coverage_counts(
            frame,
            status_labels=labels,
            colors={"reported": "#1", "partial": "#2", "missing": "#3"},
            x_title="Countries",
            legend_title="Data",
            tooltip_titles={"indicator": "i", "status": "s"},
            total=34,
        )
    )
    enc = spec["encoding"]
    # the axis ends at the countries in view, in whole countries (not at 35, not "0, 1, 1")
    assert enc["x"]["scale"] == {"domain": [0, 34], "nice": False}
    assert enc["x"]["axis"]["tickMinStep"] == 1
    assert enc["y"]["sort"] == ["Core 2", "Core 3"]  # the indicators' order, not the rows'
    assert enc["color"]["scale"]["domain"] == ["rep", "part", "miss"]
    assert enc["order"]["field"] == "rank" and enc["x"]["stack"] == "zero"
    rows = next(iter(spec["datasets"].values()))
    assert {(r["code"], r["status"]): (r["rank"], r["countries"]) for r in rows} == {
        ("Core 3", "missing"): (2, 20),
        ("Core 3", "partial"): (1, 9),
        ("Core 3", "reported"): (0, 5),
        ("Core 2", "missing"): (2, 32),
        ("Core 2", "partial"): (1, 2),
        ("Core 2", "reported"): (0, 0),
    }
