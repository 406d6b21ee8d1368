"""Link the first use of each technical glossary term on a page to its definition.

The link goes to the term's shared anchor on the glossary page and carries the
definition, in the page's language, as its title: readers see it on hover (or
focus) and can follow it for more. Only prose is touched: code, headings,
existing links, images, HTML, macro calls, attribute lists and table header
rows (where a link would be bold text in the theme, not underlined) stay as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archbook.core.fences import fenced
from archbook.content.models import Glossary
from archbook.content.tables import glossary_anchor

# Spans that must never be rewritten, in one alternation (first match wins).
_PROTECTED = re.compile(
    r"`[^`]*`"                      # inline code
    r"|!?\[[^\]]*\]\([^)]*\)"       # links and images
    r"|!?\[[^\]]*\]\[[^\]]*\]"      # reference links
    r"|\{\{.*?\}\}|\{%.*?%\}"       # macro calls
    r"|<[^>]+>"                     # HTML tags
    r"|\{[:#.][^}]*\}"              # attribute lists
    r"|https?://\S+"                # bare URLs
)
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SKIP_LINE = re.compile(r"^\s*(#{1,6}\s|!!!|\?\?\?|\|?\s*:?-{3,}|<|\*\[|\[[^\]]+\]:)")


@dataclass(frozen=True)
class Term:
    """One glossary term as it may appear on a page of one language."""

    id: str
    text: str
    definition: str


def terms_for(glossary: Glossary, lang: str) -> list[Term]:
    """The technical terms to link on a page in ``lang``, longest first."""
    found: dict[str, Term] = {}
    for entry in glossary.entries:
        if entry.kind != "technical":
            continue
        definition = entry.definition.text(lang).replace('"', "'")
        for text in {entry.english, entry.roman_urdu}:
            found.setdefault(text.lower(), Term(entry.id, text, definition))
    return sorted(found.values(), key=lambda t: len(t.text), reverse=True)


def link_first_uses(markdown: str, terms: list[Term], glossary_path: str) -> str:
    """Return ``markdown`` with the first prose use of each term linked.

    ``glossary_path`` is the glossary page relative to the page being rendered
    (``../glossary.md``). A term is linked once per page; longer terms win over
    the shorter terms they contain.
    """
    if not terms:
        return markdown
    by_text = {t.text.lower(): t for t in terms}
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(t.text) for t in terms) + r")(s|es)?(?![\w-])", re.I)
    linked: set[str] = set()

    def link(match: re.Match) -> str:
        term = by_text[match.group(1).lower()]
        if term.id in linked:
            return match.group(0)
        linked.add(term.id)
        return f'[{match.group(0)}]({glossary_path}#{glossary_anchor(term.id)} "{term.definition}")'

    def rewrite(segment: str) -> str:
        return pattern.sub(link, segment)

    lines = list(fenced(markdown.split("\n")))
    headers = {n for n in range(len(lines) - 1)  # a table's header row: a link there is bold, not underlined
               if not lines[n][1] and lines[n][0].lstrip().startswith("|") and _SEPARATOR.match(lines[n + 1][0])}
    out = []
    for number, (line, code) in enumerate(lines):
        if (code or number in headers or _SKIP_LINE.match(line)
                or line.startswith("    ") and not line.strip().startswith(("-", "*", "1"))):
            out.append(line)
            continue
        pieces, last = [], 0
        for protected in _PROTECTED.finditer(line):
            pieces.append(rewrite(line[last:protected.start()]))
            pieces.append(protected.group(0))
            last = protected.end()
        pieces.append(rewrite(line[last:]))
        out.append("".join(pieces))
    return "\n".join(out)
