"""The learning-path widgets in real Chromium: progress, export and import, quizzes, calculators.

The calculators must give the same figures as the exercise checker for the
same inputs, to the cent; progress must survive a reload and travel through
an exported file; a malformed file must change nothing; everything must work
from the keyboard and pass axe-core in both languages and both colour schemes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from archbook.learning.checker.cost_plan import compute_costs
from archbook.learning.checker.decision_matrix import weighted_scores

pytestmark = [pytest.mark.build, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
KEY = "archbook.progress.v1"
OVERVIEW = "learn/"
STEPS = {1: "learn/01-foundations/", 2: "learn/02-system-design/", 3: "learn/03-technology-selection/",
         4: "learn/04-scale-reliability-cost/", 5: "learn/05-governance/"}
LEARNING_PAGES = [OVERVIEW, *STEPS.values()]
MATRIX_ANSWER = ROOT / "exercises" / "03-decision-matrix" / "model-answer" / "decision-matrix.yaml"
COST_ANSWER = ROOT / "exercises" / "04-scaling-and-cost-plan" / "model-answer" / "cost-plan.yaml"

# The learning path contract's examples, used until the model answers exist.
CONTRACT_MATRIX = {
    "criteria": [{"id": "cost-at-volume", "weight": 25}, {"id": "latency", "weight": 20},
                 {"id": "data-privacy", "weight": 25}, {"id": "lock-in", "weight": 10},
                 {"id": "team-capability", "weight": 10}, {"id": "maintenance", "weight": 10}],
    "options": [
        {"id": "self-hosted", "scores": {"cost-at-volume": 4, "latency": 3, "data-privacy": 5, "lock-in": 5,
                                         "team-capability": 2, "maintenance": 2}},
        {"id": "managed", "scores": {"cost-at-volume": 2, "latency": 4, "data-privacy": 2, "lock-in": 2,
                                     "team-capability": 5, "maintenance": 5}},
    ],
}
CONTRACT_COST = {
    "baseline": {"model_calls_per_month": 1800000, "input_tokens_per_call": 1800, "output_tokens_per_call": 250,
                 "price_per_million_input_tokens": 3.00, "price_per_million_output_tokens": 15.00},
    "semantic_cache": {"hit_rate": 0.30},
}


def model_answer(path: Path, fallback: dict) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else fallback


class Tab:
    """A page in its own browser context that fails the test on any script error."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(accept_downloads=True, **options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def close(self):
        self.context.close()
        assert self.errors == [], self.errors


@pytest.fixture
def tab(browser):
    opened = Tab(browser)
    yield opened
    opened.close()


@pytest.fixture
def open_tab(browser):
    """A factory of extra tabs (fresh contexts), closed at the end of the test."""
    opened: list[Tab] = []

    def make(**options) -> Tab:
        opened.append(Tab(browser, **options))
        return opened[-1]

    yield make
    for one in opened:
        one.close()


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}') || '{{}}'"))


def statuses(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "[data-lp-status]", "cells => Object.fromEntries(cells.map(c => [c.dataset.lpStatus, c.dataset.lpState]))")


def set_state(page, item: str, state: str) -> None:
    page.check(f"#lp-state-{item}-{state}")
    page.wait_for_function(f"(localStorage.getItem('{KEY}') || '').includes('{item}') === {str(state != 'not-started').lower()}")


def wait_ready(page) -> None:
    """Every widget of the page wired (the cost calculator's script arrives after the page's load event)."""
    page.wait_for_selector(".lp-widget.lp-ready", state="attached")
    page.wait_for_function("[...document.querySelectorAll('.lp-widget')].every(w => w.classList.contains('lp-ready'))")


# ---------- progress ----------

