"""``archbook``: one command for the project's chores.

    archbook check        validate data, diagrams, decision records, translation parity and spelling
    archbook diagrams     draw every diagram that is not in the cache
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archbook.adr.validate import check_tree
from archbook.checks.language import language_problems
from archbook.content.data import DataError
from archbook.site.registry import load_datasets
from archbook.core.errors import ArchbookError, run_cli
from archbook.figures.diagrams import DiagramError, Project, render_all
from archbook.site.checks import project_problems


def _root(value: str | None) -> Path:
    root = Path(value or ".").resolve()
    if not (root / "mkdocs.yml").is_file():
        raise ArchbookError(f"{root} is not the project root (no mkdocs.yml)")
    return root


def cmd_check(args) -> int:
    root = _root(args.root)
    problems = project_problems(root)
    for problem in problems:
        print(problem)
    print(f"archbook check: {len(problems)} problem(s)" if problems else "archbook check: all good")
    return 1 if problems else 0


def cmd_diagrams(args) -> int:
    root = _root(args.root)
    try:
        report = render_all(Project.at(root))
    except DiagramError as exc:
        print(exc, file=sys.stderr)
        return 1
    for diagram in report.diagrams:
        state = "drawn" if diagram.drawn else "cached"
        size = diagram.path.stat().st_size
        print(f"{state:6} {diagram.name} ({diagram.lang}) {size / 1000:.1f} kB  {diagram.path}")
    print(f"{report.drawn} drawn, {report.cached} from cache")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="archbook", description=__doc__.splitlines()[0].strip())
    parser.add_argument("--root", help="project root (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate data, diagrams, ADRs, parity and spelling").set_defaults(run=cmd_check)
    commands.add_parser("diagrams", help="draw diagrams missing from the cache").set_defaults(run=cmd_diagrams)
    args = parser.parse_args(argv)
    return run_cli(lambda: args.run(args), "archbook")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
