"""Name every section navigation landmark (archbook.theme.nav_names explains the theme's gap)."""

from archbook.theme.nav_names import name_section_navs


def on_post_page(output, page, config):
    return name_section_navs(output)
