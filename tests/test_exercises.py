"""Exercises: model answers pass, flawed submissions get exact feedback, nothing ever crashes.

Fixtures live in ``tests/fixtures/exercises/<nn>/``: each is a flawed (or, with
``expect: nothing``, a passing) submission whose last lines list the feedback
it must produce, ``expect:`` in English (the complete list, in order) and
``expect-ur:`` in Roman Urdu. Malformed files in ``malformed/`` go through the
installed ``check-exercise`` command, which must answer in one line.
"""

from __future__ import annotations

import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from archbook.content.data import validate
from archbook.learning.checker import EXERCISES, check_file, find_exercise
from archbook.learning.checker.adr import SECTIONS, check_markdown, match_section, parse
from archbook.learning.checker.common import english_name, twin_name
from archbook.learning.checker.cost_plan import compute_costs, consistent
from archbook.learning.checker.decision_matrix import weighted_scores
from archbook.learning.checker.feedback import MESSAGES, Finding, message, placeholders, render
from archbook.learning.checker.rubric import Rubric
from archbook.learning.exercise_pages import (ExercisePageError, ExerciseUi, files_in, load_exercise_ui,
                                              parse_brief, read_briefs, render_exercise, render_model_answer,
                                              rubric_table)
from archbook.content.models import Glossary
from archbook.checks.spelling import find_variants, variant_map

ROOT = Path(__file__).resolve().parent.parent
EXERCISES_DIR = ROOT / "exercises"
FIXTURES = Path(__file__).parent / "fixtures" / "exercises"
MALFORMED = FIXTURES / "malformed"
_EXPECT = re.compile(r"^(?:# |<!-- )(expect|expect-ur): (.*?)(?: -->)?$")


def _command() -> list[str]:
    script = Path(sys.executable).parent / "check-exercise"
    if script.exists():
        return [str(script)]
    found = shutil.which("check-exercise")
    assert found, "the check-exercise console script is not installed (run: uv sync)"
    return [found]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*_command(), *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def _expectations(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"expect": [], "expect-ur": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _EXPECT.match(line)
        if match:
            found[match.group(1)].append(match.group(2))
    return found


def _fixture_cases():
    for path in sorted(FIXTURES.glob("0*/*")):
        yield pytest.param(path, id=f"{path.parent.name}/{path.stem}")


# -- model answers and starters ---------------------------------------------

@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.folder)
def test_model_answer_passes_every_check(exercise):
    answer = EXERCISES_DIR / exercise.folder / "model-answer" / exercise.submission
    assert check_file(exercise, answer) == []


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.folder)
def test_model_answer_passes_through_the_command(exercise):
    answer = EXERCISES_DIR / exercise.folder / "model-answer" / exercise.submission
    result = run_cli(f"{exercise.number:02d}", str(answer))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.folder)
def test_roman_urdu_model_answer_passes_every_check(exercise):
    answer = EXERCISES_DIR / exercise.folder / "model-answer" / twin_name(exercise.submission)
    assert check_file(exercise, answer) == []
    result = run_cli(f"{exercise.number:02d}", str(answer), "--lang", "ur-Latn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "saare checks paas ho gaye" in result.stdout


def _skeleton_differences(english, twin, path: str = "") -> list[str]:
    """Where a twin's YAML differs from the English file in anything but free text."""
    if isinstance(english, dict):
        if not isinstance(twin, dict) or list(english) != list(twin):
            return [f"{path or '(top)'}: keys {list(english)} != {list(twin) if isinstance(twin, dict) else twin!r}"]
        return [d for key in english for d in _skeleton_differences(english[key], twin[key], f"{path}.{key}")]
    if isinstance(english, list):
        if not isinstance(twin, list) or len(english) != len(twin):
            return [f"{path}: a list of {len(english)} became {twin!r}"]
        return [d for i, (a, b) in enumerate(zip(english, twin)) for d in _skeleton_differences(a, b, f"{path}[{i}]")]
    if isinstance(english, str) and english and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", english):
        return [] if isinstance(twin, str) and twin.strip() else [f"{path}: free text became {twin!r}"]
    return [] if english == twin and type(english) is type(twin) else [f"{path}: {english!r} became {twin!r}"]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.folder)
