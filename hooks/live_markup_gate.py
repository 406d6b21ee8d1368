"""The last gate: no page publishes script, whatever produced its HTML.

Data, decision records, pages, front matter and macros are each held to
their own allow-lists before the build; this hook checks every *published*
page once more, head, navigation and title included
(``archbook.safety.markup_policy.live_markup``), and stops the build, naming the
page's source, if a script element, an event handler, a style or a script
address got through. The theme's own scripts are told apart from content by
comparing them with the inline scripts its templates can emit
(``archbook.safety.markup_policy.theme_scripts``) and with the site's own
``assets/javascripts/``. A page whose exact bytes passed in an earlier build
passes without being read again (``archbook.site.live_gate``).
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.core.errors import ArchbookError, build_step
from archbook.site.live_gate import gate_for


def _gate(config):
    return gate_for(Path(config.config_file_path).parent, tuple(str(d) for d in config.theme.dirs))


@event_priority(-100)  # after every other hook has changed the page, before whitespace is collapsed
@build_step("a page would publish live markup")
def on_post_page(output, page, config):
    found = _gate(config).findings(output)
    if found:
        raise ArchbookError([f"docs/{page.file.src_uri}: expected a page without script, event handlers, "
                             f"styles or script addresses outside the theme's own, got {item}" for item in found])
    return output


def on_post_build(config):
    _gate(config).save()  # the digests of the pages that passed, for the next build
