"""Shared pieces of the exercise checks: reading a submission and checking its shape.

A learner's file is read strictly (YAML with line numbers, no duplicate keys)
and walked with a [Checker][archbook.learning.checker.common.Checker], which
collects one [Finding][archbook.learning.checker.feedback.Finding] per problem
instead of stopping at the first. Accessors return ``None`` when a value is
missing or has the wrong type, so the checks that depend on it are skipped
rather than failing a second time.

Every starter and model-answer file has a Roman Urdu twin beside it
(``cost-plan.yaml`` and ``cost-plan.ur-Latn.yaml``, see
[twin_name][archbook.learning.checker.common.twin_name]). The checker takes a
file of any name; feedback in Roman Urdu names the twin starter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from archbook.core.languages import ROMAN_URDU
from archbook.learning.checker.feedback import ByLanguage, Finding, Term
from archbook.core.limits import MAX_SUBMISSION_BYTES
from archbook.core.yamlio import Located, YamlError, load_with_lines

PathT = tuple[Any, ...]

MAX_FIGURE = 10**15
"""The largest figure a plan may state: far beyond any real system, small enough to compute with."""

OPTIONAL_TOP_LEVEL = ("notes",)
"""Top-level keys every YAML exercise accepts besides its own: free text for the reviewer."""


_TWIN_MARK = f".{ROMAN_URDU}"


def twin_name(path: str) -> str:
    """The Roman Urdu twin of an exercise file: ``starter/cost-plan.yaml`` -> ``starter/cost-plan.ur-Latn.yaml``."""
    posix = PurePosixPath(path)
    return posix.with_name(f"{posix.stem}{_TWIN_MARK}{posix.suffix}").as_posix()


def english_name(path: str) -> str | None:
    """The English file a Roman Urdu twin stands for (``adr.ur-Latn.md`` -> ``adr.md``); ``None`` for an English file."""
    posix = PurePosixPath(path)
    if posix.suffix == _TWIN_MARK:  # a twin of a file without a suffix
        return posix.with_name(posix.stem).as_posix()
    if posix.stem.endswith(_TWIN_MARK) and len(posix.stem) > len(_TWIN_MARK):
        return posix.with_name(posix.stem[: -len(_TWIN_MARK)] + posix.suffix).as_posix()
    return None


def in_both_languages(path: str) -> ByLanguage:
    """A file name as feedback shows it: the English file, or its twin in Roman Urdu feedback."""
    return ByLanguage(path, twin_name(path))


class SubmissionError(Exception):
    """The submission cannot be checked at all (missing, unreadable, not YAML ...).

    ``usage`` is true when the problem is with the command line rather than
    the file's content (a missing file, a folder): the CLI exits with 2 then.
    """

    def __init__(self, finding: Finding, usage: bool = False):
        super().__init__(finding.key)
        self.finding = finding
        self.usage = usage


def read_text(path: Path, expected: str) -> str:
    """The text of ``path``; ``expected`` is the English name of the file the learner hands in.

    Raises:
        SubmissionError: the file is missing, a folder, unreadable or not UTF-8.
    """
    shown = str(path)
    names = in_both_languages(expected)
    if path.is_dir():
        raise SubmissionError(Finding("is_directory", {"path": shown, "expected": names}), usage=True)
    if path.exists() and not path.is_file():  # a FIFO or a device would block or never end
        raise SubmissionError(Finding("not_regular_file", {"path": shown, "expected": names}), usage=True)
    try:
        if path.stat().st_size > MAX_SUBMISSION_BYTES:
            raise SubmissionError(Finding("file_too_large", {"path": shown, "limit": MAX_SUBMISSION_BYTES // 1024}))
        with path.open("rb") as handle:
            data = handle.read(MAX_SUBMISSION_BYTES + 1)
        if len(data) > MAX_SUBMISSION_BYTES:
            raise SubmissionError(Finding("file_too_large", {"path": shown, "limit": MAX_SUBMISSION_BYTES // 1024}))
        return data.decode("utf-8").removeprefix("\ufeff")
    except FileNotFoundError:
        raise SubmissionError(Finding("file_not_found", {"path": shown}), usage=True) from None
    except UnicodeDecodeError:
        raise SubmissionError(Finding("not_utf8", {"path": shown})) from None
    except OSError as exc:
        raise SubmissionError(Finding("unreadable", {"path": shown, "reason": exc.strerror or type(exc).__name__}),
                              usage=True) from None


def parse_yaml(text: str, shown: str, starter: str) -> Located:
    """Parse a YAML submission whose top level must be a mapping; ``starter`` is the English template.

    Raises:
        SubmissionError: the text is empty, malformed, or not a mapping.
    """
    starters = in_both_languages(starter)
    if not text.strip():
        raise SubmissionError(Finding("empty_file", {"path": shown, "starter": starters}))
    try:
        located = load_with_lines(text)
    except YamlError as exc:
        problem = str(exc).removeprefix("malformed YAML: ")
        if exc.line:
            raise SubmissionError(Finding("bad_yaml", {"path": shown, "line": exc.line, "problem": problem})) from None
        raise SubmissionError(Finding("bad_yaml_no_line", {"path": shown, "problem": problem})) from None
    if located.value is None:
        raise SubmissionError(Finding("empty_file", {"path": shown, "starter": starters}))
    if not isinstance(located.value, dict):
        raise SubmissionError(Finding("not_mapping", {"path": shown, "got": describe(located.value),
                                                      "starter": starters}))
    return located


def describe(value: Any) -> str | Term:
    """How a wrong value is named in feedback: the value itself, or its kind."""
    if value is None:
        return Term("type.nothing")
    if isinstance(value, dict):
        return Term("type.mapping")
    if isinstance(value, list):
        return Term("type.list")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    return _figure(value)


def _figure(value: Any) -> str:
    """A number as feedback shows it; a huge one in short scientific form."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**12:
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:3]}e+{len(digits) - 1}"
    if isinstance(value, float) and abs(value) >= 10**12:
        return f"{value:.3g}"
    return str(value)


