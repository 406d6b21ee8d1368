"""Give every navigation landmark a name.

With ``navigation.indexes``, Material labels a section's ``<nav>`` by the
section's toggle (``aria-labelledby="__nav_2_label"``), but that toggle holds
only an icon when the section title is a link to its index page. The nav then
has an empty name, and axe reports ``landmark-unique``. The nav's own title
(``<label class="md-nav__title">``, shown on small screens) carries the
section name, so the nav is named after it instead.
"""

from __future__ import annotations

import html
import re

_LABEL = re.compile(r'<label\b[^>]*\bid="(__nav_[\w]+_label)"[^>]*>(.*?)</label>', re.S)
_NAV_WITH_TITLE = re.compile(
    r'(<nav\b[^>]*?)aria-labelledby="(__nav_[\w]+_label)"([^>]*>\s*<label class="md-nav__title"[^>]*>)(.*?)(</label>)',
    re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def name_section_navs(page: str) -> str:
    """Name each section ``<nav>`` whose labelling toggle has no text after the nav's own title."""
    empty = {match.group(1) for match in _LABEL.finditer(page) if not _text(match.group(2))}
    if not empty:
        return page

    def rename(match: re.Match) -> str:
        title = _text(match.group(4))
        if match.group(2) not in empty or not title:
            return match.group(0)
        label = html.escape(title, quote=True)
        return f'{match.group(1)}aria-label="{label}"{match.group(3)}{match.group(4)}{match.group(5)}'

    return _NAV_WITH_TITLE.sub(rename, page)
