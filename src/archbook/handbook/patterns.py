"""Orchestration patterns and the Sahulat Assist cost example (handbook, issue 3 part B).

Two data files belong to this module:

- ``data/orchestration_patterns.yml``: the comparison table of the seven
  orchestration patterns (pattern, use when, typical failure, key metric);
- ``data/cost_example.yml``: the inputs of the worked monthly cost example
  (volumes, tokens per call, prices, routing share, cache hit rate, spike),
  each with a label in both languages.

The cost arithmetic is one pure function, [compute_cost][archbook.handbook.patterns.compute_cost],
that turns the inputs into line items and totals with exact decimal
arithmetic; what a call, a month and a cache hit cost, and how money is
rounded, come from the one token-cost rule ([token_cost][archbook.rules.token_cost]),
which the exercise checker and the on-page calculator share. The renderer
only formats what it returns, so no figure on the page is ever typed by hand:
change a price in the data file and every row, percentage and total follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from archbook.core.languages import check_language
from archbook.content.models import Bilingual, Entry, Strict, TableFile
from archbook.content.tables import cell, markdown_table
from archbook.rules import token_cost

# --------------------------------------------------------------------------
# Orchestration patterns


class OrchestrationPatternRow(Entry):
    """One orchestration pattern: when it fits, how it typically fails, what to watch."""

    pattern: Bilingual
    use_when: Bilingual
    typical_failure: Bilingual
    key_metric: Bilingual


class OrchestrationPatterns(TableFile[OrchestrationPatternRow]):
    """``data/orchestration_patterns.yml``."""


def orchestration_patterns_table(data: OrchestrationPatterns, lang: str) -> str:
    """The seven-pattern comparison; the pattern name is set in bold."""
    check_language(lang)
    rows = []
    for entry in data.entries:
        row = []
        for field in data.columns:
            text = cell(getattr(entry, field).text(lang))
            row.append(f"**{text}**" if field == "pattern" else text)
        rows.append(row)
    return markdown_table([heading.text(lang) for heading in data.columns.values()], rows)


# --------------------------------------------------------------------------
# Cost example: inputs

_DIGIT = re.compile(r"\d")


class _Labelled(Strict):
    """An input value with its label in both languages.

    Labels carry no figures: every number shown comes from ``value``.
    """

    label: Bilingual

    @model_validator(mode="after")
    def _no_figures_in_label(self):
        for text in (self.label.en, self.label.ur_latn):
            if _DIGIT.search(text):
                raise ValueError(f"label {text!r} contains a figure; put numbers in 'value' only")
        return self


class CountInput(_Labelled):
    """A whole number greater than zero (conversations, days, a traffic multiplier)."""

    value: int = Field(gt=0)


class DayCountInput(_Labelled):
    """A whole number of days, zero allowed."""

    value: int = Field(ge=0)


class QuantityInput(_Labelled):
    """An average or an amount greater than zero (tokens per call, a budget)."""

    value: float = Field(gt=0)


class PriceInput(_Labelled):
    """A price in USD per million tokens; zero is allowed, negative is not."""

    value: float = Field(ge=0)


class ShareInput(_Labelled):
    """A fraction between 0 and 1 (a routing share or a cache hit rate)."""

    value: float = Field(ge=0, le=1)


class CostInputs(Strict):
    """The assumptions of the example, in the order the assumptions table shows them."""

    conversations_per_month: CountInput
    calls_per_conversation: QuantityInput
    input_tokens_per_call: QuantityInput
    output_tokens_per_call: QuantityInput
    strong_input_price: PriceInput
    strong_output_price: PriceInput
    small_input_price: PriceInput
    small_output_price: PriceInput
    small_model_share: ShareInput
    cache_hit_rate: ShareInput
    days_in_month: CountInput
    spike_days: DayCountInput
    spike_multiplier: CountInput
    spike_small_model_share: ShareInput
    monthly_budget: QuantityInput

    @model_validator(mode="after")
    def _spike_fits_in_month(self):
        if self.spike_days.value > self.days_in_month.value:
            raise ValueError(
                f"spike_days ({self.spike_days.value}) cannot exceed days_in_month "
                f"({self.days_in_month.value})"
            )
        return self


class InputColumns(Strict):
    """Headings of the assumptions table."""

    label: Bilingual
    value: Bilingual


class CalculationColumns(Strict):
    """Headings of the calculation table."""

    item: Bilingual
    calculation: Bilingual
    result: Bilingual
    change: Bilingual
    budget_share: Bilingual


class LineLabels(Strict):
    """The name of each line of the calculation, in both languages (no figures)."""

    calls: Bilingual
    strong_call: Bilingual
    small_call: Bilingual
    input_share: Bilingual
    routed_call: Bilingual
    baseline: Bilingual
    routing: Bilingual
    routing_and_cache: Bilingual
    spike: Bilingual
    spike_degraded: Bilingual

    @model_validator(mode="after")
    def _no_figures(self):
        for name in type(self).model_fields:
            for text in (getattr(self, name).en, getattr(self, name).ur_latn):
                if _DIGIT.search(text):
                    raise ValueError(f"line label {name!r} contains a figure ({text!r}); "
                                     "figures come from the inputs")
        return self


class Units(Strict):
    """Units printed after results."""

    calls: Bilingual
    usd: Bilingual
    usd_per_call: Bilingual


class Captions(Strict):
    """The line shown above each of the two tables."""

    inputs: Bilingual
    calculation: Bilingual


class CostExample(Strict):
    """``data/cost_example.yml``: inputs and wording of the worked cost example."""

    captions: Captions
    input_columns: InputColumns
    calculation_columns: CalculationColumns
    units: Units
    lines: LineLabels
    inputs: CostInputs


# --------------------------------------------------------------------------
# Cost example: the computation (pure, exact decimal arithmetic)

MILLION = Decimal(token_cost.TOKENS_PER_PRICE)

Unit = Literal["calls", "usd", "usd_per_call", "share"]


@dataclass(frozen=True)
class LineItem:
    """One line of the calculation.

    Attributes:
        key: the field of [LineLabels][archbook.handbook.patterns.LineLabels] naming it.
        formula: the arithmetic with the actual figures, language-neutral.
        value: the exact result.
        unit: what ``value`` counts.
        scenario: True for a monthly total that is compared with the baseline and budget.
    """

    key: str
    formula: str
    value: Decimal
    unit: Unit
    scenario: bool = False


@dataclass(frozen=True)
class CostBreakdown:
    """Everything the cost example computes; monthly totals in USD."""

    lines: tuple[LineItem, ...]
    calls_per_month: Decimal
    strong_call: Decimal
    small_call: Decimal
    routed_call: Decimal
    baseline: Decimal
    routing: Decimal
    routing_and_cache: Decimal
    spike: Decimal
    spike_degraded: Decimal
    budget: Decimal

    def line(self, key: str) -> LineItem:
        """The line item called ``key``."""
        for item in self.lines:
            if item.key == key:
                return item
        raise KeyError(key)

    def change(self, total: Decimal) -> Decimal:
        """Change of ``total`` against the all-strong-model baseline, as a fraction."""
        return total / self.baseline - 1 if self.baseline else Decimal(0)

    def budget_share(self, total: Decimal) -> Decimal:
        """``total`` as a fraction of the monthly budget."""
        return total / self.budget


def _d(value: float | int) -> Decimal:
    """The decimal a data file meant: 0.25 stays exactly 0.25."""
    return token_cost.exact(value)


def number(value: Decimal, places: int | None = None) -> str:
    """``value`` with thousands separators; whole numbers without decimals.

    With ``places``, round to that many decimals by the token-cost rule's
    rounding (half up) and keep them all.
    """
    if places is not None:
        return f"{token_cost.rounded(value, places):,.{places}f}"
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{token_cost.rounded(value, 7).normalize():,f}"


def price(value: Decimal) -> str:
    """A price: at least two decimals (3.00, 0.25), more only when needed (0.075)."""
    if value == value.quantize(Decimal("0.01")):
        return number(value, 2)
    return number(value)


def percent(value: Decimal, places: int | None = None, signed: bool = False) -> str:
    """A fraction as a percentage: 0.3 -> ``30%``; 0.125 -> ``12.5%``.

    ``places`` fixes the decimals (results); without it the percentage is
    exact (inputs and formulas). ``signed`` adds ``+`` or a true minus sign.
    """
    scaled = value * 100
    text = number(abs(scaled), places)
    sign = "\u2212" if scaled < 0 else ("+" if signed and scaled > 0 else "")
    return f"{sign}{text}%"


def compute_cost(example: CostExample) -> CostBreakdown:
    """Line items and totals of the worked monthly cost example.

    - one call's price = (input tokens x input price + output tokens x output price) / 1,000,000
      ([call_cost][archbook.rules.token_cost.call_cost]);
    - baseline: every call on the strong model ([monthly_cost][archbook.rules.token_cost.monthly_cost]);
    - routing: a share of calls goes to the small model;
    - routing and cache: a cache hit removes one model call, whichever model it would have used
      ([with_cache][archbook.rules.token_cost.with_cache]);
    - spike: ``spike_days`` days at ``spike_multiplier`` times the daily traffic, routing as usual;
    - spike, degraded: the same, but on spike days ``spike_small_model_share`` of calls go small.
    """
    i = example.inputs
    conversations = _d(i.conversations_per_month.value)
    per_conversation = _d(i.calls_per_conversation.value)
    tokens_in, tokens_out = _d(i.input_tokens_per_call.value), _d(i.output_tokens_per_call.value)
    strong_in, strong_out = _d(i.strong_input_price.value), _d(i.strong_output_price.value)
    small_in, small_out = _d(i.small_input_price.value), _d(i.small_output_price.value)
    share, hit = _d(i.small_model_share.value), _d(i.cache_hit_rate.value)
    days, spike_days = _d(i.days_in_month.value), _d(i.spike_days.value)
    multiplier, spike_share = _d(i.spike_multiplier.value), _d(i.spike_small_model_share.value)
    budget = _d(i.monthly_budget.value)

    calls = conversations * per_conversation
    strong_input_part = token_cost.tokens_cost(tokens_in, strong_in)
    strong_call = token_cost.call_cost(tokens_in, strong_in, tokens_out, strong_out)
    small_call = token_cost.call_cost(tokens_in, small_in, tokens_out, small_out)
    input_share = strong_input_part / strong_call if strong_call else Decimal(0)

    def blended(small_share: Decimal) -> Decimal:
        return (1 - small_share) * strong_call + small_share * small_call

    routed_call = blended(share)
    spike_call = blended(spike_share)
    baseline = token_cost.monthly_cost(calls, strong_call)
    routing = token_cost.monthly_cost(calls, routed_call)
    routing_and_cache = token_cost.with_cache(routing, hit)
    calls_per_day = calls / days
    normal_days = days - spike_days
    day_factor = calls_per_day * (1 - hit)
    spike = day_factor * routed_call * (normal_days + spike_days * multiplier)
    spike_degraded = day_factor * (normal_days * routed_call + spike_days * multiplier * spike_call)

    n, p, pc = number, price, percent
    kept = f"(1 \u2212 {pc(hit)})"
    lines = (
        LineItem("calls", f"{n(conversations)} \u00d7 {n(per_conversation)}", calls, "calls"),
        LineItem("strong_call", f"({n(tokens_in)} \u00d7 {p(strong_in)} + {n(tokens_out)} \u00d7 "
                 f"{p(strong_out)}) / {n(MILLION)}", strong_call, "usd_per_call"),
        LineItem("small_call", f"({n(tokens_in)} \u00d7 {p(small_in)} + {n(tokens_out)} \u00d7 "
                 f"{p(small_out)}) / {n(MILLION)}", small_call, "usd_per_call"),
        LineItem("input_share", f"({n(tokens_in)} \u00d7 {p(strong_in)} / {n(MILLION)}) / "
                 f"{n(strong_call)}", input_share, "share"),
        LineItem("routed_call", f"{pc(1 - share)} \u00d7 {n(strong_call)} + {pc(share)} "
                 f"\u00d7 {n(small_call)}", routed_call, "usd_per_call"),
        LineItem("baseline", f"{n(calls)} \u00d7 {n(strong_call)}", baseline, "usd", True),
        LineItem("routing", f"{n(calls)} \u00d7 {n(routed_call)}", routing, "usd", True),
        LineItem("routing_and_cache", f"{n(calls)} \u00d7 {kept} \u00d7 {n(routed_call)}",
                 routing_and_cache, "usd", True),
        LineItem("spike", f"{n(calls_per_day)} \u00d7 {kept} \u00d7 {n(routed_call)} \u00d7 "
                 f"({n(normal_days)} + {n(spike_days)} \u00d7 {n(multiplier)})", spike, "usd", True),
        LineItem("spike_degraded", f"{n(calls_per_day)} \u00d7 {kept} \u00d7 ({n(normal_days)} "
                 f"\u00d7 {n(routed_call)} + {n(spike_days)} \u00d7 {n(multiplier)} \u00d7 "
                 f"{n(spike_call)})", spike_degraded, "usd", True),
    )
    return CostBreakdown(lines, calls, strong_call, small_call, routed_call, baseline, routing,
                         routing_and_cache, spike, spike_degraded, budget)


# --------------------------------------------------------------------------
# Cost example: rendering

def _input_value(item: _Labelled, name: str) -> str:
    value = _d(item.value)
    if isinstance(item, ShareInput):
        return percent(value)
    if isinstance(item, PriceInput) or name == "monthly_budget":
        return price(value)
    return number(value)


def _result(item: LineItem, units: Units, lang: str) -> str:
    if item.unit == "calls":
        return f"{number(item.value)} {cell(units.calls.text(lang))}"
    if item.unit == "usd":
        return f"**{number(token_cost.to_cents(item.value), token_cost.CENTS)}** {cell(units.usd.text(lang))}"
    if item.unit == "usd_per_call":
        return f"{number(item.value)} {cell(units.usd_per_call.text(lang))}"
    return percent(item.value, 1)


def cost_inputs_table(data: CostExample, lang: str) -> str:
    """The assumptions of the example: one row per input, label and value."""
    check_language(lang)
    rows = []
    for name in CostInputs.model_fields:
        item = getattr(data.inputs, name)
        rows.append([cell(item.label.text(lang)), _input_value(item, name)])
    headers = [data.input_columns.label.text(lang), data.input_columns.value.text(lang)]
    return markdown_table(headers, rows)


def cost_calculation_table(data: CostExample, lang: str) -> str:
    """The calculation, line by line: what is multiplied, the result, and how it compares."""
    check_language(lang)
    result = compute_cost(data)
    c = data.calculation_columns
    headers = [c.item.text(lang), c.calculation.text(lang), c.result.text(lang),
               c.change.text(lang), c.budget_share.text(lang)]
    rows = []
    for item in result.lines:
        change = share = ""
        if item.scenario:
            change = "\u2014" if item.key == "baseline" else percent(result.change(item.value), 1, signed=True)
            share = percent(result.budget_share(item.value), 1)
        rows.append([cell(getattr(data.lines, item.key).text(lang)), cell(item.formula),
                     _result(item, data.units, lang), change, share])
    return markdown_table(headers, rows)


def cost_example_tables(data: CostExample, lang: str) -> str:
    """Both tables of the worked example, each under its caption, in ``lang``."""
    check_language(lang)
    return (f"**{cell(data.captions.inputs.text(lang))}**\n\n{cost_inputs_table(data, lang)}\n"
            f"**{cell(data.captions.calculation.text(lang))}**\n\n{cost_calculation_table(data, lang)}")
