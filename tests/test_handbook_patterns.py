"""Orchestration patterns table and the Sahulat Assist cost example (archbook.handbook.patterns)."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from archbook.content.data import DataError, validate
from archbook.handbook.patterns import (CostExample, OrchestrationPatterns, compute_cost,
                                        cost_calculation_table, cost_example_tables,
                                        cost_inputs_table, number, orchestration_patterns_table,
                                        percent)
from archbook.core.languages import UnknownLanguageError


def bi(en, ur):
    return {"en": en, "ur-Latn": ur}


PATTERNS = {
    "columns": {"pattern": bi("Pattern", "Pattern"), "use_when": bi("Use it when", "Kab istemal karein"),
                "key_metric": bi("Key metric", "Sab se aham metric")},
    "entries": [
        {"id": "rag", "pattern": bi("RAG", "RAG"),
         "use_when": bi("Answers rest on your documents", "Jawab aap ke documents par mabni hon"),
         "typical_failure": bi("Wrong passage", "Ghalat hissa"),
         "key_metric": bi("Recall at k", "Recall at k")},
    ],
}


def _inp(value, en="Label", ur="Label"):
    return {"value": value, "label": bi(en, ur)}


def cost_data(**overrides) -> dict:
    """The brief's Sahulat Assist assumptions; ``overrides`` replace input values."""
    inputs = {
        "conversations_per_month": 600_000, "calls_per_conversation": 3,
        "input_tokens_per_call": 1800, "output_tokens_per_call": 250,
        "strong_input_price": 3.0, "strong_output_price": 15.0,
        "small_input_price": 0.25, "small_output_price": 1.25,
        "small_model_share": 0.6, "cache_hit_rate": 0.3, "days_in_month": 30,
        "spike_days": 3, "spike_multiplier": 10, "spike_small_model_share": 1.0,
        "monthly_budget": 9000,
    }
    inputs.update(overrides)
    lines = ["calls", "strong_call", "small_call", "input_share", "routed_call", "baseline",
             "routing", "routing_and_cache", "spike", "spike_degraded"]
    return {
        "captions": {"inputs": bi("Assumptions", "Mafrozaat"), "calculation": bi("Calculation", "Hisaab")},
        "input_columns": {"label": bi("Assumption", "Mafroza"), "value": bi("Value", "Qeemat")},
        "calculation_columns": {"item": bi("Line", "Line"), "calculation": bi("Calculation", "Hisaab"),
                                "result": bi("Result", "Nateeja"), "change": bi("Change", "Farq"),
                                "budget_share": bi("Budget share", "Budget ka hissa")},
        "units": {"calls": bi("calls", "calls"), "usd": bi("USD a month", "USD mahana"),
                  "usd_per_call": bi("USD per call", "USD fi call")},
        "lines": {key: bi(f"en {key}", f"ur {key}") for key in lines},
        "inputs": {name: _inp(value, f"en {name}", f"ur {name}") for name, value in inputs.items()},
    }


def example(**overrides) -> CostExample:
    return CostExample.model_validate(cost_data(**overrides))


# ---------------------------------------------------------------- patterns table

def test_patterns_table_in_english_bolds_the_pattern_and_keeps_column_order():
    table = orchestration_patterns_table(OrchestrationPatterns.model_validate(PATTERNS), "en")
    lines = table.strip().splitlines()
    assert lines[0] == "| Pattern | Use it when | Key metric |"
    assert lines[2] == "| **RAG** | Answers rest on your documents | Recall at k |"
    assert "Wrong passage" not in table  # not a chosen column


def test_patterns_table_in_roman_urdu():
    table = orchestration_patterns_table(OrchestrationPatterns.model_validate(PATTERNS), "ur-Latn")
    assert table.startswith("| Pattern | Kab istemal karein | Sab se aham metric |")
    assert "Jawab aap ke documents par mabni hon" in table
    assert "Answers rest" not in table


def test_patterns_row_without_translation_is_rejected():
    bad = copy.deepcopy(PATTERNS)
    del bad["entries"][0]["typical_failure"]["ur-Latn"]
    with pytest.raises(ValidationError, match="typical_failure"):
        OrchestrationPatterns.model_validate(bad)


# ---------------------------------------------------------------- cost arithmetic

def test_baseline_matches_the_hand_computed_figure():
    # 600,000 conversations x 3 calls x (1,800 x 3 + 250 x 15) / 1e6 USD = 16,470 USD
    cost = compute_cost(example())
    assert cost.calls_per_month == 1_800_000
    assert cost.strong_call == Decimal("0.00915")
    assert cost.small_call == Decimal("0.0007625")  # (1,800 x 0.25 + 250 x 1.25) / 1e6
    assert cost.baseline == Decimal("16470")


def test_routing_caching_and_spike_match_hand_computed_figures():
    cost = compute_cost(example())
    # 40% x 0.00915 + 60% x 0.0007625 = 0.0041175 USD per call
    assert cost.routed_call == Decimal("0.0041175")
    assert cost.routing == Decimal("7411.5")                 # 1,800,000 x 0.0041175
    assert cost.routing_and_cache == Decimal("5188.05")      # x (1 - 0.30)
    # 60,000 calls a day x 0.7 x 0.0041175 = 172.935 USD a day; 27 normal days + 3 days at 10x
    assert cost.spike == Decimal("9857.295")
    # 27 x 172.935 + 30 x 60,000 x 0.7 x 0.0007625
    assert cost.spike_degraded == Decimal("5629.995")
    assert cost.line("input_share").value == Decimal("0.0054") / Decimal("0.00915")


