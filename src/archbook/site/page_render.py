"""Convert a page's Markdown once; a later build with the same Markdown reads the HTML back.

Converting Markdown to HTML is most of the engine's work on a page, and on a
warm build nearly every page arrives at ``page.render`` with exactly the
Markdown it had last time (the macros, glossary links and notices before it
are deterministic). [remember_render][archbook.site.page_render.remember_render]
replaces that one page's ``render`` with one that looks in the build cache
first (``archbook.site.build_cache``, folder ``pages/``).

**The key** is a SHA-256 of everything the conversion reads:

- the page's final Markdown, its source path, address and output path;
- every file of the build with its address (relative links are resolved
  against them);
- ``mkdocs.yml`` as written, the page language's theme settings, the log
  level, the engine (MkDocs or ProperDocs);
- ``build_cache.code_version()``: the package's source and the versions of
  the engine, theme, Markdown, its extensions, mkdocstrings and griffe.

**What is kept** is what ``Page.render`` leaves behind: the HTML, the table of
contents, the title found in the text, the anchors the page has and the
anchors it links to on other pages. Conversion also tells two plugins about
the page, and those calls are recorded and played back on a hit with the
page of this build: autorefs' ``register_anchor`` / ``register_url`` (the
headings that cross-references resolve to) and mkdocstrings' ``get_handler``
(a handler that is seen writes its stylesheet) and ``inventory.register``
(``objects.inv``).

**Only quiet conversions are kept.** A conversion that logs anything (a
broken link, a missing anchor, a collection problem) is not stored, so the
next build converts that page again and says it again; a conversion that
raises keeps nothing. [check_engine][archbook.site.page_render.check_engine]
fails the build, naming what changed, if ``Page.render`` or the plugin
methods above are gone after an upgrade.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archbook.core.errors import ArchbookError, as_plugin_error
from archbook.core.textfiles import write_atomic
from archbook.site.build_cache import code_version, digest

PAGE_ATTRIBUTES = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")
"""What the engine's ``Page.render`` sets on the page (MkDocs 1.6 and ProperDocs 1.6)."""

RECORDED = {"autorefs": ("register_anchor", "register_url"), "handlers": ("get_handler",),
            "inventory": ("register",)}
"""The methods conversion calls on other plugins' objects, by object: recorded on a miss, played back on a hit."""

PAGE = {"page": True}
"""How a recorded call's page argument (the page being converted) is written."""


def check_engine(page_class: type, autorefs: Any, handlers: Any) -> None:
    """Raise, naming what changed, when the engine or a plugin no longer has what the cache relies on."""
    problems = []
    if not callable(getattr(page_class, "render", None)):
        problems.append(f"{page_class.__module__}.{page_class.__name__}.render is gone")
    for name, target in (("autorefs", autorefs), ("handlers", handlers),
                         ("inventory", getattr(handlers, "inventory", None))):
        for method in RECORDED[name]:
            if target is not None and not callable(getattr(target, method, None)):
                problems.append(f"{type(target).__name__}.{method} is gone")
    if problems:
        raise ArchbookError([f"the page conversion cache no longer fits: {p}; update archbook/site/page_render.py"
                             for p in problems])


# --- what the key covers --------------------------------------------------------------------

def files_key(files) -> str:
    """Digest of every file of the build with its output path and address."""
    return digest(*(f"{f.src_uri}\0{f.dest_uri}\0{f.url}" for f in sorted(files, key=lambda f: f.src_uri)))


def config_key(config) -> str:
    """Digest of the settings a conversion reads: ``mkdocs.yml`` as written and the build language's theme."""
    try:
        written = Path(config.config_file_path).read_bytes()
    except (OSError, TypeError):
        written = b""
    theme = config.theme
    return digest(written, str(theme.get("language")), str(theme.get("locale")), str(config.use_directory_urls),
                  str(config.site_url), repr(sorted((str(k), str(v)) for k, v in dict(config.validation).items())))


def page_key(page, config_digest: str, files_digest: str) -> str:
    """The cache key of converting ``page`` (its Markdown as it is now)."""
    page_class = type(page)
    return digest(code_version(), page_class.__module__, config_digest, files_digest,
                  str(logging.getLogger("mkdocs").getEffectiveLevel()),
                  page.file.src_uri, page.file.dest_uri, page.url, page.markdown)


# --- recording and playing back other plugins' calls ------------------------------------------

class _Recorder(logging.Handler):
    """Collects the calls made through the wrapped methods, and any log record, while one page converts."""

    def __init__(self, page):
        super().__init__(logging.DEBUG)
        self.page = page
        self.calls: list[list] = []
        self.logged = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.logged = True


_ACTIVE: list[_Recorder] = []
_ORIGINALS = "_archbook_original"


def _plain(value, page):
    if value is page:
        return PAGE
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(type(value).__name__)


