"""``archbook``: one command for the project's chores.

    archbook check        validate data, diagrams, decision records, translation parity and spelling
    archbook diagrams     draw every diagram that is not in the cache
    archbook translations list translations whose English changed; --mark-fresh PATH... (or --all) records them
    archbook export SITE  write the PDF and the offline ZIP of each language into SITE/downloads/
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
from archbook.checks import freshness
from archbook.site.checks import project_problems, translation_report


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
    for line in translation_report(root):  # a report, never a problem: the exit status is the problems'
        print(line)
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


def cmd_translations(args) -> int:
    root = _root(args.root)
    if args.mark_fresh:
        if args.all == bool(args.paths):
            print("archbook translations --mark-fresh: name the twins or data files to mark, or give --all "
                  "(not both)", file=sys.stderr)
            return 2
        try:
            done = freshness.mark_fresh(root, None if args.all else args.paths)
        except freshness.FreshnessError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print("archbook translations: nothing was marked", file=sys.stderr)
            return 1
        for line in done:
            print(line)
        return 0
    if args.paths or args.all:
        print("archbook translations: paths and --all go with --mark-fresh", file=sys.stderr)
        return 2
    stale, never = freshness.report(root)
    for line in stale + never:
        print(line)
    print(f"archbook translations: {len(stale)} to update, {len(never)} never marked" if stale or never
          else "archbook translations: every translation is fresh")
    return 0


def cmd_export(args) -> int:
    from archbook.export.downloads import export_downloads  # WeasyPrint loads only for this command

    root = _root(args.root)
    for made in export_downloads(root, Path(args.site)):
        print(f"{made.kind:3} {made.language:7} {made.size / 1024 / 1024:6.2f} MiB  {made.seconds:5.1f} s  {made.path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="archbook", description=__doc__.splitlines()[0].strip())
    parser.add_argument("--root", help="project root (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate data, diagrams, ADRs, parity and spelling").set_defaults(run=cmd_check)
    commands.add_parser("diagrams", help="draw diagrams missing from the cache").set_defaults(run=cmd_diagrams)
    translations = commands.add_parser(
        "translations", help="list translations whose English changed since they were marked fresh",
        description="Without options: list the Roman Urdu twins and data fields whose English changed since "
                    "they were marked (and those never marked); exit 0. With --mark-fresh: record that the named "
                    "twins (docs/**/*.ur-Latn.md) or data files (data/**/*.yml, or data/x.yml:FIELD) translate "
                    "the English as it is now.")
    translations.add_argument("--mark-fresh", action="store_true", help="record the named translations as fresh")
    translations.add_argument("--all", action="store_true", help="with --mark-fresh: every twin and data file")
    translations.add_argument("paths", nargs="*", metavar="PATH", help="a twin or data file, relative to the root")
    translations.set_defaults(run=cmd_translations)
    export = commands.add_parser(
        "export", help="write the PDF and offline ZIP of each language into SITE/downloads/",
        description="From a built site (./run build SITE), write a PDF of the handbook and the learning path and "
                    "a ZIP of the site that works offline, for each language, into SITE/downloads/. All or "
                    "nothing: on failure SITE/downloads/ is left as it was.")
    export.add_argument("site", metavar="SITE", help="the built site folder")
    export.set_defaults(run=cmd_export)
    args = parser.parse_args(argv)
    return run_cli(lambda: args.run(args), "archbook")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
