"""Review your own architecture, in real Chromium: one rule, the report, downloads, restore, keyboard, axe.

The browser scores answers with the constants the page carries; it must give
the Python rule's figures on the worked example and on many random answer
sets (and on random questionnaires). Answers make a report and survive a
reload; the report downloads as Markdown and JSON; the JSON restores the
answers in a fresh browser; a malformed file is refused with a message and
changes nothing; everything works from the keyboard and passes axe-core in
both languages and both colour schemes.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from archbook.content.data import validate
from archbook.learning.self_assessment import STORAGE_KEY, ArchitectureReview
from archbook.rules import architecture_review as rule

pytestmark = [pytest.mark.build, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
PAGE = "learn/architecture-review/"
PROGRESS_KEY = "archbook.progress.v1"
REVIEW = validate(ArchitectureReview, ROOT / "data" / "architecture_review.yml", "data/architecture_review.yml")
EXAMPLE = dict(REVIEW.worked_example.answers)
ORDER = [q.id for q in REVIEW.ordered_questions()]
NUMBER = {qid: n for n, qid in enumerate(ORDER, start=1)}


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
def open_tab(browser):
    opened: list[Tab] = []

    def make(**options) -> Tab:
        opened.append(Tab(browser, **options))
        return opened[-1]

    yield make
    for one in opened:
        one.close()


def open_review(tab: Tab, site_url: str, lang: str = ""):
    page = tab.page
    page.goto(site_url + lang + PAGE)
    page.wait_for_selector("#ar-review.ar-ready", state="attached")
    page.wait_for_selector("#ar-live.ar-ready", state="attached")
    return page


def answers_shown(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#ar-review input:checked')]
        .map(i => [i.closest('[data-ar-question]').dataset.arQuestion, i.value]))""")


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}') || '{{}}'"))


def answer(page, question: str, choice: str) -> None:
    page.locator(f'[data-ar-question="{question}"] input[value="{choice}"]').check()
    page.wait_for_function(
        f"(JSON.parse(localStorage.getItem('{STORAGE_KEY}') || '{{}}').answers || {{}})['{question}'] === '{choice}'")


def live_scores(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "#ar-live tr[data-ar-area]", "rows => Object.fromEntries(rows.map(r => [r.dataset.arArea, "
        "r.querySelector('.ar-score').textContent]))")


