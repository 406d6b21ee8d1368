"""The caches that make a warm build fast hand back exactly what the work would have produced.

Each cache is keyed by its inputs (archbook.site.build_cache): the same inputs
read the kept result, any other input does the work again, a failure keeps
nothing. The whole-site check (a warm rebuild writes the same bytes as the
build before it) is ``test_site_build.py::test_a_warm_rebuild_draws_no_diagram_and_writes_the_same_site``.
"""

from __future__ import annotations

import logging
import types

import pytest

from archbook.core.errors import ArchbookError
from archbook.site import build_cache, model, page_render, search_entries
from archbook.site.build_cache import FolderOfBytes, remembered


# --- remembered and FolderOfBytes -------------------------------------------------------------

def test_a_remembered_step_runs_once_per_set_of_inputs(tmp_path):
    runs = []

    def step(text):
        return lambda: runs.append(text) or text.upper()

    assert remembered(tmp_path, "kind", ("a", "b"), step("ab")) == "AB"
    assert remembered(tmp_path, "kind", ("a", "b"), step("ab")) == "AB"
    assert remembered(tmp_path, "kind", ("ab",), step("ab")) == "AB"  # the same bytes split otherwise: a new key
    assert remembered(tmp_path, "other", ("a", "b"), step("ab")) == "AB"  # another kind: its own folder
    assert runs == ["ab", "ab", "ab"]


def test_a_remembered_step_that_fails_keeps_nothing(tmp_path):
    def fail():
        raise ArchbookError("docs/x.md: bad")

    with pytest.raises(ArchbookError):
        remembered(tmp_path, "kind", ("x",), fail)
    assert not list(tmp_path.rglob("*.txt"))
    assert remembered(tmp_path, "kind", ("x",), lambda: "fixed") == "fixed"


