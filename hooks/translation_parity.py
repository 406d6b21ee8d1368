"""Stop the build when a page lacks its twin, twins disagree, or a Roman Urdu page misspells."""

from pathlib import Path

from mkdocs.exceptions import PluginError

from archbook.checks import language_problems


def on_pre_build(config):
    problems = language_problems(Path(config.config_file_path).parent)
    if problems:
        raise PluginError("language checks failed:\n  " + "\n  ".join(problems))
