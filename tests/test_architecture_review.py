"""Review your own architecture: the scoring rule, the data and its checks, and the HTML the macros write.

The browser's half of the rule, and the page in Chromium, are tested in
``tests/test_architecture_review_browser.py``.
"""

from __future__ import annotations

import copy
import json
import random
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from archbook.content.data import DataError, read_yaml, validate
from archbook.content.page_source import split_front_matter
from archbook.handbook.role import InfrastructureLayers
from archbook.learning import self_assessment as ar
from archbook.rules import architecture_review as rule
from archbook.site.registry import CROSS_CHECKS, DATASETS, load_datasets
from tests.tools.html_tree import HtmlTree, parse_html

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "architecture_review.yml"
SOURCE = "data/architecture_review.yml"
FIXTURES = Path(__file__).parent / "fixtures" / "architecture_review"
SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "architecture-review.js"
LOADER = ROOT / "docs" / "assets" / "javascripts" / "architecture-review-loader.js"


@pytest.fixture(scope="module")
def review() -> ar.ArchitectureReview:
    return validate(ar.ArchitectureReview, DATA, SOURCE)


@pytest.fixture(scope="module")
def layers():
    return validate(InfrastructureLayers, ROOT / "data" / "infrastructure_layers.yml", "data/infrastructure_layers.yml")


# ---------------------------------------------------------------- the rule

def _reference_score(lost: int, answered: int) -> int | None:
    """The rule as arithmetic on fractions: 100 x kept / full, a half rounded up."""
    if answered == 0:
        return None
    full = answered * rule.MAX_POINTS
    exact = Fraction(rule.FULL_SCORE * (full - lost), full)
    return int(exact + Fraction(1, 2)) if exact + Fraction(1, 2) >= 0 else None


def test_a_score_is_the_share_of_points_kept_rounded_half_up():
    assert rule.score(0, 5) == 100 and rule.score(15, 5) == 0
    assert rule.score(21, 8) == 13  # 12.5 exactly: a half goes up (not to the even 12)
    assert rule.score(1, 2) == 83 and rule.score(2, 2) == 67
    assert rule.score(0, 0) is None
    for answered in range(0, 61):
        for lost in range(0, answered * rule.MAX_POINTS + 1):
            assert rule.score(lost, answered) == _reference_score(lost, answered), (lost, answered)


@pytest.mark.parametrize(("lost", "answered"), [(-1, 2), (7, 2), (0, -1), (1, 0)])
def test_impossible_scores_are_refused(lost, answered):
    with pytest.raises(rule.ReviewRuleError):
        rule.score(lost, answered)


def test_the_levels_run_from_the_worst_and_the_browser_gets_every_constant():
    points = [rule.RISK_POINTS[level] for level in rule.RISK_LEVELS]
    assert points == sorted(points, reverse=True) and points[-1] == 0
    assert set(rule.RISK_POINTS) == set(rule.RISK_LEVELS)
    assert set(rule.PLAN_LEVELS) <= set(rule.RISK_LEVELS)
    assert rule.browser_rule() == {"levels": ["high", "medium", "low", "none"],
                                   "points": {"high": 3, "medium": 2, "low": 1, "none": 0},
                                   "plan_levels": ["high", "medium"], "full_score": 100}


def _q(qid, area, link, *levels):
    return rule.ScoredQuestion(qid, area, link, {f"c{i}": level for i, level in enumerate(levels)})


SMALL = [
    _q("a1", "a", "p.md#x", "none", "low", "high"),
    _q("a2", "a", "p.md#y", "none", "medium", "high"),
    _q("b1", "b", "p.md#x", "none", "medium"),
    _q("b2", "b", "p.md#z", "none", "low", "medium", "high"),
    _q("c1", "c", "p.md#w", "none", "high", "high"),
]


