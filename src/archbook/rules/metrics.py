"""What makes a success metric measurable: a number with a unit, or an amount of money.

One rule for both tools that read success metrics: ``adr-check``
([validate][archbook.adr.validate], the records under ``decisions/`` and ``docs/adr/``)
and ``check-exercise 05`` ([checker.adr][archbook.learning.checker.adr], a learner's
final ADR). Before this module each kept its own unit list and they had
drifted apart (``5 complaints`` passed one, ``3 GB`` the other), so one
record could pass ``adr-check`` and fail ``check-exercise``. The lists below
are the union of both, so no text that either tool accepted is refused now.

A text is measurable when it contains

- a currency followed by a figure: ``USD 9,000``, ``Rs. 500``, ``$12`` (see ``CURRENCIES``); or
- a figure followed, after at most one space, by a unit: ``2.5 s``, ``25%``,
  ``60 seconds``, ``3 mahine``, ``10x``, ``500 rps``. A unit in ``UNIT_STEMS``
  may go on with any letters (``day`` covers ``days``); a unit in
  ``UNIT_WORDS`` must not be followed by a letter (``5 s`` counts, ``5 steps``
  does not); or
- a figure of the running example quoted from the model, ``{{ example("latency.target") }}``
  ([FIGURE_CALL][archbook.core.figure_call.FIGURE_CALL]), which is written with its unit.

Case does not matter. Units are English or Roman Urdu words a metric
commonly uses; add a new one here and both tools learn it.
"""

from __future__ import annotations

import re

from archbook.core.figure_call import FIGURE_CALL

CURRENCIES: tuple[str, ...] = ("USD", "PKR", "EUR", "GBP", "Rs.", "Rs", "$", "€", "£")
"""Written before a figure: ``USD 9,000``, ``Rs 500``."""

UNIT_STEMS: tuple[str, ...] = (
    # shares
    "%", "percent", "fisad",
    # time (Roman Urdu: ghanta/ghante, din/dinon, hafta/hafte, mahina/mahine, saal)
    "sec", "second", "minute", "hour", "ghant", "day", "dinon", "week", "haft", "month", "mahin",
    "quarter", "year", "saal",
    # money and volume
    "usd", "pkr", "guftagu", "query", "queries",
)
"""Units matched as the start of a word: ``hour`` covers ``hours`` and ``hourly``."""

UNIT_WORDS: tuple[str, ...] = (
    # shares and rates ("5 per minute", "5 per cent"; Roman Urdu "fi sad", "fi ghanta")
    "per", "fi",
    # time
    "ms", "milliseconds?", "s", "mins?", "hrs?", "din",
    # multipliers and magnitudes (lakh and crore: a hundred thousand, ten million)
    "x", "k", "million", "lakh", "crore",
    # counts
    "tokens?", "requests?", "calls?", "conversations?", "tickets?", "articles?", "documents?",
    "incidents?", "users?", "customers?", "answers?", "cases?", "items?", "points?", "errors?",
    "alerts?", "complaints?", "gpus?", "nodes?", "replicas?",
    # throughput and size
    "[km]?rps", "qps", "kb", "mb", "gb", "tb",
)
"""Units matched as whole words (``s?`` allows the plural); a letter right after one disqualifies it."""

_FIGURE = r"\d[\d,.]*"
_MEASURE = re.compile(
    "(?:" + "|".join(re.escape(c) for c in CURRENCIES) + r")\s?\d"
    + "|" + _FIGURE + r"\s?(?:"
    + "|".join(re.escape(stem) for stem in UNIT_STEMS)
    + "|(?:" + "|".join(UNIT_WORDS) + ")(?![a-z]))",
    re.IGNORECASE,
)


def is_measurable(text: str) -> bool:
    """Does ``text`` name a number with a unit (``2.5 s``, ``25%``, ``USD 9,000``)?

    >>> is_measurable("p95 first-token latency under 2.5 s"), is_measurable("Version 2 of the API")
    (True, False)
    """
    return bool(_MEASURE.search(text) or FIGURE_CALL.search(text))
