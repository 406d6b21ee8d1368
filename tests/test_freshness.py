"""Translation freshness: the digest, the twin states, the chore, the report and the notice on the page.

The fixture project ``tests/fixtures/freshness`` (see its README) holds a fresh
twin, a stale twin, the twin of a page that moved, a twin never marked, and a
data file with one field changed in English only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from archbook import cli
from archbook.adr.scaffold import fill_template
from archbook.checks import freshness
from archbook.checks.freshness import FRESH, NEVER_MARKED, STALE, FreshnessError
from archbook.content.data import DataError, validate
from archbook.content.front_matter import front_matter_problems
from archbook.content.page_source import split_front_matter
from archbook.site.checks import TRANSLATION_REPORT, translation_report
from archbook.site.translation_notice import (
    TranslationUi, add_notice, notice_markdown, relative_url, show_date,
)

from conftest import FIXTURES, copy_project, mkdocs_build

CASE = FIXTURES / "freshness"
DEMO = "docs/freshness-demo"
MARCH_14 = dt.datetime(2026, 3, 14, 12, tzinfo=dt.timezone.utc).timestamp()


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of the fixture project, a project root (with mkdocs.yml), every file dated 14 March 2026."""
    copy = tmp_path / "project"
    shutil.copytree(CASE, copy)
    (copy / "mkdocs.yml").write_text("site_name: fixture\n")
    for path in copy.rglob("*"):
        os.utime(path, (MARCH_14, MARCH_14))
    return copy


@pytest.fixture(scope="module")
def ui(root) -> TranslationUi:
    return validate(TranslationUi, root / "data" / "translation_ui.yml")


def states(root: Path) -> dict[str, str]:
    return {s.twin: s.status for s in freshness.page_states(root)}


# --- the digest -------------------------------------------------------------------------------

def test_the_digest_is_the_start_of_the_sha256_of_the_folded_text():
    assert freshness.text_digest("a  b\n c ") == hashlib.sha256(b"a b c").hexdigest()[:16]
    assert freshness.text_digest("a", "b") != freshness.text_digest("a b")  # parts never run together


PAGE = "---\ntitle: A page\nhide: [toc]\n---\n\n# A page { #a-page }\n\nOne line of text\nwrapped here.\n"


@pytest.mark.parametrize("changed", [
    PAGE.replace("One line of text\nwrapped here.", "One line of text wrapped here."),  # re-wrapped
    PAGE.replace("\n", "\r\n"),                                                          # other line endings
    PAGE.replace("wrapped here.\n", "wrapped   here.  \n\n\n"),                          # spaces and blank lines
    PAGE.replace("hide: [toc]", "hide: [toc, navigation]"),                             # untranslated key
], ids=["rewrapped", "crlf", "spaces", "untranslated-key"])
def test_whitespace_and_untranslated_keys_do_not_make_a_page_stale(changed):
    assert freshness.page_digest(changed) == freshness.page_digest(PAGE)


@pytest.mark.parametrize("changed", [
    PAGE.replace("wrapped here", "wrapped there"),
    PAGE.replace("title: A page", "title: A new page"),
    PAGE.replace("---\n\n#", "description: Said more\n---\n\n#"),
    PAGE.replace("text", "text."),
], ids=["word", "title", "description", "punctuation"])
def test_any_change_of_words_makes_a_page_stale(changed):
    assert freshness.page_digest(changed) != freshness.page_digest(PAGE)


# --- the fixtures -----------------------------------------------------------------------------

def test_fresh_stale_moved_and_never_marked_twins():
    assert states(CASE) == {
        f"{DEMO}/fresh.ur-Latn.md": FRESH,
        f"{DEMO}/moved/new-name.ur-Latn.md": FRESH,
        f"{DEMO}/never.ur-Latn.md": NEVER_MARKED,
        f"{DEMO}/stale.ur-Latn.md": STALE,
    }


