"""Self-hosted serving against the API, for Sahulat Assist (handbook page ``serving``).

One data file belongs to this module, ``data/serving_example.yml``: the words of the
two tables (captions, headings, line names, scenario names, the verdict). Every number
comes from the running example ([running_example][archbook.handbook.running_example.running_example]):

- the self-hosted option's assumptions, group ``self_hosting`` of ``data/sahulat_assist.yml``
  (GPUs, price of a GPU-hour, engineer hours and their rate, tokens a second per GPU,
  usable utilisation), and ``load.busy_hour_share``;
- the month and the spike of ``data/cost_example.yml`` (``cost.days_in_month``,
  ``cost.spike_multiplier``);
- the computed traffic and bills (``tokens.input_per_month``, ``tokens.output_per_month``,
  ``bill.<scenario>``).

[compute_serving][archbook.handbook.serving.compute_serving] applies the break-even rules of
[serving][archbook.rules.serving], written once there;
[serving_table][archbook.handbook.serving.serving_table] only formats the result.
Nothing here reads files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from pydantic import Field, model_validator

from archbook.content.models import Bilingual, Entry, Strict, check_unique
from archbook.content.tables import cell, column_headers, markdown_table
from archbook.core.languages import check_language
from archbook.handbook.patterns import number, percent, price
from archbook.handbook.running_example import Quantity, format_quantity
from archbook.rules import serving as rule
from archbook.rules import token_cost

# --------------------------------------------------------------------------- data file


class ServingCaptions(Strict):
    calculation: Bilingual
    comparison: Bilingual


class CalculationColumns(Strict):
    """Headings of the line-by-line table, in column order."""

    item: Bilingual
    calculation: Bilingual
    result: Bilingual


class ComparisonColumns(Strict):
    """Headings of the comparison table, in column order."""

    scenario: Bilingual
    api_bill: Bilingual
    api_price: Bilingual
    self_hosted: Bilingual
    break_even: Bilingual
    multiple: Bilingual
    cheaper: Bilingual


class ServingLines(Strict):
    """The name of each line of the calculation, in its order."""

    hours: Bilingual
    gpu_cost: Bilingual
    ops_cost: Bilingual
    self_hosted: Bilingual
    throughput: Bilingual
    capacity: Bilingual
    traffic: Bilingual
    traffic_share: Bilingual
    peak: Bilingual
    peak_share: Bilingual


class ServingUnits(Strict):
    hours: Bilingual
    tokens: Bilingual
    tokens_per_second: Bilingual


class ApiScenario(Entry):
    """An API bill to compare with; ``id`` names a computed bill (``routing-and-cache`` -> ``bill.routing_and_cache``)."""

    name: Bilingual


class Cheaper(Strict):
    api: Bilingual
    self_hosted: Bilingual


class ServingExample(Strict):
    """``data/serving_example.yml``: the words of the break-even tables; the numbers are computed."""

    captions: ServingCaptions
    calculation_columns: CalculationColumns
    comparison_columns: ComparisonColumns
    lines: ServingLines
    units: ServingUnits
    scenarios: list[ApiScenario] = Field(min_length=1)
    cheaper: Cheaper
    beyond_capacity: Bilingual = Field(description="Added after a break-even the fleet as sized cannot carry.")
    verdict: Cheaper = Field(description="The sentence under the comparison: which option wins at today's traffic.")

    @model_validator(mode="after")
    def _unique(self):
        check_unique(self.scenarios, label="scenario")
        return self


# --------------------------------------------------------------------------- computing

INPUTS = ("self_hosting.gpus", "self_hosting.gpu_hourly_price", "self_hosting.ops_hours",
          "self_hosting.ops_hourly_rate", "self_hosting.tokens_per_second_per_gpu", "self_hosting.utilisation",
          "cost.days_in_month", "cost.spike_multiplier", "load.busy_hour_share",
          "tokens.input_per_month", "tokens.output_per_month")
"""The running example's figures the comparison reads (plus ``bill.<scenario>`` for each scenario)."""


@dataclass(frozen=True)
class ApiComparison:
    """One API scenario against the self-hosted month."""

    scenario: str
    api_bill: Decimal
    price_per_token: Decimal
    break_even_tokens: Decimal
    break_even_multiple: Decimal
    self_hosting_cheaper: bool
    within_capacity: bool

    @property
    def price_per_million(self) -> Decimal:
        return self.price_per_token * token_cost.TOKENS_PER_PRICE


