"""Exercise pages: show an exercise's brief, starter files, rubric and model answer on the site (page macros).

``{{ exercise_brief("03-decision-matrix") }}`` renders, in the page's language:

1. the brief (``exercises/<folder>/brief.md`` or ``brief.ur-Latn.md``) without
   its title, its headings moved one level down and their anchors prefixed
   with the exercise id, so both languages share the same anchors;
2. every file in ``starter/`` as a fenced code block titled with its path;
3. the rubric (``rubric.yml``) as a table: criterion, exemplary, adequate,
   needs work, then a sentence pointing to ``model-answer/`` and a link to the
   exercise's model-answer page (``docs/learn/answers/<folder>.md``), so that it
   is opened on purpose, after an attempt, and its weight stays off the step's page.

``{{ model_answer("03-decision-matrix") }}`` renders that page's body: the
pointer sentence and every file in ``model-answer/`` as a titled code block.

Every starter and model-answer file comes in both languages, side by side:
``cost-plan.yaml`` and its Roman Urdu twin ``cost-plan.ur-Latn.yaml`` (the same
keys, ids and figures; comments and prose in Roman Urdu). An English page shows the
English files, a Roman Urdu page their twins
([files_in][archbook.learning.exercise_pages.files_in]); a file without its
twin, or a twin without its English file, is an error naming the missing file.

The words the macro adds around the exercise's own files (headings, the rubric's
columns, the pointer to the model answer, the model answer box's title) are
data, in both languages: ``data/exercise_ui.yml``, validated by
[ExerciseUi][archbook.learning.exercise_pages.ExerciseUi] and handed to the
macro by the site model.

Anything missing or malformed stops the build with a message naming the file.
The renderer [render_exercise][archbook.learning.exercise_pages.render_exercise] reads
only the exercise folder (and, when not given the words, the data file), so tests
can call it without MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pydantic import Field, model_validator

from archbook.content.data import DataError, validate
from archbook.content.models import Bilingual, Strict
from archbook.core.errors import ArchbookError
from archbook.learning.checker import EXERCISES
from archbook.core.fences import fenced
from archbook.learning.checker.common import english_name, twin_name
from archbook.learning.checker.rubric import Rubric, load_rubric
from archbook.core.languages import ENGLISH, LANGUAGES, ROMAN_URDU, check_language, page_language
from archbook.core.limits import MAX_PAGE_BYTES
from archbook.safety.markup_policy import PLACEHOLDER, page_findings
from archbook.content.tables import cell, markdown_table
from archbook.core.textfiles import TextFileError, read_text

EXERCISE_UI_FILE = "data/exercise_ui.yml"
"""The file, relative to the project root, holding the words the macro adds (see `ExerciseUi`)."""


class ExerciseUi(Strict):
    """``data/exercise_ui.yml``: every word the macro adds around the exercise's own files, in both languages."""

    starter: Bilingual = Field(description="Heading over the starter files.")
    starter_intro: Bilingual = Field(description="How to use the starter files.")
    rubric: Bilingual = Field(description="Heading over the rubric.")
    rubric_intro: Bilingual = Field(description="Who judges the work against the rubric, and what the tool checks.")
    criterion: Bilingual = Field(description="Rubric column: the criterion.")
    exemplary: Bilingual = Field(description="Rubric column: the exemplary level.")
    adequate: Bilingual = Field(description="Rubric column: the adequate level.")
    needs_work: Bilingual = Field(description="Rubric column: the needs-work level.")
    checked: Bilingual = Field(description="Under a criterion that check-exercise verifies.")
    model_answer: Bilingual = Field(description="Where the model answer is; ``{path}`` is its folder.")
    model_answer_box: Bilingual = Field(description="Text of the link to the exercise's model-answer page.")

    PLACEHOLDERS: ClassVar[dict[str, frozenset[str]]] = {"model_answer": frozenset({"path"})}
    """The placeholders each word must hold, in both languages; the other words hold none."""

    LINK_TEXT: ClassVar[frozenset[str]] = frozenset({"model_answer_box"})
    """Words written as a link's text: a square bracket would end it."""

    @model_validator(mode="after")
    def _placeholders(self):
        for name in type(self).model_fields:
            want = self.PLACEHOLDERS.get(name, frozenset())
            for lang in LANGUAGES:
                text = getattr(self, name).text(lang)
                if name in self.LINK_TEXT and ("[" in text or "]" in text):
                    raise ValueError(f"{name}.{lang}: a square bracket would end the link's text in {text!r}")
                have = {m.group(0)[1:-1] for m in PLACEHOLDER.finditer(text)}
                if have != want:
                    expected = ", ".join("{" + p + "}" for p in sorted(want)) or "no placeholders"
                    got = ", ".join("{" + p + "}" for p in sorted(have)) or "none"
                    raise ValueError(f"{name}.{lang}: expected {expected}, got {got} in {text!r}")
        return self


