"""One error type for everything a contributor or learner can get wrong.

Every check in the project raises [ArchbookError][archbook.core.errors.ArchbookError]
(or a subclass) with one line per problem, each starting with the file (and
line, where known): ``data/roles.yml:14: entry 2 (ml-engineer): field
'role.en': expected text``. The build turns it into MkDocs' ``PluginError``
in one place ([as_plugin_error][archbook.core.errors.as_plugin_error]), the
command-line tools into a message and exit status 1
([run_cli][archbook.core.errors.run_cli]); neither ever shows a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable


class ArchbookError(Exception):
    """One or more problems; ``str()`` lists them one per line."""

    def __init__(self, problems: str | Iterable[str]):
        if isinstance(problems, str):
            problems = problems.splitlines() or [problems]
        self.problems: list[str] = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


def located(source: str, line: int | None, message: str) -> str:
    """``file:line: message`` (or ``file: message`` when the line is unknown)."""
    return f"{source}:{line}: {message}" if line else f"{source}: {message}"


def as_plugin_error(heading: str, exc: ArchbookError):
    """The MkDocs ``PluginError`` for ``exc``: a heading and one indented line per problem."""
    from mkdocs.exceptions import PluginError

    return PluginError(f"{heading}:\n  " + "\n  ".join(exc.problems))


def build_step(heading: str):
    """Decorate a MkDocs hook so that a project error stops the build as ``heading:`` and its problems.

    The one place where the build turns [ArchbookError][archbook.core.errors.ArchbookError]
    into MkDocs' ``PluginError``: MkDocs prints that as a message, with no traceback.
    """
    def decorate(hook: Callable) -> Callable:
        @functools.wraps(hook)
        def guarded(*args, **kwargs):
            try:
                return hook(*args, **kwargs)
            except ArchbookError as exc:
                raise as_plugin_error(heading, exc) from None
        return guarded
    return decorate


def run_cli(main: Callable[[], int], prog: str) -> int:
    """Run a command-line entry point; any project error becomes a message and exit 1.

    Unreadable input and interruptions are reported in one line too: a
    learner or contributor never sees a traceback for a bad file.
    """
    try:
        return main()
    except ArchbookError as exc:
        for problem in exc.problems:
            print(f"{prog}: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except (OSError, RecursionError, MemoryError) as exc:
        print(f"{prog}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
