"""Review your own architecture: the self-assessment, its data, its checks and its page macros.

``data/architecture_review.yml`` holds the questions (at least
[MIN_QUESTIONS][archbook.learning.self_assessment.MIN_QUESTIONS]), grouped in
areas: the six infrastructure layers of ``data/infrastructure_layers.yml``
(their ids and names are read from there) and the concerns in
[CONCERNS][archbook.learning.self_assessment.CONCERNS]; observability is a
layer and a concern, so it is one area. Every question has three or four
choices, each with a risk level, a one-line "why it matters" in both languages,
and a link to the handbook section that helps (a page under ``docs/`` and a
heading anchor, resolved by
[site_problems][archbook.learning.self_assessment.site_problems] when the
data is loaded, so ``archbook check`` and the build name the file, line, entry
and field of a link that goes nowhere). The file also holds Sahulat Assist's
answer to every question, the worked example, and every word the widgets show.

The report is worked out by the one scoring rule,
[architecture_review][archbook.rules.architecture_review]: here for the worked
example, rendered on the page by Python; in the browser for the reader's own
answers, by ``docs/assets/javascripts/architecture-review.js``, which reads
the rule's constants from the form's ``data-ar-rule`` attribute, the level of
each choice from its ``data-ar-level`` attribute and every word from
``data-ar-text``. The script writes the same report markup as the worked
example's ([render_example][archbook.learning.self_assessment.render_example]),
offers it as Markdown and JSON, restores answers from that JSON, and keeps them in
``localStorage`` under [STORAGE_KEY][archbook.learning.self_assessment.STORAGE_KEY].

Every line of the generated HTML starts with a tag, so the glossary hook
(which leaves such lines alone) never rewrites text inside a widget.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from archbook.content.data import DataError, read_yaml
from archbook.content.models import Bilingual, Entry, Slug, Strict, check_unique
from archbook.content.page_source import PageError, read_page
from archbook.core.errors import ArchbookError
from archbook.core.languages import ENGLISH, TWIN_SUFFIX, check_language, page_language, twin_path
from archbook.learning.widgets import relative_href
from archbook.rules import architecture_review as rule

DATA_NAME = "architecture_review"
"""The data file's stem: ``data/architecture_review.yml``."""

MIN_QUESTIONS = 40
"""The fewest questions the review may have."""

MIN_PER_AREA = 3
"""The fewest questions an area may have."""

CONCERNS: tuple[str, ...] = ("safety", "observability", "cost", "governance")
"""The concerns that cut across the layers; each is an area of the review."""

STORAGE_KEY = "archbook.architecture-review.v1"
"""The browser's localStorage key holding the reader's answers (not the progress key)."""

EXPORT_FORMAT = "archbook-architecture-review"
"""The ``format`` of a downloaded JSON file (``version`` is 1): ``answers`` and the ``report``."""

LINK_PATTERN = r"^(?:[a-z0-9][a-z0-9-]*/)*[a-z0-9][a-z0-9-]*\.md#[a-z0-9]+(?:-[a-z0-9]+)*$"
"""A question's link: an English page under ``docs/`` and a heading anchor, ``handbook/serving.md#break-even``."""

UI_KEYS: tuple[str, ...] = (
    "needs-js", "storage-unavailable",
    # the form's introduction, toolbar and messages
    "form-intro", "example-button", "example-help", "example-loaded", "clear-button", "cleared",
    "restore-label", "restore-help", "restore-ok", "restore-error",
    "reason-read", "reason-size", "reason-json", "reason-format", "reason-question", "reason-choice",
    # a question
    "why-label", "read-label",
    # the report
    "overall", "answered", "no-score", "scores-heading", "scores-caption", "col-area", "col-score",
    "col-answered", "answered-cell", "risks-heading", "risks-empty", "your-answer",
    "plan-heading", "plan-intro", "plan-empty", "plan-questions",
    # downloads, and the Markdown file
    "download-md", "download-json", "download-done",
    "md-title", "md-source", "md-answers", "md-question", "md-risk", "md-not-answered",
)
"""Every key the file's ``ui`` must define (no more, no fewer)."""

