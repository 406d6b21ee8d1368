"""Diagram modules are contributor code: they run in a separate, limited process.

Whatever a module does (exit, crash, loop, eat memory, write files, print),
the build fails with a message naming the module, or draws it correctly; it
never hangs, never reports success with diagrams missing, and never publishes
a file from outside the cache.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_project

from archbook.figures import diagrams as diagram_build

from archbook.core import limits
from archbook.figures.diagrams import DiagramError, Project, render_all, stop_worker

FIXTURES = Path(__file__).parent / "fixtures" / "diagrams"


def project_with(tmp_path: Path, *names: str) -> Project:
    """A project folder holding only the named fixture diagrams, and an empty docs/."""
    for folder in ("diagrams", "data/diagrams", "docs"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / f"{name}.py", tmp_path / "diagrams" / f"{name}.py")
        shutil.copy(FIXTURES / f"{name}.yml", tmp_path / "data" / "diagrams" / f"{name}.yml")
    return Project.at(tmp_path, cache_dir=tmp_path / "cache")


def failure(project: Project) -> str:
    with pytest.raises(DiagramError) as caught:
        render_all(project)
    return str(caught.value)


@pytest.fixture
def fresh_worker():
    """A test that replaces the worker starts and leaves with none running."""
    stop_worker()
    yield
    stop_worker()


def test_an_endless_loop_is_stopped_at_the_time_limit_naming_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "DIAGRAM_SECONDS", 1)
    project = project_with(tmp_path, "loop_forever")
    start = time.monotonic()
    message = failure(project)
    assert re.match(r"diagrams/loop_forever.py:(8|9): TimeLimitExceeded: still running after 1 s", message), message
    assert time.monotonic() - start < 8
    assert not list(project.cache_dir.glob("loop_forever.*"))


def test_a_loop_that_swallows_the_time_limit_is_killed(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "DIAGRAM_SECONDS", 1)
    project = project_with(tmp_path, "loop_stubborn")
    start = time.monotonic()
    message = failure(project)
    assert message.startswith("diagrams/loop_stubborn.py: still running after 1 s; stopped"), message
    assert time.monotonic() - start < 8


def test_a_drawing_graphviz_cannot_finish_is_stopped_naming_the_module(tmp_path, monkeypatch):
    quick = functools.partial(diagram_build.dot_to_svg, seconds=1)  # the module itself may take 30 s
    monkeypatch.setattr(diagram_build, "dot_to_svg", quick)
    project = project_with(tmp_path, "sprawling")
    start = time.monotonic()
    message = failure(project)
    assert message.startswith("diagrams/sprawling.py: Graphviz still laying out after 1 s "
                              "(limit: limits.DIAGRAM_SECONDS)"), message
    assert time.monotonic() - start < 15


def test_a_module_that_needs_too_much_memory_fails_naming_its_line(tmp_path):
    message = failure(project_with(tmp_path, "huge_memory"))
    assert message.startswith("diagrams/huge_memory.py:8: MemoryError: the module needed more than "
                              f"{limits.DIAGRAM_MEMORY_BYTES // 2**20} MiB"), message


def test_a_module_cannot_write_a_page_into_docs(tmp_path):
    project = project_with(tmp_path, "tiny", "writes_docs")
    message = failure(project)
    assert message.startswith("diagrams/writes_docs.py:12: PermissionError: a diagram module may not write "
                              "files (docs/injected.md)"), message
    assert not (tmp_path / "docs" / "injected.md").exists()


# The red team's escapes: each is refused where it happens, whatever the path, and writes nothing.
@pytest.mark.parametrize(("name", "expected", "target"), [
    ("writes_via_dir_fd", "diagrams/writes_via_dir_fd.py:14: PermissionError: a diagram module may not "
                          "write files (PWNED_dirfd)", "PWNED_dirfd"),
    ("uses_ctypes", "diagrams/uses_ctypes.py:3: PermissionError: a diagram module may not call C code "
                    "(ctypes) (ctypes.dlopen)", "PWNED_ctypes"),
    ("writes_docs_ctypes", "diagrams/writes_docs_ctypes.py:3: PermissionError: a diagram module may not "
                           "call C code (ctypes) (ctypes.dlopen)", "docs/sneaky.md"),
    ("resolves_dns", "diagrams/resolves_dns.py:10: PermissionError: a diagram module may not use the "
                     "network (sockets, name lookups) (socket.getaddrinfo)", None),
])
def test_an_escape_is_refused_naming_module_and_line(tmp_path, name, expected, target):
    project = project_with(tmp_path, name)
    message = failure(project)
    assert message.startswith(expected), message
    if target:
        assert not (tmp_path / target).exists()
    assert not list(project.cache_dir.glob(f"{name}.*"))


def test_a_page_rewritten_in_place_with_its_times_set_back_is_refused(tmp_path):
    project = project_with(tmp_path, "rewrites_docs_same_size")
    page = tmp_path / "docs" / "index.md"
    page.write_text("# Welcome\n\nevery term the handbook uses\n")
    before = (page.read_bytes(), page.stat().st_mtime_ns, page.stat().st_ctime_ns)
    message = failure(project)
    assert message.startswith("diagrams/rewrites_docs_same_size.py:15: PermissionError: a diagram module "
                              "may not write files (index.md)"), message
    assert (page.read_bytes(), page.stat().st_mtime_ns, page.stat().st_ctime_ns) == before


def _module(project: Project, name: str, *body: str) -> None:
    """A diagram module ``name`` that draws one node, then runs ``body`` (one statement a line)."""
    lines = ["from diagrams.onprem.queue import Kafka", "", "", "def draw(label):",
             '    Kafka(label("source"))', *(f"    {line}" for line in body)]
    (project.diagrams_dir / f"{name}.py").write_text("\n".join(lines) + "\n")
    shutil.copy(FIXTURES / "writes_docs.yml", project.data_dir / f"{name}.yml")


@pytest.mark.parametrize(("body", "refused"), [
    (["open('notes.txt', 'w')"], "write files (notes.txt)"),  # even in its own working folder
    (["import io", "io.FileIO(__file__, 'r+')"], "write files (diagrams/guarded.py)"),
    (["import os", "os.fdopen(os.dup(2), 'w')"], "write files (file descriptor"),
    (["import os", "os.mkdir('folder')"], "change files or folders (os.mkdir, folder)"),
    (["import os", "os.utime(__file__)"], "change files or folders (os.utime, "),
    (["import os", "os.chmod(__file__, 0o777)"], "change files or folders (os.chmod, "),
    (["import os", "os.rename(__file__, __file__ + '.bak')"], "change files or folders (os.rename, "),
    (["import tempfile", "tempfile.mkstemp()"], "change files or folders (tempfile.mkstemp)"),
    (["import sqlite3", "sqlite3.connect('x.db')"], "change files or folders (sqlite3.connect)"),
    (["import mmap, os", "mmap.mmap(os.open(__file__, os.O_RDONLY), 0)"], "map a file for writing"),
    (["import os", "os.mkfifo('docs.md')"], "create special files or start programs"),
    (["import _posixsubprocess", "_posixsubprocess.fork_exec()"], "create special files or start programs"),
    (["import os", "os.fork()"], "start programs or processes (os.fork)"),
    (["import os", "os.posix_spawn('/bin/true', ['true'], {})"], "start programs or processes (os.posix_spawn"),
    (["import socket", "socket.gethostbyname('example.org')"], "use the network (sockets, name lookups)"),
    (["import socket", "socket.socket()"], "use the network (sockets, name lookups) (socket.__new__)"),
    (["import urllib.request", "urllib.request.urlopen('http://example.org')"], "use the network"),
    (["import os, signal", "os.kill(os.getppid(), signal.SIGTERM)"], "send signals (os.kill"),
    (["import sys", "sys.settrace(lambda *a: None)"], "trace or profile Python code (sys.settrace)"),
    (["import gc", "gc.get_objects()"], "search the garbage collector's objects (gc.get_objects)"),
    (["import _ctypes", "_ctypes.dlopen(None, 0)"], "call C code (ctypes) (ctypes.dlopen)"),
])
def test_the_guard_refuses_every_kind_of_change(tmp_path, body, refused):
    project = project_with(tmp_path)
    _module(project, "guarded", *body)
    message = failure(project)
    line = 5 + len(body)
    assert message.startswith(f"diagrams/guarded.py:{line}: PermissionError: a diagram module may not "
                              f"{refused}"), message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "diagrams", "docs"]
    assert sorted(p.name for p in project.diagrams_dir.iterdir()) == ["guarded.py"]


def test_reading_files_is_still_allowed(tmp_path):
    project = project_with(tmp_path)
    _module(project, "reads", "import os", "open(__file__).read()", "os.listdir(os.path.dirname(__file__))",
            "os.close(os.open(__file__, os.O_RDONLY))")
    assert render_all(project).drawn == 2


def test_a_write_past_the_guard_is_caught_by_the_file_check(tmp_path, monkeypatch):
    """The second line: a page rewritten with the same size and its times set back is still seen."""
    project = project_with(tmp_path, "tiny")
    page = tmp_path / "docs" / "index.md"
    page.write_text("# Welcome\n\nevery term the handbook uses\n")
    real_ask = diagram_build._WORKER.ask

    def ask_and_tamper(request, display, timeout, preload=()):
        answer = real_ask(request, display, timeout, preload)
        before = page.stat()
        page.write_text(page.read_text().upper())
        os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns
        return answer

    monkeypatch.setattr(diagram_build._WORKER, "ask", ask_and_tamper)
    message = failure(project)
    assert message.startswith("diagrams/tiny.py: files of the project changed while it ran: "
                              "docs/index.md (changed)"), message
    assert not list(project.cache_dir.glob("tiny.*"))


def test_the_file_check_sees_created_removed_and_linked_files(tmp_path):
    project = project_with(tmp_path)
    (tmp_path / "docs" / "a.md").write_text("a")
    (tmp_path / "docs" / "b.md").write_text("b")
    before = diagram_build._snapshot(project)
    (tmp_path / "docs" / "a.md").unlink()
    (tmp_path / "docs" / "c.md").write_text("c")
    (tmp_path / "docs" / "linked").symlink_to("/etc")
    os.mkfifo(tmp_path / "docs" / "fifo.md")
    changes = diagram_build._changes(before, diagram_build._snapshot(project))
    assert changes == ["docs/c.md (created)", "docs/fifo.md (created)", "docs/linked (created)",
                       "docs/a.md (removed)"], changes


def test_printing_reaches_neither_the_protocol_nor_standard_output(tmp_path, capfd, fresh_worker):
    project = project_with(tmp_path, "prints_garbage")
    report = render_all(project)
    assert report.drawn == 2
    out, err = capfd.readouterr()
    assert "GARBAGE" not in out and "forged" not in out, out
    assert "GARBAGE-ON-FD-1" in err  # shown to the person building, on standard error
    for diagram in report.diagrams:
        svg = diagram.path.read_text(encoding="utf-8")
        assert "forged" not in svg and "Source" in svg


def test_an_svg_over_the_size_limit_fails_naming_module_and_size(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DIAGRAM_SVG_BYTES", 1000)
    project = project_with(tmp_path, "tiny")
    message = failure(project)
    assert message.startswith("diagrams/tiny.py: the drawn image (en) is "), message
    assert "bytes, more than the limit of 1,000 bytes (limits.MAX_DIAGRAM_SVG_BYTES)" in message
    assert not list(project.cache_dir.glob("tiny.*"))


def test_a_cached_svg_over_the_size_limit_fails_too(tmp_path, monkeypatch):
    project = project_with(tmp_path, "tiny")
    render_all(project)
    monkeypatch.setattr(limits, "MAX_DIAGRAM_SVG_BYTES", 1000)
    assert failure(project).startswith("diagrams/tiny.py: the drawn image (en) is ")


def test_alt_text_over_the_limit_fails_naming_file_line_and_field(tmp_path):
    project = project_with(tmp_path, "long_alt")
    alt_line = (project.data_dir / "long_alt.yml").read_text().splitlines()[2]
    assert len(alt_line.split(": ", 1)[1]) > limits.MAX_ALT_CHARS
    message = failure(project)
    assert message.startswith("data/diagrams/long_alt.yml:3: field 'alt"), message
    assert "limits.MAX_ALT_CHARS" in message


def test_an_empty_alt_text_fails(tmp_path):
    project = project_with(tmp_path, "tiny")
    texts = project.data_dir / "tiny.yml"
    texts.write_text(texts.read_text().replace("alt: {en: A stream feeding an API,", "alt: {en: '  ',"))
    assert failure(project).startswith("data/diagrams/tiny.yml:2: field 'alt.en': empty translation (en)")


def test_a_warm_pass_starts_no_process(tmp_path):
    project = project_with(tmp_path, "tiny")
    render_all(project)
    stop_worker()
    report = render_all(project)
    assert report.cached == 2
    assert diagram_build._WORKER._process is None


def test_a_worker_that_answers_garbage_fails_naming_the_module(tmp_path, monkeypatch, fresh_worker):
    fake = "import sys; sys.stdin.readline(); print('site built'); sys.stdout.flush(); sys.stdin.readline()"
    monkeypatch.setattr(diagram_build, "WORKER_COMMAND", (sys.executable, "-c", fake))
    message = failure(project_with(tmp_path, "tiny"))
    assert message.startswith("diagrams/tiny.py: the process drawing it answered something that is not "
                              "an answer"), message


def test_a_worker_that_ends_without_answering_fails_naming_the_module(tmp_path, monkeypatch, fresh_worker):
    monkeypatch.setattr(diagram_build, "WORKER_COMMAND", (sys.executable, "-c", "pass"))
    message = failure(project_with(tmp_path, "tiny"))
    assert message.startswith("diagrams/tiny.py: the process drawing it "), message
    assert "without an answer (exit status 0)" in message or "could not be given the request" in message


def test_a_silent_worker_is_killed_naming_the_module(tmp_path, monkeypatch, fresh_worker):
    monkeypatch.setattr(diagram_build, "WORKER_COMMAND", (sys.executable, "-c", "import time; time.sleep(60)"))
    monkeypatch.setattr(diagram_build, "WORKER_MARGIN", 0.5)
    monkeypatch.setattr(limits, "DIAGRAM_SECONDS", 0.5)
    start = time.monotonic()
    message = failure(project_with(tmp_path, "tiny"))
    assert message.startswith("diagrams/tiny.py: the process drawing it gave no answer within 2 s; stopped"), message
    assert time.monotonic() - start < 8


def test_modules_do_not_see_the_build_environment(tmp_path, monkeypatch, fresh_worker):
    monkeypatch.setenv("DEPLOY_TOKEN", "secret-value")
    project = project_with(tmp_path, "tiny")
    module = project.diagrams_dir / "tiny.py"
    module.write_text(module.read_text().replace(
        'Fastapi(label("sink"))', 'Fastapi(label("sink") + __import__("os").environ.get("DEPLOY_TOKEN", ""))'))
    report = render_all(project)
    assert all("secret-value" not in d.path.read_text() for d in report.diagrams)


def test_a_worker_that_cannot_start_fails_naming_the_module(tmp_path, monkeypatch, fresh_worker):
    monkeypatch.setattr(diagram_build, "WORKER_COMMAND", (str(tmp_path / "no-such-python"),))
    message = failure(project_with(tmp_path, "tiny"))
    assert message.startswith("diagrams/tiny.py: the process for diagram modules could not be started"), message


# --- the whole site build ---------------------------------------------------------------------



@pytest.mark.build
def test_a_site_build_with_an_exiting_diagram_fails_and_keeps_the_previous_site(tmp_path, root, monkeypatch,
                                                                              capfd):
    from archbook.site.guarded_build import build_site

    copy = copy_project(tmp_path / "project")
    shutil.copy(FIXTURES / "os_exit.py", copy / "diagrams" / "os_exit.py")
    shutil.copy(FIXTURES / "os_exit.yml", copy / "data" / "diagrams" / "os_exit.yml")
    target = tmp_path / "public" / "site"
    target.mkdir(parents=True)
    for marker in ("index.html", "sitemap.xml", "search/search_index.json"):  # an earlier build
        (target / marker).parent.mkdir(parents=True, exist_ok=True)
        (target / marker).write_text("the previous site")
    monkeypatch.setenv("ARCHBOOK_CACHE_DIR", str(tmp_path / "cache"))

    status = build_site(target, root=copy)

    err = capfd.readouterr().err
    assert status != 0
    assert "diagrams/os_exit.py: the process drawing it ended with exit status 0 without an answer" in err
    assert "site built" not in err and "Traceback" not in err
    assert (target / "index.html").read_text() == "the previous site"
    assert sorted(p.name for p in target.parent.iterdir()) == ["site"], "no staging folder left behind"
