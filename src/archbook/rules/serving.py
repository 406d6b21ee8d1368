"""Self-hosted serving against a per-token API: the one break-even formula of the handbook.

The serving page (``docs/handbook/serving.md``) compares renting GPUs and running
an open-weight model with paying a vendor per token. The rules, each written once:

- self-hosted month = GPUs x hourly price per GPU x hours + operations hours x hourly rate
  ([self_hosted_monthly_cost][archbook.rules.serving.self_hosted_monthly_cost]);
- fleet throughput = GPUs x tokens per second per GPU;
- capacity in a month = throughput x seconds x utilisation, utilisation being the share
  of the peak throughput the fleet can sustain on average while meeting its latency target
  ([monthly_capacity][archbook.rules.serving.monthly_capacity]);
- the peak a fleet sized for spikes must carry = monthly tokens / days x busy-hour share
  / seconds in an hour x spike multiplier, in tokens a second;
- API price per token = an API bill / the tokens it paid for;
- break-even tokens a month = self-hosted month / API price per token
  ([break_even_tokens][archbook.rules.serving.break_even_tokens]): below it the API is
  cheaper, above it (and within capacity) the GPUs are.

Arithmetic follows [token_cost][archbook.rules.token_cost]: a float from a data file is
the decimal it was written as, and sums and products are exact (an ``Inexact`` trap
turns any rounding that slips in into an error). A quotient (a price per token, a
break-even, a ratio) need not terminate, so it alone is rounded: to ``QUOTIENT_DIGITS``
significant digits, half even, far below anything a page shows.
"""

from __future__ import annotations

from decimal import (
    MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, Inexact,
    InvalidOperation, Overflow,
)

from archbook.rules.token_cost import Figure, exact

HOURS_PER_DAY = 24
"""A GPU rented by the hour is paid for every hour of the day, busy or idle."""

SECONDS_PER_HOUR = 3600

QUOTIENT_DIGITS = 34
"""Significant digits a quotient keeps (the precision of IEEE 754 decimal128)."""

_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN,
                 traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])
_QUOTIENT = Context(prec=QUOTIENT_DIGITS, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN,
                    traps=[InvalidOperation, DivisionByZero, Overflow])


def _non_negative(name: str, value: Figure) -> Decimal:
    number = exact(value)
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {number}")
    return number


def _positive(name: str, value: Figure) -> Decimal:
    number = exact(value)
    if number <= 0:
        raise ValueError(f"{name} must be above zero, got {number}")
    return number


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    return _QUOTIENT.divide(numerator, denominator)


def hours_in_month(days: Figure) -> Decimal:
    """Hours a GPU is rented in a month of ``days`` days: every hour of every day."""
    return _EXACT.multiply(_non_negative("days", days), Decimal(HOURS_PER_DAY))


def seconds_in(hours: Figure) -> Decimal:
    """``hours`` in seconds."""
    return _EXACT.multiply(_non_negative("hours", hours), Decimal(SECONDS_PER_HOUR))


def gpu_monthly_cost(gpus: Figure, hourly_price: Figure, hours: Figure) -> Decimal:
    """What ``gpus`` GPUs cost for ``hours`` hours at ``hourly_price`` USD per GPU-hour, exactly."""
    return _EXACT.multiply(_EXACT.multiply(_non_negative("gpus", gpus), _non_negative("hourly price", hourly_price)),
                           _non_negative("hours", hours))


def ops_monthly_cost(ops_hours: Figure, hourly_rate: Figure) -> Decimal:
    """People's time to run the fleet: ``ops_hours`` hours a month at ``hourly_rate`` USD, exactly."""
    return _EXACT.multiply(_non_negative("operations hours", ops_hours), _non_negative("hourly rate", hourly_rate))


def self_hosted_monthly_cost(gpus: Figure, hourly_price: Figure, hours: Figure,
                             ops_hours: Figure, ops_hourly_rate: Figure) -> Decimal:
    """The self-hosted month: GPUs x hourly price x hours + operations hours x their hourly rate."""
    return _EXACT.add(gpu_monthly_cost(gpus, hourly_price, hours), ops_monthly_cost(ops_hours, ops_hourly_rate))


def fleet_throughput(gpus: Figure, tokens_per_second_per_gpu: Figure) -> Decimal:
    """Tokens a second the whole fleet processes at full load."""
    return _EXACT.multiply(_non_negative("gpus", gpus),
                           _non_negative("tokens per second per GPU", tokens_per_second_per_gpu))


def monthly_capacity(tokens_per_second: Figure, seconds: Figure, utilisation: Figure) -> Decimal:
    """Tokens the fleet can serve in ``seconds``: throughput x seconds x utilisation (0 < utilisation <= 1)."""
    share = _positive("utilisation", utilisation)
    if share > 1:
        raise ValueError(f"utilisation is a share between 0 and 1, got {share}")
    return _EXACT.multiply(_EXACT.multiply(_non_negative("tokens per second", tokens_per_second),
                                           _non_negative("seconds", seconds)), share)


def peak_tokens_per_second(monthly_tokens: Figure, days: Figure, busy_hour_share: Figure,
                           spike_multiplier: Figure) -> Decimal:
    """The rate the fleet must carry in the busiest hour of a spike day, in tokens a second:
    monthly tokens / days x busy-hour share / seconds in an hour x spike multiplier."""
    busiest_hour = _EXACT.multiply(_divide(_non_negative("monthly tokens", monthly_tokens), _positive("days", days)),
                                   _non_negative("busy-hour share", busy_hour_share))
    return _EXACT.multiply(_divide(busiest_hour, Decimal(SECONDS_PER_HOUR)),
                           _non_negative("spike multiplier", spike_multiplier))


def api_price_per_token(api_bill: Figure, tokens: Figure) -> Decimal:
    """The average price the API charged per token: a monthly bill over the tokens it paid for."""
    return _divide(_non_negative("API bill", api_bill), _positive("tokens", tokens))


def api_monthly_cost(tokens: Figure, price_per_token: Figure) -> Decimal:
    """What ``tokens`` cost through the API at ``price_per_token`` USD each: linear in tokens."""
    return _EXACT.multiply(_non_negative("tokens", tokens), _non_negative("price per token", price_per_token))


def break_even_tokens(self_hosted_cost: Figure, price_per_token: Figure) -> Decimal:
    """Monthly tokens at which the API bill equals the self-hosted month: cost / API price per token."""
    return _divide(_non_negative("self-hosted cost", self_hosted_cost), _positive("price per token", price_per_token))


def ratio(part: Figure, whole: Figure) -> Decimal:
    """``part`` as a multiple (or share) of ``whole``: a break-even against today's traffic, a load against capacity."""
    return _divide(_non_negative("part", part), _positive("whole", whole))


def self_hosting_cheaper(monthly_tokens: Figure, self_hosted_cost: Figure, price_per_token: Figure,
                         capacity: Figure) -> bool:
    """True when, at ``monthly_tokens``, the fleet can carry the traffic and costs less than the API."""
    tokens = _non_negative("monthly tokens", monthly_tokens)
    if tokens > _non_negative("capacity", capacity):
        return False  # the fleet as sized cannot carry it: more GPUs, a new cost, a new comparison
    return api_monthly_cost(tokens, price_per_token) > _non_negative("self-hosted cost", self_hosted_cost)