def test_risks_come_highest_first_then_in_the_questionnaire_s_order():
    answers = {"b2": "c1", "a1": "c2", "b1": "c1", "a2": "c1", "c1": "c2"}
    report = rule.review_report(SMALL, answers, ["a", "b", "c"])
    assert [(r.question, r.level) for r in report.risks] == [
        ("a1", "high"), ("c1", "high"), ("a2", "medium"), ("b1", "medium"), ("b2", "low")]
    # the plan: high-risk sections first, each section once at its highest level, with every question it helps
    assert [(p.link, p.level, p.questions) for p in report.plan] == [
        ("p.md#x", "high", ("a1", "b1")), ("p.md#w", "high", ("c1",)), ("p.md#y", "medium", ("a2",))]
    assert [(a.area, a.score, a.answered, a.total) for a in report.areas] == [
        ("a", 17, 2, 2), ("b", 50, 2, 2), ("c", 0, 1, 1)]
    assert report.overall.as_dict() == {"area": "overall", "score": 27, "answered": 5, "total": 5,
                                        "counts": {"high": 2, "medium": 2, "low": 1, "none": 0}}


def test_unanswered_questions_do_not_count_and_no_answer_gives_no_score():
    report = rule.review_report(SMALL, {"a1": "c0"}, ["a", "b", "c"])
    assert [(a.area, a.score, a.answered) for a in report.areas] == [("a", 100, 1), ("b", None, 0), ("c", None, 0)]
    assert report.risks == () and report.plan == ()
    empty = rule.review_report(SMALL, {}).as_dict()
    assert empty["overall"]["score"] is None and empty["overall"]["total"] == 5
    assert [a["area"] for a in empty["areas"]] == ["a", "b", "c"]


@pytest.mark.parametrize(("questions", "answers", "areas", "message"), [
    (SMALL, {"zz": "c0"}, None, "unknown question 'zz'"),
    (SMALL, {"a1": "c9"}, None, "'c9' is not a choice of question 'a1'"),
    (SMALL, {}, ["a", "b"], "question 'c1': unknown area 'c'"),
    (SMALL + SMALL[:1], {}, None, "question 'a1' is listed twice"),
    ([_q("x", "a", "p.md#x", "none", "severe")], {}, None, "unknown risk level 'severe'"),
])
def test_answers_that_do_not_fit_the_questions_are_refused(questions, answers, areas, message):
    with pytest.raises(rule.ReviewRuleError, match=re.escape(message)):
        rule.review_report(questions, answers, areas)


# ---------------------------------------------------------------- the data

def test_the_review_has_enough_questions_in_every_area(review):
    assert len(review.entries) >= ar.MIN_QUESTIONS
    assert [a.id for a in review.areas if a.kind != "concern"] == [
        "compute", "data", "orchestration", "serving", "observability", "security"]
    assert sorted(a.id for a in review.areas if a.kind != "layer") == sorted(ar.CONCERNS)
    for area in review.areas:
        assert sum(q.area == area.id for q in review.entries) >= ar.MIN_PER_AREA
    for question in review.entries:
        assert 3 <= len(question.choices) <= 4
        assert question.question.en != question.question.ur_latn and question.why.en != question.why.ur_latn


def test_the_worked_example_answers_every_question_with_one_of_its_choices(review):
    answers = review.worked_example.answers
    assert set(answers) == {q.id for q in review.entries}
    for question in review.entries:
        assert answers[question.id] in {c.id for c in question.choices}


def test_the_worked_example_report_is_the_rule_s(review):
    report = review.example_report()
    assert report.overall.answered == report.overall.total == len(review.entries)
    levels = {q.id: q.level_of(review.worked_example.answers[q.id]) for q in review.entries}
    assert [r.question for r in report.risks] == [
        q.id for level in ("high", "medium", "low") for q in review.ordered_questions() if levels[q.id] == level]
    for area in report.areas:
        chosen = [levels[q.id] for q in review.entries if q.area == area.area]
        assert area.score == _reference_score(sum(rule.RISK_POINTS[lv] for lv in chosen), len(chosen))
    assert {p.link for p in report.plan} == {review.question(r.question).link for r in report.risks
                                             if r.level in rule.PLAN_LEVELS}


