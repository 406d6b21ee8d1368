"""Models and renderers for the handbook's practice pages.

Covers the pages on safety and governance, revenue architecture and when a
team needs an AI systems architect:

- ``data/governance_frameworks.yml``: what each framework asks of an architecture;
- ``data/revenue_mechanisms.yml``: the four revenue mechanisms and what each needs;
- ``data/inflection_points.yml``: the five points at which a team needs an architect;
- ``data/engagement_models.yml``: full-time, fractional and project engagements;
- ``data/team_self_assessment.yml``: yes/no questions, each tied to an inflection point,
  plus how to read the number of yes answers.

Renderers are pure: validated data and a language in, Markdown out.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, ValidationInfo, field_validator, model_validator

from archbook.core.languages import check_language
from archbook.content.models import Bilingual, Entry, Slug, Strict, TableFile
from archbook.content.tables import bold, cell, column_headers, entry_row, markdown_table

InflectionPointId = Literal[
    "prototype-to-production",
    "several-models-or-agents",
    "regulated-industry",
    "cost-outpacing-usage",
    "design-deadlock",
]
"""The five inflection points (content brief, section 3), in their order."""

INFLECTION_POINT_IDS: tuple[str, ...] = get_args(InflectionPointId)
"""Every inflection point id, in the order the handbook numbers them (1 to 5)."""


def inflection_anchor(point_id: str) -> str:
    """The anchor of an inflection point's row, the same in both languages."""
    return f"inflection-{point_id}"


def inflection_number(point_id: str) -> int:
    """The number (1 to 5) the handbook gives an inflection point.

    Raises:
        ValueError: ``point_id`` is not an inflection point.
    """
    if point_id not in INFLECTION_POINT_IDS:
        raise ValueError(f"unknown inflection point {point_id!r}")
    return INFLECTION_POINT_IDS.index(point_id) + 1


def _plain_table(data: TableFile, lang: str) -> str:
    """Every column of every entry as plain bilingual text."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang) for entry in data.entries]
    return markdown_table(column_headers(data.columns, lang), rows)


# --- Governance frameworks -------------------------------------------------


class GovernanceFramework(Entry):
    """One framework a governed AI architecture is measured against."""

    framework: Bilingual
    nature: Bilingual = Field(description="Who publishes it and whether it is law or guidance.")
    asks_of_architecture: Bilingual
    sahulat_example: Bilingual = Field(description="What it means for the Sahulat Assist example.")


class GovernanceFrameworks(TableFile[GovernanceFramework]):
    """``data/governance_frameworks.yml``."""


def governance_frameworks_table(data: GovernanceFrameworks, lang: str) -> str:
    """Frameworks, their nature, what each asks of an architecture, and the example."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {"framework": bold}) for entry in data.entries]
    return markdown_table(column_headers(data.columns, lang), rows)


# --- Revenue mechanisms ----------------------------------------------------


class RevenueMechanism(Entry):
    """One way an AI product's architecture turns usage into revenue or savings."""

    mechanism: Bilingual
    how_it_works: Bilingual
    example: Bilingual
    architecture_needs: Bilingual


class RevenueMechanisms(TableFile[RevenueMechanism]):
    """``data/revenue_mechanisms.yml``."""


def revenue_mechanisms_table(data: RevenueMechanisms, lang: str) -> str:
    """The revenue mechanisms with an example and the architecture each needs."""
    return _plain_table(data, lang)


# --- Inflection points -----------------------------------------------------


class InflectionPoint(Entry):
    """A point at which a team outgrows "a strong engineer is enough"."""

    id: InflectionPointId  # type: ignore[assignment]
    name: Bilingual
    what_changes: Bilingual
    signals: list[Bilingual] = Field(min_length=2, description="What shows you are there.")
    architect_adds: Bilingual


class InflectionPoints(TableFile[InflectionPoint]):
    """``data/inflection_points.yml``: all five points, in the handbook's order."""

    @model_validator(mode="after")
    def _all_five_in_order(self):
        ids = tuple(entry.id for entry in self.entries)
        if ids != INFLECTION_POINT_IDS:
            missing = [i for i in INFLECTION_POINT_IDS if i not in ids]
            detail = f"missing {', '.join(missing)}" if missing else f"found order {', '.join(ids)}"
            raise ValueError("entries must be the five inflection points in order "
                             f"({', '.join(INFLECTION_POINT_IDS)}); {detail}")
        return self


def inflection_points_table(data: InflectionPoints, lang: str) -> str:
    """The five inflection points, numbered, each row with its shared anchor.

    Signals are listed one per line inside their cell.
    """
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {
        "signals": lambda _, entry=entry: "<br>".join(f"• {cell(signal.text(lang))}" for signal in entry.signals),
        "name": lambda text, entry=entry: (f'<span id="{inflection_anchor(entry.id)}"></span>'
                                           f"**{inflection_number(entry.id)}. {text}**"),
    }) for entry in data.entries]
    return markdown_table(column_headers(data.columns, lang), rows)