SCRIPT_KEYS: tuple[str, ...] = (
    "storage-unavailable", "example-loaded", "cleared", "restore-ok", "restore-error",
    "reason-read", "reason-size", "reason-json", "reason-format", "reason-question", "reason-choice",
    "why-label", "read-label", "overall", "answered", "no-score", "scores-heading", "scores-caption",
    "col-area", "col-score", "col-answered", "answered-cell", "risks-heading", "risks-empty", "your-answer",
    "plan-heading", "plan-intro", "plan-empty", "plan-questions", "download-done",
    "md-title", "md-source", "md-answers", "md-question", "md-risk", "md-not-answered",
)
"""The words the page script needs, carried in the form's ``data-ar-text`` (with the level labels)."""

NO_SCORE = "—"
"""What a table cell shows for an area with no answer."""


class ReviewError(ArchbookError, ValueError):
    """The review cannot be rendered: a link or a layer the site does not have."""


class ReviewChoice(Strict):
    """One answer a reader may give, and the risk it carries."""

    id: Slug = Field(description="Stable: stored in readers' browsers and files.")
    level: Literal[rule.RISK_LEVELS]  # type: ignore[valid-type]
    text: Bilingual


class ReviewQuestion(Entry):
    """A question of the review (``id`` is stable: stored in readers' browsers and files)."""

    area: Slug = Field(description="The id of the area the question belongs to.")
    question: Bilingual
    why: Bilingual = Field(description="Why it matters, in one line.")
    link: str = Field(description="The section that helps: an English page under docs/ and a heading anchor.")
    choices: list[ReviewChoice] = Field(min_length=3, max_length=4)

    @field_validator("link")
    @classmethod
    def _site_section(cls, link: str) -> str:
        if not re.fullmatch(LINK_PATTERN, link):
            raise ValueError("expected an English page under docs/ and a heading anchor, such as "
                             f"handbook/serving.md#break-even; got {link!r}")
        return link

    @model_validator(mode="after")
    def _sound_choices(self):
        check_unique(self.choices, label="choice")
        levels = {choice.level for choice in self.choices}
        if "none" not in levels:
            raise ValueError("no choice is at level 'none': a reader must be able to answer without a risk")
        if len(levels) < 2:
            raise ValueError("every choice is at level 'none': the question can show no risk")
        return self

    def level_of(self, choice_id: str) -> str:
        return next(c.level for c in self.choices if c.id == choice_id)

    def choice(self, choice_id: str) -> ReviewChoice:
        return next(c for c in self.choices if c.id == choice_id)


class ReviewArea(Strict):
    """An area of the review: an infrastructure layer, a concern, or both (observability)."""

    id: Slug
    kind: Literal["layer", "concern", "layer-and-concern"]
    name: Bilingual | None = Field(None, description="A concern's name; a layer's comes from infrastructure_layers.yml.")

    @model_validator(mode="after")
    def _named_once(self):
        if self.kind == "concern" and self.name is None:
            raise ValueError(f"area {self.id!r}: a concern needs a name")
        if self.kind != "concern" and self.name is not None:
            raise ValueError(f"area {self.id!r}: a layer's name comes from data/infrastructure_layers.yml; remove it here")
        return self


class WorkedExample(Strict):
    """Sahulat Assist's answer to every question: question id -> choice id."""

    name: Bilingual
    answers: dict[Slug, Slug]


