"""Shared fixtures: the project root, one strict build of the whole site, a local server."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def tree_digest(folder: Path) -> dict[str, str]:
    """Hash of every file below ``folder``: detects any write during a build."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def mkdocs_build(project: Path, site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site_dir``, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "diagrams", "exercises", "overrides", "hooks", "macros", "src")
"""What a build reads: enough of the project for a copy to build on its own."""


def copy_project(target: Path) -> Path:
    """Copy the project's build inputs into ``target`` (a new folder) and return it."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / part)
    return target


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project's build inputs in a temporary folder, to break on purpose."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site():
    """One strict build of the real site into a world-readable temporary folder."""
    docs_before = tree_digest(ROOT / "docs")
    folder = Path(tempfile.mkdtemp(prefix="archbook-site-"))
    folder.chmod(0o755)
    site = folder / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield BuildResult(site, result.stdout + result.stderr, docs_before, tree_digest(ROOT / "docs"))
    shutil.rmtree(folder, ignore_errors=True)


class BuildResult:
    def __init__(self, site: Path, log: str, docs_before: dict, docs_after: dict):
        self.site, self.log, self.docs_before, self.docs_after = site, log, docs_before, docs_after

    def pages(self) -> list[Path]:
        return sorted(p for p in self.site.rglob("index.html") if "assets" not in p.parts)

    def html(self, url_path: str) -> str:
        return (self.site / url_path.strip("/") / "index.html").read_text(encoding="utf-8")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        # LinkChecker throttles a host to 10 requests/s unless it sees this header.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1 (a random free port)."""
    handler = functools.partial(_Handler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"
#: Flags for Debian's Chromium as root on a machine with no outside network.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium, driven by Playwright, for every browser test."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the tests through ./run test, which installs it")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no storage shared with other tests) and one tab in it."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
