"""The one home of the download files' names and folder (made by ``archbook.export``)."""

from __future__ import annotations

from archbook.core.languages import check_language

DOWNLOADS = "downloads"
STEM = "ai-systems-architect"
KINDS = {"pdf": "{stem}-{language}.pdf", "zip": "{stem}-{language}-offline.zip"}


def download_name(kind: str, language: str) -> str:
    """``download_name("pdf", "ur-Latn")`` -> ``ai-systems-architect-ur-Latn.pdf``."""
    if kind not in KINDS:
        raise ValueError(f"unknown download kind {kind!r}: expected one of {sorted(KINDS)}")
    return KINDS[kind].format(stem=STEM, language=check_language(language))
