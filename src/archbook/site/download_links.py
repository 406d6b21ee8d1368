"""The home pages' list of downloads: a PDF and an offline ZIP in the page's language.

The files are made after the build by ``./run export SITE``
([export_downloads][archbook.export.downloads.export_downloads]) under the names of
[archbook.core.download_names][]; the words come from ``data/download_ui.yml``
([DownloadUi][archbook.content.download_ui.DownloadUi]),
through the markup policy like every other data text.
"""

from __future__ import annotations

import html
import posixpath
from archbook.content.download_ui import UI_FILE, DownloadUi
from archbook.core.download_names import DOWNLOADS, download_name
from archbook.safety.markup_policy import inert_inline

def download_href(kind: str, lang: str, page_dest: str) -> str:
    """The link to the download ``kind`` of ``lang`` from the page built at ``page_dest``.

    >>> download_href("pdf", "ur-Latn", "ur-Latn/index.html")
    '../downloads/ai-systems-architect-ur-Latn.pdf'
    >>> download_href("zip", "en", "index.html")
    'downloads/ai-systems-architect-en-offline.zip'
    """
    start = posixpath.dirname(page_dest) or "."
    return posixpath.relpath(f"{DOWNLOADS}/{download_name(kind, lang)}", start)


def downloads_markdown(ui: DownloadUi, lang: str, page_dest: str) -> str:
    """A Markdown list: each download's link (with ``download``) and what it holds, in ``lang``."""
    items = []
    for kind, item in ui.downloads.items():
        href = html.escape(download_href(kind, lang, page_dest), quote=True)
        link = html.escape(" ".join(item.link.text(lang).split()), quote=False)
        items.append(f'- <a href="{href}" download>{link}</a>: {inert_inline(" ".join(item.about.text(lang).split()))}')
    return "\n".join(items) + "\n"
