"""The site also builds on ProperDocs, the maintained fork of the MkDocs 1.x engine (decision 0005).

ProperDocs is installed beside MkDocs from the lock (test group): it ships its own
``properdocs`` package and redirects ``mkdocs.*`` imports to it only inside its own
process, so the two do not conflict. No network is needed: the build is the same
offline build as ``mkdocs build``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
DIAGRAM = re.compile(r'<img alt="[^"]{40,}"[^>]* src="([^"]*assets/diagrams/[^"]+\.svg)"')


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html") if "assets" not in p.parts}


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("properdocs") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_properdocs_does_not_replace_mkdocs_in_the_environment():
    probe = subprocess.run(
        [sys.executable, "-c", "import properdocs, mkdocs; print(mkdocs.__file__); print(properdocs.__version__)"],
        capture_output=True, text=True, check=True)
    mkdocs_file, version = probe.stdout.split()
    assert Path(mkdocs_file).parent.name == "mkdocs"
    assert version == "1.6.7"


def test_the_site_builds_strictly_on_properdocs(properdocs_site):
    english = (properdocs_site / "index.html").read_text(encoding="utf-8")
    urdu = (properdocs_site / "ur-Latn" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english
    assert '<html lang="ur-Latn"' in urdu and 'dir="rtl"' not in urdu
    # The generator tag proves the engine: ProperDocs, not MkDocs, wrote these pages.
    assert re.search(r'<meta name="generator" content="[^"]*ProperDocs 1\.6\.7', english), english[:2000]
    for lang, prefix in (("en", ""), ("ur-Latn", "ur-Latn/")):
        page = properdocs_site / prefix / "role/what-an-ai-systems-architect-is/index.html"
        sources = DIAGRAM.findall(page.read_text(encoding="utf-8"))
        assert sources, f"no diagram on {page}"
        for src in sources:
            assert f".{lang}." in src
            svg = (page.parent / src).resolve()
            assert svg.is_file(), src
            assert svg.read_text(encoding="utf-8").lstrip().startswith(("<svg", "<?xml")), src


def test_properdocs_writes_the_same_site_as_mkdocs(properdocs_site, built_site):
    assert pages(properdocs_site) == pages(built_site.site)
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    differing = [
        path.relative_to(built_site.site).as_posix() for path in sorted(built_site.site.rglob("*.html"))
        if generator.sub("", path.read_text(encoding="utf-8"))
        != generator.sub("", (properdocs_site / path.relative_to(built_site.site)).read_text(encoding="utf-8"))
    ]
    assert not differing, f"{len(differing)} pages differ beyond the generator tag, e.g. {differing[:5]}"
