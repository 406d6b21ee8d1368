"""The decision records' Atom feed: built from the records, published per language, linked from the gallery.

Every feed is read back as XML and checked against the Atom format (RFC 4287)
by `atom_problems` below, strictly: the elements a feed and an entry must
have and may have once, absolute and unique ids, RFC 3339 dates, text types,
link and category attributes, and nothing outside the Atom namespace.
The built feeds are also read by a real feed reader, feedparser (a locked
test dependency), as a subscriber's reader would (`test_a_feed_reader_reads_both_built_feeds`).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from archbook.adr.feed import ATOM, FeedError, atom_feed, feed_entries, gallery_url, head_link, rfc3339
from archbook.adr.model import AdrUi
from archbook.adr.site import FEED_FILE, AdrRecord, gallery_html, load_catalog
from archbook.content.data import validate

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "adr"
SITE = "https://example.org/handbook/"
A = "{" + ATOM + "}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")

FEED_CHILDREN = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights",
                 "subtitle", "title", "updated", "entry"}
ENTRY_CHILDREN = {"author", "category", "content", "contributor", "id", "link", "published", "rights", "source",
                  "summary", "title", "updated"}
FEED_ONCE = {"id": (1, 1), "title": (1, 1), "updated": (1, 1), "subtitle": (0, 1), "rights": (0, 1),
             "icon": (0, 1), "logo": (0, 1), "generator": (0, 1)}
ENTRY_ONCE = {"id": (1, 1), "title": (1, 1), "updated": (1, 1), "published": (0, 1), "summary": (0, 1),
              "content": (0, 1), "rights": (0, 1), "source": (0, 1)}


def _date(text: str | None) -> dt.datetime | None:
    if not text or not RFC3339.match(text):
        return None
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def atom_problems(xml: str) -> list[str]:
    """Everything in ``xml`` that is not a valid Atom 1.0 feed (RFC 4287), as messages; empty when valid."""
    try:
        root = ET.fromstring(xml.encode("utf-8"))
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.tag != A + "feed":
        return [f"root: expected {A}feed, got {root.tag}"]
    problems: list[str] = []
    ids: list[str] = []

    def local(node: ET.Element, where: str) -> str | None:
        if not node.tag.startswith(A):
            problems.append(f"{where}: element outside the Atom namespace: {node.tag}")
            return None
        return node.tag[len(A):]

    def check(node: ET.Element, where: str, allowed: set[str], once: dict[str, tuple[int, int]]) -> dict:
        children: dict[str, list[ET.Element]] = {}
        for child in node:
            name = local(child, where)
            if name is None:
                continue
            if name not in allowed:
                problems.append(f"{where}: element not allowed here: {name}")
            children.setdefault(name, []).append(child)
        for name, (low, high) in once.items():
            count = len(children.get(name, []))
            if not low <= count <= high:
                problems.append(f"{where}: expected {low} to {high} <{name}>, got {count}")
        for name in ("title", "subtitle", "summary", "rights"):
            for child in children.get(name, []):
                if child.get("type", "text") not in ("text", "html", "xhtml"):
                    problems.append(f"{where}: <{name}> type {child.get('type')!r}")
                if not (child.text or "").strip():
                    problems.append(f"{where}: empty <{name}>")
        for child in children.get("id", []):
            value = (child.text or "").strip()
            if not urlsplit(value).scheme:
                problems.append(f"{where}: id is not an absolute IRI: {value!r}")
            ids.append(value)
        for name in ("updated", "published"):
            for child in children.get(name, []):
                if _date(child.text) is None:
                    problems.append(f"{where}: <{name}> is not an RFC 3339 date-time: {child.text!r}")
        alternates = set()
        for link in children.get("link", []):
            if not link.get("href"):
                problems.append(f"{where}: link without href")
            if link.get("rel", "alternate") == "alternate":
                key = (link.get("type"), link.get("hreflang"))
                if key in alternates:
                    problems.append(f"{where}: two alternate links with type and hreflang {key}")
                alternates.add(key)
        for category in children.get("category", []):
            if not category.get("term"):
                problems.append(f"{where}: category without term")
        for author in children.get("author", []):
            names = [c for c in author if c.tag == A + "name"]
            if len(names) != 1 or not (names[0].text or "").strip():
                problems.append(f"{where}: an author needs exactly one non-empty name")
        return children

    feed = check(root, "feed", FEED_CHILDREN, FEED_ONCE)
    if not any(link.get("rel") == "self" for link in feed.get("link", [])):
        problems.append("feed: expected a link rel=self")
    entries = feed.get("entry", [])
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        children = check(entry, where, ENTRY_CHILDREN, ENTRY_ONCE)
        if "author" not in feed and "author" not in children:
            problems.append(f"{where}: no author (and none on the feed)")
        if "content" not in children and not any(link.get("rel", "alternate") == "alternate"
                                                 for link in children.get("link", [])):
            problems.append(f"{where}: no content and no alternate link")
        published = _date(children["published"][0].text) if children.get("published") else None
        updated = _date(children["updated"][0].text) if children.get("updated") else None
        if published and updated and updated < published:
            problems.append(f"{where}: updated before published")
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"ids used twice: {duplicates}")
    return problems


def parse(xml: str) -> ET.Element:
    problems = atom_problems(xml)
    assert problems == [], problems
    return ET.fromstring(xml.encode("utf-8"))


def entries(root: ET.Element) -> list[dict]:
    return [{
        "id": e.findtext(A + "id"), "title": e.findtext(A + "title"),
        "published": e.findtext(A + "published"), "updated": e.findtext(A + "updated"),
        "link": e.find(A + "link[@rel='alternate']").get("href"),
        "related": (e.find(A + "link[@rel='related']").get("href") if e.find(A + "link[@rel='related']") is not None
                    else None),
        "summary": e.findtext(A + "summary"),
    } for e in root.findall(A + "entry")]


@pytest.fixture(scope="module")
def ui() -> AdrUi:
    return validate(AdrUi, ROOT / "data" / "adr_ui.yml")


@pytest.fixture(scope="module")
def good() -> list[AdrRecord]:
    """ADR 0001 (2026-02-01, superseded by 0002 on 2026-06-01) and 0002, from the good fixture; 0002 gains a revisit date."""
    first, second = load_catalog(CASES / "good" / "docs" / "adr")
    return [first, AdrRecord(second.number, second.stem, second.status, second.date, second.concerns,
                             second.roadmap_step, second.supersedes, second.superseded_by, second.titles,
                             dt.date(2026, 12, 1))]


# --- the strict Atom check refuses what it must --------------------------------------------

@pytest.mark.parametrize("change, complaint", [
    (lambda x: x.replace("<id>https://example.org/handbook/adr/feed.xml</id>", "", 1), "expected 1 to 1 <id>"),
    (lambda x: x.replace("2026-06-01T00:00:00Z", "2026-06-01", 1), "not an RFC 3339 date-time"),
    (lambda x: x.replace("<id>https://example.org/handbook/adr/0001", "<id>adr/0001", 1), "not an absolute IRI"),
    (lambda x: re.sub(r"<id>[^<]*0002-semantic-cache/</id>", "<id>https://example.org/handbook/adr/0001-exact-match-cache/</id>", x), "ids used twice"),
    (lambda x: x.replace('rel="self"', 'rel="next"'), "expected a link rel=self"),
    (lambda x: x.replace("<summary", "<blurb").replace("</summary>", "</blurb>"), "element not allowed here: blurb"),
    (lambda x: x.replace('xmlns="http://www.w3.org/2005/Atom"', ""), "expected {http://www.w3.org/2005/Atom}feed"),
    (lambda x: x.replace("</feed>", ""), "not well-formed XML"),
])
def test_the_strict_check_refuses_broken_feeds(good, ui, change, complaint):
    xml = atom_feed(good, ui, "en", SITE, "Handbook")
    assert atom_problems(xml) == []
    broken = change(xml)
    assert broken != xml
    assert any(complaint in problem for problem in atom_problems(broken)), atom_problems(broken)


# --- the feed, from records ----------------------------------------------------------------

def test_an_entry_per_record_and_per_dated_status_change(good, ui):
    root = parse(atom_feed(good, ui, "en", SITE, "Handbook"))
    assert root.get(XML_LANG) == "en"
    assert root.findtext(A + "id") == SITE + "adr/feed.xml" == root.find(A + "link[@rel='self']").get("href")
    assert root.find(A + "link[@rel='alternate']").get("href") == SITE + "adr/"
    assert root.findtext(A + "title") == "Decision records of Handbook"
    assert root.findtext(A + "updated") == "2026-06-01T00:00:00Z"  # the newest entry's: no build time in the bytes
    got = entries(root)
    assert [e["id"] for e in got] == [
        SITE + "adr/0002-semantic-cache/",
        SITE + "adr/0001-exact-match-cache/#superseded-by-0002",
        SITE + "adr/0001-exact-match-cache/",
    ]
    newer, change, older = got
    assert (newer["published"], newer["updated"]) == ("2026-06-01T00:00:00Z", "2026-06-01T00:00:00Z")
    assert newer["title"] == "ADR 0002: Replace the exact cache with a semantic cache"
    assert "Status: Accepted" in newer["summary"] and "Revisit by: 2026-12-01" in newer["summary"]
    # The superseded record: published on its own date, updated when its successor replaced it.
    assert (older["published"], older["updated"]) == ("2026-02-01T00:00:00Z", "2026-06-01T00:00:00Z")
    assert "Superseded by: ADR 0002: Replace the exact cache with a semantic cache" in older["summary"]
    assert change["title"] == "ADR 0001 is now Superseded: Cache exact repeated questions"
    assert change["published"] == change["updated"] == "2026-06-01T00:00:00Z"
    assert change["link"] == older["link"] and change["related"] == newer["link"]
    assert change["summary"] == "ADR 0002: Replace the exact cache with a semantic cache supersedes ADR 0001."


def test_the_roman_urdu_feed_has_its_language_addresses_and_words(good, ui):
    root = parse(atom_feed(good, ui, "ur-Latn", SITE, "Handbook"))
    assert root.get(XML_LANG) == "ur-Latn"
    assert root.findtext(A + "id") == SITE + "ur-Latn/adr/feed.xml"
    assert root.find(A + "link[@rel='alternate']").get("hreflang") == "ur-Latn"
    got = entries(root)
    assert all(e["id"].startswith(SITE + "ur-Latn/adr/") and e["link"].startswith(SITE + "ur-Latn/adr/")
               for e in got)
    assert got[0]["title"] == "ADR 0002: Exact cache ki jagah semantic cache"
    assert "Dobara review: 2026-12-01" in got[0]["summary"] and "Tareekh: 2026-06-01" in got[0]["summary"]
    assert got[1]["title"].startswith("ADR 0001 ab Tabdeel shuda (superseded) hai: ")


def test_ids_are_stable_when_titles_change_and_the_bytes_when_nothing_does(good, ui):
    first = atom_feed(good, ui, "en", SITE, "Handbook")
    assert atom_feed(list(good), ui, "en", SITE, "Handbook") == first
    retitled = [AdrRecord(r.number, r.stem, r.status, r.date, r.concerns, r.roadmap_step, r.supersedes,
                          r.superseded_by, {"en": "A new title"}, r.revisit_by) for r in good]
    assert [e["id"] for e in entries(parse(atom_feed(retitled, ui, "en", SITE, "Handbook")))] == \
           [e["id"] for e in entries(parse(first))]
    flat = [e["link"] for e in entries(parse(atom_feed(good, ui, "en", "https://example.org/handbook", "H",
                                                       use_directory_urls=False)))]
    assert flat[0] == "https://example.org/handbook/adr/0002-semantic-cache.html"


def test_record_text_is_escaped_and_characters_xml_cannot_carry_are_dropped(ui):
    hostile = AdrRecord(7, "0007-x", "proposed", dt.date(2026, 5, 5), ("cost",), 3, (), None,
                        {"en": "A <script>alert(1)</script> & ]]> \x0b\x1f{status} title"})
    xml = atom_feed([hostile], ui, "en", SITE, "Site <b>&amp;</b>")
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;" in xml
    root = parse(xml)
    assert root.findtext(A + "entry/" + A + "title") == "ADR 0007: A <script>alert(1)</script> & ]]> {status} title"
    assert root.findtext(A + "author/" + A + "name") == "Site <b>&amp;</b>"


def test_a_feed_without_records_is_still_valid(ui):
    root = parse(atom_feed([], ui, "en", SITE, "Handbook"))
    assert root.findall(A + "entry") == [] and root.findtext(A + "updated") == "1970-01-01T00:00:00Z"


@pytest.mark.parametrize("site_url", ["", "/handbook/", "ftp://example.org/", "example.org"])
def test_feed_ids_need_an_absolute_site_address(good, ui, site_url):
    with pytest.raises(FeedError, match=r"site_url: expected an absolute http\(s\) address"):
        atom_feed(good, ui, "en", site_url, "Handbook")


def test_dates_and_addresses():
    assert rfc3339(dt.date(2026, 1, 2)) == "2026-01-02T00:00:00Z"
    assert gallery_url("http://127.0.0.1:8000", "en") == "http://127.0.0.1:8000/adr/"
    assert gallery_url("http://127.0.0.1:8000/", "ur-Latn") == "http://127.0.0.1:8000/ur-Latn/adr/"


def test_entries_are_newest_first_over_the_real_records(ui):
    records = load_catalog(ROOT / "docs" / "adr")
    found = feed_entries(records, ui, "en", SITE)
    superseded = [r for r in records if r.status == "superseded" and r.superseded_by in {x.number for x in records}]
    assert len(found) == len(records) + len(superseded)
    assert [e.updated for e in found] == sorted((e.updated for e in found), reverse=True)


# --- linked from the gallery ---------------------------------------------------------------

def test_the_gallery_head_gets_one_feed_link(ui):
    page = "<html><head><title>x</title></head><body></body></html>"
    out = head_link(page, ui, "ur-Latn", 'Site "quoted"')
    assert ('<link rel="alternate" type="application/atom+xml" href="feed.xml" '
            'title="Site &quot;quoted&quot; ke decision records">\n</head>') in out
    with pytest.raises(FeedError, match="a second one"):
        head_link(out, ui, "ur-Latn", "Site")
    with pytest.raises(FeedError, match="expected a </head>"):
        head_link("<body></body>", ui, "en", "Site")


def test_the_gallery_shows_a_visible_link_to_the_feed(good, ui):
    for lang, words in (("en", "(Atom feed)"), ("ur-Latn", "feed reader mein dekhein (Atom feed)")):
        html = gallery_html(good, ui, lang)
        assert f'<p class="adr-feed"><a href="{FEED_FILE}" type="application/atom+xml">' in html and words in html


# --- the built site ------------------------------------------------------------------------

def _built_feed(built_site, prefix: str) -> str:
    return (built_site.site / prefix / "adr" / FEED_FILE).read_text(encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize("lang, prefix", [("en", ""), ("ur-Latn", "ur-Latn/")])
def test_each_language_build_publishes_its_feed_and_links_it(built_site, root, lang, prefix):
    records = load_catalog(root / "docs" / "adr")
    feed = parse(_built_feed(built_site, prefix))
    assert feed.get(XML_LANG) == lang
    self_url = feed.findtext(A + "id")
    assert self_url.endswith(f"/{prefix}adr/feed.xml")
    got = entries(feed)
    superseded = sum(1 for r in records if r.status == "superseded" and r.superseded_by is not None)
    assert len(got) == len(records) + superseded
    for entry in got:  # every id and link is the record page's address in this language, and the page exists
        assert entry["id"].startswith(entry["link"]) and entry["link"].startswith(urljoin(self_url, "./"))
        page = urlsplit(entry["link"]).path.split("/adr/", 1)[1]
        assert (built_site.site / prefix / "adr" / page / "index.html").is_file(), page
    gallery = built_site.html(prefix + "adr")
    head = gallery[:gallery.index("</head>")]
    assert head.count('<link rel="alternate" type="application/atom+xml" href="feed.xml"') == 1
    assert '<p class="adr-feed"><a href="feed.xml" type="application/atom+xml">' in gallery
    revisiting = [r for r in records if r.revisit_by]
    assert len(revisiting) >= 2, "two records at least carry a revisit_by date"
    for record in revisiting:
        assert f'<td data-revisit="{record.revisit_by.isoformat()}">' in gallery
        page = built_site.html(f"{prefix}adr/{record.stem}")
        word = "Revisit by" if lang == "en" else "Dobara review"
        assert f"<strong>{word}:</strong> {record.revisit_by.isoformat()}" in page


@pytest.mark.build
def test_a_feed_reader_reads_both_built_feeds(built_site, root):
    import feedparser  # a locked test dependency: failing to import it is a broken install, not a skip
    count = len(load_catalog(root / "docs" / "adr"))
    for lang, prefix in (("en", ""), ("ur-Latn", "ur-Latn/")):
        parsed = feedparser.parse(_built_feed(built_site, prefix).encode("utf-8"))
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "atom10" and parsed.feed.language == lang
        assert len(parsed.entries) > count
        ids = [e.id for e in parsed.entries]
        assert len(set(ids)) == len(ids) and all(i.startswith("http") and f"/{prefix}adr/" in i for i in ids)
        for entry in parsed.entries:
            assert entry.title_detail.language == lang
            assert entry.updated_parsed >= entry.published_parsed
            assert re.match(r"^\d{4}-\d{2}-\d{2}T00:00:00Z$", entry.updated)