def test_every_link_resolves_in_both_languages(review):
    assert ar.link_problems(review, ROOT / "docs", SOURCE, read_yaml(DATA).line_of) == []
    for lang in ("en", "ur-Latn"):
        titles = ar.section_titles(review, ROOT / "docs", lang)
        assert set(titles) == {q.link for q in review.entries}
        assert all(titles.values())
    assert ar.section_titles(review, ROOT / "docs", "en")["handbook/serving.md#break-even"] == \
        "Self-hosted serving: Break-even with an API"


def test_the_review_is_registered_with_its_cross_check():
    assert DATASETS["architecture_review"] is ar.ArchitectureReview
    assert CROSS_CHECKS["architecture_review"] is ar.site_problems


# ---------------------------------------------------------------- bad data

def _apply(data: dict, edits: list[dict]) -> dict:
    data = copy.deepcopy(data)
    for edit in edits:
        *parents, last = edit["at"]
        target = data
        for key in parents:
            target = target[key]
        if edit.get("delete"):
            del target[last]
        elif "keep" in edit:
            target[last] = target[last][:edit["keep"]]
        else:
            target[last] = edit["set"]
    return data


def _project(tmp_path: Path, data: dict) -> Path:
    """A data folder holding ``data`` as the review (and the layers), beside the real docs."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "architecture_review.yml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    shutil.copy(ROOT / "data" / "infrastructure_layers.yml", data_dir)
    (tmp_path / "docs").symlink_to(ROOT / "docs", target_is_directory=True)
    return data_dir


def problems_of(data_dir: Path) -> list[str]:
    """What the build and ``archbook check`` say of the review in ``data_dir``: schema, then site checks."""
    try:
        review = validate(ar.ArchitectureReview, data_dir / "architecture_review.yml", SOURCE)
    except DataError as exc:
        return exc.problems
    layers = validate(InfrastructureLayers, data_dir / "infrastructure_layers.yml", "data/infrastructure_layers.yml")
    return ar.site_problems({"architecture_review": review, "infrastructure_layers": layers}, data_dir)


def _fixtures():
    for path in sorted(FIXTURES.glob("*.yml")):
        expected = re.match(r"# expect: (.*)", path.read_text(encoding="utf-8")).group(1)
        yield pytest.param(path, expected, id=path.stem)


def test_there_is_a_bad_fixture_for_every_kind_of_mistake():
    assert len(list(_fixtures())) >= 25


@pytest.mark.parametrize(("path", "expected"), list(_fixtures()))
def test_bad_data_fails_with_file_line_entry_and_field(tmp_path, path, expected):
    fixture = yaml.safe_load(path.read_text(encoding="utf-8"))
    data_dir = _project(tmp_path, _apply(yaml.safe_load(DATA.read_text(encoding="utf-8")), fixture["edits"]))
    problems = problems_of(data_dir)
    found = [p for p in problems if expected in p]
    assert found, problems
    assert all(re.match(r"data/architecture_review\.yml:\d+: ", p) for p in problems), problems
    if "line_of" in fixture:
        line = read_yaml(data_dir / "architecture_review.yml").line_of(tuple(fixture["line_of"]))
        assert found[0].startswith(f"{SOURCE}:{line}: "), (found[0], line)


def test_the_real_data_passes_the_same_checks(tmp_path):
    assert problems_of(_project(tmp_path, yaml.safe_load(DATA.read_text(encoding="utf-8")))) == []


def test_loading_the_data_files_runs_the_link_check(tmp_path):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    data["entries"][0]["link"] = "handbook/serving.md#gone"
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "architecture_review.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (tmp_path / "docs").symlink_to(ROOT / "docs", target_is_directory=True)
    with pytest.raises(DataError) as caught:
        load_datasets(tmp_path / "data")
    assert any("entry 1 (compute-placement): field 'link': docs/handbook/serving.md has no heading with the "
               "anchor '#gone'" in p for p in caught.value.problems), caught.value.problems


# ---------------------------------------------------------------- the HTML

def parse(markup: str) -> HtmlTree:
    tree = parse_html(markup)
    assert all(line.startswith("<") for line in markup.splitlines()), "a line not starting with a tag"
    return tree


@pytest.fixture(scope="module")
def rendered(review, layers):
    names = ar.layer_names(layers)
    out = {}
    for lang in ("en", "ur-Latn"):
        titles = ar.section_titles(review, ROOT / "docs", lang)
        out[lang] = {"form": ar.render_form(review, names, titles, lang),
                     "live": ar.render_live_report(review, names, titles, lang),
                     "example": ar.render_example(review, names, titles, lang)}
    return out


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_the_form_carries_every_question_choice_level_and_the_worked_example(review, rendered, lang):
    tree = parse(rendered[lang]["form"])
    widget = tree.elements[0][1]
    assert json.loads(widget["data-ar-rule"]) == rule.browser_rule()
    words = json.loads(widget["data-ar-text"])
    assert set(words) == set(ar.SCRIPT_KEYS) | {"levels"} and set(words["levels"]) == set(rule.RISK_LEVELS)
    questions = [a for tag, a in tree.elements if "data-ar-question" in a]
    assert [q["data-ar-question"] for q in questions] == [q.id for q in review.ordered_questions()]
    assert [q["data-ar-link"] for q in questions] == [q.link for q in review.ordered_questions()]
    radios = [a for tag, a in tree.elements if tag == "input" and a.get("type") == "radio"]
    assert len(radios) == sum(len(q.choices) for q in review.entries)
    assert {r["data-ar-level"] for r in radios} <= set(rule.RISK_LEVELS)
    marked = [r for r in radios if "data-ar-example" in r]
    assert len(marked) == len(review.entries)
    by_name = {q.id: f"ar-{n}" for q, n in zip(review.ordered_questions(), range(1, 1000))}
    assert {r["name"]: r["value"] for r in marked} == {by_name[q]: c for q, c in review.worked_example.answers.items()}
    # every control starts disabled: the script turns them on
    assert all("disabled" in a for tag, a in tree.elements
               if tag == "button" or (tag == "fieldset" and "data-ar-area" in a) or a.get("type") == "file")
    text = " ".join(tree.text)
    for question in review.entries:
        assert html_text(question.question.text(lang)) in text
        assert html_text(question.why.text(lang)) in text
    other = "ur-Latn" if lang == "en" else "en"
    assert not any(html_text(q.question.text(other)) in text for q in review.entries)


def html_text(text: str) -> str:
    return text  # the parser hands text back unescaped


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_links_go_to_the_section_relative_to_the_page(rendered, lang):
    tree = parse(rendered[lang]["form"])
    hrefs = [a["href"] for tag, a in tree.elements if tag == "a"]
    assert "../../handbook/serving/#break-even" in hrefs
    assert "../05-governance/#metrics-and-roi" in hrefs
    assert all(re.fullmatch(r"(?:\.\./)+[a-z0-9/-]+/#[a-z0-9-]+", h) for h in hrefs), hrefs


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_the_worked_example_report_shows_the_rule_s_figures(review, rendered, lang):
    report = review.example_report()
    tree = parse(rendered[lang]["example"])
    rows = [a["data-ar-area"] for tag, a in tree.elements if tag == "tr" and "data-ar-area" in a]
    assert rows == [a.area for a in report.areas]
    markup = rendered[lang]["example"]
    for area in report.areas:
        row = re.search(rf'<tr data-ar-area="{area.area}">(.*?)</tr>', markup).group(1)
        assert f'<td class="ar-score">{area.score}</td>' in row
    assert [a["data-ar-risk"] for tag, a in tree.elements if "data-ar-risk" in a] == [r.question for r in report.risks]
    assert [a["data-ar-link"] for tag, a in tree.elements if "data-ar-link" in a and tag == "li"] == \
        [p.link for p in report.plan]
    overall = review.text("overall", lang).replace("{score}", str(report.overall.score)).replace("{full}", "100")
    assert overall in " ".join(tree.text)


def test_the_empty_report_reserves_the_table_and_says_there_is_no_answer(review, rendered):
    tree = parse(rendered["en"]["live"])
    assert [a["data-ar-area"] for tag, a in tree.elements if tag == "tr" and "data-ar-area" in a] == \
        [a.id for a in review.areas]
    assert review.text("no-score", "en") in " ".join(tree.text)
    assert rendered["en"]["live"].count('<td class="ar-score">—</td>') == len(review.areas)


def test_data_text_is_escaped(review, layers):
    data = json.loads(review.model_dump_json(by_alias=True))
    data["entries"][0]["question"]["en"] = 'Do "R&D" prototypes run here?'
    data["entries"][0]["choices"][0]["text"]["en"] = "A < B & C"
    tampered = ar.ArchitectureReview.model_validate(data)
    titles = ar.section_titles(tampered, ROOT / "docs", "en")
    markup = ar.render_form(tampered, ar.layer_names(layers), titles, "en")
    assert "Do &quot;R&amp;D&quot; prototypes run here?" in markup and "A &lt; B &amp; C" in markup


# ---------------------------------------------------------------- the script

def _rule_part(script: str) -> str:
    return script[script.index("function maxPoints"):script.index("/* ---------- the questionnaire")]


def test_the_script_has_no_rule_constants_and_no_words_of_its_own(review):
    script = SCRIPT.read_text(encoding="utf-8")
    part = _rule_part(script)
    assert not re.search(r"\b(?:3|100)\b|\"(?:high|medium|low|none)\"|Math\.round|toFixed", part)
    code = re.sub(r"/\*.*?\*/", "", script, flags=re.S)
    for key in ar.UI_KEYS:
        for lang in ("en", "ur-Latn"):
            words = review.text(key, lang)
            if len(words) > 12:
                assert words not in code, (key, lang)


def test_the_script_reads_only_the_words_the_page_gives_it():
    script = SCRIPT.read_text(encoding="utf-8")
    used = set(re.findall(r't\["([a-z-]+)"\]', script)) | {
        k for k in re.findall(r"\bt\.([a-z]+)\b", script) if k in set(ar.UI_KEYS) | {"levels"}}
    assert used - {"levels"} == set(ar.SCRIPT_KEYS)


def test_the_page_loads_the_loader_only_and_the_loader_names_the_script():
    for name in ("architecture-review.md", "architecture-review.ur-Latn.md"):
        text = (ROOT / "docs" / "learn" / name).read_text(encoding="utf-8")
        assert "scripts: [architecture-review-loader.js]" in text
    assert "architecture-review.js" in LOADER.read_text(encoding="utf-8")
    elsewhere = [p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md")
                 if "architecture-review" not in p.name and "architecture-review" in str(
                     split_front_matter(p.read_text(encoding="utf-8"))[0].get("scripts", ""))]
    assert elsewhere == []


def test_random_answers_never_break_the_rule(review):
    rng = random.Random(7)
    questions = review.ordered_questions()
    for _ in range(200):
        answers = {q.id: rng.choice(q.choices).id for q in questions if rng.random() < 0.6}
        report = review.report(answers)
        assert report.overall.answered == len(answers)
        assert sum(a.answered for a in report.areas) == len(answers)
        points = [rule.RISK_POINTS[r.level] for r in report.risks]
        assert points == sorted(points, reverse=True)
