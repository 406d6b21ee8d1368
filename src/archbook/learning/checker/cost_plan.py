"""Exercise 4: the scaling and cost plan (token cost, semantic cache, a 10x spike).

The file format and the formulas are fixed by the learning-path contract. The
formulas are the one token-cost rule ([token_cost][archbook.rules.token_cost]), which
the on-page calculator and the handbook's cost example share, so all agree
to the cent:

- cost = calls x (input_tokens x input_price + output_tokens x output_price) / 1,000,000
- with_cache = cost x (1 - hit_rate)
- at_10x = with_cache x 10

computed in exact decimals and rounded to the cent, half up, at the end.
A figure the learner states is consistent when it is within
max(1.00 USD, 0.5%) of the computed one.
"""

from __future__ import annotations

from decimal import Decimal

from archbook.learning.checker.common import Checker, mentions, parse_yaml
from archbook.learning.checker.feedback import Finding
from archbook.core.yamlio import Located
from archbook.rules import token_cost

STARTER = "exercises/04-scaling-and-cost-plan/starter/cost-plan.yaml"
TOP_LEVEL = ("baseline", "semantic_cache", "spike_10x", "notes")
BASELINE = ("model_calls_per_month", "input_tokens_per_call", "output_tokens_per_call",
            "price_per_million_input_tokens", "price_per_million_output_tokens", "monthly_token_cost")
CACHE = ("applies_to", "hit_rate", "monthly_token_cost_with_cache")
SPIKE = ("scaling", "queuing", "degradation", "monthly_token_cost_at_10x")

SCALING_WORDS = ("scal", "autoscal", "horizontal", "replica", "instance", "pod", "node", "worker",
                 "capacity", "concurren", "rate limit", "rate-limit", "throttl", "provision", "shard",
                 "partition", "load balanc", "hpa", "keda", "elastic", "serverless")
"""Word starts that show a scaling mechanism is named (English terms stay English in Roman Urdu)."""

QUEUE_WORDS = ("queue", "queu", "kafka", "sqs", "rabbitmq", "pub/sub", "pubsub", "celery", "temporal",
               "nats", "backlog", "buffer", "stream", "qatar")
"""Word starts that show a queue is named ("qatar" is the Urdu word for a queue)."""


def compute_costs(data: dict) -> dict[str, Decimal]:
    """The three monthly token costs of a plan, in USD, rounded to the cent (exact decimals).

    Returns ``{"monthly_token_cost": ..., "monthly_token_cost_with_cache": ...,
    "monthly_token_cost_at_10x": ...}``. Each figure is computed from the
    unrounded one before it and rounded only at the end
    ([plan_costs][archbook.rules.token_cost.plan_costs]).

    Raises:
        ValueError: a figure the formulas need is missing or not a number.
    """
    try:
        base = data["baseline"]
        costs = token_cost.plan_costs(
            base["model_calls_per_month"], base["input_tokens_per_call"], base["output_tokens_per_call"],
            base["price_per_million_input_tokens"], base["price_per_million_output_tokens"],
            data["semantic_cache"]["hit_rate"])
    except (KeyError, TypeError) as exc:
        raise ValueError(f"cannot compute costs: missing or invalid {exc}") from None
    return costs.in_cents()


_TOLERANCE_USD = Decimal("1.00")
_TOLERANCE_SHARE = Decimal("0.005")


def consistent(stated: float | Decimal, computed: float | Decimal) -> bool:
    """Whether a stated figure is within max(1.00 USD, 0.5%) of the computed one (compared exactly)."""
    stated, computed = token_cost.exact(stated), token_cost.exact(computed)
    return abs(stated - computed) <= max(_TOLERANCE_USD, _TOLERANCE_SHARE * abs(computed))


def usd(value: float | Decimal) -> str:
    """A dollar figure as the feedback shows it: ``16,470.00``."""
    return f"{value:,.2f}"


def _plain(value: float) -> str:
    """A number without needless decimals: ``1,800`` or ``3.00`` for prices."""
    return f"{value:,.0f}" if float(value).is_integer() and value >= 100 else f"{value:,.2f}"


