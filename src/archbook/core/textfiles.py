"""Read a text file that a person wrote, or say in one line why it cannot be read.

Every source the project reads (pages, decision records, data files,
learners' submissions) goes through [read_text][archbook.core.textfiles.read_text],
so a missing file, a folder, bytes that are not UTF-8 or a file over its size
limit is reported the same way everywhere: ``docs/x.md:12: expected UTF-8
text, got the byte 0xe9``. A byte-order mark at the start is dropped.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from archbook.core.errors import ArchbookError


class TextFileError(ArchbookError):
    """A file could not be read as text; ``line`` is where the first bad byte is."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__([message])
        self.line = line


def decode(data: bytes, shown: str) -> str:
    """UTF-8 text of ``data`` without a leading byte-order mark.

    Raises:
        TextFileError: a byte is not UTF-8 (the message names its line) or the text holds a NUL.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TextFileError(f"{shown}:{line}: expected UTF-8 text, got the byte "
                            f"0x{data[exc.start]:02x} ({exc.reason}); save the file as UTF-8", line) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise TextFileError(f"{shown}:{line}: expected text, got a NUL character (is this a binary file?)", line)
    return text.removeprefix("\ufeff")


def read_text(path: Path, shown: str | None = None, *, max_bytes: int | None = None) -> str:
    """The text of ``path`` (shown in messages as ``shown``).

    Raises:
        TextFileError: missing, a folder, unreadable, larger than ``max_bytes``, or not UTF-8.
    """
    shown = shown or path.as_posix()
    try:
        if path.is_dir():
            raise TextFileError(f"{shown}: expected a file, got a folder")
        if path.exists() and not path.is_file():  # reading a FIFO or a device would block or never end
            raise TextFileError(f"{shown}: expected a regular file, got a pipe, socket or device")
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise TextFileError(f"{shown}: expected at most {max_bytes // 1024} KiB, got "
                                f"{size / 1024:,.0f} KiB")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1 if max_bytes is not None else -1)
    except FileNotFoundError:
        raise TextFileError(f"{shown}: file not found") from None
    except OSError as exc:
        raise TextFileError(f"{shown}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    if max_bytes is not None and len(data) > max_bytes:  # a file that grew, or a device
        raise TextFileError(f"{shown}: expected at most {max_bytes // 1024} KiB, got more")
    return decode(data, shown)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
