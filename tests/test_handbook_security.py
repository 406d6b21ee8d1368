"""LLM security and multi-tenancy tables (archbook.handbook.security): models and renderers."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pydantic import ValidationError

from archbook.content.data import DataError, validate
from archbook.core.languages import UnknownLanguageError
from archbook.handbook.security import (CONTROL_LAYERS, OWASP_RISK_IDS, OwaspLlmTop10, TenantIsolationTable,
                                        owasp_anchor, owasp_llm_top10_table, tenant_isolation_table)
from archbook.site.registry import DATASETS, TABLE_RENDERERS

ROOT = Path(__file__).resolve().parent.parent
MINE = {
    "owasp_llm_top10": (OwaspLlmTop10, owasp_llm_top10_table),
    "tenant_isolation": (TenantIsolationTable, tenant_isolation_table),
}


def bi(en, ur):
    return {"en": en, "ur-Latn": ur}


def owasp_data() -> dict:
    return {
        "columns": {"risk_id": bi("Id", "Id"), "risk": bi("Risk", "Risk"),
                    "control": bi("Control", "Control"), "sits_in": bi("Where", "Kahan")},
        "layers": {layer: bi(f"L-{layer}", f"T-{layer}") for layer in CONTROL_LAYERS},
        "entries": [{"id": f"risk-{n}", "risk_id": rid, "risk": bi(f"Risk {n}", f"Khatra {n}"),
                     "looks_like": bi("Looks", "Dikhta"), "control": bi(f"Control {n}", f"Rok {n}"),
                     "sits_in": ["process", "input-guard"]}
                    for n, rid in enumerate(OWASP_RISK_IDS, start=1)],
    }


# ------------------------------------------------------------------ registry and real data


def test_each_table_is_registered_with_its_model_and_renderer():
    for name, (model, renderer) in MINE.items():
        assert DATASETS[name] is model
        assert TABLE_RENDERERS[name] is renderer


@pytest.mark.parametrize("name", sorted(MINE))
@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_real_data_renders_one_row_per_entry(name, lang):
    model, renderer = MINE[name]
    data = validate(model, ROOT / "data" / f"{name}.yml")
    rows = [line for line in renderer(data, lang).strip().splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + len(data.entries)
    assert all(line.endswith(" |") for line in rows)


def test_real_owasp_list_is_the_ten_risks_in_order():
    data = validate(OwaspLlmTop10, ROOT / "data" / "owasp_llm_top10.yml")
    assert tuple(entry.risk_id for entry in data.entries) == OWASP_RISK_IDS
    assert data.entries[0].risk.en == "Prompt injection"
    assert data.entries[9].risk.en == "Unbounded consumption"


# ------------------------------------------------------------------------------ renderers


def test_owasp_rows_carry_an_anchor_and_list_layers_in_request_order():
    table = owasp_llm_top10_table(OwaspLlmTop10.model_validate(owasp_data()), "en")
    lines = table.splitlines()
    assert lines[0] == "| Id | Risk | Control | Where |"
    assert lines[2] == ('| <span id="owasp-llm01"></span>**LLM01** | **Risk 1** | Control 1 | '
                        "L-input-guard, L-process |")
    assert lines[11].startswith('| <span id="owasp-llm10"></span>**LLM10** |')


def test_owasp_table_in_roman_urdu_uses_roman_urdu_text():
    table = owasp_llm_top10_table(OwaspLlmTop10.model_validate(owasp_data()), "ur-Latn")
    assert table.startswith("| Id | Risk | Control | Kahan |")
    assert "| **Khatra 1** | Rok 1 | T-input-guard, T-process |" in table
    assert "L-input-guard" not in table


def test_owasp_anchor_is_language_neutral():
    assert owasp_anchor("LLM06") == "owasp-llm06"


def test_changing_the_data_changes_the_table():
    data = owasp_data()
    before = owasp_llm_top10_table(OwaspLlmTop10.model_validate(data), "en")
    changed = copy.deepcopy(data)
    changed["entries"][5]["sits_in"] = ["tool-layer"]
    after = owasp_llm_top10_table(OwaspLlmTop10.model_validate(changed), "en")
    assert before != after
    assert after.splitlines()[7].endswith("| Control 6 | L-tool-layer |")


def test_tenant_isolation_bolds_the_area():
    data = TenantIsolationTable.model_validate({
        "columns": {"area": bi("Shared", "Mushtarka"), "isolation": bi("Kept apart", "Alag"),
                    "if_forgotten": bi("Else", "Warna")},
        "entries": [{"id": "cache", "area": bi("Cache", "Cache"), "isolation": bi("Tenant in key", "Key mein tenant"),
                     "if_forgotten": bi("Cross answers", "Ghalat jawab")}],
    })
    assert tenant_isolation_table(data, "en").splitlines()[2] == "| **Cache** | Tenant in key | Cross answers |"
    assert tenant_isolation_table(data, "ur-Latn").splitlines()[0] == "| Mushtarka | Alag | Warna |"


def test_unknown_language_is_refused():
    with pytest.raises(UnknownLanguageError):
        owasp_llm_top10_table(OwaspLlmTop10.model_validate(owasp_data()), "ur")


# ------------------------------------------------------------------------------- bad data


def test_owasp_list_missing_a_risk_is_refused():
    data = owasp_data()
    del data["entries"][6]
    with pytest.raises(ValidationError, match="missing LLM07"):
        OwaspLlmTop10.model_validate(data)


def test_owasp_list_out_of_order_is_refused():
    data = owasp_data()
    data["entries"][0], data["entries"][1] = data["entries"][1], data["entries"][0]
    with pytest.raises(ValidationError, match="found order LLM02, LLM01"):
        OwaspLlmTop10.model_validate(data)


def test_unknown_control_layer_is_refused():
    data = owasp_data()
    data["entries"][2]["sits_in"] = ["firewall"]
    with pytest.raises(ValidationError, match="sits_in"):
        OwaspLlmTop10.model_validate(data)


def test_a_layer_named_twice_in_one_row_is_refused():
    data = owasp_data()
    data["entries"][2]["sits_in"] = ["gateway", "gateway"]
    with pytest.raises(ValidationError, match="names a layer twice"):
        OwaspLlmTop10.model_validate(data)


def test_every_layer_needs_a_name():
    data = owasp_data()
    del data["layers"]["gateway"]
    with pytest.raises(ValidationError, match="no name for gateway"):
        OwaspLlmTop10.model_validate(data)


def test_a_row_without_a_layer_is_refused():
    data = owasp_data()
    data["entries"][0]["sits_in"] = []
    with pytest.raises(ValidationError, match="sits_in"):
        OwaspLlmTop10.model_validate(data)


def test_risk_missing_its_translation_names_the_entry(tmp_path):
    text = (ROOT / "data" / "owasp_llm_top10.yml").read_text(encoding="utf-8")
    bad = text.replace("risk: {en: Supply chain, ur-Latn: Supply chain}", "risk: {en: Supply chain}", 1)
    assert bad != text
    path = tmp_path / "owasp_llm_top10.yml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate(OwaspLlmTop10, path, "data/owasp_llm_top10.yml")
    assert any("entry 3 (supply-chain): field 'risk.ur-Latn': missing translation (ur-Latn)" in problem
               for problem in caught.value.problems), caught.value.problems
