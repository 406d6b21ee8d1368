"""One small pure function per generated table: data model + language -> Markdown.

Renderers never read files or look at MkDocs: they take validated models and
a language code and return Markdown text, which is what makes them easy to
test and to call from the macros, the CLI or a future site generator.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence

from archbook.core.languages import check_language
from archbook.safety.markup_policy import inert_inline
from archbook.content.models import Bilingual, Glossary, RoleComparison, SolutionsArchitectContrast


def cell(text: str) -> str:
    """Make text safe inside a Markdown table cell.

    Line breaks fold into spaces, pipes are escaped, and the text is made
    inert (``markup_policy.inert_inline``): HTML is escaped, braces cannot
    form attribute lists, and only inline links to http(s), mailto or
    site-relative addresses stay links, so that text from a data file can
    never inject markup or script into a page. Emphasis, code and safe links
    still work.
    """
    return inert_inline(" ".join(text.split())).replace("|", "\\|")


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table from headings and rows of already-safe cell text."""
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, table has {len(headers)} columns")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def column_headers(columns: Mapping[str, Bilingual], lang: str) -> list[str]:
    """The headings of a data file's ``columns`` in ``lang``, in their order."""
    return [heading.text(lang) for heading in columns.values()]


def value_text(value: object, lang: str) -> str:
    """A field's value as text: anything with ``text(lang)`` (bilingual text, a money range) in
    ``lang``, a list joined by commas, anything else as ``str``."""
    if callable(getattr(value, "text", None)):
        return value.text(lang)
    if isinstance(value, list):
        return ", ".join(value_text(item, lang) for item in value)
    return str(value)


def entry_row(entry: object, columns: Mapping[str, Bilingual], lang: str,
              special: Mapping[str, Callable[[str], str]] | None = None) -> list[str]:
    """One table row: the field named by each column, as safe cell text.

    ``special`` maps a column to a function that dresses up its cell (bold,
    a number, an anchor, a link); it receives the plain cell text. Columns it
    names that the data file does not show are ignored, so the data file
    stays free to choose its columns.
    """
    special = special or {}
    row = []
    for field in columns:
        text = cell(value_text(getattr(entry, field), lang))
        row.append(special[field](text) if field in special else text)
    return row


def bold(text: str) -> str:
    """Markdown bold, for ``special`` columns."""
    return f"**{text}**"


def role_comparison_table(data: RoleComparison, lang: str) -> str:
    """The four-role comparison: concern, outputs and relation to AI of each role."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {"role": bold} if entry.highlight else None)
            for entry in data.entries]
    return markdown_table(column_headers(data.columns, lang), rows)


def solutions_architect_contrast_table(data: SolutionsArchitectContrast, lang: str) -> str:
    """Where the AI systems architect and the solutions architect differ and overlap."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang) for entry in data.entries]
    return markdown_table(column_headers(data.columns, lang), rows)


def glossary_anchor(term_id: str) -> str:
    """The anchor of a glossary term, the same in both languages."""
    return f"term-{term_id}"


def glossary_table(data: Glossary, lang: str) -> str:
    """The glossary, sorted by English term; each row carries the term's shared anchor."""
    check_language(lang)
    rows = [entry_row(entry, data.columns, lang, {"english": lambda _, entry=entry: (
                f'<dfn id="{glossary_anchor(entry.id)}">{html.escape(entry.english)}</dfn>')})
            for entry in sorted(data.entries, key=lambda e: e.english.lower())]
    return markdown_table(column_headers(data.columns, lang), rows)
