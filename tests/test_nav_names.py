"""Section navigation landmarks get the section's name when the theme leaves them unnamed."""

from archbook.theme.nav_names import name_section_navs

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


def test_a_nav_labelled_by_an_empty_toggle_is_named_after_its_title():
    out = name_section_navs(INDEXED)
    assert 'aria-labelledby="__nav_3_label"' not in out
    assert '<nav class="md-nav" data-md-level="1" aria-label="Seekhne ka rasta &amp; &quot;more&quot;" ' in out


def test_a_nav_whose_toggle_has_text_keeps_its_label():
    assert name_section_navs(PLAIN) == PLAIN
    assert name_section_navs(PLAIN + INDEXED).startswith(PLAIN)
