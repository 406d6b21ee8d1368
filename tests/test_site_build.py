"""A full strict build of the real site, and builds of broken copies that must fail cleanly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import mkdocs_build, tree_digest

pytestmark = pytest.mark.build

def test_build_writes_nothing_into_docs(built_site):
    assert built_site.docs_after == built_site.docs_before


def test_both_languages_are_built_with_the_same_pages(built_site):
    site = built_site.site
    english = {p.relative_to(site).as_posix() for p in built_site.pages() if "ur-Latn" not in p.parts}
    urdu = {p.relative_to(site / "ur-Latn").as_posix() for p in (site / "ur-Latn").rglob("index.html")}
    assert english == urdu
    assert len(english) >= 4


def test_roman_urdu_pages_are_latin_script_left_to_right(built_site):
    html = built_site.html("ur-Latn/role/what-an-ai-systems-architect-is")
    assert '<html lang="ur-Latn"' in html
    assert 'dir="rtl"' not in html
    assert 'placeholder="Talash karein"' in html
    assert "Is safhe par" in html
    english = built_site.html("role/what-an-ai-systems-architect-is")
    assert '<html lang="en"' in english and 'placeholder="Search"' in english


def test_hreflang_alternates_point_at_the_twin(built_site):
    base = "http://127.0.0.1:8000/"  # site_url when SITE_URL is not set
    html = built_site.html("ur-Latn/role/what-an-ai-systems-architect-is")
    assert f'<link rel="alternate" href="{base}role/what-an-ai-systems-architect-is/" hreflang="en">' in html
    assert f'href="{base}ur-Latn/role/what-an-ai-systems-architect-is/" hreflang="ur-Latn"' in html
    english = built_site.html("role/what-an-ai-systems-architect-is")
    assert f'href="{base}ur-Latn/role/what-an-ai-systems-architect-is/" hreflang="ur-Latn"' in english


def test_twins_share_heading_anchors(built_site):
    ids = lambda html: re.findall(r'<h[1-6] id="([^"]+)"', html)  # noqa: E731
    for page in built_site.pages():
        rel = page.relative_to(built_site.site).as_posix()
        if rel.startswith("ur-Latn/") or "reference/" in rel and rel != "reference/index.html":
            continue
        twin = built_site.site / "ur-Latn" / rel
        assert ids(page.read_text()) == ids(twin.read_text()), rel


def test_diagrams_are_published_per_language_with_alt_text(built_site):
    for lang, prefix in (("en", ""), ("ur-Latn", "ur-Latn/")):
        html = built_site.html(f"{prefix}role/what-an-ai-systems-architect-is")
        images = re.findall(r'<img alt="([^"]+)" height="\d+" loading="lazy" src="([^"]+)" width="\d+"', html)
        assert images, "no diagram on the role page"
        for alt, src in images:
            assert f".{lang}." in src and len(alt) > 40
            target = (built_site.site / prefix / "role/what-an-ai-systems-architect-is" / src).resolve()
            assert target.is_file(), src
            assert target.stat().st_size <= 40_000


def test_search_index_is_split_by_language(built_site):
    english = json.loads((built_site.site / "search/search_index.json").read_text())
    urdu = json.loads((built_site.site / "ur-Latn/search/search_index.json").read_text())
    assert english["docs"] and urdu["docs"]
    assert not any(d["location"].startswith("ur-Latn/") for d in english["docs"])
    titles = {d["location"]: d["title"] for d in urdu["docs"]}
    assert titles["glossary/"] == "Lughat"
    assert {d["location"]: d["title"] for d in english["docs"]}["glossary/"] == "Glossary"
    html = built_site.html("ur-Latn/glossary")
    assert '"base": "../../ur-Latn/"' in html


def test_theme_fixes_reach_every_page(built_site):
    for page in built_site.pages():
        html = page.read_text()
        assert 'role="dialog" aria-label="' in html, page
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_no_resource_is_loaded_from_another_host(built_site):
    pattern = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*(?:src|href)="(https?:)?//', re.I)
    for page in built_site.site.rglob("*.html"):
        html = page.read_text()
        for match in pattern.finditer(html):
            tag = html[match.start():match.start() + 120]
            assert 'rel="alternate"' in tag or 'rel="canonical"' in tag, f"{page}: {tag}"


def test_a_warm_rebuild_draws_no_diagram_and_writes_the_same_site(built_site, tmp_path, root):
    """The build cache (archbook.site.build_cache) hands back exactly what the work would have made."""
    result = mkdocs_build(root, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    assert "diagram drawn" not in result.stdout + result.stderr
    first, again = tree_digest(built_site.site), tree_digest(tmp_path / "again")
    assert first.keys() == again.keys()
    assert [name for name in first if first[name] != again[name]] == []


def _break_and_build(copy: Path, tmp_path: Path):
    site = tmp_path / "site"
    result = mkdocs_build(copy, site, env={"ARCHBOOK_CACHE_DIR": str(tmp_path / "cache")})
    return result, site


def test_bad_data_stops_the_build_naming_file_entry_and_field(project_copy, tmp_path):
    roles = project_copy / "data" / "roles.yml"
    text = roles.read_text()
    roles.write_text(re.sub(r"(\n  - id: ml-engineer\n)", r"\1    seniority: 3\n", text, count=1))
    result, site = _break_and_build(project_copy, tmp_path)
    assert result.returncode != 0
    assert "entry 2 (ml-engineer): field 'seniority': unknown field" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "index.html").exists(), "a failed build must not leave pages behind"


def test_a_broken_diagram_stops_the_build_naming_its_file(project_copy, tmp_path):
    module = project_copy / "diagrams" / "architect_concerns.py"
    module.write_text(module.read_text().replace("def draw(label):\n", "def draw(label):\n    raise RuntimeError('boom')\n"))
    result, site = _break_and_build(project_copy, tmp_path)
    assert result.returncode != 0
    assert "diagrams/architect_concerns.py:" in result.stderr and "RuntimeError: boom" in result.stderr
    assert not (site / "index.html").exists()


def test_a_missing_translation_stops_the_build(project_copy, tmp_path):
    (project_copy / "docs" / "glossary.ur-Latn.md").unlink()
    result, site = _break_and_build(project_copy, tmp_path)
    assert result.returncode != 0
    assert "docs/glossary.md: missing Roman Urdu twin docs/glossary.ur-Latn.md" in result.stderr
    assert not (site / "index.html").exists()


def test_an_undefined_name_in_a_macro_page_stops_the_build(project_copy, tmp_path):
    for name in ("glossary.md", "glossary.ur-Latn.md"):
        page = project_copy / "docs" / name
        page.write_text(page.read_text() + "\n{{ no_such_macro() }}\n")
    result, _ = _break_and_build(project_copy, tmp_path)
    assert result.returncode != 0
    assert "no_such_macro" in result.stderr


def test_page_specific_styles_load_only_where_asked(built_site):
    home = built_site.html("")
    assert "_mkdocstrings.css" not in home and "learning.css" not in home
    assert home.count('rel="stylesheet"') == 3  # theme, palette, our extra.css
    assert "../../assets/_mkdocstrings.css" in built_site.html("reference/models")
    assert "../assets/stylesheets/learning.css" in built_site.html("ur-Latn/learn")
