"""Link the first use of each technical term on a page to the glossary (definition on hover).

A page whose Markdown, glossary target and terms are those of an earlier
build gets that build's result from the build cache
(archbook.site.build_cache.remembered).
"""

import functools
import posixpath
from pathlib import Path

from archbook.content.glossary_links import link_first_uses, terms_for
from archbook.core.languages import page_language
from archbook.site.build_cache import cache_dir, digest, remembered
from archbook.site.model import site_model

GLOSSARY_PAGE = "glossary.md"

_TERMS: dict[tuple[int, str], tuple[object, list, str]] = {}


def _terms(glossary, lang):
    """The page language's terms and their digest, worked out once per glossary and language."""
    kept = _TERMS.get((id(glossary), lang))
    if kept is None or kept[0] is not glossary:
        terms = terms_for(glossary, lang)
        kept = _TERMS[(id(glossary), lang)] = (glossary, terms, digest(*(repr(t) for t in terms)))
    return kept[1], kept[2]


def on_page_markdown(markdown, page, config, files):
    if page.meta.get("glossary_links") is False or page.file.src_uri.startswith(("glossary.", "reference/")):
        return markdown
    root = Path(config.config_file_path).parent
    terms, terms_digest = _terms(site_model(root).glossary, page_language(page))
    target = posixpath.relpath(GLOSSARY_PAGE, posixpath.dirname(page.file.src_uri) or ".")
    return remembered(cache_dir(root), "glossary-links", (markdown, target, terms_digest),
                      functools.partial(link_first_uses, markdown, terms, target))
