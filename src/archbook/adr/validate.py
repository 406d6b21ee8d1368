"""Check ADRs against the contract and report every problem at its line.

Every problem reads ``file:line: field: expected X, got Y``, with ``file``
relative to the project root and ``line`` the line of the offending key or
heading, so that a first-time contributor can fix it without reading Python.
Nothing stops at the first problem: one run lists them all.

Checks on each file: front matter (keys, types, status, date, concerns,
step, links between ADRs, the optional ``revisit_by``: a real date, not
before ``date``), the required sections in order with their anchors, at
least two options, at least two measurable success metrics, and safety (no
raw HTML, no template syntax, no include lines, no attribute lists beyond
heading anchors, no script or data links, no images from outside
``docs/adr/``). Checks on the whole set: file names and numbers, duplicates,
twins present and agreeing (a ``revisit_by`` in both or in neither), dangling
and asymmetric ``supersedes`` links and cycles.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from archbook.adr.model import (
    CONCERNS, OPTION_PREFIX, OPTIONS_AFTER, OPTIONAL_KEYS, SECTIONS, STATUSES, TWIN_KEYS, AdrMeta,
)
from archbook.adr.parse import ADR_FILE, TEMPLATE_STEM, AdrDocument, read_adr
from archbook.adr import assets
from archbook.adr.problem import Problem
from archbook.adr.site import unsafe_target
from archbook.core.languages import ENGLISH, ROMAN_URDU, TWIN_SUFFIX
from archbook.content.front_matter import TRANSLATION_KEY
from archbook.rules.metrics import is_measurable  # the one rule, shared with check-exercise 05
from archbook.core.figure_call import without_figure_calls
from archbook.safety.markup_policy import ATTR_LIST, decode_address, rendered_address_findings

ALLOWED_KEYS = tuple(AdrMeta.model_fields)

EXPECTED = {
    "number": "a whole number of at least 1",
    "title": "non-empty text",
    "status": f"one of {', '.join(STATUSES)}",
    "date": "an ISO date (YYYY-MM-DD)",
    "deciders": "a non-empty list of names or roles",
    "concerns": f"a non-empty list from {', '.join(CONCERNS)}",
    "roadmap_step": "a whole number from 1 to 5",
    "supersedes": "a list of ADR numbers",
    "superseded_by": "an ADR number or null",
    "revisit_by": "an ISO date (YYYY-MM-DD) on or after date, or no revisit_by",
    "translation_of": "the 16 hex digits 'archbook translations --mark-fresh' writes (Roman Urdu twin only)",
}
"""What each front-matter key must hold, as messages say it."""

_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>\n]*>?")
_MACRO = re.compile(r"\{\{|\{%|%\}|\}\}")
_MACRO_START = re.compile(r"\{\{|\{%")
_SNIPPET = re.compile(r"-{1,}8<-{1,}|;{1,}8<;{1,}")
_SAFE_HEADING_ATTRS = re.compile(r"^#[A-Za-z0-9_-]+$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_ADR_LINK = re.compile(r"^(?:\./)?(\d{4}-[a-z0-9-]+?)(\.ur-Latn)?\.md(?:#.*)?$")


def show(value: Any) -> str:
    """A value as messages show it: text quoted, null, lists in brackets."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 80 else value[:77] + "..."
        return f"'{text}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) if isinstance(v, (list, dict, str)) else str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    return str(value)


def _excerpt(text: str, start: int, width: int = 40) -> str:
    piece = text[start:start + width].rstrip()
    return piece + ("..." if len(text) > start + width else "")


# --- one file -----------------------------------------------------------------------------

def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)