def test_the_stale_twin_records_the_english_page_as_it_was_when_marked():
    meta = split_front_matter((CASE / DEMO / "stale.ur-Latn.md").read_text())[0]
    assert meta["translation_of"] == freshness.page_digest((CASE / "history" / "stale.md").read_text())


def test_a_page_that_moved_with_its_twin_stays_fresh():
    # marked at freshness-demo/old-name.md; the pair moved to moved/new-name.md with the same text
    meta = split_front_matter((CASE / DEMO / "moved" / "new-name.ur-Latn.md").read_text())[0]
    assert meta["translation_of"] == freshness.page_digest((CASE / "history" / "old-name.md").read_text())
    assert not (CASE / DEMO / "old-name.md").exists()


def test_editing_the_twin_alone_never_makes_it_stale(project):
    twin = project / DEMO / "fresh.ur-Latn.md"
    twin.write_text(twin.read_text().replace("nahin badla.", "bilkul nahin badla.\n\nEk naya jumla."))
    assert states(project)[f"{DEMO}/fresh.ur-Latn.md"] == FRESH


def test_a_data_field_changed_in_english_only_is_stale():
    record = freshness.read_record(CASE)
    found = {s.field: s.status for s in freshness.file_fields(CASE, CASE / "data" / "example.yml", record)}
    assert found == {"entries[first].label": STALE,     # English changed since the record
                     "entries[second].label": FRESH,    # Roman Urdu changed only
                     "entries[third].label": NEVER_MARKED}


def test_fields_are_named_by_id_and_else_by_position():
    value = {"steps": [{"id": "a", "t": {"en": "x", "ur-Latn": "y"}}, {"t": {"en": "z", "ur-Latn": "w"}}],
             "words": {"k": {"en": "v", "ur-Latn": "u"}}, "other": {"en": "only English"}}
    assert [name for name, _, _ in freshness.bilingual_fields(value)] == ["steps[a].t", "steps[#2].t", "words.k"]


# --- the report -------------------------------------------------------------------------------

def test_the_report_lists_stale_first_then_never_marked(project):
    assert freshness.report_lines(project) == [
        f"{DEMO}/stale.ur-Latn.md:3: translates an older version of {DEMO}/stale.md (changed 2026-03-14); "
        f"update it, then run archbook translations --mark-fresh {DEMO}/stale.ur-Latn.md",
        "data/example.yml:4: field 'entries[first].label': the English text changed after the Roman Urdu was marked",
        f"{DEMO}/never.ur-Latn.md: never marked as translating {DEMO}/never.md",
        "data/example.yml:8: field 'entries[third].label': never marked",
    ]


