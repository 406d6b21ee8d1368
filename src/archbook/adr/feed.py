"""The Atom feed of the decision records, one per language: each record, and each change of status the records date.

A pure function of the records (`AdrRecord`, from the front matter), the
words of ``data/adr_ui.yml``, a language and the site's address:
[atom_feed][archbook.adr.feed.atom_feed] returns the feed as XML text
(RFC 4287), built with ``xml.etree``, which escapes every text it is given.
``hooks/adr_feed.py`` publishes it beside each language's gallery
(``adr/feed.xml``, ``ur-Latn/adr/feed.xml``) and links it from the gallery
page's head ([head_link][archbook.adr.feed.head_link]).

What a record's front matter holds is its ``date`` (when it was decided),
its ``status`` now, the ``supersedes`` and ``superseded_by`` links and an
optional ``revisit_by``; it keeps no history of statuses. So the feed has:

* one entry per record: ``published`` is its date, ``updated`` the latest
  date the record carries: its own date or, for a superseded record, the date
  of the record that replaced it (the day its status changed);
* one entry per change of status the records date: a record superseded by
  another, dated by its successor. Other changes (proposed to accepted, to
  deprecated) carry no date in the front matter; they show only as the
  record's current status in its entry.

Ids are the absolute address of the record's page in the feed's language (a
status change: that address with ``#superseded-by-NNNN``), so they stay the
same from build to build while ``site_url`` and the record's file name do.
Dates are RFC 3339, a record's day at 00:00 UTC; the feed's ``updated`` is
the latest entry's, so an unchanged set of records gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

from archbook.adr.model import AdrUi
from archbook.adr.site import FEED_FILE, GALLERY_PAGE, AdrRecord, page_url
from archbook.core.errors import ArchbookError
from archbook.core.languages import LANGUAGES, check_language
from archbook.safety.markup_policy import PLACEHOLDER

ATOM = "http://www.w3.org/2005/Atom"
"""The Atom namespace (RFC 4287)."""

MEDIA_TYPE = "application/atom+xml"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FEED_LINK = re.compile(r'<link rel="alternate" type="application/atom\+xml"')


class FeedError(ArchbookError, ValueError):
    """The feed cannot be written: no absolute site address, or a gallery page without a head."""


@dataclass(frozen=True)
class FeedEntry:
    """One entry of the feed, as text (the XML is built from it by `atom_feed`)."""

    id: str
    title: str
    link: str
    published: dt.date
    updated: dt.date
    summary: str
    categories: tuple[tuple[str, str], ...] = ()
    related: str | None = None


def rfc3339(day: dt.date) -> str:
    """A day as an RFC 3339 date-time, at the start of the day in UTC: ``2026-01-22T00:00:00Z``."""
    return f"{day.isoformat()}T00:00:00Z"


def gallery_url(site_url: str, lang: str) -> str:
    """The absolute address of the gallery in ``lang`` (the default language at the root, the other under its code).

    Raises:
        FeedError: ``site_url`` is not an absolute http(s) address (feed ids must be absolute).
    """
    check_language(lang)
    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FeedError(f"mkdocs.yml: site_url: expected an absolute http(s) address for the decision-record "
                        f"feed's ids, got {site_url!r}")
    base = site_url if site_url.endswith("/") else site_url + "/"
    prefix = "" if lang == LANGUAGES[0] else f"{lang}/"
    return base + prefix + GALLERY_PAGE.rsplit("/", 1)[0] + "/"


def feed_url(site_url: str, lang: str) -> str:
    """The absolute address of the feed in ``lang``: `FEED_FILE` beside the gallery."""
    return gallery_url(site_url, lang) + FEED_FILE


def _plain(text: str) -> str:
    """Text as the feed carries it: whitespace folded, characters XML 1.0 cannot hold dropped."""
    return " ".join(_NOT_XML.sub("", str(text)).split())


def _word(ui: AdrUi, key: str, lang: str, **values: str) -> str:
    """A word of ``data/adr_ui.yml`` with its placeholders filled in one pass (a value is never read again)."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(0)[1:-1], m.group(0))), ui.words[key].text(lang))


def _named(record: AdrRecord, lang: str) -> str:
    return f"{record.label()}: {record.title(lang)}"


def _summary(record: AdrRecord, by_number: dict[int, AdrRecord], ui: AdrUi, lang: str) -> str:
    parts = [
        f"{ui.word('status', lang)}: {ui.statuses[record.status].text(lang)}",
        f"{ui.word('date', lang)}: {record.date.isoformat()}",
        f"{ui.word('concerns', lang)}: {', '.join(ui.concerns[c].text(lang) for c in record.concerns)}",
        f"{ui.word('step', lang)}: {record.roadmap_step}. {ui.steps[record.roadmap_step].title.text(lang)}",
    ]
    if record.revisit_by:
        parts.append(f"{ui.word('revisit-by', lang)}: {record.revisit_by.isoformat()}")
    if record.superseded_by in by_number:
        parts.append(f"{ui.word('superseded-by', lang)}: {_named(by_number[record.superseded_by], lang)}")
    return " · ".join(parts)


