"""Decision records on the site: the gallery and supersedes graph macros, and per-ADR page furniture.

Macros (on the gallery page, ``docs/adr/index.md``):

* ``{{ adr_gallery() }}``: every ADR in a table with filters for status,
  concern and roadmap step (``assets/javascripts/adr-gallery.js``);
* ``{{ adr_graph() }}``: the supersedes graph (``diagrams/adr_supersedes.py``)
  and the same links as a list.

The hook ``hooks/adr_pages.py`` calls `furnish` on every page (the validator,
``archbook.adr.validate``, runs before the build with the other project checks),
which makes an ADR page safe and adds its status line and related decisions.
It also gives the Roman Urdu build the records' images (`share_images`: one
``diagram.png`` serves both twins).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from archbook.core.errors import ArchbookError
from archbook.core.fences import fenced

from archbook.adr.assets import add_shared_images
from archbook.adr.model import AdrUi
from archbook.adr.parse import ADR_FILE, TEMPLATE_STEM
from archbook.adr.site import (
    add_furniture, badge_markdown, gallery_html, graph_list, related_markdown, safe_meta, sanitize_markdown,
)
from archbook.core.languages import TWIN_SUFFIX, page_language

GRAPH = "adr_supersedes"
"""The diagram module of the supersedes graph."""

UI_FILE = "adr_ui"
"""The data file (``data/adr_ui.yml``) with the words of the ADR pages (``SiteModel.adr_ui``)."""


def share_images(files, config):
    """The build's files with the records' images added to a non-default language's build.

    See ``archbook.adr.assets.add_shared_images``: without it,
    ``![Alt](diagram.png)`` in ``NNNN-x.ur-Latn.md`` finds no file unless the
    image is copied as ``diagram.ur-Latn.png``.
    """
    return add_shared_images(files, config)


def adr_stem(src_uri: str) -> str | None:
    """The English stem of an ADR page (``0003-x`` or ``template``), None for any other page."""
    path = PurePosixPath(src_uri)
    if path.parent.as_posix() != "adr":
        return None
    name = path.name
    stem = name[: -len(TWIN_SUFFIX)] if name.endswith(TWIN_SUFFIX) else name[: -len(".md")]
    if not name.endswith(".md"):
        return None
    return stem if stem == TEMPLATE_STEM or ADR_FILE.match(stem) else None


def quote_figures(markdown: str, quote: Callable[[str, str], str], lang: str, shown: str) -> str:
    """Each ``{{ example("group.name") }}`` outside code replaced by the running example's figure.

    Decision records are never rendered as templates; this one substitution
    (``quote(line, lang)``: a pattern, not Jinja, given by the build from
    ``archbook.handbook.running_example.fill``) lets them quote Sahulat Assist's
    figures from the one model like every other page.
    """
    out = []
    for number, (line, code) in enumerate(fenced(markdown.split("\n")), start=1):
        if not code and "{{" in line:
            try:
                line = quote(line, lang)
            except (KeyError, ValueError) as exc:
                raise AdrFigureError([f"{shown}: body line {number}: {exc.args[0]}"]) from None
        out.append(line)
    return "\n".join(out)


class AdrFigureError(ArchbookError, ValueError):
    """A decision record quotes a figure the running example does not have."""


def furnish(markdown: str, page, records, ui: AdrUi, steps,
            quote: Callable[[str, str], str] | None = None) -> str:
    """The Markdown of an ADR page, made safe and furnished; other pages unchanged.

    Safe: the front matter keeps only the contract's keys (title escaped,
    ``render_macros: false``), the body goes through
    `sanitize_markdown`. Furnished: the
    status line under the title and the "Related decisions" section, in the
    page's language.
    """
    stem = adr_stem(page.file.src_uri)
    if stem is None:
        return markdown
    page.meta = safe_meta(dict(page.meta or {}))
    if quote is not None:
        markdown = quote_figures(markdown, quote, page_language(page), "docs/" + page.file.src_uri)
    markdown = sanitize_markdown(markdown)
    if stem == TEMPLATE_STEM:
        return markdown
    record = next((r for r in records if r.stem == stem), None)
    if record is None:
        return markdown  # a broken record: the validator has already stopped the build
    lang = page_language(page)
    src = "adr/" + page.file.src_uri.rsplit("/", 1)[-1]
    badge = badge_markdown(record, ui, lang, src, steps.get(record.roadmap_step))
    return add_furniture(markdown, badge, related_markdown(record, records, ui, lang))


def register(env, model, figure) -> None:
    """Define this area's macros on the mkdocs-macros environment ``env``.

    ``model()`` gives the site model (its ``adr_records`` and ``adr_ui``);
    ``figure(name)`` the Markdown figure of a diagram for the current page.
    """

    @env.macro
    def adr_gallery() -> str:
        """Every decision record in a filterable table, in the page's language."""
        site = model()
        return gallery_html(list(site.adr_records), site.adr_ui, page_language(env.page),
                            bool(env.conf["use_directory_urls"]))

    @env.macro
    def adr_graph() -> str:
        """The supersedes graph of the decision records, then the same links as a list."""
        site = model()
        return figure(GRAPH) + "\n" + graph_list(list(site.adr_records), site.adr_ui, page_language(env.page))
