"""Write pages without the templates' indentation (archbook.theme.whitespace says why that is safe)."""

from mkdocs.plugins import event_priority

from archbook.core.errors import build_step
from archbook.theme.whitespace import collapse_whitespace


@event_priority(-200)  # after every other hook and plugin has changed the page
@build_step("whitespace collapse failed")
def on_post_page(output, page, config):
    return collapse_whitespace(output, page=f"docs/{page.file.src_uri}")
