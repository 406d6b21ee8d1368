"""Valid markup for the theme's page-wide toggles.

Material writes two hidden checkboxes on every page, one that opens the
navigation drawer and one that opens search, each with ``autocomplete="off"``.
HTML allows ``autocomplete`` only on text-like inputs, so the W3C checker
reports both on every page (``tests/test_html_valid.py``). The attribute is
there for Firefox, which otherwise may restore a checkbox's state when a page
is reloaded; a drawer or search left open on reload is the worst that can
happen, and the next click closes it.

The two inputs are written in the middle of ``base.html``, outside any block,
so a template override would mean copying the whole of ``base.html`` (which
changes with every Material release; see ``archbook.theme.material``). Instead
:func:`drop_toggle_autocomplete` removes the attribute from the built page and
fails when it does not find both toggles, so a theme that changed this markup
stops the build instead of shipping it unchanged.
"""

from __future__ import annotations

from archbook.core.errors import ArchbookError
from archbook.theme.material import PAGE_TOGGLES, TOGGLE_AUTOCOMPLETE


class TogglesError(ArchbookError, ValueError):
    """A built page does not carry the theme's toggles as expected."""


def drop_toggle_autocomplete(html: str, page: str = "page") -> str:
    """``html`` with ``autocomplete`` removed from each of the theme's page-wide toggles.

    Raises:
        TogglesError: the page does not have each toggle of ``PAGE_TOGGLES``
            exactly once in the expected markup (naming ``page``).
    """
    found: list[str] = []

    def drop(match):
        found.append(match.group(2))
        return match.group(1) + ">"

    out = TOGGLE_AUTOCOMPLETE.sub(drop, html)
    if sorted(found) != sorted(PAGE_TOGGLES):
        raise TogglesError(f"{page}: expected each of the toggles {', '.join(PAGE_TOGGLES)} once matching "
                           f"{TOGGLE_AUTOCOMPLETE.pattern}, found {', '.join(found) or 'none'}")
    return out
