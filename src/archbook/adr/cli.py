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
from archbook.adr.parse import ADR_FILE, TEMPLATE_STEM, language_and_stem
from archbook.adr.scaffold import ScaffoldError, new_adr
from archbook.adr.validate import check_tree
from archbook.core.errors import run_cli
from archbook.core.languages import TWIN_SUFFIX, twin_path


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


def _is_adr_file(path: Path) -> bool:
    _, stem = language_and_stem(path)
    return path.suffix == ".md" and (bool(ADR_FILE.match(stem)) or stem == TEMPLATE_STEM)


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def target_problems(root: Path, raw: str) -> list[str]:
    """The problems ``adr-check`` reports for one argument: a folder of records or one record.

    A record is checked with its whole folder, and its problems are shown
    together with those of its twin, so a disagreement between the two is
    never hidden. Anything that is not a record or a folder of records is an
    error, never "all good".
    """
    target = Path(raw).resolve()
    if not target.exists():
        return [f"{raw}: no such file or folder"]
    if target.is_dir():
        if not any(_is_adr_file(p) for p in target.glob("*.md")):
            return [f"{raw}: expected a folder of decision records (NNNN-slug.md files, like docs/adr), "
                    "got a folder with none"]
        return [str(p) for p in check_tree(root, target)]
    if not _is_adr_file(target):
        return [f"{raw}: expected a decision record named NNNN-slug.md or NNNN-slug{TWIN_SUFFIX}, "
                f"got {target.name!r}"]
    twin = target.parent / twin_path(target.name)
    names = {_shown(target, root), _shown(twin, root)}
    return [str(p) for p in check_tree(root, target.parent) if p.file in names]


def _check(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="adr-check", description="Check decision records against the ADR contract.")
    parser.add_argument("paths", nargs="*", help="ADR folders or files (default: docs/adr)")
    parser.add_argument("--root", help="project root (default: the folder holding mkdocs.yml)")
    args = parser.parse_args(argv)
    root = _root(args.root)
    problems: list[str] = []
    for raw in args.paths or [str(root / "docs" / "adr")]:
        problems += target_problems(root, raw)
    unique = list(dict.fromkeys(problems))
    for problem in unique:
        print(problem)
    print(f"adr-check: {len(unique)} problem(s)" if unique else "adr-check: all good", file=sys.stderr)
    return 1 if unique else 0


def check_main(argv: list[str] | None = None) -> int:
    """``adr-check [paths...]``: print every problem; exit 1 if there is any."""
    return run_cli(lambda: _check(argv), "adr-check")


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
        for problem in exc.problems:
            print(f"adr-new: {problem}", file=sys.stderr)
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
