"""Models and renderers for the deliverables section, the hiring FAQ and the sources page.

Three data files belong to this area:

- ``data/deliverables.yml``: the six written deliverables of an AI systems
  architect, what each holds, who reads it and when it is produced;
- ``data/faq.yml``: the questions people ask about hiring and evaluating an
  architect, each answered in both languages and rendered as a heading with a
  stable anchor ``faq-<id>`` (identical in both languages, so links survive a
  language switch);
- ``data/sources.yml``: the articles behind the handbook and the standards
  and laws it names, grouped by kind, each row carrying the anchor
  ``source-<id>``.

Renderers are pure: validated model and language in, Markdown out.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from archbook.core.languages import check_language
from archbook.safety.markup_policy import inert_block, inert_inline
from archbook.content.models import Bilingual, Entry, Strict, TableFile, Text, check_unique
from archbook.content.tables import cell, column_headers, entry_row, markdown_table


class DeliverableRow(Entry):
    """One of the six deliverables (content brief, section 4)."""

    deliverable: Bilingual
    contents: Bilingual
    readers: Bilingual = Field(description="Who reads the document and acts on it.")
    produced_when: Bilingual = Field(description="The point in a project when it is written.")


class Deliverables(TableFile[DeliverableRow]):
    """``data/deliverables.yml``."""


class FaqEntry(Entry):
    """One frequently asked question with its answer in both languages."""

    question: Bilingual
    answer: Bilingual

    @model_validator(mode="after")
    def _question_is_a_question(self):
        for lang, text in (("en", self.question.en), ("ur-Latn", self.question.ur_latn)):
            if not text.endswith("?"):
                raise ValueError(f"question ({lang}) must end with '?': {text!r}")
            if any(char in text for char in "{}#"):
                raise ValueError(f"question ({lang}) must not contain '{{', '}}' or '#': {text!r}")
        return self


class Faq(Strict):
    """``data/faq.yml``: the questions, in the order they are shown."""

    entries: list[FaqEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_are_unique(self):
        check_unique(self.entries)
        return self


SourceKind = Literal["article", "standard"]


class SourceRow(Entry):
    """An article behind the handbook, or a standard or law the handbook names."""

    kind: SourceKind
    ref: Text = Field(description="Short reference used in the text, such as S1 or GDPR.")
    author: Bilingual = Field(description="Author of an article, or the body that issues a standard.")
    title: Bilingual = Field(description="Title as published; the same text in both languages if untranslated.")
    contribution: Bilingual = Field(description="What the handbook takes from it.")


class Sources(TableFile[SourceRow]):
    """``data/sources.yml``: one table per kind, in the order of ``groups``."""

    groups: dict[SourceKind, Bilingual] = Field(description="Caption of each kind's table, in order.")

    @model_validator(mode="after")
    def _every_kind_has_a_group(self):
        for number, entry in enumerate(self.entries, start=1):
            if entry.kind not in self.groups:
                raise ValueError(f"entry {number} ({entry.id}): kind {entry.kind!r} has no caption in 'groups'")
        check_unique(self.entries, "ref")
        return self


def deliverable_page(entry_id: str) -> str:
    """The page of one deliverable, relative to the deliverables overview that shows the table."""
    return f"{entry_id}.md"


def deliverables_table(data: Deliverables, lang: str) -> str:
    """The six deliverables: contents, readers and timing.

    Each deliverable's name is a bold link to its own page, ``<id>.md`` next to
    the overview (``docs/handbook/deliverables/index.md``), which is where the
    table is shown; the strict build reports the link if the table is used
    anywhere else. Being a link also keeps the glossary hook from linking the
    words inside the name.
    """
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {
        "deliverable": lambda text, entry=entry: f"[**{text}**]({deliverable_page(entry.id)})"})
        for entry in data.entries]
    return markdown_table(column_headers(data.columns, lang), rows)


def faq_anchor(entry_id: str) -> str:
    """The anchor of a question, the same in both languages."""
    return f"faq-{entry_id}"


def _paragraphs(text: str) -> list[str]:
    """Split text on blank lines into paragraphs, each folded onto one line and made inert."""
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return [inert_block(block) for block in blocks if block]


def faq_markdown(data: Faq, lang: str) -> str:
    """Each question as a level-3 heading with anchor ``faq-<id>``, its answer below."""
    check_language(lang)
    parts = []
    for entry in data.entries:
        question = inert_inline(" ".join(entry.question.text(lang).split()))
        parts.append(f"### {question} {{ #{faq_anchor(entry.id)} }}")
        parts.extend(_paragraphs(entry.answer.text(lang)))
    return "\n\n".join(parts) + "\n"


def source_anchor(entry_id: str) -> str:
    """The anchor of a source's row, the same in both languages."""
    return f"source-{entry_id}"


def sources_tables(data: Sources, lang: str) -> str:
    """One table per kind of source (articles, then standards), each under its caption."""
    check_language(lang)
    blocks = []
    for kind, caption in data.groups.items():
        rows = [entry_row(entry, data.columns, lang, {
            "ref": lambda text, entry=entry: f'<span id="{source_anchor(entry.id)}">{text}</span>'})
            for entry in data.entries if entry.kind == kind]
        if rows:
            blocks.append(f"**{cell(caption.text(lang))}**\n\n"
                          + markdown_table(column_headers(data.columns, lang), rows))
    return "\n".join(blocks)
