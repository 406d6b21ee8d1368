"""The site model: what the build knows about the project, read and validated once.

The data files (each against its model in [DATASETS][archbook.site.registry.DATASETS]),
the diagrams (drawn, or taken from the cache), the decision-record catalogue
and the learning-path page of each roadmap step are loaded here and nowhere
else in the build. The page macros, the hooks, ``archbook check`` and the tests
ask [site_model][archbook.site.model.site_model] for them.

One model serves every language build of one ``mkdocs build`` and every
rebuild of ``mkdocs serve`` until a file it was read from changes: the model
is kept with a fingerprint (path and SHA-256 of every file under the folders
in `SOURCES`), compared once at the start of each build,
and read again only when that changed or a cached diagram image has gone.
Across builds, a model that loaded without problems is kept in the build
cache (``site-model.pickle``) under the fingerprint and the code's digest, so
a build over the same files and code reads and validates nothing.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from archbook.adr.model import AdrUi
from archbook.adr.site import AdrRecord, load_catalog, step_pages
from archbook.content.models import Glossary
from archbook.core.errors import ArchbookError
from archbook.handbook.serving import serving_figures
from archbook.handbook.running_example import Quantity, RunningExampleError, fill_figures, running_example
from archbook.figures.diagrams import BuildReport, Project, RenderedDiagram, render_all
from archbook.core.textfiles import write_atomic
from archbook.site.build_cache import cache_dir, code_version, digest, files_digest
from archbook.site.registry import load_datasets

SOURCES = ("data", "diagrams", "docs/adr", "docs/learn")
"""The folders, relative to the project root, whose files the model is read from."""


@dataclass(frozen=True)
class SiteModel:
    """Everything the build renders that is not prose: validated, in memory."""

    root: Path
    datasets: Mapping[str, BaseModel]
    """Each ``data/<name>.yml`` as its validated model, by file stem."""
    diagrams: BuildReport
    """Every diagram in every language, with its cached image."""
    adr_records: tuple[AdrRecord, ...]
    """The decision records whose English front matter is valid, by number."""
    step_pages: Mapping[int, str]
    """The learning-path page of each roadmap step, relative to ``docs/``."""
    example: Mapping[str, Quantity]
    """Every figure of the running example, Sahulat Assist, by ``group.name``
    ([running_example][archbook.handbook.running_example.running_example])."""

    def dataset(self, name: str) -> BaseModel:
        return self.datasets[name]

    @property
    def glossary(self) -> Glossary:
        return self.datasets["glossary"]  # type: ignore[return-value]

    @property
    def adr_ui(self) -> AdrUi:
        return self.datasets["adr_ui"]  # type: ignore[return-value]


def fingerprint(root: Path, folders: tuple[str, ...] = SOURCES) -> str:
    """SHA-256 of the path and bytes of every file the model is read from."""
    return files_digest(root, folders)


DIAGRAM_INPUTS = ("diagrams", "data", "docs/adr")
"""What a diagram module and its ``cache_inputs()`` may read, below the project root."""


def diagrams_since_last_build(root: Path) -> BuildReport:
    """Every diagram, as [render_all][archbook.figures.diagrams.render_all] gives it; not run again over the same inputs.

    After a pass in which every diagram was drawn or found, the report is kept
    in the build cache with the digest of everything a diagram module can read
    (`DIAGRAM_INPUTS`) and of the code; the next build over the same files takes
    the report without starting the worker, as long as every image is still in the cache.
    """
    state = digest(files_digest(root, DIAGRAM_INPUTS), code_version())
    kept = cache_dir(root) / "diagram-report.json"
    try:
        stored = json.loads(kept.read_text(encoding="utf-8"))
        if stored["state"] == state:
            report = BuildReport([RenderedDiagram.from_dict(d) for d in stored["diagrams"]])
            if all(d.path.is_file() for d in report.diagrams):
                return report
    except (OSError, ValueError, KeyError, TypeError):
        pass
    report = render_all(Project.at(root))
    try:
        write_atomic(kept, json.dumps({"state": state, "diagrams": [d.to_dict() for d in report.diagrams]}))
    except OSError:
        pass
    return report


class SiteModelError(ArchbookError):
    """The data files or the diagrams have problems: every one of both, one per line."""


def load_site_model(root: Path) -> SiteModel:
    """Read and validate everything; the data's and the diagrams' problems are reported together."""
    problems: list[str] = []
    try:
        datasets = load_datasets(root / "data")
    except ArchbookError as exc:
        problems += exc.problems
    try:
        diagrams = diagrams_since_last_build(root)
    except ArchbookError as exc:
        problems += exc.problems
    example: dict[str, Quantity] = {}
    if not problems:
        try:
            example = running_example(datasets["cost_example"], datasets["latency_budget"],
                                      datasets["sahulat_assist"])
            example.update(serving_figures(example))  # self-hosting against the API, computed from the same figures
        except (RunningExampleError, KeyError) as exc:
            problems.append(str(exc.args[0]) if isinstance(exc, KeyError) else str(exc))
        else:
            datasets = {name: fill_figures(data, example, f"data/{name}.yml", problems)
                        for name, data in datasets.items()}
    if problems:
        raise SiteModelError(problems)
    docs = root / "docs"
    return SiteModel(
        root=root,
        datasets=datasets,
        example=example,
        diagrams=diagrams,
        adr_records=tuple(load_catalog(docs / "adr")) if (docs / "adr").is_dir() else (),
        step_pages=step_pages(docs) if (docs / "learn").is_dir() else {},
    )


_MODELS: dict[tuple[Path, Path], tuple[str, SiteModel]] = {}


def site_model(root: Path, *, refresh: bool = False) -> SiteModel:
    """The model of the project at ``root``.

    With ``refresh`` (once per build, when the build starts) the files are
    looked at again and the model is read again if one of them changed;
    without it (every page of a build) the model read at the start of the
    build is returned as it is, or read now if there is none.
    """
    root = root.resolve()
    key = (root, Project.at(root).cache_dir)
    kept = _MODELS.get(key)
    if kept and not refresh:
        return kept[1]
    current = fingerprint(root)
    if kept and kept[0] == current and _images_present(kept[1]):
        return kept[1]
    model = _from_last_build(root, current)
    if model is None:
        model = load_site_model(root)
        _keep_for_next_build(root, current, model)
    _MODELS[key] = (current, model)
    return model


def _images_present(model: SiteModel) -> bool:
    return all(d.path.is_file() for d in model.diagrams.diagrams)


def _kept_model(root: Path) -> Path:
    return cache_dir(root) / "site-model.pickle"


def _model_key(root: Path, current: str) -> bytes:
    return digest(current, code_version(), str(root), str(Project.at(root).cache_dir)).encode()


def _from_last_build(root: Path, current: str) -> SiteModel | None:
    """The model a build over the same files and code validated, from the build cache; None if there is none.

    Only this project's own cache folder is read (a local folder the build
    itself writes, never part of what a contributor sends); a model is kept
    only after it loaded without problems.
    """
    try:
        data = _kept_model(root).read_bytes()
    except OSError:
        return None
    key = _model_key(root, current)
    if not data.startswith(key + b"\n"):
        return None
    try:
        model = pickle.loads(data[len(key) + 1:])
    except Exception:  # a truncated or foreign file: read the project instead
        return None
    return model if isinstance(model, SiteModel) and _images_present(model) else None


def _keep_for_next_build(root: Path, current: str, model: SiteModel) -> None:
    try:
        write_atomic(_kept_model(root), _model_key(root, current) + b"\n" + pickle.dumps(model, pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass


def forget() -> None:
    """Drop every kept model (tests that edit a project in place call this)."""
    _MODELS.clear()
