"""Build speed and page weight, reported against the project's budgets.

    ./run bench            (or: python scripts/benchmark.py)

Figures:

* cold build seconds (empty diagram cache), warm rebuild seconds, pages per
  language, diagrams drawn on each build;
* the gzip-compressed bytes a reader downloads for the home page and the role
  page in each language (HTML, CSS, JavaScript and images on load, plus the
  search worker and that language's search index, which load when the reader
  opens search), then the same page-load figure for every page of the site,
  by section, and the size of every diagram image;
* downloads: the PDF and the offline ZIP of each language (``archbook export``
  into the warm build), their size and the seconds each took;
* plain-theme ratio: the same pages built with plain Material,
  mkdocs-static-i18n and search (the same Markdown extensions and nav, none
  of the project's hooks, macros or plugins, not strict), and the warm full
  build's seconds over the plain build's, the fastest of three of each,
  taken in turns;
* serve latency: seconds from saving a prose page to ``mkdocs serve`` serving
  the new word, on a copy of the project;
* growth: a copy of the project with the handbook and learning-path sections
  copied (both languages, added to the nav) until the pages outside docs/adr/
  are five times as many, and 500 decision records (generated ones valid for
  ``adr-check``, with supersedes chains), built with the warm diagram cache:
  pages, seconds and seconds per page against the real site; the gallery
  page's weight, the supersedes picture and the heaviest record page.

Budgets: every page at most 70 KiB compressed on load (images aside), each
diagram image at most 40 KB, each download at most 8 MiB, a warm rebuild draws
no diagram, and the gallery
page within the same 70 KiB with 500 records. Exits 1 when one of these is
broken. The serve latency has a budget of 3 s that is reported, not enforced
yet. Not a test: timings vary with the machine, so they are reported, never
asserted.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEXT_PAGE_BUDGET = 70 * 1024
AFTER_LOAD = "cost-calculator.js"
"""The page script learning.js fetches once the page has loaded (not part of the page load)."""
DIAGRAM_BUDGET = 40_000
SERVE_BUDGET = 3.0
PDF_BUDGET = 8 << 20
"""Bytes of one language's PDF (``archbook export``)."""
ZIP_BUDGET = 8 << 20
"""Bytes of one language's offline ZIP."""
PAGES = {"home": "", "role": "role/what-an-ai-systems-architect-is/"}

PROBE_PAGE = "handbook/hiring.md"
"""The prose page the serve figure edits (in a copy of the project), and its address."""
PROBE_URL = "handbook/hiring/"

GROWTH_FACTOR = 5
"""The grown site has this many times the pages outside docs/adr/ ..."""
GROWTH_SECTIONS = ("handbook", "learn")
"""... by copying these sections (both languages) as handbook-2/, learn-2/, ... and adding them to the nav ..."""
GROWTH_RECORDS = 500
"""... and this many decision records in docs/adr/ (the real ones, then generated ones)."""
CATALOG_HOOK = "hooks/adr_catalog.py"
"""Publishes adr/catalog.json, which a gallery of more than GALLERY_ROWS records loads on demand."""


# --- building -----------------------------------------------------------------------------

def build(site: Path, cache: Path, project: Path = ROOT, config: Path | None = None,
          strict: bool = True) -> tuple[float, int]:
    """Seconds of one ``mkdocs build`` of ``project`` into ``site``, and how many diagrams it drew."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHBOOK_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)]
    command += ["--strict"] if strict else []
    command += ["--config-file", str(config)] if config else []
    start = time.perf_counter()
    run = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode:
        sys.exit(f"build of {project} failed:\n{run.stderr[-6000:]}")
    return seconds, (run.stdout + run.stderr).count("diagram drawn:")


def count_pages(site: Path) -> tuple[int, int]:
    """Pages (``index.html`` outside assets/) in English and in Roman Urdu."""
    pages = [p.relative_to(site).parts for p in site.rglob("index.html")]
    pages = [parts for parts in pages if "assets" not in parts]
    urdu = sum(1 for parts in pages if parts[0] == "ur-Latn")
    return len(pages) - urdu, urdu


def copy_of_project(target: Path) -> Path:
    """A copy of the project's build inputs (tests/conftest.py's ``copy_project``)."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from conftest import copy_project
    finally:
        sys.path.pop(0)
    return copy_project(target)


