"""The shape of a cache a pure build step can be handed, so the step itself stays free of caching.

A step that turns text into text (trim a stylesheet, add spellings to an
index) takes a ``remember`` argument and makes its output through it:
``remember(kind, inputs, produce)`` returns the text ``produce()`` would
return for ``inputs``. The default, :func:`produce_again`, keeps nothing; the
build passes ``archbook.site.build_cache.remembered``, which hands back the
output of an earlier build whose inputs were the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Remember = Callable[[str, Sequence[str], Callable[[], str]], str]
"""``remember(kind, inputs, produce)``: the text ``produce()`` makes from ``inputs``, perhaps kept from an earlier build."""


def produce_again(kind: str, inputs: Sequence[str], produce: Callable[[], str]) -> str:
    """The :data:`Remember` that keeps nothing: ``produce()``, every time."""
    return produce()


_IN_USE: list[Remember] = []


def use(remember: Remember | None) -> None:
    """Make ``remember`` the cache every :func:`kept` call goes through (None: keep nothing).

    For per-page work deep inside a check (the markup allow-list of one page,
    the hand-typed figures of one page): the build hands its cache in once,
    at its start, instead of through every function between.
    """
    _IN_USE[:] = [remember] if remember else []


def kept(kind: str, inputs: Sequence[str], produce: Callable[[], str]) -> str:
    """The text ``produce()`` makes from ``inputs``, through the cache in :func:`use` (or made now)."""
    return (_IN_USE[0] if _IN_USE else produce_again)(kind, inputs, produce)
