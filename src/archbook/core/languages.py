"""The site's two languages and how to pick text for one of them."""

from __future__ import annotations

from pathlib import PurePosixPath

from archbook.core.errors import ArchbookError

ENGLISH = "en"
ROMAN_URDU = "ur-Latn"

LANGUAGES: tuple[str, ...] = (ENGLISH, ROMAN_URDU)
"""Every language the site is published in, default first."""

LANGUAGE_NAMES = {ENGLISH: "English", ROMAN_URDU: "Roman Urdu"}
"""Human names, as the language switcher shows them."""

TWIN_SUFFIX = f".{ROMAN_URDU}.md"
"""File-name suffix of a Roman Urdu twin: ``page.md`` <-> ``page.ur-Latn.md``."""


class UnknownLanguageError(ArchbookError, ValueError):
    """Raised for a language code the site does not publish."""


def check_language(lang: str) -> str:
    """Return ``lang`` unchanged if the site publishes it, else raise.

    Raises:
        UnknownLanguageError: ``lang`` is not one of [LANGUAGES][archbook.core.languages.LANGUAGES].
    """
    if lang not in LANGUAGES:
        raise UnknownLanguageError(
            f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}"
        )
    return lang


def language_of_source(src_path: str) -> str:
    """The language of a page from its path under ``docs/`` (suffix layout)."""
    return ROMAN_URDU if src_path.endswith(TWIN_SUFFIX) else ENGLISH


def twin_path(src_path: str) -> str:
    """The path of a page's twin in the other language.

    >>> twin_path("role/index.md")
    'role/index.ur-Latn.md'
    >>> twin_path("role/index.ur-Latn.md")
    'role/index.md'
    """
    if src_path.endswith(TWIN_SUFFIX):
        return src_path[: -len(TWIN_SUFFIX)] + ".md"
    if not src_path.endswith(".md"):
        raise ValueError(f"not a Markdown page: {src_path}")
    return src_path[: -len(".md")] + TWIN_SUFFIX


def page_language(page) -> str:
    """The language of a rendered MkDocs page.

    Reads the locale that mkdocs-static-i18n puts on the page's file, and
    falls back to the file name, so that it also works outside an i18n build.
    """
    locale = getattr(page.file, "locale", None)
    if locale:
        return check_language(locale)
    return language_of_source(PurePosixPath(page.file.src_uri).as_posix())


def inner_language_build(config) -> bool:
    """True during mkdocs-static-i18n's nested build of one more language.

    The plugin builds the other languages from inside the default language's
    ``on_post_build``, running every hook again. Steps that need the whole site
    (every language written) skip these inner calls and run once, in the outer one.
    """
    i18n = config.plugins.get("i18n")
    return i18n is not None and bool(getattr(i18n, "building", False))
