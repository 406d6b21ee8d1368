"""``./run serve`` rebuilds only changed pages: full rebuilds when anything else changed, a right search index."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from archbook.site.serve import DIRTY_WARNING, SEARCH_INDEX, DirtyWarningFilter, ServeState

from conftest import copy_project


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for folder in ("docs", "data", "diagrams"):
        (root / folder).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / "docs" / "a.md").write_text("# A\n", encoding="utf-8")
    (root / "data" / "x.yml").write_text("a: 1\n", encoding="utf-8")
    return root


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for page in ("a", "b", "ur-Latn/a"):
        (site / page).mkdir(parents=True, exist_ok=True)
        (site / page / "index.html").write_text("<p>page</p>", encoding="utf-8")
    (site / "assets").mkdir(exist_ok=True)
    (site / "assets" / "main.css").write_text("x", encoding="utf-8")
    return site


def test_only_a_change_to_page_text_gives_a_partial_rebuild(tmp_path):
    root, site, state = _project(tmp_path), _site(tmp_path), ServeState()
    assert state.prepare_rebuild(root, site) is False  # the first build is a full one
    assert list(site.iterdir()) == []
    site = _site(tmp_path)
    (root / "docs" / "a.md").write_text("# A\n\nMore.\n", encoding="utf-8")
    assert state.prepare_rebuild(root, site) is True
    assert (site / "a" / "index.html").is_file() and not (site / "assets").exists()  # assets are copied afresh
    for change in (lambda: (root / "data" / "x.yml").write_text("a: 2\n", encoding="utf-8"),
                   lambda: (root / "docs" / "new.md").write_text("# New\n", encoding="utf-8"),
                   lambda: (root / "docs" / "new.md").rename(root / "docs" / "renamed.md"),
                   lambda: (root / "mkdocs.yml").write_text("site_name: y\n", encoding="utf-8")):
        site = _site(tmp_path)
        change()
        assert state.prepare_rebuild(root, site) is False
        assert list(site.iterdir()) == []


def _index(*locations: str) -> dict:
    return {"config": {}, "docs": [{"location": loc, "title": loc, "text": f"v{i}"} for i, loc in enumerate(locations)]}


def test_the_search_index_keeps_the_newest_entries_of_each_published_page_once(tmp_path):
    site, state = _site(tmp_path), ServeState()
    (site / "search").mkdir()
    index_file = site / SEARCH_INDEX
    # The first build: the theme added every English page twice.
    index_file.write_text(json.dumps(_index("a/", "a/#s", "b/", "a/", "a/#s", "b/", "ur-Latn/a/")), encoding="utf-8")
    state.merge_search_index(site)
    docs = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    assert [d["location"] for d in docs] == ["a/", "a/#s", "b/", "ur-Latn/a/"]
    assert [d["text"] for d in docs[:3]] == ["v3", "v4", "v5"]
    # A partial rebuild of page a, which lost its section; b was not rebuilt; a page gone from the site is dropped.
    index_file.write_text(json.dumps(_index("a/", "gone/")), encoding="utf-8")
    state.merge_search_index(site)
    docs = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    assert sorted(d["location"] for d in docs) == ["a/", "b/", "ur-Latn/a/"]


def test_only_the_dirty_build_warning_is_dropped():
    keep = DirtyWarningFilter()
    record = lambda msg: logging.LogRecord("mkdocs.commands.build", logging.WARNING, "", 0, msg, None, None)  # noqa: E731
    assert not keep.filter(record(DIRTY_WARNING + ", this will likely lead to inaccurate navigation"))
    assert keep.filter(record("Doc file 'a.md' contains a link to 'b.md', which is not found"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(predicate, seconds: float = 240) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.build
def test_serve_shows_an_edit_and_keeps_search_whole(tmp_path):
    project = copy_project(tmp_path / "project")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "src"),
           "ARCHBOOK_CACHE_DIR": str(Path(__file__).resolve().parent.parent / ".cache" / "diagrams")}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a",
                               f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        page = base + "handbook/hiring/"
        assert _wait_for(lambda: "<h1" in _get(page)), (tmp_path / "serve.log").read_text()

        def counts() -> tuple[int, int]:
            return tuple(len(json.loads(_get(base + prefix + "search/search_index.json") or '{"docs": []}')["docs"])
                         for prefix in ("", "ur-Latn/"))

        before = counts()
        assert min(before) > 100
        for source, url, word in (("hiring.md", page, "zebrafirst"),
                                  ("hiring.ur-Latn.md", base + "ur-Latn/handbook/hiring/", "zebrasecond")):
            with (project / "docs" / "handbook" / source).open("a", encoding="utf-8") as out:
                out.write(f"\n{word}\n")
            assert _wait_for(lambda: word in _get(url), 120), (tmp_path / "serve.log").read_text()
            assert _wait_for(lambda: counts() == before and word in _get(
                base + ("ur-Latn/" if "ur-Latn" in source else "") + "search/search_index.json"), 30), counts()
        assert "Aborted" not in (tmp_path / "serve.log").read_text()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        log.close()
