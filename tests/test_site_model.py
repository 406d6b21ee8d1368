"""The site model, the one list of checks and the build cache: loaded once, checked once, kept by content."""

from __future__ import annotations

import dataclasses
import types
from xml.etree.ElementTree import Element

import pytest

from archbook.core.errors import ArchbookError
from archbook.site import api_reference, build_cache, checks, live_gate, model
from archbook.site.build_cache import VerifiedSet, digest, files_digest


@pytest.fixture
def fresh_models():
    model.forget()
    yield
    model.forget()


def _edit(path):
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def test_the_model_holds_every_dataset_diagram_and_record(root, fresh_models):
    site = model.site_model(root)
    assert set(site.datasets) >= {"glossary", "adr_ui", "learning_ui", "cost_example"}
    assert site.glossary is site.datasets["glossary"]
    assert {d.lang for d in site.diagrams.diagrams} == {"en", "ur-Latn"}
    assert site.adr_records and all(r.stem[:4].isdigit() for r in site.adr_records)
    assert sorted(site.step_pages) == [1, 2, 3, 4, 5]


def test_the_model_is_read_once_and_again_only_when_a_file_changed(project_copy, fresh_models, monkeypatch):
    loads = []
    real = model.load_site_model
    monkeypatch.setattr(model, "load_site_model", lambda root: loads.append(root) or real(root))
    first = model.site_model(project_copy)
    assert model.site_model(project_copy) is first
    assert model.site_model(project_copy, refresh=True) is first
    assert len(loads) == 1
    _edit(project_copy / "data" / "glossary.yml")
    assert model.site_model(project_copy) is first  # within a build: the model of its start
    assert model.site_model(project_copy, refresh=True) is not first  # the next build reads again
    assert len(loads) == 2


def test_a_bad_data_file_and_a_bad_diagram_are_reported_together(project_copy, fresh_models):
    (project_copy / "data" / "roles.yml").write_text("roles: [\n", encoding="utf-8")
    (project_copy / "diagrams" / "lonely.py").write_text("def draw(label):\n    pass\n", encoding="utf-8")
    with pytest.raises(model.SiteModelError) as caught:
        model.load_site_model(project_copy)
    assert any(p.startswith("data/roles.yml:") for p in caught.value.problems)
    assert any(p.startswith("diagrams/lonely.py") for p in caught.value.problems)


