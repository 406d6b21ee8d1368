"""Everything the theme package and ``overrides/`` assume about Material for MkDocs, in one place.

The site changes Material's output in a few places (see the other modules of
``archbook.theme`` and the templates in ``overrides/``). Each change relies on
a name Material chose: a class, a stylesheet's file name, a line of markup, a
template block. When a Material release renames one, a regex that no longer
matches does nothing, and a build that does nothing still passes. So:

* Every Material-specific name and pattern the theme package uses is a
  constant of this module, documented where it is defined; no other module of
  ``archbook.theme`` spells one out.
* ``check_installed_material`` runs once when a build starts
  (``hooks/theme_version.py``): it compares the installed Material with
  ``SUPPORTED_MATERIAL`` and with what these constants expect of its
  templates, stylesheets and scripts, and stops the build naming what changed.
* Each post-processing step fails the build when its pattern finds nothing
  where it must find something (each module says what it requires).

**Template overrides instead of regexes over built HTML.**

Each regex over built HTML was weighed against a template override that
produces the same markup directly (the built site is byte-identical either way):

* Section navigation names (``archbook.theme.nav_names``): **replaced**.
  ``overrides/partials/nav-item.html`` is Material's partial with one change:
  a section whose title links to its index page gets ``aria-label`` (its
  title) instead of ``aria-labelledby`` pointing at a toggle that holds only
  an icon. What stays is a check over the built pages that no navigation
  landmark is left labelled by an empty toggle. Because the override is a
  copy, ``COPIED_PARTIALS`` records the hash of Material's original, and the
  version check fails when Material changes it.
* Absolute hreflang alternates (``archbook.theme.alternates``): **stays**.
  The links are written in the middle of ``base.html``'s ``site_meta`` block
  (description, canonical, prev/next, RSS, favicon and a generator tag that
  carries Material's own version number); replacing them from a template
  means copying that whole block, which changes with every Material release.
  Making the links absolute in the data instead (``config.extra.alternate``)
  would also make the language switcher's links absolute, changing the page.
* Whitespace collapse (``archbook.theme.whitespace``): **stays**. The
  indentation comes from every Material template; no block controls it.
* Theme stylesheet trim and renaming (``archbook.theme.stylesheets``):
  **stays**. The trimmed sheet's name is a hash of its content, which depends
  on every page of both languages, so it is only known after the last page is
  written, long after the ``styles`` block was rendered.
* Search index split (``archbook.theme.search_scope``): not HTML; the
  template side (``overrides/main.html``, block ``config``) is a template
  already, guarded by ``raise_template_error`` (``archbook.theme.templates``).
* Asset compaction (``archbook.theme.asset_compaction``): our own files, no
  Material name involved.
* Table of contents title and section toggles (valid HTML): **template**.
  ``overrides/partials/toc.html`` labels the ``__toc`` checkbox only where
  ``overrides/partials/nav-item.html`` wrote it, and that partial leaves out
  the empty ``tabindex`` Material writes on section toggles.
* ``autocomplete`` on the page-wide toggles (``archbook.theme.toggles``):
  **stays** a step over built HTML. Both inputs sit in ``base.html`` outside any
  block; replacing them means copying the whole template.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archbook.core.errors import ArchbookError

# --- the version ------------------------------------------------------------------------------

MATERIAL_DISTRIBUTION = "mkdocs-material"
"""The distribution whose installed version ``check_installed_material`` reads."""

SUPPORTED_MATERIAL = ">=9.8,<10"
"""The Material versions every constant below was checked against (a PEP 440 specifier).

Widen it only after ``check_installed_material`` passes on the new version and a
build's HTML has been compared with the previous one's."""


# --- templates that overrides/ replaces, extends or adds -------------------------------------

OVERRIDDEN_TEMPLATES = (
    "main.html",
    "partials/copyright.html",
    "partials/nav-item.html",
    "partials/search.html",
    "partials/toc-item.html",
    "partials/toc.html",
)
"""Material templates that a file of the same path in ``overrides/`` replaces.

