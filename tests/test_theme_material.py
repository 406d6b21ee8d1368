"""Theme coupling is loud: Material's names live in one module, are checked against the installed
Material when a build starts, and every post-processing step fails when its pattern finds nothing."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from packaging.specifiers import SpecifierSet

from archbook.theme import material
from archbook.theme.alternates import AlternatesError, absolute_alternates
from archbook.theme.asset_compaction import AssetCompactionError, compact_site_assets
from archbook.theme.css_trim import CssTrimError, ThemeSettings
from archbook.theme.material import (
    COPIED_PARTIALS,
    EXTENDED_TEMPLATE,
    OVERRIDDEN_BLOCKS,
    OVERRIDDEN_TEMPLATES,
    OWN_TEMPLATES,
    SUPPORTED_MATERIAL,
    TEMPLATE_MARKUP,
    MaterialMismatchError,
    check_installed_material,
    installed_templates,
)
from archbook.theme.nav_names import NavNamesError, check_section_navs
from archbook.theme.search_scope import SearchSplitError, write_split_index
from archbook.theme.stylesheets import trim_theme_stylesheets
from archbook.theme.templates import TemplateGuardError, raise_template_error
from archbook.theme.toggles import TogglesError, drop_toggle_autocomplete
from archbook.theme.whitespace import WhitespaceError, collapse_whitespace

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "theme"
OVERRIDES = ROOT / "overrides"
THEME_PACKAGE = ROOT / "src" / "archbook" / "theme"


def load_hook(name: str):
    """Import ``hooks/<name>.py`` the way MkDocs does, as a module of its own."""
    spec = importlib.util.spec_from_file_location(f"hook_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the version check ------------------------------------------------------------------------

def test_the_installed_material_passes_the_check():
    version = check_installed_material()
    assert version in SpecifierSet(SUPPORTED_MATERIAL)


@pytest.mark.parametrize("version", ["10.0.0", "9.7.3", "not-a-version"])
def test_a_material_version_outside_the_range_fails(version):
    with pytest.raises(MaterialMismatchError) as caught:
        check_installed_material(version=version)
    assert caught.value.problems == [
        f"mkdocs-material {version} is installed; archbook.theme.material supports >=9.8,<10 "
        f"(SUPPORTED_MATERIAL): check its names against the new version, then widen the range"]


def fake_material(tmp_path: Path) -> Path:
    """A copy of the parts of the installed Material's templates that the check reads."""
    source, target = installed_templates(), tmp_path / "templates"
    names = {*OVERRIDDEN_TEMPLATES, EXTENDED_TEMPLATE, *COPIED_PARTIALS, *TEMPLATE_MARKUP}
    patterns = [f"{material.STYLESHEET_DIR}/{name}.*.min.css" for name in material.THEME_SHEETS] + [material.BUNDLE]
    files = [source / name for name in names] + [p for pattern in patterns for p in source.glob(pattern)]
    for path in files:
        (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / path.relative_to(source))
    plugin = Path("plugins", "offline", "plugin.py")
    (tmp_path / plugin).parent.mkdir(parents=True)
    shutil.copy(source.parent / plugin, tmp_path / plugin)
    return target


def test_an_offline_plugin_that_no_longer_inlines_the_index_fails(tmp_path):
    templates = fake_material(tmp_path)
    plugin = tmp_path / "plugins" / "offline" / "plugin.py"
    plugin.write_text(plugin.read_text(encoding="utf-8").replace("var __index = ", "window.index = "), encoding="utf-8")
    with pytest.raises(MaterialMismatchError) as caught:
        check_installed_material(templates=templates)
    assert any("offline plugin no longer holds 'var __index = '" in p for p in caught.value.problems)


def test_a_copy_of_the_installed_material_passes(tmp_path):
    assert check_installed_material(templates=fake_material(tmp_path)) == material.installed_version()


def _problems(templates: Path, **kwargs) -> list[str]:
    with pytest.raises(MaterialMismatchError) as caught:
        check_installed_material(templates=templates, **kwargs)
    return caught.value.problems


def test_a_template_the_overrides_replace_missing_fails(tmp_path):
    templates = fake_material(tmp_path)
    (templates / "partials" / "copyright.html").unlink()
    [problem] = _problems(templates)
    assert problem.endswith("has no partials/copyright.html, which overrides/partials/copyright.html replaces")
    assert problem.startswith(f"Material {material.installed_version()} (")