@pytest.mark.parametrize("kind", ["starter", "model-answer"])
def test_twins_keep_the_keys_ids_and_figures_of_the_english_file(exercise, kind):
    folder = EXERCISES_DIR / exercise.folder / kind
    english = (folder / exercise.submission).read_text(encoding="utf-8")
    twin = (folder / twin_name(exercise.submission)).read_text(encoding="utf-8")
    assert twin != english
    if exercise.submission.endswith(".yaml"):
        assert _skeleton_differences(yaml.safe_load(english), yaml.safe_load(twin)) == []
    else:  # the ADR: the same sections, in the same order, and the same checkboxes
        sections = [[match_section(s.heading) for s in parse(text)[2]] for text in (english, twin)]
        assert sections[0] == sections[1]
        assert re.findall(r"^- \[[ x]\]", english, re.M) == re.findall(r"^- \[[ x]\]", twin, re.M)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.folder)
@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_starter_names_its_own_file_in_the_check_command(exercise, lang):
    name = exercise.submission if lang == "en" else twin_name(exercise.submission)
    text = (EXERCISES_DIR / exercise.folder / "starter" / name).read_text(encoding="utf-8")
    command = f"check-exercise {exercise.number:02d} {name}" + ("" if lang == "en" else " --lang ur-Latn")
    assert command in text


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.folder)
@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_starter_template_parses_and_is_reported_as_unfinished(exercise, lang):
    name = exercise.submission if lang == "en" else twin_name(exercise.submission)
    starter = EXERCISES_DIR / exercise.folder / "starter" / name
    text = starter.read_text(encoding="utf-8")
    assert "{{" not in text and "{%" not in text
    if starter.suffix == ".yaml":
        assert isinstance(yaml.safe_load(text), dict)
    else:
        title, _, sections = parse(text)
        assert title is not None
        assert {match_section(s.heading) for s in sections} == {key for key, _, _ in SECTIONS}
    result = run_cli(exercise.folder, str(starter), "--lang", lang)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.splitlines()) >= 2


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.folder)
def test_every_rubric_validates(exercise):
    rubric = validate(Rubric, EXERCISES_DIR / exercise.folder / "rubric.yml")
    assert rubric.exercise == exercise.item_id
    assert any(criterion.checked_by_tool for criterion in rubric.criteria)