def meta_problems(doc: AdrDocument, today: dt.date | None = None) -> list[Problem]:
    """Problems of the front matter of one file: every key, type and value."""
    front = doc.front
    if front.data is None:
        return [Problem(doc.name, front.error_line, "front matter", *_split(front.error))]
    problems: list[Problem] = []
    data = front.data
    # Markup hidden in a field: never shown as HTML, never rendered as a template.
    for key, value in data.items():
        for text in _strings(value):
            line = front.line_of(str(key))
            tag = _HTML_TAG.search(text)
            if tag:
                problems.append(Problem(doc.name, line, str(key), "plain text without HTML tags", show(text)))
            if _MACRO.search(text):
                problems.append(Problem(doc.name, line, str(key), "plain text without '{{' or '{%'", show(text)))
    if TRANSLATION_KEY in data and doc.lang == ENGLISH:
        problems.append(Problem(doc.name, front.line_of(TRANSLATION_KEY), TRANSLATION_KEY,
                                "no translation_of in the English file (only the Roman Urdu twin records "
                                "which English text it translates)", show(data[TRANSLATION_KEY])))
    try:
        meta = AdrMeta.model_validate(data, context={"today": today or dt.date.today()})
    except ValidationError as exc:
        problems += _describe(doc, exc)
        return sorted(problems, key=lambda p: p.line)
    if meta.number == 0 and not doc.is_template:
        problems.append(Problem(doc.name, front.line_of("number"), "number",
                                "a whole number of at least 1 (0 is only for the template)", "0"))
    if doc.is_template and meta.number != 0:
        problems.append(Problem(doc.name, front.line_of("number"), "number", "0 for the template", str(meta.number)))
    return sorted(problems, key=lambda p: p.line)


def _split(message: str) -> tuple[str, str]:
    """``"expected X, got Y"`` -> ``("X", "Y")``."""
    match = re.match(r"expected (.*), got (.*)$", message, re.S)
    return (match.group(1), match.group(2)) if match else (message, "something else")


def _describe(doc: AdrDocument, exc: ValidationError) -> list[Problem]:
    front = doc.front
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        key = str(loc[0]) if loc else ""
        kind = error["type"]
        line = front.value_lines.get(loc, front.line_of(key)) if loc else 1
        if kind == "extra_forbidden":
            problems.append(Problem(doc.name, front.line_of(key), key,
                                    f"one of the keys {', '.join(ALLOWED_KEYS)}", "an unknown key"))
            continue
        if kind == "missing":
            problems.append(Problem(doc.name, 1, key, EXPECTED.get(key, "a value"), "nothing (the key is missing)"))
            continue
        if kind == "value_error":
            message = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
            if not loc:  # a check across fields: "field: expected X, got Y"
                key, _, message = message.partition(": ")
                line = front.line_of(key)
            problems.append(Problem(doc.name, line, key, *_split(message)))
            continue
        value = error.get("input")
        if len(loc) > 1 and key in {"concerns", "supersedes", "deciders"}:
            what = {"concerns": f"only concerns from {', '.join(CONCERNS)}",
                    "supersedes": "a list of ADR numbers", "deciders": EXPECTED["deciders"]}[key]
            problems.append(Problem(doc.name, line, key, what, show(value)))
            continue
        problems.append(Problem(doc.name, front.line_of(key), key, EXPECTED.get(key, "a valid value"), show(value)))
    return problems


def structure_problems(doc: AdrDocument) -> list[Problem]:
    """The required sections, in order, with their anchors; the H1 repeats the title."""
    problems: list[Problem] = []
    expected = list(SECTIONS)
    index = 0
    last_line = doc.body[-1].number if doc.body else 1

    def want(i: int) -> str:
        section = expected[i]
        return f"'{'#' * section.level} ... {{ #{section.anchor} }}'"

    for heading in doc.headings:
        if heading.level >= 4:
            continue
        anchor = heading.anchor or ""
        is_option = heading.level == 3 and anchor.startswith(OPTION_PREFIX)
        if is_option and index > 0 and expected[index - 1].anchor == OPTIONS_AFTER:
            continue
        positions = [i for i in range(index, len(expected)) if expected[i].anchor == anchor]
        if positions:
            found = positions[0]
            for missing in range(index, found):
                problems.append(Problem(doc.name, heading.line, "section", f"{want(missing)} before this heading",
                                        "nothing (the section is missing)"))
            if expected[found].level != heading.level:
                problems.append(Problem(doc.name, heading.line, "section",
                                        f"a level-{expected[found].level} heading for {{ #{anchor} }}",
                                        f"level {heading.level}"))
            index = found + 1
            continue
        if index < len(expected):
            where = want(index)
        else:
            where = "no heading above level 4 after 'More information'"
        if any(section.anchor == anchor for section in expected[:index]):
            got = f"{{ #{anchor} }} again (out of order)"
        elif is_option:
            got = f"the option heading '{heading.shown()}' outside 'Pros and cons of the options'"
        else:
            got = f"'{heading.shown()}'"
        problems.append(Problem(doc.name, heading.line, "section", where, got))
    for missing in range(index, len(expected)):
        problems.append(Problem(doc.name, last_line, "section", want(missing), "nothing (end of file)"))

    # The H1 repeats the front-matter title.
    title = (doc.data or {}).get("title")
    h1 = next((h for h in doc.headings if h.anchor == "adr" and h.level == 1), None)
    if h1 and isinstance(title, str) and " ".join(h1.text.split()) != " ".join(title.split()):
        problems.append(Problem(doc.name, h1.line, "title", f"the heading to repeat the front matter title {show(title)}",
                                show(h1.text)))
    return problems


