"""Scope site search to the reader's language.

The search plugin builds one index holding the pages of both languages, so a
query on a Roman Urdu page would return English pages too. After the last
language build, :func:`split_index` divides that index: the English entries
stay in ``search/search_index.json``; the Roman Urdu ones move to
``ur-Latn/search/search_index.json`` with locations relative to ``ur-Latn/``.
The theme override points Roman Urdu pages at their own index (see
``overrides/main.html``).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from archbook.core.languages import ENGLISH, LANGUAGES

PIPELINES = {ENGLISH: ["stopWordFilter"], "ur-Latn": ["trimmer"]}
"""Lunr pipeline per language: Roman Urdu has no stemmer or stop-word list, and English ones would mangle it, so its index only trims punctuation."""


def language_of_location(location: str) -> str:
    """The language of a search entry from its location (``ur-Latn/role/#x``)."""
    head = location.split("/", 1)[0]
    return head if head in LANGUAGES and head != ENGLISH else ENGLISH


def split_index(index: dict) -> dict[str, dict]:
    """One search index per language, each with only that language's entries."""
    result = {}
    for lang in LANGUAGES:
        part = copy.deepcopy({k: v for k, v in index.items() if k != "docs"})
        part.setdefault("config", {})["pipeline"] = PIPELINES.get(lang, ["trimmer"])
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
    return folder / "search" / "search_index.json"


def write_split_index(site_dir: Path) -> dict[str, int]:
    """Split ``site/search/search_index.json`` in place; returns entries per language."""
    combined = json.loads(index_path(site_dir, ENGLISH).read_text(encoding="utf-8"))
    counts = {}
    for lang, part in split_index(combined).items():
        target = index_path(site_dir, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        counts[lang] = len(part["docs"])
    return counts