def _wrap(target: Any, kind: str) -> None:
    """Record calls to ``target``'s methods of ``kind`` (once per object)."""
    for method in RECORDED[kind]:
        bound = getattr(target, method)
        if getattr(bound, _ORIGINALS, None) is not None:
            continue

        def recording(*args, __bound=bound, __name=f"{kind}.{method}", **kwargs):
            if _ACTIVE:
                recorder = _ACTIVE[-1]
                try:
                    recorder.calls.append([__name, [_plain(a, recorder.page) for a in args],
                                           {k: _plain(v, recorder.page) for k, v in kwargs.items()}])
                except TypeError:
                    recorder.logged = True  # an argument that cannot be written down: keep nothing
            return __bound(*args, **kwargs)

        setattr(recording, _ORIGINALS, bound)
        setattr(target, method, recording)


def _targets(autorefs: Any, handlers: Any) -> dict[str, Any]:
    targets = {"autorefs": autorefs, "handlers": handlers, "inventory": getattr(handlers, "inventory", None)}
    return {kind: target for kind, target in targets.items() if target is not None}


def _play_back(calls: list, page, targets: dict[str, Any]) -> None:
    for name, args, kwargs in calls:
        kind, method = name.split(".")
        function = getattr(targets[kind], method)
        function = getattr(function, _ORIGINALS, function)
        function(*(page if a == PAGE else a for a in args), **{k: page if v == PAGE else v for k, v in kwargs.items()})


# --- the page's state after conversion -------------------------------------------------------

def _toc_items(items) -> list:
    return [[item.title, item.id, item.level, _toc_items(item.children)] for item in items]


def _toc(items: list):
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    def link(title, id, level, children):
        anchor = AnchorLink(title, id, level)
        anchor.children = [link(*child) for child in children]
        return anchor

    links = [link(*item) for item in items]
    if links:
        links[0].active = True  # as the engine's get_toc marks it
    return TableOfContents(links)


def _stored(page, calls: list) -> str:
    links = page.links_to_anchors
    return json.dumps({
        "content": page.content,
        "toc": _toc_items(page.toc),
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        "calls": calls,
    }, ensure_ascii=False)


def _restore(page, stored: dict, files) -> bool:
    """Set the page's converted state from ``stored``; False if a linked file no longer exists."""
    links = stored["links"]
    if links is not None:
        resolved = {files.get_file_from_path(src): dict(v) for src, v in links.items()}
        if None in resolved:
            return False
        links = resolved
    page.content = stored["content"]
    page.toc = _toc(stored["toc"])
    page._title_from_render = stored["title"]
    page.present_anchor_ids = set(stored["anchors"])
    page.links_to_anchors = links
    return True


def _read(path: Path) -> dict | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored, dict) and isinstance(stored.get("content"), str) and isinstance(stored.get("calls"), list):
            return stored
    except (OSError, ValueError):
        pass
    return None


# --- the wrapper -----------------------------------------------------------------------------

_KEYS: dict[tuple[str, int], tuple[object, str]] = {}
"""Per build object (the files, the config): the object itself, kept so its id is not reused, and its digest."""


def _once(kind: str, thing, compute: Callable[[object], str]) -> str:
    kept = _KEYS.get((kind, id(thing)))
    if kept is None or kept[0] is not thing:
        if len(_KEYS) > 16:
            _KEYS.clear()
        kept = _KEYS[(kind, id(thing))] = (thing, compute(thing))
    return kept[1]


def remember_render(page, config, files, folder: Path, autorefs: Any = None, handlers: Any = None) -> None:
    """Make ``page.render`` (this page only) look in ``folder`` before converting, and keep a quiet conversion there.

    ``autorefs`` is the autorefs plugin and ``handlers`` mkdocstrings' handlers
    of this build (None for a plugin the site does not use). The files and
    config digests are worked out once per build object.
    """
    page_class = type(page)
    check_engine(page_class, autorefs, handlers)
    targets = _targets(autorefs, handlers)
    for kind, target in targets.items():
        _wrap(target, kind)
    convert: Callable = functools.partial(page_class.render, page)

    def render(config, files):
        key = page_key(page, _once("config", config, config_key), _once("files", files, files_key))
        path = folder / "pages" / f"{key}.json"
        stored = _read(path)
        if stored is not None and _restore(page, stored, files):
            _play_back(stored["calls"], page, targets)
            return
        recorder = _Recorder(page)
        loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
        for logger in loggers:
            logger.addHandler(recorder)
        _ACTIVE.append(recorder)
        try:
            convert(config, files)
        finally:
            _ACTIVE.pop()
            for logger in loggers:
                logger.removeHandler(recorder)
        missing = [name for name in PAGE_ATTRIBUTES if not hasattr(page, name)]
        if missing:
            raise as_plugin_error("the page conversion cache cannot be used", ArchbookError(
                f"docs/{page.file.src_uri}: the engine's Page.render no longer sets {', '.join(missing)}; "
                f"update archbook/site/page_render.py"))
        if not recorder.logged:
            try:
                write_atomic(path, _stored(page, recorder.calls))
            except (OSError, TypeError, ValueError):
                pass

    page.render = render
