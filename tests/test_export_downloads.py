"""``archbook export``: every download or none, and a message (no traceback) for a folder that is no site."""

from __future__ import annotations

from pathlib import Path

import pytest

from archbook.cli import main
from archbook.core.download_names import download_name
from archbook.core.errors import ArchbookError
from archbook.export import downloads, offline, pdf

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(tmp_path):
    site = tmp_path / "site"
    (site / "ur-Latn").mkdir(parents=True)
    (site / "index.html").write_text("<html></html>")
    (site / "ur-Latn" / "index.html").write_text("<html></html>")
    (site / "downloads").mkdir()
    (site / "downloads" / "earlier.pdf").write_text("the earlier export")
    return site


def _fake_exports(monkeypatch, fail_on: str | None = None):
    def build_pdf(site_dir, out, language, *, project_root):
        if fail_on == f"pdf {language}":
            raise pdf.PdfExportError(f"{language}: the PDF could not be laid out")
        out.write_bytes(b"%PDF-1.7 " + language.encode())
        return out

    def build_offline_site(project_root, dest):
        dest.mkdir(parents=True)
        return dest

    def build_offline_zip(project_root, out, language, *, offline_site=None):
        if fail_on == f"zip {language}":
            raise ArchbookError(f"{language}: a page links outside the ZIP")
        out.write_bytes(b"PK " + language.encode())
        return out

    monkeypatch.setattr(pdf, "build_pdf", build_pdf)
    monkeypatch.setattr(offline, "build_offline_site", build_offline_site)
    monkeypatch.setattr(offline, "build_offline_zip", build_offline_zip)


def test_all_downloads_replace_the_earlier_ones_readable_by_everyone(site, monkeypatch):
    _fake_exports(monkeypatch)
    made = downloads.export_downloads(ROOT, site)
    names = sorted(p.name for p in (site / "downloads").iterdir())
    assert names == sorted(download_name(kind, lang) for kind in ("pdf", "zip") for lang in ("en", "ur-Latn"))
    assert {d.path.parent for d in made} == {site / "downloads"} and all(d.size > 0 for d in made)
    assert (site / "downloads").stat().st_mode & 0o777 == 0o755
    assert not [p for p in site.iterdir() if p.name.startswith(".downloads")]


@pytest.mark.parametrize("fail_on", ["pdf ur-Latn", "zip en"])
def test_a_failure_leaves_the_earlier_downloads_as_they_were(site, monkeypatch, fail_on):
    _fake_exports(monkeypatch, fail_on)
    with pytest.raises(downloads.ExportError) as failed:
        downloads.export_downloads(ROOT, site)
    assert failed.value.problems[-1] == f"export: nothing was changed in {site / 'downloads'}"
    assert [p.name for p in (site / "downloads").iterdir()] == ["earlier.pdf"]
    assert not [p for p in site.iterdir() if p.name.startswith(".downloads")]


def test_a_folder_that_is_no_built_site_is_refused_with_a_message(tmp_path, capsys):
    assert main(["--root", str(ROOT), "export", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert "not a built site (missing index.html, ur-Latn/index.html)" in err and "Traceback" not in err
