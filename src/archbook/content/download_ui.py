"""``data/download_ui.yml``: the words of the downloads, in both languages.

Two readers: the home pages' list of downloads (``archbook.site.download_links``) and the
PDF's cover and table of contents (``archbook.export.pdf``).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, model_validator

from archbook.content.data import validate
from archbook.content.models import Bilingual, Strict, check_keys, check_placeholders
from archbook.core.download_names import KINDS

UI_FILE = "download_ui"
"""The data file's stem (``data/download_ui.yml``)."""


class DownloadItem(Strict):
    """One download in the home pages' list: the link's words and what the reader gets."""

    link: Bilingual = Field(description="The link's words.")
    about: Bilingual = Field(description="What the file holds and how to use it, after the link.")


class DownloadUi(Strict):
    """The words of the downloads: the home pages' list and the PDF's own words."""

    downloads: dict[str, DownloadItem] = Field(description="By kind of download (`pdf`, `zip`), in list order.")
    pdf: dict[str, Bilingual] = Field(description="The PDF's cover and contents words, by key.")

    PDF_WORDS: ClassVar[dict[str, frozenset[str]]] = {
        "subtitle": frozenset(), "built": frozenset({"date", "commit"}), "made": frozenset({"date"}),
        "online": frozenset({"url"}), "contents": frozenset(), "appendix": frozenset(),
    }
    """Each PDF word and the ``{name}`` placeholders it must hold (the export fills them in)."""

    @model_validator(mode="after")
    def _complete(self):
        check_keys("downloads", list(self.downloads), list(KINDS))
        check_keys("pdf", list(self.pdf), list(self.PDF_WORDS))
        check_placeholders("pdf", self.pdf, self.PDF_WORDS)
        return self


def load_download_ui(project_root: Path) -> DownloadUi:
    """``data/download_ui.yml`` of the project, validated (a ``DataError`` naming file and field)."""
    return validate(DownloadUi, Path(project_root) / "data" / f"{UI_FILE}.yml")
