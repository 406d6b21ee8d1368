"""Give each language its own search index, so search finds pages in the reader's language."""

from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.core.errors import build_step
from archbook.core.languages import inner_language_build
from archbook.theme.search_scope import write_split_index


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged the languages' entries
@build_step("search split failed")
def on_post_build(config):
    if inner_language_build(config):
        return  # an inner, per-language build: the merged index does not exist yet
    write_split_index(Path(config.site_dir))
