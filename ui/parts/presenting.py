"""Whether the view is being presented to a room (`?present=1`): no menus, larger type and
charts. Owned here, below the page families, because placing a chart or a table depends on it
(`place`); the presentation itself (its slides, the keys of a clicker) is `ui.present`."""

from __future__ import annotations

from ui.base import link, session
from ui.base.link import BadValue

PRESENT = link.Param[str](
    "present",
    __name__,
    "0",
    case="lower",
    survives_slide=True,
    doc="presentation mode: '1' on, '0' off",
)
OPTIONS = ("1", "0")
_HEADED = session.Key[bool](
    "_slide_headed", __name__, doc="this run's slide has a message: it is the slide's heading"
)


def presenting() -> bool:
    return PRESENT.value() == "1"


def adopt() -> BadValue | None:
    """Before anything is drawn: take `?present=` from the link (the presentation's own
    parameters, its deck and slide, are ui.present's)."""
    return PRESENT.adopt(OPTIONS)


def publish(on: bool) -> None:
    """Write whether the view is presented to the link."""
    PRESENT.publish("1" if on else "0")


def turn(on: bool) -> None:
    """Present the view, or stop, from the next run (a callback of ui.present)."""
    PRESENT.key.set("1" if on else "0")


def head(with_message: bool) -> None:
    """Say whether this run's slide is headed by its message (ui.present, before the page)."""
    _HEADED.set(with_message)


def headed() -> bool:
    """The slide has a message for a heading (then the page's own title is left off it)."""
    return presenting() and bool(_HEADED.get())
