"""Models and table renderers for the pages about the role and its responsibilities.

Data files covered here (one table each):

- ``data/misconceptions.yml``: common misreadings of the role, each with its correction;
- ``data/architect_vs_engineer.yml``: what an architect produces next to a senior engineer;
- ``data/responsibilities.yml``: the six core responsibilities (first source);
- ``data/responsibility_crosswalk.yml``: how the second source's four responsibilities
  map onto the six; the coverage matrix and its totals are computed, never typed;
- ``data/infrastructure_layers.yml``: the six infrastructure layers and their trade-offs;
- ``data/latency_budget.yml``: the worked latency budget of the running example; the
  headroom and the total are computed from the steps and the target.

The six responsibility ids are fixed here in
[RESPONSIBILITY_IDS][archbook.handbook.role.RESPONSIBILITY_IDS]: both the
responsibilities file and the crosswalk are checked against them, so a
crosswalk can never point at a responsibility the site does not describe.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from archbook.core.languages import check_language
from archbook.content.models import Bilingual, Entry, TableFile, Text
from archbook.content.tables import bold, cell, column_headers, entry_row, markdown_table

RESPONSIBILITY_IDS: tuple[str, ...] = (
    "component-design",
    "orchestration",
    "inference",
    "safety",
    "observability",
    "data-architecture",
)
"""The six core responsibilities, in the order the site presents them."""

Coverage = Literal["central", "partial"]
"""How much of a responsibility a crosswalk framing takes in."""

COVERAGE_LEVELS: tuple[str, ...] = ("central", "partial")


def _unknown_responsibility(value: str) -> str:
    return f"unknown responsibility id {value!r} (known: {', '.join(RESPONSIBILITY_IDS)})"


# --------------------------------------------------------------------------- models


class MisconceptionRow(Entry):
    """A common misreading of the role and what is true instead."""

    misconception: Bilingual = Field(description="The belief, as people state it.")
    correction: Bilingual = Field(description="What is actually the case.")
    in_practice: Bilingual = Field(description="How the correction shows in the running example.")


class Misconceptions(TableFile[MisconceptionRow]):
    """``data/misconceptions.yml``."""


class ArchitectEngineerRow(Entry):
    """One aspect of the work, as a senior engineer and as an architect deliver it."""

    aspect: Bilingual
    senior_engineer: Bilingual
    architect: Bilingual


class ArchitectVsEngineer(TableFile[ArchitectEngineerRow]):
    """``data/architect_vs_engineer.yml``."""


class ResponsibilityRow(Entry):
    """One of the six core responsibilities."""

    name: Bilingual
    decides: Bilingual = Field(description="The questions this responsibility settles.")
    unowned: Bilingual = Field(description="What goes wrong when nobody owns it.")
    artefacts: Bilingual = Field(description="What it leaves behind in writing.")

    @field_validator("id")
    @classmethod
    def _is_one_of_the_six(cls, value: str) -> str:
        if value not in RESPONSIBILITY_IDS:
            raise ValueError(_unknown_responsibility(value))
        return value


class Responsibilities(TableFile[ResponsibilityRow]):
    """``data/responsibilities.yml``: exactly the six, each once."""

    @model_validator(mode="after")
    def _all_six(self):
        missing = [rid for rid in RESPONSIBILITY_IDS if rid not in {e.id for e in self.entries}]
        if missing:
            raise ValueError(f"responsibilities missing: {', '.join(missing)}")
        return self


class CrosswalkRow(Entry):
    """One responsibility as the second source frames it, and which of the six it touches."""

    framing: Bilingual = Field(description="The second source's name for it.")
    scope: Bilingual = Field(description="What that source puts under it.")
    covers: dict[str, Coverage] = Field(
        description="Responsibility id -> 'central' or 'partial'.")
    beyond: Bilingual = Field(description="What it asks for that the six leave to others, if anything.")

    @field_validator("covers")
    @classmethod
    def _known_responsibilities(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("must name at least one responsibility")
        for key in value:
            if key not in RESPONSIBILITY_IDS:
                raise ValueError(_unknown_responsibility(key))
        return value


class ResponsibilityCrosswalk(TableFile[CrosswalkRow]):
    """``data/responsibility_crosswalk.yml``.

    ``columns`` holds the text columns: ``framing`` heads the first column,
    the others (e.g. ``beyond``) label the notes under the table.
    ``responsibilities`` gives each of the six its short name; ``levels`` and
    ``untouched`` head the three coverage columns; ``total`` and
    ``central_total`` label the two computed count lines.
    """

    responsibilities: dict[str, Bilingual] = Field(
        description="Short name of each of the six responsibilities, as the table lists them.")
    levels: dict[Coverage, Bilingual] = Field(description="Column heading of each coverage level.")
    untouched: Bilingual = Field(description="Column heading for the responsibilities a framing leaves out.")
    total: Bilingual = Field(description="Label of the computed line counting the framings that touch each.")
    central_total: Bilingual = Field(description="Label of the computed line counting those that make it central.")

    @model_validator(mode="after")
    def _headings_and_levels_complete(self):
        unknown = [k for k in self.responsibilities if k not in RESPONSIBILITY_IDS]
        if unknown:
            raise ValueError(f"responsibilities: {_unknown_responsibility(unknown[0])}")
        missing = [k for k in RESPONSIBILITY_IDS if k not in self.responsibilities]
        if missing:
            raise ValueError(f"responsibilities: no column heading for {', '.join(missing)}")
        absent = [k for k in COVERAGE_LEVELS if k not in self.levels]
        if absent:
            raise ValueError(f"levels: no wording for {', '.join(absent)}")
        if next(iter(self.columns), None) != "framing":
            raise ValueError("columns: the first column must be 'framing'")
        if "covers" in self.columns or "scope" in self.columns:
            raise ValueError("columns: 'covers' and 'scope' are drawn by the renderer, do not list them")
        return self


class LayerRow(Entry):
    """One infrastructure layer of an AI system."""

    layer: Bilingual
    covers: Bilingual
    examples: list[Text] = Field(min_length=1, description="Technology names (never translated).")
    trade_off: Bilingual = Field(description="The main trade-off to settle inside the layer.")


class InfrastructureLayers(TableFile[LayerRow]):
    """``data/infrastructure_layers.yml``."""


class BudgetStep(Entry):
    """One step of a request and the share of the latency target it may use."""

    step: Bilingual
    budget_ms: int = Field(gt=0, description="The step's p95 allowance in milliseconds.")


class LatencyBudget(TableFile[BudgetStep]):
    """``data/latency_budget.yml``: steps must leave room inside the target.

    ``columns`` maps ``step`` and ``budget_ms`` to their headings; the rows
    ``headroom`` (target minus the steps) and ``total`` are computed.
    """

    target_ms: int = Field(gt=0, description="The end-to-end p95 target in milliseconds.")
    headroom: Bilingual = Field(description="Label of the computed headroom row.")
    total: Bilingual = Field(description="Label of the computed total row.")

    @model_validator(mode="after")
    def _fits_the_target(self):
        spent = sum(entry.budget_ms for entry in self.entries)
        if spent > self.target_ms:
            raise ValueError(f"the steps need {spent} ms, more than the target of {self.target_ms} ms")
        return self


# ------------------------------------------------------------------------ renderers


def misconceptions_table(data: Misconceptions, lang: str) -> str:
    """The misconceptions, numbered, each beside its correction."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {"misconception": lambda text, n=number: f"{n}. *{text}*"})
            for number, entry in enumerate(data.entries, start=1)]
    return markdown_table(column_headers(data.columns, lang), rows)


