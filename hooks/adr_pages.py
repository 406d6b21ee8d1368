"""Decision records: make every ADR page safe and add its status line and related decisions.

Also: both languages' builds get the records' images (one ``diagram.png`` for
both twins). The records are validated before the build with the other
project checks (``hooks/project_checks.py``).
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.adr.pages import furnish, share_images
from archbook.core.errors import build_step
from archbook.handbook.running_example import fill
from archbook.site.model import site_model


@event_priority(100)  # before the macros plugin and the glossary links see an ADR page
@build_step("a decision record could not be shown")
def on_page_markdown(markdown, page, config, files):
    model = site_model(Path(config.config_file_path).parent)
    return furnish(markdown, page, model.adr_records, model.adr_ui, model.step_pages,
                   lambda line, lang: fill(line, model.example, lang, only_calls=False))


@event_priority(-110)  # after mkdocs-static-i18n (-100) has picked this language's files
def on_files(files, config):
    return share_images(files, config)
