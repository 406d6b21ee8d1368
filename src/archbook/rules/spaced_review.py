"""Spaced review: when each card of the review deck comes back, written once (SM-2).

The schedule is **SM-2**, the algorithm of SuperMemo 2 as Piotr Wozniak
described it in 1990: P. A. Wozniak, *Optimization of learning*, master's
thesis, University of Technology in Poznań, 1990, chapter 3.2, "Application of
a computer to improve the results obtained in working with the SuperMemo
method" (republished by SuperMemo World as "Algorithm SM-2"). Its steps, as
implemented here:

1. Every card starts with an E-Factor (here: ``ease``) of 2.5.
2. The intervals are I(1) = 1 day, I(2) = 6 days and I(n) = I(n-1) x EF for
   n > 2, a fraction being rounded up to the next whole day.
3. After each repetition the learner grades the answer with a quality q from
   0 to 5.
4. EF' = EF + (0.1 - (5 - q) x (0.08 + (5 - q) x 0.02)); an EF below 1.3
   becomes 1.3.
5. If q < 3 the repetitions start again from the beginning (I(1), I(2) ...)
   without changing the EF.
6. At the end of a day's session every card graded below 4 is repeated until
   it scores at least 4.

The four buttons of the review page map to Wozniak's quality scale
([QUALITY][archbook.rules.spaced_review.QUALITY]): **again** = 1 ("incorrect
response; the correct one remembered"), **hard** = 3 ("correct response
recalled with serious difficulty"), **good** = 4 ("correct response after a
hesitation"), **easy** = 5 ("perfect response"). So "again" restarts a card
(step 5), and "again" and "hard" bring it back later in the same session
(step 6).

Where SM-2 leaves a choice open, this project decides:

- The EF is kept as a whole number of hundredths (2.5 is ``250``): every change
  step 4 makes is a whole number of hundredths, so Python and the browser
  compute the same figures exactly, with no floating point.
- Step 2 multiplies by the EF the card has when it is repeated, before step 4
  changes it.
- Only the first answer of a day schedules a card; the repeats of step 6 on
  the same day only decide whether it stays in today's session (``drill``).
- At most [NEW_PER_DAY][archbook.rules.spaced_review.NEW_PER_DAY] cards not
  seen before join a day's session; intervals stop at
  [MAX_INTERVAL][archbook.rules.spaced_review.MAX_INTERVAL] days and the EF at
  [MAX_EASE][archbook.rules.spaced_review.MAX_EASE] hundredths, bounds no
  learner reaches but which keep every figure exact in JavaScript.

The browser cannot import Python, so [browser_rule][archbook.rules.spaced_review.browser_rule]
hands it these constants as data (the review widget's ``data-lp-rule``
attribute); ``docs/assets/javascripts/review.js`` implements the steps above
and ``learning.js`` the state format and the day's queue.
``tests/test_review_parity.py`` runs the Python and the JavaScript on the same
inputs in Chromium.

The state lives in the browser's ``localStorage`` under
[STORAGE_KEY][archbook.rules.spaced_review.STORAGE_KEY] as
``{"version": 1, "cards": {card id: card}}``, a card being
``{"reps", "ease", "interval", "due", "last", "seen", "drill"}`` (see
[CardState][archbook.rules.spaced_review.CardState]). A card id is
``<kind>:<entry id>`` ([card_id][archbook.rules.spaced_review.card_id]): it is
made from the id of the quiz question or glossary entry, never from its text,
so a card keeps its history when its wording is edited.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

STORAGE_KEY = "archbook.review.v1"
"""The browser's localStorage key holding the review state."""

STATE_VERSION = 1
"""The ``version`` of the stored state (and of the ``review`` field of a progress export)."""

CARD_KINDS: tuple[str, ...] = ("quiz", "term", "urdu")
"""Kinds of card: a quiz question, a glossary term's meaning, an English term's Roman Urdu form."""