def check(located: Located) -> list[Finding]:
    """Every problem in a parsed cost plan."""
    c = Checker(located)
    data = c.data
    c.known_keys(data, (), TOP_LEVEL)

    base = c.mapping(data, ("baseline",))
    figures: dict[str, float | None] = {}
    if base is not None:
        c.known_keys(base, ("baseline",), BASELINE)
        for key in ("model_calls_per_month", "input_tokens_per_call", "output_tokens_per_call"):
            figures[key] = c.whole_number(base, ("baseline", key))
        for key in ("price_per_million_input_tokens", "price_per_million_output_tokens", "monthly_token_cost"):
            figures[key] = c.number(base, ("baseline", key))

    cache = c.mapping(data, ("semantic_cache",))
    hit_rate = stated_cache = None
    if cache is not None:
        c.known_keys(cache, ("semantic_cache",), CACHE)
        c.text(cache, ("semantic_cache", "applies_to"))
        hit_rate = c.number(cache, ("semantic_cache", "hit_rate"), positive=False)
        if hit_rate is not None:
            path = ("semantic_cache", "hit_rate")
            shown = f"{hit_rate:g}"
            if 1 < hit_rate <= 100:
                c.add("cp.hit_rate_percent", path, value=shown)
                hit_rate = None
            elif not 0 <= hit_rate < 1:
                c.add("cp.hit_rate_range", path, value=shown)
                hit_rate = None
            elif hit_rate == 0:
                c.add("cp.hit_rate_zero", path)
                hit_rate = None
        stated_cache = c.number(cache, ("semantic_cache", "monthly_token_cost_with_cache"))

    spike = c.mapping(data, ("spike_10x",))
    stated_spike = None
    if spike is not None:
        c.known_keys(spike, ("spike_10x",), SPIKE)
        scaling = c.text(spike, ("spike_10x", "scaling"))
        if scaling is not None and not mentions(scaling, SCALING_WORDS):
            c.add("cp.no_scaling_concept", ("spike_10x", "scaling"))
        queuing = c.text(spike, ("spike_10x", "queuing"))
        if queuing is not None and not mentions(queuing, QUEUE_WORDS):
            c.add("cp.no_queue_concept", ("spike_10x", "queuing"))
        c.text(spike, ("spike_10x", "degradation"), required=False)
        stated_spike = c.number(spike, ("spike_10x", "monthly_token_cost_at_10x"))

    inputs = [figures.get(key) for key in BASELINE[:5]]
    if base is None or any(value is None for value in inputs):
        return c.findings
    calls, tokens_in, tokens_out, price_in, price_out = inputs
    computed = compute_costs({"baseline": {key: figures[key] for key in BASELINE[:5]},
                              "semantic_cache": {"hit_rate": hit_rate or 0.0}})
    cost = computed["monthly_token_cost"]
    stated_cost = figures.get("monthly_token_cost")
    if stated_cost is not None and not consistent(stated_cost, cost):
        formula = (f"{_plain(calls)} x ({_plain(tokens_in)} x {price_in:.2f} + "
                   f"{_plain(tokens_out)} x {price_out:.2f}) / 1,000,000")
        c.add("cp.cost_mismatch", ("baseline", "monthly_token_cost"), stated=usd(stated_cost),
              computed=usd(cost), formula=formula)
    if hit_rate is None:
        return c.findings

    with_cache, at_10x = computed["monthly_token_cost_with_cache"], computed["monthly_token_cost_at_10x"]
    if stated_cache is not None and not consistent(stated_cache, with_cache):
        path = ("semantic_cache", "monthly_token_cost_with_cache")
        params = {"baseline": usd(cost), "hit_rate": f"{hit_rate:.2f}", "computed": usd(with_cache)}
        if consistent(stated_cache, cost):
            c.add("cp.cache_ignored", path, **params)
        else:
            c.add("cp.cache_mismatch", path, stated=usd(stated_cache), **params)
    if stated_spike is not None and not consistent(stated_spike, at_10x):
        path = ("spike_10x", "monthly_token_cost_at_10x")
        if consistent(stated_spike, token_cost.scaled(cost, token_cost.SPIKE_FACTOR)):
            c.add("cp.spike_from_baseline", path, computed=usd(at_10x))
        else:
            c.add("cp.spike_mismatch", path, stated=usd(stated_spike), computed=usd(at_10x))
    return c.findings


def check_text(text: str, shown: str) -> list[Finding]:
    """Check the text of a cost-plan file shown to the learner as ``shown``.

    Raises:
        SubmissionError: the text is empty, not YAML, or not a mapping.
    """
    return check(parse_yaml(text, shown, STARTER))