class ArchitectureReview(Strict):
    """``data/architecture_review.yml``: the questions, their areas, the worked example and the widgets' words."""

    ui: dict[str, Bilingual] = Field(description="Interface text by key; see UI_KEYS.")
    levels: dict[Literal[rule.RISK_LEVELS], Bilingual]  # type: ignore[valid-type]
    areas: list[ReviewArea]
    entries: list[ReviewQuestion] = Field(min_length=MIN_QUESTIONS, description="The questions.")
    worked_example: WorkedExample

    @field_validator("ui")
    @classmethod
    def _every_word(cls, ui: dict) -> dict:
        missing = [k for k in UI_KEYS if k not in ui]
        unknown = [k for k in ui if k not in UI_KEYS]
        if missing:
            raise ValueError(f"missing key(s) {', '.join(missing)}")
        if unknown:
            raise ValueError(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(UI_KEYS)})")
        return ui

    @field_validator("levels")
    @classmethod
    def _every_level(cls, levels: dict) -> dict:
        missing = [level for level in rule.RISK_LEVELS if level not in levels]
        if missing:
            raise ValueError(f"missing the label of level(s) {', '.join(missing)}")
        return levels

    @field_validator("areas")
    @classmethod
    def _areas(cls, areas: list[ReviewArea]) -> list[ReviewArea]:
        check_unique(areas, label="area")
        concerns = [a.id for a in areas if a.kind != "layer"]
        if sorted(concerns) != sorted(CONCERNS):
            raise ValueError(f"the concern areas must be exactly {', '.join(CONCERNS)}; got {', '.join(concerns) or 'none'}")
        return areas

    @field_validator("entries")
    @classmethod
    def _questions(cls, entries: list[ReviewQuestion], info: ValidationInfo) -> list[ReviewQuestion]:
        check_unique(entries)
        areas = info.data.get("areas")
        if areas is None:  # the areas are wrong themselves: reported on their own
            return entries
        known = [a.id for a in areas]
        for number, entry in enumerate(entries, start=1):
            if entry.area not in known:
                raise ValueError(f"entry {number} ({entry.id}): area {entry.area!r} is not an area of the review "
                                 f"(known: {', '.join(known)})")
        for area in known:
            count = sum(1 for e in entries if e.area == area)
            if count < MIN_PER_AREA:
                raise ValueError(f"area {area!r} has {count} question(s); each area needs at least {MIN_PER_AREA}")
        return entries

    @field_validator("worked_example")
    @classmethod
    def _example_answers_everything(cls, example: WorkedExample, info: ValidationInfo) -> WorkedExample:
        entries = info.data.get("entries")
        if entries is None:
            return example
        questions = {e.id: e for e in entries}
        unknown = [q for q in example.answers if q not in questions]
        if unknown:
            raise ValueError(f"answers: {unknown[0]!r} is not a question of the review")
        missing = [q for q in questions if q not in example.answers]
        if missing:
            raise ValueError(f"answers: the worked example must answer every question; missing {', '.join(missing)}")
        for question_id, choice in example.answers.items():
            choices = [c.id for c in questions[question_id].choices]
            if choice not in choices:
                raise ValueError(f"answers: {question_id}: {choice!r} is not one of its choices ({', '.join(choices)})")
        return example

    # ---- reading the review

    def text(self, key: str, lang: str) -> str:
        """Interface text ``key`` in ``lang``."""
        return self.ui[key].text(lang)

    def ordered_questions(self) -> list[ReviewQuestion]:
        """The questions in the questionnaire's order: areas in order, then the file's order."""
        return [q for area in self.areas for q in self.entries if q.area == area.id]

    def numbers(self) -> dict[str, int]:
        """The number each question carries on the page (from 1, in the questionnaire's order)."""
        return {q.id: number for number, q in enumerate(self.ordered_questions(), start=1)}

    def question(self, question_id: str) -> ReviewQuestion:
        return next(q for q in self.entries if q.id == question_id)

    def rule_questions(self) -> list[rule.ScoredQuestion]:
        """The questions as the scoring rule takes them, in the questionnaire's order."""
        return [rule.ScoredQuestion(q.id, q.area, q.link, {c.id: c.level for c in q.choices})
                for q in self.ordered_questions()]

    def report(self, answers: Mapping[str, str]) -> rule.Report:
        """The report of ``answers`` by the one scoring rule."""
        return rule.review_report(self.rule_questions(), answers, [a.id for a in self.areas])

    def example_report(self) -> rule.Report:
        """The worked example's report."""
        return self.report(self.worked_example.answers)


# ---------------------------------------------------------------- checks against the site

def layer_names(layers: Any) -> dict[str, Bilingual]:
    """Layer id -> name, from the model of ``data/infrastructure_layers.yml``."""
    return {entry.id: entry.layer for entry in layers.entries}


def _strip_heading(text: str) -> str:
    text = re.sub(r"\s*\{[^{}]*\}\s*$", "", text)
    return re.sub(r"[*`]", "", text).strip()


