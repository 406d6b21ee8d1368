"""Stop the build when a page lacks its twin, twins disagree, or a Roman Urdu page misspells."""

from pathlib import Path

from archbook.checks import language_problems
from archbook.errors import ArchbookError, build_step


@build_step("language checks failed")
def on_pre_build(config):
    problems = language_problems(Path(config.config_file_path).parent)
    if problems:
        raise ArchbookError(problems)
