"""The theme stylesheet trim: what it drops, what it must keep, and how it fails."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from archbook.theme.css_trim import (
    DROPPED_ATTRIBUTES,
    OPTIONAL_FEATURES,
    CssTrimError,
    ThemeSettings,
    custom_properties_used,
    features_off,
    trim_stylesheet,
    used_names,
)
from archbook.theme.stylesheets import trim_theme_stylesheets

FIXTURES = Path(__file__).parent / "fixtures" / "css_trim"
MATERIAL_CSS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"

PAGE = """<html><body class="kept" data-md-color-primary="teal">
<div class="kept spinning" style="--from-page: 1px"></div>
<script>el.classList.add("inline-added")</script></body></html>"""
SCRIPT = 'e.classList.add("script-added");x.className=`lang-${name}`;y.classList.add("md-version__list");' \
         'z.style.setProperty("--from-script","1")'


@pytest.fixture
def trimmed():
    names = used_names([PAGE], [SCRIPT], switched_off=features_off(ThemeSettings()))
    return trim_stylesheet((FIXTURES / "site.css").read_text(), names)


def test_rules_that_need_an_absent_class_go(trimmed):
    css = trimmed.css
    assert ".gone{color:red}" not in css
    assert ".kept{margin:var(--used)}" in css
    assert ".kept{padding:0}" in css  # dead selectors leave the list, the live one stays
    assert ".also-gone" not in css


def test_functional_pseudo_classes(trimmed):
    css = trimmed.css
    assert ".kept:not(.gone){border:0}" in css  # :not() never kills
    assert ":is(.gone,.kept) p" in css  # one live alternative is enough
    assert ":where(" not in css  # every alternative dead


def test_media_blocks_emptied_by_the_trim_go(trimmed):
    assert "@media screen" not in trimmed.css
    assert "@media print{.kept{display:none}}" in trimmed.css


def test_custom_properties_nobody_reads_go(trimmed):
    css = trimmed.css
    assert "--used:1px" in css
    assert "--unused" not in css
    assert "--chain-a" not in css and "--chain-b" not in css  # the chain unwinds
    assert "--from-page:4px" in css and "--from-script:5px" in css


def test_keyframes_nobody_runs_go(trimmed):
    assert "@keyframes spin" in trimmed.css
    assert "unused-spin" not in trimmed.css


def test_palette_attributes_follow_the_pages(trimmed):
    assert "[data-md-color-primary=teal]" in trimmed.css
    assert "[data-md-color-primary=red]" not in trimmed.css


def test_selectors_on_a_dropped_attribute_go_whatever_the_pages_carry():
    """The theme's switching rule restyles every element twice per page load (issue #12)."""
    page = PAGE.replace("<body ", '<body data-md-color-switching="" ')
    names = used_names([page], [SCRIPT], switched_off=features_off(ThemeSettings()))
    report = trim_stylesheet((FIXTURES / "site.css").read_text(), names)
    assert "data-md-color-switching" not in report.css
    assert "transition-duration" not in report.css  # every selector of that rule went
    assert ".kept{outline:0}" in report.css  # another selector of a rule stays
    assert report.dropped_on_purpose == [
        "[data-md-color-switching] *", "[data-md-color-switching] :after",
        '.kept [data-md-color-switching=""]', ":is([data-md-color-switching]) .kept"]


def test_materials_palette_still_has_the_dropped_rule():
    """If Material drops or renames the rule, the entry in DROPPED_ATTRIBUTES is dead weight."""
    [css] = MATERIAL_CSS.glob("palette.*.min.css")
    report = trim_stylesheet(css.read_text(), used_names(['<body class="md-typeset">'], []))
    assert {name for selector in report.dropped_on_purpose for name in DROPPED_ATTRIBUTES
            if name in selector} == set(DROPPED_ATTRIBUTES)


def test_script_words_count_unless_their_feature_is_off():
    names = used_names([PAGE], [SCRIPT], switched_off=features_off(ThemeSettings()))
    assert names.has_class("script-added") and names.has_class("inline-added")
    assert names.has_class("lang-python")  # `lang-${name}` completes at run time
    assert not names.has_class("md-version__list")  # versioning is off
    assert not names.has_class("classList")  # plain identifiers are not class names
    on = used_names([PAGE], [SCRIPT], switched_off=features_off(ThemeSettings(extra={"version": {}})))
    assert on.has_class("md-version__list")


