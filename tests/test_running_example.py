"""Sahulat Assist as one model (archbook.handbook.running_example) and the check that no page types its figures."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from archbook.adr.pages import AdrFigureError, quote_figures
from archbook.checks.running_example import check_data, check_pages, check_text
from archbook.content.data import validate
from archbook.content.models import Bilingual
from archbook.core.yamlio import load_with_lines
from archbook.handbook.patterns import CostExample, compute_cost
from archbook.handbook.role import LatencyBudget
from archbook.handbook.running_example import (Quantity, RunningExampleError, SahulatAssist, channels_table,
                                               figures_table, fill, fill_figures, format_quantity, quote,
                                               running_example, scenarios_table)
from archbook.rules.metrics import is_measurable
from archbook.safety.markup_policy import inline_problem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "running_example"


def real(name: str, model):
    return validate(model, ROOT / "data" / f"{name}.yml", f"data/{name}.yml")


@pytest.fixture(scope="module")
def parts():
    return real("cost_example", CostExample), real("latency_budget", LatencyBudget), real("sahulat_assist", SahulatAssist)


@pytest.fixture(scope="module")
def figures(parts):
    return running_example(*parts)


def facts_with(parts, **figure_values) -> SahulatAssist:
    """The real facts with some figures' values replaced (``group__name=value``)."""
    data = parts[2].model_dump(by_alias=True)
    for key, value in figure_values.items():
        group, name = key.split("__")
        data["figures"][group][name]["value"] = value
    return SahulatAssist.model_validate(data)


# ------------------------------------------------------------------ the model


def test_bills_are_the_cost_calculation(parts, figures):
    cost = compute_cost(parts[0])
    assert figures["bill.baseline"].value == cost.baseline
    assert figures["bill.routing"].value == cost.routing
    assert figures["bill.routing_and_cache"].value == cost.routing_and_cache
    assert figures["bill.spike"].value == cost.spike
    hit = Decimal(str(parts[0].inputs.cache_hit_rate.value))
    assert figures["bill.cache_only"].value == cost.baseline * (1 - hit)
    assert figures["calls.per_month"].value == cost.calls_per_month


def test_headroom_is_the_target_minus_the_stages(parts, figures):
    latency = parts[1]
    assert figures["latency.headroom"].value == latency.target_ms - sum(s.budget_ms for s in latency.entries)
    assert all(f"latency.{s.id}" in figures for s in latency.entries)


def test_every_channel_and_typed_figure_is_in_the_model(parts, figures):
    facts = parts[2]
    for group, members in facts.figures.items():
        for name, figure in members.items():
            assert figures[f"{group}.{name}"].label == figure.label
    assert {f"channel.{c.id}" for c in facts.channels} <= set(figures)


@pytest.mark.parametrize("change, names", [
    ({"fallback__first_token_deadline": 2500}, ["fallback.first_token_deadline", "latency.target"]),
    ({"fallback__first_token_deadline": 900}, ["fallback.first_token_deadline", "latency.first-token"]),
    ({"breaker__close_p95": 2600}, ["breaker.close_p95", "latency.target"]),
    ({"context__history": 301}, ["context.history", "cost.input_tokens_per_call"]),
])
def test_parts_that_disagree_are_refused_naming_both_figures(parts, change, names):
    with pytest.raises(RunningExampleError) as caught:
        running_example(parts[0], parts[1], facts_with(parts, **change))
    message = str(caught.value)
    assert message.startswith("data/sahulat_assist.yml: ")
    assert all(name in message for name in names)


def test_a_typed_figure_may_not_shadow_a_computed_one(parts):
    data = parts[2].model_dump(by_alias=True)
    data["figures"]["bill"] = {"baseline": {"value": 1, "unit": "usd", "label": {"en": "x", "ur-Latn": "x"}}}
    with pytest.raises(RunningExampleError, match="bill.baseline: already a computed figure"):
        running_example(parts[0], parts[1], SahulatAssist.model_validate(data))


