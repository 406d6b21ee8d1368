"""Roman Urdu search that forgives spelling.

Roman Urdu has no fixed spelling: one reader types *kirdaar*, another
*kirdar*; *nahin* and *nahi*, *muqabla* and *mukabla* are the same words.
Material's search worker (lunr) takes no custom pipeline functions, so the
spellings are added to the index instead, at build time: every entry of the
Roman Urdu index gets a field ``spellings`` listing other spellings of the
words it contains, and the index's ``config.fields`` declares that field, so
the worker indexes it like ``text``. Material renders only an entry's
``title``, ``text`` and ``tags`` in the result list, so a reader never sees
the added spellings (``tests/test_spelling_search_browser.py`` checks this in
Chromium); the page HTML is untouched.

Where the spellings come from, for each word of an entry (title and text,
code left out):

* the glossary (``data/glossary.yml``): when an entry contains a term's
  spelling, that term's ``variants`` are added;
* the general rules of :func:`spelling_forms`, applied to the word alone:
  doubled vowels collapsed (*kirdaar* -> *kirdar*, *zaroorat* -> *zarurat*),
  the last vowel of a longer word lengthened (*jawab* -> *jawaab*), a final *n* added after a
  vowel (*nahi* -> *nahin*), an *h* dropped after a consonant or before one
  (*mukhtalif* -> *muktalif*, *pehle* -> *pele*), *zh* <-> *z*, *q* <-> *k*,
  *ai* <-> *e* and a final *e* as *ay* (*hai* -> *he*, *pehle* -> *pehlay*).

Growth is bounded: only words that occur in the entry, at most
``MAX_FORMS_PER_WORD`` generated forms per word, each form once per entry,
and no form that the search already finds by itself. The search adds a
trailing wildcard to every query term (*nahi* finds *nahin*), so a form that
is the beginning of a word already in the entry, or of another added form,
is left out.

Only the Roman Urdu index is rewritten; the English one is not read or
written (``hooks/spelling_search.py``).
"""

from __future__ import annotations

import bisect
import html
import json
import re
from collections.abc import Iterable
from pathlib import Path

from archbook.core.errors import ArchbookError
from archbook.core.languages import ENGLISH, ROMAN_URDU
from archbook.core.remember import Remember, produce_again
from archbook.theme.material import SEARCH_INDEX_CODE
from archbook.theme.search_scope import index_path

SPELLINGS_FIELD = "spellings"
"""The index field holding the added spellings: Material indexes every field named in ``config.fields`` and renders only ``title``, ``text`` and ``tags``."""

SPELLINGS_BOOST = 1.0
"""The field's weight, as ``text``'s: a spelling match counts as much as a match in the text it stands for."""

MAX_FORMS_PER_WORD = 4
"""At most this many generated spellings of one word (the glossary's variants come on top)."""

MIN_WORD_LENGTH = 3
"""Shorter words (*ka*, *ke*, *se*) get no generated spellings: they are everywhere and find nothing."""

VOWELS = "aeiou"
ASPIRATED = "bdgjkprt"
"""Consonants written with an *h* for aspiration (*kh*, *gh*, *ph*, *th*, *dh*, *bh*, *jh*, *rh*) that writers drop; *ch*, *sh* and *zh* are letters of their own and keep theirs (*chh* may lose its second *h*; *zh* has its own rule)."""

NASAL_ENDINGS = ("ahi", "ai", "ei")
"""Endings written with or without a final *n* (*nahi*/*nahin*, *hai*/*hain*, *mei*/*mein*); the other way round the search needs no help, as *nahi* begins *nahin*."""

_WORD = re.compile(r"[a-z]+")
_TAG = re.compile(r"<[^>]*>")
_CODE = SEARCH_INDEX_CODE


class SpellingSearchError(ArchbookError, ValueError):
    """The Roman Urdu search index is missing, or is not an index."""


def _each(word: str, old: str, new: str) -> list[str]:
    """``word`` with one occurrence of ``old`` replaced by ``new``, for each occurrence."""
    forms, start = [], word.find(old)
    while start >= 0:
        forms.append(word[:start] + new + word[start + len(old):])
        start = word.find(old, start + 1)
    return forms


def _collapse_doubled(word: str) -> list[str]:
    forms = [re.sub(r"([aeiou])\1", r"\1", word)]
    forms += [word.replace("ee", "i"), word.replace("oo", "u")]
    for pair in ("aa", "ee", "oo"):
        forms += _each(word, pair, pair[0])
    return forms


def _lengthen_last_vowel(word: str) -> list[str]:
    match = re.search(r"(?<![aeiou])([aiu])[^aeiou]+$", word)
    if len(word) < 5 or not match or match.start(1) == 0:
        return []
    long = {"a": "aa", "i": "ee", "u": "oo"}[match.group(1)]
    return [word[:match.start(1)] + long + word[match.end(1):]]


def _final_n(word: str) -> list[str]:
    return [word + "n"] if word.endswith(NASAL_ENDINGS) else []


def _drop_h(word: str) -> list[str]:
    after_consonant = re.sub(f"(?<=[{ASPIRATED}])h|(?<=ch)h", "", word)
    before_consonant = re.sub(r"(?<=[aeiou])h(?=[^aeiouh])", "", word)
    return [after_consonant, before_consonant, re.sub(r"(?<=[aeiou])h(?=[^aeiouh])", "", after_consonant)]


def _z_zh(word: str) -> list[str]:
    return [word.replace("zh", "z")] if "zh" in word else []


def _q_k(word: str) -> list[str]:
    return [word.replace("q", "k")] if "q" in word else []


