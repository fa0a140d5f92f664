"""The lenses of need: how many workers each way of counting need asks for."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from ssw_core.baseline import BaselineProposal
from ssw_core.staffing import Lens, need_lenses
from ssw_core.workforce import Population
from ui.base import charts, data
from ui.base.i18n import compact_units, fmt_num, t
from ui.base.markdown import md_escape
from ui.parts.place import Notes, show_chart, show_table
from ui.scenario.inputs import Inputs
from ui.scenario.model import Model
from ui.scenario.provenance import file_notes, provenance_text, source_of
from ui.scenario.views import title


def lenses(version: str, m: Model) -> None:
    """The lenses of need: how many workers each way of counting need asks for."""
    b, iso3, proposal = m.inputs.baseline, m.start.iso3, m.start.proposal
    children = data.child_population(version, iso3, b.base_year) if iso3 else None
    workload = m.workload.result
    found = need_lenses(
        available=b.s1 + b.s6,
        open_cases=b.open_cases,
        target_caseload=m.inputs.scenario.target_caseload,
        funded_posts=b.posts,
        benchmark_per_100k_children=m.inputs.benchmark,
        child_population=None if children is None else children.persons,
        workload_required=None if workload is None else workload.required,
        national_estimate=proposal.required_posts.value if proposal else None,
    )
    lenses_chart(
        found,
        lens_notes(m.inputs, children, proposal, workload),
        lens_labels(children),
        m.inputs,
        lambda: file_notes(m, "lenses"),
    )


def lenses_chart(
    lenses: list[Lens],
    notes: dict[str, str],
    labels: dict[str, str],
    inputs: Inputs,
    file_lines: Notes = (),
) -> None:
    shown = [lens for lens in lenses if lens.required is not None]
    available = lenses[0].available
    if shown:
        frame = pl.DataFrame(
            {
                "lens": [labels[x.key] for x in shown],
                "required": [x.required for x in shown],
            }
        )
        show_chart(
            lambda: charts.lens_bars(
                frame,
                x_title=t("scenario.workers"),
                available=available,
                available_label=t("scenario.available", n=fmt_num(available)),
                units=compact_units(),
            ),
            "scenario-need",
            title=title(inputs, "lenses"),
            key=("scenario-need", inputs, tuple(frame.rows()), available),
            notes=file_lines,
        )
    rows = []
    for lens in lenses:
        rows.append(
            {
                t("scenario.lens_col"): labels[lens.key],
                t("scenario.needed"): t("common.missing")
                if lens.required is None
                else fmt_num(lens.required),
                t("scenario.gap"): t("common.missing") if lens.gap is None else fmt_num(lens.gap),
                t("scenario.basis"): md_escape(notes.get(lens.key, "")),
            }
        )
    show_table(pl.DataFrame(rows), "scenario-need")
    st.caption(t("scenario.lens_caption", n=fmt_num(available)))


def lens_notes(
    inputs: Inputs,
    children: Population | None,
    proposal: BaselineProposal | None,
    workload: Any,
) -> dict[str, str]:
    """How each lens of need was obtained, in words."""
    b, s = inputs.baseline, inputs.scenario
    notes = {
        "caseload": t(
            "scenario.lens_note.caseload",
            cases=fmt_num(b.open_cases),
            target=fmt_num(s.target_caseload),
        )
        if b.open_cases is not None
        else t("scenario.lens_note.caseload_missing"),
        "workload": t("scenario.lens_note.workload")
        if workload is not None
        else t("scenario.lens_note.workload_missing"),
        "funded": t("scenario.lens_note.funded_entered")
        if b.funded_posts is not None
        else t("scenario.lens_note.funded"),
    }
    if inputs.benchmark and children:
        notes["benchmark"] = t(
            f"scenario.lens_note.benchmark_{children.series}",
            rate=fmt_num(inputs.benchmark),
            children=fmt_num(children.persons),
            year=children.year,
        )
    elif inputs.benchmark:
        notes["benchmark"] = t("scenario.lens_note.benchmark_no_children")
    else:
        notes["benchmark"] = t("scenario.lens_note.benchmark_missing")
    if proposal is not None and proposal.required_posts.value is not None:
        notes["estimate"] = provenance_text(
            proposal.required_posts, source_of(proposal.required_posts, proposal.iso3)
        )
    else:
        notes["estimate"] = t("scenario.lens_note.estimate_missing")
    return notes


def lens_labels(children: Population | None) -> dict[str, str]:
    """Each lens's name; the benchmark names the age group of the child population used."""
    keys = ("caseload", "workload", "benchmark", "funded", "estimate")
    labels = {k: t(f"scenario.lens.{k}") for k in keys}
    if children:
        labels["benchmark"] = t(f"scenario.lens.benchmark_{children.series}")
    return labels