If Material drops or renames one, our file would silently stop being used."""

OWN_TEMPLATES = (
    "partials/bundle-after-paint.html",
    "partials/color-scheme-meta.html",
    "partials/defer-search.html",
    "partials/languages/ur-Latn.html",
)
"""Templates in ``overrides/`` that Material does not have (included by ``main.html``,
and loaded by Material's ``partials/language.html`` for ``theme.language: ur-Latn``)."""

EXTENDED_TEMPLATE = "base.html"
"""The template ``overrides/main.html`` extends."""

OVERRIDDEN_BLOCKS = ("extrahead", "config", "scripts")
"""The blocks of ``EXTENDED_TEMPLATE`` that ``overrides/main.html`` fills or wraps.

A block Material renamed would be ignored without a word: Jinja drops a child's
block that the parent does not define."""

COPIED_PARTIALS = {
    "partials/nav-item.html": "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
    "partials/toc-item.html": "418f31ce2e6d559934f610084a5c8493f9618b96268909601552ac48aa0c15c2",
}
"""Overrides that are copies of Material's partial with one change, and the SHA-256 of the
Material partial they were copied from (Material 9.8.2).

When Material changes the original, the copy would keep serving the old markup;
the version check fails instead, and the copy is redone from the new original."""

TEMPLATE_MARKUP: dict[str, tuple[tuple[str, str], ...]] = {
    "base.html": (
        ('"base": base_url', "overrides/main.html rewrites the search base in the config block"),
        ('<link rel="alternate" href="{{ alt.link | url }}" hreflang="{{ alt.lang',
         "archbook.theme.alternates makes these hreflang links absolute"),
        ("'assets/stylesheets/main.", "archbook.theme.stylesheets replaces the main stylesheet"),
        ("'assets/stylesheets/palette.", "archbook.theme.stylesheets replaces the palette stylesheet"),
        ('"search": "assets/javascripts/workers/search.',
         "overrides/partials/defer-search.html holds back the search worker by its address"),
        ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
         "archbook.theme.toggles drops autocomplete from this checkbox"),
        ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
         "archbook.theme.toggles drops autocomplete from this checkbox"),
        ("<script src=\"{{ 'assets/javascripts/bundle.",
         "overrides/main.html starts the bundle after the first paint (partials/bundle-after-paint.html)"),
        ('{% include "partials/nav.html" %}', "overrides/partials/toc.html needs the navigation rendered first"),
        ('{% include "partials/toc.html" %}', "overrides/partials/toc.html must still be included"),
    ),
    "partials/header.html": (
        ('{% include "partials/search.html" %}', "overrides/partials/search.html must still be included"),
        ('for="__search"', "overrides/partials/defer-search.html starts search on a click on this label"),
    ),
    "partials/footer.html": (
        ('{% include "partials/copyright.html" %}', "overrides/partials/copyright.html must still be included"),
    ),
    "partials/nav.html": (
        ('{% import "partials/nav-item.html" as item with context %}',
         "overrides/partials/nav-item.html must still be imported"),
    ),
    "partials/language.html": (
        ('"partials/languages/" ~ config.theme.language ~ ".html"',
         "overrides/partials/languages/ur-Latn.html is loaded by the language code"),
        ('"partials/languages/en.html"', "missing Roman Urdu labels fall back to English"),
    ),
}
"""Markup each Material template must still contain, and what relies on it."""


# --- stylesheets ------------------------------------------------------------------------------

STYLESHEET_DIR = "assets/stylesheets"
"""Where Material's stylesheets are, in the theme and in the built site."""

THEME_SHEETS = ("main", "palette")
"""The theme stylesheets that get trimmed, as ``assets/stylesheets/<name>.<hash>.min.css``."""

THEME_SHEET_LINK = re.compile(r"assets/stylesheets/(%s)\.([0-9a-f]+)\.min\.css" % "|".join(THEME_SHEETS))
"""A built page's reference to a theme stylesheet; group 1 is its name, group 2 its hash."""

THEME_SHEET_NAME = "assets/stylesheets/{name}.{digest}.min.css"
"""The path of a trimmed theme stylesheet: Material's naming, with our content hash."""

SOURCE_MAP_SUFFIX = ".map"
"""Material ships ``<sheet>.map`` beside each stylesheet; it no longer matches a trimmed sheet."""

TRACKED_ATTRIBUTES = ("data-md-color-primary", "data-md-color-accent", "data-md-color-scheme")
"""Attributes whose values the palette stylesheet selects on; values come from the pages."""

PALETTE_ATTRIBUTE = re.compile(r'(%s)="([^"]*)"' % "|".join(re.escape(a) for a in TRACKED_ATTRIBUTES))
"""A palette attribute and its value on a built page."""

