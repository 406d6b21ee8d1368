"""Publish the diagrams, drawn or taken from the cache, as files of the site.

The images live in the cache outside docs/, so nothing is written into the
docs during a build and `mkdocs serve` does not rebuild in a loop. Diagram
modules run in a separate worker process (see archbook.figures.diagrams); it is
stopped when MkDocs shuts down.
"""

from pathlib import Path

from mkdocs.structure.files import File

from archbook.figures.diagrams import DiagramError, Project, render_all, stop_worker
from archbook.core.errors import as_plugin_error


def _project(config):
    return Project.at(Path(config.config_file_path).parent)


def on_files(files, config):
    try:
        report = render_all(_project(config))
    except DiagramError as exc:
        raise as_plugin_error("diagram failed", exc) from None
    for diagram in report.diagrams:
        files.append(File.generated(config, diagram.site_path, abs_src_path=str(diagram.path)))
    return files


def on_shutdown():
    stop_worker()