def test_a_block_the_overrides_fill_renamed_fails(tmp_path):
    templates = fake_material(tmp_path)
    base = templates / "base.html"
    base.write_text(base.read_text().replace("{% block config %}", "{% block app_config %}"))
    assert [p.split(": ", 1)[1] for p in _problems(templates)] == [
        "base.html has no block 'config', which overrides/main.html fills"]


def test_a_partial_we_copied_that_changed_fails(tmp_path):
    templates = fake_material(tmp_path)
    partial = templates / "partials" / "nav-item.html"
    partial.write_text(partial.read_text() + "\n")
    [problem] = _problems(templates)
    assert "partials/nav-item.html changed since overrides/partials/nav-item.html was copied from it" in problem


def test_markup_the_theme_code_relies_on_that_changed_fails(tmp_path):
    templates = fake_material(tmp_path)
    base = templates / "base.html"
    base.write_text(base.read_text().replace('"base": base_url', '"root": base_url'))
    [problem] = _problems(templates)
    assert problem.endswith("""base.html no longer contains '"base": base_url' """
                            "(overrides/main.html rewrites the search base in the config block)")


def test_class_names_and_stylesheets_that_changed_fail(tmp_path):
    templates = fake_material(tmp_path)
    [main] = (templates / "assets" / "stylesheets").glob("main.*.min.css")
    main.write_text(main.read_text().replace(".md-version", ".md-release").replace("white-space:pre-wrap", "white-space:pre"))
    [palette] = (templates / "assets" / "stylesheets").glob("palette.*.min.css")
    palette.unlink()
    problems = [p.split(": ", 1)[1] for p in _problems(templates)]
    assert "expected one assets/stylesheets/palette.*.min.css, found 0" in problems
    assert ("the main stylesheet has no .md-version* class (optional feature versioning (extra.version), "
            "OPTIONAL_FEATURES)") in problems
    assert any("no longer sets white-space: pre-wrap on .md-typeset code" in p for p in problems)
    assert any("no longer sets white-space: pre-wrap on .md-typeset kbd" in p for p in problems)


def test_scripts_and_search_pipeline_that_changed_fail(tmp_path):
    templates = fake_material(tmp_path)
    [bundle] = templates.glob(material.BUNDLE)
    bundle.write_text(bundle.read_text().replace('"sitemap.xml"', '"site-map.xml"'))
    problems = [p.split(": ", 1)[1] for p in _problems(templates, search_pipeline=("stemmer", "trimmer"))]
    assert problems == [
        "the bundle no longer mentions \"sitemap.xml\" (overrides/partials/defer-search.html answers the "
        "alternates' sitemap fetch)",
        "the search plugin no longer offers the pipeline step 'stopWordFilter' (archbook.theme.search_scope)",
    ]


def test_every_problem_is_reported_at_once(tmp_path):
    templates = fake_material(tmp_path)
    (templates / "partials" / "search.html").unlink()
    problems = _problems(templates, version="10.1")
    assert problems[0].startswith("mkdocs-material 10.1 is installed")
    assert any("has no partials/search.html" in p for p in problems)


def test_the_hook_stops_the_build_naming_what_changed(monkeypatch):
    hook = load_hook("theme_version")
    config = SimpleNamespace(plugins={})
    assert hook.on_config(config) is config
    monkeypatch.setattr(material, "installed_version", lambda: "10.0.0")
    with pytest.raises(PluginError, match=r"(?s)the installed Material does not match archbook\.theme\.material:"
                                          r".*mkdocs-material 10\.0\.0 is installed"):
        hook.on_config(config)
    inner = SimpleNamespace(plugins={"i18n": SimpleNamespace(building=True)})
    assert hook.on_config(inner) is inner  # the inner language build does not check again


def test_the_hook_is_registered_first():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = re.search(r"^hooks:\n((?:  - .*\n)+)", text, re.M).group(1).split("\n")
    assert hooks[0] == "  - hooks/theme_version.py"


# --- what overrides/ declares -----------------------------------------------------------------

