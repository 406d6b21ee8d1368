"""Fast rebuilds for ``./run serve``: rebuild only the pages that changed, and keep everything else right.

``./run serve`` runs ``mkdocs serve --dirty``: after the first build, MkDocs
renders again only the pages whose source is newer than their output. On its
own that would leave three things wrong, which this module puts right:

* **Anything but a page's text changed** (data, diagrams, exercises, the
  theme, hooks, macros, the package, ``mkdocs.yml``, or a page added,
  removed or renamed): every page may show it, so
  [prepare_rebuild][archbook.site.serve.ServeState.prepare_rebuild] empties the
  output folder and the rebuild is a full one.
* **Search**: a partial build indexes only the pages it rendered, while in a
  serve process the entries of earlier builds pile up;
  [merge_search_index][archbook.site.serve.ServeState.merge_search_index]
  keeps the newest entries of every published page, once.
* **Strict mode**: MkDocs warns on every dirty build; that one warning
  (and only it) is dropped, see [DirtyWarningFilter][archbook.site.serve.DirtyWarningFilter].

``./run build`` and the tests never build dirty: none of this runs there.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from archbook.site.build_cache import digest, files_digest

SEARCH_INDEX = "search/search_index.json"
"""The combined search index, before it is split by language (``archbook.theme.search_scope``)."""

INPUTS_BESIDES_PAGES = ("data", "diagrams", "exercises", "overrides", "hooks", "macros", "src")
"""Folders below the project root whose change makes a serve rebuild a full one (with ``mkdocs.yml``)."""

DIRTY_WARNING = "A 'dirty' build is being performed"


class DirtyWarningFilter(logging.Filter):
    """Drop MkDocs' warning about dirty builds, which strict mode would turn into a failure."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def _page_key(location: str) -> str:
    return location.split("#", 1)[0]


class ServeState:
    """What one ``mkdocs serve --dirty`` process remembers between rebuilds."""

    def __init__(self) -> None:
        self.inputs: str | None = None
        self.index: dict | None = None

    @staticmethod
    def inputs_digest(root: Path) -> str:
        """Everything but the text of existing pages: other inputs, and the list of pages."""
        docs = root / "docs"
        pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) if docs.is_dir() else []
        return digest(files_digest(root, INPUTS_BESIDES_PAGES, ("mkdocs.yml",)), *pages)

    def prepare_rebuild(self, root: Path, site_dir: Path) -> bool:
        """Before a dirty build: empty ``site_dir`` unless only page text changed; True for a partial rebuild."""
        current = self.inputs_digest(root)
        partial = self.inputs == current and site_dir.is_dir()
        # A partial rebuild still copies the assets afresh, so the steps that trim and compact them
        # work on the theme's own files, as in a full build.
        if site_dir.is_dir():
            stale = list(site_dir.iterdir()) if not partial else [site_dir / "assets"]
            for entry in (e for e in stale if e.exists() or e.is_symlink()):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        self.inputs = current
        return partial

    def merge_search_index(self, site_dir: Path) -> None:
        """After the languages' entries are merged: one current set of entries for every published page.

        In a serve process the entries pile up from build to build (a partial
        build holds the changed pages, the theme and mkdocs-static-i18n each add
        what they kept), so a page can appear several times, in old and new
        versions. The entries are read as runs, one run per page in the order
        they were added, after the entries this process published last time:
        the last run of each page is its newest, and only pages the output
        folder holds are kept.
        """
        index_file = site_dir / SEARCH_INDEX
        if not index_file.is_file():
            return
        index = json.loads(index_file.read_text(encoding="utf-8"))
        pool = (self.index.get("docs", []) if self.index else []) + index.get("docs", [])
        runs: dict[str, list] = {}
        previous = None
        for doc in pool:
            key = _page_key(doc["location"])
            if key != previous:
                runs[key] = []
            runs[key].append(doc)
            previous = key
        index["docs"] = [doc for key, docs in runs.items() if (site_dir / key / "index.html").is_file()
                         for doc in docs]
        index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self.index = index
