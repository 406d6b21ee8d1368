"""Decision records: validate every ADR before the build; add status and related links to ADR pages.

Also: both languages' builds get the records' images (one ``diagram.png`` for
both twins).
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.adr.pages import check_before_build, furnish, share_images
from archbook.core.errors import ArchbookError, build_step
from archbook.core.languages import inner_language_build


def _root(config) -> Path:
    return Path(config.config_file_path).parent


@build_step("decision records failed the ADR checks (run adr-check)")
def on_pre_build(config):
    if inner_language_build(config):
        return  # the records were checked once, before the first language was built
    problems = check_before_build(_root(config), Path(config.docs_dir))
    if problems:
        raise ArchbookError(problems)


@event_priority(100)  # before the macros plugin and the glossary links see an ADR page
def on_page_markdown(markdown, page, config, files):
    return furnish(markdown, page, _root(config), Path(config.docs_dir))


@event_priority(-110)  # after mkdocs-static-i18n (-100) has picked this language's files
def on_files(files, config):
    return share_images(files, config)
