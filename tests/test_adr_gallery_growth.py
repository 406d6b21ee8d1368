"""The decision-record gallery and supersedes graph at 500 records, without a build.

The catalogue is the one ``./run bench`` builds its grown site from
(``scripts/benchmark.py``: the real records, then generated ones with titles cut
from the real records' prose and supersedes chains). The page budget is 70 KiB
compressed on load; the theme's CSS and JavaScript and the rest of the gallery
page take most of it, so the gallery's own markup (table, link to the list,
graph list) must stay within what is left (`MARKUP_BUDGET`, measured against the
built page by the benchmark).
"""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import json
import re
import sys
import types
from pathlib import Path

import pytest

from archbook.adr.model import AdrUi
from archbook.adr.site import (
    CATALOG_FILE, GALLERY_ROWS, LIST_FILE, LIST_ROWS, AdrRecord, catalog_json, gallery_html, graph_chains,
    graph_edges, graph_list, graph_records, list_pages, load_catalog, recent_chains, records_list_html,
)
from archbook.content.data import validate

ROOT = Path(__file__).resolve().parent.parent
RECORDS = 500
PAGE_BUDGET = 70 * 1024
MARKUP_BUDGET = 12 * 1024
"""Compressed bytes the gallery's markup and the graph's list may take on the page.

Without them the real gallery page weighs about 57 KiB compressed on load
(theme CSS and JavaScript about 50 KiB, the page's own HTML the rest), so
12 KiB keeps the page about 1 KiB under the 70 KiB budget; ``./run bench``
measures the built page.
"""


def gz(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6))


def _benchmark():
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ui() -> AdrUi:
    return validate(AdrUi, ROOT / "data" / "adr_ui.yml")


@pytest.fixture(scope="module")
def catalogue() -> list[AdrRecord]:
    """The real records, then generated ones up to 500, as the gallery reads them."""
    bench = _benchmark()
    adr_dir = ROOT / "docs" / "adr"
    real = load_catalog(adr_dir)
    generated = bench.growth_records(real[-1].number + 1, RECORDS, dt.date(2026, 12, 1), bench.title_words(adr_dir))
    return real + [
        AdrRecord(g["number"], bench.record_stem(g), g["status"], g["date"], tuple(g["concerns"]),
                  g["roadmap_step"], tuple(g["supersedes"]), g["superseded_by"], g["title"])
        for g in generated
    ]


def test_the_catalogue_is_500_records_with_chains(catalogue):
    assert [r.number for r in catalogue] == list(range(1, RECORDS + 1))
    edges = graph_edges(catalogue)
    assert len(edges) > 40
    by_number = {r.number: r for r in catalogue}
    for newer, older in edges:  # as adr-check requires: both ends agree
        assert by_number[older].superseded_by == newer and by_number[older].status == "superseded"
    assert max(len(chain) for chain in graph_chains(catalogue)) >= 3


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_the_gallery_markup_stays_within_its_share_of_the_page_budget(catalogue, ui, lang):
    markup = gallery_html(catalogue, ui, lang) + graph_list(catalogue, ui, lang)
    assert gz(markup) <= MARKUP_BUDGET, f"{gz(markup) / 1024:.1f} KiB"


def test_a_large_gallery_holds_the_first_records_and_links_to_the_list(catalogue, ui):
    html = gallery_html(catalogue, ui, "en")
    rows = re.findall(r'<tr data-status="(\w+)" data-concerns="([\w ]+)" data-step="(\d)">', html)
    assert len(rows) == GALLERY_ROWS
    assert f"<caption>Showing {GALLERY_ROWS} of {RECORDS} decision records.</caption>" in html
    assert f'data-catalog="{CATALOG_FILE}" data-total="{RECORDS}"' in html
    assert 'data-caption="All 500 decision records, by number"' in html
    assert f'<p data-adr-rest><a href="{LIST_FILE.format(page=1)}">All 500 decision records, by number</a></p>' in html
    assert "data-adr-filters hidden" in html and 'aria-live="polite"' in html


