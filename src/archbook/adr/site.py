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
from archbook.adr.model import CONCERNS, STATUSES, STEPS, AdrMeta, AdrUi
from archbook.adr.parse import ADR_FILE, read_adr
from archbook.core.languages import ENGLISH, ROMAN_URDU, TWIN_SUFFIX, check_language
from archbook.safety.markup_policy import ALLOWED_SCHEMES, code_spans, fill, url_problem  # noqa: F401 (ALLOWED_SCHEMES: kept for importers)

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
                                         meta.roadmap_step, tuple(meta.supersedes), meta.superseded_by, titles)
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
        found = sorted(p for p in (docs_dir / "learn").glob(f"{step:02d}-*.md") if not p.name.endswith(TWIN_SUFFIX))
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

def gallery_html(records: list[AdrRecord], ui: AdrUi, lang: str, use_directory_urls: bool = True) -> str:
    """The gallery: filter controls (shown by ``adr-gallery.js``) and a table of every ADR.

    Without JavaScript the form stays hidden and the full table is readable.
    Each row carries ``data-status``, ``data-concerns`` and ``data-step`` for the filters.
    """
    check_language(lang)
    word = lambda key, **v: _attr(ui.word(key, lang, **v))  # noqa: E731
    options = {
        "status": [(s, ui.statuses[s].text(lang)) for s in STATUSES],
        "concern": [(c, ui.concerns[c].text(lang)) for c in CONCERNS],
        "step": [(str(n), f"{n}. {ui.steps[n].title.text(lang)}") for n in STEPS],
    }
    labels = {"status": word("status"), "concern": word("concerns"), "step": word("step")}
    out = [
        f'<div class="adr-gallery" data-adr-gallery data-count="{word("count")}" '
        f'data-count-none="{word("count-none")}">',
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
    out.append("<table>")
    out.append(f"<caption>{word('gallery-caption', total=len(records))}</caption>")
    headers = ("number", "title", "status", "concerns", "step", "date")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{word(h)}</th>' for h in headers) + "</tr></thead>")
    out.append("<tbody>")
    for record in records:
        concerns = ", ".join(ui.concerns[c].text(lang) for c in record.concerns)
        step_name = ui.steps[record.roadmap_step].title.text(lang)
        out.append(
            f'<tr data-status="{record.status}" data-concerns="{" ".join(record.concerns)}" '
            f'data-step="{record.roadmap_step}">'
            f"<td>{record.number:04d}</td>"
            f'<td><a href="{_attr(page_url(record.stem, use_directory_urls))}">{_attr(record.title(lang))}</a></td>'
            f"<td>{_attr(ui.statuses[record.status].text(lang))}</td>"
            f"<td>{_attr(concerns)}</td>"
            f'<td><span title="{_attr(step_name)}">{record.roadmap_step}</span></td>'
            f"<td>{record.date.isoformat()}</td>"
            "</tr>"
        )
    out.append("</tbody>")
    out.append("</table>")
    out.append("</div>")
    return "\n".join(out) + "\n"


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
    """The status line under an ADR's title: status, date, concerns, roadmap step, with links.

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
    return " · ".join(parts) + "\n{ .adr-badge }\n"


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
        for _, number, shared in sorted(sharing):
            names = ", ".join(ui.concerns[c].text(lang) for c in shared)
            lines.append(f"- {link(number)} ({_md_text(names)})")
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