def test_progress_survives_a_reload_and_shows_on_the_overview(tab, site_url):
    page = tab.page
    page.goto(site_url + STEPS[1])
    wait_ready(page)
    assert page.is_checked("#lp-state-step-1-not-started")
    set_state(page, "step-1", "done")
    set_state(page, "exercise-01", "in-progress")
    assert "Done" in page.inner_text("#lp-progress-step-1 [role=status]")
    page.reload()
    wait_ready(page)
    assert page.is_checked("#lp-state-step-1-done")
    assert page.is_checked("#lp-state-exercise-01-in-progress")
    assert stored(page) == {"step-1": "done", "exercise-01": "in-progress"}

    page.goto(site_url + OVERVIEW)
    wait_ready(page)
    bar = page.get_by_role("progressbar", name="Steps and exercises done")
    assert bar.evaluate("e => [e.value, e.max]") == [10, 100]
    assert page.inner_text(".lp-summary") == "1 of 10 done (10%)"
    assert statuses(page)["step-1"] == "done"
    assert statuses(page)["exercise-01"] == "in-progress"
    assert statuses(page)["step-2"] == "not-started"

    page.goto(site_url + STEPS[1])
    set_state(page, "step-1", "not-started")
    assert stored(page) == {"exercise-01": "in-progress"}


def test_progress_is_shared_by_both_languages_and_worded_in_each(tab, site_url):
    page = tab.page
    page.goto(site_url + "ur-Latn/" + STEPS[2])
    wait_ready(page)
    set_state(page, "step-2", "skipped")
    assert "Chhor diya" in page.inner_text("#lp-progress-step-2 [role=status]")
    page.goto(site_url + STEPS[2])
    assert page.is_checked("#lp-state-step-2-skipped")
    page.goto(site_url + "ur-Latn/" + OVERVIEW)
    wait_ready(page)
    assert page.inner_text('[data-lp-status="step-2"]') == "Chhor diya"
    assert page.inner_text(".lp-summary") == "10 mein se 0 mukammal (0%)"


def test_every_overview_link_leads_to_a_tracker(tab, site_url):
    page = tab.page
    for lang in ("", "ur-Latn/"):
        page.goto(site_url + lang + OVERVIEW)
        links = page.eval_on_selector_all(".lp-overview a", "links => links.map(a => a.href)")
        assert len(links) == 10
        for link in links:
            page.goto(link)
            anchor = link.split("#", 1)[1]
            assert page.locator(f"#{anchor}.lp-tracker").count() == 1, link


# ---------- export and import ----------

def export_file(page, folder: Path) -> Path:
    with page.expect_download() as download:
        page.click('[data-lp-action="export"]')
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_export_then_import_into_a_fresh_browser_restores_progress(tab, open_tab, site_url, tmp_path):
    page = tab.page
    page.goto(site_url + STEPS[3])
    wait_ready(page)
    set_state(page, "step-3", "done")
    set_state(page, "exercise-03", "skipped")
    page.goto(site_url + STEPS[4])
    set_state(page, "exercise-04", "in-progress")
    page.goto(site_url + OVERVIEW)
    wait_ready(page)
    path = export_file(page, tmp_path)
    assert path.name == "archbook-progress.json"
    exported = json.loads(path.read_text(encoding="utf-8"))
    progress = {"step-3": "done", "exercise-03": "skipped", "exercise-04": "in-progress"}
    assert exported == {"format": "archbook-progress", "version": 1, "progress": progress}
    assert "archbook-progress.json" in page.inner_text(".lp-overview .lp-message")

    fresh = open_tab().page
    fresh.goto(site_url + "ur-Latn/" + OVERVIEW)
    wait_ready(fresh)
    assert stored(fresh) == {}
    fresh.set_input_files("#lp-import-file", str(path))
    message = fresh.locator(".lp-overview .lp-message")
    message.wait_for()
    assert "Progress import ho gayi" in message.inner_text()
    assert stored(fresh) == progress
    assert statuses(fresh)["step-3"] == "done" and statuses(fresh)["exercise-04"] == "in-progress"
    assert fresh.inner_text(".lp-summary") == "10 mein se 1 mukammal (10%)"
    fresh.goto(site_url + STEPS[3])
    wait_ready(fresh)
    assert fresh.is_checked("#lp-state-step-3-done") and fresh.is_checked("#lp-state-exercise-03-skipped")


