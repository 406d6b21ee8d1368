"""LinkChecker over the served site: every link and anchor resolves, in both languages."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

CONFIG = """\
[checking]
threads=4
timeout=20
maxrequestspersecond=1000
recursionlevel=-1
[filtering]
ignore=
  ^(?!{base})
  ^{base}downloads/
ignorewarnings=
[output]
status=0
verbose=0
warnings=1
[AnchorCheck]
"""


# The home pages' links into downloads/ lead to files that `./run export` makes after the
# build, not the build itself: tests/test_download_ui.py checks that the links name the files
# archbook.core.download_names names, tests/test_export_downloads.py that the export writes exactly
# those, and tests/test_export_offline.py that the offline copy points them online.

SUMMARY = re.compile(r"(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found\. (\d+) errors? found")


# LinkChecker started as root switches its effective user to `nobody` before it loads
# its plugins (drop_privileges() in linkcheck/command/linkchecker.py, LinkChecker
# 10.6.0). Plugins are found by listing the installed package's folder; when `nobody`
# cannot read the virtual environment (a clone under /root, mode 0700) none is found,
# AnchorCheck is silently off and every anchor "passes". It checks only our own site
# on 127.0.0.1, so it keeps the user that runs the tests: root stays root.
LAUNCH = """\
import runpy, sys
import linkcheck.command.linkchecker as cli
assert callable(getattr(cli, "drop_privileges", None)), "LinkChecker changed: review tests/test_links.py"
cli.drop_privileges = lambda: None
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def run_linkchecker(site_url: str, *starts: str) -> dict[str, subprocess.CompletedProcess]:
    folder = Path(tempfile.mkdtemp(prefix="archbook-links-"))
    config = folder / "linkcheckerrc"
    config.write_text(CONFIG.format(base=re.escape(site_url)))
    # LinkChecker itself, with page-parse caches (see tests/tools/linkchecker_cached.py).
    runner = Path(__file__).parent / "tools" / "linkchecker_cached.py"
    run = subprocess.run([sys.executable, "-c", LAUNCH, str(runner), "--config", str(config), "--no-status", *starts],
                         capture_output=True, text=True, timeout=1200)
    assert "dropping privileges" not in run.stdout + run.stderr, run.stdout + run.stderr
    return {starts[0]: run}


def counts(run: subprocess.CompletedProcess) -> tuple[int, int, int, int]:
    summary = SUMMARY.search(run.stdout)
    assert summary, run.stdout + run.stderr
    return tuple(map(int, summary.groups()))


@pytest.fixture(scope="module")
def linkchecker_report(site_url):
    return run_linkchecker(site_url, site_url, site_url + "ur-Latn/")


def test_the_checker_catches_a_missing_anchor_and_a_missing_page(tmp_path):
    """Guards the configuration: a site with one bad anchor and one 404 must fail."""
    import functools
    import http.server
    import threading

    from conftest import _Handler

    (tmp_path / "index.html").write_text(
        '<html><body><a href="page.html#here">ok</a> <a href="page.html#nowhere">bad anchor</a>'
        ' <a href="missing.html">404</a></body></html>')
    (tmp_path / "page.html").write_text('<html><body><h2 id="here">Here</h2></body></html>')
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        run = run_linkchecker(url, url)[url]
    finally:
        server.shutdown()
    _, _, warnings, errors = counts(run)
    assert (warnings, errors) == (1, 1), run.stdout
    assert run.returncode == 1


def test_no_broken_link_or_anchor_in_either_language(linkchecker_report, built_site):
    (run,) = linkchecker_report.values()
    links, urls, warnings, errors = counts(run)
    assert (warnings, errors) == (0, 0), run.stdout
    pages = len(built_site.pages())
    assert urls >= 3 * pages, f"only {urls} URLs checked for {pages} pages"
    assert run.returncode == 0, run.stdout + run.stderr