def test_schema_refuses_percent_as_whole_number_and_shares_not_adding_up(parts):
    data = parts[2].model_dump(by_alias=True)
    bad = copy.deepcopy(data)
    bad["figures"]["breaker"]["error_rate"]["value"] = 5
    with pytest.raises(ValidationError, match="write 0.05 for 5%"):
        SahulatAssist.model_validate(bad)
    bad = copy.deepcopy(data)
    bad["channels"][0]["share"] = 0.9
    with pytest.raises(ValidationError, match="shares add up to"):
        SahulatAssist.model_validate(bad)
    bad = copy.deepcopy(data)
    bad["scenarios"][0]["id"] = "no-such-bill"
    with pytest.raises(RunningExampleError, match="no-such-bill: no computed bill"):
        running_example(parts[0], parts[1], SahulatAssist.model_validate(bad))


# ------------------------------------------------------------------ writing figures


@pytest.mark.parametrize("quantity, as_, en, ur", [
    (Quantity(Decimal("16470"), "usd"), None, "USD 16,470", "USD 16,470"),
    (Quantity(Decimal("7411.5"), "usd"), None, "USD 7,412", "USD 7,412"),
    (Quantity(Decimal("7411.5"), "usd"), "cents", "USD 7,411.50", "USD 7,411.50"),
    (Quantity(Decimal("3"), "usd"), None, "USD 3.00", "USD 3.00"),
    (Quantity(Decimal("0.0041175"), "usd"), None, "USD 0.00412", "USD 0.00412"),
    (Quantity(Decimal("0.00915"), "usd"), None, "USD 0.00915", "USD 0.00915"),
    (Quantity(Decimal("0.0086468"), "usd"), None, "USD 0.00865", "USD 0.00865"),
    (Quantity(Decimal("0.25"), "usd"), None, "USD 0.25", "USD 0.25"),
    (Quantity(Decimal("66.6667"), "count"), None, "67", "67"),
    (Quantity(Decimal("2.6667"), "count"), None, "2.67", "2.67"),
    (Quantity(Decimal("50000"), "pkr"), None, "PKR 50,000", "PKR 50,000"),
    (Quantity(Decimal("2500"), "ms"), None, "2,500 ms", "2,500 ms"),
    (Quantity(Decimal("2500"), "ms"), "s", "2.5 s", "2.5 s"),
    (Quantity(Decimal("2000"), "ms"), "s", "2 s", "2 s"),
    (Quantity(Decimal("5"), "minutes"), None, "5 minutes", "5 minute"),
    (Quantity(Decimal("1"), "minutes"), None, "1 minute", "1 minute"),
    (Quantity(Decimal("5"), "minutes"), "number", "5", "5"),
    (Quantity(Decimal("1800"), "tokens"), "number", "1,800", "1,800"),
    (Quantity(Decimal("1800"), "tokens"), "plain", "1800", "1800"),
    (Quantity(Decimal("24"), "hours"), None, "24 hours", "24 ghante"),
    (Quantity(Decimal("3"), "days"), None, "3 days", "3 din"),
    (Quantity(Decimal("0.05"), "percent"), None, "5%", "5%"),
    (Quantity(Decimal("0.999"), "percent"), None, "99.9%", "99.9%"),
    (Quantity(Decimal("0.57645"), "percent"), None, "57.6%", "57.6%"),
    (Quantity(Decimal("10"), "multiple"), None, "10x", "10x"),
    (Quantity(Decimal("600000"), "count"), None, "600,000", "600,000"),
    (Quantity(Decimal("0.55"), "count"), None, "0.55", "0.55"),
    (Quantity(Decimal("1800"), "tokens"), None, "1,800 tokens", "1,800 tokens"),
])
def test_figures_are_written_per_unit_and_language(quantity, as_, en, ur):
    assert format_quantity(quantity, "en", as_) == en
    assert format_quantity(quantity, "ur-Latn", as_) == ur


def test_bad_formats_and_unknown_keys_are_refused(figures):
    with pytest.raises(ValueError, match="unknown format 'hours'"):
        format_quantity(Quantity(Decimal(1), "ms"), "en", "hours")
    with pytest.raises(ValueError, match="format 's' is for milliseconds"):
        format_quantity(Quantity(Decimal(1), "usd"), "en", "s")
    with pytest.raises(KeyError, match=r"no figure 'bill.routed'.*bill.baseline"):
        quote(figures, "bill.routed", "en")


def test_fill_replaces_calls_and_refuses_other_templates(figures):
    assert fill('A {{ example("bill.baseline") }} bill', figures, "en") == "A USD 16,470 bill"
    assert fill("{{example('latency.target','s')}}", figures, "ur-Latn") == "2.5 s"
    with pytest.raises(ValueError, match="only template"):
        fill('{{ example("bill.baseline") }} {{ config }}', figures, "en")
    assert fill("{{ config }}", figures, "en", only_calls=False) == "{{ config }}"