def test_archbook_check_prints_the_report_and_does_not_fail(project, monkeypatch, capsys):
    monkeypatch.setattr(cli, "project_problems", lambda root: [])
    assert cli.main(["--root", str(project), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{TRANSLATION_REPORT}:" and out[-1] == "archbook check: all good"
    assert f"{DEMO}/never.ur-Latn.md: never marked as translating {DEMO}/never.md" in out
    assert translation_report(project)[1:] == freshness.report_lines(project)


def test_the_report_is_empty_when_everything_is_fresh(project):
    freshness.mark_fresh(project, None)
    assert freshness.report(project) == ([], [])
    assert translation_report(project) == []


def test_an_unreadable_record_is_reported_not_raised(project):
    (project / freshness.LOCK_FILE).write_text("{not json")
    stale, _ = freshness.report(project)
    assert any(line.startswith("data/translations.lock.json: expected JSON") for line in stale)


# --- the date of the English change -----------------------------------------------------------

def _git(folder: Path, *args: str, **env: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder,
                   check=True, capture_output=True, env={**os.environ, **env})


def test_the_date_is_the_last_commit_while_the_file_is_unchanged(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("one\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "page.md")
    _git(tmp_path, "commit", "-q", "-m", "x", GIT_COMMITTER_DATE="2025-01-02T03:04:05+00:00",
         GIT_AUTHOR_DATE="2025-01-02T03:04:05+00:00")
    os.utime(page, (MARCH_14, MARCH_14))
    assert freshness.english_change_date(page) == dt.date(2025, 1, 2)
    page.write_text("two\n")  # edited since the commit: the file's own date
    os.utime(page, (MARCH_14, MARCH_14))
    assert freshness.english_change_date(page) == dt.date(2026, 3, 14)


def test_without_git_the_date_is_the_files_and_nothing_fails(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text("one\n")
    os.utime(page, (MARCH_14, MARCH_14))
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert freshness.english_change_date(page) == dt.date(2026, 3, 14)


# --- the chore --------------------------------------------------------------------------------

def _diff(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b) if x != y]


def test_marking_a_stale_twin_rewrites_only_its_one_line_and_is_idempotent(project):
    twin = project / DEMO / "stale.ur-Latn.md"
    before = twin.read_text()
    done = freshness.mark_fresh(project, [f"{DEMO}/stale.ur-Latn.md"])
    digest = freshness.page_digest((project / DEMO / "stale.md").read_text())
    assert done == [f"{DEMO}/stale.ur-Latn.md: marked fresh (translation_of: {digest})"]
    assert _diff(before, twin.read_text()) == [(before.splitlines()[2], f"translation_of: {digest}")]
    assert states(project)[f"{DEMO}/stale.ur-Latn.md"] == FRESH
    stamp = twin.stat().st_mtime_ns
    assert freshness.mark_fresh(project, [f"{DEMO}/stale.ur-Latn.md"]) == [
        f"{DEMO}/stale.ur-Latn.md: already fresh (translation_of: {digest})"]
    assert twin.stat().st_mtime_ns == stamp  # not written again
    assert (project / freshness.LOCK_FILE).read_text() == (CASE / freshness.LOCK_FILE).read_text()  # untouched


def test_marking_a_twin_without_front_matter_adds_only_that_key(project):
    twin = project / DEMO / "never.ur-Latn.md"
    before = twin.read_text()
    freshness.mark_fresh(project, [f"{DEMO}/never.ur-Latn.md"])
    digest = freshness.page_digest((project / DEMO / "never.md").read_text())
    assert twin.read_text() == f"---\ntranslation_of: {digest}\n---\n" + before


@pytest.mark.parametrize("text, expected", [
    ("---\ntitle: T\nhide: [toc]\n---\n# T\n", "---\ntitle: T\nhide: [toc]\ntranslation_of: 0123abcd0123abcd\n---\n# T\n"),
    ("---\r\ntitle: T\r\n---\r\n# T\r\n", "---\r\ntitle: T\r\ntranslation_of: 0123abcd0123abcd\r\n---\r\n# T\r\n"),
    ("---\ntranslation_of: aaaaaaaaaaaaaaaa  \ntitle: T\n---\n", "---\ntranslation_of: 0123abcd0123abcd\ntitle: T\n---\n"),
    ("---\ntranslation_of:\n  - odd\ntitle: T\n---\n", "---\ntranslation_of: 0123abcd0123abcd\ntitle: T\n---\n"),
], ids=["added-last", "crlf-kept", "replaced-in-place", "continuation-dropped"])
def test_the_front_matter_line_is_inserted_or_replaced_alone(text, expected):
    assert freshness.set_front_matter_key(text, "translation_of", "0123abcd0123abcd") == expected


def test_a_digest_of_digits_only_is_quoted_so_yaml_keeps_it_text():
    assert freshness.yaml_digest("0123456789012345") == '"0123456789012345"'
    text = freshness.set_front_matter_key("# T\n", "translation_of", freshness.yaml_digest("0123456789012345"))
    assert split_front_matter(text)[0]["translation_of"] == "0123456789012345"
    assert freshness.yaml_digest("0123456789abcdef") == "0123456789abcdef"


@pytest.mark.parametrize("name, message", [
    (f"{DEMO}/stale.md", f"{DEMO}/stale.md: not a Roman Urdu twin; mark the translation {DEMO}/stale.ur-Latn.md instead"),
    ("README.md", "README.md: not a Roman Urdu twin (docs/**/*.ur-Latn.md) nor a data file (data/**/*.yml)"),
    (f"{DEMO}/gone.ur-Latn.md", f"{DEMO}/gone.ur-Latn.md: no such file"),
    ("data/example.yml:entries[nope].label", "data/example.yml: no field 'entries[nope].label' in both languages"),
])
def test_the_chore_refuses_what_is_not_a_translation_and_writes_nothing(project, name, message):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    with pytest.raises(FreshnessError) as raised:
        freshness.mark_fresh(project, [f"{DEMO}/never.ur-Latn.md", "data/example.yml", name])
    assert any(problem.startswith(message) for problem in raised.value.problems), raised.value.problems
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_a_twin_without_its_english_page_is_refused(project):
    (project / DEMO / "never.md").unlink()
    with pytest.raises(FreshnessError, match=f"{DEMO}/never.ur-Latn.md: its English page {DEMO}/never.md is missing"):
        freshness.mark_fresh(project, [f"{DEMO}/never.ur-Latn.md"])


def test_marking_a_data_file_records_its_fields_and_nothing_else(project):
    lock = project / freshness.LOCK_FILE
    assert freshness.mark_fresh(project, ["data/example.yml"]) == ["data/example.yml: 2 of 3 field(s) marked fresh"]
    record = freshness.read_record(project)
    assert set(record) == {f"data/example.yml:entries[{i}].label" for i in ("first", "second", "third")}
    assert all(s.status == FRESH for s in freshness.file_fields(project, project / "data" / "example.yml", record))
    stamp = lock.stat().st_mtime_ns
    assert freshness.mark_fresh(project, ["data/example.yml"]) == ["data/example.yml: already fresh (3 field(s))"]
    assert lock.stat().st_mtime_ns == stamp


def test_marking_one_field_leaves_the_others_as_they_were(project):
    freshness.mark_fresh(project, ["data/example.yml:entries[third].label"])
    found = {s.field: s.status for s in freshness.file_fields(
        project, project / "data" / "example.yml", freshness.read_record(project))}
    assert found == {"entries[first].label": STALE, "entries[second].label": FRESH,
                     "entries[third].label": FRESH}


def test_the_translations_command(project, capsys):
    assert cli.main(["--root", str(project), "translations"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "archbook translations: 2 to update, 2 never marked"
    assert cli.main(["--root", str(project), "translations", "--mark-fresh"]) == 2
    assert cli.main(["--root", str(project), "translations", "--mark-fresh", f"{DEMO}/stale.md"]) == 1
    assert f"{DEMO}/stale.md: not a Roman Urdu twin" in capsys.readouterr().err
    assert cli.main(["--root", str(project), "translations", "--mark-fresh", "--all"]) == 0
    assert cli.main(["--root", str(project), "translations"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "archbook translations: every translation is fresh"


# --- the contracts that accept the key --------------------------------------------------------

def test_the_page_front_matter_accepts_the_key_on_a_twin_only(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("---\ntranslation_of: 0123456789abcdef\n---\n# A { #a }\n")
    (docs / "a.ur-Latn.md").write_text("---\ntranslation_of: 0123456789abcdef\n---\n# A { #a }\n")
    (docs / "b.ur-Latn.md").write_text("---\ntranslation_of: 12ab\n---\n# B { #b }\n")
    problems = front_matter_problems(docs)
    assert len(problems) == 2
    assert problems[0].startswith("docs/a.md:2: front matter: 'translation_of': only a Roman Urdu twin")
    assert problems[1].startswith("docs/b.ur-Latn.md:2: front matter: 'translation_of': expected the 16 hex digits")


def test_a_new_decision_record_does_not_inherit_the_templates_mark(root):
    template = (root / "docs" / "adr" / "template.ur-Latn.md").read_text()
    marked = freshness.set_front_matter_key(template, "translation_of", "0123456789abcdef")
    filled = fill_template(marked, number=7, title="Naya faisla", date=dt.date(2026, 1, 1))
    assert "translation_of" not in filled and "number: 7" in filled


# --- the notice -------------------------------------------------------------------------------

def test_the_notice_is_a_warning_in_roman_urdu_with_the_date_and_the_link(ui):
    notice = notice_markdown(ui, "ur-Latn", dt.date(2026, 3, 14), "../../../handbook/serving/")
    assert notice.startswith(f'!!! warning "{ui.words["notice-title"].ur_latn}"\n\n    ')
    assert '<time datetime="2026-03-14">14 March 2026</time>' in notice
    assert f'<a href="../../../handbook/serving/" hreflang="en">{ui.words["notice-link"].ur_latn}</a>' in notice
    assert "{" not in notice


def test_the_notice_goes_under_the_h1_outside_code():
    markdown = "```\n# not a heading\n```\n\n# Title { #t }\n\nText.\n"
    assert add_notice(markdown, "!!! warning \"x\"\n\n    y\n") == (
        "```\n# not a heading\n```\n\n# Title { #t }\n\n!!! warning \"x\"\n\n    y\n\n\nText.\n")
    assert add_notice("Text.\n", "N\n").startswith("\nN\n\nText.")


@pytest.mark.parametrize("target, page, expected", [
    ("handbook/serving/", "ur-Latn/handbook/serving/", "../../../handbook/serving/"),
    ("freshness-demo/moved/new-name/", "ur-Latn/freshness-demo/moved/new-name/", "../../../../freshness-demo/moved/new-name/"),
    ("", "ur-Latn/", "../"),
    ("x.html", "ur-Latn/x.html", "../x.html"),
])
def test_the_link_to_the_english_page_is_relative(target, page, expected):
    assert relative_url(target, page) == expected


def test_the_words_need_their_placeholders(root):
    data = {"words": {"notice-title": {"en": "T", "ur-Latn": "T"},
                      "notice-body": {"en": "On {date}", "ur-Latn": "{date} ko, {link}"},
                      "notice-link": {"en": "L", "ur-Latn": "L"}}}
    with pytest.raises(ValueError, match=r"words.notice-body.en: expected the placeholders \{date\}, \{link\}"):
        TranslationUi.model_validate(data)
    assert show_date(dt.date(2026, 12, 1)) == "1 December 2026"


# --- a build ----------------------------------------------------------------------------------

@pytest.mark.build
def test_a_stale_twin_tells_its_readers_in_a_build(tmp_path):
    copy = copy_project(tmp_path / "project")
    shutil.copytree(CASE / DEMO, copy / DEMO)
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("not_in_nav: |\n", "not_in_nav: |\n  /freshness-demo/\n", 1))
    moved = copy / DEMO / "moved" / "new-name.md"  # the page that moved now changes too
    moved.write_text(moved.read_text().replace("together.", "together, and then changed."))
    for path in (copy / DEMO).rglob("*.md"):
        os.utime(path, (MARCH_14, MARCH_14))
    site = tmp_path / "site"
    result = mkdocs_build(copy, site, env={"ARCHBOOK_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr[-3000:]

    def page(prefix: str, name: str) -> tuple[Path, str]:
        path = site / prefix / "freshness-demo" / name / "index.html"
        return path, path.read_text(encoding="utf-8")

    for name in ("stale", "moved/new-name"):
        path, html = page("ur-Latn", name)
        notice = re.search(r'</h1>\s*<div class="admonition warning">(.*?)</div>', html, re.S)
        assert notice, name
        assert "Yeh tarjuma shayad purana ho chuka hai" in notice.group(1)
        assert '<time datetime="2026-03-14">14 March 2026</time>' in notice.group(1)
        href = re.search(r'<a href="([^"]+)" hreflang="en">', notice.group(1)).group(1)
        assert (path.parent / href / "index.html").resolve() == (site / "freshness-demo" / name / "index.html").resolve()
    for prefix, name in (("ur-Latn", "fresh"), ("ur-Latn", "never"), ("", "stale"), ("", "moved/new-name")):
        assert "admonition warning" not in page(prefix, name)[1], (prefix, name)