@dataclass(frozen=True)
class ServingComparison:
    """Every figure of the two tables, exact (quotients to ``rule.QUOTIENT_DIGITS`` digits)."""

    inputs: Mapping[str, Decimal]
    hours: Decimal
    gpu_cost: Decimal
    ops_cost: Decimal
    self_hosted: Decimal
    throughput: Decimal
    capacity: Decimal
    traffic: Decimal
    traffic_share: Decimal
    peak: Decimal
    peak_share: Decimal
    scenarios: tuple[ApiComparison, ...]

    @property
    def api_cheaper_everywhere(self) -> bool:
        return not any(s.self_hosting_cheaper for s in self.scenarios)


def bill_key(scenario_id: str) -> str:
    """``routing-and-cache`` -> ``bill.routing_and_cache``."""
    return "bill." + scenario_id.replace("-", "_")


def compute_serving(figures: Mapping[str, Quantity], scenarios: list[str] | tuple[str, ...]) -> ServingComparison:
    """The self-hosted month, the fleet's capacity and the break-even against each API ``scenarios`` bill.

    Raises:
        KeyError: a figure the comparison needs is missing from the running example.
    """
    missing = [key for key in (*INPUTS, *map(bill_key, scenarios)) if key not in figures]
    if missing:
        raise KeyError(f"the serving comparison needs {', '.join(missing)}, which the running example lacks")
    v = {key: figures[key].value for key in INPUTS}
    gpus, hourly = v["self_hosting.gpus"], v["self_hosting.gpu_hourly_price"]
    hours = rule.hours_in_month(v["cost.days_in_month"])
    gpu_cost = rule.gpu_monthly_cost(gpus, hourly, hours)
    ops_cost = rule.ops_monthly_cost(v["self_hosting.ops_hours"], v["self_hosting.ops_hourly_rate"])
    self_hosted = rule.self_hosted_monthly_cost(gpus, hourly, hours, v["self_hosting.ops_hours"],
                                                v["self_hosting.ops_hourly_rate"])
    throughput = rule.fleet_throughput(gpus, v["self_hosting.tokens_per_second_per_gpu"])
    capacity = rule.monthly_capacity(throughput, rule.seconds_in(hours), v["self_hosting.utilisation"])
    traffic = v["tokens.input_per_month"] + v["tokens.output_per_month"]
    peak = rule.peak_tokens_per_second(traffic, v["cost.days_in_month"], v["load.busy_hour_share"],
                                       v["cost.spike_multiplier"])
    compared = []
    for scenario in scenarios:
        bill = figures[bill_key(scenario)].value
        per_token = rule.api_price_per_token(bill, traffic)
        even = rule.break_even_tokens(self_hosted, per_token)
        compared.append(ApiComparison(scenario, bill, per_token, even, rule.ratio(even, traffic),
                                      rule.self_hosting_cheaper(traffic, self_hosted, per_token, capacity),
                                      even <= capacity))
    return ServingComparison(v, hours, gpu_cost, ops_cost, self_hosted, throughput, capacity, traffic,
                             rule.ratio(traffic, capacity), peak, rule.ratio(peak, throughput), tuple(compared))


def serving_figures(figures: Mapping[str, Quantity], scenarios: tuple[str, ...] = ("baseline", "routing",
                                                                                     "routing-and-cache")
                    ) -> dict[str, Quantity]:
    """The comparison's results as running-example figures keyed ``serving.*``, should pages quote them.

    Break-even tokens are rounded to whole tokens and multiples to one decimal, as the table shows them.
    """
    result = compute_serving(figures, scenarios)
    out = {
        "serving.gpu_month": Quantity(result.gpu_cost, "usd"),
        "serving.ops_month": Quantity(result.ops_cost, "usd"),
        "serving.self_hosted_month": Quantity(result.self_hosted, "usd"),
        "serving.capacity_tokens": Quantity(result.capacity, "tokens"),
        "serving.traffic_share": Quantity(result.traffic_share, "percent"),
        "serving.peak_share": Quantity(result.peak_share, "percent"),
    }
    for s in result.scenarios:
        name = s.scenario.replace("-", "_")
        out[f"serving.break_even_{name}"] = Quantity(token_cost.rounded(s.break_even_tokens, 0), "tokens")
        out[f"serving.break_even_multiple_{name}"] = Quantity(token_cost.rounded(s.break_even_multiple, 1), "multiple")
    return out


