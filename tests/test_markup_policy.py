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

from archbook.safety.markup_policy import (
    alt_problem, decode_address, fill, inert_block, inert_inline, inline_findings, inline_problem,
    live_markup, page_findings, url_problem,
)
from archbook.content.tables import cell

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
        assert "<strong>Strong</strong>" in html and "<code>code &lt;b&gt;&#123;x&#125;&lt;/b&gt;</code>" in html


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


# --- the last gate on whole pages, fences, code spans (red-team holes 1-5) --------------------

@pytest.fixture(scope="module")
def theme(root):
    from mkdocs.config import load_config

    from archbook.safety.markup_policy import theme_scripts

    config = load_config(str(root / "mkdocs.yml"))
    return theme_scripts(tuple(str(d) for d in config.theme.dirs))


def _page(head: str = "", body: str = "") -> str:
    return ('<!doctype html><html><head><meta charset="utf-8">'
            '<meta name="description" content="A page">'
            '<link rel="canonical" href="https://example.org/x/"><link rel="stylesheet" href="../assets/x.css">'
            '<link rel="icon" href="../assets/favicon.svg">'
            f'<title>A page</title>{head}'
            '<script>__md_scope=new URL("..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
            '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
            '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
            '</script></head><body>'
            f'<article>{body}</article>'
            '<script id="__config" type="application/json">{"base": ".."}</script>'
            '<script src="../assets/javascripts/bundle.a0f0d00c.min.js"></script>'
            '<link rel="preload" as="script" fetchpriority="low" id="__bundle"'
            ' href="../assets/javascripts/bundle.a0f0d00c.min.js">'
            '<script defer src="../assets/javascripts/learning.js"></script></body></html>')


def test_the_gate_allows_the_theme_own_head_and_scripts(theme):
    assert live_markup(_page(body="<p>Hello <code>&lt;b&gt;</code></p>"), theme) == []


@pytest.mark.parametrize(("head", "body"), [
    ("<title><img src=x onerror=alert(101)></title>", ""),                     # front matter title
    ('<meta name="description" content="x" onmouseover="alert(102)">', ""),   # front matter description
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', ""),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', ""),
    ("", "<p>Alpha <!--> <svg onload=alert(103)> --> beta.</p>"),              # comments a browser ends early
    ("", "<p>Alpha <!---> <svg onload=alert(104)> --> beta.</p>"),
    ("", "<p><!-- a --!> <img src=x onerror=alert(105)> --></p>"),
    ("", "<p><![CDATA[><img src=x onerror=alert(106)>]]></p>"),
    ("", "<svg><style><img src=x onerror=alert(107)></style></svg>"),         # <style> is markup inside <svg>
    ("", '<p style="background-image:image-set(\'https://evil.example/p.png\' 1x)">x</p>'),
    ("", "<script>alert(108)</script>"),
    ("", '<script src="https://evil.example/x.js"></script>'),
    ("", '<script src="../adr/evil.js"></script>'),
    ("", '<script defer src="../adr/evil.js"></script>'),
    ("", '<script defer="x" src="../assets/javascripts/learning.js"></script>'),
    ("", '<script async src="../assets/javascripts/learning.js"></script>'),
    ("", '<script type="module">alert(109)</script>'),
    ("", '<script id="__config" type="text/javascript">alert(110)</script>'),
    ("", '<svg><a><set attributeName="href" to="javascript:alert(111)"/></a></svg>'),
    ("", '<link rel="preload" as="script" href="https://evil.example/x.js">'),  # a preload only of our scripts
    ("", '<link rel="preload" as="script" href="../adr/evil.js">'),
    ("", '<link rel="preload" as="style" href="../assets/javascripts/learning.js">'),
    ("", '<link rel="preload" href="../assets/javascripts/learning.js">'),
    ("", '<link rel="preload prefetch" as="script" href="https://evil.example/x.js">'),
])
def test_the_gate_reads_the_whole_page_as_a_browser_would(theme, head, body):
    assert live_markup(_page(head, body), theme), (head, body)


