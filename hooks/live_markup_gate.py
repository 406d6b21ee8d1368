"""The last gate: no page publishes script, whatever produced its HTML.

Data, decision records, pages and macros are each held to their own
allow-lists before the build; this hook checks the rendered content of every
page once more (``archbook.markup_policy.live_markup``) and stops the build,
naming the page's source, if a script element, an event handler or a script
address got through.
"""

from mkdocs.plugins import event_priority

from archbook.errors import ArchbookError, build_step
from archbook.markup_policy import live_markup


@event_priority(-100)  # after every other hook has had the page's HTML
@build_step("a page would publish live markup")
def on_page_content(html, page, config, files):
    found = live_markup(html)
    if found:
        raise ArchbookError([f"docs/{page.file.src_uri}: expected content without script, event handlers "
                             f"or script addresses, got {item}" for item in found])
    return html
