"""Bad input of every kind through the command-line tools and the guarded build.

Each case is something a contributor or learner can really send: a message
naming the file (and line), a non-zero exit, no traceback, nothing of the
project lost.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archbook.site.guarded_build import BuildFailed, BuildTargetError, build_site, check_output, check_target

BIN = Path(sys.executable).parent
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "diagrams"


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHBOOK_CACHE_DIR": str(CACHE), **env},
                          timeout=600)


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


# -- the build target: never over the project -----------------------------------------------

@pytest.mark.parametrize("target", [".", "docs", "docs/new-folder", "README.md", "src", ".git", ".."])
def test_a_target_over_or_inside_the_project_is_refused(project_copy, target):
    (project_copy / "README.md").write_text("readme\n")
    (project_copy / ".git").mkdir()
    with pytest.raises(BuildTargetError):
        check_target(project_copy / target, project_copy)


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path, project_copy):
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine\n")
    with pytest.raises(BuildTargetError, match="something other than a built site"):
        check_target(home, project_copy)


def test_new_empty_and_earlier_site_folders_are_accepted(tmp_path, project_copy):
    assert check_target(project_copy / "site", project_copy) == (project_copy / "site").resolve()
    (tmp_path / "empty").mkdir()
    check_target(tmp_path / "empty", project_copy)
    earlier = tmp_path / "earlier"
    for marker in ("index.html", "sitemap.xml", "search/search_index.json"):
        (earlier / marker).parent.mkdir(parents=True, exist_ok=True)
        (earlier / marker).write_text("x")
    check_target(earlier, project_copy)


def test_a_refused_target_is_left_untouched_and_the_exit_is_one(project_copy, capsys):
    before = sorted(p.relative_to(project_copy) for p in project_copy.rglob("*"))
    assert build_site(Path("docs"), project_copy) == 1
    assert "is the project's own folder docs/" in capsys.readouterr().err
    assert sorted(p.relative_to(project_copy) for p in project_copy.rglob("*")) == before


def test_an_incomplete_site_is_never_swapped_in(tmp_path):
    (tmp_path / "index.html").write_text("x")
    with pytest.raises(BuildFailed, match="without a whole site"):
        check_output(tmp_path)


@pytest.mark.build
def test_a_build_that_ends_early_keeps_the_previous_site(project_copy, tmp_path):
    """A hook that ends the process with status 0 (as a stray sys.exit would) publishes nothing."""
    site = tmp_path / "site"
    for marker in ("index.html", "sitemap.xml", "search/search_index.json"):
        (site / marker).parent.mkdir(parents=True, exist_ok=True)
        (site / marker).write_text("previous")
    (project_copy / "hooks" / "quit_early.py").write_text(
        "import os\n\ndef on_files(files, config):\n    os._exit(0)\n")
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("hooks:\n", "hooks:\n  - hooks/quit_early.py\n", 1))
    result = run([str(BIN / "python"), "-m", "archbook.site.guarded_build", str(site)], project_copy)
    assert result.returncode == 1
    assert "without a whole site" in result.stderr and "left as it was" in result.stderr
    assert (site / "index.html").read_text() == "previous"
    assert not list(tmp_path.glob(".site-building-*"))
    no_traceback(result)


# -- archbook check on bad data: messages, not tracebacks -----------------------------------

BAD_DATA = {
    "duplicate key": ("roles.yml", lambda text: text.replace("entries:\n", "entries:\nentries:\n", 1),
                      "data/roles.yml:", "duplicate key 'entries'"),
    "python tag": ("roles.yml", lambda text: text + "extra: !!python/object/apply:os.system ['true']\n",
                   "data/roles.yml:", "unsupported YAML tag !!python/object/apply:os.system"),
    "not UTF-8": ("roles.yml", lambda text: text.replace("entries:", "entri\udce9s:", 1),
                  "data/roles.yml:", "expected UTF-8 text, got the byte 0xe9"),
    "alias bomb": ("faq.yml", lambda text: "a: &a [x, x]\nb: [*a, *a]\n" + text,
                   "data/faq.yml:1:", "anchors are not supported"),
}


@pytest.mark.parametrize("case", sorted(BAD_DATA))
def test_archbook_check_reports_bad_data_without_a_traceback(project_copy, case):
    name, spoil, where, what = BAD_DATA[case]
    path = project_copy / "data" / name
    text = path.read_text(encoding="utf-8")
    path.write_bytes(spoil(text).encode("utf-8", "surrogateescape"))
    result = run([str(BIN / "archbook"), "check"], project_copy)
    assert result.returncode == 1
    assert any(line.startswith(where) and what in line for line in result.stdout.splitlines()), result.stdout
    no_traceback(result)


# -- pages: malformed front matter and bad bytes stop the build with a message ---------------

BAD_PAGES = {
    "front matter": (b"---\ntitle: [unclosed\n---\n# Glossary { #glossary }\n",
                     "docs/glossary.ur-Latn.md:2: front matter: malformed YAML"),
    "impossible date": (b"---\ndate: 2026-02-30\n---\n# Glossary { #glossary }\n",
                        "docs/glossary.ur-Latn.md:2: front matter: expected a real date"),
    "not UTF-8": (b"# Glossary { #glossary }\n\ncaf\xe9\n",
                  "docs/glossary.ur-Latn.md:3: expected UTF-8 text, got the byte 0xe9"),
}


@pytest.mark.parametrize("case", sorted(BAD_PAGES))
def test_archbook_check_reports_a_bad_page(project_copy, case):
    content, expected = BAD_PAGES[case]
    (project_copy / "docs" / "glossary.ur-Latn.md").write_bytes(content)
    result = run([str(BIN / "archbook"), "check"], project_copy)
    assert result.returncode == 1
    assert any(line.startswith(expected) for line in result.stdout.splitlines()), result.stdout
    no_traceback(result)


@pytest.mark.build
@pytest.mark.parametrize("case", sorted(BAD_PAGES))
def test_the_build_stops_on_a_bad_page_with_a_message(project_copy, tmp_path, case):
    content, expected = BAD_PAGES[case]
    (project_copy / "docs" / "glossary.ur-Latn.md").write_bytes(content)
    result = run([str(BIN / "python"), "-m", "archbook.site.guarded_build", str(tmp_path / "site")], project_copy)
    assert result.returncode == 1
    assert expected in result.stderr
    assert not (tmp_path / "site").exists()
    no_traceback(result)


# -- adr-check and adr-new: nothing passes by accident ---------------------------------------

def test_adr_check_refuses_what_is_not_a_record(root, tmp_path):
    (tmp_path / "notes.md").write_text("# notes\n")
    for target, expected in ((tmp_path / "notes.md", "expected a decision record named NNNN-slug.md"),
                             (tmp_path, "expected a folder of decision records"),
                             (Path("/etc/hostname"), "expected a decision record named"),
                             (tmp_path / "missing.md", "no such file or folder")):
        result = run([str(BIN / "adr-check"), str(target)], root)
        assert result.returncode == 1, target
        assert expected in result.stdout, result.stdout
        no_traceback(result)


def test_adr_check_of_one_record_shows_its_twins_problems(project_copy):
    adr = project_copy / "docs" / "adr"
    twin = adr / "0003-exact-match-response-cache.ur-Latn.md"
    twin.write_text(twin.read_text().replace("status: superseded", "status: accepted", 1)
                    .replace("status: accepted", "status: rejected", 1))
    result = run([str(BIN / "adr-check"), "docs/adr/0003-exact-match-response-cache.md"], project_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0003-exact-match-response-cache.ur-Latn.md" in result.stdout


def test_adr_check_reports_bytes_that_are_not_utf8(project_copy):
    record = project_copy / "docs" / "adr" / "0004-latency-fallback-routing.md"
    record.write_bytes(record.read_bytes().replace(b"title:", b"titl\xe9:", 1))
    result = run([str(BIN / "adr-check")], project_copy)
    assert result.returncode == 1
    assert "docs/adr/0004-latency-fallback-routing.md:" in result.stdout
    assert "expected UTF-8 text, got the byte 0xe9" in result.stdout
    no_traceback(result)


def test_adr_new_stops_at_9999_and_writes_nothing(project_copy):
    adr = project_copy / "docs" / "adr"
    last = adr / "9999-last.md"
    last.write_text((adr / "0001-managed-model-over-self-hosted.md").read_text())
    (adr / "9999-last.ur-Latn.md").write_text((adr / "0001-managed-model-over-self-hosted.ur-Latn.md").read_text())
    before = sorted(p.name for p in adr.iterdir())
    result = run([str(BIN / "adr-new"), "One more decision"], project_copy)
    assert result.returncode == 1
    assert "no number is left" in result.stderr
    assert sorted(p.name for p in adr.iterdir()) == before
    no_traceback(result)


@pytest.mark.parametrize("title", ["<script>alert(1)</script>", "Title { onclick=x }", "x" * 200, "   "])
def test_adr_new_refuses_markup_and_oversized_titles(project_copy, title):
    result = run([str(BIN / "adr-new"), title], project_copy)
    assert result.returncode == 1
    assert result.stderr.startswith("adr-new: the title")
    no_traceback(result)


# -- size limits: refused by name and size before anything reads the whole file -------------

def test_an_oversized_record_is_refused_by_adr_check(project_copy):
    record = project_copy / "docs" / "adr" / "0004-latency-fallback-routing.md"
    record.write_text(record.read_text() + "\n" + "Padding sentence for size. " * 200_000)  # about 5 MB
    result = run([str(BIN / "adr-check")], project_copy)
    assert result.returncode == 1
    assert "docs/adr/0004-latency-fallback-routing.md:1: file: expected at most 64 KiB, got" in result.stdout
    no_traceback(result)


@pytest.mark.parametrize(("path", "padding", "expected"), [
    ("docs/glossary.ur-Latn.md", "\nPadding line.\n" * 30_000, "docs/glossary.ur-Latn.md: expected at most 256 KiB"),
    ("data/faq.yml", "\n# padding comment\n" * 40_000, "data/faq.yml: expected at most 512 KiB"),
])
def test_oversized_pages_and_data_files_are_refused(project_copy, path, padding, expected):
    target = project_copy / path
    target.write_text(target.read_text() + padding)
    result = run([str(BIN / "archbook"), "check"], project_copy)
    assert result.returncode == 1
    assert expected in result.stdout, result.stdout
    no_traceback(result)


def test_folders_beside_the_target_are_never_removed_and_hidden_entries_are_kept(tmp_path):
    from archbook.site.guarded_build import _stale_staging, _swap

    old = tmp_path / "out"
    for marker in ("index.html", "sitemap.xml", "search/search_index.json", ".git/HEAD", ".nojekyll"):
        (old / marker).parent.mkdir(parents=True, exist_ok=True)
        (old / marker).write_text("old")
    mine = [tmp_path / ".out-old" / "precious.txt", tmp_path / ".out-building-mine" / "precious.txt"]
    for path in mine:
        path.parent.mkdir()
        path.write_text("mine")
    assert _stale_staging(tmp_path, "out") == []  # no marker: not ours
    new = tmp_path / ".out-building-x"
    (new / "index.html").parent.mkdir()
    (new / "index.html").write_text("new")
    _swap(new, old)
    assert (old / "index.html").read_text() == "new"
    assert (old / ".git" / "HEAD").read_text() == "old" and (old / ".nojekyll").exists()
    assert all(path.read_text() == "mine" for path in mine)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out-building-mine", ".out-old", "out"]


def test_a_pipe_in_place_of_a_data_file_is_reported_not_waited_on(project_copy):
    faq = project_copy / "data" / "faq.yml"
    faq.unlink()
    os.mkfifo(faq)
    result = run([str(BIN / "archbook"), "check"], project_copy)
    assert result.returncode == 1
    assert "data/faq.yml: expected a regular file, got a pipe, socket or device" in result.stdout
    no_traceback(result)
