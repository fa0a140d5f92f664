"""Where each assumption's value comes from, in words: the country's data (sourced, computed or
assumed, with the publishers and caveats of the figures behind it), or the preset and why it
sets that value. Shown beside every control and written into the scenario's files, and under
its charts in their files (`file_notes`)."""

from __future__ import annotations

from typing import Any

from ssw_core import baseline
from ssw_core.baseline import BaselineProposal, CostProposal, Provenance
from ssw_core.figures import Source
from ssw_core.presets import PRESETS
from ui.base import data
from ui.base.i18n import fmt_auto, fmt_day, fmt_pct, t, td
from ui.base.markdown import md_escape
from ui.base.memo import shared
from ui.parts.credits import cited, figure_sources, population_sources, sources_line
from ui.parts.figures import figure_label, figure_text, flags, year_text
from ui.parts.inputs import Field
from ui.scenario.headline import _from_data, _split_assumed, benchmark_text
from ui.scenario.inputs import BY_KEY, COST_KEYS, FIELDS, FLOW_FIELDS, current_preset
from ui.scenario.model import Model

_PROVENANCE_FIELD = {
    "s1": "s1",
    "s6": "s6",
    "s3": "s3",
    "cases": "open_cases",
    "teacher_pay": "teacher_pay",
    "pay_ratio": "pay_ratio",
    "pay_s3": "pay_s3",
    "pay_s1": "pay_s1",
    "place_cost": "place_cost",
}
_RULE_HELP = {
    "hours": "scenario.hours_help",
    "pay_s1": "plan_rule.pay_s1_from_teachers",
    "pay_s6": "plan_rule.pay_s6_as_s1",
    "pay_s3": "plan_rule.pay_s3_empty",
    "s3_as_s6": "scenario.s3_as_s6_help",
    "keep_s3": "scenario.keep_s3_help",
    "s3": "plan_rule.s3_unknown",
}
"""Inputs whose empty or starting value follows a rule of ssw_core.plan (or a cited range):
the rule, as their help."""


def provenance_text(p: Provenance, source: str | None = None, *, markdown: bool = True) -> str:
    """'Sourced: …', 'Computed: …' or 'Assumption: …', in the current language; for Markdown
    (the facilitator's words escaped), or plain text for a file (`markdown=False`)."""
    if p.value is None:
        return t("provenance.not_in_data")
    args = {
        k: fmt_pct(v, 0)
        if k == "share"
        else t(f"provenance.unit.{v}")
        if k == "unit"
        else td(str(v))  # a unit of the data ('MDL per month'), in the page's language
        if k == "range_unit"
        else t(f"regions.name.{v}")
        if k == "region"
        else (md_escape(v) if markdown else str(v))  # the facilitator's words
        if k == "event"
        else fmt_day(str(v))  # the day a country team's estimate was asked for
        if k == "date"
        else fmt_auto(v)
        if isinstance(v, float)
        else v
        for k, v in p.args.items()
    }
    text = t(f"provenance.{p.note}", **args)
    if source:
        text = f"{text} ({source})"
    if p.year is not None and p.origin not in ("assumption", "estimate"):
        text = f"{text}, {p.year}"
    return t(f"provenance.origin.{p.origin}", text=text)


def source_of(p: Provenance, iso3: str | None) -> str | None:
    """The publishers behind a value, with the caveats of their figures."""
    if not p.obs_ids or iso3 is None:
        return None
    return _sources(data.version(), iso3, tuple(p.obs_ids))


@shared(maxsize=512)
def _sources(version: str, iso3: str, obs_ids: tuple[str, ...]) -> str | None:
    """source_of, once per figures and language for every session."""
    figs = [f for f in data.figure_records(version, geo=iso3) if f.obs_id in obs_ids]
    if not figs:
        return None
    # Escaped: a publisher declared with an upload is the user's text, and captions and help
    # texts are Markdown (an image in it would be fetched from its host).
    publishers = "; ".join(dict.fromkeys(md_escape(f.source.publisher) for f in figs))
    caveats = " · ".join(dict.fromkeys(md_escape(c) for f in figs if (c := flags(f))))
    return f"{publishers}: {caveats}" if caveats else publishers


def provenance_of(
    key: str, proposal: BaselineProposal | None, costs: CostProposal | None
) -> Provenance | None:
    if key in FLOW_FIELDS.values():
        flows = proposal.flows if proposal is not None else {}
        name = next(n for n, k in FLOW_FIELDS.items() if k == key)
        return flows.get(name)
    if key not in _PROVENANCE_FIELD:
        return None
    holder: Any = costs if key in COST_KEYS else proposal
    return None if holder is None else getattr(holder, _PROVENANCE_FIELD[key])


def field_notes(
    proposal: BaselineProposal | None,
    costs: CostProposal | None,
    iso3: str | None,
    shown: dict[str, Any],
    preset: str,
) -> dict[str, str]:
    """Where each input's value comes from, as the controls say it (for the scenario file).
    Takes the values and the preset explicitly: it runs when a download is made, outside
    the script run, where the session's state is out of reach."""
    out = {}
    for field in FIELDS:
        p = provenance_of(field.key, proposal, costs)
        if p is not None and p.value is not None:
            suggested = field.to_widget(p.value)
            same = shown[field.key] == suggested or (
                field.key == "pay_ratio" and shown[field.key] == round(suggested, 2)
            )
            out[field.key] = (
                provenance_text(p, source_of(p, iso3))
                if same
                else t("scenario.entered_instead", value=fmt_auto(suggested))
            )
        else:
            out[field.key] = preset_help(field, preset) or ""
    return out


