"""Macros reach only the project's macros: every escape attempt fails the build naming the page.

The fixture page tests/fixtures/macros/escape-attempts.md holds one escape
attempt per line. Each line is rendered on its own through the real
mkdocs-macros plugin (configured from mkdocs.yml, with the project's
``macros`` module), and each must fail with a message naming the page and
its line; the project's own macros still work. One full build proves the
same end to end: non-zero exit, the message, no traceback, no shell command run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from archbook.safety.macro_sandbox import PageSandbox

from conftest import copy_project, mkdocs_build

FIXTURE = Path(__file__).parent / "fixtures" / "macros" / "escape-attempts.md"


def _attempts() -> list[tuple[int, str]]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    start = lines.index("---", 1) + 1
    return [(number, line) for number, line in enumerate(lines, start=1)
            if number > start and line.startswith(("{{", "{%"))]


@pytest.fixture(scope="module")
def plugin(root):
    """The macros plugin as the build configures it (project module, mkdocs.yml options)."""
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    macros = config.plugins["macros"]
    macros.on_config(config)
    return macros, config


def _page(config, src_uri: str, meta: dict):
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
    file.abs_src_path = str(FIXTURE)  # line numbers are counted from the fixture's front matter
    page = Page(None, file, config)
    page.meta = meta
    page.title = "Escape attempts"
    return page


def _render(plugin, markdown: str, src_uri: str = "escape-attempts.md") -> str:
    macros, config = plugin
    page = _page(config, src_uri, {"render_macros": True})
    return macros.on_page_markdown(markdown, page=page, config=config)


def test_the_fixture_holds_every_required_escape_attempt():
    text = "\n".join(line for _, line in _attempts())
    for attempt in ("cycler.__init__.__globals__", "self._TemplateReference__context", "config.__class__",
                    "''.__class__.__mro__", "lipsum.__globals__", "range.__self__"):
        assert attempt in text, attempt


@pytest.mark.parametrize(("number", "attempt"), _attempts(), ids=lambda v: str(v)[:40])
def test_each_escape_attempt_fails_naming_the_page_and_line(plugin, number, attempt, tmp_path):
    marker = tmp_path / "ran"
    markdown = "\n" * (number - 4) + attempt.replace("MARKER", str(marker))  # 3 lines of front matter
    with pytest.raises(PluginError) as caught:
        _render(plugin, markdown)
    message = str(caught.value)
    assert f"docs/escape-attempts.md:{number}: macro: expected " in message, message
    assert "Traceback" not in message
    assert not marker.exists(), "a shell command ran"


def test_the_project_macros_still_work_in_the_sandbox(plugin):
    out = _render(plugin, '{{ table("roles") }}\n\n{{ diagram("architect_concerns") }}')
    assert out.startswith("| ") and '<figure class="diagram" markdown="span">' in out


def test_plugin_variables_and_jinja_globals_are_gone(plugin):
    for name in ("config", "environment", "plugin", "git", "page", "navigation", "files", "macros_info",
                 "now", "fix_url", "context", "pretty", "extra", "range", "dict", "lipsum", "cycler", "joiner",
                 "namespace"):
        with pytest.raises(PluginError, match="is undefined"):
            _render(plugin, "{{ %s }}" % name)


def test_sandbox_refuses_huge_results_without_computing_them():
    sandbox = PageSandbox({"table": lambda name: f"T:{name}"}, {})
    for source in ('{{ "x" * 1000000000 }}', "{{ 9 ** 9 ** 9 ** 9 }}", "{{ [1] * 999999999 }}",
                   '{{ "{0.__class__}".format(table) }}', '{% include "/etc/passwd" %}', "{{ table.__globals__ }}"):
        sandbox.failures.clear()
        assert sandbox.from_string(source).render(config=object()) == ""
        assert sandbox.failures, source
    sandbox.failures.clear()
    assert sandbox.from_string('{{ table("roles") }} {{ "ab" * 2 }}').render() == "T:roles abab"
    assert sandbox.failures == []




@pytest.mark.build
def test_an_escape_attempt_stops_the_build_with_a_message(tmp_path, root):
    copy = copy_project(tmp_path / "project")
    marker = tmp_path / "ran"
    attempt = '{{ cycler.__init__.__globals__.os.popen("touch %s").read() }}' % marker
    glossary = copy / "docs" / "glossary.md"
    glossary.write_text(glossary.read_text() + "\n" + attempt + "\n")
    (copy / "docs" / "glossary.ur-Latn.md").write_text(
        (copy / "docs" / "glossary.ur-Latn.md").read_text() + "\n" + attempt + "\n")
    result = mkdocs_build(copy, tmp_path / "site", env={"ARCHBOOK_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode != 0
    assert not marker.exists(), "a shell command ran during the build"
    assert re.search(r"docs/glossary\.md:\d+: macro: expected one of the project's macros \(.*table.*\), "
                     r"got 'cycler' is undefined", result.stderr), result.stderr[-3000:]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("source", [
    '{{ "<svg><style><img src=x onerror=alert(301)></style></svg>" }}',
    'Para\n{{ "{" }}: style="background-image:image-set(\'https://evil.example/page.png\' 1x)" }',
    '{{ table("roles")[0:0] ~ "<img src=x onerror=alert(302)>" }}',
    '{% macro m() %}<b onclick="alert(303)">x</b>{% endmacro %}{{ m() }}',
    '{{ "[x](javascript:alert(304))" }}',
])
def test_what_a_page_prints_itself_is_inert(source):
    sandbox = PageSandbox({"table": lambda name: f"| T:{name} |"}, {})
    out = sandbox.from_string(source).render()
    assert sandbox.failures == []
    assert "<svg" not in out and "<img" not in out and "<b " not in out, out
    assert "{:" not in out and "{ :" not in out and "](javascript" not in out, out
    assert "{" not in out.replace("&#123;", ""), out


def test_only_the_project_macros_output_is_published_as_it_is():
    sandbox = PageSandbox({"widget": lambda: '<div class="lp-widget">{ .x }</div>'}, {})
    assert sandbox.from_string("{{ widget() }}").render() == '<div class="lp-widget">{ .x }</div>'
    assert "&lt;div" in sandbox.from_string("{{ widget() ~ '' }}").render()  # derived text is not trusted


def test_a_page_that_multiplies_a_macros_output_past_the_limit_is_refused():
    from archbook.safety.macro_sandbox import MAX_OUTPUT_CHARS

    sandbox = PageSandbox({"big": lambda: "x" * 100_000}, {})
    loop = "{% for i in [" + ",".join("0" * 1 for _ in range(MAX_OUTPUT_CHARS // 100_000 + 1)) + "] %}{{ big() }}{% endfor %}"
    assert sandbox.from_string(loop).render() == ""
    (line, failure), = sandbox.failures
    assert "more than the limit of 2,000,000" in str(failure)
    assert sandbox.from_string("{{ big() }}").render() == "x" * 100_000  # within the limit: published