CARD_ID_PATTERN = r"^(?:quiz|term|urdu):[a-z0-9]+(?:-[a-z0-9]+)*$"
"""A card id: its kind, a colon and the id of the quiz question or glossary entry."""

QUALITY: dict[str, int] = {"again": 1, "hard": 3, "good": 4, "easy": 5}
"""The review page's grades, in the order of its buttons, as SM-2 quality values (0 to 5)."""

BEST_QUALITY = 5
"""The top of SM-2's quality scale."""

PASS_QUALITY = 3
"""SM-2 step 5: an answer below this quality restarts the card's repetitions."""

DRILL_BELOW = 4
"""SM-2 step 6: an answer below this quality comes back in the same session."""

INITIAL_EASE = 250
"""SM-2 step 1: the E-Factor of a new card, in hundredths (2.5)."""

MIN_EASE = 130
"""SM-2 step 4: the lowest E-Factor, in hundredths (1.3)."""

MAX_EASE = 1_000_000
"""The highest E-Factor, in hundredths: a bound of this project, reached after 100,000 "easy" answers."""

EASE_FORMULA: dict[str, int] = {"base": 10, "linear": 8, "square": 2}
"""SM-2 step 4 in hundredths: EF' = EF + base - (5 - q) x (linear + (5 - q) x square)."""

FIRST_INTERVALS: tuple[int, int] = (1, 6)
"""SM-2 step 2: I(1) and I(2), in days."""

MAX_INTERVAL = 36_500
"""The longest interval, in days (about a hundred years): a bound of this project."""

NEW_PER_DAY = 20
"""How many cards not seen before join one day's session, at most."""

MAX_COUNT = 2**53 - 1
"""The largest count (``reps``) the state may hold: the largest whole number JavaScript keeps exactly."""

YEARS: tuple[int, int] = (2000, 9999)
"""The first and last year a stored date may have."""

