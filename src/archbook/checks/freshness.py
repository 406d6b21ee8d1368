"""Translation freshness: which English text each translation was made from, and which fell behind.

**Pages** (decision records included). A Roman Urdu twin ``docs/x.ur-Latn.md``
records in its front matter the digest of the English page it translates,
``translation_of: 3f9a0c1d2e4b5a68``: the first 16 hex digits of the SHA-256 of
the English page's title, description and body with all whitespace folded
(`page_digest`), so that re-wrapping lines does not count as a change and
editing the twin never does. The twin is

* **fresh** when the recorded digest equals the English page's digest now,
  wherever the pair has moved to (the digest holds no path);
* **stale** when they differ: the English changed after the translation was
  marked; the Roman Urdu page then shows its readers a notice
  (``archbook.site.translation_notice``);
* **never marked** when the key is missing: listed, but no notice.

**Data.** Every text in both languages in ``data/**/*.yml`` (a mapping of
exactly ``en`` and ``ur-Latn``) is a field, named by its path
(``entries[platform-engineer].role``: list items by their ``id``, else
``[#n]`` counting from 1). `LOCK_FILE` records the digest of each field's
English text when its Roman Urdu was marked; a field whose English changed
since is stale. A change to the Roman Urdu alone never makes anything stale.

The chore ``archbook translations --mark-fresh PATH...`` (`mark_fresh`)
writes the current digests for the named twins or data files, and
``archbook check`` lists what is stale or never marked (`report_lines`): a
report, never a failure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archbook.content.data import DataError, read_yaml
from archbook.content.front_matter import TRANSLATION_DIGEST, TRANSLATION_KEY
from archbook.content.page_source import PageError, split_front_matter
from archbook.core.errors import ArchbookError
from archbook.core.front_matter_split import split_front_matter_lines
from archbook.core.languages import ENGLISH, ROMAN_URDU, TWIN_SUFFIX
from archbook.core.limits import MAX_PAGE_BYTES
from archbook.core.textfiles import TextFileError, decode, read_text, write_atomic

DIGEST_CHARS = 16
"""How many hex digits of the SHA-256 a record keeps (64 bits: no two versions of one page collide)."""

TRANSLATED_META = ("title", "description")
"""Front-matter keys whose text is translated, so part of what a twin translates."""

LOCK_FILE = "data/translations.lock.json"
"""The record of the data fields, relative to the project root (JSON: not a data table, so not a dataset)."""

FRESH, STALE, NEVER_MARKED = "fresh", "stale", "never marked"
"""The three states of a twin or a field."""

MARK_COMMAND = "archbook translations --mark-fresh"


class FreshnessError(ArchbookError):
    """A path the chore cannot mark, or a record it cannot read: every problem, one per line."""


# --- digests ----------------------------------------------------------------------------------

def normalise(text: str) -> str:
    """``text`` with every run of whitespace (line breaks included) folded to one space, trimmed."""
    return " ".join(text.split())


def text_digest(*parts: str) -> str:
    """The first `DIGEST_CHARS` hex digits of the SHA-256 of ``parts``, each whitespace-folded.

    >>> text_digest("one  two\\nthree") == text_digest("one two three")
    True
    """
    joined = "\x00".join(normalise(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def page_digest(text: str, shown: str = "<page>") -> str:
    """The digest of an English page: its translated front matter (`TRANSLATED_META`) and its body.

    Raises:
        PageError: the front matter is malformed (the parity check reports it too).
    """
    meta, body, _, _ = split_front_matter(text, shown)
    return text_digest(*(_as_text(meta.get(key, "")) for key in TRANSLATED_META), "\n".join(body))


def _as_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# --- pages ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TwinState:
    """One Roman Urdu twin against its English page now."""

    twin: str
    """The twin, relative to the project root (``docs/x.ur-Latn.md``)."""
    english: str
    """Its English page, relative to the project root."""
    recorded: str | None
    """The digest in the twin's front matter, None when it has none."""
    current: str
    """The English page's digest now."""
    line: int
    """The line of the key in the twin (1 when it has none)."""

    @property
    def status(self) -> str:
        if self.recorded is None:
            return NEVER_MARKED
        return FRESH if self.recorded == self.current else STALE