def preset_help(field: Field, name: str | None = None) -> str | None:
    """What the chosen preset sets this assumption to, and why (presets are data with notes)."""
    name = name or current_preset()
    if field.key in _RULE_HELP:
        return t(_RULE_HELP[field.key])
    if not field.target.startswith("scenario.") or name not in PRESETS:
        return None
    pv = PRESETS[name].get(field.model_field)
    if pv is None:
        return None
    if isinstance(pv.value, bool):
        shown = t("common.yes") if pv.value else t("common.no")
    elif pv.per_s6:
        shown = t("scenario.per_s6", share=fmt_pct(pv.value, 0))
    else:
        shown = fmt_auto(field.to_widget(pv.value))
    return t(
        "scenario.preset_sets",
        preset=t(f"scenario.preset.{name}"),
        value=shown,
        why=t(f"preset_note.{pv.note}"),
    )


def file_notes(m: Model, view: str) -> list[str]:
    """What a scenario chart's file says under it (issue 23): where the starting point comes
    from (the figure with its source and year; a regional benchmark with the sources it is
    made of; or the user's own figures), the assumptions standing in for missing figures (the
    split of the start, the model's rules), and for the cost the sources of the pay. Worded
    for paper: none of it points at the sidebar."""
    version, proposal, iso3 = data.version(), m.start.proposal, m.start.iso3
    lines: list[str] = []
    if proposal is None or not _from_data(proposal, m.result):
        lines.append(t("export.scenario_own"))
    elif proposal.benchmarked:
        args = proposal.s6.args
        lines.append(benchmark_text(proposal, "export.scenario_benchmark"))
        lines.append(
            sources_line(_benchmark_sources(version, str(args["region"])), "export.from.benchmark")
        )
        lines.append(
            sources_line(
                population_sources(version, {baseline.BENCHMARK_SERIES}, proposal.iso3),
                "export.from.population",
            )
        )
    else:
        figures = {f.obs_id: f for f in data.figure_records(version, geo=proposal.iso3)}
        used = [figures[i] for i in proposal.start_obs_ids if i in figures]
        if used:
            first = used[0]
            lines.append(
                t(
                    "export.scenario_start",
                    start=figure_text(first),
                    what=figure_label(first),
                    year=year_text(first),
                    source=cited(first.source),
                )
            )
        if len(used) > 1:  # S1 or the split from other figures
            lines.append(sources_line(figure_sources(used[1:]), "export.from.start"))
    if proposal is not None and _split_assumed(proposal, m.result):
        share = proposal.s6.args.get("share")
        lines.append(
            t("export.split_assumed")
            if share is None
            else t("export.split_assumed_share", share=fmt_pct(share, 0))
        )
    lines += estimate_lines(m.start.proposal, m.start.costs, m.shown, view)
    # the rules standing in for missing pay matter to the cost only
    lines += [
        t(f"plan_rule.{rule}")
        for rule in m.outcome.assumed
        if view == "cost" or not rule.startswith("pay_")
    ]
    if view == "cost" and m.start.costs is not None and iso3 is not None:
        costs, shown = m.start.costs, m.shown
        records = data.figure_records(version, geo=iso3)
        # the pay apart from the price of a study place (a tuition fee is no pay: a page
        # listed it as the pay and then said the data gave no pay)
        for keys, said in (
            (("pay_s1", "teacher_pay", "pay_ratio", "pay_s3"), "export.from.pay"),
            (("place_cost",), "export.from.place_cost"),
        ):
            given = [
                p
                for key in keys
                if (p := getattr(costs, key)).value is not None
                and p.obs_ids
                and _same(key, p, shown)
            ]
            ids = {i for p in given for i in p.obs_ids}
            found = [f for f in records if f.obs_id in ids]
            lines.append(sources_line(figure_sources(found), said))
    return [line for line in lines if line]


def estimate_lines(
    proposal: BaselineProposal | None,
    costs: CostProposal | None,
    shown: dict[str, Any],
    view: str = "cost",
) -> list[str]:
    """Each starting value that is a country team's estimate (offered to the lab by the
    facilitator, ssw_core.questions) and still on screen: what it is, labelled with the
    event and the date; never mixed with the sourced figures' lines."""
    found: list[tuple[str, Provenance]] = []
    if proposal is not None:
        if proposal.s6.note.endswith("_estimate"):
            found.append(("s6", proposal.s6))
        if proposal.open_cases.origin == "estimate":
            found.append(("cases", proposal.open_cases))
    if view == "cost" and costs is not None and costs.place_cost.origin == "estimate":
        found.append(("place_cost", costs.place_cost))
    found = [(key, p) for key, p in found if _same(key, p, shown)]
    return [
        t(
            "export.room_estimate",
            what=t(f"scenario.f.{key}"),
            text=provenance_text(p, markdown=False),  # under a chart in its file: plain text
        )
        for key, p in found
    ]


def _same(key: str, p: Provenance, shown: dict[str, Any]) -> bool:
    """The value on screen is the data's (a ratio as its slider rounds it)."""
    suggested = BY_KEY[key].to_widget(p.value)
    return bool(
        shown[key] == suggested or (key == "pay_ratio" and shown[key] == round(suggested, 2))
    )


def _benchmark_sources(version: str, region: str) -> list[Source]:
    """The sources of the figures a region's benchmark is made of (ssw_core.baseline rule 5)."""
    bench = baseline.regional_benchmark(data.store(), region)
    if bench is None:
        return []
    ids = {i for c in bench.countries for i in data.baseline_proposal(version, c).start_obs_ids}
    figures = [f for c in bench.countries for f in data.figure_records(version, geo=c)]
    return figure_sources(f for f in figures if f.obs_id in ids)