def load_exercise_ui(root: Path) -> ExerciseUi:
    """The validated words of ``data/exercise_ui.yml`` of the project at ``root``.

    The build hands the macro the copy the site model loaded; this reads the
    file for callers without one (tests, scripts).

    Raises:
        ExercisePageError: the file is missing or malformed.
    """
    try:
        return validate(ExerciseUi, root / EXERCISE_UI_FILE, EXERCISE_UI_FILE)
    except DataError as exc:
        raise ExercisePageError("\n".join(exc.problems)) from None

CODE_LANGUAGES = {".yaml": "yaml", ".yml": "yaml", ".md": "markdown", ".json": "json", ".txt": "text"}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{\s*#([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\s*$")
_ANY_HEADING = re.compile(r"^#{1,6}\s")


class ExercisePageError(ArchbookError, ValueError):
    """An exercise folder is missing a file or a file is malformed; the message names it."""


@dataclass(frozen=True)
class Brief:
    """A parsed brief: its title and its body with headings demoted and anchors prefixed."""

    title: str
    anchors: tuple[str, ...]
    body: str


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


_SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*")


def _read(path: Path, root: Path, prose: bool = False) -> str:
    shown = _relative(path, root)
    try:
        text = read_text(path, shown, max_bytes=MAX_PAGE_BYTES)
    except TextFileError as exc:
        raise ExercisePageError(exc.problems) from None
    if prose:  # a brief is embedded in the page as Markdown: held to the pages' markup allow-list
        found = page_findings(text.splitlines())
        if found:
            raise ExercisePageError([f"{shown}:{line}: {finding}" for line, finding in found])
    for number, line in enumerate(text.splitlines(), start=1):
        if "{{" in line or "{%" in line:
            raise ExercisePageError(f"{_relative(path, root)}:{number}: '{{{{' and '{{%' are not allowed "
                                    "in exercise files (they would be read as macros)")
    return text


def parse_brief(text: str, prefix: str, source: str) -> Brief:
    """Split a brief into its title and a body ready to embed under a ``##`` heading.

    The brief starts with ``# Title { #anchor }``; every other heading must carry
    an explicit anchor. Headings move one level down and their anchors become
    ``<prefix>-<anchor>``.

    Raises:
        ExercisePageError: no title, or a heading without an anchor.
    """
    lines = text.splitlines()
    title, out, anchors = None, [], []
    for number, (line, code) in enumerate(fenced(lines), start=1):
        if code:
            out.append(line)
            continue
        if not _ANY_HEADING.match(line):
            out.append(line)
            continue
        heading = _HEADING.match(line)
        if heading is None:
            raise ExercisePageError(f"{source}:{number}: heading has no anchor; end it with {{ #some-slug }}")
        level, text_, anchor = len(heading.group(1)), heading.group(2), heading.group(3)
        if level == 1:
            if title is not None or out and any(part.strip() for part in out):
                raise ExercisePageError(f"{source}:{number}: the only '# ' heading must be the first line")
            title = text_
            continue
        if level >= 6:
            raise ExercisePageError(f"{source}:{number}: headings deeper than '#####' cannot be demoted")
        anchors.append(anchor)
        out.append(f"{'#' * (level + 1)} {text_} {{ #{prefix}-{anchor} }}")
    if title is None:
        raise ExercisePageError(f"{source}:1: the brief must start with a '# Title {{ #anchor }}' heading")
    return Brief(title, tuple(anchors), "\n".join(out).strip() + "\n")


def _fence_for(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    return "`" * max(3, longest + 1)


def files_in(folder: Path, lang: str, root: Path) -> list[Path]:
    """The files of ``folder`` (``starter/`` or ``model-answer/``) in ``lang``, sorted by English name.

    English files are those without ``.ur-Latn.`` in their name; each has its
    Roman Urdu twin beside it (``adr.md`` and ``adr.ur-Latn.md``).

    Raises:
        ExercisePageError: the folder is empty or missing, a name could break a
            code block's title, or a file lacks its twin (the message names the missing file).
    """
    check_language(lang)
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    if not files:
        raise ExercisePageError(f"{_relative(folder, root)}: no {folder.name} files found")
    names = [path.relative_to(folder).as_posix() for path in files]
    for name in names:
        if not _SAFE_NAME.fullmatch(name):
            raise ExercisePageError(f"{_relative(folder / name, root)}: expected a {folder.name} file name of "
                                    "letters, digits, '.', '-' and '_' (it is shown as the code block's title)")
    chosen = []
    for name in names:
        english = english_name(name)
        other = english if english is not None else twin_name(name)
        if other not in names:
            kind = "English file" if english is not None else "Roman Urdu twin"
            raise ExercisePageError(f"{_relative(folder / other, root)}: file not found "
                                    f"(the {kind} of {_relative(folder / name, root)})")
        if (english is not None) == (lang == ROMAN_URDU):
            chosen.append((english or name, folder / name))
    return [path for _, path in sorted(chosen)]  # both languages in the order of the English names


def code_blocks(folder: Path, lang: str, root: Path) -> str:
    """Every file of ``folder`` in ``lang`` as a fenced code block titled with its path."""
    blocks = []
    for path in files_in(folder, lang, root):
        text = _read(path, root).rstrip("\n")
        fence = _fence_for(text)
        language = CODE_LANGUAGES.get(path.suffix, "text")
        blocks.append(f'{fence}{language} title="{_relative(path, root)}"\n{text}\n{fence}\n')
    return "\n".join(blocks)


def starter_blocks(folder: Path, root: Path, lang: str = ENGLISH) -> str:
    """Every starter file of an exercise in ``lang`` as a titled, fenced code block."""
    return code_blocks(folder / "starter", lang, root)


def rubric_table(rubric: Rubric, lang: str, ui: ExerciseUi) -> str:
    """The rubric as a Markdown table in ``lang``, headed with the words of ``ui``."""
    check_language(lang)
    rows = []
    for criterion in rubric.criteria:
        name = f"**{cell(criterion.name.text(lang))}**"
        if criterion.checked_by_tool:
            name += f"<br>_{cell(ui.checked.text(lang))}_"
        rows.append([name, cell(criterion.exemplary.text(lang)), cell(criterion.adequate.text(lang)),
                     cell(criterion.needs_work.text(lang))])
    return markdown_table([ui.criterion.text(lang), ui.exemplary.text(lang), ui.adequate.text(lang),
                           ui.needs_work.text(lang)], rows)


def load_exercise_rubric(folder: Path, root: Path) -> Rubric:
    """The validated rubric of the exercise in ``folder``.

    Raises:
        ExercisePageError: the rubric is missing, malformed, or for another exercise.
    """
    path = folder / "rubric.yml"
    try:
        rubric = load_rubric(path, _relative(path, root))
    except DataError as exc:
        raise ExercisePageError("\n".join(exc.problems)) from None
    expected = next((e.item_id for e in EXERCISES if e.folder == folder.name), None)
    if expected and rubric.exercise != expected:
        raise ExercisePageError(f"{_relative(path, root)}: exercise is {rubric.exercise!r}, "
                                f"but the folder {folder.name} is {expected!r}")
    return rubric


def read_briefs(folder: Path, root: Path) -> dict[str, Brief]:
    """Both briefs of an exercise, checked to share the same heading anchors.

    Raises:
        ExercisePageError: a brief is missing or malformed, or the twins' anchors differ.
    """
    prefix = next((e.item_id for e in EXERCISES if e.folder == folder.name), f"exercise-{folder.name}")
    briefs = {}
    for lang, name in ((ENGLISH, "brief.md"), (ROMAN_URDU, f"brief.{ROMAN_URDU}.md")):
        path = folder / name
        briefs[lang] = parse_brief(_read(path, root, prose=True), prefix, _relative(path, root))
    if briefs[ENGLISH].anchors != briefs[ROMAN_URDU].anchors:
        raise ExercisePageError(
            f"{_relative(folder / f'brief.{ROMAN_URDU}.md', root)}: heading anchors "
            f"{list(briefs[ROMAN_URDU].anchors)} differ from brief.md's {list(briefs[ENGLISH].anchors)}")
    return briefs


def render_exercise(folder: Path, lang: str, root: Path, ui: ExerciseUi | None = None,
                    answer_page: str | None = None) -> str:
    """The Markdown for one exercise in ``lang``: brief, starter files, rubric, a link to the model answer.

    ``answer_page`` is the model-answer page relative to the page being rendered
    (default ``answers/<folder>.md``, right for the step pages in ``docs/learn/``).

    ``root`` is the project root, used to show paths relative to it. ``ui``
    holds the words around the exercise's files; without it they are read from
    the project's ``data/exercise_ui.yml`` (once the exercise's own files are
    found sound).

    Raises:
        ExercisePageError: the folder or one of its files is missing or malformed.
    """
    check_language(lang)
    if not folder.is_dir():
        raise ExercisePageError(f"{_relative(folder, root)}: exercise folder not found")
    brief = read_briefs(folder, root)[lang]
    rubric = load_exercise_rubric(folder, root)
    prefix = next((e.item_id for e in EXERCISES if e.folder == folder.name), f"exercise-{folder.name}")
    starters = starter_blocks(folder, root, lang)
    code_blocks(folder / "model-answer", lang, root)  # both languages' files present, or say which is not
    ui = ui if ui is not None else load_exercise_ui(root)
    answer = _relative(folder / "model-answer", root) + "/"
    answer_page = answer_page or f"answers/{folder.name}.md"
    return (
        f"{brief.body}\n"
        f"### {ui.starter.text(lang)} {{ #{prefix}-starter }}\n\n"
        f"{ui.starter_intro.text(lang)}\n\n"
        f"{starters}\n"
        f"### {ui.rubric.text(lang)} {{ #{prefix}-rubric }}\n\n"
        f"{ui.rubric_intro.text(lang)}\n\n"
        f"{rubric_table(rubric, lang, ui)}\n"
        f"{ui.model_answer.text(lang).replace('{path}', answer)}\n\n"
        f"[{ui.model_answer_box.text(lang)}]({answer_page})\n"
    )


def render_model_answer(folder: Path, lang: str, root: Path, ui: ExerciseUi | None = None) -> str:
    """The body of an exercise's model-answer page in ``lang``: the pointer sentence, then every file.

    Raises:
        ExercisePageError: the folder, a file or its twin is missing.
    """
    check_language(lang)
    if not folder.is_dir():
        raise ExercisePageError(f"{_relative(folder, root)}: exercise folder not found")
    answers = code_blocks(folder / "model-answer", lang, root)
    ui = ui if ui is not None else load_exercise_ui(root)
    answer = _relative(folder / "model-answer", root) + "/"
    return f"{ui.model_answer.text(lang).replace('{path}', answer)}\n\n{answers}"


def register(env, datasets) -> None:
    """Define this area's macros on the mkdocs-macros environment ``env``."""
    root = Path(env.project_dir)
    ui: ExerciseUi = datasets["exercise_ui"]

    @env.macro
    def exercise_brief(slug: str) -> str:
        """The brief, starter files, rubric and model answer of ``exercises/<slug>/`` in the page's language."""
        try:
            return render_exercise(root / "exercises" / slug, page_language(env.page), root, ui)
        except ExercisePageError as exc:
            raise ExercisePageError(f"exercise_brief({slug!r}): {exc}") from None

    @env.macro
    def model_answer(slug: str) -> str:
        """The model answer of ``exercises/<slug>/`` in the page's language (its own page, after an attempt)."""
        try:
            return render_model_answer(root / "exercises" / slug, page_language(env.page), root, ui)
        except ExercisePageError as exc:
            raise ExercisePageError(f"model_answer({slug!r}): {exc}") from None