BAD_FILES = {
    "not-json": "{progress: done}",
    "empty": "",
    "a-list": '["step-1", "done"]',
    "wrong-format": '{"format": "something-else", "version": 1, "progress": {}}',
    "wrong-version": '{"format": "archbook-progress", "version": 2, "progress": {}}',
    "version-as-text": '{"format": "archbook-progress", "version": "1", "progress": {}}',
    "extra-key": '{"format": "archbook-progress", "version": 1, "progress": {}, "user": "x"}',
    "no-progress": '{"format": "archbook-progress", "version": 1}',
    "progress-not-a-map": '{"format": "archbook-progress", "version": 1, "progress": ["step-1"]}',
    "unknown-item": '{"format": "archbook-progress", "version": 1, "progress": {"step-9": "done"}}',
    "unknown-state": '{"format": "archbook-progress", "version": 1, "progress": {"step-1": "finished"}}',
    "not-started-is-not-stored": '{"format": "archbook-progress", "version": 1, "progress": {"step-1": "not-started"}}',
    "half-good": '{"format": "archbook-progress", "version": 1, "progress": {"step-1": "done", "step-2": 3}}',
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_malformed_import_is_refused_with_a_message_and_changes_nothing(tab, site_url, tmp_path, name):
    page = tab.page
    page.goto(site_url + STEPS[5])
    wait_ready(page)
    set_state(page, "step-5", "in-progress")
    page.goto(site_url + OVERVIEW)
    wait_ready(page)
    before_storage, before_cells = stored(page), statuses(page)
    before_bar = page.inner_text(".lp-summary")
    bad = tmp_path / f"{name}.json"
    bad.write_text(BAD_FILES[name], encoding="utf-8")
    page.set_input_files("#lp-import-file", str(bad))
    message = page.locator(".lp-overview .lp-message.lp-error")
    message.wait_for()
    assert message.is_visible()
    assert message.get_attribute("aria-live") == "polite" and message.get_attribute("role") == "status"
    assert message.inner_text().startswith("The file was not imported and your progress is unchanged: ")
    assert stored(page) == before_storage == {"step-5": "in-progress"}
    assert statuses(page) == before_cells
    assert page.inner_text(".lp-summary") == before_bar


def test_a_file_too_large_is_refused_before_reading(tab, site_url, tmp_path):
    page = tab.page
    page.goto(site_url + OVERVIEW)
    wait_ready(page)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"format": "archbook-progress", "version": 1, "progress": {},
                               "padding": "x" * 100_000}), encoding="utf-8")
    page.set_input_files("#lp-import-file", str(big))
    page.locator(".lp-overview .lp-message.lp-error").wait_for()
    assert "too large" in page.inner_text(".lp-overview .lp-message")
    assert stored(page) == {}


# ---------- calculators ----------

def matrix_outputs(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "[data-lp-score]", "outs => Object.fromEntries(outs.map(o => [o.dataset.lpScore, o.textContent]))")


def cost_outputs(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "[data-lp-result]", "outs => Object.fromEntries(outs.map(o => [o.dataset.lpResult, o.textContent]))")


def fill_matrix(page, data: dict) -> None:
    for criterion in data["criteria"]:
        page.fill(f"#lp-dm-w-{criterion['id']}", str(criterion["weight"]))
    for option in data["options"]:
        for criterion, score in option["scores"].items():
            page.fill(f"#lp-dm-s-{option['id']}-{criterion}", str(score))
    page.click("#lp-dm button[type=submit]")


def fill_cost(page, data: dict) -> None:
    for field, value in {**data["baseline"], "hit_rate": data["semantic_cache"]["hit_rate"]}.items():
        page.fill(f"[data-lp-field={field}]", repr(value) if isinstance(value, float) else str(value))
    page.click("#lp-cc button[type=submit]")


@pytest.mark.parametrize("lang", ["", "ur-Latn/"])
def test_decision_matrix_calculator_matches_the_checker_for_the_model_answer(tab, site_url, lang):
    page = tab.page
    page.goto(site_url + lang + STEPS[3])
    wait_ready(page)
    expected = weighted_scores(model_answer(MATRIX_ANSWER, CONTRACT_MATRIX))
    shown = matrix_outputs(page)  # prefilled with the model answer
    assert shown == {option: f"{score:.2f}" for option, score in expected.items()}
    assert page.inner_text("#lp-dm-weight-sum") == "100"