def download(page, selector: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def python_report(answers: dict) -> dict:
    return REVIEW.report(answers).as_dict()


# ---------- one rule in Python and in the browser ----------

def _random_answer_sets(count: int, seed: int = 20250113) -> list[dict[str, str]]:
    rng = random.Random(seed)
    questions = REVIEW.ordered_questions()
    sets: list[dict[str, str]] = [{}, dict(EXAMPLE)]
    for level in rule.RISK_LEVELS:  # every question at one level, where it has it
        sets.append({q.id: c.id for q in questions for c in q.choices if c.level == level})
    for q in questions:  # each choice of each question alone
        sets += [{q.id: c.id} for c in q.choices]
    for _ in range(count):
        share = rng.choice([0.1, 0.5, 0.9, 1.0])
        sets.append({q.id: rng.choice(q.choices).id for q in questions if rng.random() < share})
    return sets


def _random_questionnaires(count: int, seed: int = 7) -> list[tuple[list[dict], dict, list[str]]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        areas = [f"area-{i}" for i in range(rng.randint(1, 6))]
        links = [f"p{rng.randint(1, 4)}.md#s{i}" for i in range(rng.randint(1, 8))]
        questions = []
        for i in range(rng.randint(1, 15)):
            levels = [rng.choice(rule.RISK_LEVELS) for _ in range(rng.randint(1, 4))]
            questions.append({"id": f"q{i}", "area": rng.choice(areas), "link": rng.choice(links),
                              "levels": {f"c{j}": level for j, level in enumerate(levels)}})
        answers = {q["id"]: rng.choice(list(q["levels"])) for q in questions if rng.random() < 0.7}
        cases.append((questions, answers, areas))
    return cases


def test_there_are_many_parity_cases():
    assert len(_random_answer_sets(300)) > 400 and len(_random_questionnaires(150)) == 150


def test_the_browser_reads_the_questionnaire_and_the_rule_python_wrote(open_tab, site_url):
    page = open_review(open_tab(), site_url)
    shown = page.evaluate("""() => {
        const form = document.querySelector('#ar-review');
        return {rule: JSON.parse(form.dataset.arRule), areas: archbookArchitectureReview.areasFrom(form),
                questions: archbookArchitectureReview.questionsFrom(form)};
    }""")
    assert shown["rule"] == rule.browser_rule()
    assert shown["areas"] == [a.id for a in REVIEW.areas]
    assert shown["questions"] == [{"id": q.id, "area": q.area, "link": q.link, "levels": dict(q.levels)}
                                  for q in REVIEW.rule_questions()]


def test_the_browser_gives_python_s_report_on_the_worked_example_and_random_answers(open_tab, site_url):
    page = open_review(open_tab(), site_url)
    cases = _random_answer_sets(300)
    shown = page.evaluate("""cases => {
        const form = document.querySelector('#ar-review');
        const rule = JSON.parse(form.dataset.arRule);
        const questions = archbookArchitectureReview.questionsFrom(form);
        const areas = archbookArchitectureReview.areasFrom(form);
        return cases.map(answers => archbookArchitectureReview.report(questions, answers, rule, areas));
    }""", cases)
    mismatches = [(case, got) for case, got in zip(cases, shown) if got != python_report(case)]
    assert mismatches == []
    assert shown[1] == REVIEW.example_report().as_dict()


def test_the_browser_gives_python_s_report_on_random_questionnaires(open_tab, site_url):
    page = open_review(open_tab(), site_url)
    cases = _random_questionnaires(150)
    shown = page.evaluate("""cases => {
        const rule = JSON.parse(document.querySelector('#ar-review').dataset.arRule);
        return cases.map(([questions, answers, areas]) => archbookArchitectureReview.report(questions, answers, rule, areas));
    }""", cases)
    for (questions, answers, areas), got in zip(cases, shown):
        expected = rule.review_report([rule.ScoredQuestion(**q) for q in questions], answers, areas).as_dict()
        assert got == expected, (questions, answers)


def test_the_browser_refuses_answers_that_do_not_fit_as_python_does(open_tab, site_url):
    page = open_review(open_tab(), site_url)
    refused = page.evaluate("""bad => {
        const form = document.querySelector('#ar-review');
        const rule = JSON.parse(form.dataset.arRule);
        const questions = archbookArchitectureReview.questionsFrom(form);
        return bad.map(answers => {
            try { archbookArchitectureReview.report(questions, answers, rule); return false; }
            catch (e) { return e instanceof RangeError; }
        });
    }""", [{"no-such-question": "x"}, {ORDER[0]: "no-such-choice"}])
    assert refused == [True, True]
    for bad in ({"no-such-question": "x"}, {ORDER[0]: "no-such-choice"}):
        with pytest.raises(rule.ReviewRuleError):
            REVIEW.report(bad)


@pytest.mark.parametrize("lang", ["", "ur-Latn/"])
def test_the_worked_example_loads_and_its_report_is_the_one_python_rendered(open_tab, site_url, lang):
    page = open_review(open_tab(), site_url, lang)
    assert answers_shown(page) == {}
    page.click('[data-ar-action="example"]')
    assert answers_shown(page) == EXAMPLE
    assert stored(page)["answers"] == EXAMPLE
    message = page.inner_text("#ar-review .ar-message")
    assert message == REVIEW.text("example-loaded", "ur-Latn" if lang else "en")
    python_side = page.inner_text("#ar-example .ar-report")
    browser_side = page.inner_text("#ar-live .ar-report")
    assert browser_side == python_side
    report = REVIEW.example_report()
    assert live_scores(page) == {a.area: str(a.score) for a in report.areas}
    assert page.eval_on_selector_all("#ar-live [data-ar-risk]", "l => l.map(e => e.dataset.arRisk)") == \
        [r.question for r in report.risks]


# ---------- answer -> report ----------

def test_answers_make_a_report_that_survives_a_reload(open_tab, site_url):
    page = open_review(open_tab(), site_url)
    assert page.inner_text("#ar-live .ar-overall") == REVIEW.text("no-score", "en")
    assert set(live_scores(page).values()) == {"—"}
    chosen = {"compute-placement": "inherited", "compute-spike": "unknown", "obs-quality": "small-sample",
              "sec-credentials": "scoped", "cost-cache": "exact-only"}
    for question, choice in chosen.items():
        answer(page, question, choice)
    expected = python_report(chosen)
    assert expected["overall"]["score"] is not None
    assert page.inner_text("#ar-live .ar-overall strong") == f"Overall score: {expected['overall']['score']} of 100"
    assert live_scores(page) == {a["area"]: "—" if a["score"] is None else str(a["score"]) for a in expected["areas"]}
    assert page.eval_on_selector_all("#ar-live [data-ar-risk]", "l => l.map(e => [e.dataset.arRisk, e.dataset.arLevel])") == \
        [["compute-placement", "high"], ["compute-spike", "high"], ["obs-quality", "medium"], ["cost-cache", "low"]]
    plan = page.eval_on_selector_all("#ar-live .ar-plan li", "l => l.map(e => [e.dataset.arLink, e.dataset.arLevel])")
    assert plan == [[p["link"], p["level"]] for p in expected["plan"]]
    assert [p["level"] for p in expected["plan"]] == ["high", "high", "medium"]

    page.reload()
    page.wait_for_selector("#ar-live.ar-ready", state="attached")
    assert answers_shown(page) == chosen
    assert stored(page) == {"version": 1, "answers": chosen}
    assert page.evaluate(f"localStorage.getItem('{PROGRESS_KEY}')") is None  # its own key, not the progress key
    assert live_scores(page) == {a["area"]: "—" if a["score"] is None else str(a["score"]) for a in expected["areas"]}


def test_clearing_removes_every_answer(open_tab, site_url):
    page = open_review(open_tab(), site_url)
    page.click('[data-ar-action="example"]')
    page.click('[data-ar-action="clear"]')
    assert answers_shown(page) == {} and stored(page)["answers"] == {}
    assert page.inner_text("#ar-live .ar-overall") == REVIEW.text("no-score", "en")
    assert page.inner_text("#ar-review .ar-message") == REVIEW.text("cleared", "en")


# ---------- downloads and restore ----------

@pytest.mark.parametrize("lang", ["", "ur-Latn/"])
def test_the_report_downloads_as_markdown_and_json(open_tab, site_url, tmp_path, lang):
    code = "ur-Latn" if lang else "en"
    page = open_review(open_tab(), site_url, lang)
    page.click('[data-ar-action="example"]')

    path = download(page, '[data-ar-action="download-json"]', tmp_path)
    assert path.name == "architecture-review.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"format": "archbook-architecture-review", "version": 1, "answers": EXAMPLE,
                    "report": REVIEW.example_report().as_dict()}
    assert list(data["answers"]) == ORDER  # in the questionnaire's order
    assert "architecture-review.json" in page.inner_text("#ar-live .ar-message")

    path = download(page, '[data-ar-action="download-md"]', tmp_path)
    assert path.name == "architecture-review.md"
    text = path.read_text(encoding="utf-8")
    report = REVIEW.example_report()
    t = lambda key: REVIEW.text(key, code)  # noqa: E731
    assert text.startswith(f"# {t('md-title')}\n")
    overall = t("overall").replace("{score}", str(report.overall.score)).replace("{full}", "100")
    assert f"**{overall}**" in text
    assert f"{site_url}{lang}{PAGE}" in text
    rows = re.findall(r"^\| (.+?) \| (\d+|—) \| ", text, flags=re.M)
    assert [score for _, score in rows[:len(report.areas)]] == [str(a.score) for a in report.areas]
    risks = re.findall(r"^\d+\. \*\*(.+?)\*\* · .+? · (\d+)\. ", text, flags=re.M)
    assert [(level, int(number)) for level, number in risks] == \
        [(REVIEW.levels[r.level].text(code), NUMBER[r.question]) for r in report.risks]
    plan_links = re.findall(r"^\d+\. \[.+?\]\((http[^)]+)\) · ", text, flags=re.M)
    assert len(plan_links) == len(report.plan)
    assert all(link.startswith(site_url + ("" if not lang else lang)) for link in plan_links), plan_links
    assert all(re.search(r"/#[a-z0-9-]+$", link) for link in plan_links)
    answers_table = re.findall(r"^\| (\d+) \| ", text, flags=re.M)
    assert answers_table == [str(n) for n in range(1, len(ORDER) + 1)]
    question = REVIEW.question(report.risks[0].question)
    assert question.question.text(code).split("?")[0][:40] in text.replace("\\", "")
    other = "en" if code == "ur-Latn" else "ur-Latn"
    assert question.question.text(other)[:40] not in text.replace("\\", "")


def test_json_restores_the_answers_in_a_fresh_browser_and_the_other_language(open_tab, site_url, tmp_path):
    page = open_review(open_tab(), site_url)
    chosen = {"orch-state": "memory", "serving-gateway": "most-calls", "gov-metrics": "no-metrics"}
    for question, choice in chosen.items():
        answer(page, question, choice)
    path = download(page, '[data-ar-action="download-json"]', tmp_path)

    fresh = open_review(open_tab(), site_url, "ur-Latn/")
    assert answers_shown(fresh) == {} and stored(fresh) == {}
    fresh.set_input_files("#ar-restore-file", str(path))
    fresh.wait_for_function(f"!!localStorage.getItem('{STORAGE_KEY}')")
    assert answers_shown(fresh) == chosen
    assert stored(fresh)["answers"] == chosen
    message = fresh.inner_text("#ar-review .ar-message")
    assert message == REVIEW.text("restore-ok", "ur-Latn").replace("{count}", "3").replace("{file}", path.name)
    expected = python_report(chosen)
    assert live_scores(fresh) == {a["area"]: "—" if a["score"] is None else str(a["score"]) for a in expected["areas"]}

    # a file with the answers alone (no report) restores too, and replaces what was there
    only = tmp_path / "answers-only.json"
    only.write_text(json.dumps({"format": "archbook-architecture-review", "version": 1,
                                "answers": {"cost-spike": "unknown"}}), encoding="utf-8")
    fresh.set_input_files("#ar-restore-file", str(only))
    fresh.wait_for_function(f"JSON.parse(localStorage.getItem('{STORAGE_KEY}')).answers['cost-spike'] === 'unknown'")
    assert answers_shown(fresh) == {"cost-spike": "unknown"}


BAD_FILES = {
    "not-json": "{answers: yes}",
    "empty": "",
    "a-list": '["orch-state", "memory"]',
    "wrong-format": '{"format": "archbook-progress", "version": 1, "answers": {}}',
    "wrong-version": '{"format": "archbook-architecture-review", "version": 2, "answers": {}}',
    "version-as-text": '{"format": "archbook-architecture-review", "version": "1", "answers": {}}',
    "extra-key": '{"format": "archbook-architecture-review", "version": 1, "answers": {}, "user": "x"}',
    "no-answers": '{"format": "archbook-architecture-review", "version": 1}',
    "answers-not-a-map": '{"format": "archbook-architecture-review", "version": 1, "answers": ["orch-state"]}',
    "report-not-a-map": '{"format": "archbook-architecture-review", "version": 1, "answers": {}, "report": 3}',
    "unknown-question": '{"format": "archbook-architecture-review", "version": 1, "answers": {"orch-magic": "x"}}',
    "unknown-choice": '{"format": "archbook-architecture-review", "version": 1, "answers": {"orch-state": "floppy"}}',
    "choice-not-text": '{"format": "archbook-architecture-review", "version": 1, "answers": {"orch-state": 1}}',
    "half-good": '{"format": "archbook-architecture-review", "version": 1, '
                 '"answers": {"orch-state": "memory", "orch-budgets": "maybe"}}',
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_malformed_file_is_refused_with_a_message_and_changes_nothing(open_tab, site_url, tmp_path, name):
    page = open_review(open_tab(), site_url)
    answer(page, "data-freshness", "manual")
    answer(page, "cost-estimate", "once")
    before = (stored(page), answers_shown(page), page.inner_text("#ar-live .ar-report"))
    bad = tmp_path / f"{name}.json"
    bad.write_text(BAD_FILES[name], encoding="utf-8")
    page.set_input_files("#ar-restore-file", str(bad))
    message = page.locator("#ar-review .ar-message.ar-error")
    message.wait_for()
    assert message.get_attribute("role") == "status" and message.get_attribute("aria-live") == "polite"
    assert message.inner_text().startswith("The file was not restored and your answers are unchanged: ")
    assert (stored(page), answers_shown(page), page.inner_text("#ar-live .ar-report")) == before
    assert before[0]["answers"] == {"data-freshness": "manual", "cost-estimate": "once"}


def test_a_file_too_large_is_refused_before_reading(open_tab, site_url, tmp_path):
    page = open_review(open_tab(), site_url)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"format": "archbook-architecture-review", "version": 1, "answers": {},
                               "report": {"padding": "x" * 100_000}}), encoding="utf-8")
    page.set_input_files("#ar-restore-file", str(big))
    page.locator("#ar-review .ar-message.ar-error").wait_for()
    assert REVIEW.text("reason-size", "en") in page.inner_text("#ar-review .ar-message")
    assert stored(page) == {}