DROPPED_ATTRIBUTES = {
    "data-md-color-switching": (
        "the theme's script sets it on <body> on every page load and removes it a frame later, and "
        "a rule under it ([data-md-color-switching] *, no transitions while the palette changes) "
        "makes each change restyle every element: two whole-page style passes on the main thread, "
        "about half the palette's load-time work on a reference page (issue #12). Without the rule, "
        "switching the palette lets colours fade over the theme's own transitions."
    ),
}
"""Attributes whose every rule the theme stylesheet trim drops on purpose, and why.

The attribute itself stays where the theme's script puts it; a selector that tests it, with or
without a value, goes (``archbook.theme.css_trim``)."""

PRE_WRAP_ELEMENTS = ("code", "kbd")
"""Elements the theme's stylesheet gives ``white-space: pre-wrap`` (inside ``.md-typeset``),
so their whitespace renders and ``archbook.theme.whitespace`` must copy it unchanged."""

PRE_WRAP_SCOPE = ".md-typeset"
"""The class under which Material's stylesheet sets ``PRE_WRAP_ELEMENTS`` to ``pre-wrap``."""


@dataclass(frozen=True)
class OptionalFeature:
    """A theme feature whose classes the bundle mentions even when the site leaves it off."""

    name: str
    classes: tuple[str, ...]  # class-name prefixes that belong to this feature alone
    enabled: Callable  # ThemeSettings -> bool (archbook.theme.css_trim.ThemeSettings)


OPTIONAL_FEATURES = (
    OptionalFeature("versioning (extra.version)", ("md-version",), lambda s: "version" in s.extra),
    OptionalFeature("tags plugin", ("md-tag",), lambda s: bool({"tags", "material/tags"} & s.plugins)),
    OptionalFeature("repository facts (repo_url)", ("md-source",), lambda s: bool(s.repo_url)),
    OptionalFeature("code annotations (content.code.annotate)", ("md-annotation",),
                    lambda s: "content.code.annotate" in s.features),
    OptionalFeature("page status (extra.status)", ("md-status",), lambda s: "status" in s.extra),
    OptionalFeature("content tabs (pymdownx.tabbed)", ("tabbed-",), lambda s: "pymdownx.tabbed" in s.extensions),
)
"""Material's optional features, the class prefixes only they use, and how the configuration turns each on.

The stylesheet trim does not count the bundle's mentions of a feature that is off."""


# --- scripts and search -----------------------------------------------------------------------

BUNDLE = "assets/javascripts/bundle.*.min.js"
"""Material's main script, as a glob under its templates."""

BUNDLE_MARKUP = (
    ('"search/search_index.json"', "overrides/partials/defer-search.html holds back the index request"),
    ('"sitemap.xml"', "overrides/partials/defer-search.html answers the alternates' sitemap fetch"),
    ('"search/search_index.js"', "archbook.export.offline: on file:// the bundle loads the index as a script"),
    ('"pre:not(.mermaid) > code"', "archbook.site.api_reference.static_signatures keeps signatures out of this"),
    ('"DOMContentLoaded",{once:!0}',
     "overrides/partials/bundle-after-paint.html answers this listener, added after the event"),
    ('{name:"color-scheme"});document.head.appendChild(',
     "overrides/partials/color-scheme-meta.html keeps this tag aside until it says dark"),
)
"""Strings Material's bundle must still contain, and what relies on each."""

SEARCH_INDEX = "search/search_index.json"
"""Where Material's search plugin writes the index, relative to the site (or a language's folder)."""

SEARCH_INDEX_CODE = re.compile(r"<(code|pre)\b[^>]*>.*?</\1>", re.S | re.I)
"""Code in an entry's ``text`` of Material's search index (kept as HTML by the search plugin)."""

SEARCH_STOP_WORDS = "stopWordFilter"
"""The search pipeline step that drops English stop words."""

SEARCH_TRIMMER = "trimmer"
"""The search pipeline step that only trims punctuation from words."""


# --- navigation -------------------------------------------------------------------------------

SECTION_TOGGLE = re.compile(r'<label\b[^>]*\bid="(__nav_[\w]+_label)"[^>]*>(.*?)</label>', re.S)
"""A section's toggle in the navigation; group 1 is its id, group 2 its content."""

