"""Decision records: validate every ADR before the build; add status and related links to ADR pages."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from archbook.adr_pages import check_before_build, furnish


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def on_pre_build(config):
    problems = check_before_build(_root(config), Path(config.docs_dir))
    if problems:
        raise PluginError("decision records failed the ADR checks (run adr-check):\n  " + "\n  ".join(problems))


@event_priority(100)  # before the macros plugin and the glossary links see an ADR page
def on_page_markdown(markdown, page, config, files):
    return furnish(markdown, page, _root(config), Path(config.docs_dir))