def content_problems(doc: AdrDocument) -> list[Problem]:
    """At least two options and two measurable success metrics."""
    problems: list[Problem] = []
    if "considered-options" in doc.sections and len(doc.considered) < 2:
        problems.append(Problem(doc.name, doc.section_line("considered-options"), "considered options",
                                "a list of at least 2 options", str(len(doc.considered))))
    if OPTIONS_AFTER in doc.sections and len(doc.options) < 2:
        problems.append(Problem(doc.name, doc.section_line(OPTIONS_AFTER), "options",
                                "at least 2 option headings '### Name { #option-slug }'", str(len(doc.options))))
    if "success-metrics" in doc.sections:
        measurable = [text for _, text in doc.metrics if is_measurable(text)]
        if len(measurable) < 2:
            problems.append(Problem(doc.name, doc.section_line("success-metrics"), "success metrics",
                                    "at least 2 bullets with a number and a unit (e.g. 'p95 latency under 2.5 s')",
                                    str(len(measurable))))
    return problems


def guidance_problems(doc: AdrDocument) -> list[Problem]:
    """Paragraphs and list items left exactly as the template's guidance (an unedited ``adr-new`` pair).

    The record is compared with ``template.md`` (or its twin) in its own
    folder: any paragraph, quote or list item identical to one of the
    template's, whitespace aside, is reported at its first line.
    """
    if doc.is_template:
        return []
    template = doc.path.parent / (f"{TEMPLATE_STEM}.md" if doc.lang == ENGLISH else f"{TEMPLATE_STEM}{TWIN_SUFFIX}")
    guidance = _template_blocks(template)
    if not guidance:
        return []
    return [Problem(doc.name, line, "body", "your own text in place of the template's guidance",
                    show(text[:60] + ("..." if len(text) > 60 else "")))
            for line, text in _blocks([(line.number, line.text) for line in doc.body if not line.in_code])
            if text in guidance]


_BLOCK_START = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|^\s*#")


