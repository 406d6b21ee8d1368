"""Self-hosted serving against the API: the break-even rule (archbook.rules.serving) and its table."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from archbook.content.data import validate
from archbook.core.languages import UnknownLanguageError
from archbook.handbook.running_example import Quantity, running_example
from archbook.handbook.serving import (ServingExample, bill_key, compute_serving, serving_figures,
                                       serving_table)
from archbook.rules import serving as rule
from archbook.site.registry import DATASETS, load_datasets

ROOT = Path(__file__).resolve().parent.parent
D = Decimal


# ----------------------------------------------------------------------------- the rule


def test_a_month_of_gpus_is_every_hour_of_every_day():
    assert rule.hours_in_month(30) == D(720)
    assert rule.hours_in_month(31) == D(744)
    assert rule.seconds_in(720) == D(2_592_000)


def test_the_self_hosted_month_is_gpus_times_price_times_hours_plus_people():
    assert rule.gpu_monthly_cost(16, 2.5, 720) == D(28_800)
    assert rule.ops_monthly_cost(320, 30) == D(9_600)
    assert rule.self_hosted_monthly_cost(16, 2.5, 720, 320, 30) == D(38_400)
    # each input moves the total as the formula says, not some other way
    assert rule.self_hosted_monthly_cost(32, 2.5, 720, 320, 30) == D(28_800 * 2 + 9_600)
    assert rule.self_hosted_monthly_cost(16, 2.5, 720, 0, 30) == D(28_800)
    assert rule.self_hosted_monthly_cost(16, 2.5, 720, 160, 30) == D(28_800 + 4_800)
    assert rule.self_hosted_monthly_cost(16, 0, 720, 320, 30) == D(9_600)


def test_arithmetic_is_exact_decimal():
    # 0.1 is one tenth, not the binary float nearest to it
    assert rule.gpu_monthly_cost(3, 0.1, 1) == D("0.3")
    assert rule.self_hosted_monthly_cost(1, 0.1, 1, 1, 0.2) == D("0.3")
    assert rule.monthly_capacity(0.1, 3, 1) == D("0.3")


def test_capacity_is_throughput_times_seconds_times_utilisation():
    assert rule.fleet_throughput(16, 2_500) == D(40_000)
    assert rule.monthly_capacity(40_000, 2_592_000, 0.6) == D(62_208_000_000)
    assert rule.monthly_capacity(40_000, 2_592_000, 1) == D(103_680_000_000)
    assert rule.monthly_capacity(40_000, 2_592_000, 0.3) * 2 == rule.monthly_capacity(40_000, 2_592_000, 0.6)


@pytest.mark.parametrize("utilisation", [0, -0.1, 1.01, 2])
def test_utilisation_is_a_share_above_zero(utilisation):
    with pytest.raises(ValueError):
        rule.monthly_capacity(40_000, 2_592_000, utilisation)


def test_break_even_is_the_self_hosted_month_over_the_api_price_per_token():
    assert rule.break_even_tokens(38_400, D("0.000002")) == D(19_200_000_000)
    assert rule.break_even_tokens(1_000, D("0.001")) == D(1_000_000)
    # a dearer API breaks even sooner; a dearer fleet later
    assert rule.break_even_tokens(38_400, D("0.000004")) == D(9_600_000_000)
    assert rule.break_even_tokens(76_800, D("0.000002")) == D(38_400_000_000)


def test_at_the_break_even_the_api_bill_equals_the_self_hosted_month():
    price = rule.api_price_per_token(16_470, 3_690_000_000)
    assert Fraction(price) == pytest.approx(Fraction(16_470, 3_690_000_000), rel=1e-30)
    even = rule.break_even_tokens(38_400, price)
    assert abs(rule.api_monthly_cost(even, price) - D(38_400)) < D("1e-20")
    assert round(even) == 8_603_278_689  # 38,400 x 3,690,000,000 / 16,470


def test_quotients_keep_34_significant_digits():
    third = rule.ratio(1, 3)
    assert third == D("0." + "3" * 34)
    assert rule.ratio(14, 7) == D(2)


def test_peak_rate_of_the_busiest_hour_of_a_spike_day():
    peak = rule.peak_tokens_per_second(3_690_000_000, 30, 0.1, 10)
    exact = Fraction(3_690_000_000, 30) * Fraction(1, 10) / 3_600 * 10
    assert Fraction(peak) == pytest.approx(exact, rel=1e-30)
    assert round(peak) == 34_167
    assert rule.peak_tokens_per_second(3_600, 1, 1, 1) == D(1)


def test_self_hosting_wins_only_above_the_break_even_and_within_capacity():
    price, cost, capacity = D("0.000002"), D(38_400), D(62_208_000_000)
    assert not rule.self_hosting_cheaper(3_690_000_000, cost, price, capacity)
    assert not rule.self_hosting_cheaper(19_200_000_000, cost, price, capacity)  # equal: no gain
    assert rule.self_hosting_cheaper(19_200_000_001, cost, price, capacity)
    assert not rule.self_hosting_cheaper(70_000_000_000, cost, price, capacity)  # the fleet cannot carry it


@pytest.mark.parametrize("call", [
    lambda: rule.gpu_monthly_cost(-1, 2.5, 720),
    lambda: rule.ops_monthly_cost(320, -30),
    lambda: rule.hours_in_month(-1),
    lambda: rule.api_price_per_token(100, 0),
    lambda: rule.break_even_tokens(38_400, 0),
    lambda: rule.ratio(1, 0),
])
def test_nonsense_inputs_are_refused(call):
    with pytest.raises(ValueError):
        call()


def test_only_numbers_are_accepted():
    with pytest.raises(TypeError):
        rule.gpu_monthly_cost(True, 2.5, 720)
    with pytest.raises(TypeError):
        rule.fleet_throughput("16", 2_500)


# ----------------------------------------------------------------------------- the table


@pytest.fixture(scope="module")
def loaded():
    data = load_datasets(ROOT / "data")
    figures = running_example(data["cost_example"], data["latency_budget"], data["sahulat_assist"])
    return figures, data["serving_example"]


def test_the_data_file_is_registered_with_its_model():
    assert DATASETS["serving_example"] is ServingExample
    validate(ServingExample, ROOT / "data" / "serving_example.yml", "data/serving_example.yml")


def test_the_comparison_follows_the_running_example(loaded):
    figures, text = loaded
    result = compute_serving(figures, [s.id for s in text.scenarios])
    v = lambda key: figures[key].value  # noqa: E731
    hours = v("cost.days_in_month") * 24
    expected = (v("self_hosting.gpus") * v("self_hosting.gpu_hourly_price") * hours
                + v("self_hosting.ops_hours") * v("self_hosting.ops_hourly_rate"))
    assert result.self_hosted == expected
    traffic = v("tokens.input_per_month") + v("tokens.output_per_month")
    assert result.traffic == traffic
    for s in result.scenarios:
        assert s.api_bill == v(bill_key(s.scenario))
        assert Fraction(s.break_even_tokens) == pytest.approx(
            Fraction(expected) * Fraction(traffic) / Fraction(s.api_bill), rel=1e-25)
        assert s.self_hosting_cheaper == (s.api_bill > expected)


def test_sahulat_stays_on_the_api_as_adr_0001_decided(loaded):
    figures, text = loaded
    result = compute_serving(figures, [s.id for s in text.scenarios])
    assert result.api_cheaper_everywhere
    assert all(s.break_even_multiple > 1 for s in result.scenarios)


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_the_table_shows_every_line_and_scenario(loaded, lang):
    figures, text = loaded
    out = serving_table(figures, text, lang)
    result = compute_serving(figures, [s.id for s in text.scenarios])
    assert f"USD {result.self_hosted:,.0f}" in out
    for line in type(text.lines).model_fields:
        assert getattr(text.lines, line).text(lang) in out
    for scenario in text.scenarios:
        assert scenario.name.text(lang) in out
    assert text.verdict.api.text(lang) in out
    assert out.count("\n| ") == (2 + 10) + (2 + len(text.scenarios))  # heading, rule and rows of both tables


def test_a_big_enough_traffic_turns_the_verdict(loaded):
    figures, text = loaded
    grown = dict(figures)
    factor = 10
    for key in ("tokens.input_per_month", "tokens.output_per_month", "bill.baseline", "bill.routing",
                "bill.routing_and_cache"):
        grown[key] = Quantity(figures[key].value * factor, figures[key].unit)
    out = serving_table(grown, text, "en")
    assert text.verdict.self_hosted.en in out
    assert f"**{text.cheaper.self_hosted.en}**" in out


def test_a_break_even_beyond_capacity_is_marked(loaded):
    figures, text = loaded
    starved = dict(figures)
    starved["self_hosting.tokens_per_second_per_gpu"] = Quantity(D(10), "count")
    out = serving_table(starved, text, "en")
    assert text.beyond_capacity.en in out


def test_missing_figures_are_named(loaded):
    figures, text = loaded
    partial = {k: q for k, q in figures.items() if k != "self_hosting.gpus"}
    with pytest.raises(KeyError, match="self_hosting.gpus"):
        compute_serving(partial, ["baseline"])
    with pytest.raises(KeyError, match="bill.nowhere"):
        compute_serving(figures, ["nowhere"])


def test_computed_figures_for_pages(loaded):
    figures, _ = loaded
    out = serving_figures(figures)
    assert out["serving.self_hosted_month"].value == compute_serving(figures, ["baseline"]).self_hosted
    assert out["serving.break_even_multiple_baseline"].unit == "multiple"


def test_unknown_language_is_refused(loaded):
    figures, text = loaded
    with pytest.raises(UnknownLanguageError):
        serving_table(figures, text, "fr")