def test_bad_rubric_is_rejected_with_file_and_field(tmp_path):
    from archbook.content.data import DataError
    bad = tmp_path / "rubric.yml"
    bad.write_text("exercise: exercise-07\ncriteria:\n  - id: a\n    name: {en: A}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate(Rubric, bad, "rubric.yml")
    problems = "\n".join(caught.value.problems)
    assert "rubric.yml:1: field 'exercise'" in problems
    assert "field 'criteria.0.name.ur-Latn': missing translation (ur-Latn)" in problems


# -- flawed submissions: exact feedback ---------------------------------------

@pytest.mark.parametrize("path", list(_fixture_cases()))
def test_flawed_submission_gets_exact_feedback(path):
    expected = _expectations(path)
    assert expected["expect"], f"{path} lists no expected feedback"
    findings = check_file(find_exercise(path.parent.name), path)
    english = [render(f, "en") for f in findings]
    if expected["expect"] == ["nothing"]:
        assert english == []
        return
    assert english == expected["expect"]
    roman_urdu = [render(f, "ur-Latn") for f in findings]
    for line in expected["expect-ur"]:
        assert line in roman_urdu


def test_every_exercise_has_flawed_fixtures_and_some_roman_urdu():
    for exercise in EXERCISES:
        folder = FIXTURES / f"{exercise.number:02d}"
        files = list(folder.glob("*"))
        assert len(files) >= 3, folder
        assert any(_expectations(f)["expect-ur"] for f in files), folder


def test_weights_message_reads_as_promised():
    path = "tests/fixtures/exercises/03/weights-90.yaml"  # as a learner types it, relative to the project
    result = run_cli("03", path)
    assert result.returncode == 1
    assert (f"{path}: Weights add up to 90, not 100: raise or lower them until they total 100."
            in result.stdout.splitlines())
    result = run_cli("03-decision-matrix", path, "--lang", "ur-Latn")
    assert "Weights ka jor 90 hai, 100 nahin: inhein itna kam ya zyada karein ke jor 100 ho jaye." in result.stdout
    assert result.stdout.splitlines()[-1] == (
        f"{path}: 1 masla (masail) mila. Inhein theek karein aur checker dobara chalayein.")


# -- malformed input: one line, no traceback ----------------------------------

MALFORMED_CASES = [
    ("bad-yaml.yaml", 1, "is not valid YAML (line 4: "),
    ("duplicate-key.yaml", 1, "is not valid YAML (line 2: duplicate key 'application')"),
    ("empty.yaml", 1, "is empty: copy the starter template exercises/03-decision-matrix/starter/decision-matrix.yaml"),
    ("not-utf8.yaml", 1, "is not UTF-8 text"),
    ("top-level-list.yaml", 1, "(a mapping), not a list"),
    ("alias-bomb.yaml", 1, "is not valid YAML (line 1: anchors are not supported (found &a)"),
    ("python-tag.yaml", 1, "is not valid YAML (line 1: unsupported YAML tag !!python/object/apply:os.system"),
    ("too-deep.yaml", 1, "is not valid YAML (line 1: expected at most 64 levels of nesting"),
]


@pytest.mark.parametrize(("name", "status", "text"), MALFORMED_CASES, ids=[c[0] for c in MALFORMED_CASES])
def test_malformed_file_gives_one_line_and_no_traceback(name, status, text):
    result = run_cli("03", str(MALFORMED / name))
    output = result.stdout + result.stderr
    assert result.returncode == status
    assert "Traceback" not in output
    assert len(output.strip().splitlines()) == 1, output
    assert text in output


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "decision-matrix.yaml"
    big.write_text("notes: |\n" + "  padding\n" * 40_000)
    result = run_cli("03", str(big))
    assert result.returncode == 1
    assert result.stdout.strip().endswith("is larger than 256 KiB: a submission is a short text file; "
                                          "check that you gave the right file.")


def test_wrong_types_are_named_field_by_field():
    path = "tests/fixtures/exercises/malformed/wrong-types.yaml"
    result = run_cli("3", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[:5] == [
        f"{path}: application is missing: add it as in the starter template.",
        f"{path}:1: criteria should be a list, not 5.",
        f"{path}:2: options should be a list, not 'two of them'.",
        f"{path}:3: decision should be text, not 3.",
        f"{path}:4: rationale should be text, not a list.",
    ]


def test_a_pipe_is_refused_without_waiting_for_it(tmp_path):
    import os

    fifo = tmp_path / "decision-matrix.yaml"
    os.mkfifo(fifo)
    result = run_cli("03", str(fifo))  # reading it would block until the 60 s timeout
    assert result.returncode == 2
    assert "is not a regular file (a pipe or a device?)" in result.stderr


@pytest.mark.parametrize(("args", "text"), [
    (("03", "does/not/exist.yaml"), "Cannot find the file does/not/exist.yaml: check the path and try again."),
    (("03", "tests"), "tests is a folder, not a file: give the path of your decision-matrix.yaml file."),
    (("9", "x.yaml"), "Unknown exercise '9': give a number from 1 to 5"),
    (("03", "x.yaml", "--lang", "fr"), "invalid choice: 'fr'"),
    (("03",), "the following arguments are required: file"),
    (("05", "does/not/exist.md", "--lang", "ur-Latn"), "File does/not/exist.md nahin mili"),
])
def test_usage_errors_exit_2_with_one_line(args, text):
    result = run_cli(*args)
    output = result.stdout + result.stderr
    assert result.returncode == 2
    assert "Traceback" not in output
    assert len(output.strip().splitlines()) == 1, output
    assert text in output


def test_unexpected_errors_become_one_line(monkeypatch, capsys):
    from archbook.learning.checker import cli

    def explode(*_):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "check_file", explode)
    status = cli.main(["03", str(FIXTURES / "03" / "weights-90.yaml")])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.strip() == message("internal_error", "en", error="RuntimeError: boom")


# -- the formulas the calculators share ----------------------------------------

def test_weighted_scores_follow_the_contract():
    data = yaml.safe_load((FIXTURES / "03" / "not-top-explained.yaml").read_text(encoding="utf-8"))
    assert weighted_scores(data) == {"self-hosted": 3.75, "managed": 3.0}
    with pytest.raises(ValueError):
        weighted_scores({"criteria": [{"id": "a", "weight": 100}], "options": [{"id": "x", "scores": {}}]})


def test_compute_costs_follow_the_contract():
    data = yaml.safe_load((EXERCISES_DIR / "04-scaling-and-cost-plan" / "model-answer" / "cost-plan.yaml")
                          .read_text(encoding="utf-8"))
    assert compute_costs(data) == {"monthly_token_cost": 16470.0, "monthly_token_cost_with_cache": 11529.0,
                                   "monthly_token_cost_at_10x": 115290.0}
    with pytest.raises(ValueError):
        compute_costs({"baseline": {}})


def test_consistency_tolerance_is_max_of_one_dollar_and_half_a_percent():
    assert consistent(100.99, 100.00) and not consistent(101.01, 100.00)
    assert consistent(16552.35, 16470.00) and not consistent(16553.00, 16470.00)


def test_twin_names_go_both_ways():
    assert twin_name("cost-plan.yaml") == "cost-plan.ur-Latn.yaml"
    assert twin_name("exercises/05-final-adr/starter/adr.md") == "exercises/05-final-adr/starter/adr.ur-Latn.md"
    assert english_name("cost-plan.ur-Latn.yaml") == "cost-plan.yaml"
    assert english_name("notes/adr.ur-Latn.md") == "notes/adr.md"
    assert english_name("cost-plan.yaml") is None and english_name("ur-Latn.yaml") is None
    assert english_name(twin_name("README")) == "README"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.folder)
