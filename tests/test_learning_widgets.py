"""Learning-path widgets: their data files, and the HTML the macros write in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from archbook.learning import widgets as lw
from archbook.content.data import DataError, validate
from archbook.content.glossary_links import link_first_uses, terms_for
from archbook.core.languages import UnknownLanguageError
from archbook.learning.widget_data import (ITEM_IDS, STEP_IDS, UI_TEXT_KEYS, LearningUi, Quizzes)
from archbook.content.models import Glossary
from tests.tools.html_tree import HtmlTree, parse_html

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "learning"
SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "learning.js"
MATRIX_ANSWER = ROOT / "exercises" / "03-decision-matrix" / "model-answer" / "decision-matrix.yaml"
COST_ANSWER = ROOT / "exercises" / "04-scaling-and-cost-plan" / "model-answer" / "cost-plan.yaml"


@pytest.fixture(scope="module")
def ui() -> LearningUi:
    return validate(LearningUi, ROOT / "data" / "learning_ui.yml", "data/learning_ui.yml")


@pytest.fixture(scope="module")
def quizzes() -> Quizzes:
    return validate(Quizzes, ROOT / "data" / "quizzes.yml", "data/quizzes.yml")


def parse(markup: str) -> HtmlTree:
    return parse_html(markup)


def ids(tree: HtmlTree) -> list[str]:
    return [attrs["id"] for _, attrs in tree.elements if "id" in attrs]


def text_of(tree: HtmlTree) -> str:
    return " ".join(t.strip() for t in tree.text if t.strip())


def widget_text(tree: HtmlTree) -> dict:
    root = tree.elements[0][1]
    return json.loads(root["data-lp-text"])


def every_label_target_exists(tree: HtmlTree) -> None:
    present = set(ids(tree))
    for tag, attrs in tree.elements:
        for attr in ("for", "aria-labelledby", "aria-describedby"):
            if attr in attrs and tag != "output" or attr in ("aria-labelledby",) and attr in attrs:
                for ref in attrs[attr].split():
                    assert ref in present, f"<{tag} {attr}={attrs[attr]!r}>: no element with id {ref!r}"


def all_widgets(ui, quizzes, lang) -> list[str]:
    return [lw.render_progress_overview(ui, lang),
            *(lw.render_progress_tracker(ui, item, lang) for item in ITEM_IDS),
            *(lw.render_quiz(ui, quizzes, step, lang) for step in STEP_IDS),
            lw.render_decision_matrix(ui, lang), lw.render_cost_calculator(ui, lang)]


# ---------- data ----------

def test_real_data_validates(ui, quizzes):
    assert [item.id for item in ui.items] == list(ITEM_IDS)
    assert set(ui.text) == set(UI_TEXT_KEYS)
    assert [q.step for q in quizzes.quizzes] == list(STEP_IDS)
    for quiz in quizzes.quizzes:
        assert 3 <= len(quiz.questions) <= 4
        for question in quiz.questions:
            assert 3 <= len(question.options) <= 4
            assert sum(o.correct for o in question.options) == 1


def _bad_cases():
    for path in sorted(FIXTURES.glob("quizzes--*.yml")):
        expected = re.match(r"# expect: (.*)", path.read_text(encoding="utf-8")).group(1)
        yield pytest.param(path, expected, id=path.stem)


@pytest.mark.parametrize(("path", "expected"), list(_bad_cases()))
def test_bad_quiz_files_fail_with_file_line_and_reason(path, expected):
    with pytest.raises(DataError) as caught:
        validate(Quizzes, path, "data/quizzes.yml")
    assert any(p.startswith(expected) for p in caught.value.problems), caught.value.problems


def _quiz_data(quizzes: Quizzes) -> dict:
    return quizzes.model_dump(by_alias=True)


def test_question_ids_must_be_unique_across_steps(quizzes):
    data = _quiz_data(quizzes)
    data["quizzes"][1]["questions"][0]["id"] = data["quizzes"][0]["questions"][0]["id"]
    with pytest.raises(ValueError, match="is used twice"):
        Quizzes.model_validate(data)


def test_every_step_needs_exactly_one_quiz(quizzes):
    data = _quiz_data(quizzes)
    data["quizzes"][4]["step"] = "step-1"
    with pytest.raises(ValueError, match="one quiz for each of step-1"):
        Quizzes.model_validate(data)


def test_option_ids_must_be_unique_within_a_question(quizzes):
    data = _quiz_data(quizzes)
    options = data["quizzes"][0]["questions"][0]["options"]
    options[1]["id"] = options[0]["id"]
    with pytest.raises(ValueError, match="option ids must be unique"):
        Quizzes.model_validate(data)


def test_interface_text_must_define_every_key_and_no_other(ui):
    data = ui.model_dump(by_alias=True)
    del data["text"]["quiz-check"]
    with pytest.raises(ValueError, match="missing key.*quiz-check"):
        LearningUi.model_validate(data)
    data = ui.model_dump(by_alias=True)
    data["text"]["quiz-chek"] = {"en": "x", "ur-Latn": "x"}
    with pytest.raises(ValueError, match="unknown key.*quiz-chek"):
        LearningUi.model_validate(data)


def test_matrix_weights_must_add_up_to_100_and_scores_stay_in_range(ui):
    data = ui.model_dump(by_alias=True)
    data["decision_matrix"]["criteria"][0]["weight"] += 1
    with pytest.raises(ValueError, match="add up to 101"):
        LearningUi.model_validate(data)
    data = ui.model_dump(by_alias=True)
    data["decision_matrix"]["options"][0]["scores"]["latency"] = 6
    with pytest.raises(ValueError, match="from 1 to 5"):
        LearningUi.model_validate(data)


def test_items_are_the_contract_ids_in_order(ui):
    data = ui.model_dump(by_alias=True)
    data["items"][0]["id"] = "step-one"
    with pytest.raises(ValueError, match="expected exactly step-1, exercise-01"):
        LearningUi.model_validate(data)


def test_calculators_start_from_the_contract_figures(ui):
    matrix = ui.decision_matrix
    weights = {c.id: c.weight for c in matrix.criteria}
    assert weights == {"cost-at-volume": 25, "latency": 20, "data-privacy": 25, "lock-in": 10,
                       "team-capability": 10, "maintenance": 10}
    assert {"self-hosted", "managed"} <= {o.id for o in matrix.options}
    cost = ui.cost_calculator
    assert (cost.model_calls_per_month, cost.input_tokens_per_call, cost.output_tokens_per_call) == (1800000, 1800, 250)
    assert (cost.price_per_million_input_tokens, cost.price_per_million_output_tokens, cost.hit_rate) == (3.0, 15.0, 0.3)


def test_calculators_start_from_the_model_answer_files_when_they_exist(ui):
    if MATRIX_ANSWER.exists():
        answer = yaml.safe_load(MATRIX_ANSWER.read_text(encoding="utf-8"))
        assert {c["id"]: c["weight"] for c in answer["criteria"]} == {c.id: c.weight for c in ui.decision_matrix.criteria}
        assert {o["id"]: o["scores"] for o in answer["options"]} == {o.id: o.scores for o in ui.decision_matrix.options}
    if COST_ANSWER.exists():
        answer = yaml.safe_load(COST_ANSWER.read_text(encoding="utf-8"))
        base, cost = answer["baseline"], ui.cost_calculator
        for field in ("model_calls_per_month", "input_tokens_per_call", "output_tokens_per_call",
                      "price_per_million_input_tokens", "price_per_million_output_tokens"):
            assert base[field] == getattr(cost, field), field
        assert answer["semantic_cache"]["hit_rate"] == cost.hit_rate
    if not (MATRIX_ANSWER.exists() or COST_ANSWER.exists()):
        pytest.skip("the model answers are not written yet")


# ---------- HTML of the macros ----------

@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_every_widget_is_well_formed_with_unique_ids_and_real_label_targets(ui, quizzes, lang):
    page_ids: list[str] = []
    for markup in all_widgets(ui, quizzes, lang):
        tree = parse(markup)
        every_label_target_exists(tree)
        page_ids += ids(tree)
        assert "lp-widget" in tree.elements[0][1]["class"]
        widget_text(tree)  # the messages for the script are valid JSON
    assert len(page_ids) == len(set(page_ids)), "ids clash between widgets"


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_every_line_starts_with_a_tag_so_the_glossary_hook_leaves_widgets_alone(ui, quizzes, root, lang):
    glossary = validate(Glossary, root / "data" / "glossary.yml")
    for markup in all_widgets(ui, quizzes, lang):
        assert all(line.startswith("<") for line in markup.splitlines())
        assert "\n\n" not in markup  # a blank line would end the raw HTML block
        assert link_first_uses(markup, terms_for(glossary, lang), "../glossary.md") == markup


def test_tracker_in_english(ui):
    tree = parse(lw.render_progress_tracker(ui, "exercise-03", "en"))
    root = tree.elements[0][1]
    assert root["id"] == "lp-progress-exercise-03" and root["data-lp-item"] == "exercise-03"
    radios = [a for t, a in tree.elements if t == "input"]
    assert [r["value"] for r in radios] == ["not-started", "in-progress", "done", "skipped"]
    assert {r["name"] for r in radios} == {"lp-state-exercise-03"}
    assert [r for r in radios if "checked" in r] == [radios[0]]
    text = text_of(tree)
    assert "Your progress on Exercise 3: A decision matrix" in text
    assert "Not started" in text and "In progress" in text and "Skipped" in text
    messages = widget_text(tree)
    assert messages["item"] == "Exercise 3: A decision matrix"
    assert messages["states"]["done"] == "Done"
    assert ("fieldset", {"class": "lp-states", "disabled": None}) in tree.elements
    assert any(a.get("role") == "status" and a.get("aria-live") == "polite" for _, a in tree.elements)


def test_tracker_in_roman_urdu(ui):
    tree = parse(lw.render_progress_tracker(ui, "step-2", "ur-Latn"))
    text = text_of(tree)
    assert "Qadam 2: AI system architecture ka design: aap ki progress" in text
    assert "Mukammal" in text and "Jaari hai" in text
    assert "Not started" not in text and "Your progress" not in text
    messages = widget_text(tree)
    assert messages["saved"].startswith("Save ho gaya")
    assert messages["states"]["skipped"] == "Chhor diya"


def test_unknown_ids_are_refused(ui, quizzes):
    with pytest.raises(lw.WidgetError, match="no step or exercise 'step-9'"):
        lw.render_progress_tracker(ui, "step-9", "en")
    with pytest.raises(lw.WidgetError, match="no quiz for 'exercise-01'"):
        lw.render_quiz(ui, quizzes, "exercise-01", "en")
    with pytest.raises(UnknownLanguageError):
        lw.render_progress_tracker(ui, "step-1", "ur")


@pytest.mark.parametrize(("lang", "bar_label", "first_title"), [
    ("en", "Steps and exercises done", "Step 1: Technical and data foundations"),
    ("ur-Latn", "Mukammal qadam aur mashqein", "Qadam 1: Technical aur data foundations"),
])
def test_overview_has_bar_table_export_and_import(ui, lang, bar_label, first_title):
    markup = lw.render_progress_overview(ui, lang)
    tree = parse(markup)
    root = tree.elements[0][1]
    assert json.loads(root["data-lp-items"]) == list(ITEM_IDS)
    progress = [a for t, a in tree.elements if t == "progress"]
    assert progress == [{"id": "lp-overview-bar", "max": "100", "value": "0",
                         "aria-describedby": "lp-overview-summary"}]
    assert ("label", {"for": "lp-overview-bar"}) in tree.elements
    assert bar_label in text_of(tree) and first_title in text_of(tree)
    links = [a["href"] for t, a in tree.elements if t == "a"]
    assert links[:3] == ["01-foundations/#lp-progress-step-1", "01-foundations/#lp-progress-exercise-01",
                         "02-system-design/#lp-progress-step-2"]
    assert len(links) == 10
    statuses = [a["data-lp-status"] for t, a in tree.elements if "data-lp-status" in a]
    assert statuses == list(ITEM_IDS)
    file_input = next(a for t, a in tree.elements if a.get("type") == "file")
    assert file_input["id"] == "lp-import-file" and "json" in file_input["accept"]
    assert any(t == "label" and a.get("for") == "lp-import-file" for t, a in tree.elements)
    assert any(a.get("data-lp-action") == "export" for _, a in tree.elements)
    messages = widget_text(tree)
    for key in ("summary", "import-ok", "import-error", "reason-json", "reason-format", "reason-item",
                "reason-state", "export-done"):
        assert messages[key]
    assert messages["states"]["not-started"] == ui.states["not-started"].text(lang)


def test_overview_links_are_relative_to_the_page_that_calls_it(ui):
    assert lw.relative_href("learn/index.md", "learn/05-governance.md", "x") == "05-governance/#x"
    assert lw.relative_href("index.md", "learn/05-governance.md") == "learn/05-governance/"
    assert lw.relative_href("learn/02-system-design.md", "learn/index.md") == "../"
    assert lw.relative_href("learn/index.md", "learn/index.md") == "./"
    markup = lw.render_progress_overview(ui, "en", page_src="index.md")
    assert 'href="learn/01-foundations/#lp-progress-step-1"' in markup


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_quiz_has_one_form_and_radio_group_per_question(ui, quizzes, lang):
    quiz = quizzes.for_step("step-3")
    tree = parse(lw.render_quiz(ui, quizzes, "step-3", lang))
    forms = [a for t, a in tree.elements if t == "form"]
    assert [f["data-lp-question"] for f in forms] == [q.id for q in quiz.questions]
    assert [f["data-lp-answer"] for f in forms] == [q.answer.id for q in quiz.questions]
    assert [f["data-lp-explanation"] for f in forms] == [q.explanation.text(lang) for q in quiz.questions]
    assert sum(1 for t, _ in tree.elements if t == "fieldset") == len(quiz.questions)
    assert sum(1 for t, _ in tree.elements if t == "legend") == len(quiz.questions)
    radios = [a for t, a in tree.elements if a.get("type") == "radio"]
    assert len(radios) == sum(len(q.options) for q in quiz.questions)
    assert not any("checked" in r for r in radios)
    text = text_of(tree)
    first = quiz.questions[0]
    assert first.question.text(lang) in text
    assert all(o.text.text(lang) in text for o in first.options)
    other = "ur-Latn" if lang == "en" else "en"
    assert first.question.text(other) not in text
    assert sum(1 for _, a in tree.elements if a.get("role") == "status") == len(quiz.questions)


def test_quiz_messages_come_in_the_page_language(ui, quizzes):
    en = widget_text(parse(lw.render_quiz(ui, quizzes, "step-1", "en")))
    ur = widget_text(parse(lw.render_quiz(ui, quizzes, "step-1", "ur-Latn")))
    assert (en["correct"], en["incorrect"]) == ("Correct.", "Not correct.")
    assert (ur["correct"], ur["incorrect"]) == ("Durust.", "Durust nahin.")
    assert set(en) == set(ur)


@pytest.mark.parametrize(("lang", "header"), [("en", "Weight"), ("ur-Latn", "Weight")])
def test_decision_matrix_is_prefilled_and_labelled(ui, lang, header):
    tree = parse(lw.render_decision_matrix(ui, lang))
    inputs = {a["id"]: a for t, a in tree.elements if t == "input"}
    assert inputs["lp-dm-w-data-privacy"]["value"] == "25"
    for option in ui.decision_matrix.options:
        for criterion, score in option.scores.items():
            assert inputs[f"lp-dm-s-{option.id}-{criterion}"]["value"] == str(score)
    assert inputs["lp-dm-w-latency"]["aria-labelledby"] == "lp-dm-r-latency lp-dm-h-weight"
    assert inputs["lp-dm-s-managed-latency"]["aria-labelledby"] == "lp-dm-r-latency lp-dm-h-managed"
    assert len(inputs) == 6 * (1 + len(ui.decision_matrix.options))
    assert header in text_of(tree)
    names = widget_text(tree)["options"]
    assert list(names) == [o.id for o in ui.decision_matrix.options]
    if lang == "ur-Latn":
        assert "Team ki salahiyat" in text_of(tree) and "Team capability" not in text_of(tree)


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_cost_calculator_is_prefilled_and_labelled(ui, lang):
    tree = parse(lw.render_cost_calculator(ui, lang))
    inputs = {a["data-lp-field"]: a for t, a in tree.elements if t == "input"}
    assert {k: v["value"] for k, v in inputs.items()} == {
        "model_calls_per_month": "1800000", "input_tokens_per_call": "1800", "output_tokens_per_call": "250",
        "price_per_million_input_tokens": "3.00", "price_per_million_output_tokens": "15.00", "hit_rate": "0.30"}
    labels = {a["for"] for t, a in tree.elements if t == "label"}
    assert {a["id"] for a in inputs.values()} <= labels
    outputs = [a["data-lp-result"] for t, a in tree.elements if t == "output"]
    assert outputs == ["monthly_token_cost", "monthly_token_cost_with_cache", "monthly_token_cost_at_10x"]
    expected = {"en": "Monthly token cost with the semantic cache",
                "ur-Latn": "Semantic cache ke saath mahana token cost"}[lang]
    assert expected in text_of(tree)


@pytest.mark.parametrize("name", ["learning.js", "cost-calculator.js"])
def test_the_script_has_no_interface_words_of_its_own(ui, quizzes, name):
    script = SCRIPT.with_name(name).read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", script, flags=re.S)
    words = [label.text(lang) for label in ui.states.values() for lang in ("en", "ur-Latn")]
    words += [value.text(lang) for value in ui.text.values() for lang in ("en", "ur-Latn")]
    for word in words:
        assert f'"{word}"' not in code, word
    for literal in re.findall(r'"([^"\\]*)"', code):
        # Literals are ids, selectors, attribute names, formats: no sentence in any language.
        assert not re.search(r"[A-Za-z]+ [a-z]+ [a-z]+", literal), literal
    assert "http://" not in code and "https://" not in code and "fetch(" not in code
    assert "onclick" not in code and "innerHTML" not in code


def test_the_macros_use_the_page_language(ui, quizzes):
    defined = {}
    env = SimpleNamespace(macro=lambda f: defined.setdefault(f.__name__, f))
    lw.register(env, {"learning_ui": ui, "quizzes": quizzes})
    assert set(defined) == {"progress_overview", "progress_tracker", "quiz",
                            "decision_matrix_calculator", "cost_calculator"}
    env.page = SimpleNamespace(file=SimpleNamespace(src_uri="learn/index.ur-Latn.md", locale="ur-Latn"))
    overview = defined["progress_overview"]()
    assert "Mukammal qadam aur mashqein" in overview
    assert 'href="01-foundations/#lp-progress-step-1"' in overview
    assert "Jawab check karein" in defined["quiz"]("step-4")
    env.page = SimpleNamespace(file=SimpleNamespace(src_uri="learn/03-technology-selection.md", locale="en"))
    assert "Your progress on Step 3" in defined["progress_tracker"]("step-3")
    assert "Restore the model answer" in defined["decision_matrix_calculator"]()
    assert "Restore the example" in defined["cost_calculator"]()
    with pytest.raises(lw.WidgetError, match="no such step"):
        defined["quiz"]("step-6")