def test_decision_matrix_calculator_follows_edits_and_refuses_bad_weights(tab, site_url):
    page = tab.page
    page.goto(site_url + STEPS[3])
    wait_ready(page)
    data = model_answer(MATRIX_ANSWER, CONTRACT_MATRIX)
    changed = json.loads(json.dumps(data))
    changed["criteria"][0]["weight"] = 15   # cost 15, team capability 20: still 100
    changed["criteria"][4]["weight"] = 20
    changed["options"][0]["scores"]["latency"] = 1
    fill_matrix(page, changed)
    expected = weighted_scores(changed)
    assert matrix_outputs(page) == {option: f"{score:.2f}" for option, score in expected.items()}
    message = page.inner_text("#lp-dm [role=status]")
    best = max(expected, key=expected.get)
    assert "Highest" in message or "tied" in message
    assert f"{expected[best]:.2f}" in message

    page.fill("#lp-dm-w-latency", "21")
    page.click("#lp-dm button[type=submit]")
    assert page.inner_text("#lp-dm-weight-sum") == "101"
    assert "add up to 101; they must add up to 100" in page.inner_text("#lp-dm [role=status]")
    assert set(matrix_outputs(page).values()) == {"—"}
    page.fill("#lp-dm-w-latency", "20")
    page.fill(f"#lp-dm-s-{changed['options'][1]['id']}-latency", "6")
    page.click("#lp-dm button[type=submit]")
    assert "whole number from 1 to 5" in page.inner_text("#lp-dm [role=status]")
    assert page.get_attribute(f"#lp-dm-s-{changed['options'][1]['id']}-latency", "aria-invalid") == "true"

    page.click("#lp-dm button[type=reset]")
    page.wait_for_function("document.querySelector('#lp-dm-weight-sum').textContent === '100'")
    expected = weighted_scores(data)
    page.wait_for_function("![...document.querySelectorAll('[data-lp-score]')].some(o => o.textContent === '—')")
    assert matrix_outputs(page) == {option: f"{score:.2f}" for option, score in expected.items()}


def usd(value: float) -> str:
    return f"USD {value:,.2f}"


@pytest.mark.parametrize("lang", ["", "ur-Latn/"])
def test_cost_calculator_matches_the_checker_for_the_model_answer(tab, site_url, lang):
    page = tab.page
    page.goto(site_url + lang + STEPS[4])
    wait_ready(page)
    expected = compute_costs(model_answer(COST_ANSWER, CONTRACT_COST))
    assert cost_outputs(page) == {key: usd(value) for key, value in expected.items()}
    assert expected["monthly_token_cost"] == 16470.00
    page.click("#lp-cc button[type=submit]")
    assert usd(expected["monthly_token_cost_with_cache"]) in page.inner_text("#lp-cc [role=status]")


OTHER_PLANS = [
    ({"model_calls_per_month": 1234567, "input_tokens_per_call": 1333, "output_tokens_per_call": 777,
      "price_per_million_input_tokens": 2.5, "price_per_million_output_tokens": 12.75}, 0.37),
    ({"model_calls_per_month": 1800000, "input_tokens_per_call": 1800, "output_tokens_per_call": 250,
      "price_per_million_input_tokens": 0.25, "price_per_million_output_tokens": 1.25}, 0.3),
    # Exactly half a cent (0.125): the token-cost rule rounds half up (0.13), and so must the page.
    ({"model_calls_per_month": 1, "input_tokens_per_call": 125000, "output_tokens_per_call": 0,
      "price_per_million_input_tokens": 1.0, "price_per_million_output_tokens": 0.0}, 0.0),
    ({"model_calls_per_month": 3, "input_tokens_per_call": 1, "output_tokens_per_call": 1,
      "price_per_million_input_tokens": 1115.0, "price_per_million_output_tokens": 0.0}, 0.5),
    ({"model_calls_per_month": 987654321, "input_tokens_per_call": 4096, "output_tokens_per_call": 1024,
      "price_per_million_input_tokens": 0.15, "price_per_million_output_tokens": 0.6}, 0.99),
]