SECTION_NAV_LABELLED = re.compile(r'<nav\b[^>]*\baria-labelledby="(__nav_[\w]+_label)"')
"""A section's navigation landmark named by a toggle; group 1 is the toggle's id."""

SECTION_NAV_NAMED = re.compile(r'<nav class="md-nav" data-md-level="\d+" aria-label="[^"]+"')
"""A section's navigation landmark named after its title (by ``overrides/partials/nav-item.html``)."""


# --- page-wide toggles -------------------------------------------------------------------------

PAGE_TOGGLES = ("drawer", "search")
"""The checkboxes ``base.html`` writes on every page (``id="__drawer"``, ``id="__search"``)."""

TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(%s)" type="checkbox" id="__\2") autocomplete="off">'
    % "|".join(PAGE_TOGGLES))
"""A page-wide toggle with ``autocomplete="off"``, which HTML allows on text-like inputs only
(group 1 is the tag without it, group 2 the toggle's name)."""


# --- page content, offline copy and print -----------------------------------------------------

ARTICLE_CLASS = "md-content__inner"
"""The class of the ``<article>`` that holds a page's content in Material's ``main.html`` (the PDF reads it)."""

HEADERLINK_CLASS = "headerlink"
"""The class of the permalink (``¶``) the ``toc`` extension adds to each heading (left out of the PDF)."""

OFFLINE_PLUGIN = "material/offline"
"""The key of Material's offline plugin in ``config.plugins`` (written ``offline`` in mkdocs.yml)."""

OFFLINE_SHIM_MARKER = "iframe-worker"
"""The offline plugin adds its shim from unpkg.com unless a polyfill's address already contains this."""

OFFLINE_INDEX_SCRIPT = "search_index.js"
"""The script the offline plugin writes beside ``search_index.json``; the theme loads it on ``file://``."""

OFFLINE_INDEX_PREFIX = "var __index = "
"""What the offline plugin writes before the index in ``OFFLINE_INDEX_SCRIPT`` (the bundle reads ``__index``)."""

OFFLINE_PLUGIN_MARKUP = ('"iframe-worker" in url', OFFLINE_INDEX_PREFIX)
"""Strings Material's offline plugin must still contain (``archbook.export.offline`` relies on both)."""


# --- hreflang alternates ----------------------------------------------------------------------

ALTERNATE_LINK = re.compile(r'(<link rel="alternate" href=")([^"]*)(" hreflang="[^"]+">)')
"""One of the hreflang alternates ``base.html`` writes; group 2 is its address."""


# --- the check --------------------------------------------------------------------------------

class MaterialMismatchError(ArchbookError):
    """The installed Material is not the one the theme package and ``overrides/`` were written for."""


def installed_templates() -> Path:
    """The ``templates`` folder of the installed Material."""
    import material

    return Path(material.__file__).parent / "templates"


