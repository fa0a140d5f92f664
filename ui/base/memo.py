"""Display values made once per process: a table of figures formatted in one language is the
same for every session that shows the same figures (a room's participants on one slide all
do). `shared` memoises a function on its arguments, the current language and the data's
version; a Polars frame argument counts by its content (a hash of every row), so callers pass
what they have.

Only for functions whose result depends on nothing else, and whose results nobody changes in
place (Polars frames are not changed in place; lists are only read).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import polars as pl

from ui.base import data
from ui.base.i18n import current_lang

P = ParamSpec("P")
R = TypeVar("R")


def _key(value: Any) -> Hashable:
    if isinstance(value, pl.DataFrame):
        return ("frame", tuple(value.columns), tuple(value.hash_rows(seed=7).to_list()))
    return value  # type: ignore[no-any-return]


def shared(
    maxsize: int = 256, key: Callable[..., Hashable] | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Memoise a display function for every session of the process (see the module). `key`:
    what identifies the arguments, when they are not hashable themselves (a model's outcome,
    by the inputs it was computed from)."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        cache: OrderedDict[Hashable, R] = OrderedDict()
        lock = threading.Lock()

        @wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            key = (
                current_lang(),
                data.version(),
                key_of(*args, **kwargs),
            )
            with lock:
                if key in cache:
                    cache.move_to_end(key)
                    return cache[key]
            result = fn(*args, **kwargs)
            with lock:
                cache[key] = result
                while len(cache) > maxsize:
                    cache.popitem(last=False)
            return result

        return call

    def key_of(*args: Any, **kwargs: Any) -> Hashable:
        if key is not None:
            return key(*args, **kwargs)
        return (
            tuple(_key(a) for a in args),
            tuple(sorted((k, _key(v)) for k, v in kwargs.items())),
        )

    return decorate