def test_a_theme_script_with_changed_content_is_not_the_theme_own(theme):
    page = _page().replace("__md_scope=new URL(", "alert(1),__md_scope=new URL(")
    assert any("not the theme's own" in found for found in live_markup(page, theme))


def test_fences_follow_superfences():
    from archbook.core.fences import fenced

    def code(text: str) -> list[bool]:
        return [is_code for _, is_code in fenced(text.split("\n"))]

    assert code("```python\nx\n```") == [True, True, True]
    assert code('```yaml title="a b"\nx\n```') == [True, True, True]
    assert code("Para\n\n    ```\n<img>\n    ```") == [False] * 5      # indented deeper than its content
    assert code("``` x ```\n<img>") == [False, False]                 # backticks in the info string
    assert code("```py foo=\n<img>\n```") == [False] * 3              # an info string superfences refuses
    assert code("```\n<img>") == [False, False]                       # never closed
    assert code("```\n  ~~~\n  <img>\n  ~~~") == [False] * 4           # the dropped attempt hides no fence
    assert code("````\nx\n```\ny\n````") == [True] * 5                # closed only by the same run
    assert code("1. item\n\n    ```\n    x\n    ```") == [False, False, True, True, True]


def test_an_escaped_backtick_opens_no_code_span():
    from archbook.safety.markup_policy import blank_code

    line = "Note \\`<!--> <svg onload=alert(203)> -->\\` end."
    assert "<svg" in blank_code(line)
    assert blank_code("a `<b>` c").strip() == "a       c".strip()


@pytest.mark.parametrize("text", [
    "`<svg><style><img src=x onerror=alert(601)></style></svg>`\n\nAsk for a review.",
    "`<img src=x onerror=alert(602)>` first",
    "> `<img src=x onerror=alert(603)>` quoted",
])
def test_a_code_span_stays_a_code_span_whatever_surrounds_it(text):
    for rendered in (_html(inert_block(text)), _html(cell(text))):
        _assert_inert(rendered)
        assert "onerror" in rendered  # shown as text, not dropped


@pytest.mark.build
def test_check_and_build_agree_on_a_code_span_and_the_gate_reads_the_head(tmp_path):
    """A data field opening with a code span builds inert; markup that reaches the head stops the build."""
    import subprocess
    import sys
    from pathlib import Path

    from conftest import copy_project, mkdocs_build

    copy = copy_project(tmp_path / "project")
    faq = copy / "data" / "faq.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace(
        "en: >-\n        Ask for one production failure",
        "en: >-\n        `<svg><style><img src=x onerror=alert(601)></style></svg>`\n\n        Ask for one production failure",
        1), encoding="utf-8")
    check = subprocess.run([str(Path(sys.executable).parent / "archbook"), "check"], cwd=copy,
                           capture_output=True, text=True)
    built = mkdocs_build(copy, tmp_path / "site", env={"ARCHBOOK_CACHE_DIR": str(tmp_path / "cache")})
    assert built.returncode == 0, built.stderr[-3000:]
    assert check.returncode == 0, check.stdout + check.stderr  # check and build agree: both accept it
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    import html as html_module

    assert any("<img src=x onerror=alert(601)>" in html_module.unescape(page) for page in pages)  # shown as text
    assert not any("<img src=x" in page for page in pages)  # never live

    # A title that reached the theme's <title> unchecked (here: past a bypassed front-matter check) stops the build.
    hook = copy / "hooks" / "sneak_title.py"
    hook.write_text("def on_page_markdown(markdown, page, config, files):\n"
                    "    page.meta['title'] = '<img src=x onerror=alert(101)>'\n"
                    "    return markdown\n", encoding="utf-8")
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - hooks/live_markup_gate.py\n", "  - hooks/live_markup_gate.py\n  - hooks/sneak_title.py\n"), encoding="utf-8")
    built = mkdocs_build(copy, tmp_path / "site2", env={"ARCHBOOK_CACHE_DIR": str(tmp_path / "cache")})
    assert built.returncode != 0
    assert "a page would publish live markup" in built.stderr and "onerror" in built.stderr, built.stderr[-3000:]
    assert "Traceback" not in built.stderr
