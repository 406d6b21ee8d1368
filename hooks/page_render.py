"""Convert and index each page once: a later build with the same page reads the results back.

See archbook.site.page_render for the conversion (the key, what is kept and
what is played back to autorefs and mkdocstrings) and
archbook.site.search_entries for the search entries.
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.core.errors import build_step
from archbook.site.build_cache import cache_dir
from archbook.site.page_render import remember_render
from archbook.site.search_entries import remember_entries


def _handlers(config):
    plugin = config.plugins.get("mkdocstrings")
    try:
        return plugin.handlers if plugin is not None else None
    except RuntimeError:  # not configured in this build
        return None


@build_step("the page conversion cache cannot be used")
def on_page_markdown(markdown, page, config, files):
    remember_render(page, config, files, cache_dir(Path(config.config_file_path).parent),
                    autorefs=config.plugins.get("autorefs"), handlers=_handlers(config))
    return markdown


@event_priority(100)  # before Material's search plugin indexes the page
@build_step("the search entries cache cannot be used")
def on_page_context(context, page, config, nav):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    if index is not None:
        remember_entries(index, cache_dir(Path(config.config_file_path).parent))
    return context
