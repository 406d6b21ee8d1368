"""The one list of checks run before anything is rendered, by the build and by ``archbook check``.

Each check is a function of the project root returning printable problems,
``file:line: message``. The build's ``hooks/project_checks.py`` runs the list
once per ``mkdocs build`` (not again in the Roman Urdu build) and stops on any
problem; ``archbook check`` runs the same list and prints every problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archbook.adr.validate import check_tree
from archbook.checks import freshness, running_example
from archbook.checks.language import data_language_problems, page_language_problems
from archbook.core.errors import ArchbookError
from archbook.site.build_cache import VerifiedSet, cache_dir, code_version, digest, files_digest
from archbook.site.model import SOURCES, site_model


@dataclass(frozen=True)
class Check:
    failure: str
    """The heading of this check's problems in the report."""
    run: Callable[[Path], list[str]]
    reads: tuple[str, ...] = ("docs", "data", "diagrams", "mkdocs.yml")
    """What the check reads, folders and files below the project root (its code is in every key): a change
    elsewhere does not run it again."""


def model_problems(root: Path) -> list[str]:
    """Data files against their schemas, and every diagram drawn (or cached) in both languages."""
    try:
        site_model(root, refresh=True)
    except ArchbookError as exc:
        return exc.problems
    return []


def adr_problems(root: Path) -> list[str]:
    """Every decision record against the contract (the checks ``adr-check`` runs)."""
    adr_dir = root / "docs" / "adr"
    return [str(problem) for problem in check_tree(root, adr_dir)] if adr_dir.is_dir() else []


def figure_problems(root: Path) -> list[str]:
    """Figures of the running example typed by hand in pages or data (``archbook.checks.running_example``)."""
    return page_figure_problems(root) + data_figure_problems(root)


def _figures(root: Path):
    try:
        return site_model(root).example
    except ArchbookError:
        return None  # the model's own problems are reported by the first check


def page_figure_problems(root: Path) -> list[str]:
    """The pages' part of [figure_problems][archbook.site.checks.figure_problems]."""
    figures = _figures(root)
    return [] if figures is None else running_example.check_pages(root / "docs", figures)


def data_figure_problems(root: Path) -> list[str]:
    """The data files' part of [figure_problems][archbook.site.checks.figure_problems]."""
    figures = _figures(root)
    return [] if figures is None else running_example.check_data(root / "data", figures)


CHECKS: tuple[Check, ...] = (
    Check("data or diagrams failed their checks (run archbook check)", model_problems, SOURCES),
    Check("decision records failed the ADR checks (run adr-check)", adr_problems, ("docs/adr", "data")),
    Check("language checks failed: twins, front matter, spelling (run archbook check)", page_language_problems,
          ("docs", "data")),
    Check("language checks of data files failed: spelling (run archbook check)", data_language_problems, ("data",)),
    Check("figures of the running example typed by hand (run archbook check)", page_figure_problems,
          ("docs", "data")),
    Check("figures of the running example typed by hand in data files (run archbook check)", data_figure_problems,
          ("data",)),
)
"""Every check, in the order its problems are reported."""


def failed_checks(root: Path, checks: tuple[Check, ...] = CHECKS) -> list[tuple[Check, list[str]]]:
    """Each check that found problems, with its problems, in the order of ``checks``."""
    return [(check, found) for check in checks if (found := check.run(root))]


def project_problems(root: Path, checks: tuple[Check, ...] = CHECKS) -> list[str]:
    """Every problem of every check, one per line, each starting with its file."""
    return [problem for _, found in failed_checks(root, checks) for problem in found]


def build_report(failed: list[tuple[Check, list[str]]]) -> list[str]:
    """The lines the build stops with: each failed check's heading, then its problems."""
    return [line for check, found in failed for line in (f"{check.failure}:", *found)]


TRANSLATION_REPORT = ("translations to update (a report, not a failure; after updating one, "
                      f"run {freshness.MARK_COMMAND} PATH)")
"""The heading of the translation-freshness report ``archbook check`` prints after the problems."""


def translation_report(root: Path) -> list[str]:
    """Stale and never-marked translations ([report_lines][archbook.checks.freshness.report_lines]) under
    `TRANSLATION_REPORT`; empty when every translation is fresh.

    Not one of `CHECKS`: a translation that fell behind never stops the build
    or changes the exit status of ``archbook check``; its page tells its readers instead.
    """
    lines = freshness.report_lines(root)
    return [f"{TRANSLATION_REPORT}:", *lines] if lines else []


def failed_checks_since_last_build(root: Path, checks: tuple[Check, ...] = CHECKS) -> list[tuple[Check, list[str]]]:
    """[failed_checks][archbook.site.checks.failed_checks], each check skipped when what it reads passed before.

    The build's entry point: for each check, the digest of the files it reads
    (``Check.reads``) and of the checking code is kept after it found nothing
    (``archbook.site.build_cache``), so a warm build over unchanged sources does
    not check them again, and an edit to a page does not run the checks that
    do not read pages. The site model is still loaded: the pages need it.
    """
    passed = VerifiedSet(cache_dir(root), "project-checks", code_version())
    failed = []
    for check in checks:
        folders = tuple(name for name in check.reads if (root / name).is_dir())
        files = tuple(name for name in check.reads if name not in folders)
        state = digest(check.failure, files_digest(root, folders, files))
        if state in passed:
            continue
        found = check.run(root)
        if found:
            failed.append((check, found))
        else:
            passed.add(state)
    passed.save()
    site_model(root, refresh=True)
    return failed