def test_roman_urdu_feedback_names_the_roman_urdu_starter(exercise, tmp_path):
    empty = tmp_path / exercise.submission
    empty.write_text("\n", encoding="utf-8")
    starter = f"exercises/{exercise.folder}/starter/{exercise.submission}"
    english = run_cli(f"{exercise.number:02d}", str(empty))
    assert f"copy the starter template {starter} and fill it in" in english.stdout
    roman_urdu = run_cli(f"{exercise.number:02d}", str(empty), "--lang", "ur-Latn")
    assert f"starter template {twin_name(starter)} copy karein" in roman_urdu.stdout
    folder = run_cli(f"{exercise.number:02d}", str(tmp_path), "--lang", "ur-Latn")
    assert f"apni {twin_name(exercise.submission)} file ka path dein" in folder.stderr


def test_find_exercise_accepts_numbers_ids_and_folders():
    assert find_exercise("3").folder == "03-decision-matrix"
    assert find_exercise("03").folder == "03-decision-matrix"
    assert find_exercise("exercise-04").folder == "04-scaling-and-cost-plan"
    assert find_exercise("05-final-adr").number == 5
    assert find_exercise("6") is None and find_exercise("decision") is None


def test_adr_metrics_need_a_number_with_a_unit():
    text = ("# ADR\n" + "".join(f"## {name}\n\nSome text.\n\n" for _, name, _ in SECTIONS[:-2])
            + "## Compliance checklist\n\n- [x] a\n- [x] b\n- [ ] c\n\n"
            + "## Success metrics\n\n- p95 latency under 2.5 s\n- 95 percent within 60 seconds\n"
            "- spend under USD 9,000 a month\n- version p95 holds\n")
    assert [f.key for f in check_markdown(text)] == ["adr.few_options"]


