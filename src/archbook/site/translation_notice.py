"""The notice on a Roman Urdu page whose English page changed after it was translated.

``hooks/translation_notice.py`` calls [page_notice][archbook.site.translation_notice.page_notice]
for every page. On a Roman Urdu page that is stale
([archbook.checks.freshness][]: its recorded digest differs from its English
page's), it inserts under the H1 a warning admonition in Roman Urdu with the
date the English page changed and a link to the English page. A fresh page,
and a page never marked, show nothing.

The words come from ``data/translation_ui.yml`` (`TranslationUi`), through
the markup policy like every other data text; the date and the link are the
only markup the code adds.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from pathlib import Path
from typing import ClassVar

from pydantic import Field, model_validator

from archbook.checks import freshness
from archbook.content.models import Bilingual, Strict, check_keys, check_placeholders
from archbook.core.fences import fenced
from archbook.core.languages import ENGLISH, ROMAN_URDU, TWIN_SUFFIX, page_language
from archbook.safety.markup_policy import fill, inert_inline

UI_FILE = "translation_ui"
"""The data file with the notice's words (``data/translation_ui.yml``)."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
"""Month names as both languages write them (Roman Urdu uses the English names)."""


class TranslationUi(Strict):
    """``data/translation_ui.yml``: the words of the notice on a stale translation."""

    words: dict[str, Bilingual] = Field(description="The notice's title, sentence and link text, by key.")

    REQUIRED_WORDS: ClassVar[tuple[str, ...]] = ("notice-title", "notice-body", "notice-link")
    PLACEHOLDERS: ClassVar[dict[str, frozenset[str]]] = {"notice-body": frozenset({"date", "link"})}
    """The ``{name}`` placeholders each word must hold (every other word holds none)."""

    @model_validator(mode="after")
    def _complete(self):
        check_keys("words", list(self.words), self.REQUIRED_WORDS)
        check_placeholders("words", self.words, self.PLACEHOLDERS)
        return self


def show_date(day: dt.date) -> str:
    """``2026-03-14`` -> ``14 March 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def relative_url(target: str, page_url: str) -> str:
    """The site URL ``target`` as a link from the page at ``page_url`` (both relative to the site root).

    >>> relative_url("handbook/serving/", "ur-Latn/handbook/serving/")
    '../../../handbook/serving/'
    >>> relative_url("", "ur-Latn/")
    '../'
    """
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    path = posixpath.relpath(target.rstrip("/") or ".", base.rstrip("/") or ".")
    if target.endswith("/") or not target:
        path = "./" if path == "." else path + "/"
    return path


def notice_markdown(ui: TranslationUi, lang: str, changed: dt.date, href: str) -> str:
    """The admonition: the title, then the sentence with the date and the link to the English page filled in."""
    title = inert_inline(" ".join(ui.words["notice-title"].text(lang).split())).replace('"', "&quot;")
    link = (f'<a href="{html.escape(href, quote=True)}" hreflang="{ENGLISH}">'
            f'{inert_inline(ui.words["notice-link"].text(lang))}</a>')
    date = f'<time datetime="{changed.isoformat()}">{show_date(changed)}</time>'
    body = fill(" ".join(ui.words["notice-body"].text(lang).split()), date=date, link=link)
    return f'!!! warning "{title}"\n\n    {body}\n'


_H1 = re.compile(r"^#\s")


def add_notice(markdown: str, notice: str) -> str:
    """``markdown`` with ``notice`` right under its first H1 outside code (at the top when it has none)."""
    lines = markdown.split("\n")
    at = next((i + 1 for i, (line, code) in enumerate(fenced(lines)) if not code and _H1.match(line)), 0)
    lines[at:at] = ["", *notice.rstrip("\n").split("\n"), ""]
    return "\n".join(lines)


def english_url(page) -> str:
    """The site URL of the English page of a Roman Urdu ``page`` (mkdocs-static-i18n's alternate, if it has one)."""
    alternate = (getattr(page.file, "alternates", None) or {}).get(ENGLISH)
    if alternate is not None and getattr(alternate, "url", None) is not None:
        return alternate.url
    prefix = f"{ROMAN_URDU}/"
    return page.url[len(prefix):] if page.url.startswith(prefix) else page.url


def page_notice(markdown: str, page, root: Path, ui: TranslationUi) -> str:
    """The hook's one call: ``markdown`` with the notice when ``page`` is a stale Roman Urdu twin."""
    source = getattr(page.file, "abs_src_path", None)
    if page_language(page) != ROMAN_URDU or not source or not source.endswith(TWIN_SUFFIX):
        return markdown
    state = freshness.twin_state(root, Path(source))
    if state is None or state.status != freshness.STALE:
        return markdown
    changed = freshness.english_change_date(freshness.english_of(Path(source)))
    return add_notice(markdown, notice_markdown(ui, ROMAN_URDU, changed, relative_url(english_url(page), page.url)))