# --- mkdocs.yml as data -------------------------------------------------------------------

class EnvTag:
    """An ``!ENV`` value of mkdocs.yml, kept as written so that it is written back unchanged."""

    def __init__(self, value):
        self.value = value


class ConfigLoader(yaml.SafeLoader):
    """YAML loader that accepts MkDocs' ``!ENV`` tag."""


class ConfigDumper(yaml.SafeDumper):
    """YAML dumper that writes ``!ENV`` values back."""


def _env_tag(loader, node):
    value = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node)
    return EnvTag(value)


ConfigLoader.add_constructor("!ENV", _env_tag)
ConfigDumper.add_representer(
    EnvTag, lambda dumper, tag: (dumper.represent_sequence("!ENV", tag.value) if isinstance(tag.value, list)
                                 else dumper.represent_scalar("!ENV", tag.value)))


def load_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=ConfigLoader)


def write_config(config: dict, path: Path) -> Path:
    path.write_text(yaml.dump(config, Dumper=ConfigDumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


# --- page weight --------------------------------------------------------------------------

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
    # Loaded only when the reader opens search (overrides/partials/defer-search.html): the
    # search worker and the index, named in the theme's configuration (not in the page's text,
    # which may quote the same keys in a code block).
    theme = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))
    on_demand = [theme["search"]] if theme.get("search") else []
    on_demand.append(urljoin(urljoin(base_url, theme["base"].rstrip("/") + "/"), "search/search_index.json"))
    for ref in dict.fromkeys(refs + on_demand):  # a resource linked twice is fetched once
        target = site / urlparse(urljoin(base_url, ref)).path.lstrip("/")
        size = gz(target.read_bytes())
        kind = ("search" if ref in on_demand else "css" if target.suffix == ".css"
                else "js" if target.suffix == ".js" else "images")
        weights[kind] += size
    return weights


def text_load(weights: dict[str, int]) -> int:
    """What the page budget counts: HTML, CSS and JavaScript on load."""
    return weights["html"] + weights["css"] + weights["js"]


# --- figures ------------------------------------------------------------------------------

def report_builds(work: Path, cache: Path, broken: list[str]) -> tuple[float, float, Path]:
    """Cold and warm build of the real site; returns both seconds and the warm site."""
    cold, drawn_cold = build(work / "cold", cache)
    warm, drawn_warm = build(work / "warm", cache)
    en_pages, ur_pages = count_pages(work / "warm")
    print(f"cold build            {cold:6.2f} s   (diagrams drawn: {drawn_cold})")
    print(f"warm rebuild          {warm:6.2f} s   (diagrams drawn: {drawn_warm}, budget 0)")
    print(f"pages built           en {en_pages}, ur-Latn {ur_pages}")
    if drawn_warm:
        broken.append("warm rebuild drew diagrams")
    return cold, warm, work / "warm"


def report_page_weights(site: Path, broken: list[str]) -> None:
    """The home and role pages in each language, resource by resource."""
    print("\ncompressed bytes a reader downloads (gzip -6); 'search' (worker + index) loads")
    print("only when the reader opens search; the budget applies to the page load without images:")
    print(f"  {'page':16} {'html':>7} {'css':>7} {'js':>7} {'images':>7} {'load':>8} {'search':>7} {'+search':>8}  text load")
    for lang, prefix in (("en", ""), ("ur-Latn", "ur-Latn/")):
        for name, path in PAGES.items():
            w = page_weight(site, prefix + path)
            load = w["html"] + w["css"] + w["js"] + w["images"]
            text = text_load(w)
            flag = "" if text <= TEXT_PAGE_BUDGET else "  OVER 70 KiB"
            if flag:
                broken.append(f"{lang} {name} page weight")
            print(f"  {lang + ' ' + name:16} {w['html']:7} {w['css']:7} {w['js']:7} {w['images']:7} "
                  f"{load:8} {w['search']:7} {load + w['search']:8}  {text / 1024:5.1f} KiB{flag}")