def feed_entries(records: list[AdrRecord], ui: AdrUi, lang: str, site_url: str,
                 use_directory_urls: bool = True) -> list[FeedEntry]:
    """Every entry of the feed in ``lang``, newest ``updated`` first (then the higher record number first)."""
    gallery = gallery_url(site_url, lang)
    by_number = {r.number: r for r in records}

    def url(record: AdrRecord) -> str:
        return gallery + page_url(record.stem, use_directory_urls)

    keyed: list[tuple[tuple, FeedEntry]] = []
    for record in records:
        successor = by_number.get(record.superseded_by) if record.superseded_by != record.number else None
        changed = successor.date if successor is not None and successor.date > record.date else record.date
        categories = tuple((c, ui.concerns[c].text(lang)) for c in record.concerns)
        entry = FeedEntry(url(record), _named(record, lang), url(record), record.date, changed,
                          _summary(record, by_number, ui, lang), categories)
        keyed.append(((changed, record.number, 0), entry))
        if successor is not None and record.status == "superseded":
            title = _word(ui, "feed-status-change", lang, record=record.label(),
                          status=ui.statuses[record.status].text(lang), title=record.title(lang))
            summary = _word(ui, "graph-edge", lang, newer=_named(successor, lang), older=record.label())
            keyed.append(((changed, record.number, 1), FeedEntry(
                f"{url(record)}#superseded-by-{successor.number:04d}", title, url(record), changed, changed,
                summary, categories, related=url(successor))))
    return [entry for _, entry in sorted(keyed, key=lambda item: item[0], reverse=True)]


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attrs)
    child.text = _plain(text)
    return child


def _link(parent: ET.Element, href: str, rel: str, media_type: str, **attrs: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": href, **attrs})


def atom_feed(records: list[AdrRecord], ui: AdrUi, lang: str, site_url: str, site_name: str,
              use_directory_urls: bool = True) -> str:
    """The Atom feed of ``records`` in ``lang`` as XML text (UTF-8, with its declaration).

    The feed: ``xml:lang`` the language, its own address as ``id`` and
    ``rel="self"`` link, the gallery as ``rel="alternate"``, the site as
    author, ``updated`` the latest entry's (1970-01-01 with no record). Each
    entry (`feed_entries`): ``id``, ``title``, a link to the record's page,
    ``published``, ``updated``, a plain-text ``summary`` (status, date,
    concerns, step, revisit date, successor) and a ``category`` per concern;
    a status change also links its successor as ``rel="related"``.

    Raises:
        FeedError: ``site_url`` is not an absolute http(s) address.
    """
    entries = feed_entries(records, ui, lang, site_url, use_directory_urls)
    root = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: lang})  # every element in the Atom namespace
    _text(root, "id", feed_url(site_url, lang))
    _text(root, "title", _word(ui, "feed-title", lang, site=site_name), type="text")
    _text(root, "subtitle", ui.word("feed-subtitle", lang), type="text")
    newest = max((e.updated for e in entries), default=dt.date(1970, 1, 1))
    _text(root, "updated", rfc3339(newest))
    _link(root, feed_url(site_url, lang), "self", MEDIA_TYPE)
    _link(root, gallery_url(site_url, lang), "alternate", "text/html", hreflang=lang)
    author = ET.SubElement(root, "author")
    _text(author, "name", site_name)
    _text(author, "uri", site_url if site_url.endswith("/") else site_url + "/")
    for entry in entries:
        node = ET.SubElement(root, "entry")
        _text(node, "id", entry.id)
        _text(node, "title", entry.title, type="text")
        _link(node, entry.link, "alternate", "text/html", hreflang=lang)
        if entry.related:
            _link(node, entry.related, "related", "text/html", hreflang=lang)
        _text(node, "published", rfc3339(entry.published))
        _text(node, "updated", rfc3339(entry.updated))
        for term, label in entry.categories:
            ET.SubElement(node, "category", {"term": term, "label": _plain(label)})
        _text(node, "summary", entry.summary, type="text")
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def head_link(page_html: str, ui: AdrUi, lang: str, site_name: str) -> str:
    """The gallery page's HTML with ``<link rel="alternate" type="application/atom+xml">`` to its feed in the head.

    The address is relative (`FEED_FILE` sits beside the gallery page in every
    language and URL style), the title is the feed's, escaped.

    Raises:
        FeedError: the page has no ``</head>``, or already links a feed.
    """
    if _FEED_LINK.search(page_html):
        raise FeedError(f"{GALLERY_PAGE}: expected one feed link in the head, got a second one")
    at = page_html.find("</head>")
    if at < 0:
        raise FeedError(f"{GALLERY_PAGE}: expected a </head> to link the decision-record feed from, got none")
    title = html.escape(_plain(_word(ui, "feed-title", check_language(lang), site=site_name)), quote=True)
    link = f'<link rel="alternate" type="{MEDIA_TYPE}" href="{FEED_FILE}" title="{title}">\n'
    return page_html[:at] + link + page_html[at:]
