"""What contributed text may contain, in one place: the Markdown allow-list and the URL rule.

Contributed text reaches readers in three ways, and each has its rule here:

* **Data fields** (every [Bilingual][archbook.content.models.Bilingual] value and
  every ``Text`` field of a data file) are *inline Markdown*: emphasis
  (``*x*``, ``_x_``), strong (``**x**``), inline code (`` `x` ``) and links
  written ``[text](address)``. Nothing else: no raw HTML or ``<...>``
  autolinks, no HTML entities (write the character itself), no images, no
  attribute lists or template syntax (braces are allowed only as ``{name}``
  placeholders in interface words, and as a figure of the running example,
  ``{{ example("group.name") }}``: [FIGURE_CALL][archbook.core.figure_call.FIGURE_CALL]), no reference-style links, footnotes or
  abbreviations, no block syntax (headings, tables, code blocks,
  admonitions), at most [MAX_FIELD_CHARS][archbook.core.limits.MAX_FIELD_CHARS]
  characters. [inline_findings][archbook.safety.markup_policy.inline_findings]
  checks it at validation time (``archbook check`` and the build), and
  [inert_inline][archbook.safety.markup_policy.inert_inline] neutralises anything
  else again when a table cell or paragraph is rendered (defence in depth).
* **Decision records** (``docs/adr/``) are full Markdown without raw HTML,
  template syntax, include lines or attribute lists beyond heading anchors;
  their links follow [url_problem][archbook.safety.markup_policy.url_problem] and
  their images need alt text ([alt_problem][archbook.safety.markup_policy.alt_problem]).
  The checks live in ``archbook.adr.validate`` and ``archbook.adr.assets``.
* **Pages** under ``docs/`` (not decision records) need no raw HTML: every
  widget is emitted by a macro. [page_findings][archbook.safety.markup_policy.page_findings]
  allows only the tags in [PAGE_HTML][archbook.safety.markup_policy.PAGE_HTML]
  and the attribute-list entries in [PAGE_ATTRIBUTES][archbook.safety.markup_policy.PAGE_ATTRIBUTES];
  ``<script>``, ``<iframe>``, ``<object>``, ``<embed>``, ``on*`` attributes and
  ``javascript:`` addresses never pass.

Every address a link may take, anywhere, passes
[url_problem][archbook.safety.markup_policy.url_problem]: ``http``, ``https``,
``mailto`` or a site-relative target, after undoing every way of hiding a
scheme (entities, percent-encoding, Markdown escapes, case, whitespace and
control characters, backslashes, protocol-relative ``//host``).
[live_markup][archbook.safety.markup_policy.live_markup] is the last gate: the
build refuses any published page (head, navigation and title included) that
holds a script the theme did not write, an event handler, a style or a
script address. Links and images are also checked as Markdown finally
renders them ([rendered_address_findings][archbook.safety.markup_policy.rendered_address_findings]),
so a target over several lines or a reference-style image cannot slip past
the line-by-line checks.
"""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from archbook.core.figure_call import without_figure_calls
from archbook.core.fences import fenced
from archbook.core.limits import MAX_ALT_CHARS, MAX_FIELD_CHARS
from archbook.core.remember import kept

ALLOWED_SCHEMES = ("http", "https", "mailto")
"""The only schemes a link may use; anything else must be a site-relative address."""

EXPECTED_ADDRESS = "a link to an http(s), mailto or site-relative address"
"""How messages describe an acceptable link target."""

PLACEHOLDER = re.compile(r"\{(?!on)[a-z_][a-z0-9_]*\}")
"""A ``{name}`` placeholder of an interface word; the only braces data may hold.

A name never starts with ``on``: after a space at the end of a table cell,
``{onclick}`` would read as an attribute list setting an event handler."""

PAGE_HTML: dict[str, frozenset[str]] = {
    "br": frozenset(),
    "kbd": frozenset(),
    "sub": frozenset(),
    "sup": frozenset(),
}
"""Raw HTML a page under ``docs/`` may hold outside code: tag -> allowed attributes.

The project's widgets (tables, diagrams, quizzes, calculators, the ADR
gallery) are all emitted by macros, so page sources need no other HTML.
HTML comments are allowed too.
"""

PAGE_ATTRIBUTES = frozenset({"width", "height", "loading", "title", "lang", "align"})
"""Keys an attribute list ``{ ... }`` on a page may set, besides ``#id`` and ``.class``."""


# --- addresses ---------------------------------------------------------------------------

_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SCHEME = re.compile(r"^([^/?#]*?):")
_VALID_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*$")
_HIDDEN = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn"}