def report_every_page(site: Path, broken: list[str]) -> None:
    """The page load (without images) of every page, heaviest per section."""
    print("\nevery page, load without images (budget 70 KiB each), by section:")
    sections: dict[str, list[tuple[int, str]]] = {}
    for page in sorted(site.rglob("index.html")):
        path = page.parent.relative_to(site).as_posix()
        path = "" if path == "." else path + "/"
        if path.startswith("assets/"):
            continue
        parts = path.split("/")
        lang = "ur-Latn" if parts[0] == "ur-Latn" else "en"
        section = (parts[1] if lang == "ur-Latn" else parts[0]) or "(home)"
        sections.setdefault(f"{lang} {section}", []).append((text_load(page_weight(site, path)), path))
    for name, pages in sorted(sections.items()):
        heaviest, where = max(pages)
        print(f"  {name:28} {len(pages):3} pages   heaviest {heaviest / 1024:5.1f} KiB  /{where}")
        for text, path in sorted(pages, reverse=True):
            if text > TEXT_PAGE_BUDGET:
                broken.append(f"{path} page weight")
                print(f"    OVER 70 KiB: {path} {text / 1024:.1f} KiB")
    late = site / "assets" / "javascripts" / AFTER_LOAD
    if late.is_file():
        print(f"  fetched after the load event, on the step 4 pages only: {AFTER_LOAD} gzip {gz(late.read_bytes())} B")


def report_diagrams(site: Path, broken: list[str]) -> None:
    """Every diagram image against the 40 KB budget."""
    print("\ndiagram images (budget 40 KB each):")
    for image in sorted((site / "assets" / "diagrams").glob("*.svg")):
        size = image.stat().st_size
        flag = "" if size <= DIAGRAM_BUDGET else "  OVER"
        if flag:
            broken.append(image.name)
        print(f"  {image.name:60} {size:7} B  gzip {gz(image.read_bytes()):6} B{flag}")


def report_downloads(site: Path, broken: list[str]) -> None:
    """The PDF and offline ZIP of each language (``archbook export``), against their budgets."""
    from archbook.core.errors import ArchbookError
    from archbook.export.downloads import export_downloads

    print(f"\ndownloads (./run export; budget PDF {PDF_BUDGET >> 20} MiB, ZIP {ZIP_BUDGET >> 20} MiB each):")
    try:
        made = export_downloads(ROOT, site)
    except ArchbookError as exc:
        broken.append("downloads")
        print("  " + "\n  ".join(exc.problems))
        return
    for download in made:
        budget = PDF_BUDGET if download.kind == "pdf" else ZIP_BUDGET
        flag = "" if download.size <= budget else "  OVER"
        if flag:
            broken.append(download.path.name)
        print(f"  {download.path.name:44} {download.size / 1024 / 1024:6.2f} MiB  {download.seconds:5.1f} s{flag}")


def plain_config(work: Path) -> Path:
    """mkdocs.yml for the same pages on plain Material: search and i18n only, no hooks, not strict.

    The only theme override kept is the ur-Latn language partial, which
    Material needs to build that locale at all.
    """
    config = load_config(ROOT / "mkdocs.yml")
    for key in ("hooks", "extra_css", "extra_javascript", "watch"):
        config.pop(key, None)
    config["plugins"] = [p for p in config.get("plugins", []) if plugin_name(p) in ("search", "i18n")]
    config["strict"] = False
    config["docs_dir"] = str(ROOT / "docs")
    partial = Path("partials") / "languages" / "ur-Latn.html"
    overrides = work / "overrides"
    (overrides / partial).parent.mkdir(parents=True)
    shutil.copy(ROOT / "overrides" / partial, overrides / partial)
    config["theme"]["custom_dir"] = str(overrides)
    return write_config(config, work / "mkdocs.yml")