def _blocks(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``(first line, text)`` of each paragraph, quote and list item, whitespace folded; headings skipped."""
    blocks: list[tuple[int, list[str]]] = []
    open_block = False
    for number, text in lines:
        bare = text.strip().lstrip(">").strip()
        if not bare or bare.startswith("#"):
            open_block = False
            continue
        if not open_block or _BLOCK_START.match(bare):
            blocks.append((number, []))
        blocks[-1][1].append(bare)
        open_block = True
    return [(number, " ".join(" ".join(parts).split())) for number, parts in blocks]


def _template_blocks(path: Path) -> frozenset[str]:
    try:
        stat = path.stat()
    except OSError:
        return frozenset()
    return _template_blocks_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _template_blocks_cached(path: str, _mtime: int, _size: int) -> frozenset[str]:
    doc = read_adr(Path(path))
    if doc.unreadable:
        return frozenset()
    return frozenset(text for _, text in _blocks([(line.number, line.text) for line in doc.body if not line.in_code])
                     if len(text) >= 20)


def safety_problems(doc: AdrDocument) -> list[Problem]:
    """Raw HTML, template syntax, includes, attribute lists and unsafe links in the body."""
    problems: list[Problem] = []
    heading_lines = {h.line for h in doc.headings}
    for line in doc.body:
        text = line.text if line.in_code else without_figure_calls(line.text)
        match = _MACRO_START.search(text)
        if match:
            problems.append(Problem(doc.name, line.number, "body", "no template syntax ('{{' or '{%')",
                                    show(_excerpt(text, match.start()))))
        match = _SNIPPET.search(text)
        if match:
            problems.append(Problem(doc.name, line.number, "body", "no include lines ('--8<--')",
                                    show(_excerpt(text, match.start()))))
        if line.in_code:
            continue
        prose = line.prose
        if line.number in heading_lines:
            prose = re.sub(r"\s*\{[^{}]*\}\s*$", "", prose)  # its anchor is checked with the heading
        match = _HTML_TAG.search(prose)
        if match:
            problems.append(Problem(doc.name, line.number, "body", "Markdown without raw HTML",
                                    show(_excerpt(prose, match.start()))))
        for attr in ATTR_LIST.finditer(prose):
            content = attr.group(1).strip()
            if content.startswith(("#", ".", ":")) or "=" in content or attr.group(0).startswith("{:"):
                problems.append(Problem(doc.name, line.number, "body", "no attribute lists (only heading anchors)",
                                        show(attr.group(0))))
    for heading in doc.headings:
        if heading.attrs is not None and not _SAFE_HEADING_ATTRS.match(heading.attrs.replace(" ", "")):
            problems.append(Problem(doc.name, heading.line, "heading", "only an anchor such as { #some-slug }",
                                    show("{ " + heading.attrs + " }")))
    reported: set[tuple[str, str]] = set()
    for link in doc.links:
        kind = "image" if link.image else "link"
        target = html.unescape(link.target)
        if link.image:
            if _SCHEME.match(target) or target.startswith(("/", "\\")) or ".." in target.replace("\\", "/").split("/"):
                problems.append(Problem(doc.name, link.line, kind, "an image file inside docs/adr/", show(link.target)))
                reported.add((kind, target))
        elif unsafe_target(link.target):
            problems.append(Problem(doc.name, link.line, kind, "a relative link or an http(s) address",
                                    show(link.target)))
            reported.add((kind, target))
    return problems + _rendered_problems(doc, reported)


def _outside_adr_folder(address: str) -> str | None:
    target = decode_address(address, markdown=False)
    if _SCHEME.match(target) or target.startswith(("/", "\\")) or ".." in target.split("/"):
        return "an image file inside docs/adr/"
    return None


def _rendered_problems(doc: AdrDocument, reported: set[tuple[str, str]]) -> list[Problem]:
    """Links and images the line reader cannot see, found in the record as Markdown renders it.

    A label or target over several lines (``[x](\\njavascript:...)``), a
    reference definition whose address is on the next line, and
    reference-style images (``![c]`` with ``[c]: https://...``) are all found
    here, by rendering the body and reading every ``href`` and ``src``
    (``markup_policy.rendered_address_findings``).
    """
    if not doc.body:
        return []
    lines = [line.text for line in doc.body]
    problems = []
    for number, finding, address in rendered_address_findings(lines, doc.body[0].number, _outside_adr_folder):
        if any(kind == finding.kind and target and html.unescape(address).startswith(target)
               for kind, target in reported):
            continue  # reported line by line already
        expected = finding.expected if finding.kind == "image" else "a relative link or an http(s) address"
        problems.append(Problem(doc.name, number, finding.kind, expected, show(address)))
    return problems


def check_document(doc: AdrDocument, today: dt.date | None = None) -> list[Problem]:
    """Every problem of one file on its own (not the checks across files)."""
    if doc.unreadable:  # not UTF-8 or too large: nothing else about it can be trusted
        return [Problem(doc.name, doc.front.error_line, "file", *_split(doc.front.error))]
    return (meta_problems(doc, today) + structure_problems(doc) + content_problems(doc) + safety_problems(doc)
            + guidance_problems(doc) + assets.document_problems(doc))  # images, alt text, stray braces, front-matter markup


# --- the whole set ------------------------------------------------------------------------

def adr_files(adr_dir: Path) -> list[Path]:
    """Every ADR file (and template) in ``adr_dir``; the gallery ``index`` pages are not ADRs."""
    return sorted(p for p in adr_dir.glob("*.md")
                  if p.is_file() and p.name not in {"index.md", f"index{TWIN_SUFFIX}"})


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_documents(adr_dir: Path, root: Path) -> list[AdrDocument]:
    """Read every ADR file of ``adr_dir``; names are relative to ``root``."""
    return [read_adr(path, _rel(path, root)) for path in adr_files(adr_dir)]


def _meta(doc: AdrDocument) -> dict[str, Any]:
    data = doc.data or {}
    return data if isinstance(data, dict) else {}


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ints(value: Any) -> list[int]:
    return [v for v in value if _int_or_none(v) is not None] if isinstance(value, list) else []


def set_problems(docs: list[AdrDocument]) -> list[Problem]:
    """Checks across files: names, numbers, twins and the supersedes graph."""
    problems: list[Problem] = []
    by_stem: dict[str, dict[str, AdrDocument]] = defaultdict(dict)
    for doc in docs:
        by_stem[doc.stem][doc.lang] = doc

    # File names and numbers.
    for doc in docs:
        if doc.is_template:
            continue
        match = ADR_FILE.match(doc.stem)
        if not match:
            problems.append(Problem(doc.name, 1, "file name", "NNNN-slug.md (for example 0013-adopt-a-vector-database.md)",
                                    show(doc.path.name)))
            continue
        number = _int_or_none(_meta(doc).get("number"))
        if number is not None and number != int(match.group("number")):
            problems.append(Problem(doc.name, doc.front.line_of("number"), "number",
                                    f"{int(match.group('number'))} (the NNNN of the file name)", str(number)))

    # Twins: present, and agreeing on everything but the title.
    for stem, twins in sorted(by_stem.items()):
        english, urdu = twins.get(ENGLISH), twins.get(ROMAN_URDU)
        if english is None or urdu is None:
            have = english or urdu
            missing = have.path.with_name(stem + (TWIN_SUFFIX if urdu is None else ".md"))
            folder = have.name.rsplit("/", 1)[0] + "/" if "/" in have.name else ""
            language = "Roman Urdu" if urdu is None else "English"
            problems.append(Problem(have.name, 1, "twin", f"the {language} twin {folder}{missing.name}",
                                    "nothing (the file is missing)"))
            continue
        left, right = _meta(english), _meta(urdu)
        if english.data is None or urdu.data is None:
            continue
        for key in TWIN_KEYS:
            if key in OPTIONAL_KEYS and (left.get(key) is None or right.get(key) is None):
                continue  # the next loop says which twin leaves it out
            if key in left and left.get(key) != right.get(key) and key in right:
                problems.append(Problem(urdu.name, urdu.front.line_of(key), key,
                                        f"{show(left.get(key))} as in its twin {english.name}", show(right.get(key))))
        for key in OPTIONAL_KEYS:  # left out (or null) in one twin only
            if left.get(key) is None and right.get(key) is not None:
                problems.append(Problem(urdu.name, urdu.front.line_of(key), key,
                                        f"no {key} as in its twin {english.name}", show(right.get(key))))
            elif left.get(key) is not None and right.get(key) is None:
                problems.append(Problem(urdu.name, urdu.front.line_of(key), key,
                                        f"{show(left.get(key))} as in its twin {english.name}",
                                        "null" if key in right else "nothing (the key is missing)"))

    # Links to other ADRs point at files that exist, by their English name.
    for doc in docs:
        for link in doc.links:
            match = _ADR_LINK.match(link.target)
            if not match or link.image:
                continue
            if match.group(2):
                problems.append(Problem(doc.name, link.line, "link",
                                        f"the English file name {match.group(1)}.md (the site picks the twin)",
                                        show(link.target)))
            elif ENGLISH not in by_stem.get(match.group(1), {}):
                problems.append(Problem(doc.name, link.line, "link", "a link to an existing ADR file",
                                        show(link.target)))

    # Numbers are unique (one record per number, twins share it).
    primary = [twins.get(ENGLISH) or twins.get(ROMAN_URDU) for stem, twins in sorted(by_stem.items())
               if stem != TEMPLATE_STEM]
    first_with: dict[int, AdrDocument] = {}
    records: dict[int, AdrDocument] = {}
    for doc in primary:
        number = _int_or_none(_meta(doc).get("number"))
        if number is None or number == 0:
            continue
        if number in first_with:
            problems.append(Problem(doc.name, doc.front.line_of("number"), "number",
                                    "a number no other ADR uses", f"{number} (also {first_with[number].name})"))
            continue
        first_with[number] = doc
        records[number] = doc

    problems += _graph_problems(records)
    return problems


def _graph_problems(records: dict[int, AdrDocument]) -> list[Problem]:
    problems: list[Problem] = []

    def report(number: int, key: str, expected: str, got: str) -> None:
        doc = records[number]  # the English file; the twin check keeps the other one equal
        problems.append(Problem(doc.name, doc.front.line_of(key), key, expected, got))

    edges: dict[int, list[int]] = {}
    for number, doc in sorted(records.items()):
        meta = _meta(doc)
        supersedes = _ints(meta.get("supersedes"))
        successor = _int_or_none(meta.get("superseded_by"))
        for old in supersedes:
            if old not in records:
                report(number, "supersedes", "numbers of existing ADRs", f"{old} (no ADR {old:04d})")
        if successor is not None and successor not in records:
            report(number, "superseded_by", "the number of an existing ADR", f"{successor} (no ADR {successor:04d})")
        edges[number] = [old for old in supersedes if old in records]

    for number, olds in sorted(edges.items()):
        for old in olds:
            if old == number:
                continue
            successor = _int_or_none(_meta(records[old]).get("superseded_by"))
            if successor != number:
                report(old, "superseded_by", f"{number} (ADR {number:04d} supersedes this one)", show(successor))
    for number, doc in sorted(records.items()):
        successor = _int_or_none(_meta(doc).get("superseded_by"))
        if successor is not None and successor in records and number not in edges.get(successor, []):
            report(successor, "supersedes",
                   f"a list that includes {number} (ADR {number:04d} says superseded_by: {successor})",
                   show(_meta(records[successor]).get("supersedes")))

    for cycle in find_cycles(edges):
        path = " -> ".join(f"{n:04d}" for n in cycle + [cycle[0]])
        report(cycle[0], "supersedes", "no cycle of supersedes links", path)
    return problems


def find_cycles(edges: dict[int, list[int]]) -> list[list[int]]:
    """One cycle per strongly connected group of the supersedes graph, starting at its lowest number."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    groups: list[list[int]] = []
    counter = [0]

    def connect(node: int) -> None:  # Tarjan's algorithm
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, []):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            groups.append(group)

    for node in sorted(edges):
        if node not in index:
            connect(node)
    cycles = []
    for group in groups:
        members = set(group)
        start = min(group)
        if len(group) == 1 and start not in edges.get(start, []):
            continue
        # The shortest way from the lowest number back to itself, inside the group.
        parents: dict[int, int] = {}
        queue, end = [start], None
        while queue and end is None:
            node = queue.pop(0)
            for nxt in sorted(edges.get(node, [])):
                if nxt == start:
                    end = node
                    break
                if nxt in members and nxt not in parents:
                    parents[nxt] = node
                    queue.append(nxt)
        path = [end]
        while path[-1] != start:
            path.append(parents[path[-1]])
        path.reverse()
        cycles.append(path)
    return sorted(cycles)


def check_documents(docs: list[AdrDocument], today: dt.date | None = None) -> list[Problem]:
    """Every problem of a set of ADR files, sorted by file and line."""
    problems: list[Problem] = []
    for doc in docs:
        problems += check_document(doc, today)
    problems += set_problems(docs)
    order = {doc.name: i for i, doc in enumerate(docs)}
    indexed = list(enumerate(problems))
    indexed.sort(key=lambda item: (order.get(item[1].file, len(order)), item[1].file, item[1].line, item[0]))
    unique, seen = [], set()
    for _, problem in indexed:
        if str(problem) not in seen:
            seen.add(str(problem))
            unique.append(problem)
    return unique


def check_tree(root: Path, adr_dir: Path | None = None, today: dt.date | None = None) -> list[Problem]:
    """Every problem of the ADRs in ``adr_dir`` (default ``root/docs/adr``)."""
    adr_dir = adr_dir or root / "docs" / "adr"
    if not adr_dir.is_dir():
        return [Problem(_rel(adr_dir, root), 1, "folder", "a folder of ADRs", "nothing")]
    return check_documents(load_documents(adr_dir, root), today) + assets.folder_problems(adr_dir, root)
