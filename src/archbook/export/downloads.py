"""Make every download of a built site, all or nothing: ``archbook export SITE`` (``./run export SITE``).

For each language, a PDF of the handbook and the learning path ([pdf][archbook.export.pdf])
and a ZIP of the site that works offline ([offline][archbook.export.offline]). They are
written into a staging folder beside ``SITE/downloads/`` and swapped in only when every one
of them was made, so a failure leaves the earlier downloads (or none) in place, never half
of them.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from archbook.core.errors import ArchbookError
from archbook.core.languages import ENGLISH, LANGUAGES
from archbook.export import offline, pdf
from archbook.core.download_names import DOWNLOADS, download_name


class ExportError(ArchbookError):
    """The downloads could not be made; ``SITE/downloads/`` was left as it was."""


@dataclass(frozen=True)
class Download:
    """One file written into ``SITE/downloads/``."""

    path: Path
    kind: str
    language: str
    seconds: float

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def check_site(site_dir: Path) -> Path:
    """``site_dir`` resolved, if it holds a built site in every language; else an ``ExportError``."""
    site = site_dir.resolve()
    homes = ["index.html" if lang == ENGLISH else f"{lang}/index.html" for lang in LANGUAGES]
    missing = [home for home in homes if not (site / home).is_file()]
    if missing:
        raise ExportError(f"{site_dir}: not a built site (missing {', '.join(missing)}); "
                          f"build it first with ./run build {site_dir}")
    return site


def export_downloads(project_root: Path, site_dir: Path) -> list[Download]:
    """Write the PDF and the offline ZIP of every language into ``site_dir/downloads/``."""
    site = check_site(site_dir)
    target = site / DOWNLOADS
    staging = Path(tempfile.mkdtemp(prefix=f".{DOWNLOADS}-", dir=site))
    staging.chmod(0o755)  # served like the rest of the site (mkdtemp makes it private)
    made: list[Download] = []
    try:
        for language in LANGUAGES:
            started = time.perf_counter()
            out = pdf.build_pdf(site, staging / download_name("pdf", language), language,
                                project_root=project_root)
            made.append(Download(out, "pdf", language, time.perf_counter() - started))
        with tempfile.TemporaryDirectory(prefix="archbook-offline-") as work:
            started = time.perf_counter()
            offline_site = offline.build_offline_site(project_root, Path(work) / "site")
            built = time.perf_counter() - started
            for language in LANGUAGES:
                started = time.perf_counter()
                out = offline.build_offline_zip(project_root, staging / download_name("zip", language), language,
                                                offline_site=offline_site)
                made.append(Download(out, "zip", language, built / len(LANGUAGES) + time.perf_counter() - started))
        old = None
        if target.exists():
            old = target.with_name(f".{DOWNLOADS}-old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except ArchbookError as exc:
        raise ExportError([f"export: {problem}" for problem in exc.problems]
                          + [f"export: nothing was changed in {target}"]) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [Download(target / d.path.name, d.kind, d.language, d.seconds) for d in made]
