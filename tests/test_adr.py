"""Decision records: the validator on fixtures and the real ADRs, the commands, the site furniture.

Each folder in tests/fixtures/adr/ is one scenario: a small docs/adr tree and
an expect.txt with the exact problems the validator must report (empty: none).
The hostile scenario is also built into a site with the validator switched
off, to prove that the pages escape what the validator would have refused.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archbook.adr.model import AdrMeta, AdrUi
from archbook.adr.parse import parse_text
from archbook.adr.scaffold import ScaffoldError, fill_template, new_adr, next_number, slugify
from archbook.adr.site import (
    AdrRecord, add_furniture, badge_markdown, gallery_html, graph_inputs, graph_list, load_catalog,
    related_markdown, safe_meta, sanitize_markdown, unsafe_target,
)
from archbook.adr.validate import check_documents, check_tree, find_cycles, is_measurable
from archbook.adr.pages import adr_stem
from archbook.content.data import DataError, validate
from archbook.figures.diagrams import DiagramError, DiagramSource, Project, cache_key, discover, module_inputs, render
from archbook.content.models import DiagramText

from conftest import copy_project, mkdocs_build

CASES = Path(__file__).parent / "fixtures" / "adr"
BIN = Path(sys.executable).parent
REQUIRED_CASES = {
    "missing-required-section", "unknown-status", "bad-date", "dangling-supersedes", "supersedes-cycle",
    "duplicate-number", "missing-twin", "twins-disagree-on-status", "twins-disagree-on-number",
    "malformed-yaml", "html-in-field", "unknown-key-render-macros", "macro-in-body", "hostile", "good",
    "files-in-folder", "hostile-svg", "image-alt", "obfuscated-links", "shared-image",
}
TODAY = dt.date(2026, 11, 21)
GOOD_CASES = {"good", "shared-image"}
"""Scenarios that must pass; every other one must be refused."""


def expected(case: Path) -> list[str]:
    return [line for line in (case / "expect.txt").read_text(encoding="utf-8").splitlines() if line]


def all_cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def ui(root) -> AdrUi:
    return validate(AdrUi, root / "data" / "adr_ui.yml")


# --- the validator on fixtures ------------------------------------------------------------

def test_every_required_scenario_has_a_fixture():
    assert REQUIRED_CASES <= {p.name for p in all_cases()}


@pytest.mark.parametrize("case", all_cases(), ids=lambda p: p.name)
def test_fixture_scenario_reports_exactly_what_it_expects(case):
    problems = [str(p) for p in check_tree(case, case / "docs" / "adr")]
    assert problems == expected(case)
    if case.name not in GOOD_CASES:
        assert problems, "a bad fixture must be rejected"
    for line in problems:  # file (a record, an image or any other file of the folder), line, field
        assert re.match(r"^docs/adr/[^:]+:\d+: [^:]+: expected .+, got .+$", line), line


def test_the_hostile_record_is_refused_for_each_trick():
    problems = "\n".join(expected(CASES / "hostile"))
    for trick in ("render_macros: expected", "'{{ config }}'", "{% include \"/etc/passwd\" %}",
                  "'<script>alert(1)</script>'", "'--8<-- \"/etc/passwd\"'", "javascript:alert(3)",
                  "onclick=\"alert(4)\"", "title: expected plain text without HTML tags"):
        assert trick in problems, trick


# --- the real ADRs ------------------------------------------------------------------------

def test_the_real_decision_records_pass(root):
    assert [str(p) for p in check_tree(root)] == []


def test_every_real_record_reaches_the_gallery(root):
    adr_dir = root / "docs" / "adr"
    english = [p for p in adr_dir.glob("[0-9][0-9][0-9][0-9]-*.md") if not p.name.endswith(".ur-Latn.md")]
    records = load_catalog(adr_dir)
    assert [r.stem for r in records] == sorted(p.stem for p in english)
    assert all(r.title("ur-Latn") != "" for r in records)


def test_the_template_passes_and_is_number_zero(root):
    docs = [parse_text((root / "docs/adr" / name).read_text(), root / "docs/adr" / name, f"docs/adr/{name}")
            for name in ("template.md", "template.ur-Latn.md")]
    assert check_documents(docs) == []
    assert all(doc.data["number"] == 0 and doc.data["status"] == "proposed" for doc in docs)


# --- parser and single checks -------------------------------------------------------------

GOOD = CASES / "good" / "docs" / "adr" / "0002-semantic-cache.md"


def test_parser_keeps_lines_of_keys_headings_metrics_and_links():
    doc = parse_text(GOOD.read_text(), GOOD, "docs/adr/0002-semantic-cache.md")
    assert doc.front.line_of("status") == 4 and doc.front.line_of("supersedes") == 9
    assert [h.anchor for h in doc.headings][:3] == ["adr", "context-and-problem-statement", "decision-drivers"]
    assert doc.headings[0].line == 13
    assert [h.anchor for h in doc.options] == ["option-first", "option-second"]
    assert len(doc.considered) == 2 and len(doc.metrics) == 2
    assert doc.metrics[0][1] == "p95 first-token latency under 2.5 s on 99% of days."
    assert doc.confirmation == "A monthly cost review checks it."
    assert [(link.target, link.image) for link in doc.links] == [("0001-exact-match-cache.md", False)]
    assert doc.lang == "en" and doc.stem == "0002-semantic-cache"


def test_parser_ignores_code_and_reads_the_twin_language():
    text = GOOD.read_text().replace("## Decision drivers", "```text\n## Not a heading\n```\n\n## Decision drivers")
    path = GOOD.with_name("0002-semantic-cache.ur-Latn.md")
    doc = parse_text(text, path)
    assert doc.lang == "ur-Latn" and doc.stem == "0002-semantic-cache"
    assert "Not a heading" not in [h.text for h in doc.headings]


@pytest.mark.parametrize(("text", "measurable"), [
    ("p95 first-token latency under 2.5 s", True),
    ("Cache hit rate of at least 25%", True),
    ("Monthly model spend below USD 9,000", True),
    ("Escalation to a human within 60 seconds", True),
    ("Mahana model spend USD 9,000 se kam", True),
    ("Customers are happier", False),
    ("Version 2 of the API", False),
])
def test_a_success_metric_needs_a_number_and_a_unit(text, measurable):
    assert is_measurable(text) is measurable


def test_model_refuses_wrong_values_and_accepts_the_contract_example():
    good = {"number": 3, "title": "Adopt semantic caching", "status": "accepted", "date": "2026-03-14",
            "deciders": ["Lead AI architect"], "concerns": ["inference", "cost"], "roadmap_step": 4,
            "supersedes": [], "superseded_by": None}
    meta = AdrMeta.model_validate(good, context={"today": TODAY})
    assert meta.date == dt.date(2026, 3, 14) and meta.concerns == ["inference", "cost"]
    for change in ({"status": "approved"}, {"date": "2026-3-14"}, {"date": "2026-02-29"}, {"date": "2027-01-01"},
                   {"concerns": []}, {"concerns": ["cost", "cost"]}, {"roadmap_step": 0}, {"number": "3"},
                   {"deciders": []}, {"render_macros": True}, {"status": "superseded"},
                   {"superseded_by": 7}):
        with pytest.raises(ValueError):
            AdrMeta.model_validate({**good, **change}, context={"today": TODAY})


def test_number_zero_is_only_for_the_template():
    text = GOOD.read_text().replace("number: 2", "number: 0").replace("supersedes: [1]", "supersedes: []")
    doc = parse_text(text, GOOD, "docs/adr/0002-semantic-cache.md")
    assert "number: expected a whole number of at least 1 (0 is only for the template), got 0" in \
        "\n".join(map(str, check_documents([doc])))


def test_a_file_name_must_be_numbered():
    doc = parse_text(GOOD.read_text(), GOOD.with_name("semantic-cache.md"), "docs/adr/semantic-cache.md")
    messages = [str(p) for p in check_documents([doc])]
    assert "docs/adr/semantic-cache.md:1: file name: expected NNNN-slug.md (for example " \
           "0013-adopt-a-vector-database.md), got 'semantic-cache.md'" in messages


def test_links_to_other_records_use_existing_english_names():
    text = GOOD.read_text().replace("(0001-exact-match-cache.md)", "(0001-exact-match-cache.ur-Latn.md)")
    doc = parse_text(text, GOOD, "docs/adr/0002-semantic-cache.md")
    messages = "\n".join(str(p) for p in check_documents([doc]))
    assert "link: expected the English file name 0001-exact-match-cache.md" in messages


def test_cycles_are_found_once_from_the_lowest_number():
    assert find_cycles({1: [2], 2: [3], 3: [1], 4: [4], 5: [1]}) == [[1, 2, 3], [4]]
    assert find_cycles({2: [1], 1: []}) == []


# --- the commands -------------------------------------------------------------------------

def run(command: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / command), *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1"})


def fake_project(tmp_path: Path, root: Path, case: str = "good") -> Path:
    """A folder with mkdocs.yml, the real templates and a fixture's ADRs."""
    project = tmp_path / "project"
    adr_dir = project / "docs" / "adr"
    adr_dir.mkdir(parents=True)
    shutil.copy(root / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("template.md", "template.ur-Latn.md"):
        shutil.copy(root / "docs" / "adr" / name, adr_dir / name)
    for path in (CASES / case / "docs" / "adr").glob("*.md"):
        shutil.copy(path, adr_dir / path.name)
    return project


def test_adr_check_prints_every_problem_and_fails(tmp_path, root):
    project = fake_project(tmp_path, root, "hostile")
    result = run("adr-check", "--root", str(project))
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected(CASES / "hostile")
    assert "problem(s)" in result.stderr


def test_adr_check_passes_a_good_tree_and_checks_single_files(tmp_path, root):
    project = fake_project(tmp_path, root, "good")
    assert run("adr-check", cwd=project).returncode == 0
    bad = project / "docs" / "adr" / "0001-exact-match-cache.ur-Latn.md"
    bad.write_text(bad.read_text().replace("status: superseded", "status: proposed"))
    result = run("adr-check", str(bad), cwd=project)
    assert result.returncode == 1
    assert all(line.startswith("docs/adr/0001-exact-match-cache.ur-Latn.md:") for line in result.stdout.splitlines())
    assert run("adr-check", str(project / "docs/adr/0002-semantic-cache.md"), cwd=project).returncode == 0


def test_adr_new_writes_the_next_pair_which_passes_adr_check(tmp_path, root):
    project = fake_project(tmp_path, root, "good")
    result = run("adr-new", "Route triage to a small model", "--title-ur", "Triage chhote model ko",
                 "--concern", "cost", "--concern", "inference", "--step", "4", cwd=project)
    assert result.returncode == 0, result.stderr
    english = project / "docs/adr/0003-route-triage-to-a-small-model.md"
    urdu = project / "docs/adr/0003-route-triage-to-a-small-model.ur-Latn.md"
    assert result.stdout.splitlines() == ["docs/adr/0003-route-triage-to-a-small-model.md",
                                          "docs/adr/0003-route-triage-to-a-small-model.ur-Latn.md"]
    text = english.read_text()
    assert "number: 3\n" in text and "status: proposed\n" in text and "roadmap_step: 4" in text
    assert "concerns: [cost, inference]" in text
    assert f"date: {dt.date.today().isoformat()}" in text
    assert "# Route triage to a small model { #adr }" in text
    assert "# Triage chhote model ko { #adr }" in urdu.read_text()
    # Unedited, the pair still holds the template's guidance: adr-check says so, naming each paragraph.
    check = run("adr-check", cwd=project)
    assert check.returncode == 1, check.stdout
    problems = check.stdout.splitlines()
    assert problems and all("expected your own text in place of the template's guidance" in line
                            for line in problems), check.stdout
    assert any(line.startswith("docs/adr/0003-route-triage-to-a-small-model.ur-Latn.md:") for line in problems)
    # Written out (here: the guidance of a finished record put in), the pair passes.
    for new, done in ((english, "0002-semantic-cache.md"), (urdu, "0002-semantic-cache.ur-Latn.md")):
        finished = (project / "docs/adr" / done).read_text().split("\n---\n", 1)[1]
        head = new.read_text().split("\n---\n", 1)[0]
        body = finished.split("{ #adr }", 1)[1]
        title = "Route triage to a small model" if new == english else "Triage chhote model ko"
        new.write_text(head + "\n---\n\n# " + title + " { #adr }" + body.replace("supersedes: [1]", ""))
    check = run("adr-check", cwd=project)
    assert "template's guidance" not in check.stdout, check.stdout
    # Without a Roman Urdu title the twin starts with the English one, to translate; the next number follows.
    assert run("adr-new", "Add a semantic cache", cwd=project).returncode == 0
    assert (project / "docs/adr/0004-add-a-semantic-cache.ur-Latn.md").exists()


def test_adr_new_refuses_bad_options(tmp_path, root):
    project = fake_project(tmp_path, root, "good")
    assert run("adr-new", "X", "--concern", "money", cwd=project).returncode == 2
    with pytest.raises(ScaffoldError):
        new_adr(project / "docs" / "adr", "!!!")
    with pytest.raises(ScaffoldError):
        new_adr(project / "docs" / "adr", "Fine title", step=9)


def test_scaffold_helpers():
    assert slugify("Adopt pgvector for retrieval!") == "adopt-pgvector-for-retrieval"
    assert slugify("Ça marche: déploiement") == "ca-marche-deploiement"
    assert next_number(CASES / "good" / "docs" / "adr") == 3
    filled = fill_template("---\nnumber: 0\ntitle: x\nstatus: proposed\ndate: 2026-01-01\n---\n\n# x { #adr }\n",
                           number=5, title='Quote "this": yes', date=TODAY)
    assert 'title: "Quote \\"this\\": yes"' in filled and "# Quote \"this\": yes { #adr }" in filled


# --- site furniture -----------------------------------------------------------------------

@pytest.fixture
def records() -> list[AdrRecord]:
    return load_catalog(CASES / "good" / "docs" / "adr")


def test_catalog_reads_both_titles_and_the_graph(records):
    assert [(r.number, r.status, r.superseded_by) for r in records] == [(1, "superseded", 2), (2, "accepted", None)]
    assert records[1].title("ur-Latn") == "Exact cache ki jagah semantic cache"
    assert graph_inputs(records) == '[[1, "superseded", 4, []], [2, "accepted", 4, [1]]]'


def test_gallery_is_a_full_table_with_hidden_labelled_filters(records, ui):
    html = gallery_html(records, ui, "ur-Latn")
    assert '<form class="adr-filters" data-adr-filters hidden aria-label="Decision records ko filter karein">' in html
    assert html.count("<label for=") == 4 and 'aria-live="polite"' in html  # status, concern, step, review
    assert '<tr data-status="superseded" data-concerns="cost" data-step="4">' in html
    assert '<a href="0002-semantic-cache/">Exact cache ki jagah semantic cache</a>' in html
    assert "<th scope=\"col\">Tareekh</th>" in html and "Tabdeel shuda (superseded)" in html
    assert '<a href="0002-semantic-cache.html">' in gallery_html(records, ui, "en", use_directory_urls=False)


def test_gallery_escapes_titles(records, ui):
    hostile = AdrRecord(9, "0009-x", "accepted", TODAY, ("cost",), 4, (), None, {"en": "<script>x</script>"})
    html = gallery_html([*records, hostile], ui, "en")
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_badge_and_related_decisions_in_the_page_language(records, ui):
    badge = badge_markdown(records[1], ui, "en", "adr/0002-semantic-cache.md", "learn/04-scale-reliability-cost.md")
    assert badge.startswith("**Status:** [Accepted](index.md?status=accepted#gallery) · **Date:** 2026-06-01")
    assert "[Cost](index.md?concern=cost#gallery), [Inference](index.md?concern=inference#gallery)" in badge
    assert "[4. Scale, reliability and cost](../learn/04-scale-reliability-cost.md)" in badge
    related = related_markdown(records[0], records, ui, "ur-Latn")
    assert related.startswith("## Mutalliqa faisle { #related-decisions }")
    assert "**Is faisle ki jagah ab yeh hai**" in related
    assert "[ADR 0002: Exact cache ki jagah semantic cache](0002-semantic-cache.md)" in related
    assert "Jin ka koi concern" not in related  # 0002 is listed once, as the successor
    page = add_furniture("# Title { #adr }\n\nBody.\n", badge, related)
    assert page.index("**Status:**") < page.index("Body.") < page.index("## Mutalliqa faisle")


def test_graph_list_names_each_supersedes_link(records, ui):
    assert "- [ADR 0002: Replace the exact cache with a semantic cache](0002-semantic-cache.md) supersedes " \
           "[ADR 0001: Cache exact repeated questions](0001-exact-match-cache.md)." in graph_list(records, ui, "en")
    assert graph_list(records[:1], ui, "en") == "No decision has been superseded yet.\n"


def test_sanitizer_leaves_nothing_that_runs():
    source = "\n".join([
        "# Title { #adr }",
        "{{ config }} and {% include '/etc/passwd' %}",
        "<script>alert(1)</script> <img src=x onerror=alert(2)>",
        "[ok](0001-a.md) [bad](javascript:alert(3)) [worse](jav&#97;script:alert(4)) ![x](data:image/png;base64,AA)",
        "{: onclick=\"alert(5)\" }",
        "[ref]: javascript:alert(6)",
        "Keep `<b>code</b>` as code.",
        "```html",
        "<b>fenced</b>",
        "```",
    ])
    out = sanitize_markdown(source)
    assert out.splitlines()[0] == "# Title { #adr }"
    assert "{{" not in out.replace("```", "") and "{%" not in out
    assert "<script>" not in out and "<img" not in out and "&lt;script>alert(1)&lt;/script>" in out
    assert "javascript:" not in out and "script:alert(4)" not in out and "data:image" not in out
    assert "[ok](0001-a.md)" in out and "bad worse x" in out
    assert "onclick" in out and "{:" not in out
    assert "`<b>code</b>`" in out and "\n<b>fenced</b>\n" in out


def test_unsafe_targets():
    assert unsafe_target("javascript:alert(1)") and unsafe_target("JaVaScRiPt:x") and unsafe_target(" data:text/html,x")
    assert unsafe_target("jav&#x61;script:x") and unsafe_target("java\tscript:x")
    assert not unsafe_target("0002-x.md#y") and not unsafe_target("https://example.org") and not unsafe_target("#a")


def test_page_meta_keeps_only_the_contract():
    meta = safe_meta({"title": "A <b>b</b> & c", "status": "accepted", "template": "evil.html", "hooks": ["x"],
                      "render_macros": True, "scripts": ["evil.js"]})
    assert meta == {"title": "A &lt;b&gt;b&lt;/b&gt; &amp; c", "status": "accepted", "render_macros": False}


def test_which_pages_are_adr_pages():
    assert adr_stem("adr/0003-semantic-cache.md") == "0003-semantic-cache"
    assert adr_stem("adr/0003-semantic-cache.ur-Latn.md") == "0003-semantic-cache"
    assert adr_stem("adr/template.ur-Latn.md") == "template"
    assert adr_stem("adr/index.md") is None and adr_stem("learn/0003-x.md") is None


class _File:
    def __init__(self, src_uri: str, locale: str):
        self.src_uri, self.locale = src_uri, locale


class _Page:
    def __init__(self, src_uri: str, locale: str, meta: dict):
        self.file, self.meta = _File(src_uri, locale), meta


def test_furnish_makes_adr_pages_safe_and_leaves_other_pages_alone(tmp_path, root):
    from archbook.adr.pages import furnish

    project = fake_project(tmp_path, root, "good")
    (project / "data").mkdir()
    shutil.copy(root / "data" / "adr_ui.yml", project / "data" / "adr_ui.yml")
    (project / "docs" / "learn").mkdir()
    (project / "docs" / "learn" / "04-scale-reliability-cost.md").write_text("# Step 4 { #step-4 }\n")
    docs = project / "docs"
    page = _Page("adr/0002-semantic-cache.ur-Latn.md", "ur-Latn",
                 {"title": "<b>T</b>", "render_macros": True, "template": "x.html", "status": "accepted"})
    from archbook.adr.model import AdrUi
    from archbook.adr.site import load_catalog, step_pages
    from archbook.content.data import validate

    site = (load_catalog(docs / "adr"), validate(AdrUi, project / "data" / "adr_ui.yml"), step_pages(docs))
    out = furnish("# T { #adr }\n\n{{ config }} <script>x</script>\n", page, *site)
    assert page.meta == {"title": "&lt;b&gt;T&lt;/b&gt;", "status": "accepted", "render_macros": False}
    assert "&#123;&#123; config &#125;&#125; &lt;script>x&lt;/script>" in out
    assert "**Status:** [Manzoor (accepted)](index.md?status=accepted#gallery)" in out
    assert "[4. Scale, reliability aur cost](../learn/04-scale-reliability-cost.md)" in out
    assert "## Mutalliqa faisle { #related-decisions }" in out
    other = _Page("learn/index.md", "en", {"render_macros": True})
    assert furnish("{{ progress_overview() }}", other, *site) == "{{ progress_overview() }}"
    assert other.meta == {"render_macros": True}


def test_ui_words_must_be_complete(tmp_path, root):
    broken = tmp_path / "adr_ui.yml"
    broken.write_text((root / "data" / "adr_ui.yml").read_text().replace("  rejected: {en: Rejected", "  refused: {en: Rejected"))
    with pytest.raises(DataError) as caught:
        validate(AdrUi, broken, "data/adr_ui.yml")
    assert "statuses.refused" in str(caught.value) or "rejected" in str(caught.value)


def test_ui_fills_placeholders(ui):
    assert ui.word("count", "en", shown=3, total=12) == "Showing 3 of 12 decision records."


# --- the supersedes diagram and the diagram cache -----------------------------------------

def test_a_module_may_add_its_data_to_the_cache_key(tmp_path):
    (tmp_path / "diagrams").mkdir()
    (tmp_path / "data" / "diagrams").mkdir(parents=True)
    (tmp_path / "inputs.txt").write_text("one")
    (tmp_path / "diagrams" / "fed.py").write_text(
        "from pathlib import Path\nfrom diagrams.generic.blank import Blank\n\n"
        "def cache_inputs():\n    return (Path(__file__).parent.parent / 'inputs.txt').read_text()\n\n"
        "def draw(label):\n    Blank(label('box'))\n")
    (tmp_path / "diagrams" / "plain.py").write_text("raise RuntimeError('never imported for its key')\n\ndef draw(label):\n    pass\n")
    (tmp_path / "diagrams" / "broken.py").write_text("def cache_inputs():\n    raise ValueError('no data')\n\ndef draw(label):\n    pass\n")
    for name in ("fed", "plain", "broken"):
        (tmp_path / "data" / "diagrams" / f"{name}.yml").write_text(
            "title: {en: T, ur-Latn: T}\nalt: {en: A, ur-Latn: A}\nlabels:\n  box: {en: Box, ur-Latn: Dabba}\n")
    project = Project.at(tmp_path, cache_dir=tmp_path / "cache")
    sources = {s.name: s for s in discover(project)}
    text = DiagramText.model_validate({"title": {"en": "T", "ur-Latn": "T"}, "alt": {"en": "A", "ur-Latn": "A"},
                                       "labels": {"box": {"en": "Box", "ur-Latn": "Dabba"}}})
    first = cache_key(sources["fed"], "en", text, project)
    assert module_inputs(sources["fed"], project) == "one"
    (tmp_path / "inputs.txt").write_text("two")
    assert cache_key(sources["fed"], "en", text, project) != first
    assert module_inputs(sources["plain"], project) == ""
    cache_key(sources["plain"], "en", text, project)  # does not import the module
    with pytest.raises(DiagramError, match=r"diagrams/broken.py:2: ValueError: no data"):
        module_inputs(sources["broken"], project)


def test_the_supersedes_graph_is_drawn_from_the_records(tmp_path, root):
    project_root = fake_project(tmp_path, root, "good")
    (project_root / "diagrams").mkdir()
    (project_root / "data" / "diagrams").mkdir(parents=True)
    shutil.copy(root / "diagrams" / "adr_supersedes.py", project_root / "diagrams")
    shutil.copy(root / "data" / "diagrams" / "adr_supersedes.yml", project_root / "data" / "diagrams")
    project = Project.at(project_root, cache_dir=tmp_path / "cache")
    source = DiagramSource("adr_supersedes", project_root / "diagrams" / "adr_supersedes.py",
                           project_root / "data" / "diagrams" / "adr_supersedes.yml")
    english = render(source, "en", project)
    svg = english.path.read_text()
    assert "ADR 0001" in svg and "ADR 0002" in svg and "supersedes" in svg and "Step 4: Scale and cost" in svg
    assert english.path.stat().st_size < 40_000
    assert "tabdeel shuda" in render(source, "ur-Latn", project).path.read_text()
    # A changed record changes the key, so the picture is drawn again.
    record = project_root / "docs" / "adr" / "0002-semantic-cache.md"
    record.write_text(record.read_text().replace("roadmap_step: 4", "roadmap_step: 5"))
    again = render(source, "en", project)
    assert again.key != english.key and again.drawn and "Step 5: Governance" in again.path.read_text()


# --- builds -------------------------------------------------------------------------------



@pytest.fixture
def hostile_copy(tmp_path, root):
    copy = copy_project(tmp_path / "project")
    for path in (CASES / "hostile" / "docs" / "adr").glob("*.md"):
        shutil.copy(path, copy / "docs" / "adr" / path.name)
    return copy


def _build(copy: Path, tmp_path: Path):
    site = tmp_path / "site"
    result = mkdocs_build(copy, site, env={"ARCHBOOK_CACHE_DIR": str(tmp_path / "cache")})
    return result, site


@pytest.mark.build
def test_the_validator_stops_a_build_with_a_hostile_record(hostile_copy, tmp_path):
    result, site = _build(hostile_copy, tmp_path)
    assert result.returncode != 0
    assert "decision records failed the ADR checks" in result.stderr
    assert "docs/adr/0001-hostile-record.md:11: render_macros: expected one of the keys" in result.stderr
    assert not (site / "index.html").exists()


@pytest.mark.build
def test_a_hostile_record_renders_inert_even_without_the_validator(hostile_copy, tmp_path):
    hook = hostile_copy / "hooks" / "project_checks.py"
    hook.write_text(hook.read_text() + "\n\ndef on_config(config):  # the validator, switched off\n    return config\n")
    result, site = _build(hostile_copy, tmp_path)
    assert result.returncode == 0, result.stderr
    for lang_prefix in ("", "ur-Latn/"):
        html = (site / lang_prefix / "adr" / "0001-hostile-record" / "index.html").read_text()
        article = html[html.index("<article"):html.index("</article>")]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
        assert "<script>alert" not in html and "<img src=x" not in html and "onerror=alert(2)>" not in html
        assert "root:x:0:0" not in html and "daemon:" not in html  # no file was included
        assert "site_name" not in article and "mkdocs" not in article.lower()  # no config was dumped
        assert "&#123;&#123; config &#125;&#125;" in article  # shown as text, never evaluated
        assert "javascript:" not in html
        assert not re.search(r"<[^>]*\son(?:click|error)=", html)  # no event handler on any element
        assert "--8&lt;--" in article  # the snippet line is plain text
        assert re.search(r"<title>[^<]*&lt;img src=x onerror=alert\(2\)&gt;", html)
    for index in site.rglob("search_index.json"):
        assert "<script>" not in index.read_text()


@pytest.mark.build
def test_gallery_and_adr_pages_in_the_built_site(built_site):
    html = built_site.html("adr")
    assert 'src="../assets/javascripts/adr-gallery.js"' in html
    assert "data-adr-filters hidden" in html and 'aria-live="polite"' in html
    records = re.findall(r'<tr data-status="(\w+)" data-concerns="([\w ]+)" data-step="(\d)">', html)
    adr_pages = [p for p in (built_site.site / "adr").iterdir() if re.match(r"\d{4}-", p.name)]
    assert len(records) == len(adr_pages)
    assert '<figure class="diagram">' in html and "adr_supersedes.en." in html
    for page in adr_pages:
        text = (page / "index.html").read_text()
        assert '<p class="adr-badge">' in text and 'id="related-decisions"' in text
        urdu = (built_site.site / "ur-Latn" / "adr" / page.name / "index.html").read_text()
        assert "<strong>Tareekh:</strong>" in urdu and 'id="related-decisions"' in urdu


# --- the filters in a browser -------------------------------------------------------------

@pytest.mark.build
@pytest.mark.browser
def test_gallery_filters_work_from_the_keyboard_and_announce_the_count(browser, site_url):
    page = browser.new_context().new_page()
    page.goto(site_url + "adr/")
    total = page.locator("tbody tr").count()
    assert total >= 1 and page.locator("[data-adr-filters]").is_visible()
    visible = lambda: page.locator("tbody tr:not([hidden])").count()  # noqa: E731
    count = lambda: page.locator("[data-adr-count]").text_content()  # noqa: E731
    assert count() == f"Showing {total} of {total} decision records."
    page.locator("#adr-filter-status").focus()
    page.keyboard.press("ArrowDown")  # the first status: "Proposed"
    assert page.evaluate("document.getElementById('adr-filter-status').value") == "proposed"
    proposed = page.locator('tbody tr[data-status="proposed"]').count()
    assert visible() == proposed
    assert count() == (f"Showing {proposed} of {total} decision records." if proposed
                       else "No decision record matches these filters.")
    page.locator("#adr-filter-status").select_option("superseded")
    superseded = page.locator('tbody tr[data-status="superseded"]').count()
    assert visible() == superseded and "status=superseded" in page.url
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "adr-filter-concern"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "adr-filter-review"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "reset"
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('tbody tr:not([hidden])').length === {total}")
    assert "status=" not in page.url
    page.goto(site_url + "ur-Latn/adr/?concern=cost")
    cost_rows = page.locator('tbody tr[data-concerns~="cost"]').count()
    assert visible() == cost_rows
    assert count() == (f"{total} mein se {cost_rows} decision records dikh rahe hain." if cost_rows
                       else "In filters se koi decision record nahin milta.")


@pytest.mark.build
@pytest.mark.browser
def test_gallery_without_javascript_shows_the_whole_table(browser, site_url):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(site_url + "adr/")
    assert page.locator("[data-adr-filters]").is_hidden()
    rows = page.locator("tbody tr")
    assert rows.count() >= 1 and all(rows.nth(i).is_visible() for i in range(rows.count()))


# --- files beside the records -----------------------------------------------------------------

def test_every_hostile_svg_is_refused_naming_file_and_element():
    problems = "\n".join(expected(CASES / "hostile-svg"))
    for svg, what in (("script", "<script>"), ("onload", "onload= on <rect>"), ("foreign", "<foreignObject>"),
                      ("external-href", "https://evil.example/sprite.svg#icon"), ("bomb", "<!DOCTYPE"),
                      ("animate", "<animate>"), ("namespaced-script", "<html:script>"),
                      ("style-import", "@import"), ("style-url", "url(https://evil.example/track.png)"),
                      ("stylesheet-pi", "<?xml-stylesheet?>"), ("javascript-href", "JaVaScRiPt:alert(1)"),
                      ("svg-data-image", "data:image/svg+xml"), ("not-svg", "<html>"), ("base", "xml:base="),
                      ("broken", "well-formed XML"), ("style-image-set", "-webkit-image-set(")):
        assert re.search(rf"^docs/adr/{svg}\.svg:\d+: svg: expected .*{re.escape(what)}", problems, re.M), svg
    assert "clean.svg" not in problems


def test_symbolic_links_and_oversized_images_are_refused(tmp_path):
    adr = tmp_path / "docs" / "adr"
    shutil.copytree(CASES / "shared-image" / "docs" / "adr", adr)
    (adr / "linked.png").symlink_to(adr / "shared-diagram.png")
    (adr / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (600 * 1024))
    assert [str(p) for p in check_tree(tmp_path, adr)] == [
        "docs/adr/big.png:1: image: expected at most 512 KiB (limits.MAX_IMAGE_BYTES), got 600 KiB",
        "docs/adr/linked.png:1: file: expected a file (copy it in), got a symbolic link",
    ]


def test_adr_check_refuses_stray_files_and_hostile_svgs(tmp_path, root):
    project = fake_project(tmp_path, root, "hostile-svg")
    for case in ("hostile-svg", "files-in-folder"):
        for path in (CASES / case / "docs" / "adr").iterdir():
            if path.is_file():
                shutil.copy(path, project / "docs" / "adr" / path.name)
    result = run("adr-check", "--root", str(project))
    assert result.returncode == 1
    for name in ("evil.html", "gallery.js", "theme.css", "script.svg", "bomb.svg", "fake.png"):
        assert f"docs/adr/{name}:" in result.stdout + result.stderr, name


def _project_copy(tmp_path: Path, root: Path, case: str) -> Path:
    copy = copy_project(tmp_path / "project")
    for path in (CASES / case / "docs" / "adr").iterdir():
        if path.is_file():
            shutil.copy(path, copy / "docs" / "adr" / path.name)
    return copy


@pytest.mark.build
def test_one_image_serves_both_twins_without_a_copy(tmp_path, root):
    copy = _project_copy(tmp_path, root, "shared-image")
    result, site = _build(copy, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (site / "adr" / "shared-diagram.png").is_file()
    assert not (site / "ur-Latn" / "adr" / "shared-diagram.png").exists()  # published once
    for prefix, alt in (("", "The answer path"), ("ur-Latn/", "Jawab ka rasta")):
        page = site / prefix / "adr" / "0999-share-one-diagram" / "index.html"
        html = page.read_text()
        src = re.search(r'<img alt="' + alt + r'[^"]*" src="([^"]+)"', html).group(1)
        assert (page.parent / src).resolve() == (site / "adr" / "shared-diagram.png").resolve(), src
        # figures quoted from the running example's model are filled in, never left as template text
        assert "2.5 s" in html and "USD 9,000" in html and "example(" not in html


@pytest.mark.build
def test_the_build_refuses_stray_files_and_hostile_svgs(tmp_path, root):
    copy = _project_copy(tmp_path, root, "hostile-svg")
    for path in (CASES / "files-in-folder" / "docs" / "adr").iterdir():
        if path.is_file():
            shutil.copy(path, copy / "docs" / "adr" / path.name)
    result, site = _build(copy, tmp_path)
    assert result.returncode != 0
    assert "decision records failed the ADR checks" in result.stderr
    for line in ("docs/adr/evil.html:1: file: expected only decision records",
                 "docs/adr/script.svg:2: svg: expected only drawing elements",
                 "docs/adr/onload.svg:2: svg: expected only drawing attributes",
                 "docs/adr/bomb.svg:2: svg: expected no DOCTYPE or entity declarations"):
        assert line in result.stderr, line
    assert not (site / "index.html").exists()


def test_an_interface_word_with_an_unknown_placeholder_is_refused(tmp_path, root):
    from archbook.content.data import DataError

    ui_file = tmp_path / "adr_ui.yml"
    ui_file.write_text((root / "data" / "adr_ui.yml").read_text(encoding="utf-8")
                       .replace("proposed: {en: Proposed,", "proposed: {en: \"Proposed {zzz}\","), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate(AdrUi, ui_file, "data/adr_ui.yml")
    assert "statuses.proposed: expected only the placeholders this word is filled with (none), got {zzz}" \
        in str(caught.value)
    ui_file.write_text((root / "data" / "adr_ui.yml").read_text(encoding="utf-8")
                       .replace("{newer} supersedes {older}.", "{newer} supersedes {older} {total}."), encoding="utf-8")
    with pytest.raises(DataError, match=r"words.graph-edge: expected only the placeholders .*\{newer\}, \{older\}"):
        validate(AdrUi, ui_file, "data/adr_ui.yml")
