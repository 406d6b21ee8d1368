"""Build speed and page weight, reported against the project's budgets.

    ./run bench            (or: python scripts/benchmark.py)

Figures: cold build seconds (empty diagram cache), warm rebuild seconds,
pages per language, diagrams drawn on each build, and the gzip-compressed bytes
a reader downloads for the home page and the role page in each language (HTML,
CSS, JavaScript and images on load, plus the search worker and that language's
search index, which load when the reader opens search), then the same page-load
figure for every page of the site, by section. Budgets: every page at most
70 KiB compressed on load (images aside), each diagram image at most 40 KB, and
a warm rebuild draws no diagram. Exits 1 when a budget is broken. Not a test: timings
vary with the machine, so they are reported, never asserted.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
TEXT_PAGE_BUDGET = 70 * 1024
DIAGRAM_BUDGET = 40_000
PAGES = {"home": "", "role": "role/what-an-ai-systems-architect-is/"}


def build(site: Path, cache: Path) -> tuple[float, int]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHBOOK_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode:
        sys.exit(f"build failed:\n{run.stderr}")
    return seconds, (run.stdout + run.stderr).count("diagram drawn:")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(site: Path, path: str) -> dict[str, int]:
    """Compressed bytes per kind of resource that loading ``path`` fetches."""
    html_file = site / path / "index.html"
    html = html_file.read_text(encoding="utf-8")
    base_url = "http://site/" + path
    weights = {"html": gz(html.encode()), "css": 0, "js": 0, "images": 0, "search": 0}
    refs = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    refs += re.findall(r'<script[^>]+src="([^"]+)"', html)
    refs += re.findall(r'<img[^>]+src="([^"]+)"', html)
    # Loaded only when the reader opens search (overrides/partials/defer-search.html):
    on_demand = re.findall(r'"search": "([^"]+)"', html)  # the search worker
    base = re.search(r'"base": "([^"]*)"', html).group(1)
    on_demand.append(urljoin(urljoin(base_url, base.rstrip("/") + "/"), "search/search_index.json"))
    for ref in dict.fromkeys(refs + on_demand):  # a resource linked twice is fetched once
        target = site / urlparse(urljoin(base_url, ref)).path.lstrip("/")
        size = gz(target.read_bytes())
        kind = ("search" if ref in on_demand else "css" if target.suffix == ".css"
                else "js" if target.suffix == ".js" else "images")
        weights[kind] += size
    return weights


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="archbook-bench-"))
    cache = work / "cache"
    try:
        cold, drawn_cold = build(work / "cold", cache)
        warm, drawn_warm = build(work / "warm", cache)
        site = work / "warm"
        en_pages = len([p for p in site.rglob("index.html") if "ur-Latn" not in p.relative_to(site).parts])
        ur_pages = len(list((site / "ur-Latn").rglob("index.html")))
        broken = []
        print(f"cold build            {cold:6.2f} s   (diagrams drawn: {drawn_cold})")
        print(f"warm rebuild          {warm:6.2f} s   (diagrams drawn: {drawn_warm}, budget 0)")
        print(f"pages built           en {en_pages}, ur-Latn {ur_pages}")
        if drawn_warm:
            broken.append("warm rebuild drew diagrams")
        print("\ncompressed bytes a reader downloads (gzip -6); 'search' (worker + index) loads")
        print("only when the reader opens search; the budget applies to the page load without images:")
        print(f"  {'page':16} {'html':>7} {'css':>7} {'js':>7} {'images':>7} {'load':>8} {'search':>7} {'+search':>8}  text load")
        for lang, prefix in (("en", ""), ("ur-Latn", "ur-Latn/")):
            for name, path in PAGES.items():
                w = page_weight(site, prefix + path)
                load = w["html"] + w["css"] + w["js"] + w["images"]
                text = load - w["images"]
                flag = "" if text <= TEXT_PAGE_BUDGET else "  OVER 70 KiB"
                if flag:
                    broken.append(f"{lang} {name} page weight")
                print(f"  {lang + ' ' + name:16} {w['html']:7} {w['css']:7} {w['js']:7} {w['images']:7} "
                      f"{load:8} {w['search']:7} {load + w['search']:8}  {text / 1024:5.1f} KiB{flag}")
        print("\nevery page, load without images (budget 70 KiB each), by section:")
        sections: dict[str, list[tuple[int, str]]] = {}
        for page in sorted(site.rglob("index.html")):
            path = page.parent.relative_to(site).as_posix()
            path = "" if path == "." else path + "/"
            if path.startswith("assets/"):
                continue
            w = page_weight(site, path)
            parts = path.split("/")
            lang = "ur-Latn" if parts[0] == "ur-Latn" else "en"
            section = (parts[1] if lang == "ur-Latn" else parts[0]) or "(home)"
            sections.setdefault(f"{lang} {section}", []).append((w["html"] + w["css"] + w["js"], path))
        for name, pages in sorted(sections.items()):
            heaviest, where = max(pages)
            print(f"  {name:28} {len(pages):3} pages   heaviest {heaviest / 1024:5.1f} KiB  /{where}")
            for text, path in sorted(pages, reverse=True):
                if text > TEXT_PAGE_BUDGET:
                    broken.append(f"{path} page weight")
                    print(f"    OVER 70 KiB: {path} {text / 1024:.1f} KiB")
        print("\ndiagram images (budget 40 KB each):")
        for image in sorted((site / "assets" / "diagrams").glob("*.svg")):
            size = image.stat().st_size
            flag = "" if size <= DIAGRAM_BUDGET else "  OVER"
            if flag:
                broken.append(image.name)
            print(f"  {image.name:60} {size:7} B  gzip {gz(image.read_bytes()):6} B{flag}")
        print("\nbudgets: " + ("all met" if not broken else "BROKEN: " + ", ".join(broken)))
        return 1 if broken else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
