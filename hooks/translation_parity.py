"""Stop the build when a page lacks its twin, twins disagree, or a Roman Urdu page misspells."""

from pathlib import Path

from archbook.checks.language import language_problems
from archbook.core.errors import ArchbookError, build_step
from archbook.core.languages import inner_language_build


@build_step("language checks failed")
def on_pre_build(config):
    if inner_language_build(config):
        return  # the sources were checked once, before the first language was built
    problems = language_problems(Path(config.config_file_path).parent)
    if problems:
        raise ArchbookError(problems)