def test_fill_figures_names_file_and_field_of_a_bad_call(figures):
    good = Bilingual.model_validate({"en": '{{ example("bill.baseline") }}', "ur-Latn": "x"})
    bad = Bilingual.model_validate({"en": '{{ example("bill.nope") }}', "ur-Latn": "x"})
    problems: list[str] = []
    filled = fill_figures({"a": [good, bad]}, figures, "data/x.yml", problems)
    assert filled["a"][0].en == "USD 16,470"
    assert filled["a"][1] is bad
    assert len(problems) == 1 and problems[0].startswith("data/x.yml.a[1]: no figure 'bill.nope'")
    untouched = {"a": [Bilingual.model_validate({"en": "x", "ur-Latn": "y"})]}
    assert fill_figures(untouched, figures, "data/x.yml", problems) is untouched


def test_a_quoted_figure_is_a_measurable_success_metric():
    assert is_measurable('p95 latency under {{ example("latency.target", "s") }}')
    assert not is_measurable("p95 latency under the target")


def test_data_text_may_hold_a_figure_call_and_nothing_else_of_templates():
    assert inline_problem('Bill: {{ example("bill.baseline") }}') is None
    assert inline_problem("Bill: {{ example('latency.target', 's') }}") is None
    assert "template" in inline_problem("{{ config.site_name }}")
    assert "template" in inline_problem('{{ example("x") ~ config }}')


def test_tables_show_every_scenario_channel_and_assumption(parts, figures):
    facts = parts[2]
    for lang in ("en", "ur-Latn"):
        scenarios = scenarios_table(figures, facts, lang)
        assert len(scenarios.splitlines()) == 2 + len(facts.scenarios)
        assert format_quantity(figures["bill.routing_and_cache"], lang) in scenarios
        assert len(channels_table(facts, lang).splitlines()) == 2 + len(facts.channels)
        table = figures_table(figures, facts, lang)
        assert "`fallback.first_token_deadline`" in table and "`cost." not in table


# ------------------------------------------------------------------ the check


SMALL = {
    "bill.baseline": Quantity(Decimal("16470"), "usd"),
    "cost.monthly_budget": Quantity(Decimal("9000"), "usd"),
    "latency.target": Quantity(Decimal("2500"), "ms"),
    "breaker.evaluate_every": Quantity(Decimal("30"), "seconds"),
    "cost.small_model_share": Quantity(Decimal("0.6"), "percent"),
    "calls.per_month": Quantity(Decimal("1800000"), "count"),
}


def expected_flags(path: Path, shown: str) -> list[tuple[str, int]]:
    """``(file, line)`` once per ``FLAG`` marker on that line of a fixture."""
    return [(shown, n) for n, line in enumerate(path.read_text().splitlines(), start=1)
            for _ in range(line.count("FLAG"))]


def flagged(problems: list[str]) -> list[tuple[str, int]]:
    return sorted((p.split(":")[0], int(p.split(":")[1])) for p in problems)


def test_check_flags_exactly_the_marked_figures_on_pages():
    problems = check_pages(FIXTURES / "docs", SMALL)
    expected = sorted(expected_flags(FIXTURES / "docs/handbook/prose.md", "docs/handbook/prose.md")
                      + expected_flags(FIXTURES / "docs/handbook/deliverables/design.md",
                                       "docs/handbook/deliverables/design.md"))
    assert flagged(problems) == expected
    assert all("example(" in p for p in problems)


def test_check_flags_data_text_with_its_line():
    problems = [p for p in check_data(FIXTURES / "data", SMALL) if p.startswith("data/notes.yml")]
    assert flagged(problems) == expected_flags(FIXTURES / "data/notes.yml", "data/notes.yml")


def test_model_figures_never_count_as_typed_when_quoted():
    assert check_text([(1, 'Sahulat Assist: {{ example("bill.baseline") }} and `2.5 s`')], SMALL, "p.md") == []
    assert check_text([(1, "Sahulat Assist answers in 2.5 s")], SMALL, "p.md") != []


def test_the_real_site_types_no_figure_by_hand(figures):
    problems = check_pages(ROOT / "docs", figures) + check_data(ROOT / "data", figures)
    assert problems == []


