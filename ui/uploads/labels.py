"""The words of the Your data page: measures, problems, breakdowns, values and versions as the
user reads them, in the current language."""

from __future__ import annotations

from ssw_core import uploads
from ui.base.i18n import fmt_auto, t


def measure_label(measure: str) -> str:
    return t(f"upload.measure.{measure}")


def problem_text(p: uploads.Problem) -> str:
    return t(f"upload.problem.{p.code}", **{k: v for k, v in p.args.items()})


def when_text(created: str) -> str:
    return created.replace("T", " ").replace("Z", " UTC")


def value_text(value: str, unit: str) -> str:
    """'15,750 cases', 'yes': a previewed value as the pages will show it."""
    if unit == "yes/no":
        return t("common.yes") if value == "yes" else t("common.no")
    try:
        return f"{fmt_auto(float(value))} {unit}"
    except ValueError:
        return f"{value} {unit}"


def version_label(version_id: str) -> str:
    return t("upload.version_label", n=int(version_id[:4]))


def breakdown_text(breakdown: str | None) -> str:
    if not breakdown:
        return ""
    return ", ".join(t(f"upload.breakdown.{b.strip()}") for b in breakdown.split(","))
