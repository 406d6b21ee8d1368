"""Scope site search to the reader's language.

The search plugin builds one index holding the pages of both languages, so a
query on a Roman Urdu page would return English pages too. After the last
language build, :func:`split_index` divides that index: the English entries
stay in ``search/search_index.json``; the Roman Urdu ones move to
``ur-Latn/search/search_index.json`` with locations relative to ``ur-Latn/``.
The theme override points Roman Urdu pages at their own index (see
``overrides/main.html``).

The split fails, naming the index, when there is nothing to split: no
combined index, an index without entries, or a language left without any.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from archbook.core.errors import ArchbookError
from archbook.core.languages import ENGLISH, LANGUAGES, ROMAN_URDU
from archbook.theme.material import SEARCH_INDEX, SEARCH_STOP_WORDS, SEARCH_TRIMMER

PIPELINES = {ENGLISH: [SEARCH_STOP_WORDS], ROMAN_URDU: [SEARCH_TRIMMER]}
"""Lunr pipeline per language: Roman Urdu has no stemmer or stop-word list, and English ones would mangle it, so its index only trims punctuation."""


class SearchSplitError(ArchbookError, ValueError):
    """The combined search index is missing, or holds no entries for a language."""


def language_of_location(location: str) -> str:
    """The language of a search entry from its location (``ur-Latn/role/#x``)."""
    head = location.split("/", 1)[0]
    return head if head in LANGUAGES and head != ENGLISH else ENGLISH


def split_index(index: dict) -> dict[str, dict]:
    """One search index per language, each with only that language's entries."""
    result = {}
    for lang in LANGUAGES:
        part = copy.deepcopy({k: v for k, v in index.items() if k != "docs"})
        part.setdefault("config", {})["pipeline"] = PIPELINES.get(lang, [SEARCH_TRIMMER])
        docs = []
        for doc in index.get("docs", []):
            if language_of_location(doc["location"]) != lang:
                continue
            doc = dict(doc)
            if lang != ENGLISH:
                doc["location"] = doc["location"][len(lang) + 1:]
            docs.append(doc)
        part["docs"] = docs
        result[lang] = part
    return result


def index_path(site_dir: Path, lang: str) -> Path:
    """Where the search index of ``lang`` is published."""
    folder = site_dir if lang == ENGLISH else site_dir / lang
    return folder / SEARCH_INDEX


def write_split_index(site_dir: Path) -> dict[str, int]:
    """Split ``site/search/search_index.json`` in place; returns entries per language.

    Raises ``SearchSplitError`` when the combined index is missing or not an
    index, or when a language would get no entries.
    """
    source = index_path(site_dir, ENGLISH)
    if not source.is_file():
        raise SearchSplitError(f"{source}: no search index to split (the search plugin writes {SEARCH_INDEX})")
    combined = json.loads(source.read_text(encoding="utf-8"))
    if not isinstance(combined, dict) or not isinstance(combined.get("docs"), list):
        raise SearchSplitError(f"{source}: expected a search index with a 'docs' list")
    parts = split_index(combined)
    empty = [lang for lang, part in parts.items() if not part["docs"]]
    if empty:
        raise SearchSplitError(f"{source}: no entries for {', '.join(empty)} among {len(combined['docs'])}; "
                               f"expected every language's pages in the combined index")
    counts = {}
    for lang, part in parts.items():
        target = index_path(site_dir, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        counts[lang] = len(part["docs"])
    return counts
