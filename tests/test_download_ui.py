"""The words of the downloads (data/download_ui.yml) and the home pages' list built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from archbook.content.data import DataError, validate
from archbook.content.download_ui import DownloadUi, load_download_ui
from archbook.core.download_names import download_name
from archbook.site.download_links import download_href, downloads_markdown

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "download_ui"
BAD = sorted(FIXTURES.glob("*.yml"))


def test_the_project_words_load():
    ui = load_download_ui(ROOT)
    assert list(ui.downloads) == ["pdf", "zip"]


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_words_are_refused_naming_file_and_field(path):
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(DataError) as refused:
        validate(DownloadUi, path)
    assert path.name in str(refused.value) and expected in str(refused.value)


def test_each_language_links_its_own_files_from_where_the_page_is_built():
    ui = load_download_ui(ROOT)
    english = downloads_markdown(ui, "en", "index.html")
    urdu = downloads_markdown(ui, "ur-Latn", "ur-Latn/index.html")
    assert f'href="downloads/{download_name("pdf", "en")}" download' in english
    assert f'href="../downloads/{download_name("zip", "ur-Latn")}" download' in urdu
    assert "ur-Latn" not in english and "The English site" not in urdu
    assert download_href("pdf", "en", "learn/index.html") == "../downloads/ai-systems-architect-en.pdf"


def test_unknown_kind_or_language_is_refused():
    with pytest.raises(ValueError, match="unknown download kind 'epub'"):
        download_name("epub", "en")
    with pytest.raises(ValueError, match="unknown language 'ur'"):
        download_name("pdf", "ur")
