"""Render each object of the API reference once per build, not once per language.

The contributor reference (``docs/reference/``) shows the same docstrings in
English and Roman Urdu, so mkdocstrings renders every ``::: archbook.x`` block
twice: once in the English build and again in mkdocs-static-i18n's Roman Urdu
build, about a quarter of the whole build. [remember_renders][archbook.site.api_reference.remember_renders]
wraps the Python handler's ``render`` so the second request for the same
object, with the same options and the same source file unchanged, returns the
HTML of the first, and hands back the headings the first render registered
(the table of contents and autorefs of the second page need them). Cross
references stay ``<autoref>`` elements in that HTML; autorefs resolves them per
page afterwards, so a remembered render links correctly from either language.

Across builds, the HTML and headings are kept on disk in the build cache
(``archbook.site.build_cache``), keyed by the object, its options and the
digest of the package's whole source and the build's package versions, so a
warm build renders nothing that did not change; the handler's Jinja templates
are compiled once into a bytecode cache there too.

**Collected only when rendered.** For an object of this package the key needs
no collected data (the package's source is already in it), so the wrapped
``collect`` hands back a [Deferred][archbook.site.api_reference.Deferred]
and griffe loads the package only if some render is not kept. The aliases
autorefs registers for each heading (``get_aliases``, which asks the loaded
package) are kept with the render and handed back the same way.

**Line anchors, unique per page.** With ``anchor_linenums`` (``mkdocs.yml``),
``pymdownx.highlight`` gives every line of every code block an anchor
``__codelineno-<block>-<line>``, numbering blocks per Markdown conversion.
mkdocstrings highlights each signature on its own, so every signature of a
reference page starts again at block 0: hundreds of duplicate ids per page.
[number_line_anchors][archbook.site.api_reference.number_line_anchors] (run on
every page by ``hooks/api_reference.py``) keeps the first block of each number
as it is and gives each later block that repeats a number the next free one,
so a page without duplicates is unchanged and every anchor still links to its
own line.

This reaches into mkdocstrings details: the handler's ``collect``, ``render``
and ``get_aliases`` and its ``_headings`` list. [check_handler][archbook.site.api_reference.check_handler]
fails the build, naming what changed, if one is gone after an upgrade.
"""

from __future__ import annotations

import copy
import functools
import inspect
import json
import re
from bisect import bisect_right
from pathlib import Path
from xml.etree.ElementTree import fromstring, tostring

from jinja2 import FileSystemBytecodeCache

from archbook.core.errors import ArchbookError
from archbook.core.textfiles import write_atomic
from archbook.site.build_cache import code_version, digest

_RENDERS: dict[str, tuple[str, list]] = {}
_MAX_RENDERS = 512


def check_handler(handler_class: type) -> None:
    """Raise when the handler no longer has what the wrapper relies on."""
    problems = []
    for method in ("collect", "render", "get_aliases"):
        if not callable(getattr(handler_class, method, None)):
            problems.append(f"{handler_class.__name__}.{method} is gone")
    if not _init_source(handler_class):
        problems.append(f"{handler_class.__name__} no longer keeps the rendered headings in _headings")
    if problems:
        raise ArchbookError([f"mkdocstrings changed: {p}; update archbook/site/api_reference.py" for p in problems])


def _init_source(handler_class: type) -> str:
    """The source of the ``__init__`` in the class hierarchy that sets ``self._headings``, or ''."""
    for klass in handler_class.__mro__:
        if "__init__" in vars(klass):
            try:
                source = inspect.getsource(vars(klass)["__init__"])
            except (OSError, TypeError):
                continue
            if "self._headings" in source:
                return source
    return ""


OWN_PACKAGE = Path(__file__).resolve().parent.parent.name
"""The package whose whole source is part of every key (``build_cache.code_version``): its objects need no source digest of their own."""


def _own(path: str) -> bool:
    return path.split(".", 1)[0] == OWN_PACKAGE


class Deferred:
    """What the wrapped ``collect`` returns for an object of this package: collected only when its render is not kept."""

    def __init__(self, collect, identifier: str, options):
        self.path = identifier
        self._collect = collect
        self._options = options

    def collected(self):
        """The object as griffe collects it; a failure stops the build as mkdocstrings' own would."""
        try:
            return self._collect(self.path, self._options)
        except Exception as exc:  # mkdocstrings' CollectionError, or an import failure under it
            from mkdocs.exceptions import PluginError

            raise PluginError(f"Could not collect '{self.path}': {exc}") from None


