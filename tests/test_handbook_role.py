"""Role and responsibility tables (archbook.handbook.role): models, renderers, crosswalk."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pydantic import ValidationError

from archbook.content.data import DataError, validate
from archbook.site.registry import load_datasets
from archbook.handbook.role import (RESPONSIBILITY_IDS, ArchitectVsEngineer, InfrastructureLayers,
                                    LatencyBudget, Misconceptions, Responsibilities, ResponsibilityCrosswalk,
                                    architect_vs_engineer_table, crosswalk_table,
                                    framings_by_responsibility, infrastructure_layers_table,
                                    latency_budget_table, misconceptions_table, responsibilities_table)
from archbook.core.languages import UnknownLanguageError
from archbook.site.registry import DATASETS, TABLE_RENDERERS

ROOT = Path(__file__).resolve().parent.parent
MINE = {
    "misconceptions": (Misconceptions, misconceptions_table),
    "architect_vs_engineer": (ArchitectVsEngineer, architect_vs_engineer_table),
    "responsibilities": (Responsibilities, responsibilities_table),
    "responsibility_crosswalk": (ResponsibilityCrosswalk, crosswalk_table),
    "infrastructure_layers": (InfrastructureLayers, infrastructure_layers_table),
    "latency_budget": (LatencyBudget, latency_budget_table),
}
COMPUTED_ROWS = {"latency_budget": 2}


def bi(en, ur):
    return {"en": en, "ur-Latn": ur}


def responsibilities_data() -> dict:
    return {
        "columns": {"name": bi("Responsibility", "Zimmedari"), "decides": bi("Decides", "Tay karti hai")},
        "entries": [{"id": rid, "name": bi(f"Name {rid}", f"Naam {rid}"),
                     "decides": bi(f"Decides {rid}", f"Tay {rid}"),
                     "unowned": bi("Chaos", "Afra tafri"), "artefacts": bi("Docs", "Docs")}
                    for rid in RESPONSIBILITY_IDS],
    }


def crosswalk_data() -> dict:
    return {
        "columns": {"framing": bi("Framing", "Taqseem"), "beyond": bi("Beyond", "Is se aage")},
        "responsibilities": {rid: bi(f"H-{rid}", f"S-{rid}") for rid in RESPONSIBILITY_IDS},
        "levels": {"central": bi("Central", "Markazi"), "partial": bi("Partly", "Juzvi")},
        "untouched": bi("Not covered", "Shamil nahin"),
        "total": bi("Touching it", "Chhoone wali"), "central_total": bi("Central in", "Markazi"),
        "entries": [
            {"id": "scale", "framing": bi("Scale", "Scale"), "scope": bi("volume", "volume"),
             "covers": {"inference": "central", "data-architecture": "partial"},
             "beyond": bi("Capacity", "Capacity")},
            {"id": "security", "framing": bi("Security", "Security"), "scope": bi("attacks", "hamle"),
             "covers": {"safety": "central", "data-architecture": "central"},
             "beyond": bi("Policy", "Policy")},
        ],
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
    table = renderer(data, lang)
    lines = table.strip().splitlines()
    rows = [line for line in lines if line.startswith("| ")]
    assert len(rows) == 2 + len(data.entries) + COMPUTED_ROWS.get(name, 0)
    assert all(line.endswith(" |") for line in rows)
    if name == "responsibility_crosswalk":  # one note per framing under the table
        assert sum(line.startswith("- **") for line in lines) == len(data.entries)


def test_real_responsibilities_are_the_six_in_order():
    data = load_datasets(ROOT / "data")["responsibilities"]
    assert tuple(entry.id for entry in data.entries) == RESPONSIBILITY_IDS


def test_real_crosswalk_touches_every_responsibility():
    data = load_datasets(ROOT / "data")["responsibility_crosswalk"]
    touched = framings_by_responsibility(data)
    assert all(touched[rid]["central"] or touched[rid]["partial"] for rid in RESPONSIBILITY_IDS)


# ------------------------------------------------------------------------------ renderers


def test_misconceptions_are_numbered_and_in_the_page_language():
    data = Misconceptions.model_validate({
        "columns": {"misconception": bi("Misconception", "Ghalat fehmi"),
                    "correction": bi("Correction", "Durust baat")},
        "entries": [{"id": "cloud", "misconception": bi("Just cloud", "Bas cloud"),
                     "correction": bi("Adds drift", "Drift bhi"), "in_practice": bi("x", "y")},
                    {"id": "once", "misconception": bi("One-off", "Ek dafa"),
                     "correction": bi("A product", "Product"), "in_practice": bi("x", "y")}],
    })
    en = misconceptions_table(data, "en").splitlines()
    assert en[0] == "| Misconception | Correction |"
    assert en[2] == "| 1. *Just cloud* | Adds drift |"
    assert en[3] == "| 2. *One-off* | A product |"
    ur = misconceptions_table(data, "ur-Latn")
    assert ur.startswith("| Ghalat fehmi | Durust baat |")
    assert "Drift bhi" in ur and "Adds drift" not in ur


def test_architect_vs_engineer_bolds_the_aspect():
    data = ArchitectVsEngineer.model_validate({
        "columns": {"aspect": bi("Aspect", "Pehlu"), "senior_engineer": bi("Engineer", "Engineer"),
                    "architect": bi("Architect", "Architect")},
        "entries": [{"id": "scope", "aspect": bi("Scope", "Daira"),
                     "senior_engineer": bi("A part", "Ek hissa"), "architect": bi("The whole", "Poora")}],
    })
    assert architect_vs_engineer_table(data, "ur-Latn").splitlines()[2] == "| **Daira** | Ek hissa | Poora |"


def test_responsibilities_are_numbered_in_file_order():
    data = Responsibilities.model_validate(responsibilities_data())
    lines = responsibilities_table(data, "en").splitlines()
    assert lines[2] == "| **1. Name component-design** | Decides component-design |"
    assert lines[7].startswith("| **6. Name data-architecture** |")
    assert responsibilities_table(data, "ur-Latn").splitlines()[0] == "| Zimmedari | Tay karti hai |"


def test_layers_join_technology_names_unchanged_in_both_languages():
    data = InfrastructureLayers.model_validate({
        "columns": {"layer": bi("Layer", "Layer"), "examples": bi("Examples", "Misaalein")},
        "entries": [{"id": "compute", "layer": bi("Compute", "Compute"), "covers": bi("x", "y"),
                     "examples": ["GPU clusters", "Vertex AI Endpoints"], "trade_off": bi("a", "b")}],
    })
    for lang in ("en", "ur-Latn"):
        assert infrastructure_layers_table(data, lang).splitlines()[2] == \
            "| **1. Compute** | GPU clusters, Vertex AI Endpoints |"


def test_unknown_language_is_refused():
    with pytest.raises(UnknownLanguageError):
        crosswalk_table(ResponsibilityCrosswalk.model_validate(crosswalk_data()), "ur")


# ------------------------------------------------------------------------------ crosswalk


def test_crosswalk_is_computed_from_the_mapping():
    data = ResponsibilityCrosswalk.model_validate(crosswalk_data())
    lines = crosswalk_table(data, "en").splitlines()
    assert lines[0] == "| Framing | Central | Partly | Not covered |"
    # short names follow the site's order: component-design ... data-architecture
    assert lines[2] == ("| **Scale** | H-inference | H-data-architecture | "
                        "H-component-design, H-orchestration, H-safety, H-observability |")
    assert lines[3] == ("| **Security** | H-safety, H-data-architecture | — | "
                        "H-component-design, H-orchestration, H-inference, H-observability |")
    assert lines[5] == ("*Touching it:* H-component-design 0/2 · H-orchestration 0/2 · H-inference 1/2 · "
                        "H-safety 1/2 · H-observability 0/2 · H-data-architecture 2/2  ")
    assert lines[6] == ("*Central in:* H-component-design 0/2 · H-orchestration 0/2 · H-inference 1/2 · "
                        "H-safety 1/2 · H-observability 0/2 · H-data-architecture 1/2")
    assert lines[8:] == ["- **Scale** (volume). *Beyond:* Capacity.",
                         "- **Security** (attacks). *Beyond:* Policy."]


def test_crosswalk_in_roman_urdu_uses_roman_urdu_headings_and_levels():
    table = crosswalk_table(ResponsibilityCrosswalk.model_validate(crosswalk_data()), "ur-Latn")
    assert table.startswith("| Taqseem | Markazi | Juzvi | Shamil nahin |")
    assert "S-inference" in table and "H-inference" not in table
    assert "*Markazi:* S-component-design 0/2" in table
    assert "- **Security** (hamle). *Is se aage:* Policy." in table


def test_changing_the_data_changes_the_table():
    data = crosswalk_data()
    before = crosswalk_table(ResponsibilityCrosswalk.model_validate(data), "en")
    changed = copy.deepcopy(data)
    changed["entries"][0]["covers"]["observability"] = "central"
    after = crosswalk_table(ResponsibilityCrosswalk.model_validate(changed), "en")
    assert before != after
    assert after.splitlines()[2].startswith("| **Scale** | H-inference, H-observability | H-data-architecture |")
    assert "H-observability 1/2" in after.splitlines()[5]
    assert "H-observability 1/2" in after.splitlines()[6]


def test_crosswalk_short_names_do_not_break_inside():
    data = crosswalk_data()
    data["responsibilities"]["inference"] = bi("3 Inference", "3 Inference")
    table = crosswalk_table(ResponsibilityCrosswalk.model_validate(data), "en")
    assert "| **Scale** | 3\u00a0Inference |" in table


def test_framings_by_responsibility_groups_by_level():
    touched = framings_by_responsibility(ResponsibilityCrosswalk.model_validate(crosswalk_data()))
    assert touched["data-architecture"] == {"central": ["security"], "partial": ["scale"]}
    assert touched["orchestration"] == {"central": [], "partial": []}


# ------------------------------------------------------------------------------- bad data


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_crosswalk_naming_an_unknown_responsibility_names_entry_and_field(tmp_path):
    text = (ROOT / "data" / "responsibility_crosswalk.yml").read_text(encoding="utf-8")
    bad = text.replace("      observability: central\n", "      governance: central\n", 1)
    assert bad != text
    path = _write(tmp_path, "responsibility_crosswalk", bad)
    with pytest.raises(DataError) as caught:
        validate(ResponsibilityCrosswalk, path, "data/responsibility_crosswalk.yml")
    (problem,) = caught.value.problems
    assert problem.startswith("data/responsibility_crosswalk.yml:")
    assert "entry 3 (end-to-end-lifecycle): field 'covers': unknown responsibility id 'governance'" in problem
    line = int(problem.split(":")[1])
    assert bad.splitlines()[line - 1].strip() == "governance: central"  # the covers block


def test_crosswalk_with_an_unknown_coverage_level_is_refused():
    data = crosswalk_data()
    data["entries"][1]["covers"]["safety"] = "mostly"
    with pytest.raises(ValidationError, match="covers.safety"):
        ResponsibilityCrosswalk.model_validate(data)


def test_crosswalk_entry_must_cover_something():
    data = crosswalk_data()
    data["entries"][0]["covers"] = {}
    with pytest.raises(ValidationError, match="must name at least one responsibility"):
        ResponsibilityCrosswalk.model_validate(data)


def test_crosswalk_needs_a_heading_for_each_of_the_six():
    data = crosswalk_data()
    del data["responsibilities"]["safety"]
    with pytest.raises(ValidationError, match="no column heading for safety"):
        ResponsibilityCrosswalk.model_validate(data)


def test_crosswalk_first_column_is_the_framing():
    data = crosswalk_data()
    data["columns"] = {"beyond": data["columns"]["beyond"], "framing": data["columns"]["framing"]}
    with pytest.raises(ValidationError, match="first column must be 'framing'"):
        ResponsibilityCrosswalk.model_validate(data)


def test_responsibility_with_an_unknown_id_names_the_entry(tmp_path):
    text = (ROOT / "data" / "responsibilities.yml").read_text(encoding="utf-8")
    path = _write(tmp_path, "responsibilities", text.replace("- id: safety", "- id: governance", 1))
    with pytest.raises(DataError) as caught:
        validate(Responsibilities, path, "data/responsibilities.yml")
    assert any("entry 4 (governance): field 'id': unknown responsibility id 'governance'" in p
               for p in caught.value.problems), caught.value.problems


def test_responsibilities_must_list_all_six():
    data = responsibilities_data()
    data["entries"] = data["entries"][:5]
    with pytest.raises(ValidationError, match="responsibilities missing: data-architecture"):
        Responsibilities.model_validate(data)


def test_layer_without_examples_is_refused():
    with pytest.raises(ValidationError, match="examples"):
        InfrastructureLayers.model_validate({
            "columns": {"layer": bi("Layer", "Layer")},
            "entries": [{"id": "compute", "layer": bi("Compute", "Compute"), "covers": bi("x", "y"),
                         "examples": [], "trade_off": bi("a", "b")}],
        })


def test_misconception_missing_its_translation_is_refused(tmp_path):
    path = _write(tmp_path, "misconceptions", (
        "columns: {misconception: {en: Misconception, ur-Latn: Ghalat fehmi}}\n"
        "entries:\n"
        "  - id: cloud\n"
        "    misconception: {en: Just cloud}\n"
        "    correction: {en: More, ur-Latn: Zyada}\n"
        "    in_practice: {en: x, ur-Latn: y}\n"))
    with pytest.raises(DataError) as caught:
        validate(Misconceptions, path, "data/misconceptions.yml")
    assert caught.value.problems == [
        "data/misconceptions.yml:4: entry 1 (cloud): field 'misconception.ur-Latn': missing translation (ur-Latn)"]


# --------------------------------------------------------------------------- latency budget


def budget_data(target=2500, steps=(100, 1200)) -> dict:
    return {
        "target_ms": target,
        "headroom": bi("Headroom", "Gunjaish"), "total": bi("Total", "Kul"),
        "columns": {"step": bi("Step", "Qadam"), "budget_ms": bi("Budget", "Budget")},
        "entries": [{"id": f"s{i}", "step": bi(f"Step {i}", f"Qadam {i}"), "budget_ms": ms}
                    for i, ms in enumerate(steps, start=1)],
    }


def test_latency_budget_computes_headroom_and_total():
    lines = latency_budget_table(LatencyBudget.model_validate(budget_data()), "en").splitlines()
    assert lines[2:] == ["| Step 1 | 100 ms |", "| Step 2 | 1,200 ms |",
                         "| Headroom | 1,200 ms |", "| **Total** | **2,500 ms** |"]
    ur = latency_budget_table(LatencyBudget.model_validate(budget_data()), "ur-Latn")
    assert "| Gunjaish | 1,200 ms |" in ur and "| **Kul** | **2,500 ms** |" in ur


def test_latency_budget_over_the_target_is_refused():
    with pytest.raises(ValidationError, match="the steps need 2600 ms, more than the target of 2500 ms"):
        LatencyBudget.model_validate(budget_data(steps=(1400, 1200)))


def test_latency_budget_steps_are_whole_positive_milliseconds():
    with pytest.raises(ValidationError, match="budget_ms"):
        LatencyBudget.model_validate(budget_data(steps=(0, 1200)))
    with pytest.raises(ValidationError, match="budget_ms"):
        LatencyBudget.model_validate(budget_data(steps=("100", 1200)))
