"""``check-exercise``: check a learning-path exercise and print feedback.

    check-exercise EXERCISE FILE [--lang en|ur-Latn]

EXERCISE is a number (``3`` or ``03``) or a folder name (``03-decision-matrix``).
Prints one line per problem and a summary, in the chosen language. Exit
status: 0 when every check passes, 1 when problems were found (including a
file that is not valid YAML), 2 for usage errors (unknown exercise, missing
file, a folder instead of a file). It never prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archbook.learning.checker import check_file, find_exercise
from archbook.learning.checker.common import SubmissionError
from archbook.learning.checker.feedback import message, render
from archbook.core.languages import ENGLISH, LANGUAGES

OK, PROBLEMS, USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and status 2), like every other message."""

    def error(self, message: str):  # noqa: D102 - argparse's hook
        self.exit(USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="check-exercise",
        description="Check a learning-path exercise and print feedback, one line per problem.")
    parser.add_argument("exercise", help="exercise number (1-5, e.g. 03) or folder name (e.g. 03-decision-matrix)")
    parser.add_argument("file", help="your submission (e.g. decision-matrix.yaml, adr.md or the Roman Urdu "
                             "adr.ur-Latn.md)")
    parser.add_argument("--lang", choices=LANGUAGES, default=ENGLISH,
                        help="language of the feedback (default: en)")
    return parser


def run(argv: list[str] | None = None) -> int:
    """Parse arguments, check the file, print feedback; return the exit status."""
    args = _parser().parse_args(argv)
    exercise = find_exercise(args.exercise)
    if exercise is None:
        print(message("unknown_exercise", args.lang, given=args.exercise), file=sys.stderr)
        return USAGE
    path = Path(args.file)
    try:
        findings = check_file(exercise, path)
    except SubmissionError as exc:
        print(render(exc.finding, args.lang), file=sys.stderr if exc.usage else sys.stdout)
        return USAGE if exc.usage else PROBLEMS
    for finding in findings:
        print(render(finding, args.lang, args.file))
    if findings:
        print(message("summary_problems", args.lang, name=args.file, count=len(findings)))
        return PROBLEMS
    print(message("summary_ok", args.lang, name=args.file))
    return OK


def main(argv: list[str] | None = None) -> int:
    """Console entry point: like [run][archbook.learning.checker.cli.run], but never a traceback."""
    try:
        return run(argv)
    except SystemExit as exc:  # argparse's usage errors (status 2) and --help (status 0)
        return exc.code if isinstance(exc.code, int) else USAGE
    except KeyboardInterrupt:
        return USAGE
    except BrokenPipeError:  # the reader of the output went away (| head): nothing to say
        return OK
    except Exception as exc:  # noqa: BLE001 - the promise is one clear line, never a traceback
        lang = ENGLISH
        argv_list = sys.argv[1:] if argv is None else argv
        if "ur-Latn" in argv_list:
            lang = "ur-Latn"
        print(message("internal_error", lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
