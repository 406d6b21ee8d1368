"""Diagrams: self-contained output, content-hash cache, loud failures naming the file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from archbook.core import limits
from archbook.figures.diagrams import (DiagramError, Project, deterministic_ids, discover, render,
                                    render_all)

FIXTURES = Path(__file__).parent / "fixtures" / "diagrams"


def project_with(tmp_path: Path, *names: str) -> Project:
    """A project folder holding only the named fixture diagrams."""
    (tmp_path / "diagrams").mkdir(parents=True)
    (tmp_path / "data" / "diagrams").mkdir(parents=True)
    for name in names:
        shutil.copy(FIXTURES / f"{name}.py", tmp_path / "diagrams" / f"{name}.py")
        shutil.copy(FIXTURES / f"{name}.yml", tmp_path / "data" / "diagrams" / f"{name}.yml")
    return Project.at(tmp_path, cache_dir=tmp_path / "cache")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    project = project_with(folder, "tiny")
    return project, render_all(project)


def test_one_image_per_language(tiny):
    _, report = tiny
    assert [(d.name, d.lang) for d in report.diagrams] == [("tiny", "en"), ("tiny", "ur-Latn")]
    assert report.drawn == 2
    en, ur = (d.path.read_text(encoding="utf-8") for d in report.diagrams)
    assert "Event stream" in en and "features" in en
    assert "Ek stream" not in en
    assert report.diagrams[1].alt == "Ek stream jo API ko data deta hai"


def test_output_is_self_contained(tiny):
    project, report = tiny
    for diagram in report.diagrams:
        svg = diagram.path.read_text(encoding="utf-8")
        refs = re.findall(r'href="([^"]*)"', svg)
        assert refs, "icons should be embedded as images"
        assert all(ref.startswith("data:image/png;base64,") for ref in refs), refs
        for machine_path in ("/root", "/home", "/tmp", "site-packages", str(project.root)):
            assert machine_path not in svg
        assert diagram.path.parent == project.cache_dir


def test_second_run_is_a_cache_hit_and_draws_nothing(tiny):
    project, first = tiny
    stamps = {d.path: d.path.stat().st_mtime_ns for d in first.diagrams}
    second = render_all(project)
    assert second.drawn == 0 and second.cached == 2
    assert {d.path: d.path.stat().st_mtime_ns for d in second.diagrams} == stamps


def test_a_label_change_redraws_only_that_language(tmp_path):
    project = project_with(tmp_path, "tiny")
    render_all(project)
    texts = project.data_dir / "tiny.yml"
    texts.write_text(texts.read_text().replace("ur-Latn: features", "ur-Latn: khususiyaat"))
    report = render_all(project)
    assert {(d.lang, d.drawn) for d in report.diagrams} == {("en", False), ("ur-Latn", True)}
    assert len(list(project.cache_dir.glob("tiny.ur-Latn.*.svg"))) == 1  # stale entry removed


def test_output_is_deterministic(tmp_path):
    first = project_with(tmp_path / "a", "tiny")
    second = project_with(tmp_path / "b", "tiny")
    a, b = render_all(first).diagrams[0], render_all(second).diagrams[0]
    assert a.path.read_bytes() == b.path.read_bytes()


def test_random_node_ids_become_sequential():
    dot = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6 -> ffffffffffffffffffffffffffffffff\n' \
          'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6 [label=x]'
    assert deterministic_ids(dot) == "n1 -> n2\nn1 [label=x]"
    quoted = '"1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6a" -> a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'
    assert deterministic_ids(quoted) == "n1 -> n2"  # Graphviz quotes ids that start with a digit


@pytest.mark.parametrize(("name", "expected"), [
    ("raises", "diagrams/raises.py:8: ZeroDivisionError: division by zero"),
    ("undefined_label", "diagrams/undefined_label.py:6: KeyError: label 'nowhere' is not defined in data/diagrams/undefined_label.yml"),
    ("unused_label", "data/diagrams/unused_label.yml: labels not used by diagrams/unused_label.py: forgotten"),
    ("syntax_error", "diagrams/syntax_error.py:1: SyntaxError"),
    ("no_draw", "diagrams/no_draw.py: AttributeError: the module defines no draw(label) function"),
    ("untranslated", "data/diagrams/untranslated.yml:2: field 'alt.ur-Latn': missing translation (ur-Latn)"),
    # Contributor code runs in its own process: however it ends, the build fails naming it.
    ("sys_exit", "diagrams/sys_exit.py:10: SystemExit: the module called sys.exit(0)"),
    ("os_exit", "diagrams/os_exit.py: the process drawing it ended with exit status 0 without an answer"),
    ("crash", "diagrams/crash.py: the process drawing it crashed (SIGSEGV), without an answer"),
    ("inputs_exit", "diagrams/inputs_exit.py:9: SystemExit: the module called sys.exit(0)"),
    ("runs_program", "diagrams/runs_program.py:10: PermissionError: a diagram module may not start programs"),
    ("draws_nothing", "diagrams/draws_nothing.py: draw(label) drew nothing (no node)"),
    ("foreign_icon", "diagrams/foreign_icon.py: icon '/etc/hostname' is not a file of the diagrams library's icons"),
    ("not_utf8", "diagrams/not_utf8.py:3: expected UTF-8 text, got the byte 0xe9"),
])
def test_a_broken_diagram_fails_naming_its_file(tmp_path, name, expected):
    project = project_with(tmp_path, "tiny", name)
    with pytest.raises(DiagramError) as caught:
        render_all(project)
    assert str(caught.value).startswith(expected), str(caught.value)
    assert not list(project.cache_dir.glob(f"{name}.*")), "nothing is cached for a failed diagram"


def test_the_not_utf8_fixture_really_is_not_utf8():
    data = (FIXTURES / "not_utf8.py").read_bytes()
    assert data.splitlines()[2] == b"# caf\xe9", "the fixture was re-encoded; it must hold a Latin-1 byte"


def test_a_helper_that_is_not_utf8_is_reported_once_naming_file_and_line(tmp_path):
    project = project_with(tmp_path, "tiny", "raises")
    (project.diagrams_dir / "_shapes.py").write_bytes(b"# caf\xe9\nBOX = 1\n")
    with pytest.raises(DiagramError) as caught:
        render_all(project)
    assert caught.value.problems == [
        "diagrams/_shapes.py:1: expected UTF-8 text, got the byte 0xe9 (invalid continuation byte); "
        "save the file as UTF-8"], caught.value.problems


def test_a_module_over_the_size_limit_is_refused_naming_it(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DIAGRAM_MODULE_BYTES", 1024)
    project = project_with(tmp_path, "tiny")
    module = project.diagrams_dir / "tiny.py"
    module.write_text(module.read_text() + "# padding\n" * 300)
    with pytest.raises(DiagramError) as caught:
        render_all(project)
    assert str(caught.value) == ("diagrams/tiny.py: expected at most 1 KiB, got 3 KiB "
                                 "(limit: limits.MAX_DIAGRAM_MODULE_BYTES)"), str(caught.value)


def test_the_real_modules_are_far_below_the_size_limit(root):
    assert max(p.stat().st_size for p in (root / "diagrams").glob("*.py")) < limits.MAX_DIAGRAM_MODULE_BYTES / 10


@pytest.mark.parametrize("command", ["check", "diagrams"])
def test_a_module_that_is_not_utf8_gives_a_message_not_a_traceback(tmp_path, command, capsys):
    from archbook.cli import main

    project = project_with(tmp_path, "tiny", "not_utf8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "docs" / "adr").mkdir(parents=True)
    status = main(["--root", str(tmp_path), command])
    out, err = capsys.readouterr()
    assert status == 1
    assert "diagrams/not_utf8.py:3: expected UTF-8 text, got the byte 0xe9" in out + err, out + err
    assert "Traceback" not in out + err


def test_module_without_texts_is_reported(tmp_path):
    project = project_with(tmp_path, "tiny")
    (project.diagrams_dir / "lonely.py").write_text("def draw(label):\n    pass\n")
    with pytest.raises(DiagramError, match=r"diagrams/lonely.py: no texts file data/diagrams/lonely.yml"):
        discover(project)


def test_real_diagrams_render_and_stay_within_budget(root):
    report = render_all(Project.at(root))
    assert report.diagrams
    for diagram in report.diagrams:
        svg = diagram.path.read_bytes()
        assert b"site-packages" not in svg and str(root).encode() not in svg
        assert diagram.width > 0 and diagram.height > 0


def test_diagrams_folder_never_shadows_the_library(root):
    assert not (root / "diagrams" / "__init__.py").exists()
    import diagrams

    assert "site-packages" in diagrams.__file__