@dataclass(frozen=True)
class PageHeadings:
    """A page's title and the text of each heading anchor."""

    title: str
    anchors: Mapping[str, str]


def page_headings(path: Path, shown: str) -> PageHeadings:
    """The headings of the page at ``path`` (raises ``PageError``)."""
    page = read_page(path, shown)
    anchors = {h.anchor: _strip_heading(h.text) for h in page.headings if h.anchor}
    first = next((h for h in page.headings if h.level == 1), None)
    return PageHeadings(_strip_heading(first.text) if first else "", anchors)


def link_problems(review: ArchitectureReview, docs_dir: Path, source: str, line_of) -> list[str]:
    """Every question link whose page or heading anchor does not exist under ``docs_dir``.

    ``line_of(path)`` gives the line of a value of the data file; each problem
    reads ``data/architecture_review.yml:LINE: entry N (id): field 'link': ...``.
    """
    problems: list[str] = []
    pages: dict[str, PageHeadings | None] = {}
    for index, entry in enumerate(review.entries):
        page, anchor = entry.link.split("#", 1)
        where = f"{source}:{line_of(('entries', index, 'link'))}: entry {index + 1} ({entry.id}): field 'link'"
        if page not in pages:
            path = docs_dir / page
            try:
                pages[page] = page_headings(path, f"docs/{page}") if path.is_file() else None
            except PageError:
                pages[page] = None
        headings = pages[page]
        if headings is None:
            problems.append(f"{where}: no readable page docs/{page}")
        elif anchor not in headings.anchors:
            problems.append(f"{where}: docs/{page} has no heading with the anchor '#{anchor}' "
                            f"(its anchors: {', '.join(sorted(headings.anchors)) or 'none'})")
    return problems


def site_problems(datasets: Mapping[str, Any], data_dir: Path) -> list[str]:
    """The review against the other data files and the pages: layers and links.

    Registered in [CROSS_CHECKS][archbook.site.registry.CROSS_CHECKS], so it
    runs whenever the data files are loaded (by the build and ``archbook check``).
    The layer areas must be the layers of ``data/infrastructure_layers.yml``,
    in their order; every question's link must name a page under ``docs/``
    (beside ``data_dir``) and one of its heading anchors.
    """
    review = datasets.get(DATA_NAME)
    if review is None:
        return []
    source = f"{data_dir.name}/{DATA_NAME}.yml"
    try:
        located = read_yaml(data_dir / f"{DATA_NAME}.yml", source)
        line_of = located.line_of
    except DataError:
        line_of = lambda path: 1  # noqa: E731  (the file was read a moment ago; keep going without lines)
    problems = []
    layers = datasets.get("infrastructure_layers")
    if layers is not None:
        expected = [entry.id for entry in layers.entries]
        got = [a.id for a in review.areas if a.kind != "concern"]
        if got != expected:
            problems.append(f"{source}:{line_of(('areas',))}: field 'areas': the layer areas must be the layers of "
                            f"data/infrastructure_layers.yml in their order ({', '.join(expected)}); "
                            f"got {', '.join(got) or 'none'}")
    docs_dir = data_dir.parent / "docs"
    if not docs_dir.is_dir():
        return problems + [f"{source}: the question links cannot be checked: no folder {docs_dir.as_posix()}"]
    return problems + link_problems(review, docs_dir, source, line_of)


# ---------------------------------------------------------------- rendering

@dataclass(frozen=True)
class Section:
    """Where a question's link goes, as the page shows it."""

    href: str
    title: str


def section_titles(review: ArchitectureReview, docs_dir: Path, lang: str) -> dict[str, str]:
    """Link -> "Page title: section title" in ``lang``, read from the page (or its twin) under ``docs_dir``."""
    check_language(lang)
    titles: dict[str, str] = {}
    cache: dict[str, PageHeadings] = {}
    for link in dict.fromkeys(q.link for q in review.entries):
        page, anchor = link.split("#", 1)
        src = page if lang == ENGLISH else twin_path(page)
        try:
            headings = cache[src] if src in cache else page_headings(docs_dir / src, f"docs/{src}")
        except PageError as exc:
            raise ReviewError(f"architecture review: link {link!r}: {exc}") from None
        cache[src] = headings
        if anchor not in headings.anchors:
            raise ReviewError(f"architecture review: link {link!r}: docs/{src} has no heading '#{anchor}'")
        section = headings.anchors[anchor]
        titles[link] = section if section == headings.title else f"{headings.title}: {section}"
    return titles


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _attr_json(value: Any) -> str:
    return _esc(json.dumps(value, ensure_ascii=False, sort_keys=True))