def architect_vs_engineer_table(data: ArchitectVsEngineer, lang: str) -> str:
    """What a senior engineer and an architect each produce, aspect by aspect."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {"aspect": bold}) for entry in data.entries]
    return markdown_table(column_headers(data.columns, lang), rows)


def responsibilities_table(data: Responsibilities, lang: str) -> str:
    """The six responsibilities, numbered in file order, with decisions, risks and artefacts."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {"name": lambda text, n=number: f"**{n}. {text}**"})
            for number, entry in enumerate(data.entries, start=1)]
    return markdown_table(column_headers(data.columns, lang), rows)


def framings_by_responsibility(data: ResponsibilityCrosswalk) -> dict[str, dict[str, list[str]]]:
    """For each of the six: the ids of the framings that touch it, by coverage level."""
    result = {rid: {level: [] for level in COVERAGE_LEVELS} for rid in RESPONSIBILITY_IDS}
    for entry in data.entries:
        for rid, level in entry.covers.items():
            result[rid][level].append(entry.id)
    return result


def crosswalk_table(data: ResponsibilityCrosswalk, lang: str) -> str:
    """The crosswalk: per framing, which of the six it makes central, touches partly, or leaves out.

    One row per framing; the cells list responsibilities by their short
    headings, in the site's order. Two computed lines follow (how many
    framings touch each responsibility, and how many make it central), then
    one note per framing with its scope and its other text columns (such as
    ``beyond``), labelled by their headings. All of it comes from the data.
    """
    check_language(lang)
    # Short names never break inside ("3 Inference" stays on one line).
    names = {rid: cell(data.responsibilities[rid].text(lang)).replace(" ", "\u00a0")
             for rid in RESPONSIBILITY_IDS}
    headers = [data.columns["framing"].text(lang), data.levels["central"].text(lang),
               data.levels["partial"].text(lang), data.untouched.text(lang)]
    rows = []
    for entry in data.entries:
        groups = [[names[rid] for rid in RESPONSIBILITY_IDS if entry.covers.get(rid) == level]
                  for level in COVERAGE_LEVELS]
        groups.append([names[rid] for rid in RESPONSIBILITY_IDS if rid not in entry.covers])
        rows.append([f"**{cell(entry.framing.text(lang))}**"] + [", ".join(g) or "—" for g in groups])
    counts = framings_by_responsibility(data)
    total = len(data.entries)
    touched = " · ".join(f"{names[rid]} {len(counts[rid]['central']) + len(counts[rid]['partial'])}/{total}"
                         for rid in RESPONSIBILITY_IDS)
    central = " · ".join(f"{names[rid]} {len(counts[rid]['central'])}/{total}" for rid in RESPONSIBILITY_IDS)
    summary = [f"*{cell(data.total.text(lang))}:* {touched}  ",
               f"*{cell(data.central_total.text(lang))}:* {central}"]
    notes = []
    for entry in data.entries:
        parts = [f"- **{cell(entry.framing.text(lang))}** ({cell(entry.scope.text(lang))})."]
        for field in list(data.columns)[1:]:
            parts.append(f"*{cell(data.columns[field].text(lang))}:* {cell(getattr(entry, field).text(lang))}.")
        notes.append(" ".join(parts))
    return (markdown_table(headers, rows) + "\n" + "\n".join(summary) + "\n\n"
            + "\n".join(notes) + "\n")


def infrastructure_layers_table(data: InfrastructureLayers, lang: str) -> str:
    """The six layers: what each covers, example technologies, and its main trade-off."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {"layer": lambda text, n=number: f"**{n}. {text}**"})
            for number, entry in enumerate(data.entries, start=1)]
    return markdown_table(column_headers(data.columns, lang), rows)


def _milliseconds(value: int) -> str:
    return f"{value:,} ms"


def latency_budget_table(data: LatencyBudget, lang: str) -> str:
    """The latency budget: each step, the computed headroom, and the total (the target)."""
    check_language(lang)
    rows = []
    for entry in data.entries:
        rows.append([cell(entry.step.text(lang)) if field == "step" else _milliseconds(entry.budget_ms)
                     for field in data.columns])
    headroom = data.target_ms - sum(entry.budget_ms for entry in data.entries)
    for label, value, emphasise in ((data.headroom, headroom, False), (data.total, data.target_ms, True)):
        row = [cell(label.text(lang)) if field == "step" else _milliseconds(value) for field in data.columns]
        rows.append([f"**{text}**" for text in row] if emphasise else row)
    return markdown_table(column_headers(data.columns, lang), rows)