def test_cost_calculator_matches_the_checker_for_other_plans(tab, site_url):
    page = tab.page
    page.goto(site_url + STEPS[4])
    wait_ready(page)
    for baseline, hit_rate in OTHER_PLANS:
        plan = {"baseline": baseline, "semantic_cache": {"hit_rate": hit_rate}}
        fill_cost(page, plan)
        expected = compute_costs(plan)
        assert cost_outputs(page) == {key: usd(value) for key, value in expected.items()}, plan


def test_cost_calculator_refuses_bad_input_and_restores_the_example(tab, site_url):
    page = tab.page
    page.goto(site_url + STEPS[4])
    wait_ready(page)
    page.fill("[data-lp-field=hit_rate]", "1")
    page.click("#lp-cc button[type=submit]")
    message = page.inner_text("#lp-cc [role=status]")
    assert message.startswith("Semantic cache hit rate: enter a number from 0 up to")
    assert page.get_attribute("[data-lp-field=hit_rate]", "aria-invalid") == "true"
    assert set(cost_outputs(page).values()) == {"—"}
    page.fill("[data-lp-field=input_tokens_per_call]", "12.5")
    page.fill("[data-lp-field=hit_rate]", "0.3")
    page.click("#lp-cc button[type=submit]")
    assert page.inner_text("#lp-cc [role=status]").startswith("Input tokens per call: enter a whole number")
    page.click("#lp-cc button[type=reset]")
    page.wait_for_function("document.querySelector('[data-lp-result]').textContent !== '—'")
    expected = compute_costs(model_answer(COST_ANSWER, CONTRACT_COST))
    assert cost_outputs(page) == {key: usd(value) for key, value in expected.items()}
    assert page.get_attribute("[data-lp-field=hit_rate]", "aria-invalid") is None


# ---------- quizzes ----------

def quiz_data() -> dict:
    return yaml.safe_load((ROOT / "data" / "quizzes.yml").read_text(encoding="utf-8"))


def first_question(step: str) -> dict:
    quiz = next(q for q in quiz_data()["quizzes"] if q["step"] == step)
    return quiz["questions"][0]


@pytest.mark.parametrize(("lang", "right_word", "wrong_word"), [
    ("", "Correct.", "Not correct."), ("ur-Latn/", "Durust.", "Durust nahin.")])
def test_quiz_marks_right_and_wrong_answers(tab, site_url, lang, right_word, wrong_word):
    page = tab.page
    page.goto(site_url + lang + STEPS[1])
    wait_ready(page)
    question = first_question("step-1")
    qid = question["id"]
    right = next(o for o in question["options"] if o.get("correct"))
    wrong = next(o for o in question["options"] if not o.get("correct"))
    text_key = "en" if lang == "" else "ur-Latn"
    form = page.locator(f'form[data-lp-question="{qid}"]')

    form.locator("button[type=submit]").click()
    feedback = form.locator("[role=status]")
    assert feedback.inner_text() in {"Choose an answer first.", "Pehle koi jawab chunein."}

    page.check(f"#lp-q-{qid}-{wrong['id']}")
    form.locator("button[type=submit]").click()
    text = feedback.inner_text()
    assert text.startswith(wrong_word)
    assert right["text"][text_key] in text
    assert question["explanation"][text_key] in text
    wrong_choice = form.locator(f'[data-lp-option="{wrong["id"]}"]')
    right_choice = form.locator(f'[data-lp-option="{right["id"]}"]')
    assert "lp-wrong" in wrong_choice.get_attribute("class")
    assert "lp-right" in right_choice.get_attribute("class")
    assert wrong_choice.locator(".lp-mark").is_visible() and right_choice.locator(".lp-mark").is_visible()
    # The marks are part of the options' accessible names, not colour alone.
    assert page.get_by_role("radio", name=right["text"][text_key]).count() == 1
    assert right_choice.locator(".lp-mark").inner_text() in {"right answer", "sahih jawab"}

    page.check(f"#lp-q-{qid}-{right['id']}")
    form.locator("button[type=submit]").click()
    assert feedback.inner_text().startswith(right_word)
    assert "lp-wrong" not in (wrong_choice.get_attribute("class") or "")
    assert "1" in page.inner_text(".lp-quiz .lp-score")


