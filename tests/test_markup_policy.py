"""Contributed text is inert: the one allow-list for data fields, ADRs and pages, and the URL rule.

Each hostile input is refused when the data is checked (``archbook check``
and the build) *and* rendered inert if it ever got past the check. The
rendered Markdown is turned into HTML with the site's own extensions and
searched for anything live.
"""

from __future__ import annotations

import re

import markdown
import pytest

from archbook.markup_policy import (
    alt_problem, decode_address, fill, inert_block, inert_inline, inline_findings, inline_problem,
    live_markup, page_findings, url_problem,
)
from archbook.tables import cell

SITE_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "abbr", "toc",
                   "pymdownx.superfences", "pymdownx.inlinehilite", "pymdownx.details"]

HOSTILE_LINKS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "jav&#97;script:alert(1)", "javascript&colon;alert(1)",
    "%6Aavascript:alert(1)", "%256Aavascript:alert(1)", "javascript\\:alert(1)", "java\x00script:alert(1)",
    "java\u200bscript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "DATA:text/html,x", "vbscript:msgbox(1)",
    "file:///etc/passwd", "//evil.example/x", "\\\\\\\\evil.example/x", "/\\evil.example", "\\\\/evil.example",
    "%2F%2Fevil.example", "&#47;&#47;evil.example", "<javascript:alert(1)>", "x-javascript:alert(1)",
]
SAFE_LINKS = ["https://example.org/a?b=c#d", "http://example.org", "mailto:team@example.org", "page.md",
              "../handbook/hiring.md#faq-first", "#term-latency", "?q=1", "0007-model-routing-gateway.md",
              "./a:b", "https://example.org/a%20b"]


@pytest.mark.parametrize("target", HOSTILE_LINKS)
def test_every_hidden_script_or_off_site_address_is_refused(target):
    assert url_problem(target), (target, decode_address(target))


@pytest.mark.parametrize("target", SAFE_LINKS)
def test_http_mailto_and_site_relative_addresses_pass(target):
    assert url_problem(target) is None


def test_markdown_escapes_count_only_in_markdown():
    assert url_problem("\\\\evil.example") is None  # Markdown reads \\ as one backslash: /evil.example
    assert url_problem("\\\\evil.example", markdown=False)  # in an HTML attribute it is //evil.example
    assert url_problem("\\/evil.example", markdown=False) and url_problem("\\/evil.example") is None


def _html(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=SITE_EXTENSIONS)


def _assert_inert(rendered_html: str) -> None:
    assert live_markup(rendered_html) == [], rendered_html  # no script element, handler or script address
    tags = re.findall(r"<[a-z][^>]*>", rendered_html)
    assert all(re.fullmatch(r"<(p|em|strong|code|a href=\"[^\"]*\"|table|thead|tbody|tr|th|td|br ?/?)>", t)
               for t in tags), tags


HOSTILE_FIELDS = [
    "[docs](javascript:alert(3))",
    '[x](https://example.org){ onclick="alert(4)" }',
    '*x*{: onclick="alert(4)" }',
    "Analyses {onclick}",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javascript:alert((1)))",
    "[x](%6Aavascript:alert(1))",
    "[x](//evil.example)",
    "<javascript:alert(1)>",
    "<img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    "![x](https://example.org/track.png)",
    "[docs][1]\n\n[1]: javascript:alert(1)",
    "*[HTML]: <script>alert(1)</script>",
    "{{ config }}",
    "{% include 'x' %}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "# Heading {#x onclick=alert(1)}",
    '!!! danger "x"\n    <script>alert(1)</script>',
]


@pytest.mark.parametrize("text", HOSTILE_FIELDS)
def test_hostile_data_text_is_refused_at_validation(text):
    findings = inline_findings(text)
    assert findings, text
    assert str(findings[0]).startswith("expected ") and ", got " in str(findings[0])


@pytest.mark.parametrize("text", HOSTILE_FIELDS + [
    "x {onclick}", "*x*{onclick}", "[x](https://a.org){.c}", "[a [b](javascript:alert(1))](https://example.org)"])