def english_of(twin: Path) -> Path:
    """``docs/x.ur-Latn.md`` -> ``docs/x.md``."""
    return twin.with_name(twin.name[: -len(TWIN_SUFFIX)] + ".md")


def twin_of(english: Path) -> Path:
    """``docs/x.md`` -> ``docs/x.ur-Latn.md``."""
    return english.with_name(english.name[: -len(".md")] + TWIN_SUFFIX)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def twin_state(root: Path, twin: Path) -> TwinState | None:
    """The state of ``twin``; None when it or its English page is missing or cannot be read.

    An unreadable page is reported by the parity check, once; it is neither fresh nor stale.
    """
    english = english_of(twin)
    shown_twin, shown_english = _shown(twin, root), _shown(english, root)
    try:
        twin_text = read_text(twin, shown_twin, max_bytes=MAX_PAGE_BYTES)
        english_text = read_text(english, shown_english, max_bytes=MAX_PAGE_BYTES)
        meta, _, _, lines = split_front_matter(twin_text, shown_twin)
        current = page_digest(english_text, shown_english)
    except (TextFileError, PageError):
        return None
    value = meta.get(TRANSLATION_KEY)
    recorded = None if value is None else str(value)
    return TwinState(shown_twin, shown_english, recorded, current, lines.get(TRANSLATION_KEY, 1))


def twin_files(docs_dir: Path) -> list[Path]:
    """Every Roman Urdu twin below ``docs_dir``."""
    return sorted(p for p in docs_dir.rglob(f"*{TWIN_SUFFIX}") if p.is_file())


def page_states(root: Path) -> list[TwinState]:
    """Every readable twin below ``root/docs`` with an English page, in file order."""
    states = (twin_state(root, path) for path in twin_files(root / "docs"))
    return [state for state in states if state is not None]


def english_change_date(path: Path) -> dt.date:
    """When the English page ``path`` last changed, without any network call.

    The date of the last commit that touched it (``git log -1 --format=%cs``)
    when it is in a git checkout, committed, and its content is the committed
    one (the blob at ``HEAD`` equals ``git hash-object`` of the file: no stat
    cache is trusted); otherwise (not a checkout, no git, edited or new) the
    file's modification date. A failure to run git is never an error.
    """
    try:
        committed = _git(path, "rev-parse", "--verify", "--quiet", f"HEAD:./{path.name}")
        now = _git(path, "hash-object", "--", path.name) if committed else None
        if committed and now and committed.strip() == now.strip():
            day = _git(path, "log", "-1", "--format=%cs", "--", path.name)
            if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip()):
                return dt.date.fromisoformat(day.strip())
    except ValueError:
        pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc).date()


