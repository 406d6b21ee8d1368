"""Section navigation landmarks get the section's name when the theme leaves them unnamed.

``overrides/partials/nav-item.html`` writes the name; these tests render it (and Material's
own partial, for comparison) through the theme's template environment.
"""

import importlib.util
from pathlib import Path
from types import SimpleNamespace as Namespace

from mkdocs.theme import Theme

from archbook.theme.nav_names import landmark_name, unnamed_section_navs

ROOT = Path(__file__).resolve().parent.parent

INDEXED = '''<a href="../" class="md-nav__link"><span class="md-ellipsis">Learning path</span></a>
<label class="md-nav__link " for="__nav_3" id="__nav_3_label" tabindex="">
<span class="md-nav__icon md-icon"></span>
</label>
</div>
<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_3_label" aria-expanded="true">
<label class="md-nav__title" for="__nav_3">
<span class="md-nav__icon md-icon"></span>
Seekhne ka rasta &amp; &quot;more&quot;
</label>'''

PLAIN = '''<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="0">
<span class="md-ellipsis">Handbook</span>
<span class="md-nav__icon md-icon"></span>
</label>
<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_2_label" aria-expanded="false">
<label class="md-nav__title" for="__nav_2">
<span class="md-nav__icon md-icon"></span>
Handbook
</label>'''


def _page(title, url, is_index=False):
    return Namespace(title=title, url=url, is_index=is_index, children=None, meta={}, active=False)


INDEX = _page("Overview", "learn/", is_index=True)
INDEXED_SECTION = Namespace(title='Seekhne ka rasta & "more"', children=[INDEX, _page("Week 1", "learn/week-1/")],
                            active=True, meta=None, is_index=False)
PLAIN_SECTION = Namespace(title="Handbook", children=[_page("Patterns", "handbook/patterns/")],
                          active=False, meta=None, is_index=False)


def render(*sections, overrides: bool = True) -> str:
    """Render ``sections`` as navigation items ``__nav_2``, ``__nav_3``, ... with our partial or Material's."""
    theme = Theme(name="material", custom_dir=str(ROOT / "overrides")) if overrides else Theme(name="material")
    env = theme.get_env()
    spec = importlib.util.spec_from_file_location("hook_nav_names", ROOT / "hooks" / "nav_names.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    hook.on_env(env, None, None)  # installs the filter the partial uses
    template = env.from_string('{% import "partials/nav-item.html" as item with context %}'
                               '{% for section in sections %}'
                               '{{ item.render(section, "__nav_" ~ (loop.index + 1), 1, none) }}'
                               '{% endfor %}')
    return template.render(sections=sections, page=INDEX, features=["navigation.indexes"],
                           config=Namespace(theme=Namespace(icon=Namespace()), extra={}), base_url="..")


def test_a_nav_labelled_by_an_empty_toggle_is_named_after_its_title():
    out = render(PLAIN_SECTION, INDEXED_SECTION)
    assert 'aria-labelledby="__nav_3_label"' not in out
    assert '<nav class="md-nav" data-md-level="1" aria-label="Seekhne ka rasta &amp; &quot;more&quot;" ' in out
    assert 'aria-labelledby="__nav_3_label"' in render(PLAIN_SECTION, INDEXED_SECTION, overrides=False)  # Material's


def test_a_nav_whose_toggle_has_text_keeps_its_label():
    plain = render(PLAIN_SECTION)
    assert plain == render(PLAIN_SECTION, overrides=False)  # exactly what Material writes
    assert 'aria-labelledby="__nav_2_label"' in plain
    assert render(PLAIN_SECTION, INDEXED_SECTION).startswith(plain)


def test_the_name_is_the_titles_text_escaped_for_an_attribute():
    assert landmark_name('<span class="md-nav__icon md-icon"></span>\n  Seekhne ka rasta &amp; &quot;more&quot;\n') \
        == "Seekhne ka rasta &amp; &quot;more&quot;"
    assert landmark_name("<span></span>") == ""


def test_the_check_finds_navs_left_labelled_by_an_empty_toggle():
    assert unnamed_section_navs(INDEXED) == ["__nav_3_label"]
    assert unnamed_section_navs(PLAIN) == []
    assert unnamed_section_navs(render(PLAIN_SECTION, INDEXED_SECTION)) == []
