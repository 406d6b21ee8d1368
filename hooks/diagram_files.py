"""Publish the diagrams, drawn or taken from the cache, as files of the site.

The images live in the cache outside docs/, so nothing is written into the
docs during a build and `mkdocs serve` does not rebuild in a loop. The
diagrams come from the site model (``archbook.site.model``), drawn once per
state of their sources; diagram modules run in a separate worker process
(see archbook.figures.diagrams), stopped when MkDocs shuts down.
"""

from pathlib import Path

from mkdocs.structure.files import File

from archbook.core.errors import build_step
from archbook.figures.diagrams import stop_worker
from archbook.site.model import site_model


@build_step("diagram failed")
def on_files(files, config):
    for diagram in site_model(Path(config.config_file_path).parent).diagrams.diagrams:
        files.append(File.generated(config, diagram.site_path, abs_src_path=str(diagram.path)))
    return files


def on_shutdown():
    stop_worker()