# ------------------------------------------------------------------ decision records


def test_decision_records_quote_figures_outside_code_only(figures):
    text = 'Budget {{ example("cost.monthly_budget") }}.\n```\n{{ example("x") }}\n```\n'
    out = quote_figures(text, lambda line, lang: fill(line, figures, lang, only_calls=False), "en", "docs/adr/0001-a.md")
    assert out.splitlines()[0] == "Budget USD 9,000."
    assert '{{ example("x") }}' in out
    with pytest.raises(AdrFigureError) as caught:
        quote_figures('x\n{{ example("bill.nope") }}', lambda line, lang: fill(line, figures, lang, only_calls=False),
                      "en", "docs/adr/0001-a.md")
    assert caught.value.problems[0].startswith("docs/adr/0001-a.md: body line 2: no figure 'bill.nope'")


def test_the_data_fixture_is_valid_yaml():
    # a broken fixture would be skipped by the check and hide a failing rule
    assert load_with_lines((FIXTURES / "data/notes.yml").read_text()).value["entries"][0]["id"] == "one"
    assert re.search(r"FLAG", (FIXTURES / "data/notes.yml").read_text())


def test_model_files_are_checked_for_words_only():
    problems = check_data(FIXTURES / "data", SMALL)
    mine = [p for p in problems if p.startswith("data/sahulat_assist.yml")]
    assert flagged(mine) == expected_flags(FIXTURES / "data/sahulat_assist.yml", "data/sahulat_assist.yml")


def test_derived_figures_follow_their_declared_rule(parts):
    data = parts[2].model_dump(by_alias=True)
    label = {"en": "x", "ur-Latn": "x"}
    data["derived"] = {"check": {
        "per_day": {"unit": "count", "label": label, "times": ["cost.conversations_per_month"],
                    "divide_by": ["cost.days_in_month"]},
        "headroom": {"unit": "usd", "label": label, "add": ["cost.monthly_budget"],
                     "subtract": ["bill.routing_and_cache"]},
        "kept": {"unit": "percent", "label": label, "add": [1], "subtract": ["cost.cache_hit_rate"]},
        "twice_per_day": {"unit": "count", "label": label, "times": ["check.per_day", 2]},
        "pods": {"unit": "count", "label": label, "times": [8], "divide_by": [3], "places": 0, "rounding": "up"},
        "third": {"unit": "count", "label": label, "times": [1], "divide_by": [3], "places": 2},
    }}
    figures = running_example(parts[0], parts[1], SahulatAssist.model_validate(data))
    assert figures["check.per_day"].value == figures["conversations.per_day"].value
    assert figures["check.headroom"].value == figures["cost.monthly_budget"].value - figures["bill.routing_and_cache"].value
    assert figures["check.kept"].value == 1 - figures["cost.cache_hit_rate"].value
    assert figures["check.twice_per_day"].value == 2 * figures["check.per_day"].value
    assert figures["check.pods"].value == 3 and figures["check.third"].value == Decimal("0.33")
    data["derived"] = {"check": {"bad": {"unit": "count", "label": label, "times": ["no.such"]}}}
    with pytest.raises(RunningExampleError, match="derived: check.bad: no figure 'no.such'"):
        running_example(parts[0], parts[1], SahulatAssist.model_validate(data))
    data["derived"] = {"check": {"zero": {"unit": "count", "label": label, "times": [1], "divide_by": [0]}}}
    with pytest.raises(RunningExampleError, match="check.zero: 0 is zero"):
        running_example(parts[0], parts[1], SahulatAssist.model_validate(data))
    data["derived"] = {"check": {"empty": {"unit": "count", "label": label, "subtract": [1]}}}
    with pytest.raises(ValidationError, match="needs 'add' or 'times'"):
        SahulatAssist.model_validate(data)


def test_free_models_give_zero_shares_not_a_crash(parts):
    data = parts[0].model_dump(by_alias=True)
    for name in ("strong_input_price", "strong_output_price", "small_input_price", "small_output_price"):
        data["inputs"][name]["value"] = 0.0
    figures = running_example(CostExample.model_validate(data), parts[1], parts[2])
    assert figures["bill.baseline"].value == 0 and figures["saving.routing"].value == 1
    assert "USD 0" in scenarios_table(figures, parts[2], "en")