def test_a_small_gallery_is_the_whole_table_as_before(catalogue, ui):
    html = gallery_html(catalogue[:GALLERY_ROWS], ui, "en")
    assert html.count("<tr data-status=") == GALLERY_ROWS
    assert f"<caption>All {GALLERY_ROWS} decision records, by number</caption>" in html
    assert "data-catalog" not in html and "data-adr-rest" not in html
    assert list_pages(catalogue[:GALLERY_ROWS]) == 0


def test_the_plain_list_pages_hold_every_record_once(catalogue, ui):
    pages = list_pages(catalogue)
    assert pages == -(-RECORDS // LIST_ROWS)
    seen = []
    for page in range(1, pages + 1):
        html = records_list_html(catalogue, ui, "ur-Latn", page, "AI Systems Architect")
        assert html.startswith("<!doctype html>\n<html lang=\"ur-Latn\">")
        assert "<script" not in html and "<style" not in html and " style=" not in html
        assert html.count('aria-current="page"') == 1 and '<a href="./">' in html
        seen += [int(n) for n in re.findall(r"<tr [^>]*><td>(\d{4})</td>", html)]
        assert gz(html) <= PAGE_BUDGET // 2
    assert seen == list(range(1, RECORDS + 1))
    with pytest.raises(ValueError):
        records_list_html(catalogue, ui, "en", pages + 1, "x")


def test_the_catalogue_file_has_every_record_as_text(catalogue, ui):
    data = json.loads(catalog_json(catalogue, ui, "en", use_directory_urls=False))
    assert data["total"] == RECORDS and len(data["records"]) == RECORDS
    first = data["records"][0]
    assert set(first) == {"number", "href", "title", "status", "status_name", "concerns", "concern_names",
                          "step", "step_name", "date", "revisit_by"}
    assert first["href"] == f"{catalogue[0].stem}.html" and first["title"] == catalogue[0].title("en")


def test_the_graph_draws_only_the_chains(catalogue):
    drawn = graph_records(catalogue)
    linked = {n for edge in graph_edges(catalogue) for n in edge}
    assert {r.number for r in drawn} == linked
    assert len(drawn) < len(catalogue) // 2  # the records that stand alone are not drawn
    chains = graph_chains(catalogue)
    assert sorted(n for chain in chains for n in chain) == sorted(linked)
    assert all(len(chain) >= 2 and chain == sorted(chain, reverse=True) for chain in chains)
    assert [chain[0] for chain in chains] == sorted((chain[0] for chain in chains), reverse=True)
    assert graph_records(catalogue[:11]) == []  # no supersedes link among the first records: nothing drawn


def test_the_picture_keeps_the_newest_chains_that_fit(catalogue):
    recent = recent_chains(catalogue, 30)
    assert recent == graph_chains(catalogue)[:len(recent)]
    assert 20 < sum(map(len, recent)) <= 30
    assert recent_chains(catalogue, 1) == graph_chains(catalogue)[:1]  # the newest chain, even if longer
    assert recent_chains(catalogue[:11], 30) == []


def test_the_graph_module_draws_the_newest_chains_and_a_note(catalogue, monkeypatch):
    """diagrams/adr_supersedes.py with a stand-in for the diagrams library, counting what it draws."""
    drawn_nodes, drawn_edges = [], []

    class Node:
        def __init__(self, text, **attrs):
            drawn_nodes.append(text)

        def __rshift__(self, other):
            if isinstance(other, Edge):
                other.start = self
                return other
            return other

    class Edge:
        def __init__(self, **attrs):
            self.start = None

        def __rshift__(self, node):
            drawn_edges.append((self.start, node))
            return node

    class Cluster:
        def __init__(self, label, **attrs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    fake = types.ModuleType("diagrams")
    fake.Node, fake.Edge, fake.Cluster = Node, Edge, Cluster
    monkeypatch.setitem(sys.modules, "diagrams", fake)
    spec = importlib.util.spec_from_file_location("adr_supersedes_under_test", ROOT / "diagrams" / "adr_supersedes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "load_catalog", lambda _folder: catalogue)
    module.draw(lambda key: key)
    recent = recent_chains(catalogue, module.BOXES)
    boxes = sum(map(len, recent))
    assert boxes <= module.BOXES and len(drawn_nodes) == boxes + 1 and drawn_nodes[-1] == "more"
    assert all(re.fullmatch(r"adr \d{4}\n\w+", text) for text in drawn_nodes[:-1])
    assert len(drawn_edges) == boxes - len(recent)  # chains are trees: one arrow fewer than boxes, per chain
    monkeypatch.setattr(module, "load_catalog", lambda _folder: catalogue[:13])
    drawn_nodes.clear()
    module.draw(lambda key: key)
    assert drawn_nodes == ["adr 0012\naccepted", "adr 0003\nsuperseded"]  # the real site: one chain, no note
    monkeypatch.setattr(module, "load_catalog", lambda _folder: catalogue[:11])
    drawn_nodes.clear()
    module.draw(lambda key: key)
    assert drawn_nodes == ["none"]


class _Plugins(dict):
    _current_plugin = None


class _Config(dict):
    __getattr__ = dict.__getitem__


@pytest.mark.parametrize(("current", "folder"), [("en", "adr/"), ("ur-Latn", "ur-Latn/adr/")])
def test_the_hook_publishes_the_catalogue_and_the_list_in_each_language(catalogue, ui, monkeypatch, tmp_path,
                                                                        current, folder):
    spec = importlib.util.spec_from_file_location("adr_catalog_hook", ROOT / "hooks" / "adr_catalog.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    model = type("Model", (), {"adr_records": tuple(catalogue), "adr_ui": ui})
    monkeypatch.setattr(hook, "site_model", lambda _root: model)
    i18n = type("I18n", (), {"current_language": current, "default_language": "en"})
    config = _Config(docs_dir=str(ROOT / "docs"), config_file_path=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path),
                     use_directory_urls=True, site_name="AI Systems Architect", plugins=_Plugins(i18n=i18n))
    files = hook.on_files([], config)
    assert [f.dest_uri for f in files] == [folder + CATALOG_FILE] + [
        folder + LIST_FILE.format(page=n) for n in range(1, list_pages(catalogue) + 1)]
    data = json.loads(files[0].content_string)
    assert data["total"] == RECORDS and data["records"][0]["title"] == catalogue[0].title(current)
    assert f'<html lang="{current}">' in files[1].content_string
    small = type("Model", (), {"adr_records": tuple(catalogue[:14]), "adr_ui": ui})
    monkeypatch.setattr(hook, "site_model", lambda _root: small)
    assert [f.dest_uri for f in hook.on_files([], config)] == [folder + CATALOG_FILE]  # no list below the limit


@pytest.mark.parametrize("lang", ["en", "ur-Latn"])
def test_a_record_page_lists_a_bounded_number_of_related_records(catalogue, ui, lang):
    from archbook.adr.site import RELATED_LIMIT, related_markdown

    record = max(catalogue, key=lambda r: sum(1 for o in catalogue if set(o.concerns) & set(r.concerns)))
    markdown = related_markdown(record, catalogue, ui, lang)
    sharing = markdown.split("**", 4)[-1] if markdown.count("**") >= 2 else markdown
    links = re.findall(r"^- \[", markdown, re.M)
    assert len(links) <= RELATED_LIMIT + len(record.supersedes) + 2
    assert f"](index.md?concern={record.concerns[0]}#gallery)" in sharing
    assert gz(markdown) < 2 * 1024


def test_the_real_records_list_every_record_sharing_a_concern(ui):
    from archbook.adr.site import RELATED_LIMIT, related_markdown

    real = load_catalog(ROOT / "docs" / "adr")
    for record in real:
        markdown = related_markdown(record, real, ui, "en")
        sharing = [o for o in real if o.number != record.number and set(o.concerns) & set(record.concerns)]
        assert len(sharing) <= RELATED_LIMIT  # the site as it is: nothing left out
        assert "#gallery)" not in markdown
