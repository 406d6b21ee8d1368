"""The ``adr-new`` and ``adr-check`` commands.

    adr-new "Adopt a vector database" --title-ur "Vector database apnana" --concern data --step 2
    adr-check                      # every ADR in docs/adr/
    adr-check docs/adr/0013-x.md   # only the problems of these files (checked with their folder)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archbook.adr.model import CONCERNS, STEPS
from archbook.adr.scaffold import ScaffoldError, new_adr
from archbook.adr.validate import check_tree


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder at or above ``start`` holding ``mkdocs.yml``."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise SystemExit(f"no mkdocs.yml in {start} or above: run this inside the project")


def _root(value: str | None) -> Path:
    if value:
        root = Path(value).resolve()
        if not (root / "mkdocs.yml").is_file():
            raise SystemExit(f"{root} is not the project root (no mkdocs.yml)")
        return root
    return find_root()


def check_main(argv: list[str] | None = None) -> int:
    """``adr-check [paths...]``: print every problem; exit 1 if there is any."""
    parser = argparse.ArgumentParser(prog="adr-check", description="Check decision records against the ADR contract.")
    parser.add_argument("paths", nargs="*", help="ADR folders or files (default: docs/adr)")
    parser.add_argument("--root", help="project root (default: the folder holding mkdocs.yml)")
    args = parser.parse_args(argv)
    root = _root(args.root)
    targets = [Path(p).resolve() for p in args.paths] or [root / "docs" / "adr"]
    problems: list[str] = []
    for target in targets:
        if not target.exists():
            problems.append(f"{target}: no such file or folder")
        elif target.is_dir():
            problems += [str(p) for p in check_tree(root, target)]
        else:
            name = target.relative_to(root).as_posix() if target.is_relative_to(root) else target.as_posix()
            problems += [str(p) for p in check_tree(root, target.parent) if p.file == name]
    for problem in dict.fromkeys(problems):
        print(problem)
    count = len(dict.fromkeys(problems))
    print(f"adr-check: {count} problem(s)" if count else "adr-check: all good", file=sys.stderr)
    return 1 if count else 0


def new_main(argv: list[str] | None = None) -> int:
    """``adr-new "Title"``: write the next-numbered ADR pair from the template."""
    parser = argparse.ArgumentParser(prog="adr-new", description="Start a new decision record (both languages).")
    parser.add_argument("title", help="the decision, in English")
    parser.add_argument("--title-ur", help="the decision in Roman Urdu (default: the English title, to translate)")
    parser.add_argument("--concern", action="append", choices=CONCERNS, metavar="CONCERN",
                        help=f"a concern it touches (repeatable): {', '.join(CONCERNS)}")
    parser.add_argument("--step", type=int, choices=STEPS, help="the learning-path step it illustrates (1-5)")
    parser.add_argument("--root", help="project root (default: the folder holding mkdocs.yml)")
    args = parser.parse_args(argv)
    root = _root(args.root)
    try:
        english, urdu = new_adr(root / "docs" / "adr", args.title, args.title_ur, args.concern, args.step)
    except ScaffoldError as exc:
        print(f"adr-new: {exc}", file=sys.stderr)
        return 1
    for path in (english, urdu):
        print(path.relative_to(root).as_posix())
    print("Next: write both files (every section has guidance), then run adr-check.", file=sys.stderr)
    if not args.title_ur:
        print(f"Translate the title in {urdu.relative_to(root).as_posix()} (front matter and heading).",
              file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(check_main())
