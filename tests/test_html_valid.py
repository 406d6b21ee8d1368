"""Every built page is valid HTML: the W3C Nu HTML Checker (vnu.jar) finds no error.

The checker and Java come from setup (``./run test``; see tests/tools/vnu.py).
The unit tests below pin the fixes that make the theme's and mkdocstrings'
markup valid: numbered code line anchors, the toggles without autocomplete.
"""

from __future__ import annotations

import re

import pytest

from archbook.site.api_reference import line_anchor_prefix, number_line_anchors
from tests.tools import vnu

# --- the whole site ----------------------------------------------------------------------------


@pytest.mark.build
def test_every_built_page_is_valid_html(built_site):
    pages = sorted(built_site.site.rglob("*.html"))
    assert len(pages) > 100  # both languages of every page, not a partial site
    problems = vnu.check(built_site.site)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(map(str, problems))


@pytest.mark.build
def test_the_reference_pages_keep_every_line_anchor_and_its_link(built_site):
    page = built_site.html("reference/build")
    ids = re.findall(r'\bid="(__codelineno-\d+-\d+)"', page)
    assert len(ids) > 50 and len(set(ids)) == len(ids)
    links = set(re.findall(r'href="#(__codelineno-\d+-\d+)"', page))
    assert links == set(ids)  # every line's anchor still links to itself


@pytest.mark.build
def test_the_toc_title_labels_the_toc_checkbox_only_where_the_page_has_one(built_site):
    with_box = without_box = 0
    for path in built_site.pages():
        page = path.read_text(encoding="utf-8")
        has_box = 'id="__toc"' in page
        titles = re.findall(r'<label class="md-nav__title"( for="__toc")?>', page)
        assert all(bool(title) == has_box for title in titles), path
        with_box += has_box and bool(titles)
        without_box += not has_box and bool(titles)
    assert with_box > 50 and without_box > 10  # both kinds of page exist: a page listed in the nav, an index


def test_the_checker_reports_file_line_and_message(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>\n'
        '<p id="a">one</p>\n<p id="a">two</p>\n</body></html>\n', encoding="utf-8")
    (tmp_path / "ok.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body></body></html>',
        encoding="utf-8")
    problems = vnu.check(tmp_path)
    assert [str(p) for p in problems] == ["sub/page.html:3: Duplicate ID “a”."]


# --- code line anchors numbered per page -------------------------------------------------------

def block(number: int, lines: int = 2, kind: str = "highlight") -> str:
    anchors = "".join(f'<a id="__codelineno-{number}-{i}" name="__codelineno-{number}-{i}" '
                      f'href="#__codelineno-{number}-{i}"></a>line {i}\n' for i in range(1, lines + 1))
    return f'<div class="{kind}"><pre><span></span><code>{anchors}</code></pre></div>\n'


def ids(html: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', html)


def test_blocks_that_repeat_a_number_get_the_next_free_one():
    page = block(0) + block(0, kind="doc-signature highlight") + block(1) + block(0, 1)
    out = number_line_anchors(page)
    assert ids(out) == ["__codelineno-0-1", "__codelineno-0-2", "__codelineno-2-1", "__codelineno-2-2",
                        "__codelineno-1-1", "__codelineno-1-2", "__codelineno-3-1"]
    assert re.findall(r'href="#([^"]+)"', out) == ids(out)
    assert re.findall(r'name="([^"]+)"', out) == ids(out)


def test_a_page_without_duplicates_is_unchanged():
    page = "<p>text</p>" + block(1) + block(0) + '<div class="admonition"><p>no code</p></div>'
    assert number_line_anchors(page) is page


def test_ids_mkdocstrings_prefixed_are_left_alone():
    prefixed = block(0).replace("__codelineno", "archbook.x.f--source--__codelineno")
    page = block(0) + prefixed + block(0)
    assert ids(number_line_anchors(page))[-2:] == ["__codelineno-1-1", "__codelineno-1-2"]
    assert "archbook.x.f--source--__codelineno-0-1" in ids(number_line_anchors(page))


def test_the_prefix_follows_the_highlight_settings():
    assert line_anchor_prefix({"anchor_linenums": True}) == "__codelineno"
    assert line_anchor_prefix({"anchor_linenums": True, "line_anchors": "L"}) == "L"
    assert line_anchor_prefix({}) is None and line_anchor_prefix(None) is None