@dataclass(frozen=True)
class _View:
    """Everything a renderer needs besides the report: words, names, links, numbers."""

    review: ArchitectureReview
    lang: str
    area_names: Mapping[str, str]
    sections: Mapping[str, Section]
    numbers: Mapping[str, int]

    def t(self, key: str) -> str:
        return self.review.text(key, self.lang)

    def level(self, level: str) -> str:
        return self.review.levels[level].text(self.lang)


def _view(review: ArchitectureReview, layers: Mapping[str, Bilingual], titles: Mapping[str, str],
          lang: str, page_src: str) -> _View:
    check_language(lang)
    names = {}
    for area in review.areas:
        if area.kind == "concern":
            names[area.id] = area.name.text(lang)
        elif area.id in layers:
            names[area.id] = layers[area.id].text(lang)
        else:
            raise ReviewError(f"architecture review: area {area.id!r} is not a layer of data/infrastructure_layers.yml")
    sections = {}
    for link in dict.fromkeys(q.link for q in review.entries):
        page, anchor = link.split("#", 1)
        sections[link] = Section(relative_href(page_src, page, anchor), titles[link])
    return _View(review, lang, names, sections, review.numbers())


def _level_badge(view: _View, level: str) -> str:
    return f'<span class="ar-level ar-level-{level}">{_esc(view.level(level))}</span>'