# -- feedback strings ----------------------------------------------------------

def test_both_languages_have_the_same_messages_and_placeholders():
    english, roman_urdu = MESSAGES["en"], MESSAGES["ur-Latn"]
    assert set(english) == set(roman_urdu)
    for key in english:
        assert placeholders(english[key]) == placeholders(roman_urdu[key]), key


def test_every_message_key_used_in_the_checks_exists():
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in (ROOT / "src" / "archbook" / "learning" / "checker").glob("*.py"))
    used = {key for key in re.findall(r'"((?:fs|ra|dm|cp|adr)\.[a-z_]+)"', source) if not key.endswith(".md")}
    assert used and used <= set(MESSAGES["en"])


def _glossary_variants() -> dict[str, str]:
    return variant_map(validate(Glossary, ROOT / "data" / "glossary.yml"))


def test_roman_urdu_text_uses_the_glossary_spellings():
    variants = _glossary_variants()
    lines = [(0, text) for text in MESSAGES["ur-Latn"].values()]
    problems = find_variants(lines, variants, "feedback.py")
    for exercise in EXERCISES:
        folder = EXERCISES_DIR / exercise.folder
        brief = folder / "brief.ur-Latn.md"
        problems += find_variants(enumerate(brief.read_text(encoding="utf-8").splitlines(), 1), variants,
                                  str(brief))
        rubric = validate(Rubric, folder / "rubric.yml")
        texts = [value.ur_latn for criterion in rubric.criteria
                 for value in (criterion.name, criterion.exemplary, criterion.adequate, criterion.needs_work)]
        problems += find_variants(enumerate(texts, 1), variants, f"{folder}/rubric.yml")
        for twin in sorted(folder.glob("*/*.ur-Latn.*")):  # starter and model-answer twins
            problems += find_variants(enumerate(twin.read_text(encoding="utf-8").splitlines(), 1), variants,
                                      str(twin))
    assert problems == []


def test_finding_renders_with_its_line():
    finding = Finding("dm.weights_sum", {"total": 90}, 12)
    assert render(finding, "en") == "line 12: Weights add up to 90, not 100: raise or lower them until they total 100."
    assert all(isinstance(t, str) for t in MESSAGES["en"].values())
    assert not any(name for _, name, _, _ in string.Formatter().parse(MESSAGES["en"]["adr.no_title"]) if name)


# -- the exercise_brief macro ---------------------------------------------------

@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.folder)
@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_exercise_renders_brief_starters_and_rubric(exercise, lang):
    page = render_exercise(EXERCISES_DIR / exercise.folder, lang, ROOT)
    prefix = exercise.item_id
    assert f"{{ #{prefix}-task }}" in page
    assert f"### Starter files {{ #{prefix}-starter }}" in page
    name, other = exercise.submission, twin_name(exercise.submission)
    if lang == "ur-Latn":
        name, other = other, name
    assert f'title="exercises/{exercise.folder}/starter/{name}"' in page
    assert f"](answers/{exercise.folder}.md)" in page  # the model answer has a page of its own
    assert "model-answer/" + name not in page
    answer = render_model_answer(EXERCISES_DIR / exercise.folder, lang, ROOT)
    assert f'```{"markdown" if name.endswith(".md") else "yaml"} title="exercises/{exercise.folder}/model-answer/{name}"' in answer
    assert f'/{other}"' not in page + answer
    assert f"{{ #{prefix}-rubric }}" in page
    assert f"exercises/{exercise.folder}/model-answer/" in page
    assert "{{" not in page.replace(f"{{ #{prefix}", "")
    header = "| Criterion | Exemplary | Adequate | Needs work |" if lang == "en" else \
        "| Criterion | Behtareen | Kaafi | Mazeed kaam chahiye |"
    assert header in page
    prose = re.sub(r"^(`{3,}).*?^\1$", "", page, flags=re.M | re.S)
    assert not re.search(r"^# ", prose, re.M), "the brief's title must not reach the page"