def decode_address(target: str, markdown: bool = True) -> str:
    """``target`` as a browser would finally read it, for the scheme check.

    Undoes Markdown backslash escapes (once, when ``target`` comes from
    Markdown rather than from an HTML attribute), HTML character references
    and percent-encoding (repeatedly: ``&amp;#106;`` and ``%256A`` too),
    drops whitespace, control and invisible characters, and reads
    backslashes as slashes (as browsers do in http(s) addresses).
    """
    text = target.strip()
    if markdown and text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if markdown:
        text = _MD_ESCAPE.sub(r"\1", text)  # Markdown undoes its escapes once, before the browser reads it
    for _ in range(6):
        before = text
        text = unquote(html.unescape(text))
        if text == before:
            break
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _HIDDEN)
    return text.replace("\\", "/")


def url_problem(target: str, markdown: bool = True) -> str | None:
    """Why ``target`` may not be a link's address, or None when it may.

    Allowed: ``http:``, ``https:`` and ``mailto:`` addresses, and
    site-relative targets (``page.md``, ``../x/``, ``#anchor``, ``?q``).
    Refused: any other scheme (``javascript:``, ``data:``, ``vbscript:``,
    ``file:`` ...), however it is hidden, and protocol-relative ``//host``.
    ``markdown`` is False for an address read from HTML (no Markdown escapes).
    """
    text = decode_address(target, markdown)
    if text.startswith("//"):
        return "a protocol-relative address ('//host') leaves the site"
    match = _SCHEME.match(text)
    if match is None:
        return None
    scheme = match.group(1).lower()
    if scheme in ALLOWED_SCHEMES:
        return None
    if _VALID_SCHEME.match(scheme):
        return f"the scheme '{scheme}:' is not allowed"
    return "a ':' before the first '/' reads as a scheme; write './' first for a relative address"


def safe_address(target: str) -> bool:
    """True when ``target`` passes [url_problem][archbook.safety.markup_policy.url_problem]."""
    return url_problem(target) is None


# --- inline links ------------------------------------------------------------------------

@dataclass(frozen=True)
class InlineLink:
    """An inline link or image ``[label](target "title")`` found in text."""

    start: int
    end: int
    label: str
    target: str
    image: bool

    def shown(self, text: str) -> str:
        return text[self.start:self.end]


def _escaped(text: str, index: int) -> bool:
    slashes = 0
    while index - slashes - 1 >= 0 and text[index - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _closing_bracket(text: str, start: int) -> int | None:
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _destination(text: str, start: int) -> tuple[str, int] | None:
    """Parse ``(target "title")`` from ``start`` (just after ``(``); return target and end index."""
    index = start
    while index < len(text) and text[index] in " \t\n":
        index += 1
    if index < len(text) and text[index] == "<":
        close = text.find(">", index)
        if close == -1 or "\n" in text[index:close]:
            return None
        target = text[index:close + 1]
        index = close + 1
    else:
        depth, begin = 0, index
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char in " \t\n":
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            index += 1
        if depth:
            return None
        target = text[begin:index]
    while index < len(text) and text[index] in " \t\n":
        index += 1
    if index < len(text) and text[index] in "\"'(":
        closer = ")" if text[index] == "(" else text[index]
        close = text.find(closer, index + 1)
        if close == -1:
            return None
        index = close + 1
        while index < len(text) and text[index] in " \t\n":
            index += 1
    if index < len(text) and text[index] == ")":
        return target, index + 1
    return None


def find_links(text: str) -> list[InlineLink]:
    """Every inline link and image ``[label](target)`` of ``text``, in order, outside code spans."""
    if "[" not in text:
        return []
    code = code_spans(text)
    links: list[InlineLink] = []
    index = 0
    while True:
        start = text.find("[", index)
        if start == -1:
            return links
        if _escaped(text, start) or _inside(start, code):
            index = start + 1
            continue
        close = _closing_bracket(text, start)
        if close is None or close + 1 >= len(text) or text[close + 1] != "(":
            index = start + 1
            continue
        parsed = _destination(text, close + 2)
        if parsed is None:
            index = start + 1
            continue
        target, end = parsed
        image = start > 0 and text[start - 1] == "!" and not _escaped(text, start - 1)
        links.append(InlineLink(start - 1 if image else start, end, text[start + 1:close], target, image))
        index = end


# --- code spans --------------------------------------------------------------------------

_BACKTICKS = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.S)