# ---------- keyboard ----------

def tab_until(page, selector: str, limit: int = 200) -> None:
    """Press Tab until ``selector`` has the focus (fails after ``limit`` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone_sets_progress_and_answers_a_quiz(tab, site_url):
    page = tab.page
    page.goto(site_url + STEPS[2])
    wait_ready(page)
    # Tracker: Tab reaches the checked radio of the group; arrows change the state.
    tab_until(page, "#lp-state-step-2-not-started")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "lp-state-step-2-in-progress"
    page.wait_for_function(f"(localStorage.getItem('{KEY}') || '').includes('in-progress')")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"JSON.parse(localStorage.getItem('{KEY}'))['step-2'] === 'done'")
    assert "Done" in page.inner_text("#lp-progress-step-2 [role=status]")
    # Focus is visible on the radio the keyboard is on.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    # Quiz: Tab into the first question, arrow to an answer, Tab to the button, press Enter.
    question = first_question("step-2")
    qid, options = question["id"], question["options"]
    tab_until(page, f'input[name="lp-q-{qid}"]')
    assert page.evaluate("document.activeElement.id") == f"lp-q-{qid}-{options[0]['id']}"
    page.keyboard.press("ArrowDown")  # selects the second option
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    feedback = page.locator(f'form[data-lp-question="{qid}"] [role=status]')
    second_is_right = bool(options[1].get("correct"))
    assert feedback.inner_text().startswith("Correct." if second_is_right else "Not correct.")
    # Back into the group (focus lands on the chosen answer), arrow to the right one, check with Space.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == f"lp-q-{qid}-{options[1]['id']}"
    right_index = next(i for i, o in enumerate(options) if o.get("correct"))
    for _ in range(abs(right_index - 1)):
        page.keyboard.press("ArrowDown" if right_index > 1 else "ArrowUp")
    assert page.evaluate("document.activeElement.checked")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert feedback.inner_text().startswith("Correct.")


# ---------- accessibility ----------

def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def _show_every_state(page) -> None:
    """Bring out the widgets' dynamic states (marks, messages, errors) before axe looks."""
    page.eval_on_selector_all(".lp-tracker input[value=done]", "inputs => inputs.forEach(i => i.click())")
    forms = page.locator(".lp-question")
    for index in range(forms.count()):
        form = forms.nth(index)
        answer = form.get_attribute("data-lp-answer")
        wrong = form.locator(f'input[type=radio]:not([value="{answer}"])').first
        wrong.check()
        form.locator("button[type=submit]").click()
    if page.locator("#lp-dm").count():
        page.fill("#lp-dm-w-latency", "30")
        page.click("#lp-dm button[type=submit]")
    if page.locator("#lp-cc").count():
        page.fill("[data-lp-field=hit_rate]", "2")
        page.click("#lp-cc button[type=submit]")
    if page.locator(".lp-overview").count():
        page.set_input_files("#lp-import-file", files=[{"name": "x.json", "mimeType": "application/json",
                                                        "buffer": b"not json"}])
        page.locator(".lp-overview .lp-message.lp-error").wait_for()
    # Leave no control hovered or focused, and let colour transitions end: axe must see the
    # settled page, not a button halfway between its hover and resting colours.
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation_on_learning_pages(browser, site_url, scheme):
    axe = _axe_source()
    tab = Tab(browser, color_scheme=scheme)
    page = tab.page
    found = []
    for lang in ("", "ur-Latn/"):
        for path in LEARNING_PAGES:
            page.goto(site_url + lang + path)
            wait_ready(page)
            _show_every_state(page)
            page.add_script_tag(content=axe)
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                if violation["impact"] in {"serious", "critical"}:
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    found.append(f"{lang}{path}: {violation['id']} ({violation['impact']}) at {json.dumps(targets)}")
    tab.close()
    assert found == []


def test_widgets_show_a_note_and_disabled_controls_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + STEPS[3])
    assert page.locator(".lp-needs-js").first.is_visible()
    assert page.is_disabled("#lp-state-step-3-done")
    assert page.is_disabled("#lp-dm-w-latency")
    context.close()