# --- Engagement models -----------------------------------------------------


class CostRange(Strict):
    """A cost range in US dollars, with what it is per (year, month, project)."""

    currency: Literal["USD"]
    min: int = Field(ge=0)
    max: int = Field(ge=0)
    per: Bilingual = Field(description='Shown after the range, e.g. "a year".')

    @field_validator("max")
    @classmethod
    def _max_not_below_min(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("min")
        if low is not None and value < low:
            raise ValueError(f"max ({value:,}) is below min ({low:,})")
        return value

    def text(self, lang: str) -> str:
        """The range as a reader sees it: ``$6,000–$14,000 a month``."""
        return f"${self.min:,}–${self.max:,} {self.per.text(lang)}"


class EngagementModel(Entry):
    """One way of bringing an AI systems architect into a team."""

    model: Bilingual
    best_for: Bilingual
    cost: CostRange
    trade_off: Bilingual


class EngagementModels(TableFile[EngagementModel]):
    """``data/engagement_models.yml``: one practitioner's 2026 figures."""

    source_note: Bilingual = Field(description="Whose numbers these are; shown under the table.")


def engagement_models_table(data: EngagementModels, lang: str) -> str:
    """Engagement models with their cost ranges, followed by the source note."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {"model": bold}) for entry in data.entries]
    table = markdown_table(column_headers(data.columns, lang), rows)
    return table + "\n" + f"*{cell(data.source_note.text(lang))}*\n"


# --- Team self-assessment --------------------------------------------------


class AssessmentQuestion(Entry):
    """A yes/no question a team lead can answer; a yes points at one inflection point."""

    question: Bilingual
    inflection_point: InflectionPointId


class ScoreBand(Strict):
    """How to read a range of yes answers."""

    id: Slug
    min_yes: int = Field(ge=0)
    max_yes: int = Field(ge=0)
    reading: Bilingual

    @field_validator("max_yes")
    @classmethod
    def _max_not_below_min(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("min_yes")
        if low is not None and value < low:
            raise ValueError(f"max_yes ({value}) is below min_yes ({low})")
        return value


class Scoring(Strict):
    """The bands that turn a count of yes answers into advice, with their headings."""

    yes_heading: Bilingual
    reading_heading: Bilingual
    bands: list[ScoreBand] = Field(min_length=1)


class TeamSelfAssessment(TableFile[AssessmentQuestion]):
    """``data/team_self_assessment.yml``: 8 to 10 questions and the scoring bands.

    The bands must run without gap or overlap from 0 to the number of questions.
    """

    entries: list[AssessmentQuestion] = Field(min_length=8, max_length=10)
    scoring: Scoring

    @model_validator(mode="after")
    def _bands_cover_every_count(self):
        expected = 0
        for band in self.scoring.bands:
            if band.min_yes != expected:
                raise ValueError(f"scoring band {band.id!r}: field 'min_yes' is {band.min_yes}, "
                                 f"expected {expected} (bands must follow each other without gap)")
            expected = band.max_yes + 1
        total = len(self.entries)
        if expected - 1 != total:
            raise ValueError(f"scoring band {self.scoring.bands[-1].id!r}: field 'max_yes' is "
                             f"{expected - 1}, expected {total} (the number of questions)")
        return self


def _count_range(band: ScoreBand) -> str:
    return str(band.min_yes) if band.min_yes == band.max_yes else f"{band.min_yes}–{band.max_yes}"


def team_self_assessment_table(data: TeamSelfAssessment, lang: str) -> str:
    """The checklist (a ☐ per question, a link to its inflection point) and the scoring table.

    The inflection point links go to anchors drawn by
    [inflection_points_table][archbook.handbook.practice.inflection_points_table],
    so both tables belong on the same page.
    """
    check_language(lang)
    title = cell(data.columns["inflection_point"].text(lang)).replace('"', "&quot;") \
        if "inflection_point" in data.columns else ""

    def point_link(point: str) -> str:
        number = inflection_number(point)
        return f'[{number}](#{inflection_anchor(point)} "{title} {number}")'

    rows = [entry_row(entry, data.columns, lang, {
        "question": lambda text, n=number: f"☐ {n}. {text}",
        "inflection_point": lambda _, entry=entry: point_link(entry.inflection_point),
    }) for number, entry in enumerate(data.entries, start=1)]
    checklist = markdown_table(column_headers(data.columns, lang), rows)
    bands = markdown_table(
        [data.scoring.yes_heading.text(lang), data.scoring.reading_heading.text(lang)],
        [[_count_range(band), cell(band.reading.text(lang))] for band in data.scoring.bands],
    )
    return checklist + "\n" + bands
