"""Link the first use of each technical term on a page to the glossary (definition on hover)."""

import posixpath
from pathlib import Path

from archbook.content.glossary_links import link_first_uses, terms_for
from archbook.core.languages import page_language
from archbook.site.model import site_model

GLOSSARY_PAGE = "glossary.md"


def on_page_markdown(markdown, page, config, files):
    if page.meta.get("glossary_links") is False or page.file.src_uri.startswith(("glossary.", "reference/")):
        return markdown
    glossary = site_model(Path(config.config_file_path).parent).glossary
    target = posixpath.relpath(GLOSSARY_PAGE, posixpath.dirname(page.file.src_uri) or ".")
    return link_first_uses(markdown, terms_for(glossary, page_language(page)), target)