RATIO_RUNS = 3
"""Warm full builds and plain builds made for the ratio, taken in turns; the fastest of each counts."""

RATIO_TARGET = 1.5
"""The warm full build may take at most this many times the plain build (reported, not enforced: timings vary)."""


def report_plain_ratio(work: Path, cache: Path, cold: float, warm: float) -> None:
    """The project's warm build over the same pages on plain Material, each the fastest of ``RATIO_RUNS``.

    The two builds are taken in turns (full, plain, full, plain, ...) so that
    a slow moment of a shared machine weighs on both alike.
    """
    folder = work / "plain"
    folder.mkdir()
    config = plain_config(folder)
    fulls, plains = [warm], []
    for run in range(RATIO_RUNS):
        plains.append(build(folder / f"site-{run}", cache, project=folder, config=config, strict=False)[0])
        if len(fulls) < RATIO_RUNS:
            fulls.append(build(work / f"warm-{run}", cache)[0])
    plain, full = min(plains), min(fulls)
    print("\nplain-theme ratio: the same pages on plain Material + i18n + search, same Markdown")
    print("extensions and nav; no hooks, macros, autorefs, mkdocstrings or overrides; not strict;")
    print(f"fastest of {RATIO_RUNS} builds each, taken in turns:")
    print(f"  plain build           {plain:6.2f} s   (runs: {', '.join(f'{p:.2f}' for p in plains)})")
    print(f"  full build (cold)     {cold:6.2f} s")
    print(f"  full build (warm)     {full:6.2f} s   (runs: {', '.join(f'{f:.2f}' for f in fulls)})")
    print(f"  ratio full / plain    {full / plain:6.2f} x   (target {RATIO_TARGET} x)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(condition, timeout: float, every: float) -> float | None:
    """Seconds until ``condition()`` is true, polling every ``every`` s; None after ``timeout`` s."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if condition():
            return time.perf_counter() - start
        time.sleep(every)
    return None


def append_word(page: Path, word: str) -> None:
    """Add ``word`` at the end of the page's last line of text."""
    lines = page.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines[-1] += " " + word
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")


def report_serve_latency(work: Path, cache: Path) -> None:
    """Seconds from saving a prose page to ``mkdocs serve`` serving it, on a copy of the project."""
    project = copy_of_project(work / "serve")
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PROBE_URL}"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHBOOK_CACHE_DIR": str(cache)}
    # The same command as ``./run serve``: --dirty rebuilds only the changed page (archbook.site.serve).
    server = subprocess.Popen([str(mkdocs), "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"], cwd=project,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        first = wait_for(lambda: fetch(url) is not None, timeout=600, every=0.5)
        if first is None:
            print(f"\nserve latency: mkdocs serve did not serve /{PROBE_URL} within 600 s")
            return
        word = f"servelatencyprobe{random.randrange(10**6):06d}"
        append_word(project / "docs" / PROBE_PAGE, word)
        seconds = wait_for(lambda: word in (fetch(url) or ""), timeout=300, every=0.05)
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        except ProcessLookupError:
            pass
    print(f"\nserve latency: one word appended to docs/{PROBE_PAGE} (English) until mkdocs serve")
    print(f"serves it (first build took {first:.1f} s); budget {SERVE_BUDGET:.0f} s, reported only:")
    if seconds is None:
        print("  no update within 300 s  OVER")
    else:
        print(f"  serve latency         {seconds:6.2f} s{'  OVER' if seconds > SERVE_BUDGET else ''}")


# --- the grown site -----------------------------------------------------------------------

def title_words(adr_dir: Path) -> dict[str, list[str]]:
    """The words of the real records' prose in each language, to cut generated titles from.

    Titles cut from real prose compress about as well as real titles, so the
    grown gallery's weight is not flattered by a small vocabulary.
    """
    words: dict[str, list[str]] = {"en": [], "ur-Latn": []}
    for path in sorted(adr_dir.glob("[0-9][0-9][0-9][0-9]-*.md")):
        lang = "ur-Latn" if path.name.endswith(".ur-Latn.md") else "en"
        body = path.read_text(encoding="utf-8").split("---\n", 2)[-1]
        body = re.sub(r"\]\([^)]*\)|\{[^}]*\}|^#.*$", " ", body, flags=re.M)  # link targets, anchors, headings
        words[lang] += re.findall(r"[A-Za-z][A-Za-z0-9'-]*[A-Za-z0-9]|\d[\d,.]*\d|\d", body)
    return words


def _title(rng: random.Random, words: list[str]) -> str:
    size = rng.randint(7, 13)
    start = rng.randrange(len(words) - size)
    text = " ".join(words[start:start + size])
    return text[0].upper() + text[1:]


CONCERN_NAMES = ("inference", "orchestration", "data", "safety", "observability", "cost", "governance")
OPEN_STATUSES = (("accepted", 60), ("proposed", 15), ("rejected", 15), ("deprecated", 10))


def growth_records(first: int, last: int, today: dt.date, words: dict[str, list[str]],
                   seed: int = GROWTH_RECORDS) -> list[dict]:
    """Front matter of decision records ``first`` to ``last``: varied, valid, with supersedes chains.

    About one record in seven supersedes a recent one (of the same roadmap step
    four times in five), a few supersede two, and a superseded record may be
    superseded again, so chains of two to five records form. Titles are cut
    from ``words`` (see `title_words`), by language; dates run up to ``today``.
    """
    rng = random.Random(seed)
    records: dict[int, dict] = {}
    for number in range(first, last + 1):
        status = rng.choices([s for s, _ in OPEN_STATUSES], weights=[w for _, w in OPEN_STATUSES])[0]
        record = {
            "number": number,
            "title": {lang: _title(rng, words[lang]) for lang in ("en", "ur-Latn")},
            "status": status,
            "date": today - dt.timedelta(days=(last - number) // 2),
            "concerns": rng.sample(CONCERN_NAMES, rng.choice((1, 2, 2, 3))),
            "roadmap_step": rng.randint(1, 5),
            "supersedes": [],
            "superseded_by": None,
        }
        if rng.random() < 0.15:
            candidates = [r for n, r in records.items() if n >= number - 60 and r["superseded_by"] is None]
            same_step = [r for r in candidates if r["roadmap_step"] == record["roadmap_step"]]
            pool = same_step if same_step and rng.random() < 0.8 else candidates
            for old in rng.sample(pool, min(len(pool), 2 if rng.random() < 0.1 else 1)):
                old["status"], old["superseded_by"] = "superseded", number
                record["supersedes"].append(old["number"])
            record["supersedes"].sort()
        records[number] = record
    return list(records.values())


def record_stem(record: dict) -> str:
    """The file name of a generated record, without ``.md`` (``0123-cut-from-its-title``)."""
    return f"{record['number']:04d}-" + re.sub(r"[^a-z0-9]+", "-", record["title"]["en"].lower())[:60].strip("-")


def _front_matter(record: dict, lang: str, deciders: str) -> str:
    successor = "null" if record["superseded_by"] is None else str(record["superseded_by"])
    return "\n".join([
        "---",
        f"number: {record['number']}",
        f"title: {json.dumps(record['title'][lang], ensure_ascii=False)}",
        f"status: {record['status']}",
        f"date: {record['date'].isoformat()}",
        deciders,
        f"concerns: [{', '.join(record['concerns'])}]",
        f"roadmap_step: {record['roadmap_step']}",
        f"supersedes: [{', '.join(map(str, record['supersedes']))}]",
        f"superseded_by: {successor}",
        "---",
    ])


def write_records(adr_dir: Path, total: int) -> int:
    """Add generated records to ``adr_dir`` up to ``total``, both languages, modelled on ADR 0001."""
    english = sorted(p for p in adr_dir.glob("[0-9][0-9][0-9][0-9]-*.md") if not p.name.endswith(".ur-Latn.md"))
    first = max(int(p.name[:4]) for p in english) + 1
    model = english[0]
    sources = {"en": model.read_text(encoding="utf-8"),
               "ur-Latn": model.with_name(model.stem + ".ur-Latn.md").read_text(encoding="utf-8")}
    for record in growth_records(first, total, dt.date.today(), title_words(adr_dir)):
        stem = record_stem(record)
        for lang, source in sources.items():
            _, meta, body = source.split("---\n", 2)
            deciders = next(line for line in meta.split("\n") if line.startswith("deciders:"))
            body = re.sub(r"^# .*\{ #adr \}$", f"# {record['title'][lang]} {{ #adr }}", body, count=1, flags=re.M)
            name = f"{stem}.md" if lang == "en" else f"{stem}.ur-Latn.md"
            (adr_dir / name).write_text(_front_matter(record, lang, deciders) + "\n" + body, encoding="utf-8")
    return total - first + 1


def _renamed(nav, copy: int):
    """The nav entries of the grown sections, pointing at their copy (``handbook-3/...``)."""
    if isinstance(nav, list):
        return [_renamed(item, copy) for item in nav]
    if isinstance(nav, dict):
        return {f"{key} ({copy})": _renamed(value, copy) for key, value in nav.items()}
    for section in GROWTH_SECTIONS:
        if nav.startswith(section + "/"):
            return f"{section}-{copy}/" + nav[len(section) + 1:]
    return nav


def _sections_nav(nav) -> list:
    """The nav entries (with their section titles) that point into GROWTH_SECTIONS."""
    found = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, str):
            if value.startswith(tuple(s + "/" for s in GROWTH_SECTIONS)):
                found.append(item)
        elif isinstance(value, list):
            inner = _sections_nav(value)
            if inner:
                found.append({next(iter(item)): inner})
    return found


def grow_project(project: Path) -> str:
    """Grow the copy at ``project`` in place; returns what was added, in words."""
    docs = project / "docs"
    pages = [p for p in docs.rglob("*.md")]
    other = len([p for p in pages if p.relative_to(docs).parts[0] != "adr"])
    grown = sum(1 for p in pages if p.relative_to(docs).parts[0] in GROWTH_SECTIONS)
    copies = -(-other * (GROWTH_FACTOR - 1) // grown)  # rounded up
    config = load_config(project / "mkdocs.yml")
    section_nav = _sections_nav(config["nav"])
    extra = []
    for copy in range(2, copies + 2):
        for section in GROWTH_SECTIONS:
            shutil.copytree(docs / section, docs / f"{section}-{copy}")
        extra.append({f"Copy {copy}": _renamed(section_nav, copy)})
    config["nav"].append({"Grown copies": extra})
    # pages the real site keeps out of the nav on purpose (model answers) stay out in each copy too
    patterns = str(config.get("not_in_nav") or "").split()
    copied = [pattern.replace(f"/{section}/", f"/{section}-{copy}/", 1) for copy in range(2, copies + 2)
              for section in GROWTH_SECTIONS for pattern in patterns if pattern.startswith(f"/{section}/")]
    if copied:
        config["not_in_nav"] = "\n".join(patterns + copied) + "\n"
    hooks = config.setdefault("hooks", [])
    if CATALOG_HOOK not in hooks and (project / CATALOG_HOOK).is_file():
        hooks.append(CATALOG_HOOK)
    write_config(config, project / "mkdocs.yml")
    added = write_records(docs / "adr", GROWTH_RECORDS)
    after = other + copies * grown
    return (f"page files outside docs/adr/ {other} -> {after} ({after / other:.1f}x: {copies} copies of "
            f"{'/, '.join(GROWTH_SECTIONS)}/), decision records {GROWTH_RECORDS - added} -> {GROWTH_RECORDS}")


def report_growth(work: Path, cache: Path, base_site: Path, base_cold: float, base_warm: float,
                  broken: list[str]) -> None:
    """The real site against a grown copy, first and second build of each: seconds per page, and the gallery."""
    project = copy_of_project(work / "growth")
    what = grow_project(project)
    site = work / "growth-site"
    # The first build of the copy has none of its new pages in the build cache (like the real site's
    # cold build, less the diagrams); the second is a warm rebuild, like the real site's warm one.
    first, drawn = build(site, cache, project=project)
    second, _ = build(work / "growth-site-again", cache, project=project)
    base_pages, pages = sum(count_pages(base_site)), sum(count_pages(site))
    print(f"\ngrowth: a copy of the project grown in place (diagrams drawn on its first build: {drawn}):")
    print(f"  {what}")
    print(f"  {'site':10} {'pages':>6} {'first s':>8} {'s/page':>8} {'rebuild s':>10} {'s/page':>8}")
    print(f"  {'1x (real)':10} {base_pages:6} {base_cold:8.2f} {base_cold / base_pages:8.4f} "
          f"{base_warm:10.2f} {base_warm / base_pages:8.4f}")
    print(f"  {'grown':10} {pages:6} {first:8.2f} {first / pages:8.4f} {second:10.2f} {second / pages:8.4f}"
          f"   ({pages / base_pages:.1f}x the pages)")
    print(f"\ngallery page with {GROWTH_RECORDS} decision records (budget 70 KiB load without images):")
    for lang, prefix in (("en", ""), ("ur-Latn", "ur-Latn/")):
        w = page_weight(site, prefix + "adr/")
        text = text_load(w)
        flag = "" if text <= TEXT_PAGE_BUDGET else "  OVER 70 KiB"
        if flag:
            broken.append(f"{lang} gallery page weight at {GROWTH_RECORDS} records")
        html = (site / prefix / "adr" / "index.html").read_text(encoding="utf-8")
        rows = html.count("<tr data-status=")
        catalog = site / prefix / "adr" / "catalog.json"
        on_demand = f"catalog.json gzip {gz(catalog.read_bytes()) / 1024:5.1f} KiB on demand" if catalog.is_file() \
            else "no catalog.json"
        print(f"  {lang:8} html {w['html'] / 1024:5.1f} KiB  load {text / 1024:5.1f} KiB{flag}  "
              f"({rows} table rows; {on_demand})")
    graph = sorted((site / "assets" / "diagrams").glob("adr_supersedes.en.*.svg"))
    if graph:
        svg = graph[0].read_text(encoding="utf-8")
        size, boxes = len(svg.encode()), svg.count('class="node"')
        print(f"  supersedes graph (en): {boxes} boxes, {size} B "
              f"(gzip {gz(svg.encode())} B){'  over the 40 KB diagram budget' if size > DIAGRAM_BUDGET else ''}")
    records = [(text_load(page_weight(site, p.parent.relative_to(site).as_posix() + "/")), p.parent.name)
               for p in (site / "adr").glob("[0-9][0-9][0-9][0-9]-*/index.html")]
    heaviest, where = max(records)
    print(f"  heaviest record page (en): {heaviest / 1024:5.1f} KiB  /adr/{where}/ (reported only)")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="archbook-bench-"))
    cache = work / "cache"
    broken: list[str] = []
    try:
        cold, warm, site = report_builds(work, cache, broken)
        report_page_weights(site, broken)
        report_every_page(site, broken)
        report_diagrams(site, broken)
        report_downloads(site, broken)
        report_plain_ratio(work, cache, cold, warm)
        report_serve_latency(work, cache)
        report_growth(work, cache, site, cold, warm, broken)
        print("\nbudgets: " + ("all met" if not broken else "BROKEN: " + ", ".join(broken)))
        return 1 if broken else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
