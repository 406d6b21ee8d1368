"""The ADRs as the site shows them: catalog, gallery, status badge, related decisions, safe Markdown.

Everything here is a pure function of the ADR files' front matter, the
words in ``data/adr_ui.yml`` and a language code. The validator has already
refused anything unsafe before the build renders a page; the page furniture
still treats ADR text as data: it is escaped for HTML, never rendered as a
template (see `sanitize_markdown`).
"""

from __future__ import annotations

import functools

import datetime as dt
import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from archbook.core.fences import fenced
from archbook.adr.model import CONCERNS, STATUSES, AdrMeta, AdrUi
from archbook.adr.parse import ADR_FILE, read_adr
from archbook.core.languages import ENGLISH, ROMAN_URDU, TWIN_SUFFIX, check_language
from archbook.safety.markup_policy import ALLOWED_SCHEMES, code_spans, fill, url_problem  # noqa: F401 (ALLOWED_SCHEMES: kept for importers)
from archbook.rules.curriculum import STEPS, page_prefix

GALLERY_PAGE = "adr/index.md"
"""The gallery page, relative to ``docs/``."""

GALLERY_ANCHOR = "gallery"
"""The anchor of the gallery table on the gallery page."""

RELATED_ANCHOR = "related-decisions"
"""The anchor of the "Related decisions" section appended to every ADR page."""


@dataclass(frozen=True)
class AdrRecord:
    """One ADR (both twins) as the gallery, badges and graph need it."""

    number: int
    stem: str
    status: str
    date: dt.date
    concerns: tuple[str, ...]
    roadmap_step: int
    supersedes: tuple[int, ...]
    superseded_by: int | None
    titles: dict[str, str] = field(compare=False, hash=False)
    revisit_by: dt.date | None = None

    @property
    def file(self) -> str:
        """The English file name, the one every link uses (``0003-semantic-cache.md``)."""
        return f"{self.stem}.md"

    def title(self, lang: str) -> str:
        """The title in ``lang`` (English if the twin has none)."""
        return self.titles.get(check_language(lang)) or self.titles[ENGLISH]

    def label(self) -> str:
        """``ADR 0003``."""
        return f"ADR {self.number:04d}"


def _fingerprint(adr_dir: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(adr_dir.glob("*.md")))


def load_catalog(adr_dir: Path) -> list[AdrRecord]:
    """Every ADR in ``adr_dir`` whose English front matter is valid, by number.

    Lenient on purpose (the validator reports problems; this only feeds the
    site): a broken file is left out, a duplicate number keeps the first file.
    Read once per state of the folder: every ADR page of a build asks for it.
    """
    return list(_load_catalog(adr_dir, _fingerprint(adr_dir)))


@functools.lru_cache(maxsize=8)
def _load_catalog(adr_dir: Path, fingerprint: tuple) -> tuple[AdrRecord, ...]:
    records: dict[int, AdrRecord] = {}
    for path in sorted(adr_dir.glob("*.md")):
        if path.name.endswith(TWIN_SUFFIX) or not ADR_FILE.match(path.stem):
            continue
        meta = _valid_meta(path)
        if meta is None or meta.number in records:
            continue
        titles = {ENGLISH: meta.title}
        twin = _valid_meta(path.with_name(path.stem + TWIN_SUFFIX))
        if twin is not None:
            titles[ROMAN_URDU] = twin.title
        records[meta.number] = AdrRecord(meta.number, path.stem, meta.status, meta.date, tuple(meta.concerns),
                                         meta.roadmap_step, tuple(meta.supersedes), meta.superseded_by, titles,
                                         meta.revisit_by)
    return tuple([records[n] for n in sorted(records)])


def _valid_meta(path: Path) -> AdrMeta | None:
    if not path.is_file():
        return None
    doc = read_adr(path)
    if doc.data is None:
        return None
    try:
        return AdrMeta.model_validate(doc.data, context={"today": dt.date.max})
    except ValidationError:
        return None


def graph_edges(records: list[AdrRecord]) -> list[tuple[int, int]]:
    """``(newer, older)`` for every supersedes link between ADRs that exist."""
    numbers = {r.number for r in records}
    return sorted((r.number, old) for r in records for old in r.supersedes if old in numbers and old != r.number)