def _e_ai(word: str) -> list[str]:
    forms = [word.replace("ai", "e")] if "ai" in word else []
    forms += [word.replace("ei", "ai")] if "ei" in word else []
    return forms + [word[:-1] + "ay"] if word.endswith("e") else forms


RULES = (_collapse_doubled, _final_n, _drop_h, _q_k, _e_ai, _z_zh, _lengthen_last_vowel)
"""The general rules, most common first: when a word has more forms than ``MAX_FORMS_PER_WORD``, the first ones are kept."""


def spelling_forms(word: str, limit: int = MAX_FORMS_PER_WORD) -> list[str]:
    """Other common spellings of one lower-case Roman Urdu ``word``, at most ``limit``, most common first.

    >>> spelling_forms("kirdaar")
    ['kirdar']
    """
    if len(word) < MIN_WORD_LENGTH or not word.isascii() or not word.isalpha():
        return []
    forms: list[str] = []
    for rule in RULES:
        for form in rule(word):
            if form != word and form not in forms and len(form) >= MIN_WORD_LENGTH:
                forms.append(form)
    return forms[:limit]


def glossary_spellings(terms: Iterable[tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
    """Lower-case site spelling -> its variant spellings, from ``(spelling, variants)`` pairs of the glossary.

    Terms without variants are left out (most are technical terms, written as in English).
    """
    result: dict[str, list[str]] = {}
    for spelling, variants in terms:
        if variants:
            result.setdefault(spelling.lower(), []).extend(v.lower() for v in variants)
    return result


def words_of(entry: dict) -> list[str]:
    """The lower-case words of an index entry's title and text, in order, code and markup left out."""
    text = _TAG.sub(" ", _CODE.sub(" ", entry.get("text", "")))
    return _WORD.findall(html.unescape(entry.get("title", "") + " " + text).lower())


def entry_spellings(entry: dict, glossary: dict[str, list[str]], english: frozenset[str] = frozenset()) -> str:
    """The added spellings of one index entry, space-separated; empty when there are none."""
    words = words_of(entry)
    present = set(words)
    joined = " " + " ".join(words) + " "
    candidates: list[str] = []
    for spelling, variants in glossary.items():
        if f" {spelling} " in joined:
            for variant in variants:
                candidates += _WORD.findall(variant)
    for word in dict.fromkeys(words):
        if word not in english:
            candidates += spelling_forms(word)
    kept = sorted(set(candidates) - present, key=len, reverse=True)
    found: list[str] = sorted(present)
    result: list[str] = []
    for form in kept:  # longest first: a form that begins a longer one is found by that one
        if not _begins_any(found, form):
            result.append(form)
            bisect.insort(found, form)
    return " ".join(sorted(result))


def _begins_any(ordered: list[str], prefix: str) -> bool:
    """Whether ``prefix`` begins a word of the sorted list ``ordered``: the first word not below it is the only candidate."""
    at = bisect.bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


def english_words(index: dict, glossary: dict[str, list[str]]) -> frozenset[str]:
    """The words of the English index, less the glossary's Roman Urdu spellings (the English glossary page shows them).

    Roman Urdu pages keep technical terms in English (*architect*, *cache*);
    such a word gets no generated spellings.
    """
    words = {word for entry in index.get("docs", []) for word in words_of(entry)}
    roman_urdu = {word for spelling in glossary for word in _WORD.findall(spelling)}
    return frozenset(words - roman_urdu)


def add_spellings(index: dict, glossary: dict[str, list[str]], english: frozenset[str] = frozenset()) -> dict:
    """A copy of a search index whose entries carry ``spellings`` and whose config declares that field."""
    result = dict(index)
    config = dict(index.get("config", {}))
    config["fields"] = {**config.get("fields", {}), SPELLINGS_FIELD: {"boost": SPELLINGS_BOOST}}
    result["config"] = config
    docs = []
    for entry in index.get("docs", []):
        entry = dict(entry)
        spellings = entry_spellings(entry, glossary, english)
        if spellings:
            entry[SPELLINGS_FIELD] = spellings
        docs.append(entry)
    result["docs"] = docs
    return result


def _read_index(path: Path) -> tuple[str, dict]:
    if not path.is_file():
        raise SpellingSearchError(f"{path}: no search index to add spellings to "
                                  f"(archbook.theme.search_scope writes it)")
    text = path.read_text(encoding="utf-8")
    index = json.loads(text)
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list):
        raise SpellingSearchError(f"{path}: expected a search index with a 'docs' list")
    return text, index


def write_spellings(site_dir: Path, terms: Iterable[tuple[str, Iterable[str]]],
                    remember: Remember = produce_again) -> tuple[int, int]:
    """Add spellings to the Roman Urdu index of ``site_dir`` in place; returns its size in bytes before and after.

    ``terms`` are the glossary's ``(spelling, variants)`` pairs. The English
    index is read (for :func:`english_words`), never written. Raises
    ``SpellingSearchError`` naming the file when an index is missing or not an index.
    The new index is made through ``remember`` (``archbook.core.remember``)
    from both indexes and the glossary's spellings.
    """
    glossary = glossary_spellings(terms)
    path = index_path(site_dir, ROMAN_URDU)
    before, index = _read_index(path)
    english_text, english_index = _read_index(index_path(site_dir, ENGLISH))

    def with_spellings() -> str:
        english = english_words(english_index, glossary)
        return json.dumps(add_spellings(index, glossary, english), ensure_ascii=False, separators=(",", ":"))

    spellings = [f"{spelling}={' '.join(variants)}" for spelling, variants in sorted(glossary.items())]
    after = remember("spelling-search", (before, english_text, *spellings), with_spellings)
    path.write_text(after, encoding="utf-8")
    return len(before.encode()), len(after.encode())
