"""What one build verified or rendered, kept for the next build by content hash.

A warm build repeats work whose inputs did not change: the project checks
over the same files, the live-markup gate over the same pages, the API
reference from the same docstrings, the theme's templates compiled to the
same bytecode. This module keeps the results in ``build/`` under the diagram
cache folder (``.cache/diagrams/build``, or under ``ARCHBOOK_CACHE_DIR``),
each kind in its own file or folder, keyed by a SHA-256 of every input and of
the code that produced it, so that a change to either is a miss, never a
stale answer. Only successes are kept: a check that found problems runs again.

Deleting the folder is always safe; the next build is then a cold one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, MutableMapping
from importlib import metadata
from pathlib import Path

from archbook.core.textfiles import write_atomic
from archbook.figures.diagrams import Project

PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "mkdocs-macros-plugin", "mkdocstrings",
            "mkdocstrings-python", "griffe", "markdown", "pymdown-extensions", "pydantic", "jinja2")
"""Installed packages whose versions are part of every key."""


def cache_dir(root: Path) -> Path:
    """The folder of the build cache for the project at ``root``."""
    return Project.at(root).cache_dir / "build"


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each length-prefixed so that no two lists of parts collide."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


def files_digest(root: Path, folders: Iterable[str], files: Iterable[str] = ()) -> str:
    """SHA-256 of the path and bytes of every file under ``folders`` and of ``files``, below ``root``."""
    parts: list[str | bytes] = []
    paths = [root / name for name in files]
    for folder in folders:
        base = root / folder
        if base.is_dir():
            paths += [p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(set(paths)):
        if path.is_file():
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """SHA-256 of the archbook package's source and the versions of the build's packages."""
    package = Path(__file__).resolve().parent.parent
    parts: list[str | bytes] = []
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    for name in PACKAGES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    return digest(*parts)


class VerifiedSet:
    """Digests of inputs that passed one check under one version of the checking code."""

    def __init__(self, folder: Path, name: str, version: str):
        self.path = folder / f"{name}.json"
        self.version = version
        self._added = False
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            known = stored["digests"] if stored.get("version") == version else []
        except (OSError, ValueError, KeyError, TypeError):
            known = []
        self._digests = {d for d in known if isinstance(d, str)}

    def __contains__(self, item: str) -> bool:
        return item in self._digests

    def add(self, item: str) -> None:
        if item not in self._digests:
            self._digests.add(item)
            self._added = True

    def save(self) -> None:
        """Write the set (atomically) if anything was added; a cache that cannot be written is skipped."""
        if not self._added:
            return
        try:
            write_atomic(self.path, json.dumps({"version": self.version, "digests": sorted(self._digests)}))
            self._added = False
        except OSError:
            pass


def remembered(folder: Path, kind: str, parts: Iterable[str | bytes], produce: Callable[[], str]) -> str:
    """The text ``produce()`` makes from inputs ``parts``, kept in ``folder/kind/`` by their digest with the code's.

    A pure step whose inputs did not change is not run again: its earlier
    output is read back. The key covers every part and ``code_version()``;
    ``produce`` raising keeps nothing. A cache that cannot be read or written
    is skipped (the step just runs).
    """
    path = folder / kind / f"{digest(code_version(), *parts)}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = produce()
    try:
        write_atomic(path, text)
    except OSError:
        pass
    return text


class FolderOfBytes(MutableMapping):
    """A mapping kept as one file per key in ``folder``, under a version: a new version starts empty.

    For compiled code (``marshal`` bytes are specific to the Python version,
    which is part of ``version`` with ``code_version()``). Unreadable entries
    are missing; entries that cannot be written are dropped.
    """

    def __init__(self, folder: Path, version: str):
        self.folder = folder / digest(version, sys.version, code_version())[:32]

    def _path(self, key: str) -> Path:
        return self.folder / digest(key)

    def __getitem__(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except OSError:
            raise KeyError(key) from None

    def __setitem__(self, key: str, value: bytes) -> None:
        try:
            write_atomic(self._path(key), value)
        except OSError:
            pass

    def __delitem__(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def __iter__(self):
        return iter(())  # entries are found by key only

    def __len__(self) -> int:
        return 0