# ---------- keyboard, accessibility, no JavaScript ----------

def tab_until(page, selector: str, limit: int = 400) -> None:
    """Press Tab until ``selector`` has the focus (fails after ``limit`` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone_loads_the_example_answers_restores_and_downloads(open_tab, site_url, tmp_path):
    page = open_review(open_tab(), site_url)
    tab_until(page, '[data-ar-action="example"]')
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert answers_shown(page) == EXAMPLE
    # the restore control: the file input takes the focus, and its label shows it
    tab_until(page, "#ar-restore-file")
    outline = page.evaluate("getComputedStyle(document.querySelector('label[for=ar-restore-file]')).outlineStyle")
    assert outline != "none"
    # into the first question: the focus lands on the checked answer; arrows change it
    first = REVIEW.ordered_questions()[0]
    tab_until(page, f'[data-ar-question="{first.id}"] input')
    assert page.evaluate("document.activeElement.value") == EXAMPLE[first.id]
    before = live_scores(page)[first.area]
    worst = next(i for i, c in enumerate(first.choices) if c.level == "high")
    here = next(i for i, c in enumerate(first.choices) if c.id == EXAMPLE[first.id])
    for _ in range(abs(worst - here)):
        page.keyboard.press("ArrowDown" if worst > here else "ArrowUp")
    assert page.evaluate("document.activeElement.value") == first.choices[worst].id
    expected = python_report({**EXAMPLE, first.id: first.choices[worst].id})
    assert live_scores(page)[first.area] == str(next(a for a in expected["areas"] if a["area"] == first.area)["score"])
    assert live_scores(page)[first.area] != before
    # on to the downloads, by Tab, and Enter
    tab_until(page, '[data-ar-action="download-md"]')
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "architecture-review.md"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.arAction") == "download-json"
    with page.expect_download() as info:
        page.keyboard.press("Space")
    path = tmp_path / "keyboard.json"
    info.value.save_as(path)
    assert json.loads(path.read_text(encoding="utf-8"))["answers"][first.id] == first.choices[worst].id


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(open_tab, site_url, scheme):
    axe = _axe_source()
    page = open_tab(color_scheme=scheme).page
    found = []
    for lang in ("", "ur-Latn/"):
        page.goto(site_url + lang + PAGE)
        page.wait_for_selector("#ar-live.ar-ready", state="attached")
        page.click('[data-ar-action="example"]')
        answer(page, "compute-placement", "inherited")  # a high risk: every level's colour on show
        page.set_input_files("#ar-restore-file", files=[{"name": "x.json", "mimeType": "application/json",
                                                         "buffer": b"not json"}])
        page.locator("#ar-review .ar-message.ar-error").wait_for()
        page.click('[data-ar-action="download-json"]')
        page.mouse.move(0, 0)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.evaluate("Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        page.add_script_tag(content=axe)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                targets = [node["target"] for node in violation["nodes"][:3]]
                found.append(f"{lang}{PAGE}: {violation['id']} ({violation['impact']}) at {json.dumps(targets)}")
    assert found == []


def test_without_javascript_the_questions_and_the_worked_example_still_read(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PAGE)
    assert page.locator("#ar-review .ar-needs-js").is_visible()
    assert page.is_disabled('[data-ar-action="example"]') and page.is_disabled("#ar-restore-file")
    assert page.is_disabled(f'[data-ar-question="{ORDER[0]}"] input >> nth=0')
    assert page.is_disabled('[data-ar-action="download-md"]')
    assert page.locator(f'[data-ar-question="{ORDER[-1]}"] legend').is_visible()
    report = REVIEW.example_report()
    shown = page.eval_on_selector_all("#ar-example tr[data-ar-area] .ar-score", "cells => cells.map(c => c.textContent)")
    assert shown == [str(a.score) for a in report.areas]
    context.close()


def test_the_page_loads_its_script_after_the_load_event_and_stays_within_budget(built_site):
    import gzip
    from urllib.parse import urljoin, urlparse

    for lang in ("", "ur-Latn/"):
        html = built_site.html(lang + PAGE)
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assert any(s.endswith("architecture-review-loader.js") for s in scripts)
        assert not any(s.endswith("/architecture-review.js") for s in scripts)
        refs = scripts + re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
        total = len(gzip.compress(html.encode(), 6))
        for ref in dict.fromkeys(refs):
            target = built_site.site / urlparse(urljoin("http://site/" + lang + PAGE, ref)).path.lstrip("/")
            total += len(gzip.compress(target.read_bytes(), 6))
        assert total <= 70 * 1024, f"{lang}{PAGE}: {total / 1024:.1f} KiB compressed on load"
    for other in ("learn/", "learn/04-scale-reliability-cost/", ""):
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', built_site.html(other))
        assert not [s for s in scripts if "architecture-review" in s], other
