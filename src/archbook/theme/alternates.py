"""Absolute hreflang alternates.

The theme writes each page's language alternates as links relative to the
page (``../../ur-Latn/role/``). Search engines and Lighthouse want absolute
URLs there, so after rendering they are resolved against the page's canonical
URL, which MkDocs builds from ``site_url``.

The theme writes one alternate per entry of ``extra.alternate``; a page on
which the pattern finds another number of them is an error, so that a theme
that changed its markup stops the build instead of shipping relative links.
"""

from __future__ import annotations

from urllib.parse import urljoin

from archbook.core.errors import ArchbookError
from archbook.theme.material import ALTERNATE_LINK


class AlternatesError(ArchbookError, ValueError):
    """A page does not carry the hreflang alternates the theme was asked to write."""


def absolute_alternates(html: str, page_url: str, expected: int | None = None, page: str = "page") -> str:
    """Resolve every hreflang ``<link rel="alternate">`` in ``html`` against ``page_url``.

    ``expected`` is how many alternates the theme was asked to write (one per
    entry of ``extra.alternate``); when it is given, finding another number
    raises ``AlternatesError`` naming ``page``.
    """
    found = 0

    def resolve(match):
        nonlocal found
        found += 1
        return match.group(1) + urljoin(page_url, match.group(2)) + match.group(3)

    out = ALTERNATE_LINK.sub(resolve, html)
    if expected is not None and found != expected:
        raise AlternatesError(f"{page}: expected {expected} hreflang alternate links matching "
                              f"{ALTERNATE_LINK.pattern}, found {found}")
    return out
