"""What contributed text may contain, in one place: the Markdown allow-list and the URL rule.

Contributed text reaches readers in three ways, and each has its rule here:

* **Data fields** (every [Bilingual][archbook.models.Bilingual] value and
  every ``Text`` field of a data file) are *inline Markdown*: emphasis
  (``*x*``, ``_x_``), strong (``**x**``), inline code (`` `x` ``) and links
  written ``[text](address)``. Nothing else: no raw HTML or ``<...>``
  autolinks, no HTML entities (write the character itself), no images, no
  attribute lists or template syntax (braces are allowed only as ``{name}``
  placeholders in interface words), no reference-style links, footnotes or
  abbreviations, no block syntax (headings, tables, code blocks,
  admonitions), at most [MAX_FIELD_CHARS][archbook.limits.MAX_FIELD_CHARS]
  characters. [inline_findings][archbook.markup_policy.inline_findings]
  checks it at validation time (``archbook check`` and the build), and
  [inert_inline][archbook.markup_policy.inert_inline] neutralises anything
  else again when a table cell or paragraph is rendered (defence in depth).
* **Decision records** (``docs/adr/``) are full Markdown without raw HTML,
  template syntax, include lines or attribute lists beyond heading anchors;
  their links follow [url_problem][archbook.markup_policy.url_problem] and
  their images need alt text ([alt_problem][archbook.markup_policy.alt_problem]).
  The checks live in ``archbook.adr.validate`` and ``archbook.adr.assets``.
* **Pages** under ``docs/`` (not decision records) need no raw HTML: every
  widget is emitted by a macro. [page_findings][archbook.markup_policy.page_findings]
  allows only the tags in [PAGE_HTML][archbook.markup_policy.PAGE_HTML]
  and the attribute-list entries in [PAGE_ATTRIBUTES][archbook.markup_policy.PAGE_ATTRIBUTES];
  ``<script>``, ``<iframe>``, ``<object>``, ``<embed>``, ``on*`` attributes and
  ``javascript:`` addresses never pass.

Every address a link may take, anywhere, passes
[url_problem][archbook.markup_policy.url_problem]: ``http``, ``https``,
``mailto`` or a site-relative target, after undoing every way of hiding a
scheme (entities, percent-encoding, Markdown escapes, case, whitespace and
control characters, backslashes, protocol-relative ``//host``).
[live_markup][archbook.markup_policy.live_markup] is the last gate: the
build refuses any rendered page whose content still holds a script element,
an event handler or a script address.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from archbook.fences import fenced
from archbook.limits import MAX_ALT_CHARS, MAX_FIELD_CHARS

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
    """True when ``target`` passes [url_problem][archbook.markup_policy.url_problem]."""
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
    code = _code_spans(text)
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


def _code_spans(text: str) -> list[tuple[int, int]]:
    if "`" not in text:
        return []
    return [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]


def _inside(index: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= index < end for start, end in spans)


def _blank_code(text: str) -> str:
    """``text`` with inline code replaced by spaces (code is shown, never interpreted)."""
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
    prose = _blank_code(text)
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
    """The first finding of [inline_findings][archbook.markup_policy.inline_findings] as a message."""
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
    address passes [url_problem][archbook.markup_policy.url_problem] (no
    images, reference links, footnotes, abbreviations or script links; a
    refused link keeps only its text). Code spans are left to Markdown, which
    shows them literally. Emphasis, strong, code and safe links still work.
    """
    spans = _code_spans(text)
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
            out.append(text[start:end])
        elif url_problem(link.target) is None:
            label_end = start + 1 + len(link.label)
            out.append("[" + _neutral_prose(link.label) + "]" + _neutral_target(text[label_end + 1:end]))
        else:
            out.append(_neutral_prose(link.label))
        index = end
    out.append(_neutral_prose(text[index:]))
    return "".join(out)


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
    no value fills, goes through [inert_inline][archbook.markup_policy.inert_inline].
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
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
_ATTR_TOKEN = re.compile(r"""[^\s=]+=(?:"[^"]*"|'[^']*'|\S+)|\S+""")


def page_findings(lines: list[str], first_line: int = 1) -> list[tuple[int, Finding]]:
    """``(line, finding)`` for everything in a page's Markdown outside the page allow-list.

    ``lines`` are the page's lines after its front matter; ``first_line`` is
    the file line of the first. Fenced and inline code is never looked at.
    """
    found: list[tuple[int, Finding]] = []
    in_comment = False
    for number, (line, code) in enumerate(fenced(lines), start=first_line):
        if code:
            continue
        prose = _blank_code(line)
        if in_comment:
            end = prose.find("-->")
            if end == -1:
                continue
            prose = " " * (end + 3) + prose[end + 3:]
            in_comment = False
        while "<!--" in prose:
            start = prose.index("<!--")
            end = prose.find("-->", start + 4)
            if end == -1:
                prose, in_comment = prose[:start], True
                break
            prose = prose[:start] + " " * (end + 3 - start) + prose[end + 3:]
        prose = _MACRO.sub(lambda m: " " * len(m.group(0)), prose)
        for match in _AUTOLINK.finditer(prose):
            if url_problem(match.group(1)):
                found.append((number, Finding("link", EXPECTED_ADDRESS, _show(match.group(0)))))
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
        for match in _ATTR_LIST.finditer(prose):
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
                    continue
            if url_problem(target):
                found.append((number, Finding("link", EXPECTED_ADDRESS, _show(target))))
    return found


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


# --- the last gate: rendered HTML ---------------------------------------------------------------

_NEVER_ELEMENTS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "meta",
                   "link", "foreignobject", "portal"}
_ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                       "cite", "srcset", "ping", "lowsrc", "dynsrc"}


class _LiveMarkup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _NEVER_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.found.append(f"the event handler {name}= on <{tag}>")
            elif name in _ADDRESS_ATTRIBUTES and value:
                for part in (value.split(",") if name == "srcset" else [value]):
                    address = part.strip().split(" ")[0] if name == "srcset" else part
                    if url_problem(address, markdown=False) and not _theme_data_image(tag, name, address):
                        self.found.append(f"{name}={_show(value)} on <{tag}>")
            elif name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value or "", re.I):
                self.found.append(f"the style {_show(value or '')} on <{tag}>")

    handle_startendtag = handle_starttag


def _theme_data_image(tag: str, name: str, address: str) -> bool:
    """A raster image inlined as data (``<img src="data:image/png;base64,...">``) is not script."""
    return (tag == "img" and name == "src"
            and re.match(r"^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", address) is not None)


def live_markup(content: str) -> list[str]:
    """Anything in rendered page content that could run script: the build's last gate.

    Script-like elements (``<script>``, ``<iframe>``, ``<object>``, ``<embed>``,
    ``<base>``, ``<meta>``, ``<link>``, ``<foreignObject>``), event handler
    attributes (``on*``), addresses outside
    [url_problem][archbook.markup_policy.url_problem] in ``href``, ``src``,
    ``action`` and the like, and styles that load anything.
    """
    parser = _LiveMarkup()
    parser.feed(content)
    parser.close()
    return parser.found