def test_the_declared_templates_are_the_overrides_folder():
    files = sorted(p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html"))
    assert files == sorted([*OVERRIDDEN_TEMPLATES, *OWN_TEMPLATES])
    assert not set(OWN_TEMPLATES) & {p.relative_to(installed_templates()).as_posix()
                                     for p in installed_templates().rglob("*.html")}


def test_the_declared_blocks_are_those_of_overrides_main():
    text = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    assert re.findall(r'\{% extends "([^"]+)" %\}', text) == [EXTENDED_TEMPLATE]
    assert re.findall(r"\{%-?\s*block\s+(\w+)", text) == list(OVERRIDDEN_BLOCKS)


def test_each_copied_partial_says_which_material_it_copies():
    for name in COPIED_PARTIALS:
        assert "Copy of Material 9.8." in (OVERRIDES / name).read_text(encoding="utf-8"), name


def _code_strings(path: Path) -> list[str]:
    """The string constants of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


MATERIAL_LITERAL = re.compile(
    r"md-|__nav|hreflang=|rel=\"alternate\"|assets/(?:stylesheets|javascripts)|search_index|stopWordFilter"
    r"|trimmer|\.min\.css|\bmain\b|\bpalette\b|\bkbd\b|\bcode\b|tabbed|material/|content\.code|extra\.")


def test_no_material_name_is_spelled_outside_the_material_module():
    found = [f"{path.name}: {text!r}" for path in sorted(THEME_PACKAGE.glob("*.py")) if path.name != "material.py"
             for text in _code_strings(path) if MATERIAL_LITERAL.search(text)]
    assert found == []


# --- each post-processing step fails when its pattern finds nothing ---------------------------

def test_whitespace_collapse_of_a_page_needs_indentation():
    page = (FIXTURES / "page.html").read_text()
    assert len(collapse_whitespace(page, page="docs/role.md")) < len(page)
    with pytest.raises(WhitespaceError, match=r"^docs/role\.md: found no indentation to collapse"):
        collapse_whitespace((FIXTURES / "minified-page.html").read_text(), page="docs/role.md")
    minified = (FIXTURES / "minified-page.html").read_text()
    assert collapse_whitespace(minified) == minified  # a fragment, no page named: nothing required


def test_alternates_must_be_found_as_often_as_the_theme_writes_them():
    page = (FIXTURES / "page.html").read_text()
    out = absolute_alternates(page, "https://example.org/site/role/", expected=2, page="docs/role.md")
    assert '<link rel="alternate" href="https://example.org/site/ur-Latn/role/" hreflang="ur-Latn">' in out
    with pytest.raises(AlternatesError, match=r"^docs/role\.md: expected 2 hreflang alternate links matching "
                                              r".*, found 0$"):
        absolute_alternates((FIXTURES / "reordered-alternates.html").read_text(), "https://example.org/site/role/",
                            expected=2, page="docs/role.md")
    with pytest.raises(AlternatesError, match="expected 3 .* found 2"):
        absolute_alternates(page, "https://example.org/site/role/", expected=3, page="docs/role.md")


def test_the_alternates_hook_expects_one_link_per_configured_alternate():
    hook = load_hook("absolute_alternates")
    page = SimpleNamespace(canonical_url="https://example.org/site/role/", file=SimpleNamespace(src_uri="role.md"))
    config = SimpleNamespace(extra={"alternate": [{"lang": "en"}, {"lang": "ur-Latn"}]})
    assert "https://example.org/site/ur-Latn/role/" in hook.on_post_page((FIXTURES / "page.html").read_text(),
                                                                        page, config)
    with pytest.raises(PluginError, match=r"(?s)hreflang alternates failed:.*docs/role\.md: expected 2"):
        hook.on_post_page((FIXTURES / "reordered-alternates.html").read_text(), page, config)
    html = (FIXTURES / "reordered-alternates.html").read_text()
    assert hook.on_post_page(html, page, SimpleNamespace(extra={})) == html  # no alternates configured


def test_section_navs_must_be_named_and_found():
    pages = {"role/index.html": (FIXTURES / "page.html").read_text(), "404.html": "<html><body></body></html>"}
    assert check_section_navs(pages) == 1
    with pytest.raises(NavNamesError, match=r"^learn/index\.html: section navigation labelled by a toggle "
                                            r"without text: __nav_3_label"):
        check_section_navs({**pages, "learn/index.html": (FIXTURES / "unnamed-nav.html").read_text()})
    with pytest.raises(NavNamesError) as caught:
        check_section_navs({"role/index.html": (FIXTURES / "renamed-nav-ids.html").read_text()})
    assert [p.split(" matching ")[0] for p in caught.value.problems] == [
        "no page has a section toggle", "no page has a section navigation named after its title"]


TOGGLES_PAGE = """<body dir="ltr">
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<label class="md-overlay" for="__drawer"></label>
<input type="text" class="md-search__input" name="query" autocomplete="off" required>
</body>"""
"""The two toggles as Material's base.html writes them, and a search field whose autocomplete is valid."""


def test_the_toggles_lose_autocomplete_and_must_both_be_found():
    page = TOGGLES_PAGE
    assert page.count(' autocomplete="off"') == 3
    out = drop_toggle_autocomplete(page, page="docs/role.md")
    assert out == (page.replace('id="__drawer" autocomplete="off"', 'id="__drawer"')
                   .replace('id="__search" autocomplete="off"', 'id="__search"'))
    assert out.count('autocomplete="off"') == 1  # the search field keeps it: valid on a text input
    assert '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">' in out
    with pytest.raises(TogglesError, match=r"^docs/role\.md: expected each of the toggles drawer, search once "
                                           r"matching .*, found none$"):
        drop_toggle_autocomplete(out, page="docs/role.md")  # already dropped, or markup the theme changed
    one = page.replace('data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off"',
                       'data-md-toggle="drawer" type="checkbox" id="__drawer"')
    with pytest.raises(TogglesError, match="found search$"):
        drop_toggle_autocomplete(one, page="docs/role.md")


def test_the_toggles_hook_covers_pages_and_the_404_template():
    hook = load_hook("toggles")
    page = TOGGLES_PAGE
    doc = SimpleNamespace(file=SimpleNamespace(src_uri="role.md"))
    assert hook.on_post_page(page, doc, None) == drop_toggle_autocomplete(page) != page
    assert hook.on_post_template(page, "404.html", None) == drop_toggle_autocomplete(page)
    assert hook.on_post_template("<urlset/>", "sitemap.xml", None) == "<urlset/>"
    with pytest.raises(PluginError, match=r"(?s)theme toggles failed:.*404\.html: expected each of the toggles"):
        hook.on_post_template("<html></html>", "404.html", None)


def _site_with_sheets(tmp_path: Path, main_css: str) -> Path:
    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / "main.0000aaaa.min.css").write_text(main_css)
    (sheets / "palette.1111bbbb.min.css").write_text("[data-md-color-primary=red]{color:red}")
    (tmp_path / "index.html").write_text('<link href="assets/stylesheets/main.0000aaaa.min.css">'
                                         '<link href="assets/stylesheets/palette.1111bbbb.min.css">'
                                         '<body class="kept" data-md-color-primary="red">')
    return tmp_path


