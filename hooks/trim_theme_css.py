"""Ship the theme's stylesheets without the rules nothing on this site can match.

Material's stylesheet covers every feature it has; see archbook.theme.css_trim for
what is dropped and why that is safe. An unchanged site gets the trim of the
previous build from the build cache (archbook.site.build_cache.remembered).
"""

import functools
import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.theme.css_trim import ThemeSettings
from archbook.core.errors import build_step
from archbook.core.languages import inner_language_build
from archbook.site.build_cache import cache_dir, remembered
from archbook.theme.stylesheets import trim_theme_stylesheets

log = logging.getLogger("mkdocs.hooks.trim_theme_css")


_SERVING = [False]


def on_startup(command, dirty):
    # A preview: page weight does not matter there, and ``./run serve``'s partial rebuilds
    # (archbook.site.serve) need every page to keep linking the theme's sheets by their own names.
    _SERVING[0] = command == "serve"


@event_priority(-300)  # last: after every language is written and search is split
@build_step("theme stylesheet trim failed")
def on_post_build(config):
    if _SERVING[0]:
        return
    if inner_language_build(config):
        return  # an inner, per-language build: the other language's pages are not written yet
    remember = functools.partial(remembered, cache_dir(Path(config.config_file_path).parent))
    for sheet in trim_theme_stylesheets(Path(config.site_dir), ThemeSettings.from_config(config), remember):
        log.info("theme stylesheet trimmed: %s", sheet.describe())