def code_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every inline code span of ``text``; an escaped backtick (``\\` ``) opens none."""
    if "`" not in text:
        return []
    return [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]


def _inside(index: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= index < end for start, end in spans)


def blank_code(text: str) -> str:
    """``text`` with inline code replaced by spaces (code is shown, never interpreted).

    A backtick escaped with a backslash (``\\` ``) is a literal backtick, as
    Markdown reads it, not the start or end of a code span. Every check that
    skips inline code uses this one finder.
    """
    if "`" not in text:
        return text
    return _BACKTICKS.sub(lambda m: " " * len(m.group(0)), text)


# --- data fields: the inline allow-list ----------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One thing outside the allow-list: its kind, what was expected and what was found."""

    kind: str
    expected: str
    got: str

    def __str__(self) -> str:
        return f"expected {self.expected}, got {self.got}"


def _show(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return "'" + (text if len(text) <= width else text[:width - 3] + "...") + "'"


_TAG = re.compile(r"</?[A-Za-z!?][^<>\n]*>")  # a tag, comment or autolink is closed by '>'; "a <b" is text
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TEMPLATE = re.compile(r"\{\{|\{%|\{#|%\}|\}\}|#\}")
_BRACES = re.compile(r"\{[^{}\n]*\}?|\}")
_REFERENCE = re.compile(r"\]\s?\[|\]:|\[\^|^\s*\*\[", re.M)
_SNIPPET = re.compile(r"-{1,}8<-{1,}|;{1,}8<;{1,}")
_BLOCK = re.compile(
    r"^(?: {4,}|\t)\S"              # indented code
    r"|^\s{0,3}(?:#{1,6}(?:\s|$)"   # headings
    r"|```|~~~"                     # fences
    r"|!!!|\?\?\?"                  # admonitions, details
    r"|[=-]{2,}\s*$"                # setext underlines, rules
    r"|\|)",                        # table rows
    re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")

INLINE_ALLOWED = "inline Markdown only (emphasis, strong, `code` and [text](address) links)"


def inline_findings(text: str, limit: int | None = MAX_FIELD_CHARS) -> list[Finding]:
    """Everything in a data field outside the inline allow-list, most important first.

    An empty list means the text may be shown as Markdown in a table cell or
    a paragraph. ``limit`` is the largest number of characters allowed (None: no limit).
    """
    if limit is not None and len(text) > limit:
        return [Finding("length", f"at most {limit:,} characters (limits.MAX_FIELD_CHARS)",
                        f"{len(text):,} characters")]
    findings: list[Finding] = []
    control = _CONTROL.search(text)
    if control:
        findings.append(Finding("control", "text without control characters",
                                f"U+{ord(control.group(0)):04X}"))
    prose = without_figure_calls(blank_code(text))
    checks = (
        (_TAG, "html", "inline Markdown without HTML tags or <...> autolinks (write [text](https://...))"),
        (_TEMPLATE, "template", "no template syntax ('{{', '{%' or '{#')"),
        (_ENTITY, "entity", "the character itself, not an HTML entity"),
        (_SNIPPET, "snippet", "no include lines ('--8<--')"),
    )
    for pattern, kind, expected in checks:
        match = pattern.search(prose)
        if match:
            findings.append(Finding(kind, expected, _show(text[match.start():match.start() + 40])))
    if not any(f.kind == "template" for f in findings):
        for match in _BRACES.finditer(prose):
            if not PLACEHOLDER.fullmatch(match.group(0)):
                findings.append(Finding("braces", "no attribute lists or other braces "
                                        "(only {name} placeholders, name not starting with 'on')", _show(match.group(0))))
                break
    links = find_links(text)
    for link in links:
        if link.image:
            findings.append(Finding("image", "no images in data fields (diagrams come from diagrams/)",
                                    _show(link.shown(text))))
        elif url_problem(link.target):
            findings.append(Finding("link", EXPECTED_ADDRESS, _show(link.target)))
    rest = _blank_links(prose, links)
    reference = _REFERENCE.search(rest)
    if reference:
        findings.append(Finding("reference", "links written inline as [text](address), not reference-style "
                                "links, footnotes or abbreviations", _show(text[max(0, reference.start() - 20):
                                                                                 reference.end() + 20])))
    elif "](" in rest:
        at = rest.index("](")
        findings.append(Finding("link", "links written as [text](address)", _show(text[max(0, at - 20):at + 30])))
    elif re.search(r"(?<!\\)!\[", rest):
        findings.append(Finding("image", "no images in data fields (diagrams come from diagrams/)",
                                _show(text[rest.index("!["):][:40])))
    block = _BLOCK.search(prose)
    if block:
        line = prose[block.start():].split("\n", 1)[0]
        findings.append(Finding("block", "inline Markdown only (no headings, tables, code blocks, "
                                "admonitions or rules)", _show(line)))
    if not findings and _needs_render_check(text):
        findings += _render_findings(text)
    return findings


def _blank_links(text: str, links: list[InlineLink]) -> str:
    chars = list(text)
    for link in links:
        for index in range(link.start, min(link.end, len(chars))):
            chars[index] = " "
    return "".join(chars)


def inline_problem(text: str, limit: int | None = MAX_FIELD_CHARS) -> str | None:
    """The first finding of [inline_findings][archbook.safety.markup_policy.inline_findings] as a message."""
    findings = inline_findings(text, limit)
    return str(findings[0]) if findings else None


# --- the backstop: render as the site would, then look at the HTML --------------------------

_INLINE_ELEMENTS = {"p": set(), "em": set(), "strong": set(), "code": set(), "br": set(),
                    "a": {"href", "title"},
                    # the frame of the table-cell rendering
                    "table": set(), "thead": set(), "tbody": set(), "tr": set(), "th": set(), "td": set()}


def _needs_render_check(text: str) -> bool:
    return any(char in text for char in "[]<>&{}!\\`\n")


@functools.lru_cache(maxsize=1)
def _markdown():
    import markdown
    from markdown.extensions.abbr import AbbrExtension
    from markdown.extensions.admonition import AdmonitionExtension
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.def_list import DefListExtension
    from markdown.extensions.footnotes import FootnoteExtension
    from markdown.extensions.md_in_html import MarkdownInHtmlExtension
    from markdown.extensions.tables import TableExtension

    return markdown.Markdown(extensions=[
        AttrListExtension(), MarkdownInHtmlExtension(), AbbrExtension(), AdmonitionExtension(),
        TableExtension(), DefListExtension(), FootnoteExtension()])


class _Elements(HTMLParser):
    def __init__(self, allowed: dict[str, set[str]]):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.allowed:
            self.found.append(f"the element <{tag}>")
            return
        for name, value in attrs:
            if name not in self.allowed[tag]:
                self.found.append(f"the attribute {name}= on <{tag}>")
            elif name in {"href", "src"} and url_problem(value or "", markdown=False):
                self.found.append(f"the address {_show(value or '')}")


def _render_findings(text: str) -> list[Finding]:
    """Render ``text`` as a paragraph and as a table cell, the two places data text goes."""
    md = _markdown()
    text = PLACEHOLDER.sub(lambda m: m.group(0)[1:-1], text)  # filled by code, made inert when shown
    folded = " ".join(text.split()).replace("|", "\\|")
    try:
        rendered = md.reset().convert(text) + md.reset().convert(f"| x |\n| --- |\n| {folded} |\n")
    except Exception as exc:  # the renderer itself choked: not inert enough to publish
        return [Finding("markup", INLINE_ALLOWED, f"text the Markdown renderer cannot read ({exc})")]
    parser = _Elements(_INLINE_ELEMENTS)
    parser.feed(rendered)
    parser.close()
    return [Finding("markup", INLINE_ALLOWED, found) for found in parser.found[:1]]


# --- render time: defence in depth ------------------------------------------------------------

def _neutral_prose(text: str) -> str:
    text = html.escape(text, quote=False)
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    return re.sub(r"([\[\]])", r"\\\1", text)


def inert_inline(text: str) -> str:
    """Data text made inert for Markdown, whatever it holds.

    HTML is escaped (``&``, ``<``, ``>``: no tags, autolinks or entities),
    braces become entities (no attribute lists, no template syntax), and
    every square bracket is escaped except those of inline links whose
    address passes [url_problem][archbook.safety.markup_policy.url_problem] (no
    images, reference links, footnotes, abbreviations or script links; a
    refused link keeps only its text). A code span becomes ``<code>`` with
    every character of its content that HTML or Markdown could read as
    syntax written as a character reference, so that nothing around it (a
    leading escape, the text it is joined with) can break the span open and
    let its content run. Emphasis, strong, code and safe links still work.
    """
    spans = code_spans(text)
    links = [link for link in find_links(text) if not link.image]
    out: list[str] = []
    index = 0
    cuts = sorted([(s, e, "code", None) for s, e in spans] + [(l.start, l.end, "link", l) for l in links],
                  key=lambda cut: cut[0])
    for start, end, kind, link in cuts:
        if start < index:
            continue  # a code span inside a link (or the reverse): handled with the outer one
        out.append(_neutral_prose(text[index:start]))
        if kind == "code":
            out.append(_inert_code(text[start:end]))
        elif url_problem(link.target) is None:
            label_end = start + 1 + len(link.label)
            out.append("[" + _neutral_prose(link.label) + "]" + _neutral_target(text[label_end + 1:end]))
        else:
            out.append(_neutral_prose(link.label))
        index = end
    out.append(_neutral_prose(text[index:]))
    return "".join(out)


def _inert_code(span: str) -> str:
    """A code span ```x``` as ``<code>`` whose content no Markdown or HTML reader interprets."""
    ticks = len(span) - len(span.lstrip("`"))
    content = span[ticks:len(span) - ticks]
    if content.startswith(" ") and content.endswith(" ") and content.strip():
        content = content[1:-1]
    content = " ".join(content.split("\n"))
    content = html.escape(content, quote=False)
    return "<code>" + "".join(f"&#{ord(ch)};" if ch in _CODE_SPECIAL else ch for ch in content) + "</code>"


_CODE_SPECIAL = frozenset("\\`*_{}[]()!|~:=#+-^")
"""Characters Markdown (or an attribute list, a table, an abbreviation) could read as syntax."""


def _neutral_target(part: str) -> str:
    """``(target "title")`` with HTML and braces neutral; the address was checked already."""
    return html.escape(part, quote=False).replace("{", "%7B").replace("}", "%7D")


def inert_block(text: str) -> str:
    """One paragraph of data text, folded onto one line and inert (see `inert_inline`).

    A leading character that would start a block construct (heading, quote,
    list, admonition, table, fence) is escaped so the paragraph stays a paragraph.
    """
    line = inert_inline(" ".join(text.split()))
    return re.sub(r"^(\s*)([#>+*=|~`!?-]|\d+(?=[.)]))", r"\1\\\2", line)


def fill(template: str, **values: str) -> str:
    """An interface word with its ``{name}`` placeholders filled, the word's own text made inert.

    The values are Markdown the code built (links to records, numbers) and
    are kept as they are; everything else, including any placeholder that
    no value fills, goes through [inert_inline][archbook.safety.markup_policy.inert_inline].
    """
    out, index = [], 0
    for match in PLACEHOLDER.finditer(template):
        out.append(inert_inline(template[index:match.start()]))
        name = match.group(0)[1:-1]
        out.append(str(values[name]) if name in values else inert_inline(match.group(0)))
        index = match.end()
    out.append(inert_inline(template[index:]))
    return "".join(out)


# --- alt text ----------------------------------------------------------------------------------

def alt_problem(alt: str) -> str | None:
    """Why ``alt`` is not acceptable alt text (empty or longer than limits.MAX_ALT_CHARS), or None."""
    length = len(" ".join(alt.split()))
    if length == 0:
        return "empty alt text"
    if length > MAX_ALT_CHARS:
        return f"alt text of {length:,} characters"
    return None


EXPECTED_ALT = (f"alt text of 1 to {MAX_ALT_CHARS} characters (limits.MAX_ALT_CHARS), "
                "as in ![What the picture shows](file.png)")


# --- pages under docs/ ----------------------------------------------------------------------

_PAGE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)(>?)")
_PAGE_ATTR = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
"""A Markdown attribute list, ``{ #id .class key=value }`` or ``{: ... }`` (shared with the ADR checks)."""
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
_ATTR_TOKEN = re.compile(r"""[^\s=]+=(?:"[^"]*"|'[^']*'|\S+)|\S+""")


def page_findings(lines: list[str], first_line: int = 1) -> list[tuple[int, Finding]]:
    """``(line, finding)`` for everything in a page's Markdown outside the page allow-list.

    ``lines`` are the page's lines after its front matter; ``first_line`` is
    the file line of the first. Fenced and inline code is never looked at.
    The answer for the same lines is kept in memory and, during a build, in
    its cache (``archbook.core.remember``): after an edit, ``mkdocs serve``
    checks every page again, and only the edited one has new lines.
    """
    return list(_page_findings(tuple(lines), first_line))


@functools.lru_cache(maxsize=1024)
def _page_findings(lines: tuple[str, ...], first_line: int) -> tuple[tuple[int, Finding], ...]:
    def find() -> str:
        return json.dumps([[line, f.kind, f.expected, f.got] for line, f in _find_in_page(list(lines), first_line)])

    found = json.loads(kept("page-findings", (str(first_line), *lines), find))
    return tuple((line, Finding(kind, expected, got)) for line, kind, expected, got in found)


def _find_in_page(lines: list[str], first_line: int) -> list[tuple[int, Finding]]:
    found: list[tuple[int, Finding]] = []
    reported: set[str] = set()  # addresses already refused line by line
    in_comment = False
    for number, (line, code) in enumerate(fenced(lines), start=first_line):
        if code:
            continue
        prose = blank_code(line)
        odd = _ODD_COMMENT.search(prose)
        if odd:
            found.append((number, Finding("html", "comments written <!-- text --> (browsers end "
                                          "'<!-->', '<!--->' and '--!>' where Markdown does not)",
                                          _show(prose[odd.start():odd.start() + 40]))))
        if in_comment:
            end = _comment_end(prose, 0)
            if end == -1:
                continue
            prose = " " * end + prose[end:]
            in_comment = False
        while "<!--" in prose:
            start = prose.index("<!--")
            end = _comment_end(prose, start + 4, opening=True)
            if end == -1:
                prose, in_comment = prose[:start], True
                break
            prose = prose[:start] + " " * (end - start) + prose[end:]
        prose = _MACRO.sub(lambda m: " " * len(m.group(0)), prose)
        for match in _AUTOLINK.finditer(prose):
            if url_problem(match.group(1)):
                found.append((number, Finding("link", EXPECTED_ADDRESS, _show(match.group(0)))))
                reported.add(decode_address(match.group(1)))
        prose = _AUTOLINK.sub(lambda m: " " * len(m.group(0)), prose)
        for match in _PAGE_TAG.finditer(prose):
            if match.group(1):
                continue  # a closing tag: its opening tag is what is reported
            problem = _tag_problem(match)
            if problem:
                found.append((number, Finding("html", problem, _show(match.group(0)))))
        if re.search(r"<\s*[!?]", prose):
            found.append((number, Finding("html", "no declarations or processing instructions",
                                          _show(prose[prose.index("<"):]))))
        for match in ATTR_LIST.finditer(prose):
            problem = _attr_list_problem(match.group(1))
            if problem:
                found.append((number, Finding("attr_list", problem, _show(match.group(0)))))
        links = find_links(prose)
        ref = _REF_DEF.match(prose)
        targets = [(link.target, link) for link in links]
        if ref:
            targets.append((ref.group(1), None))
        for target, link in targets:
            if link is not None and link.image:
                alt = alt_problem(link.label)
                if alt:
                    found.append((number, Finding("alt", EXPECTED_ALT, alt)))
                if _SCHEME.match(decode_address(target)) or decode_address(target).startswith("//"):
                    found.append((number, Finding("image", "an image file inside docs/ (a relative address)",
                                                  _show(target))))
                    reported.add(decode_address(target))
                    continue
            if url_problem(target):
                found.append((number, Finding("link", EXPECTED_ADDRESS, _show(target))))
                reported.add(decode_address(target))
    found += [(number, finding) for number, finding, address in rendered_address_findings(lines, first_line)
              if decode_address(address, markdown=False) not in reported]
    return found


_ODD_COMMENT = re.compile(r"<!--->|<!-->|--!>")


def _comment_end(text: str, index: int, opening: bool = False) -> int:
    """Where a comment continuing at ``index`` ends, as a browser reads it (-1: not on this line).

    Right after ``<!--``, a ``>`` or ``->`` ends the comment at once; otherwise
    the first ``-->`` or ``--!>`` does.
    """
    if opening:
        for closer in (">", "->"):
            if text.startswith(closer, index):
                return index + len(closer)
    ends = [(at, len(closer)) for closer in ("-->", "--!>") if (at := text.find(closer, index)) != -1]
    if not ends:
        return -1
    at, size = min(ends)
    return at + size


def _tag_problem(match: re.Match) -> str | None:
    tag = match.group(2).lower()
    allowed = PAGE_HTML.get(tag)
    expected = (f"no raw HTML outside code except <{'>, <'.join(sorted(PAGE_HTML))}> "
                "(widgets come from macros)")
    if allowed is None:
        return expected
    for attr in _PAGE_ATTR.finditer(match.group(3)):
        if attr.group(1).lower() not in allowed:
            return f"<{tag}> without attributes"
    return None


def _attr_list_problem(content: str) -> str | None:
    expected = ("an attribute list of #id, .class and "
                f"{', '.join(sorted(PAGE_ATTRIBUTES))} only (no on* handlers, style, href or src)")
    for token in _ATTR_TOKEN.findall(content.lstrip(":").strip()):
        if token.startswith(("#", ".")):
            continue
        key, sep, value = token.partition("=")
        if not sep or key.lower() not in PAGE_ATTRIBUTES:
            return expected
        if url_problem(value.strip("\"'")) or "javascript" in decode_address(value).lower():
            return expected
    return None


# --- addresses as Markdown finally reads them ------------------------------------------------

@functools.lru_cache(maxsize=1)
def _site_markdown():
    """A Markdown reader configured like the site's (mkdocs.yml), for the rendered checks."""
    import markdown

    return markdown.Markdown(extensions=[
        "attr_list", "md_in_html", "admonition", "tables", "toc", "abbr", "footnotes", "def_list",
        "pymdownx.details", "pymdownx.superfences", "pymdownx.inlinehilite"])


class _Addresses(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (element, attribute, address)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src"} and value is not None:
                self.found.append((tag, name, value))

    handle_startendtag = handle_starttag


def rendered_address_findings(lines: list[str], first_line: int = 1,
                              image_rule: Callable[[str], str | None] | None = None
                              ) -> list[tuple[int, Finding, str]]:
    """``(line, finding, address)`` for every link and image address of ``lines`` as Markdown renders them.

    The line-by-line checks cannot see a link whose label or target runs over
    several lines, or a reference-style link or image (``![c]`` with
    ``[c]: address`` elsewhere); the rendered page can. Every ``<a href>``
    must pass [url_problem][archbook.safety.markup_policy.url_problem]; every
    ``<img src>`` must be a relative address inside the site (or pass
    ``image_rule``, which returns a problem or None). The line is the first
    one holding the address's text (else the first line).
    """
    text = _MACRO.sub(lambda m: " " * len(m.group(0)), "\n".join(lines))
    try:
        rendered = _site_markdown().reset().convert(text)
    except Exception as exc:  # noqa: BLE001 - the renderer choked: the build would too
        return [(first_line, Finding("markup", "Markdown the site can render", f"an error: {exc}"))]
    parser = _Addresses()
    parser.feed(rendered)
    parser.close()
    found: list[tuple[int, Finding, str]] = []
    for tag, name, address in parser.found:
        if tag == "img" and name == "src":
            decoded = decode_address(address, markdown=False)
            problem = image_rule(address) if image_rule else (
                "an image file inside docs/ (a relative address)"
                if _SCHEME.match(decoded) or decoded.startswith("//") else None)
            if problem:
                found.append((_line_of(lines, address, first_line), Finding("image", problem, _show(address)),
                              address))
        elif name == "href" and url_problem(address, markdown=False):
            found.append((_line_of(lines, address, first_line), Finding("link", EXPECTED_ADDRESS, _show(address)),
                          address))
    return found


def _line_of(lines: list[str], address: str, first_line: int) -> int:
    """The first line holding ``address`` (as written or with its parts), else ``first_line``."""
    for needle in (address, address.strip(), html.escape(address, quote=False)):
        for number, line in enumerate(lines, start=first_line):
            if needle and needle in line:
                return number
    head = address.strip()[:12]
    for number, line in enumerate(lines, start=first_line):
        if head and head in decode_address(line):
            return number
    return first_line


# --- the last gate: rendered HTML ---------------------------------------------------------------

_NEVER_ELEMENTS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "meta",
                   "link", "foreignobject", "portal", "style", "animate", "animatemotion", "animatetransform",
                   "set", "handler", "listener", "xmp", "plaintext", "noembed", "noframes"}
"""Elements page content never holds (``meta`` and ``link`` only in a whole page's head, see below)."""

_ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                       "cite", "srcset", "ping", "lowsrc", "dynsrc", "imagesrcset", "codebase", "longdesc",
                       "manifest", "icon", "profile", "usemap", "archive", "classid"}

_HEAD_LINKS = {"canonical", "alternate", "next", "prev", "icon", "stylesheet", "preconnect", "manifest"}
"""``<link rel>`` values a theme's head may hold; stylesheets, icons and manifests only from the site."""

_META_ATTRIBUTES = {"charset", "name", "content", "property"}
"""``<meta>`` attributes a theme's head may hold (never ``http-equiv``: no refresh to a script address)."""

_OWN_SCRIPT = re.compile(r"^(?:\./)?(?:\.\./)*/?assets/javascripts/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.js$")
"""A ``<script src>`` the site serves itself: the theme's bundle or a file of docs/assets/javascripts."""

_MISPARSED = re.compile(r"<!--!?-?>|--!>|<!\[", re.I)
"""Comment and section forms an HTML parser and a browser may end in different places."""

_SCRIPTLIKE = re.compile(r"\bon[a-z]+\s*=|(?:java|vb)script\s*:|data\s*:\s*text|<\s*[a-z!/?]", re.I)


class _LiveMarkup(HTMLParser):
    """Finds live markup; ``page`` mode allows a whole page's head and the theme's own scripts."""

    def __init__(self, theme_scripts: tuple[re.Pattern, ...] | None = None):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.page = theme_scripts is not None
        self.theme_scripts = theme_scripts or ()
        self.script: str | None = None  # the body of an inline script being read

    def handle_starttag(self, tag, attrs):
        attributes = [(name.lower(), value or "") for name, value in attrs]
        if tag == "script" and self.page:
            self._script(attributes)
        elif tag in {"meta", "link"} and self.page:
            self._head(tag, attributes)
        elif tag in _NEVER_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attributes:
            if name.startswith("on"):
                self.found.append(f"the event handler {name}= on <{tag}>")
            elif name == "style":
                self.found.append(f"the style attribute {_show(value)} on <{tag}> (content carries no styles)")
            elif name in _ADDRESS_ATTRIBUTES and value:
                for part in (value.split(",") if name.endswith("srcset") else [value]):
                    address = part.strip().split(" ")[0] if name.endswith("srcset") else part
                    if url_problem(address, markdown=False) and not _theme_data_image(tag, name, address):
                        self.found.append(f"{name}={_show(value)} on <{tag}>")
            elif name in {"to", "from", "values", "by", "attributename"} and re.search(r"href|script:", value, re.I):
                self.found.append(f"the animation {name}={_show(value)} on <{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script" and self.script is not None:
            self.handle_endtag("script")

    def _script(self, attributes: list[tuple[str, str]]) -> None:
        names = dict(attributes)
        if not attributes:
            self.script = ""  # an inline script: it must be one of the theme's own, checked at its end
        elif set(names) - {"defer"} == {"src"} and not names.get("defer") and _OWN_SCRIPT.match(names["src"]):
            pass  # a file of the theme or of docs/assets/javascripts, run at once or after parsing (defer)
        elif names == {"id": "__config", "type": "application/json"} and len(attributes) == 2:
            pass  # the theme's configuration, data that never runs
        else:
            self.found.append(f"<script {' '.join(f'{n}={v!r}' for n, v in attributes)}> "
                              "(scripts come from the theme and docs/assets/javascripts only)")

    def handle_data(self, data):
        if self.script is not None:
            self.script += data

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            body, self.script = self.script, None
            if not any(pattern.fullmatch(body) for pattern in self.theme_scripts):
                self.found.append(f"an inline <script> that is not the theme's own: {_show(body)}")

    def _head(self, tag: str, attributes: list[tuple[str, str]]) -> None:
        names = dict(attributes)
        if tag == "meta":
            extra = sorted(set(names) - _META_ATTRIBUTES)
            if extra:
                self.found.append(f"<meta {extra[0]}=...>")
            return
        rel = names.get("rel", "").lower().split()
        href = names.get("href", "")
        if rel == ["preload"]:
            if names.get("as") != "script" or not _OWN_SCRIPT.match(href):
                self.found.append(f"<link rel='preload' as={names.get('as', '')!r} href={_show(href)}> "
                                  "(only the site's own scripts are preloaded)")
        elif not rel or not set(rel) <= _HEAD_LINKS:
            self.found.append(f"<link rel={names.get('rel', '')!r}>")
        elif set(rel) & {"stylesheet", "icon", "manifest", "preconnect"} and (
                _SCHEME.match(decode_address(href, False)) or decode_address(href, False).startswith("//")):
            self.found.append(f"<link rel={names.get('rel', '')!r} href={_show(href)}> from another host")

    def handle_comment(self, data):
        match = _SCRIPTLIKE.search(data)
        if match:
            self.found.append(f"markup inside a comment: {_show(data[max(0, match.start() - 10):match.end() + 30])}")

    def unknown_decl(self, data):
        self.found.append(f"the declaration {_show('<!' + data)}")

    def handle_pi(self, data):
        self.found.append(f"the processing instruction {_show('<?' + data)}")


def _theme_data_image(tag: str, name: str, address: str) -> bool:
    """A raster image inlined as data (``<img src="data:image/png;base64,...">``) is not script."""
    return (tag == "img" and name == "src"
            and re.match(r"^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", address) is not None)


def live_markup(content: str, theme_scripts: tuple[re.Pattern, ...] | None = None) -> list[str]:
    """Anything in rendered HTML that could run script or load from elsewhere: the build's last gate.

    With ``theme_scripts`` None, ``content`` is a page's content: it holds no
    script-like elements (``<script>``, ``<iframe>``, ``<object>``, ``<embed>``,
    ``<base>``, ``<meta>``, ``<link>``, ``<foreignObject>``, ``<style>``, SVG
    animations), no event handler attributes (``on*``), no ``style``
    attributes, and no addresses outside
    [url_problem][archbook.safety.markup_policy.url_problem] in ``href``, ``src``,
    ``action`` and the like.

    With ``theme_scripts`` (from [theme_scripts][archbook.safety.markup_policy.theme_scripts]),
    ``content`` is a whole published page, head and navigation included: the
    same rules hold, except that ``<script>`` may be one of the theme's own
    inline scripts, its ``__config`` data or a file of the site's own
    ``assets/javascripts/`` (plain or ``defer``), and ``<meta>`` (no ``http-equiv``) and
    ``<link>`` (canonical, alternates, the site's stylesheets and icon, a preload of one
    of the site's own scripts) may appear.

    The HTML is read by Python's parser, which differs from a browser's in
    a few places; those are refused outright rather than interpreted: comment
    forms a browser ends early (``<!-->``, ``<!--->``, ``--!>``), ``<![``
    sections, and comments holding tags, handlers or script addresses.
    """
    found = [f"{_show(m.group(0))}, which browsers and this check read differently"
             for m in _MISPARSED.finditer(content)][:3]
    parser = _LiveMarkup(theme_scripts)
    parser.feed(content)
    parser.close()
    if parser.script is not None:
        found.append("an unclosed <script>")
    return found + parser.found


_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


@functools.lru_cache(maxsize=4)
def theme_scripts(template_dirs: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """The inline scripts the theme's templates (and the project's overrides) can emit, as patterns.

    Each ``<script>...</script>`` without attributes in a template under
    ``template_dirs`` becomes a pattern: its text literally, whitespace
    flexible, each ``{{ expression }}`` standing for a value without quotes,
    angle brackets or backslashes (the base URL and the like). A template
    script with ``{% ... %}`` logic is not included: the gate refuses it.
    """
    from pathlib import Path

    patterns: dict[str, re.Pattern] = {}
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            text = _JINJA_COMMENT.sub("", path.read_text(encoding="utf-8", errors="replace"))
            for match in _TEMPLATE_SCRIPT.finditer(text):
                body = match.group(1)
                if "{%" in body or "{#" in body:
                    continue
                parts = []
                for index, piece in enumerate(_JINJA.split(body)):
                    if index:
                        parts.append(r"""[^"'<>\\\s]*""")
                    parts.append(r"\s+".join(re.escape(word) for word in piece.split()) if piece.strip() else "")
                pattern = r"\s*" + r"\s*".join(parts) + r"\s*"
                patterns.setdefault(pattern, re.compile(pattern, re.S))
    return tuple(patterns.values())


_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
