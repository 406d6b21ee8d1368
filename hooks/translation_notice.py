"""On a Roman Urdu page whose English page changed after it was translated, say so under the title.

See archbook.site.translation_notice (the notice) and archbook.checks.freshness (what is stale).
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.core.errors import build_step
from archbook.site.model import site_model
from archbook.site.translation_notice import UI_FILE, page_notice


@event_priority(-50)  # after the macros plugin and the glossary links: the notice is added as written
@build_step("the translation notice could not be added")
def on_page_markdown(markdown, page, config, files):
    root = Path(config.config_file_path).parent
    return page_notice(markdown, page, root, site_model(root).dataset(UI_FILE))
