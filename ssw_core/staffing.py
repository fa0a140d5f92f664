"""Staffing need from workload: the WHO WISN method applied to social work (docs/method.md §3).

    AWT = (working days - public holidays - annual leave - sick leave - other leave)
          x working hours per day                                          [hours/year]
    standard workload SW_i = AWT / t_i                        [units per worker-year]
    CAF = 1 / (1 - total category allowance % / 100)   (supervision, CPD, travel, admin)
    IAF = total individual allowance hours / AWT        (supervisors, trainers)
    required = (sum of W_i / SW_i) x CAF + IAF                            [workers]
    WISN ratio = existing / required;  shortage = required - existing

The caseload view of the same arithmetic: a worker spending h hours of direct work per open
case per month, with a share d of working time direct, holds AWT x d / (12 x h) open cases.

Defaults come from the caseload guidance of IFSW Europe (2010), which the Call to Action adopts
(seed 003): 4-12 hours of direct work per client per month, about 70 % of time direct. Working
days and leave have no source in our data: they are assumptions for the user to replace.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

DIRECT_SHARE = 0.70
"""[fraction] Share of working time spent in direct work with clients (IFSW Europe, seed 003)."""
DIRECT_HOURS_PER_CASE_MONTH = (4.0, 12.0)
"""[hours per open case per month] Range of direct work per client (IFSW Europe, seed 003)."""
HOURS_PER_CASE_MONTH = sum(DIRECT_HOURS_PER_CASE_MONTH) / 2
"""[hours per open case per month] The middle of that range (8): the page's starting value, an
assumption it labels as such."""
CASELOAD_BAND = (10.0, 20.0)
"""[open cases per social worker] Complex casework guidance adopted by the Call to Action."""


def _non_negative(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    return float(value)


def available_working_time(
    *,
    working_days: float,
    public_holidays: float,
    annual_leave: float,
    sick_leave: float,
    other_leave: float,
    hours_per_day: float,
) -> float:
    """Available working time AWT [hours/year] of one full-time worker.

    working_days [days/year] counts every working day of the calendar (e.g. 52 x 5 = 260);
    the holidays and leaves [days/year] are taken off it; hours_per_day [hours/day].
    """
    days = _non_negative("working_days", working_days)
    off = sum(
        _non_negative(n, v)
        for n, v in (
            ("public_holidays", public_holidays),
            ("annual_leave", annual_leave),
            ("sick_leave", sick_leave),
            ("other_leave", other_leave),
        )
    )
    if off > days:
        raise ValueError(f"holidays and leave ({off:g} days) exceed working days ({days:g})")
    return (days - off) * _non_negative("hours_per_day", hours_per_day)


@dataclass(frozen=True)
class WorkingTime:
    """The WISN calculator's starting values, per full-time worker and year. None is in our
    data: the page labels them assumptions to replace with the country's own, except the 260
    working days (the calendar's 52 weeks of 5 days)."""

    working_days: int = 260  # [days] 52 x 5: the calendar
    public_holidays: int = 10  # [days] assumption
    annual_leave: int = 24  # [days] assumption
    sick_leave: int = 8  # [days] assumption
    other_leave: int = 5  # [days] assumption: training and other absence
    hours_per_day: float = 8.0  # [hours] assumption
    contract_hours: int = 52 * 40  # [hours] a 40-hour week: assumption
    absent_share: float = 0.18  # [fraction] of contract hours: assumption

    @property
    def available_hours(self) -> float:
        """AWT [hours/year] of these days and hours (1,704 as they start)."""
        return available_working_time(
            working_days=self.working_days,
            public_holidays=self.public_holidays,
            annual_leave=self.annual_leave,
            sick_leave=self.sick_leave,
            other_leave=self.other_leave,
            hours_per_day=self.hours_per_day,
        )


WISN_START = WorkingTime()
"""The calculator's starting values (one place: the page's fields read them)."""


def awt_from_contract(contract_hours: float, deductions_pct: float) -> float:
    """AWT [hours/year] as contract hours [hours/year] minus percentage deductions [%]."""
    hours = _non_negative("contract_hours", contract_hours)
    pct = _non_negative("deductions_pct", deductions_pct)
    if pct > 100:
        raise ValueError(f"deductions_pct must be at most 100, got {pct}")
    return hours * (1 - pct / 100)


def standard_workload(awt_hours: float, hours_per_unit: float) -> float:
    """Standard workload SW [units per worker-year] = AWT / time per unit."""
    awt = _non_negative("awt_hours", awt_hours)
    t = _non_negative("hours_per_unit", hours_per_unit)
    if t == 0:
        raise ValueError("hours_per_unit must be positive")
    return awt / t


@dataclass(frozen=True)
class StaffingResult:
    """Result of `required_staff`. Staff in full-time equivalents [workers]."""

    required: float
    """Required staff = (sum of W_i / SW_i) x CAF + IAF."""
    workload_staff: float
    """Staff for the workload components alone, sum of W_i / SW_i (before allowances)."""
    by_component: tuple[float, ...]
    """W_i / SW_i for each component, in input order."""
    caf: float
    """Category allowance factor = 1 / (1 - CAS% / 100)."""
    iaf: float
    """Individual allowance factor = IAS hours / AWT [workers]."""
    existing: float | None
    wisn_ratio: float | None
    """existing / required; None without existing staff or when nothing is required."""
    shortage: float | None
    """required - existing (negative = surplus); None without existing staff."""


def required_staff(
    components: Iterable[tuple[float, float]],
    *,
    awt_hours: float,
    category_allowance_pct: float = 0.0,
    individual_allowance_hours: float = 0.0,
    existing_staff: float | None = None,
) -> StaffingResult:
    """Required staff by WISN for `components`, an iterable of
    (annual workload W_i [units/year], time per unit t_i [hours/unit]) pairs.

    category_allowance_pct [%] of working time spent by every worker on work that is not
    casework (supervision, CPD, travel, administration); individual_allowance_hours
    [hours/year, all staff together] spent by some staff only (supervising, training).
    """
    awt = _non_negative("awt_hours", awt_hours)
    if awt == 0:
        raise ValueError("awt_hours must be positive")
    cas = _non_negative("category_allowance_pct", category_allowance_pct)
    if cas >= 100:
        raise ValueError("category_allowance_pct must be below 100")
    ias = _non_negative("individual_allowance_hours", individual_allowance_hours)
    parts = []
    for i, (workload, hours) in enumerate(components):
        w = _non_negative(f"annual workload of component {i + 1}", workload)
        t = _non_negative(f"time per unit of component {i + 1}", hours)
        parts.append(0.0 if w == 0 or t == 0 else w / standard_workload(awt, t))
    caf = 1 / (1 - cas / 100)
    iaf = ias / awt
    workload_staff = sum(parts)
    required = workload_staff * caf + iaf
    existing = None if existing_staff is None else _non_negative("existing_staff", existing_staff)
    return StaffingResult(
        required=required,
        workload_staff=workload_staff,
        by_component=tuple(parts),
        caf=caf,
        iaf=iaf,
        existing=existing,
        wisn_ratio=None if existing is None or required == 0 else existing / required,
        shortage=None if existing is None else required - existing,
    )


def caseload_capacity(
    awt_hours: float,
    *,
    hours_per_case_per_month: float,
    direct_share: float = DIRECT_SHARE,
) -> float:
    """Open cases one worker can hold [cases] = AWT x d / (12 x h).

    hours_per_case_per_month [hours] of direct work per open case; direct_share d [0-1]
    of working time spent in direct work (IFSW Europe guidance: 4-12 hours, about 0.70).
    """
    awt = _non_negative("awt_hours", awt_hours)
    h = _non_negative("hours_per_case_per_month", hours_per_case_per_month)
    d = _non_negative("direct_share", direct_share)
    if d > 1:
        raise ValueError(f"direct_share must be at most 1, got {d}")
    if h == 0:
        raise ValueError("hours_per_case_per_month must be positive")
    return awt * d / (12 * h)


def required_from_caseload(open_cases: float, target_caseload: float) -> float:
    """The simple view [workers] = open cases / target caseload [cases per worker]."""
    cases = _non_negative("open_cases", open_cases)
    target = _non_negative("target_caseload", target_caseload)
    if target == 0:
        raise ValueError("target_caseload must be positive")
    return cases / target


@dataclass(frozen=True)
class Lens:
    """One way of saying how many workers are needed [workers], next to those available."""

    key: str
    """'caseload', 'workload', 'benchmark', 'funded' or 'estimate'."""
    required: float | None
    """None when an input is missing: the lens is shown as missing, not as zero."""
    available: float
    gap: float | None
    """required - available (positive = shortage)."""


def need_lenses(
    *,
    available: float,
    open_cases: float | None,
    target_caseload: float,
    funded_posts: float,
    benchmark_per_100k_children: float | None = None,
    child_population: float | None = None,
    workload_required: float | None = None,
    national_estimate: float | None = None,
) -> list[Lens]:
    """Workers needed by each lens of the scenario page (docs/method.md §3; seed 002 on ratios):
    caseload = open cases / target caseload; workload = WISN required staff, if computed;
    benchmark = a per-100,000-children ratio the user sets x children / 100,000; funded =
    posts funded today; estimate = a national estimate of need from the sources."""
    from ssw_core.indicators import workers_for_rate

    caseload = None if open_cases is None else required_from_caseload(open_cases, target_caseload)
    benchmark = (
        workers_for_rate(benchmark_per_100k_children, child_population)
        if benchmark_per_100k_children
        else None
    )
    out = []
    for key, required in (
        ("caseload", caseload),
        ("workload", workload_required),
        ("benchmark", benchmark),
        ("funded", funded_posts),
        ("estimate", national_estimate),
    ):
        gap = None if required is None else required - available
        out.append(Lens(key, required, available, gap))
    return out
