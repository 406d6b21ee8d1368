"""Index a page for search once: a later build with the same page reads its entries back.

Material's search plugin parses every page's HTML into sections on every
build (``SearchIndex.add_entry_from_context``), and on this site's pages,
long tables included, that is a good part of the build. [remember_entries][archbook.site.search_entries.remember_entries]
wraps that method of the build's index so that the entries a page produced
are kept in the build cache (``archbook.site.build_cache``, folder
``search/``, through ``build_cache.remembered``), keyed by everything the method
reads: the page's HTML, address, title, table of contents and front matter
(``search``, ``tags``, ``title``), and the code's digest (which covers Material's version). Entries are plain
JSON (location, title, text, tags, boost), so what is read back is what the
method would have appended. [check_index][archbook.site.search_entries.check_index]
fails the build, naming what changed, if the method or its ``entries`` list is
gone after an update of Material.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from archbook.core.errors import ArchbookError
from archbook.site.build_cache import remembered

_WRAPPED = "_archbook_remembers"


def check_index(index: Any) -> None:
    """Raise when the search index no longer has what the wrapper relies on."""
    problems = []
    if not callable(getattr(index, "add_entry_from_context", None)):
        problems.append(f"{type(index).__name__}.add_entry_from_context is gone")
    if not isinstance(getattr(index, "entries", None), list):
        problems.append(f"{type(index).__name__}.entries is no longer a list")
    if problems:
        raise ArchbookError([f"Material's search changed: {p}; update archbook/site/search_entries.py"
                             for p in problems])


def _toc(items) -> list:
    return [[item.title, item.id, _toc(item.children)] for item in items]


def entries_inputs(page) -> tuple[str, ...]:
    """What indexing ``page`` reads: its address, title, front matter, table of contents and HTML."""
    meta = {name: page.meta.get(name) for name in ("search", "tags", "title")}
    return (page.url, str(page.title), json.dumps(meta, sort_keys=True, default=str),
            json.dumps(_toc(page.toc)), page.content or "")


def remember_entries(index: Any, folder: Path) -> None:
    """Wrap ``index.add_entry_from_context`` (once per index) to keep and read back each page's entries."""
    if getattr(index.add_entry_from_context, _WRAPPED, False):
        return
    check_index(index)
    original = index.add_entry_from_context

    @functools.wraps(original)
    def add_entry_from_context(page):
        before = len(index.entries)

        def index_page() -> str:
            original(page)
            return json.dumps(index.entries[before:], ensure_ascii=False)

        entries = json.loads(remembered(folder, "search", entries_inputs(page), index_page))
        if len(index.entries) == before:  # read back: the page was not indexed again
            index.entries.extend(entries)

    setattr(add_entry_from_context, _WRAPPED, True)
    index.add_entry_from_context = add_entry_from_context