def graph_inputs(records: list[AdrRecord]) -> str:
    """What the supersedes graph is drawn from, as text (part of the diagram's cache key)."""
    return json.dumps([[r.number, r.status, r.roadmap_step, list(r.supersedes)] for r in records])


# --- links --------------------------------------------------------------------------------

def step_pages(docs_dir: Path) -> dict[int, str]:
    """The learning-path page of each step (``learn/03-technology-selection.md``), relative to ``docs/``."""
    pages = {}
    for step in STEPS:
        found = sorted(p for p in (docs_dir / "learn").glob(f"{page_prefix(step)}*.md")
                       if not p.name.endswith(TWIN_SUFFIX))
        if found:
            pages[step] = found[0].relative_to(docs_dir).as_posix()
    return pages


def relative(target: str, page_src: str) -> str:
    """Link from the page ``page_src`` to ``target``, both relative to ``docs/``."""
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def page_url(stem: str, use_directory_urls: bool = True) -> str:
    """The URL of the ADR page ``stem`` relative to the gallery page (same folder, both languages)."""
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def _md_text(text: str) -> str:
    """Text safe inside Markdown link text: HTML escaped, brackets and emphasis neutral."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return re.sub(r"([\\`*_\[\]{}])", r"\\\1", escaped)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _md_word(ui: AdrUi, key: str, lang: str, **values) -> str:
    """A word of ``data/adr_ui.yml`` for Markdown: the word's own text inert, placeholders filled."""
    return fill(ui.words[key].text(check_language(lang)), **values)


# --- gallery ------------------------------------------------------------------------------

GALLERY_ROWS = 30
"""The most records the gallery page's table holds.

Up to this many records the table holds every record, as it always has.
Beyond it the table holds the first ``GALLERY_ROWS``; a link under it leads to
the plain list of every record (`LIST_FILE`, readable without JavaScript), and
``adr-gallery.js`` fetches `CATALOG_FILE` to fill the table the first time
the reader filters or asks for every record. This keeps the gallery page
within the 70 KiB compressed page budget with 500 records
(``tests/test_adr_gallery_growth.py``, ``./run bench``).
"""

LIST_ROWS = 250
"""Records per page of the plain list (`LIST_FILE`): a page of it stays within the page budget."""

CATALOG_FILE = "catalog.json"
"""Every record of the gallery as JSON (`catalog_json`), loaded on demand by ``adr-gallery.js``.

Published next to the gallery page in each language's build (``adr/catalog.json``,
``ur-Latn/adr/catalog.json``) by ``hooks/adr_catalog.py``.
"""

FEED_FILE = "feed.xml"
"""The Atom feed of the records and their status changes (``archbook.adr.feed``), next to the gallery page.

Published in each language's build (``adr/feed.xml``, ``ur-Latn/adr/feed.xml``) by ``hooks/adr_feed.py``,
linked from the gallery page's head and from under its table.
"""

LIST_FILE = "records-{page}.html"
"""The plain list of every record, `LIST_ROWS` to a page (`records_list_html`), next to the gallery page.

Published by ``hooks/adr_catalog.py`` when the gallery holds more than `GALLERY_ROWS` records.
"""


def catalog_entry(record: AdrRecord, ui: AdrUi, lang: str, use_directory_urls: bool = True) -> dict:
    """One record as the gallery shows it in ``lang``: the values of one table row, as text."""
    return {
        "number": record.number,
        "href": page_url(record.stem, use_directory_urls),
        "title": record.title(lang),
        "status": record.status,
        "status_name": ui.statuses[record.status].text(lang),
        "concerns": list(record.concerns),
        "concern_names": ", ".join(ui.concerns[c].text(lang) for c in record.concerns),
        "step": record.roadmap_step,
        "step_name": ui.steps[record.roadmap_step].title.text(lang),
        "date": record.date.isoformat(),
        "revisit_by": record.revisit_by.isoformat() if record.revisit_by else "",
    }


