"""The macros pages may call, registered on mkdocs-macros' environment.

Pages opt in with ``render_macros: true`` in their front matter. Each macro
works out the page's language and delegates to a pure renderer, so the
English page and its Roman Urdu twin contain exactly the same macro calls.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from archbook.adr import pages as adr_pages

from archbook.handbook.serving import serving_table
from archbook.handbook.running_example import channels_table, figures_table, quote, scenarios_table
from archbook.learning import exercise_pages, widgets as learning_widgets
from archbook.learning import self_assessment as learning_self_assessment
from archbook.learning import review as learning_review
from archbook.core.errors import ArchbookError, build_step
from archbook.core.languages import page_language
from archbook.figures.outline import outline_html
from archbook.safety.markup_policy import inert_inline
from archbook.site import download_links
from archbook.site.build_cache import FolderOfBytes, cache_dir
from archbook.site.model import site_model
from archbook.site.registry import TABLE_RENDERERS


class MacroError(ArchbookError, ValueError):
    """A macro was called with a name the project does not have."""


def _relative_url(page, site_path: str) -> str:
    """A link from the page's source file to a file at ``site_path`` in the docs tree."""
    start = posixpath.dirname(page.file.src_uri)
    return posixpath.relpath(site_path, start or ".")


def diagram_figure(rendered, page, ui) -> str:
    """A ``<figure>`` with the image, its text alternative and caption, in Markdown.

    The diagram's text version follows the figure as a collapsed block, in the
    words of ``data/diagram_ui.yml`` (``ui``)
    ([outline_html][archbook.figures.outline.outline_html]).
    """
    src = _relative_url(page, rendered.site_path)
    alt = (html.escape(" ".join(rendered.alt.split()), quote=False).replace("[", "(").replace("]", ")")
           .replace("{", "&#123;").replace("}", "&#125;"))
    caption = inert_inline(rendered.title)
    return (
        '<figure class="diagram" markdown="span">\n'
        f'![{alt}]({src}){{ width="{rendered.width}" height="{rendered.height}" loading="lazy" }}\n'
        f"<figcaption>{caption}</figcaption>\n"
        "</figure>\n"
    ) + "\n" + outline_html(rendered.outline, ui, rendered.lang) + "\n"


def compiled_pages(config) -> FolderOfBytes:
    """Where the page sandbox keeps pages it compiled, between builds (``build/jinja-pages`` in the build cache)."""
    import jinja2

    return FolderOfBytes(cache_dir(Path(config.config_file_path).parent) / "jinja-pages", jinja2.__version__)


@build_step("the site model could not be loaded")
def register(env) -> None:
    """Define the page macros on a mkdocs-macros environment ``env``, from the site model."""
    root = Path(env.project_dir)
    model = site_model(root, refresh=True)  # once per language build; the project checks ran before

    def figure(name: str) -> str:
        try:
            rendered = site_model(root).diagrams.find(name, page_language(env.page))
        except KeyError as exc:
            raise MacroError(f"diagram({name!r}): {exc.args[0]}") from None
        return diagram_figure(rendered, env.page, site_model(root).datasets["diagram_ui"])

    @env.macro
    def table(name: str) -> str:
        """Render the data table ``data/<name>.yml`` in the page's language."""
        if name not in TABLE_RENDERERS:
            raise MacroError(f"table({name!r}): no such table (known: {', '.join(sorted(TABLE_RENDERERS))})")
        return TABLE_RENDERERS[name](site_model(root).datasets[name], page_language(env.page))

    @env.macro
    def example(key: str, as_: str | None = None) -> str:
        """A figure of the running example, Sahulat Assist, written in the page's language."""
        try:
            return quote(site_model(root).example, key, page_language(env.page), as_)
        except (KeyError, ValueError) as exc:
            raise MacroError(f"example({key!r}): {exc.args[0]}") from None

    @env.macro
    def example_summary() -> str:
        """The running example's assumptions in one paragraph (the one copy pages include)."""
        return site_model(root).datasets["sahulat_assist"].summary.text(page_language(env.page))

    @env.macro
    def example_table(name: str) -> str:
        """One of the running example's tables: ``scenarios``, ``channels``, ``figures`` or ``serving``."""
        site = site_model(root)
        facts, lang = site.datasets["sahulat_assist"], page_language(env.page)
        renderers = {"scenarios": lambda: scenarios_table(site.example, facts, lang),
                     "channels": lambda: channels_table(facts, lang),
                     "figures": lambda: figures_table(site.example, facts, lang),
                     "serving": lambda: serving_table(site.example, site.datasets["serving_example"], lang)}
        if name not in renderers:
            raise MacroError(f"example_table({name!r}): no such table (known: {', '.join(renderers)})")
        return renderers[name]()

    @env.macro
    def diagram(name: str) -> str:
        """Show the diagram ``diagrams/<name>.py`` drawn in the page's language."""
        return figure(name)

    @env.macro
    def downloads() -> str:
        """The list of downloads in the page's language: the PDF and the offline ZIP, made by ``./run export``."""
        return download_links.downloads_markdown(site_model(root).datasets[download_links.UI_FILE],
                                                 page_language(env.page), env.page.file.dest_uri)

    # Each area of the site defines its own macros in its own module.
    for area in (learning_widgets, exercise_pages, learning_review, learning_self_assessment):
        area.register(env, model.datasets)
    adr_pages.register(env, lambda: site_model(root), figure)