def test_a_theme_stylesheet_the_trim_cannot_shorten_is_an_error(tmp_path):
    site = _site_with_sheets(tmp_path, ".kept{color:red}")
    with pytest.raises(CssTrimError, match=r"main\.0000aaaa\.min\.css: the trim found nothing to drop"):
        trim_theme_stylesheets(site, ThemeSettings())


def test_a_linked_theme_stylesheet_the_site_lacks_is_an_error(tmp_path):
    site = _site_with_sheets(tmp_path, ".kept{color:red}.gone{color:blue}")
    (site / "assets" / "stylesheets" / "palette.1111bbbb.min.css").unlink()
    with pytest.raises(CssTrimError, match=r"link assets/stylesheets/palette\.1111bbbb\.min\.css, which the site "
                                           r"does not have"):
        trim_theme_stylesheets(site, ThemeSettings())


def test_a_site_without_its_own_assets_is_an_error(tmp_path):
    (tmp_path / "docs" / "assets").mkdir(parents=True)
    (tmp_path / "site").mkdir()
    (tmp_path / "docs" / "assets" / "extra.css").write_text(".x{}")  # not in the site
    with pytest.raises(AssetCompactionError, match="found none of the stylesheets and scripts"):
        compact_site_assets(tmp_path / "site", tmp_path / "docs")


