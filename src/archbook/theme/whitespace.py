"""Drop the indentation the theme's templates leave in every page.

Material's templates indent their markup for readability, and each page
carries a few kilobytes of it (about 5 % of the compressed page). In HTML, a
run of spaces, tabs and newlines between words or tags renders as one space
wherever whitespace collapses, so replacing every run that contains a newline
with a single newline changes nothing a reader sees. The exception is text
whose whitespace is kept: ``<pre>``, ``<textarea>``, and, on this site,
``<code>`` and ``<kbd>`` (the theme sets ``white-space: pre-wrap`` on them);
scripts and styles are left alone too. Those elements are copied unchanged,
and so is everything inside a tag, attribute values included.

Every page the theme renders is indented, so when the build passes a page's
name, a page with nothing to collapse is an error: the theme's templates
changed, and this step would silently stop paying for itself.
"""

from __future__ import annotations

import re

from archbook.core.errors import ArchbookError
from archbook.theme.material import PRE_WRAP_ELEMENTS

#: Elements whose contents are copied byte for byte.
PRESERVED = ("pre", "textarea", *PRE_WRAP_ELEMENTS, "script", "style")

_TAG = r"""<(?:[^>"']|"[^"]*"|'[^']*')*>"""
_PRESERVED_ELEMENT = re.compile(
    r"(<(%s)(?=[\s>/])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\2\s*>)" % "|".join(PRESERVED), flags=re.S | re.I)
_TAG_OR_TEXT = re.compile(r"(%s)" % _TAG)
# The look-behind makes a match start only at the beginning of a run of blanks: without it a long
# run with no newline is scanned again from every one of its positions (quadratic time).
_INDENTED_NEWLINE = re.compile(r"(?<![ \t\r\f])[ \t\r\f]*\n\s*")


class WhitespaceError(ArchbookError, ValueError):
    """A built page had no indentation to collapse."""


def collapse_whitespace(html: str, page: str | None = None) -> str:
    """``html`` with each whitespace run holding a newline reduced to one newline, outside :data:`PRESERVED`.

    With ``page`` (the page's name, for the message), a page in which no run
    needs collapsing raises ``WhitespaceError``.
    """
    pieces = _PRESERVED_ELEMENT.split(html)
    # split() returns text, then (element, tag name) pairs, then text again
    out = []
    for index, piece in enumerate(pieces):
        kind = index % 3
        if kind == 0:
            out.extend(part if i % 2 else _INDENTED_NEWLINE.sub("\n", part)
                       for i, part in enumerate(_TAG_OR_TEXT.split(piece)))
        elif kind == 1:
            out.append(piece)
    collapsed = "".join(out)
    if page is not None and len(collapsed) == len(html):
        raise WhitespaceError(f"{page}: found no indentation to collapse (no run of blanks around a newline "
                              f"outside {', '.join(PRESERVED)}); did the theme's templates change?")
    return collapsed
