"""Where each assumption's value comes from, in words: the country's data (sourced, computed or
assumed, with the publishers and caveats of the figures behind it), or the preset and why it
sets that value. Shown beside every control and written into the scenario's files."""

from __future__ import annotations

from typing import Any

from ssw_core.baseline import BaselineProposal, CostProposal, Provenance
from ssw_core.presets import PRESETS
from ui.base import data
from ui.base.i18n import fmt_auto, fmt_pct, t, td
from ui.base.markdown import md_escape
from ui.base.memo import shared
from ui.parts.figures import flags
from ui.parts.inputs import Field
from ui.scenario.inputs import COST_KEYS, FIELDS, FLOW_FIELDS, current_preset

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


def provenance_text(p: Provenance, source: str | None = None) -> str:
    """'Sourced: …', 'Computed: …' or 'Assumption: …', in the current language."""
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
        else fmt_auto(v)
        if isinstance(v, float)
        else v
        for k, v in p.args.items()
    }
    text = t(f"provenance.{p.note}", **args)
    if source:
        text = f"{text} ({source})"
    if p.year is not None and p.origin != "assumption":
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