def test_each_language_page_shows_its_own_starter_and_model_answer():
    folder = EXERCISES_DIR / "01-sketch-an-ai-feature"
    pages = {lang: render_exercise(folder, lang, ROOT) for lang in ("en", "ur-Latn")}
    english, roman_urdu = pages["en"], pages["ur-Latn"]
    assert "#   uv run check-exercise 01 feature-sketch.yaml\n" in english
    assert "#   uv run check-exercise 01 feature-sketch.ur-Latn.yaml --lang ur-Latn\n" in roman_urdu
    assert "Copy this file, fill it in" in english and "Copy this file" not in roman_urdu
    assert "Yeh file copy karein" in roman_urdu and "Yeh file copy karein" not in english
    # the model answer: after the rubric and its pointer, a link to its own page, which shows it in that language
    for lang, page, title, first in (
            ("en", english, "Show the model answer", "# Exercise 1, model answer: meeting summaries"),
            ("ur-Latn", roman_urdu, "Hal shuda jawab dekhein", "# Mashq 1, model answer: video-call app")):
        link = page.index(f"[{title}](answers/01-sketch-an-ai-feature.md)")
        assert page.index("{ #exercise-01-rubric }") < page.index("`exercises/01-sketch-an-ai-feature/model-answer/`") < link
        answer = render_model_answer(folder, lang, ROOT)
        assert f"\n{first}" in answer and first not in page
    answers = {lang: render_model_answer(folder, lang, ROOT) for lang in ("en", "ur-Latn")}
    assert "  component: transcription\n" in answers["en"] and "Automatic meeting summaries" in answers["en"]
    assert "Meetings ki automatic summaries" in answers["ur-Latn"]
    assert "Automatic meeting summaries" not in answers["ur-Latn"]
    assert [p.name for p in files_in(folder / "model-answer", "ur-Latn", ROOT)] == ["feature-sketch.ur-Latn.yaml"]


def test_briefs_share_anchors_in_both_languages():
    for exercise in EXERCISES:
        briefs = read_briefs(EXERCISES_DIR / exercise.folder, ROOT)
        assert briefs["en"].anchors == briefs["ur-Latn"].anchors
        assert {"task", "hand-in", "check"} <= set(briefs["en"].anchors)


def test_rubric_table_marks_what_the_tool_checks():
    rubric = validate(Rubric, EXERCISES_DIR / "03-decision-matrix" / "rubric.yml")
    table = rubric_table(rubric, "en", load_exercise_ui(ROOT))
    assert "**Weights**<br>_checked by the tool_" in table
    assert "**Options** |" in table