def test_a_remembered_step_without_a_writable_cache_still_runs(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert remembered(blocked, "kind", ("x",), lambda: "made") == "made"


def test_compiled_code_is_kept_per_version(tmp_path):
    codes = FolderOfBytes(tmp_path, "jinja 1")
    codes["page"] = b"\x00code"
    assert FolderOfBytes(tmp_path, "jinja 1")["page"] == b"\x00code"
    assert FolderOfBytes(tmp_path, "jinja 1").get("other") is None
    assert FolderOfBytes(tmp_path, "jinja 2").get("page") is None  # a new version starts empty


def test_a_page_compiled_from_the_cache_renders_as_a_fresh_one(tmp_path):
    from jinja2.sandbox import SecurityError

    from archbook.safety.macro_sandbox import PageSandbox

    kept = FolderOfBytes(tmp_path, "v")
    source = 'Total: {{ twice(21) }}. {{ "<b>" }}'
    fresh = PageSandbox({"twice": lambda n: str(2 * n)}, {}).from_string(source).render()
    first = PageSandbox({"twice": lambda n: str(2 * n)}, {}, kept).from_string(source).render()
    again = PageSandbox({"twice": lambda n: str(2 * n)}, {}, kept)
    assert fresh == first == again.from_string(source).render() == "Total: 42. &lt;b&gt;"
    assert len(list(kept.folder.iterdir())) == 1
    # The sandbox's rules hold for a page read back from the cache.
    attack = '{{ "x".ljust(5) }}'
    PageSandbox({}, {}, kept).from_string(attack)
    sandbox = PageSandbox({}, {}, kept)
    assert sandbox.from_string(attack).render() == ""
    assert isinstance(sandbox.failures[0][1], SecurityError)


# --- the site model ---------------------------------------------------------------------------

@pytest.fixture
def fresh_models():
    model.forget()
    yield
    model.forget()


def test_the_site_model_of_the_last_build_is_read_back_not_validated_again(project_copy, fresh_models, monkeypatch):
    first = model.site_model(project_copy)
    model.forget()  # a new build process: only the cache on disk is left
    monkeypatch.setattr(model, "load_site_model", lambda root: pytest.fail("the model was read again"))
    again = model.site_model(project_copy)
    assert again is not first
    assert again.datasets == first.datasets and again.example == first.example
    assert again.adr_records == first.adr_records and dict(again.step_pages) == dict(first.step_pages)
    assert [d.path for d in again.diagrams.diagrams] == [d.path for d in first.diagrams.diagrams]


def test_a_changed_file_or_a_damaged_cache_reads_the_project_again(project_copy, fresh_models, monkeypatch):
    model.site_model(project_copy)
    loads = []
    real = model.load_site_model
    monkeypatch.setattr(model, "load_site_model", lambda root: loads.append(root) or real(root))
    glossary = project_copy / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    model.forget()
    model.site_model(project_copy)
    assert len(loads) == 1
    kept = model._kept_model(project_copy.resolve())
    kept.write_bytes(kept.read_bytes()[:200])  # truncated mid-pickle
    model.forget()
    model.site_model(project_copy)
    assert len(loads) == 2


# --- page conversion --------------------------------------------------------------------------

class _Anchors:
    def __init__(self):
        self.calls = []

    def register_anchor(self, page, identifier, anchor=None, *, title=None, primary=True):
        self.calls.append((page.url, identifier, title, primary))

    def register_url(self, identifier, url):
        self.calls.append(("url", identifier, url))


class _Inventory:
    def __init__(self):
        self.items = []

    def register(self, name, domain, role, uri, priority=1, dispname=None):
        self.items.append((name, uri, priority))


class _Handlers:
    def __init__(self):
        self.inventory = _Inventory()
        self.seen = []

    def get_handler(self, name, handler_config=None):
        self.seen.append(name)
        return name


class _File:
    def __init__(self, src_uri):
        self.src_uri, self.dest_uri, self.url = src_uri, src_uri.replace(".md", "/index.html"), src_uri.replace(".md", "/")


class _Files(list):
    def get_file_from_path(self, path):
        return next((f for f in self if f.src_uri == path), None)


class _Page:
    """Stands in for the engine's Page: its render sets what MkDocs' does and calls the plugins."""

    conversions = 0
    plugins: tuple = ()

    def __init__(self, src_uri, markdown):
        self.file, self.url, self.markdown = _File(src_uri), src_uri.replace(".md", "/"), markdown

    def render(self, config, files):
        from mkdocs.structure.toc import get_toc

        type(self).conversions += 1
        autorefs, handlers = self.plugins
        handlers.get_handler("python")
        autorefs.register_anchor(self, "setup", title="Set up")
        handlers.inventory.register("archbook.x", "py", "module", f"{self.url}#archbook.x", priority=1)
        if "broken" in self.markdown:
            logging.getLogger("mkdocs.structure.pages").warning("a link to nowhere")
        self.content = f"<h2 id=\"setup\">{self.markdown}</h2>"
        self.toc = get_toc([{"level": 2, "id": "setup", "name": "Set up", "children": [
            {"level": 3, "id": "more", "name": "More", "children": []}]}])
        self._title_from_render = "Title"
        self.present_anchor_ids = {"setup", "more"}
        self.links_to_anchors = {files.get_file_from_path("other.md"): {"part": "other.md#part"}}


@pytest.fixture
def conversion(tmp_path):
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: x\n")
    config = types.SimpleNamespace(config_file_path=str(config_file), theme={"language": "en"},
                                   use_directory_urls=True, site_url="https://example.org/", validation={})
    files = _Files([_File("page.md"), _File("other.md")])

    def convert(markdown):
        """One page of a new build: fresh plugins, the page's render wrapped, then called."""
        autorefs, handlers = _Anchors(), _Handlers()
        _Page.plugins = (autorefs, handlers)
        page = _Page("page.md", markdown)
        page_render.remember_render(page, config, files, tmp_path / "cache", autorefs=autorefs, handlers=handlers)
        page.render(config, files)
        return page, autorefs, handlers

    _Page.conversions = 0
    return convert


def test_a_page_converted_before_is_read_back_with_its_plugin_calls(conversion):
    first, anchors, handlers = conversion("Set up")
    again, anchors_again, handlers_again = conversion("Set up")
    assert _Page.conversions == 1
    assert again.content == first.content and again._title_from_render == "Title"
    assert [(i.title, i.id, [c.id for c in i.children]) for i in again.toc] == [("Set up", "setup", ["more"])]
    assert again.toc.items[0].active is True
    assert again.present_anchor_ids == {"setup", "more"}
    assert {f.src_uri: v for f, v in again.links_to_anchors.items()} == {"other.md": {"part": "other.md#part"}}
    # autorefs and mkdocstrings hear about the page as if it had been converted
    assert anchors_again.calls == anchors.calls == [("page/", "setup", "Set up", True)]
    assert handlers_again.seen == ["python"] and handlers_again.inventory.items == handlers.inventory.items


def test_changed_markdown_is_converted_again(conversion):
    conversion("Set up")
    changed, _, _ = conversion("Set up, changed")
    assert _Page.conversions == 2 and "changed" in changed.content


def test_a_conversion_that_logs_is_not_kept_so_the_next_build_says_it_again(conversion, caplog):
    with caplog.at_level(logging.WARNING):
        conversion("broken link")
        conversion("broken link")
    assert _Page.conversions == 2
    assert caplog.text.count("a link to nowhere") == 2


def test_a_conversion_that_no_longer_sets_what_is_kept_stops_the_build(conversion, monkeypatch):
    def render_without_title(self, config, files):
        original(self, config, files)
        del self._title_from_render

    from mkdocs.exceptions import PluginError

    original = _Page.render
    monkeypatch.setattr(_Page, "render", render_without_title)
    with pytest.raises(PluginError, match="docs/page.md: the engine's Page.render no longer sets _title_from_render"):
        conversion("Set up")


def test_the_conversion_cache_fails_loudly_if_the_engine_changes():
    class Page:
        pass

    class Anchors:
        def register_url(self, identifier, url):
            pass

    with pytest.raises(ArchbookError) as caught:
        page_render.check_engine(Page, Anchors(), None)
    assert "Page.render is gone" in str(caught.value) and "Anchors.register_anchor is gone" in str(caught.value)


# --- search entries ---------------------------------------------------------------------------

class _Index:
    def __init__(self):
        self.entries = []
        self.parsed = 0

    def add_entry_from_context(self, page):
        self.parsed += 1
        self.entries.append({"location": page.url, "title": page.title, "text": page.content[:20]})


def _search_page(content):
    return types.SimpleNamespace(url="x/", title="X", meta={"tags": ["a"]}, toc=[], content=content)


def test_search_entries_of_an_unchanged_page_are_read_back(tmp_path):
    first = _Index()
    search_entries.remember_entries(first, tmp_path)
    search_entries.remember_entries(first, tmp_path)  # wrapped once only
    first.add_entry_from_context(_search_page("<p>hello</p>"))
    again = _Index()
    search_entries.remember_entries(again, tmp_path)
    again.add_entry_from_context(_search_page("<p>hello</p>"))
    again.add_entry_from_context(_search_page("<p>changed</p>"))
    assert (first.parsed, again.parsed) == (1, 1)
    assert again.entries[0] == first.entries[0] and again.entries[1]["text"] == "<p>changed</p>"


def test_the_search_cache_fails_loudly_if_material_changes():
    class Changed:
        entries = ()

        def add_entry_from_context(self, page):
            pass

    with pytest.raises(ArchbookError, match="entries is no longer a list"):
        search_entries.check_index(Changed())


def test_a_change_to_the_code_is_a_miss(tmp_path, monkeypatch):
    runs = []
    remembered(tmp_path, "kind", ("x",), lambda: runs.append(1) or "old code")
    monkeypatch.setattr(build_cache, "code_version", lambda: "another version of the package")
    assert remembered(tmp_path, "kind", ("x",), lambda: runs.append(2) or "new code") == "new code"
    assert runs == [1, 2]
