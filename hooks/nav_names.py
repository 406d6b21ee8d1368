"""Name every section navigation landmark (archbook.theme.nav_names explains the theme's gap).

overrides/partials/nav-item.html writes the names with the template filter installed here;
after the whole site (every language) is written, every page is checked.
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.core.errors import build_step
from archbook.core.languages import inner_language_build
from archbook.theme.nav_names import check_section_navs, landmark_name


def on_env(env, config, files):
    env.filters["nav_landmark_name"] = landmark_name
    return env


@event_priority(-300)  # once, after every language is written
@build_step("navigation landmark check failed")
def on_post_build(config):
    if inner_language_build(config):
        return  # an inner, per-language build: the outer one checks every language's pages
    site = Path(config.site_dir)
    check_section_navs({path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
                        for path in sorted(site.rglob("*.html"))})