def test_the_words_around_an_exercise_are_data_in_both_languages():
    ui = load_exercise_ui(ROOT)
    assert ui.needs_work.text("ur-Latn") == "Mazeed kaam chahiye"
    page = render_exercise(EXERCISES_DIR / "03-decision-matrix", "ur-Latn", ROOT, ui)
    assert "Ek mukammal hal shuda jawab `exercises/03-decision-matrix/model-answer/` mein hai." in page
    words = {name: {"en": "x", "ur-Latn": "y"} for name in ExerciseUi.model_fields}
    words["model_answer"] = {"en": "See `{path}`.", "ur-Latn": "Dekhein."}
    with pytest.raises(ValueError, match=r"model_answer.ur-Latn: expected \{path\}, got none"):
        ExerciseUi.model_validate(words)
    words["model_answer"]["ur-Latn"] = "Dekhein `{path}`."
    words["rubric"] = {"en": "Rubric {count}", "ur-Latn": "Rubric"}
    with pytest.raises(ValueError, match=r"rubric.en: expected no placeholders, got \{count\}"):
        ExerciseUi.model_validate(words)
    words["rubric"] = {"en": "Rubric", "ur-Latn": "Rubric"}
    words["model_answer_box"] = {"en": "Answer", "ur-Latn": "Jawab [yahan]"}
    with pytest.raises(ValueError, match=r"model_answer_box.ur-Latn: a square bracket would end the link's text"):
        ExerciseUi.model_validate(words)


def _copy_exercise(tmp_path: Path, folder: str = "03-decision-matrix") -> Path:
    target = tmp_path / "exercises" / folder
    shutil.copytree(EXERCISES_DIR / folder, target)
    return target


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ExercisePageError, match=r"^exercises/09-nothing: exercise folder not found$"):
        render_exercise(tmp_path / "exercises" / "09-nothing", "en", tmp_path)


@pytest.mark.parametrize(("remove", "message_start"), [
    ("brief.ur-Latn.md", "exercises/03-decision-matrix/brief.ur-Latn.md: file not found"),
    ("rubric.yml", "exercises/03-decision-matrix/rubric.yml: file not found"),
    ("starter", "exercises/03-decision-matrix/starter: no starter files found"),
])
def test_missing_file_is_a_clear_error(tmp_path, remove, message_start):
    folder = _copy_exercise(tmp_path)
    target = folder / remove
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    with pytest.raises(ExercisePageError) as caught:
        render_exercise(folder, "en", tmp_path)
    assert str(caught.value).startswith(message_start)


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
@pytest.mark.parametrize(("remove", "missing", "of"), [
    ("starter/decision-matrix.ur-Latn.yaml", "starter/decision-matrix.ur-Latn.yaml",
     "the Roman Urdu twin of exercises/03-decision-matrix/starter/decision-matrix.yaml"),
    ("starter/decision-matrix.yaml", "starter/decision-matrix.yaml",
     "the English file of exercises/03-decision-matrix/starter/decision-matrix.ur-Latn.yaml"),
    ("model-answer/decision-matrix.ur-Latn.yaml", "model-answer/decision-matrix.ur-Latn.yaml",
     "the Roman Urdu twin of exercises/03-decision-matrix/model-answer/decision-matrix.yaml"),
    ("model-answer/decision-matrix.yaml", "model-answer/decision-matrix.yaml",
     "the English file of exercises/03-decision-matrix/model-answer/decision-matrix.ur-Latn.yaml"),
])
def test_a_file_without_its_twin_is_an_error_naming_the_missing_file(tmp_path, lang, remove, missing, of):
    folder = _copy_exercise(tmp_path)
    (folder / remove).unlink()
    with pytest.raises(ExercisePageError) as caught:
        render_exercise(folder, lang, tmp_path)
    assert str(caught.value) == f"exercises/03-decision-matrix/{missing}: file not found ({of})"


def test_an_exercise_without_a_model_answer_is_an_error(tmp_path):
    folder = _copy_exercise(tmp_path)
    shutil.rmtree(folder / "model-answer")
    with pytest.raises(ExercisePageError, match=r"^exercises/03-decision-matrix/model-answer: no model-answer files found$"):
        render_exercise(folder, "ur-Latn", tmp_path)