def test_hostile_data_text_renders_inert_in_a_cell_and_in_a_paragraph(text):
    _assert_inert(_html(f"| h |\n| --- |\n| {cell(text)} |\n"))
    _assert_inert(_html("\n\n".join(inert_block(part) for part in text.split("\n\n"))))


@pytest.mark.parametrize("text", [
    "Plain text, with a comma; and a colon: fine.",
    "**Strong**, *emphasis*, _emphasis_ and `code <b>{x}</b>`.",
    "See [the guide](https://example.org/guide) or [the glossary](../glossary.md#term-latency).",
    "Write to [the team](mailto:team@example.org).",
    "Showing {shown} of {total} decision records.",
    "Latency < 2 s and cost > USD 9,000; R&D and Q&A.",
    "1. To production",
])
def test_allowed_inline_markdown_passes_and_keeps_working(text):
    assert inline_findings(text) == []
    html = _html(f"| h |\n| --- |\n| {cell(text)} |\n")
    _assert_inert(html)
    if "](" in text:
        assert "<a href=" in html
    if "**Strong**" in text:
        assert "<strong>Strong</strong>" in html and "<code>code &lt;b&gt;{x}&lt;/b&gt;</code>" in html


def test_a_field_longer_than_the_limit_is_refused():
    assert inline_problem("x" * 2001) == "expected at most 2,000 characters (limits.MAX_FIELD_CHARS), got 2,001 characters"
    assert inline_problem("x" * 2000) is None


def test_interface_words_fill_placeholders_and_stay_inert():
    word = fill("{newer} supersedes {older} <b>{onclick}</b>", newer="[A](a.md)", older="[B](b.md)")
    assert word == "[A](a.md) supersedes [B](b.md) &lt;b&gt;&#123;onclick&#125;&lt;/b&gt;"


def test_alt_text_must_be_present_and_short():
    assert alt_problem("") == "empty alt text" and alt_problem("   ") == "empty alt text"
    assert alt_problem("A diagram of the gateway") is None
    assert "alt text of" in alt_problem("x" * 5000)


# --- pages -----------------------------------------------------------------------------------------

def test_pages_may_hold_only_the_listed_html_and_safe_attribute_lists():
    page = [
        "# Title { #title }",
        "Fine: <kbd>Ctrl</kbd>, H<sub>2</sub>O, a <br> and <!-- a comment -->.",
        "<script>alert(1)</script>",
        '<div markdown="1" onclick="alert(1)">x</div>',
        "<iframe src=https://example.org></iframe>",
        '<kbd onmouseover="alert(1)">x</kbd>',
        "A paragraph.",
        '{: onclick="alert(1)" }',
        "[bad](javascript:alert(1)) and <javascript:alert(2)> and [ok](https://example.org)",
        "![](diagram.png) and ![Alt](https://example.org/x.png)",
        "[r]: vbscript:msgbox(1)",
        "```html",
        "<script>in code is fine</script>",
        "```",
        "`<script>` in inline code is fine, and {{ table(\"roles\") }} is a macro.",
        "![A picture](picture.png){ width=\"300\" loading=lazy }",
        '<object data="x.swf"></object> <embed src="x"> <svg onload=alert(1)>',
    ]
    found = [(line, finding.kind, finding.got) for line, finding in page_findings(page, first_line=1)]
    lines = sorted({line for line, _, _ in found})
    assert lines == [3, 4, 5, 6, 8, 9, 10, 11, 17], found
    kinds = {line: {kind for l2, kind, _ in found if l2 == line} for line in lines}
    assert kinds[8] == {"attr_list"} and kinds[9] == {"link"} and kinds[10] == {"alt", "image"}


def test_the_last_gate_finds_live_markup_in_rendered_html():
    assert live_markup('<p><a href="https://example.org">x</a> <img src="a.png" alt="a"></p>') == []
    found = live_markup('<p onclick="x"><a href=" JAVA&#x09;script:alert(1)">x</a><script>1</script>'
                        '<svg><foreignObject></foreignObject></svg><form action="javascript:1"></form></p>')
    assert len(found) == 5, found