def test_changes_and_budget_shares():
    cost = compute_cost(example())
    assert cost.change(cost.routing) == Decimal("-0.55")
    assert cost.budget_share(cost.baseline) == Decimal("1.83")
    assert percent(cost.change(cost.routing), 1, signed=True) == "\u221255.0%"


def test_cost_follows_the_inputs():
    no_routing = compute_cost(example(small_model_share=0.0, cache_hit_rate=0.0, spike_days=0))
    assert no_routing.routing == no_routing.baseline == no_routing.routing_and_cache
    assert no_routing.spike == no_routing.baseline
    doubled = compute_cost(example(conversations_per_month=1_200_000))
    assert doubled.baseline == 2 * compute_cost(example()).baseline


def test_number_formatting():
    assert number(Decimal("1800000")) == "1,800,000"
    assert number(Decimal("9857.295"), 2) == "9,857.30"  # half up, not banker's rounding
    assert number(Decimal("0.0007625")) == "0.0007625"
    assert percent(Decimal("0.3")) == "30%"
    assert percent(Decimal("0.125")) == "12.5%"


# ---------------------------------------------------------------- cost rendering

def test_calculation_table_in_english_shows_formula_result_and_shares():
    table = cost_calculation_table(example(), "en")
    assert table.startswith("| Line | Calculation | Result | Change | Budget share |")
    assert ("| en baseline | 1,800,000 \u00d7 0.00915 | **16,470.00** USD a month | \u2014 | 183.0% |"
            in table)
    assert "| en routing_and_cache | 1,800,000 \u00d7 (1 \u2212 30%) \u00d7 0.0041175 |" in table
    assert "**9,857.30** USD a month | \u221240.2% | 109.5% |" in table
    assert "(1,800 \u00d7 3.00 + 250 \u00d7 15.00) / 1,000,000 | 0.00915 USD per call" in table


def test_calculation_table_in_roman_urdu_uses_roman_urdu_words_and_same_figures():
    table = cost_calculation_table(example(), "ur-Latn")
    assert table.startswith("| Line | Hisaab | Nateeja | Farq | Budget ka hissa |")
    assert "| ur baseline | 1,800,000 \u00d7 0.00915 | **16,470.00** USD mahana |" in table
    assert "USD a month" not in table and "en baseline" not in table


def test_inputs_table_formats_each_kind_of_input():
    en = cost_inputs_table(example(), "en")
    assert "| en conversations_per_month | 600,000 |" in en
    assert "| en strong_input_price | 3.00 |" in en
    assert "| en small_input_price | 0.25 |" in en
    assert "| en cache_hit_rate | 30% |" in en
    assert "| en monthly_budget | 9,000.00 |" in en
    ur = cost_inputs_table(example(), "ur-Latn")
    assert ur.startswith("| Mafroza | Qeemat |") and "| ur cache_hit_rate | 30% |" in ur


def test_both_tables_come_with_captions():
    text = cost_example_tables(example(), "ur-Latn")
    assert text.startswith("**Mafrozaat**\n\n| Mafroza | Qeemat |")
    assert "**Hisaab**\n\n| Line | Hisaab |" in text


def test_unknown_language_is_refused():
    with pytest.raises(UnknownLanguageError):
        cost_example_tables(example(), "ur")


# ---------------------------------------------------------------- bad cost data

@pytest.mark.parametrize(("override", "field", "words"), [
    ({"strong_output_price": -15.0}, "strong_output_price", "greater than or equal to 0"),
    ({"cache_hit_rate": 1.3}, "cache_hit_rate", "less than or equal to 1"),
    ({"conversations_per_month": 0}, "conversations_per_month", "greater than 0"),
    ({"conversations_per_month": 1.5}, "conversations_per_month", "integer"),
])
def test_bad_inputs_are_rejected_naming_the_field(override, field, words):
    with pytest.raises(ValidationError) as info:
        example(**override)
    message = str(info.value)
    assert field in message and words in message


def test_bad_data_file_message_names_file_line_and_field(tmp_path: Path):
    import yaml

    data = cost_data(cache_hit_rate=1.3, small_input_price=-0.25)
    path = tmp_path / "cost_example.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as info:
        validate(CostExample, path, "data/cost_example.yml")
    problems = info.value.problems
    assert any("field 'inputs.cache_hit_rate.value'" in p and "less than or equal to 1" in p
               for p in problems), problems
    assert any("field 'inputs.small_input_price.value'" in p for p in problems), problems
    # every message starts with the file and the line of the bad value
    assert all(re.match(r"data/cost_example\.yml:\d+: ", p) for p in problems), problems


def test_spike_longer_than_the_month_is_rejected():
    with pytest.raises(ValidationError, match="spike_days .* cannot exceed days_in_month"):
        example(spike_days=31)


def test_figures_in_labels_are_rejected():
    data = cost_data()
    data["lines"]["spike"] = bi("Spike month: 3 days at 10x", "Spike")
    with pytest.raises(ValidationError, match="contains a figure"):
        CostExample.model_validate(data)
    data = cost_data()
    data["inputs"]["cache_hit_rate"]["label"] = bi("Hit rate (30%)", "Hit rate")
    with pytest.raises(ValidationError, match="contains a figure"):
        CostExample.model_validate(data)


# ---------------------------------------------------------------- the real data files

def test_real_data_files_validate_and_render(root):
    patterns = validate(OrchestrationPatterns, root / "data" / "orchestration_patterns.yml")
    assert len(patterns.entries) == 7
    cost = validate(CostExample, root / "data" / "cost_example.yml")
    assert compute_cost(cost).baseline == Decimal("16470")
    for lang in ("en", "ur-Latn"):
        assert orchestration_patterns_table(patterns, lang).count("\n") == 9
        assert cost_example_tables(cost, lang).count("**") >= 4
