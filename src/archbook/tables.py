"""One small pure function per generated table: data model + language -> Markdown.

Renderers never read files or look at MkDocs: they take validated models and
a language code and return Markdown text, which is what makes them easy to
test and to call from the macros, the CLI or a future site generator.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from archbook.languages import check_language
from archbook.models import Bilingual, Glossary, RoleComparison, SolutionsArchitectContrast


def cell(text: str) -> str:
    """Make text safe inside a Markdown table cell.

    Line breaks fold into spaces, pipes are escaped, and HTML is escaped so
    that text from a data file can never inject markup or script into a page.
    Inline Markdown (emphasis, code, links) still works.
    """
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table from headings and rows of already-safe cell text."""
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, table has {len(headers)} columns")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def _headers(columns: dict[str, Bilingual], lang: str) -> list[str]:
    return [heading.text(lang) for heading in columns.values()]


def role_comparison_table(data: RoleComparison, lang: str) -> str:
    """The four-role comparison: concern, outputs and relation to AI of each role."""
    check_language(lang)
    rows = []
    for entry in data.entries:
        row = []
        for field in data.columns:
            text = cell(getattr(entry, field).text(lang))
            if field == "role" and entry.highlight:
                text = f"**{text}**"
            row.append(text)
        rows.append(row)
    return markdown_table(_headers(data.columns, lang), rows)


def solutions_architect_contrast_table(data: SolutionsArchitectContrast, lang: str) -> str:
    """Where the AI systems architect and the solutions architect differ and overlap."""
    check_language(lang)
    rows = [[cell(getattr(entry, field).text(lang)) for field in data.columns]
            for entry in data.entries]
    return markdown_table(_headers(data.columns, lang), rows)


def glossary_anchor(term_id: str) -> str:
    """The anchor of a glossary term, the same in both languages."""
    return f"term-{term_id}"


def glossary_table(data: Glossary, lang: str) -> str:
    """The glossary, sorted by English term; each row carries the term's shared anchor."""
    check_language(lang)
    rows = []
    for entry in sorted(data.entries, key=lambda e: e.english.lower()):
        row = []
        for field in data.columns:
            value = getattr(entry, field)
            text = cell(value.text(lang) if isinstance(value, Bilingual) else str(value))
            if field == "english":
                text = f'<dfn id="{glossary_anchor(entry.id)}">{html.escape(entry.english)}</dfn>'
            row.append(text)
        rows.append(row)
    return markdown_table(_headers(data.columns, lang), rows)