def test_the_search_split_needs_an_index_with_every_language(tmp_path):
    with pytest.raises(SearchSplitError, match=r"search_index\.json: no search index to split"):
        write_split_index(tmp_path)
    (tmp_path / "search").mkdir()
    shutil.copy(FIXTURES / "english-only-index.json", tmp_path / "search" / "search_index.json")
    with pytest.raises(SearchSplitError, match="no entries for ur-Latn among 2"):
        write_split_index(tmp_path)
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": {}}))
    with pytest.raises(SearchSplitError, match="expected a search index with a 'docs' list"):
        write_split_index(tmp_path)


def test_the_search_hook_reports_as_a_build_step(tmp_path):
    hook = load_hook("search_by_language")
    with pytest.raises(PluginError, match="search split failed"):
        hook.on_post_build(SimpleNamespace(plugins={}, site_dir=str(tmp_path)))


# --- the template guard -----------------------------------------------------------------------

GUARD_MESSAGE = "overrides/main.html: the theme's config block changed; update the search base rewrite"


def test_raise_template_error_raises_the_message():
    with pytest.raises(TemplateGuardError, match="^boom$"):
        raise_template_error("boom")
    env = SimpleNamespace(globals={})
    load_hook("theme_version").on_env(env, None, None)
    with pytest.raises(PluginError, match="a theme template guard failed:\n  boom"):
        env.globals["raise_template_error"]("boom")


def guard_project(tmp_path: Path, base_html: str | None) -> Path:
    """A one-page site with our main.html on Material in German (any language but English)."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Start\n")
    overrides = project / "overrides"
    (overrides / "partials").mkdir(parents=True)
    shutil.copy(OVERRIDES / "main.html", overrides / "main.html")
    for name in OWN_TEMPLATES:  # the partials main.html includes
        (overrides / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(OVERRIDES / name, overrides / name)
    if base_html is not None:
        (overrides / "base.html").write_text(base_html)
    (project / "mkdocs.yml").write_text(
        "site_name: Guard\ntheme:\n  name: material\n  custom_dir: overrides\n  language: de\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'theme_version.py'}\n")
    return project


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_the_search_base_guard_stops_the_build_with_its_message(tmp_path):
    base = (installed_templates() / "base.html").read_text(encoding="utf-8")
    assert '"base": base_url' in base
    changed = guard_project(tmp_path / "changed", base.replace('"base": base_url', '"root": base_url'))
    result = build(changed)
    assert result.returncode != 0
    assert f"a theme template guard failed:\n  {GUARD_MESSAGE}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr

    unchanged = guard_project(tmp_path / "unchanged", None)  # the same site on the real base.html builds
    result = build(unchanged)
    assert result.returncode == 0, result.stderr
    assert '"base":"./de/"' in (unchanged / "site" / "index.html").read_text().replace(" ", "")


def test_the_bundle_guard_stops_the_build_when_the_theme_loads_its_bundle_otherwise(tmp_path):
    """overrides/main.html hands the bundle's address to partials/bundle-after-paint.html;
    a theme that no longer writes the plain script tag stops the build instead of
    publishing a page that never starts its script."""
    base = (installed_templates() / "base.html").read_text(encoding="utf-8")
    tag = "<script src=\"{{ 'assets/javascripts/bundle."
    assert tag in base
    changed = guard_project(tmp_path / "changed", base.replace(tag, "<script type=\"module\" src=\"{{ 'assets/javascripts/bundle."))
    result = build(changed)
    assert result.returncode != 0
    assert ("a theme template guard failed:\n  overrides/main.html: the theme's scripts block changed; "
            "update the bundle rewrite") in result.stderr, result.stderr
    assert "Traceback" not in result.stderr

    unchanged = guard_project(tmp_path / "unchanged", None)
    result = build(unchanged)
    assert result.returncode == 0, result.stderr
    html = (unchanged / "site" / "index.html").read_text()
    assert '<link rel="preload" as="script" fetchpriority="low" id="__bundle" href="assets/javascripts/bundle.' in html
    assert "<script src=\"assets/javascripts/bundle." not in html and "defer src=\"assets/javascripts/bundle." not in html
