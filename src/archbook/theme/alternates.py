"""Absolute hreflang alternates.

The theme writes each page's language alternates as links relative to the
page (``../../ur-Latn/role/``). Search engines and Lighthouse want absolute
URLs there, so after rendering they are resolved against the page's canonical
URL, which MkDocs builds from ``site_url``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

_ALTERNATE = re.compile(r'(<link rel="alternate" href=")([^"]*)(" hreflang="[^"]+">)')


def absolute_alternates(html: str, page_url: str) -> str:
    """Resolve every hreflang ``<link rel="alternate">`` in ``html`` against ``page_url``."""
    return _ALTERNATE.sub(lambda m: m.group(1) + urljoin(page_url, m.group(2)) + m.group(3), html)