def _source_digest(data) -> str:
    """SHA-256 of the source file(s) the object was read from, as they are now."""
    paths = getattr(data, "filepath", None)
    paths = paths if isinstance(paths, list) else [paths]  # a namespace package: several folders
    parts: list[str | bytes] = []
    for path in paths:
        try:
            parts += [str(path), Path(path).read_bytes()]
        except (OSError, TypeError):
            parts.append(str(path))
    return digest(*parts)


_FOLDER: list[Path] = []


def use_folder(folder: Path | None) -> None:
    """Keep renders (and compiled templates) in ``folder`` from now on; None keeps them in memory only."""
    _FOLDER[:] = [folder] if folder else []


def _from_disk(key: str):
    if not _FOLDER:
        return None
    try:
        stored = json.loads((_FOLDER[0] / "api" / f"{key}.json").read_text(encoding="utf-8"))
        aliases = {str(k): tuple(str(a) for a in v) for k, v in stored["aliases"].items()}
        return stored["html"], [fromstring(h) for h in stored["headings"]], aliases
    except (OSError, ValueError, KeyError, TypeError, AttributeError, SyntaxError):
        return None


def _to_disk(key: str, html: str, headings: list, aliases: dict[str, tuple[str, ...]]) -> None:
    if _FOLDER:
        try:
            write_atomic(_FOLDER[0] / "api" / f"{key}.json",
                         json.dumps({"html": html, "headings": [tostring(h, encoding="unicode") for h in headings],
                                     "aliases": {k: list(v) for k, v in aliases.items()}}))
        except OSError:
            pass


def _key(handler_class: type, data, options, args, kwargs) -> str:
    path = str(getattr(data, "path", None))
    source = OWN_PACKAGE if _own(path) else _source_digest(data)
    return digest(code_version(), handler_class.__qualname__, path, source, repr(options), repr(args),
                  repr(sorted(kwargs.items())))


def _kept(key: str):
    kept = _RENDERS.get(key)
    if kept is None:
        kept = _from_disk(key)
        if kept is not None:
            _RENDERS[key] = kept
    return kept


_ALIASES: dict[str, tuple[str, ...]] = {}
"""Heading id -> the aliases autorefs registers for it, from the renders handed back in this process."""


def remember_renders(handler_class: type) -> None:
    """Wrap the handler (once per process): identical renders come from memory or disk, collected only on a miss."""
    original_render = handler_class.render
    if getattr(original_render, "_archbook_remembers", False):
        return
    check_handler(handler_class)
    original_collect, original_aliases = handler_class.collect, handler_class.get_aliases

    @functools.wraps(original_collect)
    def collect(self, identifier, options):
        if not _own(identifier) or options == {}:  # mkdocstrings' fallback passes no options: collect as it does
            return original_collect(self, identifier, options)
        return Deferred(functools.partial(original_collect, self), identifier, options)

    @functools.wraps(original_render)
    def render(self, data, options, *args, **kwargs):
        if _FOLDER and getattr(self.env, "bytecode_cache", None) is None:
            self.env.bytecode_cache = FileSystemBytecodeCache(str(_ensure(_FOLDER[0] / "jinja")))
        key = _key(handler_class, data, options, args, kwargs)
        kept = _kept(key)
        if kept is not None:
            html, headings, aliases = kept
            self._headings.extend(copy.deepcopy(h) for h in headings)
            _ALIASES.update(aliases)
            return html
        if isinstance(data, Deferred):
            data = data.collected()
        before = len(self._headings)
        html = original_render(self, data, options, *args, **kwargs)
        headings = [copy.deepcopy(h) for h in self._headings[before:]]
        aliases = {h.get("id"): tuple(original_aliases(self, h.get("id"))) for h in headings if h.get("id")}
        if len(_RENDERS) >= _MAX_RENDERS:
            _RENDERS.clear()
        _RENDERS[key] = (html, headings, aliases)
        _ALIASES.update(aliases)
        _to_disk(key, html, headings, aliases)
        return html

    @functools.wraps(original_aliases)
    def get_aliases(self, identifier):
        if identifier in _ALIASES:
            return _ALIASES[identifier]
        return original_aliases(self, identifier)

    render._archbook_remembers = True  # type: ignore[attr-defined]
    handler_class.collect, handler_class.render, handler_class.get_aliases = collect, render, get_aliases


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def forget() -> None:
    """Drop every remembered render and alias."""
    _RENDERS.clear()
    _ALIASES.clear()


