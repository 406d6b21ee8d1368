"""One problem the decision-record checks report, printable as ``file:line: field: expected X, got Y``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem, printable as ``file:line: field: expected X, got Y``."""

    file: str
    line: int
    field: str
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: expected {self.expected}, got {self.got}"
