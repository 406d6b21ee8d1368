"""``./run serve`` rebuilds only the pages that changed, and keeps search and strict mode right (archbook.site.serve)."""

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.core.languages import inner_language_build
from archbook.site.serve import DirtyWarningFilter, ServeState

_STATE = ServeState()
_DIRTY = [False]


def on_startup(command, dirty):
    _DIRTY[0] = command == "serve" and dirty
    if _DIRTY[0]:
        logging.getLogger("mkdocs.commands.build").addFilter(DirtyWarningFilter())


@event_priority(100)
def on_pre_build(config):
    if _DIRTY[0] and not inner_language_build(config):
        _STATE.prepare_rebuild(Path(config.config_file_path).parent, Path(config.site_dir))


@event_priority(-150)  # after mkdocs-static-i18n (-100) merged the languages' entries, before the split (-200)
def on_post_build(config):
    if _DIRTY[0] and not inner_language_build(config):
        _STATE.merge_search_index(Path(config.site_dir))