# --- signatures ---------------------------------------------------------------------------------

SIGNATURE_BLOCK = '<div class="doc-signature highlight"><pre><span></span><code>'
"""How mkdocstrings opens the highlighted signature of an object (``separate_signature``)."""

SIGNATURE_CLASS = "signature-code"
"""The class of the element :func:`static_signatures` puts between a signature's ``pre`` and ``code``
(styled as the theme's code block in ``docs/assets/stylesheets/extra.css``)."""

_SIGNATURE = re.compile(re.escape(SIGNATURE_BLOCK) + r"(.*?)</code></pre>", re.S)


def static_signatures(html: str, page: str) -> str:
    """``html`` with every signature out of the theme script's reach, still a code block to the eye.

    The theme's script mounts every ``pre > code`` it finds (the selector is in
    ``archbook.theme.material.BUNDLE_MARKUP``) as a code block when the page
    starts: it gives it an id, looks for annotations, offers a copy button and
    watches its size to make it focusable when it scrolls. A reference page holds
    up to 57 signatures, and that work was the largest part left of its
    main-thread blocking on a throttled phone (issue #12). Each signature's
    ``code`` is wrapped in ``<span class="signature-code">``, which the script
    does not match; the stylesheet gives it the code block's look. One thing
    differs on purpose: a long line (an attribute's whole value) wraps instead
    of scrolling sideways, so all of it shows and nothing needs keyboard focus.
    Raises naming the page when the page shows mkdocstrings signatures in markup
    this does not know.
    """
    if "doc-signature" not in html:
        return html
    if SIGNATURE_BLOCK not in html:
        raise ArchbookError(f"{page}: mkdocstrings' signature markup changed (expected {SIGNATURE_BLOCK!r}); "
                            f"update archbook/site/api_reference.py")
    opening = SIGNATURE_BLOCK.removesuffix("<code>")
    return _SIGNATURE.sub(lambda m: f'{opening}<span class="{SIGNATURE_CLASS}"><code>{m.group(1)}</code></span></pre>',
                          html)


# --- line anchors ------------------------------------------------------------------------------

CODE_BLOCK_START = re.compile(r'<div class="(?:[^"]*\s)?highlight(?:\s[^"]*)?">')
"""Where ``pymdownx.highlight`` (and mkdocstrings' highlighter) opens a highlighted block."""


def line_anchor_prefix(highlight_config: dict | None) -> str | None:
    """The id prefix of ``pymdownx.highlight``'s line anchors under ``highlight_config``, or None for none."""
    config = highlight_config or {}
    if config.get("line_anchors"):
        return str(config["line_anchors"])
    return "__codelineno" if config.get("anchor_linenums") else None


def number_line_anchors(html: str, prefix: str = "__codelineno") -> str:
    """``html`` with each code block's line anchors numbered so that no two blocks share a number.

    An anchor is ``<prefix>-<block>-<line>`` in an ``id``, ``name`` or ``href``
    (an id mkdocstrings already prefixed with the object's path is left alone).
    Anchors belong to the highlighted block they stand in. The first block with
    a given number keeps it; a later block with a number already taken gets the
    next number no block of the page uses.

    Nothing here fails when the anchors' markup changes: the duplicate ids that
    would be left are found by the HTML check of every built page
    (``tests/test_html_valid.py``), which also counts a reference page's anchors.
    """
    if f"{prefix}-" not in html:
        return html
    anchor = re.compile(r'(?<=["#])%s-(\d+)-(\d+)(?=")' % re.escape(prefix))
    starts = [m.start() for m in CODE_BLOCK_START.finditer(html)]
    matches = list(anchor.finditer(html)) if starts else []
    fresh = max((int(m.group(1)) for m in matches), default=-1) + 1
    claimed: set[int] = set()
    numbers: dict[tuple[int, int], int] = {}
    for m in matches:
        key = (bisect_right(starts, m.start()) - 1, int(m.group(1)))
        if key in numbers:
            continue
        if key[1] in claimed:
            numbers[key], fresh = fresh, fresh + 1
        else:
            numbers[key] = key[1]
            claimed.add(key[1])
    if all(number == key[1] for key, number in numbers.items()):
        return html
    return anchor.sub(lambda m: f"{prefix}-{numbers[(bisect_right(starts, m.start()) - 1, int(m.group(1)))]}"
                                f"-{m.group(2)}", html)
