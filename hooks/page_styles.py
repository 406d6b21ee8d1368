"""Keep the API reference's stylesheet off reader pages: only pages that list it load it.

mkdocstrings adds its CSS to every page (and once more per language build);
the reference pages ask for it with "styles: [assets/_mkdocstrings.css]".
"""

from mkdocs.plugins import event_priority

REFERENCE_CSS = "assets/_mkdocstrings.css"


@event_priority(-100)  # after mkdocstrings has added its stylesheet
def on_config(config):
    config.extra_css = [css for css in config.extra_css if str(css) != REFERENCE_CSS]
    return config
