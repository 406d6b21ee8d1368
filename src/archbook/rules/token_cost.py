"""What model calls cost: the one token-cost formula of the handbook, the checker and the calculator.

The handbook's worked cost example ([patterns][archbook.handbook.patterns]), the
exercise checker's cost plan ([cost_plan][archbook.learning.checker.cost_plan]) and the
on-page calculator of exercise 4 (``docs/assets/javascripts/cost-calculator.js``)
all use these rules:

- one call = (input tokens x input price + output tokens x output price) / 1,000,000,
  prices being USD per million tokens;
- a month = calls x one call;
- with a semantic cache = the month x (1 - hit rate): a hit removes a model call;
- a traffic spike = the figure x the spike factor (exercise 4: 10).

Arithmetic is exact decimal: a float from a data file or a learner's YAML is
taken as the decimal it was written as (``0.1`` is one tenth, not the binary
float nearest to it), and sums and products are never rounded. Rounding
happens once, at the end, to the cent, half up (``0.125`` -> ``0.13``, as a
learner rounds by hand). Each figure is computed from the unrounded one
before it.

The browser cannot import Python, so [browser_rule][archbook.rules.token_cost.browser_rule]
hands it the constants and the rounding rule as data: the calculator macro
writes them into the form's ``data-lp-rule`` attribute and ``cost-calculator.js``
reads them from there, computing with exact ``BigInt`` fractions.
``tests/test_rule_parity.py`` runs both on the same inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import (
    MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, Inexact,
    InvalidOperation, Overflow,
)

TOKENS_PER_PRICE = 1_000_000
"""Prices are quoted in USD per this many tokens (per million)."""

SPIKE_FACTOR = 10
"""Exercise 4's spike: ten times the usual traffic."""

CENTS = 2
"""Money is rounded to this many decimals."""

ROUNDING = ROUND_HALF_UP
"""How a figure is rounded: a tie goes away from zero (``0.125`` -> ``0.13``)."""

ROUNDING_NAME = "half-up"
"""``ROUNDING`` as the browser reads it (``cost-calculator.js`` knows ``half-up`` and ``half-even``)."""

Figure = int | float | Decimal

# Additions, multiplications and the division by a power of ten are exact at this
# precision; the ``Inexact`` trap turns any rounding that slipped in into an error.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN,
                 traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])
_ROUND = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUNDING,
                 traps=[InvalidOperation, DivisionByZero, Overflow])


def exact(value: Figure) -> Decimal:
    """The decimal ``value`` was written as: ``0.075`` -> ``Decimal("0.075")``.

    Raises:
        TypeError: ``value`` is not a number (``True`` and ``"3"`` are refused).
        ValueError: ``value`` is not finite.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value!r}")
        return Decimal(repr(value))  # the shortest text that reads back as this float
    if not value.is_finite():
        raise ValueError(f"expected a finite number, got {value}")
    return value


def tokens_cost(tokens: Figure, price_per_million: Figure) -> Decimal:
    """What ``tokens`` cost at ``price_per_million`` USD per million tokens, exactly."""
    return _EXACT.divide(_EXACT.multiply(exact(tokens), exact(price_per_million)), Decimal(TOKENS_PER_PRICE))


def call_cost(input_tokens: Figure, input_price: Figure, output_tokens: Figure, output_price: Figure) -> Decimal:
    """One model call: its input tokens at the input price plus its output tokens at the output price."""
    return _EXACT.add(tokens_cost(input_tokens, input_price), tokens_cost(output_tokens, output_price))


def monthly_cost(calls: Figure, per_call: Figure) -> Decimal:
    """``calls`` calls at ``per_call`` USD each."""
    return _EXACT.multiply(exact(calls), exact(per_call))


def with_cache(cost: Figure, hit_rate: Figure) -> Decimal:
    """``cost`` once a cache answers the share ``hit_rate`` of the calls (0 <= hit rate <= 1)."""
    return _EXACT.multiply(exact(cost), _EXACT.subtract(Decimal(1), exact(hit_rate)))


def scaled(cost: Figure, factor: Figure = SPIKE_FACTOR) -> Decimal:
    """``cost`` when the traffic is ``factor`` times the usual."""
    return _EXACT.multiply(exact(cost), exact(factor))


def rounded(value: Figure, places: int) -> Decimal:
    """``value`` rounded by the one rounding rule to ``places`` decimals (``places`` kept)."""
    return exact(value).quantize(Decimal(1).scaleb(-places), context=_ROUND)


def to_cents(value: Figure) -> Decimal:
    """``value`` in USD rounded to the cent: ``Decimal("0.125")`` -> ``Decimal("0.13")``."""
    return rounded(value, CENTS)


@dataclass(frozen=True)
class PlanCosts:
    """Exercise 4's three monthly token costs, exact (unrounded), in USD."""

    monthly_token_cost: Decimal
    monthly_token_cost_with_cache: Decimal
    monthly_token_cost_at_10x: Decimal

    def in_cents(self) -> dict[str, Decimal]:
        """The three costs rounded to the cent, keyed as the cost plan names them."""
        return {"monthly_token_cost": to_cents(self.monthly_token_cost),
                "monthly_token_cost_with_cache": to_cents(self.monthly_token_cost_with_cache),
                "monthly_token_cost_at_10x": to_cents(self.monthly_token_cost_at_10x)}


def plan_costs(calls: Figure, input_tokens: Figure, output_tokens: Figure,
               input_price: Figure, output_price: Figure, hit_rate: Figure) -> PlanCosts:
    """The month at baseline, with the semantic cache, and at ``SPIKE_FACTOR`` times the traffic."""
    cost = monthly_cost(calls, call_cost(input_tokens, input_price, output_tokens, output_price))
    cached = with_cache(cost, hit_rate)
    return PlanCosts(cost, cached, scaled(cached, SPIKE_FACTOR))


def browser_rule() -> dict[str, int | str]:
    """The constants and the rounding rule, as ``cost-calculator.js`` reads them from ``data-lp-rule``."""
    return {"tokens_per_price": TOKENS_PER_PRICE, "spike_factor": SPIKE_FACTOR,
            "places": CENTS, "rounding": ROUNDING_NAME}