# --------------------------------------------------------------------------- rendering


def _multiple(value: Decimal) -> str:
    return f"{number(value, 1)}x"


def _usd(value: Decimal, lang: str) -> str:
    return format_quantity(Quantity(value, "usd"), lang)


def serving_table(figures: Mapping[str, Quantity], text: ServingExample, lang: str) -> str:
    """The line-by-line cost and capacity of self-hosting, then the break-even against each API bill.

    ``figures`` is the running example (``site.example``), ``text`` the validated
    ``data/serving_example.yml``.
    """
    check_language(lang)
    r = compute_serving(figures, [s.id for s in text.scenarios])
    i, n, u = r.inputs, number, text.units
    tokens, per_second = cell(u.tokens.text(lang)), cell(u.tokens_per_second.text(lang))
    calculation = [
        ("hours", f"{n(i['cost.days_in_month'])} \u00d7 {rule.HOURS_PER_DAY}",
         f"{n(r.hours)} {cell(u.hours.text(lang))}"),
        ("gpu_cost", f"{n(i['self_hosting.gpus'])} \u00d7 {price(i['self_hosting.gpu_hourly_price'])} "
                     f"\u00d7 {n(r.hours)}", _usd(r.gpu_cost, lang)),
        ("ops_cost", f"{n(i['self_hosting.ops_hours'])} \u00d7 {price(i['self_hosting.ops_hourly_rate'])}",
         _usd(r.ops_cost, lang)),
        ("self_hosted", f"{n(r.gpu_cost)} + {n(r.ops_cost)}", f"**{_usd(r.self_hosted, lang)}**"),
        ("throughput", f"{n(i['self_hosting.gpus'])} \u00d7 {n(i['self_hosting.tokens_per_second_per_gpu'])}",
         f"{n(r.throughput)} {per_second}"),
        ("capacity", f"{n(r.throughput)} \u00d7 {n(rule.seconds_in(r.hours))} \u00d7 "
                     f"{percent(i['self_hosting.utilisation'])}", f"{n(r.capacity)} {tokens}"),
        ("traffic", f"{n(i['tokens.input_per_month'])} + {n(i['tokens.output_per_month'])}",
         f"{n(r.traffic)} {tokens}"),
        ("traffic_share", f"{n(r.traffic)} / {n(r.capacity)}", percent(r.traffic_share, 1)),
        ("peak", f"{n(r.traffic)} / {n(i['cost.days_in_month'])} \u00d7 {percent(i['load.busy_hour_share'])} "
                 f"/ {n(Decimal(rule.SECONDS_PER_HOUR))} \u00d7 {n(i['cost.spike_multiplier'])}",
         f"{n(r.peak, 0)} {per_second}"),
        ("peak_share", f"{n(r.peak, 0)} / {n(r.throughput)}", percent(r.peak_share, 1)),
    ]
    calc_rows = [[cell(getattr(text.lines, key).text(lang)), cell(formula), result]
                 for key, formula, result in calculation]
    names = {s.id: s.name for s in text.scenarios}
    compare_rows = []
    for s in r.scenarios:
        even = f"{n(s.break_even_tokens, 0)} {tokens}"
        if not s.within_capacity:
            even += " " + cell(text.beyond_capacity.text(lang))
        winner = text.cheaper.self_hosted if s.self_hosting_cheaper else text.cheaper.api
        compare_rows.append([f"**{cell(names[s.scenario].text(lang))}**", _usd(s.api_bill, lang),
                             _usd(s.price_per_million, lang), _usd(r.self_hosted, lang), even,
                             _multiple(s.break_even_multiple), f"**{cell(winner.text(lang))}**"])
    verdict = text.verdict.api if r.api_cheaper_everywhere else text.verdict.self_hosted
    return (f"**{cell(text.captions.calculation.text(lang))}**\n\n"
            f"{markdown_table(column_headers(dict(text.calculation_columns), lang), calc_rows)}\n"
            f"**{cell(text.captions.comparison.text(lang))}**\n\n"
            f"{markdown_table(column_headers(dict(text.comparison_columns), lang), compare_rows)}\n"
            f"{cell(verdict.text(lang))}\n")