def test_macro_syntax_in_an_exercise_file_is_refused(tmp_path):
    folder = _copy_exercise(tmp_path)
    starter = folder / "starter" / "decision-matrix.yaml"
    starter.write_text(starter.read_text(encoding="utf-8") + "notes: \"{{ oops }}\"\n", encoding="utf-8")
    with pytest.raises(ExercisePageError, match=r"starter/decision-matrix.yaml:\d+: '\{\{' and '\{%' are not allowed"):
        render_exercise(folder, "en", tmp_path)


@pytest.mark.parametrize(("line", "found"), [
    ('<img src=x onerror="alert(1)">', "got '<img src=x onerror=\"alert(1)\">'"),
    ("[help](javascript:alert(1))", "got 'javascript:alert(1)'"),
    ("Read this { onclick=\"alert(2)\" }", "onclick"),
])
def test_live_markup_in_a_brief_is_refused(tmp_path, line, found):
    folder = _copy_exercise(tmp_path)
    brief = folder / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    with pytest.raises(ExercisePageError, match=r"^exercises/03-decision-matrix/brief.md:\d+: ") as caught:
        render_exercise(folder, "en", tmp_path)
    assert found in str(caught.value)


def test_a_starter_file_name_that_could_break_its_title_is_refused(tmp_path):
    folder = _copy_exercise(tmp_path)
    (folder / "starter" / 'x" onclick="alert(1).yaml').write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(ExercisePageError, match="expected a starter file name of letters"):
        render_exercise(folder, "en", tmp_path)


def test_brief_heading_without_anchor_or_with_differing_anchor_is_refused(tmp_path):
    with pytest.raises(ExercisePageError, match=r"brief.md:3: heading has no anchor"):
        parse_brief("# Title { #t }\n\n## Task\n", "exercise-01", "brief.md")
    folder = _copy_exercise(tmp_path)
    twin = folder / "brief.ur-Latn.md"
    twin.write_text(twin.read_text(encoding="utf-8").replace("{ #task }", "{ #kaam }"), encoding="utf-8")
    with pytest.raises(ExercisePageError, match=r"heading anchors .* differ from brief.md's"):
        render_exercise(folder, "en", tmp_path)


def test_rubric_of_another_exercise_is_refused(tmp_path):
    folder = _copy_exercise(tmp_path)
    rubric = folder / "rubric.yml"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("exercise-03", "exercise-04"), encoding="utf-8")
    with pytest.raises(ExercisePageError, match=r"exercise is 'exercise-04', but the folder 03-decision-matrix is 'exercise-03'"):
        render_exercise(folder, "en", tmp_path)


# -- the built pages -------------------------------------------------------------

@pytest.mark.build
def test_step_pages_show_exercises_in_both_languages(built_site):
    english = built_site.html("learn/03-technology-selection/")
    assert 'id="exercise-03-rubric"' in english and 'id="exercise-03-starter"' in english
    assert "Needs work" in english and "decision-matrix.yaml" in english
    roman_urdu = built_site.html("ur-Latn/learn/03-technology-selection/")
    assert 'id="exercise-03-rubric"' in roman_urdu and "Mazeed kaam chahiye" in roman_urdu
    assert 'id="step-3"' in english and 'id="step-3"' in roman_urdu
    assert "decision-matrix.ur-Latn.yaml" in roman_urdu and "decision-matrix.ur-Latn.yaml" not in english
    assert "Show the model answer" in english and "Hal shuda jawab dekhein" in roman_urdu
    # the model answer has its own page in each language, linked from the step page
    assert 'href="../answers/03-decision-matrix/"' in english and 'href="../answers/03-decision-matrix/"' in roman_urdu
    answer_en = built_site.html("learn/answers/03-decision-matrix/")
    answer_ur = built_site.html("ur-Latn/learn/answers/03-decision-matrix/")
    assert "decision-matrix.yaml" in answer_en and "decision-matrix.ur-Latn.yaml" not in answer_en
    assert "decision-matrix.ur-Latn.yaml" in answer_ur and 'lang="ur-Latn"' in answer_ur