def _fill(template: str, **values: Any) -> str:
    return re.sub(r"\{([a-z]+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def _report_lines(view: _View, report: rule.Report, kind: str) -> list[str]:
    t = view.t
    overall = report.overall
    if overall.score is None:
        overall_line = f'<p class="ar-overall"><strong>{_esc(t("no-score"))}</strong></p>'
    else:
        overall_line = (f'<p class="ar-overall"><strong>{_esc(_fill(t("overall"), score=overall.score, full=rule.FULL_SCORE))}</strong> '
                        f'<span>({_esc(_fill(t("answered"), answered=overall.answered, total=overall.total))})</span></p>')
    shown_levels = [level for level in rule.RISK_LEVELS if rule.RISK_POINTS[level] > 0]
    lines = [
        f'<div class="ar-report" data-ar-report="{kind}">',
        overall_line,
        f'<h3 class="ar-subhead">{_esc(t("scores-heading"))}</h3>',
        '<div class="ar-table-wrap">',
        '<table class="ar-scores">',
        f'<caption>{_esc(_fill(t("scores-caption"), full=rule.FULL_SCORE, **rule.RISK_POINTS))}</caption>',
        f'<thead><tr><th scope="col">{_esc(t("col-area"))}</th><th scope="col">{_esc(t("col-score"))}</th>'
        f'<th scope="col">{_esc(t("col-answered"))}</th>'
        + "".join(f'<th scope="col">{_esc(view.level(level))}</th>' for level in shown_levels)
        + '</tr></thead>',
        '<tbody>',
    ]
    for area in report.areas:
        score = NO_SCORE if area.score is None else str(area.score)
        lines.append(
            f'<tr data-ar-area="{area.area}"><th scope="row">{_esc(view.area_names[area.area])}</th>'
            f'<td class="ar-score">{score}</td>'
            f'<td>{_esc(_fill(t("answered-cell"), answered=area.answered, total=area.total))}</td>'
            + "".join(f'<td>{area.counts[level]}</td>' for level in shown_levels)
            + '</tr>')
    lines += ['</tbody>', '</table>', '</div>', f'<h3 class="ar-subhead">{_esc(t("risks-heading"))}</h3>']
    if report.risks:
        lines.append('<ol class="ar-risks">')
        for risk in report.risks:
            question = view.review.question(risk.question)
            lines.append(
                f'<li data-ar-risk="{question.id}" data-ar-level="{risk.level}">'
                f'<p class="ar-risk-head">{_level_badge(view, risk.level)} '
                f'<span class="ar-risk-area">{_esc(view.area_names[question.area])}</span> '
                f'<span class="ar-risk-question">{view.numbers[question.id]}. {_esc(question.question.text(view.lang))}</span></p>'
                f'<p class="ar-risk-answer"><span class="ar-label">{_esc(t("your-answer"))}</span> '
                f'{_esc(question.choice(risk.choice).text.text(view.lang))}</p></li>')
        lines.append('</ol>')
    else:
        lines.append(f'<p class="ar-empty">{_esc(t("risks-empty"))}</p>')
    lines += [f'<h3 class="ar-subhead">{_esc(t("plan-heading"))}</h3>']
    if report.plan:
        lines += [f'<p class="ar-plan-intro">{_esc(t("plan-intro"))}</p>', '<ol class="ar-plan">']
        for step in report.plan:
            section = view.sections[step.link]
            numbers = ", ".join(str(view.numbers[q]) for q in step.questions)
            lines.append(
                f'<li data-ar-link="{_esc(step.link)}" data-ar-level="{step.level}">'
                f'<a href="{_esc(section.href)}">{_esc(section.title)}</a> {_level_badge(view, step.level)} '
                f'<span class="ar-plan-questions">{_esc(_fill(t("plan-questions"), numbers=numbers))}</span></li>')
        lines.append('</ol>')
    else:
        lines.append(f'<p class="ar-empty">{_esc(t("plan-empty"))}</p>')
    lines.append('</div>')
    return lines


def render_example(review: ArchitectureReview, layers: Mapping[str, Bilingual],
                   titles: Mapping[str, str], lang: str, page_src: str = "learn/architecture-review.md") -> str:
    """Sahulat Assist's report, worked out in Python by the one scoring rule.

    The page script builds the reader's report with the same markup, so the
    two read alike (``tests/test_architecture_review_browser.py`` compares them).
    """
    view = _view(review, layers, titles, lang, page_src)
    lines = ['<div class="ar-example" id="ar-example">', *_report_lines(view, review.example_report(), "example"), '</div>']
    return "\n".join(lines) + "\n"


def render_form(review: ArchitectureReview, layers: Mapping[str, Bilingual],
                titles: Mapping[str, str], lang: str, page_src: str = "learn/architecture-review.md") -> str:
    """The questionnaire: a toolbar (worked example, restore, clear) and one fieldset per area and question.

    The markup is kept lean (the page has a weight budget): a choice is a
    ``<label>`` around its radio button, whose ``data-ar-level`` is the
    choice's risk level and which carries ``data-ar-example`` when it is the
    worked example's answer; a question's number is its place in the form,
    its area the fieldset around it.
    """
    view = _view(review, layers, titles, lang, page_src)
    t = view.t
    words = {key: t(key) for key in SCRIPT_KEYS}
    words["levels"] = {level: view.level(level) for level in rule.RISK_LEVELS}
    lines = [
        f'<div class="ar-widget ar-review" id="ar-review" data-ar-rule="{_attr_json(rule.browser_rule())}" '
        f'data-ar-text="{_attr_json(words)}">',
        f'<p>{_esc(_fill(t("form-intro"), count=len(review.entries), areas=len(review.areas)))}</p>',
        f'<p class="ar-needs-js">{_esc(t("needs-js"))}</p>',
        '<div class="ar-toolbar">',
        '<div class="ar-tool">',
        f'<button type="button" class="md-button" data-ar-action="example" aria-describedby="ar-example-help" disabled>'
        f'{_esc(t("example-button"))}</button>',
        f'<p class="ar-hint" id="ar-example-help">{_esc(t("example-help"))}</p>',
        '</div>',
        '<div class="ar-tool">',
        '<input type="file" class="ar-file" id="ar-restore-file" accept=".json,application/json" '
        'aria-describedby="ar-restore-help" disabled>',
        f'<label for="ar-restore-file" class="md-button ar-file-button">{_esc(t("restore-label"))}</label>',
        f'<p class="ar-hint" id="ar-restore-help">{_esc(t("restore-help"))}</p>',
        '</div>',
        '<div class="ar-tool">',
        f'<button type="button" class="md-button" data-ar-action="clear" disabled>{_esc(t("clear-button"))}</button>',
        '</div>',
        '</div>',
        '<p class="ar-message" role="status" aria-live="polite"></p>',
        '<form class="ar-form" novalidate>',
    ]
    why, read = _esc(t("why-label")), _esc(t("read-label"))
    for area in review.areas:
        lines += [
            f'<fieldset class="ar-area" data-ar-area="{area.id}" disabled>',
            f'<legend>{_esc(view.area_names[area.id])}</legend>',
        ]
        for question in (q for q in review.entries if q.area == area.id):
            section = view.sections[question.link]
            lines += [
                f'<fieldset class="ar-question" data-ar-question="{question.id}" data-ar-link="{_esc(question.link)}">',
                f'<legend>{view.numbers[question.id]}. {_esc(question.question.text(lang))}</legend>',
            ]
            example = review.worked_example.answers[question.id]
            lines += [f'<label class="ar-choice"><input type="radio" name="ar-{view.numbers[question.id]}" value="{choice.id}" '
                      f'data-ar-level="{choice.level}"{" data-ar-example" if choice.id == example else ""}> '
                      f'{_esc(choice.text.text(lang))}</label>'
                      for choice in question.choices]
            lines += [
                f'<p class="ar-why"><span class="ar-label">{why}</span> {_esc(question.why.text(lang))}</p>',
                f'<p class="ar-read"><span class="ar-label">{read}</span> '
                f'<a href="{_esc(section.href)}">{_esc(section.title)}</a></p>',
                '</fieldset>',
            ]
        lines.append('</fieldset>')
    lines += ['</form>', '</div>']
    return "\n".join(lines) + "\n"


def render_live_report(review: ArchitectureReview, layers: Mapping[str, Bilingual],
                       titles: Mapping[str, str], lang: str, page_src: str = "learn/architecture-review.md") -> str:
    """The reader's report (empty until the script fills it) and the two download buttons."""
    view = _view(review, layers, titles, lang, page_src)
    t = view.t
    lines = [
        '<div class="ar-widget ar-live" id="ar-live">',
        f'<p class="ar-needs-js">{_esc(t("needs-js"))}</p>',
        *_report_lines(view, review.report({}), "live"),
        '<div class="ar-actions">',
        f'<button type="button" class="md-button md-button--primary" data-ar-action="download-md" disabled>'
        f'{_esc(t("download-md"))}</button>',
        f'<button type="button" class="md-button" data-ar-action="download-json" disabled>{_esc(t("download-json"))}</button>',
        '</div>',
        '<p class="ar-message" role="status" aria-live="polite"></p>',
        '</div>',
    ]
    return "\n".join(lines) + "\n"


def _source_path(page) -> str:
    src = page.file.src_uri
    return twin_path(src) if src.endswith(TWIN_SUFFIX) else src


def register(env, datasets: Mapping[str, Any]) -> None:
    """Define the review's macros on the mkdocs-macros environment ``env``."""
    review: ArchitectureReview = datasets[DATA_NAME]
    layers = layer_names(datasets["infrastructure_layers"])
    docs_dir = Path(env.conf["docs_dir"])
    titles: dict[str, dict[str, str]] = {}

    def args() -> tuple:
        lang = page_language(env.page)
        if lang not in titles:
            titles[lang] = section_titles(review, docs_dir, lang)
        return review, layers, titles[lang], lang, _source_path(env.page)

    @env.macro
    def architecture_review() -> str:
        """The self-assessment's questions, with the worked example, clear and restore buttons."""
        return render_form(*args())

    @env.macro
    def architecture_review_report() -> str:
        """The reader's report (filled by the page script) with its Markdown and JSON downloads."""
        return render_live_report(*args())

    @env.macro
    def architecture_review_example() -> str:
        """Sahulat Assist's answers as a report, worked out by the scoring rule at build time."""
        return render_example(*args())