def test_features_off_follows_the_configuration():
    assert set(features_off(ThemeSettings())) == {p for f in OPTIONAL_FEATURES for p in f.classes}
    settings = ThemeSettings(repo_url="https://example.org/x", plugins=frozenset({"material/tags"}),
                             features=frozenset({"content.code.annotate"}),
                             extensions=frozenset({"pymdownx.tabbed"}), extra={"status": {}, "version": {}})
    assert features_off(settings) == ()


def test_every_optional_feature_still_exists_in_material():
    """A feature Material renamed would silently stop being trimmed; catch the rename here."""
    [css] = MATERIAL_CSS.glob("main.*.min.css")
    text = css.read_text()
    for feature in OPTIONAL_FEATURES:
        for prefix in feature.classes:
            assert "." + prefix in text, f"{feature.name}: no .{prefix}* class in Material {material.__version__}"


def test_materials_own_stylesheets_trim_without_error():
    names = used_names(['<body class="md-typeset" data-md-color-scheme="slate">'], [])
    for css in MATERIAL_CSS.glob("*.min.css"):
        report = trim_stylesheet(css.read_text(), names)
        assert 0 < len(report.css) < css.stat().st_size


@pytest.mark.parametrize(("fixture", "message"), [
    ("unknown-at-rule.css", "unknown at-rule @container at line 2"),
    ("unparsable.css", "does not parse at line 2"),
])
def test_what_the_trim_does_not_understand_is_an_error(fixture, message):
    with pytest.raises(CssTrimError, match=message):
        trim_stylesheet((FIXTURES / fixture).read_text(), used_names([], []))


def test_custom_properties_used():
    assert custom_properties_used(["a{b:var(--x)}", "c{d:var( --y, 1px)}"]) == {"--x", "--y"}


def _site(tmp_path, main_css=".kept{color:red}.gone{color:blue}"):
    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / "main.0000aaaa.min.css").write_text(main_css + "/*# sourceMappingURL=main.0000aaaa.min.css.map*/")
    (sheets / "main.0000aaaa.min.css.map").write_text("{}")
    (sheets / "palette.1111bbbb.min.css").write_text("[data-md-color-primary=red]{--x:1}.kept{color:var(--x)}")
    (sheets / "extra.css").write_text(".gone{color:green}")
    for folder in ("", "ur-Latn/"):
        page = tmp_path / folder / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<link rel="stylesheet" href="/{folder and "../"}assets/stylesheets/main.0000aaaa.min.css">'
                        f'<link rel="stylesheet" href="assets/stylesheets/palette.1111bbbb.min.css">'
                        '<body class="kept">')
    return tmp_path


def test_trimmed_sheets_replace_the_originals_under_new_names(tmp_path):
    site = _site(tmp_path)
    results = trim_theme_stylesheets(site, ThemeSettings())
    sheets = site / "assets" / "stylesheets"
    names = sorted(p.name for p in sheets.iterdir())
    assert names == sorted(["extra.css", *(r.new_name for r in results)])  # originals and map gone
    main = next(r for r in results if r.old_name.startswith("main."))
    assert (sheets / main.new_name).read_text() == ".kept{color:red}"  # no stale sourceMappingURL
    for page in ("index.html", "ur-Latn/index.html"):
        html = (site / page).read_text()
        assert main.new_name in html and "0000aaaa" not in html and "1111bbbb" not in html
    assert main.bytes_after < main.bytes_before


def test_a_site_without_the_theme_stylesheets_is_an_error(tmp_path):
    (tmp_path / "index.html").write_text("<body>")
    with pytest.raises(CssTrimError, match="expected the pages of .* to link one each of"):
        trim_theme_stylesheets(tmp_path, ThemeSettings())


def test_an_error_names_the_stylesheet(tmp_path):
    site = _site(tmp_path, main_css="@container x{.kept{color:red}}")
    with pytest.raises(CssTrimError, match=r"main\.0000aaaa\.min\.css: unknown at-rule @container"):
        trim_theme_stylesheets(site, ThemeSettings())