def test_one_list_of_checks_serves_the_build_and_the_cli(project_copy, fresh_models, capsys):
    from archbook.cli import main

    (project_copy / "docs" / "glossary.ur-Latn.md").unlink()
    failed = checks.failed_checks(project_copy)
    assert [check.failure for check, _ in failed] == [checks.CHECKS[2].failure]
    report = checks.build_report(failed)
    assert report[0] == checks.CHECKS[2].failure + ":"
    assert any("missing Roman Urdu twin" in line for line in report[1:])
    assert main(["--root", str(project_copy), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    translations = checks.translation_report(project_copy)  # printed after the problems; never one of them
    assert out[:-1] == checks.project_problems(project_copy) + translations
    assert all(line.startswith("docs/") for line in out[:-1 - len(translations)])


def test_the_checks_are_skipped_only_for_files_that_passed(project_copy, fresh_models, monkeypatch, tmp_path):
    monkeypatch.setenv("ARCHBOOK_CACHE_DIR", str(tmp_path / "cache"))
    runs = []

    def counted(check):
        return dataclasses.replace(check, run=lambda root: runs.append(check.failure[:20]) or check.run(root))

    counted_checks = tuple(counted(check) for check in checks.CHECKS)
    assert checks.failed_checks_since_last_build(project_copy, counted_checks) == []
    assert len(runs) == len(checks.CHECKS)
    assert checks.failed_checks_since_last_build(project_copy, counted_checks) == []
    assert len(runs) == len(checks.CHECKS)  # nothing changed: nothing ran
    page = project_copy / "docs" / "handbook" / "hiring.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    runs.clear()
    assert checks.failed_checks_since_last_build(project_copy, counted_checks) == []
    # a page's text is read by the language and figure checks only, not by the data or ADR checks
    assert sorted(runs) == sorted(c.failure[:20] for c in checks.CHECKS if "docs" in c.reads)
    runs.clear()
    (project_copy / "docs" / "glossary.ur-Latn.md").unlink()
    failed = checks.failed_checks_since_last_build(project_copy, counted_checks)
    assert [check.failure[:20] for check, _ in failed] == ["language checks fail"]
    runs.clear()
    assert checks.failed_checks_since_last_build(project_copy, counted_checks)
    assert runs == ["language checks fail"]  # a failure is never remembered; what passed is not run again


def test_a_verified_set_forgets_everything_when_the_code_changes(tmp_path):
    passed = VerifiedSet(tmp_path, "gate", "v1")
    passed.add("abc")
    passed.save()
    assert "abc" in VerifiedSet(tmp_path, "gate", "v1")
    assert "abc" not in VerifiedSet(tmp_path, "gate", "v2")
    (tmp_path / "gate.json").write_text("{not json", encoding="utf-8")
    assert "abc" not in VerifiedSet(tmp_path, "gate", "v1")


def test_digests_change_with_any_byte_or_name(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("x", encoding="utf-8")
    before = files_digest(tmp_path, ("docs",))
    (tmp_path / "docs" / "a.md").write_text("y", encoding="utf-8")
    assert files_digest(tmp_path, ("docs",)) != before
    (tmp_path / "docs" / "a.md").rename(tmp_path / "docs" / "b.md")
    assert files_digest(tmp_path, ("docs",)) not in {before}
    assert digest("ab", "c") != digest("a", "bc")


def test_the_live_gate_passes_a_page_again_only_if_it_passed_before(root, tmp_path, monkeypatch):
    monkeypatch.setattr(build_cache, "cache_dir", lambda _root: tmp_path)
    monkeypatch.setattr(live_gate, "cache_dir", lambda _root: tmp_path)
    reads = []
    real = live_gate.live_markup
    monkeypatch.setattr(live_gate, "live_markup", lambda html, scripts: reads.append(html) or real(html, scripts))
    gate = live_gate.LiveGate(root, ())
    clean, bad = "<p>fine</p>", '<p onclick="x()">bad</p>'
    assert gate.findings(clean) == [] and gate.findings(clean) == []
    assert gate.findings(bad) and gate.findings(bad)
    assert reads == [clean, bad, bad]
    gate.save()
    again = live_gate.LiveGate(root, ())
    assert again.findings(clean) == [] and again.findings(bad)
    assert reads == [clean, bad, bad, bad]


class _Handler:
    collected: list[str] = []

    def __init__(self):
        self._headings = []
        self.env = types.SimpleNamespace(bytecode_cache=None)
        self.rendered = 0

    def collect(self, identifier, options):
        if identifier.endswith("missing"):
            raise LookupError(f"{identifier} could not be found")
        self.collected.append(identifier)
        return types.SimpleNamespace(path=identifier, filepath=None)

    def render(self, data, options, locale=None):
        assert not isinstance(data, api_reference.Deferred), "rendered without collecting"
        self.rendered += 1
        self._headings.append(Element("h2", {"id": data.path}))
        return f"<div>{data.path}</div>"

    def get_aliases(self, identifier):
        assert identifier in self.collected, "aliases asked of a package that was not loaded"
        return (identifier, identifier.replace(".x", ".reexported"))


@pytest.fixture
def handler():
    api_reference.forget()
    api_reference.use_folder(None)
    api_reference.remember_renders(_Handler)
    _Handler.collected.clear()
    yield _Handler
    api_reference.forget()


def test_the_api_reference_is_rendered_once_and_its_headings_handed_back(handler):
    english, roman_urdu = handler(), handler()
    data = english.collect("archbook.x", "opts")
    assert english.render(data, "opts") == roman_urdu.render(data, "opts") == "<div>archbook.x</div>"
    assert english.rendered + roman_urdu.rendered == 1
    assert [h.get("id") for h in roman_urdu._headings] == ["archbook.x"]
    assert roman_urdu.render(data, "other options") and roman_urdu.rendered == 1  # a new key renders


def test_a_kept_render_needs_no_collection_and_keeps_its_aliases(handler, tmp_path):
    api_reference.use_folder(tmp_path)
    first = handler()
    assert first.render(first.collect("archbook.x", "opts"), "opts") == "<div>archbook.x</div>"
    assert handler.collected == ["archbook.x"] and first.get_aliases("archbook.x")[1] == "archbook.reexported"
    api_reference.forget()  # a new build process: only the disk cache is left
    handler.collected.clear()
    warm = handler()
    deferred = warm.collect("archbook.x", "opts")
    assert isinstance(deferred, api_reference.Deferred)
    assert warm.render(deferred, "opts") == "<div>archbook.x</div>" and warm.rendered == 0
    assert handler.collected == []  # griffe never loaded the package
    assert warm.get_aliases("archbook.x") == ("archbook.x", "archbook.reexported")
    assert [h.get("id") for h in warm._headings] == ["archbook.x"]


def test_objects_outside_the_package_and_fallbacks_are_collected_at_once(handler):
    assert not isinstance(handler().collect("jinja2.Template", "opts"), api_reference.Deferred)
    assert not isinstance(handler().collect("archbook.x", {}), api_reference.Deferred)
    assert handler.collected == ["jinja2.Template", "archbook.x"]


def test_an_object_that_cannot_be_collected_stops_the_build_with_its_name(handler):
    from mkdocs.exceptions import PluginError

    h = handler()
    with pytest.raises(PluginError, match="Could not collect 'archbook.missing'"):
        h.render(h.collect("archbook.missing", "opts"), "opts")


def test_the_api_reference_cache_fails_loudly_if_mkdocstrings_changes():
    class Changed:
        def __init__(self):
            self.headings = []

        def collect(self, identifier, options):
            return None

        def render(self, data, options):
            return ""

    with pytest.raises(ArchbookError, match="no longer keeps the rendered headings") as caught:
        api_reference.check_handler(Changed)
    assert "Changed.get_aliases is gone" in str(caught.value)


def test_the_diagrams_are_not_run_again_over_the_same_inputs(project_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("ARCHBOOK_CACHE_DIR", str(tmp_path / "cache"))
    runs = []
    real = model.render_all
    monkeypatch.setattr(model, "render_all", lambda project: runs.append(1) or real(project))
    first = model.diagrams_since_last_build(project_copy)
    again = model.diagrams_since_last_build(project_copy)
    assert len(runs) == 1 and [d.site_path for d in again.diagrams] == [d.site_path for d in first.diagrams]
    labels = sorted((project_copy / "data" / "diagrams").glob("*.yml"))[0]
    _edit(labels)
    model.diagrams_since_last_build(project_copy)
    assert len(runs) == 2
    next(iter(first.diagrams)).path.unlink()  # an image gone from the cache: drawn again
    model.diagrams_since_last_build(project_copy)
    assert len(runs) == 3


def test_reference_signatures_leave_the_themes_code_blocks_and_changed_markup_stops_the_build():
    signature = '<div class="doc-signature highlight"><pre><span></span><code><span class="n">f</span>(x)</code></pre></div>'
    other = '<div class="highlight"><pre><span></span><code>x</code></pre></div>'
    rewritten = api_reference.static_signatures(signature + other + signature, "docs/reference/x.md")
    assert rewritten == (signature + other + signature).replace(
        '<span></span><code><span class="n">f</span>(x)</code></pre>',
        '<span></span><span class="signature-code"><code><span class="n">f</span>(x)</code></span></pre>')
    assert rewritten.count("signature-code") == 2 and other in rewritten  # other code blocks stay the theme's
    assert api_reference.static_signatures("<p>prose</p>", "docs/x.md") == "<p>prose</p>"
    with pytest.raises(ArchbookError, match="docs/reference/x.md: mkdocstrings' signature markup changed"):
        api_reference.static_signatures('<div class="doc-signature">f(x)</div>', "docs/reference/x.md")