def _git(path: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=path.parent, capture_output=True, text=True, timeout=20,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


# --- data fields ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldState:
    """One text of a data file, in both languages, against the record."""

    file: str
    """The data file, relative to the project root (``data/roles.yml``)."""
    field: str
    """The field's path in the file (``entries[platform-engineer].role``)."""
    line: int
    recorded: str | None
    current: str

    @property
    def key(self) -> str:
        """The field's key in `LOCK_FILE`: ``data/roles.yml:entries[platform-engineer].role``."""
        return f"{self.file}:{self.field}"

    @property
    def status(self) -> str:
        if self.recorded is None:
            return NEVER_MARKED
        return FRESH if self.recorded == self.current else STALE


def _is_bilingual(value) -> bool:
    return isinstance(value, dict) and set(value) == {ENGLISH, ROMAN_URDU}


def bilingual_fields(value, path: tuple = (), name: str = "") -> Iterator[tuple[str, tuple, object]]:
    """``(field name, location, English value)`` of every text in both languages below ``value``."""
    if _is_bilingual(value):
        yield name, path, value[ENGLISH]
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from bilingual_fields(item, path + (key,), f"{name}.{key}" if name else str(key))
    elif isinstance(value, list):
        ids = [item.get("id") if isinstance(item, dict) else None for item in value]
        for index, item in enumerate(value):
            item_id = ids[index]
            label = item_id if isinstance(item_id, str) and item_id and ids.count(item_id) == 1 else f"#{index + 1}"
            yield from bilingual_fields(item, path + (index,), f"{name}[{label}]")


def data_files(data_dir: Path) -> list[Path]:
    """Every data file below ``data_dir`` (the diagrams' words included)."""
    return sorted(p for p in data_dir.rglob("*.yml") if p.is_file())


def file_fields(root: Path, path: Path, record: dict[str, str]) -> list[FieldState]:
    """Every field of one data file against ``record``.

    Raises:
        DataError: the file cannot be read as YAML (the data checks report it too).
    """
    shown = _shown(path, root)
    located = read_yaml(path, shown)
    return [FieldState(shown, name, located.line_of(where) or 1, record.get(f"{shown}:{name}"),
                       text_digest(_as_text(english)))
            for name, where, english in bilingual_fields(located.value)]


def read_record(root: Path) -> dict[str, str]:
    """The digests in `LOCK_FILE` by field key; empty when the file does not exist.

    Raises:
        FreshnessError: the file is not the JSON the chore writes.
    """
    path = root / LOCK_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(read_text(path, LOCK_FILE))
    except TextFileError as exc:
        raise FreshnessError(exc.problems) from None
    except ValueError as exc:
        raise FreshnessError(f"{LOCK_FILE}: expected JSON, got an error: {exc}") from None
    fields = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(fields, dict) or not all(isinstance(k, str) and isinstance(v, str) and
                                               TRANSLATION_DIGEST.match(v) for k, v in fields.items()):
        raise FreshnessError(f"{LOCK_FILE}: expected {{\"fields\": {{\"data/x.yml:field\": \"<16 hex digits>\"}}}} "
                             f"as '{MARK_COMMAND}' writes it")
    return dict(fields)


def record_text(fields: dict[str, str]) -> str:
    """`LOCK_FILE` as the chore writes it: one field per line, sorted, so that a change is a one-line diff."""
    body = json.dumps({"about": f"Which English text each Roman Urdu data field translates; written by "
                                f"'{MARK_COMMAND}' (archbook.checks.freshness).",
                       "fields": dict(sorted(fields.items()))}, indent=1, ensure_ascii=False)
    return body + "\n"


def field_states(root: Path, record: dict[str, str]) -> tuple[list[FieldState], list[str]]:
    """Every field of every readable data file, and the files that could not be read."""
    states, unreadable = [], []
    for path in data_files(root / "data"):
        try:
            states += file_fields(root, path, record)
        except DataError:
            unreadable.append(_shown(path, root))
    return states, unreadable


# --- the report -------------------------------------------------------------------------------

def report(root: Path) -> tuple[list[str], list[str]]:
    """What to update (stale twins and fields) and what was never marked, one line each.

    A stale page's line says when its English page changed; a data file none
    of whose fields was ever marked is one line with its count.
    """
    pages = page_states(root)
    stale = [f"{s.twin}:{s.line}: translates an older version of {s.english} "
             f"(changed {english_change_date(root / s.english).isoformat()}); update it, then "
             f"run {MARK_COMMAND} {s.twin}" for s in pages if s.status == STALE]
    try:
        record = read_record(root)
    except FreshnessError as exc:
        record, stale = {}, stale + [f"{problem} (data fields not compared)" for problem in exc.problems]
    fields, _ = field_states(root, record)
    stale += [f"{s.file}:{s.line}: field '{s.field}': the English text changed after the Roman Urdu "
              f"was marked" for s in fields if s.status == STALE]
    never = [f"{s.twin}: never marked as translating {s.english}" for s in pages if s.status == NEVER_MARKED]
    by_file: dict[str, list[FieldState]] = {}
    for state in fields:
        by_file.setdefault(state.file, []).append(state)
    for file, states in by_file.items():
        unmarked = [s for s in states if s.status == NEVER_MARKED]
        if unmarked and len(unmarked) == len(states):
            never.append(f"{file}: never marked ({len(states)} field(s))")
        else:
            never += [f"{s.file}:{s.line}: field '{s.field}': never marked" for s in unmarked]
    return stale, never


def report_lines(root: Path) -> list[str]:
    """What ``archbook check`` and ``archbook translations`` list: [report][archbook.checks.freshness.report]'s
    stale lines first, then the never-marked ones."""
    stale, never = report(root)
    return stale + never


# --- the chore --------------------------------------------------------------------------------

def set_front_matter_key(text: str, key: str, value: str) -> str:
    """``text`` with the front-matter line ``key: value`` replaced or added; nothing else changes.

    An existing ``key:`` line (with any indented lines that continue it) is
    replaced in place; otherwise the line goes last in the front matter, or
    into a new front matter when the page has none. Line endings follow the file's.

    Raises:
        FreshnessError: the front matter has no closing ``---``.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    split = split_front_matter_lines([line.rstrip("\r\n") for line in lines])
    if not split.present:
        return f"---{newline}{key}: {value}{newline}---{newline}" + text
    if not split.closed:
        raise FreshnessError("expected a closing '---' line after the front matter, got the end of the file")
    closing = split.body_start - 1
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for index in range(1, closing):
        if pattern.match(lines[index]):
            end = index + 1
            while end < closing and lines[end][:1] in {" ", "\t"}:
                end += 1
            ending = lines[index][len(lines[index].rstrip("\r\n")):] or newline
            return "".join(lines[:index] + [f"{key}: {value}{ending}"] + lines[end:])
    return "".join(lines[:closing] + [f"{key}: {value}{newline}"] + lines[closing:])


def yaml_digest(digest: str) -> str:
    """A digest as a YAML value: quoted only when YAML would read it as a number (digits only)."""
    return f'"{digest}"' if digest.isdigit() else digest


@dataclass(frozen=True)
class Target:
    """One thing to mark: a twin, a whole data file, or one field of it."""

    path: Path
    shown: str
    kind: str  # "twin" or "data"
    field: str | None = None


def resolve_targets(root: Path, names: list[str]) -> list[Target]:
    """The targets named on the command line (absolute, or relative to ``root``).

    Raises:
        FreshnessError: every name that is not a Roman Urdu twin with an English page,
            nor a data file below ``data/`` (with, after ``:``, one of its fields); one line each.
    """
    targets, problems = [], []
    docs, data = (root / "docs").resolve(), (root / "data").resolve()
    for name in names:
        field = None
        if ":" in name and not Path(name).exists() and not (root / name).exists():
            name, field = name.split(":", 1)
        path = Path(name) if Path(name).is_absolute() else root / name
        shown = _shown(path, root)
        resolved = path.resolve()
        if not path.is_file():
            problems.append(f"{name}: no such file")
        elif resolved.is_relative_to(docs) and resolved.name.endswith(TWIN_SUFFIX) and field is None:
            if english_of(resolved).is_file():
                targets.append(Target(resolved, shown, "twin"))
            else:
                problems.append(f"{shown}: its English page {_shown(english_of(resolved), root)} is missing")
        elif resolved.is_relative_to(data) and resolved.suffix == ".yml":
            targets.append(Target(resolved, shown, "data", field))
        elif resolved.is_relative_to(docs) and resolved.suffix == ".md" and field is None:
            problems.append(f"{shown}: not a Roman Urdu twin; mark the translation "
                            f"{_shown(twin_of(resolved), root)} instead")
        else:
            problems.append(f"{name}: not a Roman Urdu twin (docs/**/*{TWIN_SUFFIX}) "
                            f"nor a data file (data/**/*.yml)")
    if problems:
        raise FreshnessError(problems)
    return targets


def all_targets(root: Path) -> list[Target]:
    """Every twin with an English page and every data file."""
    twins = [Target(p.resolve(), _shown(p, root), "twin") for p in twin_files(root / "docs")
             if english_of(p).is_file()]
    return twins + [Target(p.resolve(), _shown(p, root), "data") for p in data_files(root / "data")]


def plan_twin(root: Path, target: Target) -> tuple[bytes | None, str]:
    """The twin's new bytes (None when it is already fresh) and one line saying what marking it does.

    Raises:
        FreshnessError: the twin or its English page cannot be read, or the twin's front matter is not closed.
    """
    english = english_of(target.path)
    try:
        current = page_digest(read_text(english, _shown(english, root), max_bytes=MAX_PAGE_BYTES),
                              _shown(english, root))
        raw = target.path.read_bytes()
        text = decode(raw, target.shown)
        meta, _, _, _ = split_front_matter(text, target.shown)
        if meta.get(TRANSLATION_KEY) == current:
            return None, f"{target.shown}: already fresh ({TRANSLATION_KEY}: {current})"
        updated = set_front_matter_key(text, TRANSLATION_KEY, yaml_digest(current))
    except (TextFileError, PageError) as exc:
        raise FreshnessError(exc.problems) from None
    except FreshnessError as exc:
        raise FreshnessError(f"{target.shown}: {exc.problems[0]}") from None
    except OSError as exc:
        raise FreshnessError(f"{target.shown}: cannot be read ({exc.strerror})") from None
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    return bom + updated.encode("utf-8"), f"{target.shown}: marked fresh ({TRANSLATION_KEY}: {current})"


def _file_of(key: str) -> str:
    return key.split(":", 1)[0]


def mark_fresh(root: Path, names: list[str] | None) -> list[str]:
    """Mark the named twins and data files (every one when ``names`` is None) as translating the English now.

    Every name is checked and every file read before anything is written: one
    refused name or unreadable file writes nothing. A twin gets its one
    front-matter line (`set_front_matter_key`); a data file its fields'
    digests in `LOCK_FILE` (marking a whole file also forgets its fields that
    no longer exist; marking everything forgets files that no longer exist).
    What is already fresh is not written again.

    Returns:
        One line per twin and per data file: what was done.

    Raises:
        FreshnessError: a name that is not a twin or data file, or a file that cannot be read.
    """
    targets = all_targets(root) if names is None else resolve_targets(root, names)
    record = read_record(root)
    before = dict(record)
    if names is None:
        existing = {t.shown for t in targets if t.kind == "data"}
        record = {key: value for key, value in record.items() if _file_of(key) in existing}
    done, problems, writes = [], [], []
    for target in targets:
        if target.kind == "twin":
            try:
                data, line = plan_twin(root, target)
            except FreshnessError as exc:
                problems += exc.problems
                continue
            done.append(line)
            if data is not None:
                writes.append((target.path, data))
            continue
        try:
            fields = file_fields(root, target.path, record)
        except DataError as exc:
            problems += exc.problems
            continue
        if target.field is not None:
            fields = [s for s in fields if s.field == target.field]
            if not fields:
                problems.append(f"{target.shown}: no field '{target.field}' in both languages "
                                f"(archbook translations lists the fields by name)")
                continue
        else:
            record = {key: value for key, value in record.items() if _file_of(key) != target.shown}
        changed = sum(1 for s in fields if s.recorded != s.current)
        record.update({s.key: s.current for s in fields})
        done.append(f"{target.shown}: {changed} of {len(fields)} field(s) marked fresh" if changed
                    else f"{target.shown}: already fresh ({len(fields)} field(s))")
    if problems:
        raise FreshnessError(problems)
    for path, data in writes:
        write_atomic(path, data)
    if record != before:
        write_atomic(root / LOCK_FILE, record_text(record))
    return done