def catalog_json(records: list[AdrRecord], ui: AdrUi, lang: str, use_directory_urls: bool = True) -> str:
    """`CATALOG_FILE`: every record in ``lang``, by number, as compact JSON.

    Values are plain text (the script puts them into the page as text, never
    as markup); ``href`` is relative to the gallery page.
    """
    check_language(lang)
    entries = [catalog_entry(r, ui, lang, use_directory_urls) for r in records]
    return json.dumps({"total": len(entries), "records": entries}, ensure_ascii=False, separators=(",", ":"))


def list_pages(records: list[AdrRecord]) -> int:
    """How many pages the plain list of ``records`` takes (0 when the gallery table holds them all)."""
    return 0 if len(records) <= GALLERY_ROWS else -(-len(records) // LIST_ROWS)


def _gallery_row(record: AdrRecord, ui: AdrUi, lang: str, use_directory_urls: bool) -> str:
    entry = catalog_entry(record, ui, lang, use_directory_urls)
    revisit = entry["revisit_by"]
    return (
        f'<tr data-status="{record.status}" data-concerns="{" ".join(record.concerns)}" '
        f'data-step="{record.roadmap_step}">'
        f"<td>{record.number:04d}</td>"
        f'<td><a href="{_attr(entry["href"])}">{_attr(entry["title"])}</a></td>'
        f"<td>{_attr(entry['status_name'])}</td>"
        f"<td>{_attr(entry['concern_names'])}</td>"
        f'<td><span title="{_attr(entry["step_name"])}">{record.roadmap_step}</span></td>'
        f"<td>{entry['date']}</td>"
        + (f'<td data-revisit="{revisit}">{revisit}</td>' if revisit else "<td></td>")
        + "</tr>"
    )


def _table(records: list[AdrRecord], caption: str, ui: AdrUi, lang: str, use_directory_urls: bool) -> list[str]:
    word = lambda key: _attr(ui.word(key, lang))  # noqa: E731
    headers = ("number", "title", "status", "concerns", "step", "date", "revisit-by")
    return [
        "<table>",
        f"<caption>{caption}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{word(h)}</th>' for h in headers) + "</tr></thead>",
        "<tbody>",
        *(_gallery_row(record, ui, lang, use_directory_urls) for record in records),
        "</tbody>",
        "</table>",
    ]


def gallery_html(records: list[AdrRecord], ui: AdrUi, lang: str, use_directory_urls: bool = True) -> str:
    """The gallery: filter controls (shown by ``adr-gallery.js``), a table of the ADRs, a link to the feed.

    Without JavaScript the form stays hidden and the table is readable.
    Each row carries ``data-status``, ``data-concerns`` and ``data-step`` for the filters, and a record
    with a ``revisit_by`` date has it in its last cell's ``data-revisit``: the "review" filter shows the
    records due for review (that date on or before the reader's today, which only the browser knows)
    or every record with such a date. Under the table a link leads to the Atom feed (`FEED_FILE`).
    Up to `GALLERY_ROWS` records the table holds them all; beyond that it
    holds the first `GALLERY_ROWS`, a link leads to the plain list of every
    record (`LIST_FILE`), and the gallery element names `CATALOG_FILE`, which
    the script loads when the reader filters or asks for every record.
    """
    check_language(lang)
    word = lambda key, **v: _attr(ui.word(key, lang, **v))  # noqa: E731
    partial = list_pages(records) > 0
    shown = records[:GALLERY_ROWS] if partial else records
    options = {
        "status": [(s, ui.statuses[s].text(lang)) for s in STATUSES],
        "concern": [(c, ui.concerns[c].text(lang)) for c in CONCERNS],
        "step": [(str(n), f"{n}. {ui.steps[n].title.text(lang)}") for n in STEPS],
        "review": [("due", ui.word("review-due", lang)), ("scheduled", ui.word("review-scheduled", lang))],
    }
    labels = {"status": word("status"), "concern": word("concerns"), "step": word("step"), "review": word("review")}
    caption = word("gallery-caption", total=len(records))
    on_demand = (f' data-catalog="{CATALOG_FILE}" data-total="{len(records)}" data-caption="{caption}"'
                 if partial else "")
    out = [
        f'<div class="adr-gallery" data-adr-gallery data-count="{word("count")}" '
        f'data-count-none="{word("count-none")}"{on_demand}>',
        f'<form class="adr-filters" data-adr-filters hidden aria-label="{word("filters")}">',
    ]
    for key, choices in options.items():
        out.append('<div class="adr-filter">')
        out.append(f'<label for="adr-filter-{key}">{labels[key]}</label>')
        out.append(f'<select id="adr-filter-{key}" name="{key}" data-filter="{key}">')
        out.append(f'<option value="">{word("all")}</option>')
        out += [f'<option value="{_attr(value)}">{_attr(text)}</option>' for value, text in choices]
        out.append("</select>")
        out.append("</div>")
    out.append(f'<button type="reset" class="md-button md-button--primary">{word("reset")}</button>')
    out.append("</form>")
    out.append('<p class="adr-count" data-adr-count aria-live="polite" role="status"></p>')
    if partial:
        out += _table(shown, word("count", shown=len(shown), total=len(records)), ui, lang, use_directory_urls)
        out.append(f'<p data-adr-rest><a href="{LIST_FILE.format(page=1)}">{caption}</a></p>')
    else:
        out += _table(shown, caption, ui, lang, use_directory_urls)
    out.append(f'<p class="adr-feed"><a href="{FEED_FILE}" type="application/atom+xml">{word("feed-link")}</a></p>')
    out.append("</div>")
    return "\n".join(out) + "\n"


def _list_range(records: list[AdrRecord]) -> str:
    return f"{records[0].number:04d}–{records[-1].number:04d}"


def records_list_html(records: list[AdrRecord], ui: AdrUi, lang: str, page: int, site_name: str,
                      use_directory_urls: bool = True) -> str:
    """Page ``page`` (from 1) of the plain list of every record: `LIST_FILE`, a standalone HTML page.

    The gallery's way in without JavaScript once it holds more than
    `GALLERY_ROWS` records: the same table rows, `LIST_ROWS` to a page, a
    navigation between the pages (named by their number ranges) and a link
    back to the gallery. No script, no style: it reads as plain HTML.
    """
    check_language(lang)
    pages = [records[i:i + LIST_ROWS] for i in range(0, len(records), LIST_ROWS)]
    if not 1 <= page <= len(pages):
        raise ValueError(f"page {page} of a list of {len(pages)} pages")
    chunk = pages[page - 1]
    caption = _attr(ui.word("gallery-caption", lang, total=len(records)))
    gallery = "./" if use_directory_urls else "index.html"
    out = [
        "<!doctype html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{caption} ({_list_range(chunk)}) - {_attr(site_name)}</title>",
        "</head>",
        "<body>",
        "<main>",
        f'<p><a href="{gallery}">{_attr(ui.word("filters", lang))}</a></p>',
        f"<h1>{caption}</h1>",
    ]
    if len(pages) > 1:
        out.append(f'<nav aria-label="{caption}"><ul>')
        for number, part in enumerate(pages, start=1):
            if number == page:
                out.append(f'<li><a aria-current="page">{_list_range(part)}</a></li>')
            else:
                out.append(f'<li><a href="{LIST_FILE.format(page=number)}">{_list_range(part)}</a></li>')
        out.append("</ul></nav>")
    count = _attr(ui.word("count", lang, shown=len(chunk), total=len(records)))
    out += _table(chunk, f"{count} ({_list_range(chunk)})", ui, lang, use_directory_urls)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def graph_records(records: list[AdrRecord]) -> list[AdrRecord]:
    """The records the supersedes graph draws: those that supersede, or are superseded by, another.

    A record with no supersedes link between existing records stands alone
    and is left out of the picture (the gallery lists it); by number.
    """
    linked = {number for edge in graph_edges(records) for number in edge}
    return [r for r in records if r.number in linked]


def graph_chains(records: list[AdrRecord]) -> list[list[int]]:
    """The supersedes chains: each group of records joined by supersedes links, newest first.

    Every group's numbers are listed from its newest record (highest number)
    down; groups are ordered by their newest record, newest first.
    """
    parent = {r.number: r.number for r in graph_records(records)}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for newer, older in graph_edges(records):
        parent[root(newer)] = root(older)
    groups: dict[int, list[int]] = {}
    for number in parent:
        groups.setdefault(root(number), []).append(number)
    return sorted((sorted(g, reverse=True) for g in groups.values()), key=lambda g: -g[0])


def recent_chains(records: list[AdrRecord], boxes: int) -> list[list[int]]:
    """The newest supersedes chains (`graph_chains`) that together hold at most ``boxes`` records.

    Chains are taken newest first while they fit; the newest chain is taken
    even if it alone is longer. A picture of them stays readable (and within
    the diagram budget) however many records the gallery holds.
    """
    taken: list[list[int]] = []
    for chain in graph_chains(records):
        if taken and sum(map(len, taken)) + len(chain) > boxes:
            break
        taken.append(chain)
    return taken


def graph_list(records: list[AdrRecord], ui: AdrUi, lang: str) -> str:
    """The supersedes links as a Markdown list: the graph's content for every reader."""
    by_number = {r.number: r for r in records}
    edges = graph_edges(records)
    if not edges:
        return _md_word(ui, "graph-none", lang) + "\n"
    lines = [_md_word(ui, "graph-list", lang), ""]
    for newer, older in edges:
        new, old = by_number[newer], by_number[older]
        lines.append("- " + _md_word(ui, "graph-edge", lang,
                                    newer=f"[{new.label()}: {_md_text(new.title(lang))}]({new.file})",
                                    older=f"[{old.label()}: {_md_text(old.title(lang))}]({old.file})"))
    return "\n".join(lines) + "\n"


# --- one ADR page -------------------------------------------------------------------------

def badge_markdown(record: AdrRecord, ui: AdrUi, lang: str, page_src: str, step_page: str | None) -> str:
    """The status line under an ADR's title: status, date, concerns, roadmap step, revisit date, with links.

    Status and concerns link to the gallery filtered on them; the step links
    to its learning-path page.
    """
    gallery = relative(GALLERY_PAGE, page_src)
    status = ui.statuses[record.status].text(lang)
    parts = [f"**{_md_word(ui, 'status', lang)}:** [{_md_text(status)}]({gallery}?status={record.status}#{GALLERY_ANCHOR})",
             f"**{_md_word(ui, 'date', lang)}:** {record.date.isoformat()}"]
    concerns = ", ".join(f"[{_md_text(ui.concerns[c].text(lang))}]({gallery}?concern={c}#{GALLERY_ANCHOR})"
                         for c in record.concerns)
    parts.append(f"**{_md_word(ui, 'concerns', lang)}:** {concerns}")
    step = f"{record.roadmap_step}. {_md_text(ui.steps[record.roadmap_step].title.text(lang))}"
    if step_page:
        step = f"[{step}]({relative(step_page, page_src)})"
    parts.append(f"**{_md_word(ui, 'step', lang)}:** {step}")
    if record.revisit_by:
        parts.append(f"**{_md_word(ui, 'revisit-by', lang)}:** {record.revisit_by.isoformat()}")
    return " · ".join(parts) + "\n{ .adr-badge }\n"


RELATED_LIMIT = 15
"""At most this many records sharing a concern are listed on a record's page; a link to the gallery,
filtered by the record's first concern, stands for the rest (a record page stays within its weight
budget however many records there are)."""


def related_markdown(record: AdrRecord, records: list[AdrRecord], ui: AdrUi, lang: str) -> str:
    """The "Related decisions" section: supersedes, superseded by, and ADRs sharing a concern."""
    by_number = {r.number: r for r in records}

    def link(number: int) -> str:
        other = by_number[number]
        return f"[{other.label()}: {_md_text(other.title(lang))}]({other.file})"

    lines = [f"## {_md_word(ui, 'related', lang)} {{ #{RELATED_ANCHOR} }}", ""]
    supersedes = [n for n in record.supersedes if n in by_number]
    if supersedes:
        lines += [f"**{_md_word(ui, 'supersedes', lang)}**", ""] + [f"- {link(n)}" for n in supersedes] + [""]
    if record.superseded_by in by_number:
        lines += [f"**{_md_word(ui, 'superseded-by', lang)}**", "", f"- {link(record.superseded_by)}", ""]
    sharing = []
    listed = {record.number, *supersedes, record.superseded_by}
    for other in records:
        if other.number in listed:
            continue
        shared = [c for c in record.concerns if c in other.concerns]
        if shared:
            sharing.append((-len(shared), other.number, shared))
    if sharing:
        lines += [f"**{_md_word(ui, 'shares-concern', lang)}**", ""]
        for _, number, shared in sorted(sharing)[:RELATED_LIMIT]:
            names = ", ".join(ui.concerns[c].text(lang) for c in shared)
            lines.append(f"- {link(number)} ({_md_text(names)})")
        if len(sharing) > RELATED_LIMIT:
            concern = record.concerns[0]
            more = _md_word(ui, "shares-concern-more", lang, count=len(sharing) - RELATED_LIMIT,
                            concern=_md_text(ui.concerns[concern].text(lang)))
            lines.append(f"- [{more}](index.md?concern={concern}#gallery)")
        lines.append("")
    if len(lines) == 2:
        lines += [_md_word(ui, "no-related", lang), ""]
    return "\n".join(lines)


# --- defence in depth ---------------------------------------------------------------------

_HEADING_ANCHOR = re.compile(r"^(#{1,6}\s.*?)\s*\{\s*(#[A-Za-z0-9_-]+)\s*\}\s*$")
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?((?:\s+[\"'(][^)]*)?)\)")
_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)<?(\S+?)>?(\s.*)?$")


def unsafe_target(target: str) -> bool:
    """Would following ``target`` leave the allow-list? (``javascript:``, ``data:``, ``//host``, hidden or not).

    The rule is ``markup_policy.url_problem``, the same for data fields,
    decision records and pages.
    """
    return url_problem(target) is not None


_LINK_START = re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)")


def _sanitize_prose(text: str) -> str:
    def link(match: re.Match) -> str:
        return match.group(2) if unsafe_target(match.group(3)) else match.group(0)

    def opening(match: re.Match) -> str:  # a link whose text began on an earlier line
        return "]\\(" + match.group(0)[2:] if unsafe_target(match.group(1)) else match.group(0)

    text = _LINK_START.sub(opening, _LINK.sub(link, text))
    text = text.replace("<", "&lt;")
    return text.replace("{", "&#123;").replace("}", "&#125;")


def sanitize_markdown(markdown: str) -> str:
    """ADR Markdown with nothing left that could run or include anything.

    Outside code: every ``<`` becomes ``&lt;`` (no raw HTML, no autolinks),
    braces become entities (no template syntax, no attribute lists; only a
    heading's own ``{ #anchor }`` is kept), links and images whose target
    has a scheme other than http, https or mailto keep only their text, and
    such reference definitions are dropped. Code (fenced or inline) is left
    as written: Markdown shows it escaped, and ADR pages are never rendered
    as templates.
    """
    out: list[str] = []
    for line, code in fenced(markdown.split("\n")):
        if code:
            out.append(line)
            continue
        ref = _REF_DEF.match(line)
        if ref and unsafe_target(ref.group(2)):
            out.append("")
            continue
        anchor = ""
        heading = _HEADING_ANCHOR.match(line)
        if heading:
            line, anchor = heading.group(1), f" {{ {heading.group(2)} }}"
        pieces, last = [], 0
        for start, end in code_spans(line):  # the one code-span finder (escaped backticks open none)
            pieces.append(_sanitize_prose(line[last:start]))
            pieces.append(line[start:end])
            last = end
        pieces.append(_sanitize_prose(line[last:]))
        out.append("".join(pieces) + anchor)
    return "\n".join(out)


def safe_meta(meta: dict) -> dict:
    """The front matter an ADR page may keep: contract keys only, title escaped, never macro-rendered."""
    kept = {key: value for key, value in meta.items() if key in AdrMeta.model_fields}
    if isinstance(kept.get("title"), str):
        kept["title"] = html.escape(kept["title"], quote=False)
    kept["render_macros"] = False
    return kept


def add_furniture(markdown: str, badge: str, related: str) -> str:
    """Insert the badge after the first H1 (or at the top) and append the related list."""
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if re.match(r"^#\s", line)), 0)
    lines[at:at] = ["", badge.rstrip("\n"), ""]
    return "\n".join(lines).rstrip("\n") + "\n\n" + related.rstrip("\n") + "\n"
