"""The process that runs diagram modules, so contributor code never runs inside the build.

``python -B -m archbook.figures.worker`` is started by
``archbook.figures.diagrams`` and kept for as long as the build
process lives. It reads one JSON request per line and answers one JSON line
per request, on private copies of its standard input and output; the code it
runs sees ``/dev/null`` as standard input and the worker's standard error as
standard output, so nothing a module prints can reach the protocol or the
build's standard output.

The worker itself never runs a diagram module. For each request it forks a
child that, before touching the module:

- moves into a fresh, empty temporary folder (removed afterwards) and points
  ``TMPDIR`` there;
- limits its address space to the request's memory limit
  (``limits.DIAGRAM_MEMORY_BYTES``), its processor time, and core dumps to 0;
- arms a timer that raises inside the module after the request's time limit
  (``limits.DIAGRAM_SECONDS``), so the message names the line it was stuck on;
- installs an audit hook that refuses, with ``PermissionError`` at the
  module's line, whatever the path (a relative path with ``dir_fd=`` says
  nothing about where it points, so no path is trusted): opening any file for
  writing, creating, truncating or appending; creating, removing, renaming or
  changing files and folders (``os.remove``, ``os.utime``, ``os.chmod``,
  ``shutil``, ``tempfile``, ``sqlite3``...), a writable ``mmap`` of a file;
  starting programs or processes (``subprocess``, ``os.system``,
  ``os.exec*``, ``os.posix_spawn``, ``fork``); sending signals; the network,
  name lookups included (every ``socket.*`` event, ``urllib``); C code
  (every ``ctypes.*`` event, so ``import ctypes`` itself); ``ioctl``; and
  what could switch the hook off (``sys.settrace``, ``sys.setprofile``,
  ``gc.get_objects``/``get_referrers``). The hook decides with private copies
  of its tables, never with globals a module could change. ``os.mkfifo``,
  ``os.mknod`` and ``_posixsubprocess.fork_exec``, which raise no audit
  event, are replaced in the child by functions that refuse.

Then it imports the module, calls ``draw(label)`` or ``cache_inputs()``, and
sends the result back through a pipe. The worker waits for that answer at most
the time limit plus ``GRACE`` seconds, kills the
child if it is still running, and turns everything that is not a proper
answer (``sys.exit``, ``os._exit``, a crash, a kill, garbage) into an error
message naming the module. A fresh child per request means no module can
change what the next one draws.

Libraries the modules import (``diagrams.*``, ``archbook.*``) may be imported
once by the worker itself (a ``preload`` request), so each child starts in
milliseconds instead of importing them again.

A diagram module needs none of this: the ``diagrams`` library only builds
objects and records DOT text (the child never renders). This is still a
guard in Python, not a kernel sandbox: code that sets out to escape can look
for what the audit events do not cover (a fresh copy of an extension module,
a C extension of its own, the standard error it inherits). See
``archbook.figures.diagrams`` for what the build checks on top of it (the
content of every published source file) and what it guarantees.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import math
import mmap
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

GRACE = 1.0
"""Seconds a child may overrun its time limit (to report its own line) before it is killed."""

MAX_ANSWER_BYTES = 8 * 1024 * 1024
"""Largest answer a child may send; more is refused (a real diagram's DOT text is a few KiB)."""

FOLDER_VARIABLE = "ARCHBOOK_DIAGRAM_WORKER_FOLDER"
"""The temporary folder the build made for the worker; the worker removes it when it ends."""

PRELOAD_PREFIXES = ("diagrams", "archbook")
"""Top-level packages the worker may import in advance (libraries, never diagram modules)."""

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
"""``open`` flags that ask for writing; any of them is refused, whatever the path or ``dir_fd``."""

_WRITE_MODES = frozenset("wax+")
"""Letters of an ``open`` mode that ask for writing."""

# Audit events (https://docs.python.org/3.11/library/audit_events.html) refused outright, with what
# the message says a module may not do. Nothing here depends on a path: events such as
# ``os.open(..., dir_fd=)`` do not say which folder a relative path is relative to, so no path can
# be trusted to be harmless. A diagram module needs to read files and build Python objects; it
# never needs to change a file, start a process, reach the network or call into C.
_REFUSED_EVENTS = {
    **dict.fromkeys((
        "os.remove", "os.rmdir", "os.mkdir", "os.rename", "os.link", "os.symlink", "os.truncate",
        "os.chmod", "os.lchmod", "os.chown", "os.utime", "os.chflags", "os.lchflags", "os.setxattr",
        "os.removexattr", "shutil.copyfile", "shutil.copymode", "shutil.copystat", "shutil.copytree",
        "shutil.chown", "shutil.make_archive", "shutil.move", "shutil.rmtree", "shutil.unpack_archive",
        "tempfile.mkstemp", "tempfile.mkdtemp", "sqlite3.connect", "sqlite3.connect/handle",
        "sqlite3.enable_load_extension", "sqlite3.load_extension",
    ), "change files or folders"),
    **dict.fromkeys((
        "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile",
        "os.fork", "os.forkpty", "pty.spawn", "webbrowser.open", "_winapi.CreateProcess",
    ), "start programs or processes"),
    **dict.fromkeys(("os.kill", "os.killpg", "signal.pthread_kill"), "send signals"),
    **dict.fromkeys(("urllib.Request", "http.client.connect", "http.client.send"), "use the network"),
    **dict.fromkeys(("resource.setrlimit", "resource.prlimit"), "change its limits"),
    "fcntl.ioctl": "control devices (ioctl)",
    # what could switch this guard off: tracing jumps over its lines, gc finds it
    **dict.fromkeys(("sys.settrace", "sys.setprofile"), "trace or profile Python code"),
    **dict.fromkeys(("gc.get_objects", "gc.get_referrers", "gc.get_referents"),
                    "search the garbage collector's objects"),
}
_REFUSED_PREFIXES = {
    "ctypes.": "call C code (ctypes)",
    "socket.": "use the network (sockets, name lookups)",
    "ftplib.": "use the network", "smtplib.": "use the network", "poplib.": "use the network",
    "imaplib.": "use the network", "nntplib.": "use the network", "telnetlib.": "use the network",
}


class TimeLimitExceeded(BaseException):
    """Raised inside a module that runs past its time limit (not an ``Exception``: harder to swallow)."""


# --- the child: runs one request, in its own process ------------------------------------------


def _shown(path, root: str) -> str:
    """``path`` for a message: relative to the project when inside it, else as the module gave it."""
    if isinstance(path, int):
        return f"file descriptor {path}"
    try:
        path = os.fsdecode(os.fspath(path))
        if not os.path.isabs(path):
            return path  # relative to the working folder or to a dir_fd: shown as given
        real = os.path.realpath(path)
        if real == root or real.startswith(root + os.sep):
            return os.path.relpath(real, root)
        return real
    except Exception:  # noqa: BLE001 - only the message depends on it
        return repr(path)


def _audit_guard(root: str):
    """An audit hook that refuses every write, process, signal, network use and call into C.

    The decision uses only values bound here (private copies, not module globals a diagram
    module could change) and the builtins captured as defaults; only the wording of the
    message calls library code. Whatever goes wrong inside the hook raises, which also
    refuses the operation.
    """
    refused, prefixes = dict(_REFUSED_EVENTS), tuple(_REFUSED_PREFIXES.items())
    write_flags, write_modes = int(_WRITE_FLAGS), frozenset(_WRITE_MODES)
    readonly_maps = (getattr(mmap, "ACCESS_READ", 1), getattr(mmap, "ACCESS_COPY", 3))

    def hook(event: str, args: tuple, *, _type=type, _str=str, _bytes=bytes, _int=int, _len=len,
             _refuse=PermissionError, _shown=_shown) -> None:
        if event == "open":
            path, mode, flags = args
            if ((_type(flags) is _int and flags & write_flags)
                    or (_type(mode) is _str and not write_modes.isdisjoint(mode))):
                raise _refuse(f"a diagram module may not write files ({_shown(path, root)})")
            return
        if event == "mmap.__new__":
            fileno, access = args[0], args[2]
            if fileno != -1 and access not in readonly_maps:
                raise _refuse(f"a diagram module may not map a file for writing ({_shown(fileno, root)})")
            return
        what = refused.get(event)
        if what is None:
            for prefix, why in prefixes:
                if event.startswith(prefix):
                    what = why
                    break
        if what is not None:
            target = f", {_shown(args[0], root)}" if (_len(args) and event.startswith("os.")
                                                       and _type(args[0]) in (_str, _bytes, _int)) else ""
            raise _refuse(f"a diagram module may not {what} ({event}{target})")

    return hook


def _remove_unaudited() -> None:
    """Take away, in the child only, functions that change files or start programs unaudited.

    ``os.mkfifo``, ``os.mknod`` and ``_posixsubprocess.fork_exec`` raise no audit event in
    Python 3.11. A speed bump for code that looks for them (a fresh copy of an extension
    module can still be made); the file check after each run is the line behind it.
    """

    def refused(*args, **kwargs):
        raise PermissionError("a diagram module may not create special files or start programs")

    for module in (os, sys.modules.get("posix")):
        for name in ("mkfifo", "mknod"):
            if module is not None and hasattr(module, name):
                setattr(module, name, refused)
    with contextlib.suppress(ImportError):
        import _posixsubprocess

        _posixsubprocess.fork_exec = refused


@contextlib.contextmanager
def _helpers_importable(folder: Path):
    """Let a diagram module import the shared helpers (``diagrams/_*.py``) by name while it loads."""
    helpers = [path.stem for path in folder.glob("_*.py")]
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        sys.path.remove(str(folder))
        for name in helpers:
            sys.modules.pop(name, None)


def load_module(path: Path, name: str):
    """Import the diagram module at ``path``; it must define ``draw(label)``."""
    spec = importlib.util.spec_from_file_location(f"archbook_diagram_{name}", path)
    module = importlib.util.module_from_spec(spec)
    with _helpers_importable(path.parent):
        spec.loader.exec_module(module)
    if not callable(getattr(module, "draw", None)):
        raise AttributeError("the module defines no draw(label) function")
    return module


class _Labels:
    """Gives ``draw`` its labels and remembers which were used."""

    def __init__(self, labels: dict[str, str], texts: str):
        self.labels, self.texts = labels, texts
        self.used: set[str] = set()

    def __call__(self, key: str) -> str:
        if key not in self.labels:
            raise KeyError(f"label {key!r} is not defined in {self.texts}")
        self.used.add(key)
        return self.labels[key]


def _draw(module, request: dict, workdir: str) -> dict:
    from diagrams import Diagram, setcluster, setdiagram

    class _RecordingDiagram(Diagram):
        """A ``diagrams.Diagram`` that keeps its DOT source and runs no program."""

        dot_source = ""

        def render(self) -> None:  # noqa: D401 - overrides the library
            self.dot_source = self.dot.source

        def __exit__(self, exc_type, exc_value, tb):
            if exc_type is None:
                self.render()
            setdiagram(None)
            setcluster(None)

    labels = _Labels(request["labels"], request["texts"])
    attrs = {**request["graph_attr"], **getattr(module, "GRAPH_ATTR", {})}
    with _RecordingDiagram("", filename=os.path.join(workdir, "unused"), show=False,
                           direction=getattr(module, "DIRECTION", "LR"), outformat="svg",
                           graph_attr=attrs) as diagram:
        module.draw(labels)
    if not isinstance(diagram.dot_source, str) or not diagram.dot_source:
        raise ValueError("draw(label) produced no drawing")
    return {"dot": diagram.dot_source, "used": sorted(labels.used)}


def _inputs(module) -> dict:
    function = getattr(module, "cache_inputs", None)
    return {"inputs": str(function()) if callable(function) else ""}


def describe_failure(exc: BaseException, module: Path, display: str, request: dict) -> str:
    """``diagrams/x.py:12: KeyError: ...``: the module's file, its innermost line, the error."""
    line = None
    target = module.resolve()
    for frame in traceback.extract_tb(exc.__traceback__):
        with contextlib.suppress(OSError, ValueError):
            if Path(frame.filename).resolve() == target:
                line = frame.lineno
    if isinstance(exc, SyntaxError) and exc.lineno:
        line = exc.lineno
    where = display + (f":{line}" if line else "")
    if isinstance(exc, TimeLimitExceeded):
        return (f"{where}: {type(exc).__name__}: still running after {request['seconds']:g} s "
                f"(limit: limits.DIAGRAM_SECONDS)")
    if isinstance(exc, SystemExit):
        return (f"{where}: SystemExit: the module called sys.exit({exc.code!r}); "
                "a diagram module must return from draw(label), not end the process")
    if isinstance(exc, MemoryError):
        return (f"{where}: MemoryError: the module needed more than {request['memory'] // 2**20} MiB "
                "of memory (limit: limits.DIAGRAM_MEMORY_BYTES)")
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    return f"{where}: {type(exc).__name__}: {message}"


OWN_FAILURE = 70
"""Exit status of a child whose own code (not the module's) failed, e.g. while sending the answer."""


def _run_child(request: dict, workdir: str, answer_fd: int) -> None:
    """Body of the forked child; never returns."""
    status = 0
    try:
        os.chdir(workdir)
        os.environ["TMPDIR"] = workdir
        tempfile.tempdir = workdir
        memory, seconds = int(request["memory"]), float(request["seconds"])
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = math.ceil(used.ru_utime + used.ru_stime + seconds + 2 * GRACE)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

        def time_up(signum, frame):
            raise TimeLimitExceeded()

        signal.signal(signal.SIGALRM, time_up)
        module_path = Path(request["module"])
        _remove_unaudited()
        sys.addaudithook(_audit_guard(os.path.realpath(request["root"])))
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            module = load_module(module_path, request["name"])
            answer = {"ok": True, **(_draw(module, request, workdir) if request["op"] == "draw"
                                     else _inputs(module))}
        except BaseException as exc:  # noqa: BLE001 - contributor code: report everything
            signal.setitimer(signal.ITIMER_REAL, 0)
            answer = {"ok": False, "error": describe_failure(exc, module_path, request["display"], request)}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        data = json.dumps(answer).encode("ascii")  # \u escapes: any text survives the pipe
        view = memoryview(data)
        while view:
            view = view[os.write(answer_fd, view):]
    except BaseException:  # noqa: BLE001 - our own failure: the worker reports the exit status
        status = OWN_FAILURE
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        os._exit(status)


# --- the worker: supervises one child per request --------------------------------------------


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _collect(pid: int, answer_fd: int, deadline: float) -> tuple[bytes, str | None]:
    """Read the child's answer until it closes the pipe, or stop it at ``deadline``."""
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", "timeout"
        ready, _, _ = select.select([answer_fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(answer_fd, 65536)
        if not chunk:
            return b"".join(chunks), None
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            return b"", "too-big"


def _reap(pid: int, deadline: float) -> tuple[int, bool]:
    """The child's wait status; killed first if it is still running at ``deadline``."""
    try:
        pidfd = os.pidfd_open(pid)  # Linux: wait for the exit exactly, with a deadline
    except (AttributeError, OSError):
        pidfd = None
    try:
        pause = 0.0002
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status, False
            if pidfd is not None:
                select.select([pidfd], [], [], max(0.0, deadline - time.monotonic()))
            else:
                time.sleep(pause)
                pause = min(pause * 2, 0.02)
    finally:
        if pidfd is not None:
            os.close(pidfd)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1], True


def _verdict(request: dict, data: bytes, problem: str | None, status: int, killed: bool) -> dict:
    display, seconds = request["display"], float(request["seconds"])
    if problem == "timeout" or (killed and not data):
        return {"ok": False, "error": f"{display}: still running after {seconds:g} s; stopped "
                                      "(limit: limits.DIAGRAM_SECONDS)"}
    if problem == "too-big":
        return {"ok": False, "error": f"{display}: sent back more than {MAX_ANSWER_BYTES // 2**20} MiB; stopped"}
    if data:
        try:
            answer = json.loads(data.decode("utf-8"))
        except ValueError:
            answer = None
        if isinstance(answer, dict) and isinstance(answer.get("ok"), bool):
            return answer
        return {"ok": False, "error": f"{display}: the drawing process sent back something "
                                      "that is not an answer"}
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = _signal_name(number)
        if number == signal.SIGXCPU:
            why = f"used more processor time than its limit of {seconds:g} s"
        elif number == signal.SIGKILL:
            why = "was killed (SIGKILL), perhaps for using too much memory"
        else:
            why = f"crashed ({name})"
        return {"ok": False, "error": f"{display}: the process drawing it {why}, without an answer"}
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else status
    if code == OWN_FAILURE:
        return {"ok": False, "error": f"{display}: the process drawing it could not send its answer "
                                      f"(exit status {code}); see the messages above"}
    return {"ok": False, "error": f"{display}: the process drawing it ended with exit status {code} "
                                  "without an answer (a diagram module must not call os._exit or "
                                  "end its process)"}


def run_request(request: dict, channels: tuple[int, ...]) -> dict:
    """Run one ``draw`` or ``inputs`` request in a fresh child and describe what happened."""
    workdir = tempfile.mkdtemp(prefix="archbook-diagram-")
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_fd)
            for fd in channels:
                with contextlib.suppress(OSError):
                    os.close(fd)
            _run_child(request, workdir, write_fd)
        os.close(write_fd)
        deadline = time.monotonic() + float(request["seconds"]) + GRACE
        data, problem = _collect(pid, read_fd, deadline)
        if problem:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        status, killed = _reap(pid, deadline if not problem else time.monotonic())
        return _verdict(request, data, problem, status, killed)
    finally:
        os.close(read_fd)
        shutil.rmtree(workdir, ignore_errors=True)


def preload(modules: list[str]) -> None:
    """Import library modules (never diagram modules) once, so children start fast."""
    for name in modules:
        if name.split(".")[0] in PRELOAD_PREFIXES and name not in sys.modules:
            with contextlib.suppress(Exception):
                importlib.import_module(name)


def serve() -> int:
    """Answer requests from the build until it closes our standard input (or goes away)."""
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)  # whatever a module prints goes to standard error, never to the protocol
    channels = (requests.fileno(), answers.fileno())
    try:
        for line in requests:
            try:
                request = json.loads(line)
                if request.get("op") == "preload":
                    preload([str(m) for m in request.get("modules", [])])
                    answer = {"ok": True}
                else:
                    answer = run_request(request, channels)
            except Exception as exc:  # noqa: BLE001 - a bad request must not take the worker down
                answer = {"ok": False, "error": f"diagram worker: {type(exc).__name__}: {exc}"}
            answers.write(json.dumps(answer).encode("ascii") + b"\n")
            answers.flush()
    except (BrokenPipeError, KeyboardInterrupt):  # the build went away: nobody to answer
        pass
    finally:
        own = os.environ.get(FOLDER_VARIABLE)
        if own and os.path.realpath(own) == os.path.realpath(os.getcwd()):
            shutil.rmtree(own, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(serve())
