"""Give every navigation landmark a name.

With ``navigation.indexes``, Material labels a section's ``<nav>`` by the
section's toggle (``aria-labelledby="__nav_2_label"``), but that toggle holds
only an icon when the section title is a link to its index page. The nav then
has an empty name, and axe reports ``landmark-unique``. The nav's own title
(``<label class="md-nav__title">``, shown on small screens) carries the
section name, so the nav is named after it instead.

``overrides/partials/nav-item.html`` (Material's partial with that one change)
writes the name, with :func:`landmark_name` as the template filter
``nav_landmark_name`` (installed by ``hooks/nav_names.py``). After the build,
:func:`check_section_navs` reads the built pages: no section nav may be left
labelled by an empty toggle, and the site must have section toggles and named
section navs at all, or the patterns no longer match the theme's markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from markupsafe import Markup

from archbook.core.errors import ArchbookError
from archbook.theme.material import SECTION_NAV_LABELLED, SECTION_NAV_NAMED, SECTION_TOGGLE


class NavNamesError(ArchbookError, ValueError):
    """A section's navigation landmark is unnamed, or the theme's navigation markup changed."""


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def landmark_name(fragment: str) -> Markup:
    """The text of an HTML ``fragment`` (a section's title), whitespace collapsed, escaped for an attribute.

    >>> str(landmark_name('<span class="x"></span> Seekhne &amp; "more" '))
    'Seekhne &amp; &quot;more&quot;'
    """
    return Markup(html.escape(_text(str(fragment)), quote=True))


def unnamed_section_navs(page: str) -> list[str]:
    """The ids of the toggles that label a section ``<nav>`` of ``page`` but hold no text."""
    empty = {match.group(1) for match in SECTION_TOGGLE.finditer(page) if not _text(match.group(2))}
    return [label for label in SECTION_NAV_LABELLED.findall(page) if label in empty]


def check_section_navs(pages: Mapping[str, str]) -> int:
    """Check every built page (name -> HTML) for unnamed section navs; return how many navs are named.

    Raises:
        NavNamesError: a page has a section nav labelled by an empty toggle
            (one line per page), or no page has a section toggle or a named
            section nav at all.
    """
    problems = []
    toggles = named = 0
    for name, page in pages.items():
        toggles += len(SECTION_TOGGLE.findall(page))
        named += len(SECTION_NAV_NAMED.findall(page))
        unnamed = unnamed_section_navs(page)
        if unnamed:
            problems.append(f"{name}: section navigation labelled by a toggle without text: {', '.join(unnamed)} "
                            f"(is overrides/partials/nav-item.html still in use?)")
    if pages and not toggles:
        problems.append(f"no page has a section toggle matching {SECTION_TOGGLE.pattern}; "
                        f"the theme's navigation markup changed")
    if pages and not named:
        problems.append(f"no page has a section navigation named after its title matching "
                        f"{SECTION_NAV_NAMED.pattern}; overrides/partials/nav-item.html is not in effect")
    if problems:
        raise NavNamesError(problems)
    return named
