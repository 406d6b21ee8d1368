"""Let Roman Urdu search find a word in any common spelling (see archbook.theme.spelling_search)."""

import functools
from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.core.errors import build_step
from archbook.core.languages import inner_language_build
from archbook.site.build_cache import cache_dir, remembered
from archbook.site.model import site_model
from archbook.theme.spelling_search import write_spellings


@event_priority(-250)  # after hooks/search_by_language.py (-200) has written the Roman Urdu index
@build_step("adding spellings to the Roman Urdu search index failed")
def on_post_build(config):
    if inner_language_build(config):
        return  # an inner, per-language build: the Roman Urdu index does not exist yet
    glossary = site_model(Path(config.config_file_path).parent).glossary
    remember = functools.partial(remembered, cache_dir(Path(config.config_file_path).parent))
    write_spellings(Path(config.site_dir), [(term.roman_urdu, term.variants) for term in glossary.entries], remember)