def field_name(path: PathT) -> str:
    """A YAML path as learners read it: ``criteria[2].weight`` (items counted from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top)"


def word_count(text: str) -> int:
    """Words in ``text`` (runs of letters or digits)."""
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


def mentions(text: str, stems: Iterable[str]) -> bool:
    """Whether ``text`` contains a word starting with one of ``stems`` (case-insensitive)."""
    lowered = text.lower()
    return any(re.search(r"(?<![a-z])" + re.escape(stem), lowered) for stem in stems)


class Checker:
    """Collects findings while a check walks a parsed submission."""

    def __init__(self, located: Located):
        self.located = located
        self.data = located.value
        self.findings: list[Finding] = []

    # -- reporting ---------------------------------------------------------
    def line(self, path: PathT) -> int | None:
        """The line of ``path`` in the file (or of its nearest ancestor)."""
        return self.located.line_of(path)

    def add(self, key: str, path: PathT | None = None, **params: Any) -> None:
        """Record a problem, located at ``path`` when given."""
        line = self.line(path) if path else None  # the top level has no useful line
        self.findings.append(Finding(key, params, line))

    # -- shape -------------------------------------------------------------
    def _get(self, parent: Any, path: PathT, key: Any, required: bool) -> tuple[bool, Any]:
        if not isinstance(parent, dict):
            return False, None  # the parent's own problem is already reported
        if key not in parent:
            if required:
                self.add("missing_field", path[:-1], field=field_name(path))
            return False, None
        return True, parent[key]

    def mapping(self, parent: Any, path: PathT, required: bool = True) -> dict | None:
        """The mapping at ``path`` (the last element is the key in ``parent``)."""
        found, value = self._get(parent, path, path[-1], required)
        if not found:
            return None
        if not isinstance(value, dict):
            self.add("wrong_type", path, field=field_name(path), expected=Term("type.mapping"), got=describe(value))
            return None
        return value

    def sequence(self, parent: Any, path: PathT, required: bool = True, minimum: int = 0) -> list | None:
        """The list at ``path``; reports a list shorter than ``minimum``."""
        found, value = self._get(parent, path, path[-1], required)
        if not found:
            return None
        if not isinstance(value, list):
            self.add("wrong_type", path, field=field_name(path), expected=Term("type.list"), got=describe(value))
            return None
        if len(value) < minimum:
            self.add("too_few", path, field=field_name(path), count=len(value), minimum=minimum)
        return value

    def text(self, parent: Any, path: PathT, required: bool = True, empty: str = "empty_text",
             **params: Any) -> str | None:
        """Non-empty text at ``path``; numbers are refused (quote them if meant as text).

        ``empty`` is the message key reported when the text is blank (with ``params``).
        """
        found, value = self._get(parent, path, path[-1], required)
        if not found:
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(empty, path, **({"field": field_name(path)} if empty == "empty_text" else params))
            return None
        if not isinstance(value, str):
            self.add("wrong_type", path, field=field_name(path), expected=Term("type.text"), got=describe(value))
            return None
        return value.strip()

    def whole_number(self, parent: Any, path: PathT, positive: bool = True) -> int | None:
        """A whole number at ``path`` (``true`` and ``4.5`` are refused)."""
        found, value = self._get(parent, path, path[-1], True)
        if not found:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add("wrong_type", path, field=field_name(path), expected=Term("type.whole_number"),
                     got=describe(value))
            return None
        if abs(value) > MAX_FIGURE:
            self.add("too_large", path, field=field_name(path), value=_figure(value), limit=f"{MAX_FIGURE:,}")
            return None
        if positive and value <= 0:
            self.add("not_positive", path, field=field_name(path), value=value)
            return None
        return value

    def number(self, parent: Any, path: PathT, positive: bool = True) -> float | None:
        """A number (whole or decimal) at ``path``."""
        found, value = self._get(parent, path, path[-1], True)
        if not found:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add("wrong_type", path, field=field_name(path), expected=Term("type.number"), got=describe(value))
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.add("not_finite", path, field=field_name(path), value=str(value))
            return None
        if abs(value) > MAX_FIGURE:
            self.add("too_large", path, field=field_name(path), value=_figure(value), limit=f"{MAX_FIGURE:,}")
            return None
        if positive and value <= 0:
            self.add("not_positive", path, field=field_name(path), value=f"{value:g}")
            return None
        return float(value)

    def id_list(self, parent: Any, path: PathT) -> list[str]:
        """An optional list of ids (text items) at ``path``; wrong items are reported and dropped."""
        items = self.sequence(parent, path, required=False)
        ids = []
        for index, item in enumerate(items or []):
            if isinstance(item, str) and item.strip():
                ids.append(item.strip())
            else:
                self.add("wrong_type", path + (index,), field=field_name(path + (index,)),
                         expected=Term("type.text"), got=describe(item))
        return ids

    def known_keys(self, mapping: dict | None, path: PathT, allowed: Sequence[str]) -> None:
        """Report keys of ``mapping`` that the exercise does not define (typos, mostly)."""
        if not isinstance(mapping, dict):
            return
        for key in mapping:
            if key not in allowed:
                self.add("unknown_field", path + (key,), field=field_name(path + (key,)))

    def items_with_ids(self, items: list | None, path: PathT, seen: dict[str, PathT] | None = None,
                       ) -> list[tuple[int, dict, str]]:
        """The mapping items of a list that carry a text ``id``, checking ids are unique.

        ``seen`` may be shared between lists whose ids live in one namespace.
        Returns ``(index, item, id)`` for every usable item.
        """
        seen = {} if seen is None else seen
        usable = []
        for index, item in enumerate(items or []):
            item_path = path + (index,)
            if not isinstance(item, dict):
                self.add("wrong_type", item_path, field=field_name(item_path), expected=Term("type.mapping"),
                         got=describe(item))
                continue
            item_id = self.text(item, item_path + ("id",))
            if item_id is None:
                continue
            if item_id in seen:
                self.add("duplicate_id", item_path + ("id",), id=item_id, field=field_name(path))
                continue
            seen[item_id] = item_path
            usable.append((index, item, item_id))
        return usable