CARD_FIELDS: tuple[str, ...] = ("reps", "ease", "interval", "due", "last", "seen", "drill")
"""The fields of a stored card, every one required."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CARD_ID = re.compile(CARD_ID_PATTERN)


def card_id(kind: str, entry_id: str) -> str:
    """The stable id of a card: ``card_id("quiz", "s1-llm-depth")`` is ``"quiz:s1-llm-depth"``.

    Raises:
        ValueError: ``kind`` is not one of [CARD_KINDS][archbook.rules.spaced_review.CARD_KINDS]
            or the result is not a valid card id.
    """
    if kind not in CARD_KINDS:
        raise ValueError(f"card kind {kind!r}: expected one of {', '.join(CARD_KINDS)}")
    made = f"{kind}:{entry_id}"
    if not _CARD_ID.fullmatch(made):
        raise ValueError(f"card id {made!r}: expected {CARD_ID_PATTERN}")
    return made


@dataclass(frozen=True)
class CardState:
    """What the schedule knows about one card the learner has answered at least once.

    ``reps`` counts the answers of quality 3 or more in a row (SM-2's n),
    ``ease`` is the E-Factor in hundredths, ``interval`` the last interval in
    days, ``due`` the day the card comes back, ``last`` the day it was last
    scheduled, ``seen`` the day it was first answered, and ``drill`` whether it
    must come back later on ``last`` (SM-2 step 6).
    """

    reps: int
    ease: int
    interval: int
    due: dt.date
    last: dt.date
    seen: dt.date
    drill: bool

    def to_json(self) -> dict:
        """The card as it is stored: dates as ``YYYY-MM-DD``."""
        return {"reps": self.reps, "ease": self.ease, "interval": self.interval, "due": self.due.isoformat(),
                "last": self.last.isoformat(), "seen": self.seen.isoformat(), "drill": self.drill}


def quality(grade: str) -> int:
    """The SM-2 quality of a grade of the review page (``"good"`` -> 4).

    Raises:
        ValueError: ``grade`` is not one of [QUALITY][archbook.rules.spaced_review.QUALITY].
    """
    if grade not in QUALITY:
        raise ValueError(f"grade {grade!r}: expected one of {', '.join(QUALITY)}")
    return QUALITY[grade]


def ease_change(q: int) -> int:
    """SM-2 step 4: how many hundredths an answer of quality ``q`` adds to the E-Factor.

    >>> ease_change(5), ease_change(4), ease_change(3), ease_change(1)
    (10, 0, -14, -54)
    """
    miss = BEST_QUALITY - q
    return EASE_FORMULA["base"] - miss * (EASE_FORMULA["linear"] + miss * EASE_FORMULA["square"])


def next_interval(reps: int, interval: int, ease: int) -> int:
    """SM-2 step 2: the interval after a passing answer, ``reps`` passing answers having come before.

    >>> next_interval(0, 0, 250), next_interval(1, 1, 250), next_interval(2, 6, 250), next_interval(3, 15, 250)
    (1, 6, 15, 38)
    """
    if reps < len(FIRST_INTERVALS):
        return FIRST_INTERVALS[reps]
    return min(MAX_INTERVAL, -(-interval * ease // 100))  # whole days, rounded up


def review(card: CardState | None, grade: str, today: dt.date) -> CardState:
    """The card's state after the learner answers it on ``today`` with ``grade``.

    ``card`` is ``None`` for a card never answered before. The first answer of
    a day schedules the card (SM-2 steps 2 to 5); a later answer on the same
    day only sets ``drill`` (step 6): whether the card comes back once more
    in today's session.
    """
    q = quality(grade)
    drill = q < DRILL_BELOW
    if card is None:
        card = CardState(reps=0, ease=INITIAL_EASE, interval=0, due=today, last=today, seen=today, drill=False)
    elif card.last == today:
        return replace(card, drill=drill)
    if q < PASS_QUALITY:
        reps, interval, ease = 0, FIRST_INTERVALS[0], card.ease
    else:
        interval = next_interval(card.reps, card.interval, card.ease)
        reps = min(MAX_COUNT, card.reps + 1)
        ease = min(MAX_EASE, max(MIN_EASE, card.ease + ease_change(q)))
    return CardState(reps=reps, ease=ease, interval=interval, due=today + dt.timedelta(days=interval),
                     last=today, seen=card.seen, drill=drill)


def due_queue(cards: Mapping[str, CardState], deck: Sequence[str], today: dt.date,
              new_per_day: int = NEW_PER_DAY) -> list[str]:
    """The cards of ``deck`` to answer on ``today``, in order; its length is "due today".

    First the cards answered before whose day has come (``due`` on or before
    ``today``), the most overdue first; then cards never answered, in deck
    order, as many as today's allowance of new cards leaves (cards first
    answered today, in any deck, count against it); last the cards answered
    below "good" today (SM-2 step 6). A card of ``cards`` that is not in
    ``deck`` is ignored.
    """
    order = {card: index for index, card in enumerate(deck)}
    reviews = sorted((c for c in deck if c in cards and cards[c].due <= today and cards[c].last < today),
                     key=lambda c: (cards[c].due, order[c]))
    started = sum(1 for state in cards.values() if state.seen == today)
    new = [c for c in deck if c not in cards][:max(0, new_per_day - started)]
    drills = [c for c in deck if c in cards and cards[c].drill and cards[c].last == today]
    return reviews + new + drills


def next_review(cards: Mapping[str, CardState], deck: Sequence[str], today: dt.date) -> dt.date | None:
    """The first day after ``today`` on which a card of ``deck`` is due, or None for an empty deck.

    That is the earliest ``due`` after ``today`` of the deck's answered cards,
    or tomorrow when some card of the deck has never been answered (new cards
    join every day).
    """
    days = [cards[c].due for c in deck if c in cards and cards[c].due > today]
    if any(c not in cards for c in deck):
        days.append(today + dt.timedelta(days=1))
    return min(days, default=None)


def drop_unknown(cards: Mapping[str, CardState], known: Iterable[str]) -> tuple[dict[str, CardState], list[str]]:
    """``cards`` without the cards that are no longer in any deck, and the ids dropped (sorted)."""
    known = set(known)
    kept = {c: state for c, state in cards.items() if c in known}
    return kept, sorted(c for c in cards if c not in known)


class ReviewStateError(ValueError):
    """A stored or imported review state is malformed.

    ``reason`` is ``"format"`` (the whole value has the wrong shape) or
    ``"card"`` (the entry of card ``card`` is malformed).
    """

    def __init__(self, reason: str, card: str = ""):
        super().__init__(f"review state: {reason}" + (f" ({card})" if card else ""))
        self.reason, self.card = reason, card


def _whole(value: object, low: int, high: int) -> int | None:
    """``value`` as a whole number from ``low`` to ``high`` (JSON's ``4.0`` counts), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer()):
            return None
        value = int(value)
    return value if low <= value <= high else None


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if YEARS[0] <= day.year <= YEARS[1] else None


def _card(value: object) -> CardState | None:
    if not isinstance(value, dict) or sorted(value) != sorted(CARD_FIELDS):
        return None
    fields = {
        "reps": _whole(value["reps"], 0, MAX_COUNT),
        "ease": _whole(value["ease"], MIN_EASE, MAX_EASE),
        "interval": _whole(value["interval"], 0, MAX_INTERVAL),
        "due": _day(value["due"]), "last": _day(value["last"]), "seen": _day(value["seen"]),
        "drill": value["drill"] if isinstance(value["drill"], bool) else None,
    }
    return None if any(v is None for v in fields.values()) else CardState(**fields)


def parse_state(value: object) -> dict[str, CardState]:
    """The cards of a stored or imported state ``{"version": 1, "cards": {...}}``.

    Strict: any other shape, an unknown version, a malformed card id or card
    entry, or a field out of range makes the whole state malformed. Cards are
    checked in the order of their ids, so the first malformed one is named.

    Raises:
        ReviewStateError: the state is malformed.
    """
    if not isinstance(value, dict) or sorted(value) != ["cards", "version"]:
        raise ReviewStateError("format")
    version = value["version"]
    if isinstance(version, bool) or version != STATE_VERSION or not isinstance(value["cards"], dict):
        raise ReviewStateError("format")
    cards: dict[str, CardState] = {}
    for key in sorted(value["cards"]):
        state = _card(value["cards"][key]) if _CARD_ID.fullmatch(key) else None
        if state is None:
            raise ReviewStateError("card", key)
        cards[key] = state
    return {key: cards[key] for key in value["cards"]}


def state_json(cards: Mapping[str, CardState]) -> dict:
    """The state as it is stored and exported."""
    return {"version": STATE_VERSION, "cards": {c: state.to_json() for c, state in cards.items()}}


def browser_rule() -> dict:
    """The schedule's constants as ``review.js`` and ``learning.js`` read them (``data-lp-rule``)."""
    return {
        "storage_key": STORAGE_KEY, "version": STATE_VERSION, "card_id": CARD_ID_PATTERN,
        "fields": list(CARD_FIELDS), "quality": dict(QUALITY), "best_quality": BEST_QUALITY,
        "pass_quality": PASS_QUALITY, "drill_below": DRILL_BELOW, "initial_ease": INITIAL_EASE,
        "min_ease": MIN_EASE, "max_ease": MAX_EASE, "ease_formula": dict(EASE_FORMULA),
        "first_intervals": list(FIRST_INTERVALS), "max_interval": MAX_INTERVAL,
        "new_per_day": NEW_PER_DAY, "max_count": MAX_COUNT, "years": list(YEARS),
    }