def installed_version() -> str | None:
    """The installed ``mkdocs-material`` version, or None when it is not installed."""
    try:
        return importlib.metadata.version(MATERIAL_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_installed_material(version: str | None = None, templates: Path | None = None,
                             search_pipeline: tuple[str, ...] | None = None) -> str:
    """Check the installed Material against every assumption of this module; return its version.

    ``version``, ``templates`` and ``search_pipeline`` default to the installed
    Material's (tests pass others).

    Raises:
        MaterialMismatchError: one line per assumption that no longer holds,
            naming the template, stylesheet or script and what relies on it.
    """
    from packaging.specifiers import SpecifierSet
    from packaging.version import InvalidVersion, Version

    version = version if version is not None else installed_version()
    templates = templates if templates is not None else installed_templates()
    problems: list[str] = []
    if version is None:
        problems.append(f"{MATERIAL_DISTRIBUTION} is not installed")
    else:
        try:
            supported = Version(version) in SpecifierSet(SUPPORTED_MATERIAL)
        except InvalidVersion:
            supported = False
        if not supported:
            problems.append(
                f"{MATERIAL_DISTRIBUTION} {version} is installed; archbook.theme.material supports "
                f"{SUPPORTED_MATERIAL} (SUPPORTED_MATERIAL): check its names against the new version, "
                f"then widen the range")
    where = f"Material {version or '?'} ({templates})"
    problems += _template_problems(templates, where)
    problems += _stylesheet_problems(templates, where)
    problems += _script_problems(templates, where, search_pipeline)
    if problems:
        raise MaterialMismatchError(problems)
    return version


def _read(templates: Path, name: str) -> str | None:
    path = templates / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _template_problems(templates: Path, where: str) -> list[str]:
    problems = []
    for name in OVERRIDDEN_TEMPLATES:
        if _read(templates, name) is None:
            problems.append(f"{where}: has no {name}, which overrides/{name} replaces")
    base = _read(templates, EXTENDED_TEMPLATE)
    if base is None:
        problems.append(f"{where}: has no {EXTENDED_TEMPLATE}, which overrides/main.html extends")
    else:
        for block in OVERRIDDEN_BLOCKS:
            if not re.search(r"\{%%-?\s*block\s+%s\s*-?%%\}" % re.escape(block), base):
                problems.append(f"{where}: {EXTENDED_TEMPLATE} has no block {block!r}, "
                                f"which overrides/main.html fills")
    for name, digest in COPIED_PARTIALS.items():
        text = _read(templates, name)
        if text is not None and hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
            problems.append(f"{where}: {name} changed since overrides/{name} was copied from it; "
                            f"copy it again, carry our change over, and update COPIED_PARTIALS")
    for name, needs in TEMPLATE_MARKUP.items():
        text = _read(templates, name)
        if text is None:
            problems.append(f"{where}: has no {name}")
            continue
        for snippet, why in needs:
            if snippet not in text:
                problems.append(f"{where}: {name} no longer contains {snippet!r} ({why})")
    return problems


def _one(templates: Path, pattern: str, where: str, problems: list[str]) -> str | None:
    found = sorted(templates.glob(pattern))
    if len(found) != 1:
        problems.append(f"{where}: expected one {pattern}, found {len(found)}")
        return None
    return found[0].read_text(encoding="utf-8")


def _stylesheet_problems(templates: Path, where: str) -> list[str]:
    problems: list[str] = []
    sheets = {name: _one(templates, f"{STYLESHEET_DIR}/{name}.*.min.css", where, problems) for name in THEME_SHEETS}
    main, palette = sheets.get("main"), sheets.get("palette")
    if main is not None:
        for feature in OPTIONAL_FEATURES:
            for prefix in feature.classes:
                if "." + prefix not in main:
                    problems.append(f"{where}: the main stylesheet has no .{prefix}* class "
                                    f"(optional feature {feature.name}, OPTIONAL_FEATURES)")
        pre_wrap = {selector.strip() for selectors, body in re.findall(r"([^{}]*)\{([^{}]*)\}", main)
                    if re.search(r"white-space:\s*pre-wrap", body) for selector in selectors.split(",")}
        for element in PRE_WRAP_ELEMENTS:
            if f"{PRE_WRAP_SCOPE} {element}" not in pre_wrap:
                problems.append(f"{where}: the main stylesheet no longer sets white-space: pre-wrap on "
                                f"{PRE_WRAP_SCOPE} {element} (PRE_WRAP_ELEMENTS, archbook.theme.whitespace)")
    if palette is not None:
        for attribute in TRACKED_ATTRIBUTES:
            if f"[{attribute}=" not in palette:
                problems.append(f"{where}: the palette stylesheet no longer selects on {attribute} "
                                f"(TRACKED_ATTRIBUTES)")
    return problems


def _script_problems(templates: Path, where: str, search_pipeline: tuple[str, ...] | None) -> list[str]:
    problems: list[str] = []
    bundle = _one(templates, BUNDLE, where, problems)
    if bundle is not None:
        for snippet, why in BUNDLE_MARKUP:
            if snippet not in bundle:
                problems.append(f"{where}: the bundle no longer mentions {snippet} ({why})")
    if search_pipeline is None:
        try:
            from material.plugins.search.config import pipeline as search_pipeline
        except ImportError:
            search_pipeline = ()
    offline = templates.parent / "plugins" / "offline" / "plugin.py"
    code = offline.read_text(encoding="utf-8") if offline.is_file() else ""
    for snippet in OFFLINE_PLUGIN_MARKUP:
        if snippet not in code:
            problems.append(f"{where}: the offline plugin no longer holds {snippet!r} (archbook.export.offline)")
    for step in (SEARCH_STOP_WORDS, SEARCH_TRIMMER):
        if step not in search_pipeline:
            problems.append(f"{where}: the search plugin no longer offers the pipeline step {step!r} "
                            f"(archbook.theme.search_scope)")
    return problems
