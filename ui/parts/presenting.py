"""Whether the view is being presented to a room (`?present=1`): no menus, larger type and
charts. Owned here, below the page families, because placing a chart or a table depends on it
(`place`); the presentation itself (its slides, the keys of a clicker) is `ui.present`."""

from __future__ import annotations

from ui.base import link

PRESENT = link.Param[str](
    "present",
    __name__,
    "0",
    case="lower",
    survives_slide=True,
    doc="presentation mode: '1' on, '0' off",
)
OPTIONS = ("1", "0")


def presenting() -> bool:
    return PRESENT.value() == "1"
