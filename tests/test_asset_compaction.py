"""Compacting the site's own stylesheets and scripts, and collapsing the pages' indentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from archbook.theme.asset_compaction import AssetCompactionError, compact_css, compact_js, compact_site_assets
from archbook.theme.whitespace import collapse_whitespace

FIXTURES = Path(__file__).parent / "fixtures" / "assets"


def test_css_loses_comments_and_indentation_but_keeps_every_rule():
    css = """/* the quiz */
    :root, [data-md-color-scheme="default"] { --lp-right: #1b5e20; }
    .md-typeset .lp-quiz  >  .lp-option:hover { margin: 0 auto !important; content: "a  b" }
    @media screen and (min-width: 60em) {
      .lp-widget { display: grid } /* wide */
    }
    @supports (display: grid) { .a .b { grid-template-columns: 1fr 2fr } }
    """
    assert compact_css(css) == (
        ':root, [data-md-color-scheme="default"]{--lp-right:#1b5e20}'
        '.md-typeset .lp-quiz > .lp-option:hover{margin:0 auto!important;content:"a  b"}'
        "@media screen and (min-width: 60em){.lp-widget{display:grid}}"
        "@supports (display: grid){.a .b{grid-template-columns:1fr 2fr}}\n")


@pytest.mark.parametrize("fixture", ["unclosed.css", "bad-declaration.css"])
def test_css_the_compactor_cannot_read_is_an_error(fixture):
    with pytest.raises(AssetCompactionError, match="line "):
        compact_css((FIXTURES / fixture).read_text())


def test_js_keeps_strings_regexes_and_licence_comments():
    js = '/*! licence */\n// note\nvar a = "x  // y";\nvar r = /\\/search\\/ +/;\nif (a) {\n  return  r;\n}\n'
    out = compact_js(js)
    assert out.startswith("/*! licence */")
    assert '"x  // y"' in out and "/\\/search\\/ +/" in out
    assert "// note" not in out and "\n  " not in out


def test_site_assets_compacted_in_place_and_docs_untouched(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    for root in (docs, site):
        (root / "assets").mkdir(parents=True)
        (root / "assets" / "a.css").write_text("/* c */\n.x {\n  color: red;\n}\n")
        (root / "assets" / "a.js").write_text("// c\nvar x = 1;\n")
    (docs / "assets" / "draft.css").write_text(".y{}")  # not published: skipped
    results = compact_site_assets(site, docs)
    assert [r.path for r in results] == ["assets/a.css", "assets/a.js"]
    assert (site / "assets" / "a.css").read_text() == ".x{color:red}\n"
    assert (site / "assets" / "a.js").read_text() == "var x=1;\n"
    assert (docs / "assets" / "a.css").read_text().startswith("/* c */")


def test_an_unreadable_site_asset_is_named(tmp_path):
    for root in ("docs", "site"):
        (tmp_path / root / "assets").mkdir(parents=True)
        (tmp_path / root / "assets" / "bad.css").write_text((FIXTURES / "unclosed.css").read_text())
    with pytest.raises(AssetCompactionError, match="assets/bad.css: line"):
        compact_site_assets(tmp_path / "site", tmp_path / "docs")


def test_indentation_between_tags_and_words_collapses_to_one_newline():
    html = '<nav>\n      <a href="/">\n        Home\n      </a>\n    </nav>  \n  <p>one\n   two</p>'
    assert collapse_whitespace(html) == '<nav>\n<a href="/">\nHome\n</a>\n</nav>\n<p>one\ntwo</p>'


def test_whitespace_that_renders_is_kept():
    kept = [
        '<pre class="x"><code>def f():\n    return 1\n</code></pre>',
        "<code>a\n   b</code>",
        "<kbd>Ctrl\n  C</kbd>",
        '<textarea name="t">\n  typed\n</textarea>',
        "<script>var a = `x\n   y`;</script>",
        "<style>\n  .a { color: red }\n</style>",
        '<div title="first\n   second" data-x=\'a\n   b > c\'></div>',
    ]
    for fragment in kept:
        assert collapse_whitespace(fragment) == fragment, fragment


def test_lines_without_newlines_are_left_alone():
    html = "<p>a  b <em>c</em>  d</p>"
    assert collapse_whitespace(html) == html


def test_an_element_that_only_starts_like_a_preserved_one_is_collapsed():
    assert collapse_whitespace("<codex>\n   a</codex>") == "<codex>\na</codex>"


def test_a_long_run_of_blanks_without_a_newline_is_kept_in_one_pass():
    """A page may hold a long run of spaces. Matching that restarted at every space took
    minutes for 300,000 of them; with one pass this test takes milliseconds."""
    html = "<p>a" + " " * 2_000_000 + "b  \n   c</p>"
    assert collapse_whitespace(html) == "<p>a" + " " * 2_000_000 + "b\nc</p>"
