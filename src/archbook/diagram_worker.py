"""The process that runs diagram modules, so contributor code never runs inside the build.

``python -B -m archbook.diagram_worker`` is started by
``archbook.diagram_build`` and kept for as long as the build
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
  module's line: opening a file for writing, creating, removing, renaming or
  changing files and folders anywhere but that temporary folder; starting
  programs (``subprocess``, ``os.system``, ``os.exec*``, ``fork``...);
  sending signals; and network connections.

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

This is a guard against mistakes, not a security sandbox: Python code that
sets out to escape (``ctypes``, file descriptors it should not know about,
``dir_fd`` tricks) can. See ``archbook.diagram_build`` for what
the build checks on top of it and what it guarantees.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import math
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
_PATH_EVENTS = {  # audit event -> (what is refused, positions of the path arguments)
    "os.remove": ("remove files", (0,)), "os.rmdir": ("remove folders", (0,)),
    "os.mkdir": ("create folders", (0,)), "os.rename": ("rename files", (0, 1)),
    "os.link": ("create links", (0, 1)), "os.symlink": ("create links", (1,)),
    "os.truncate": ("truncate files", (0,)), "os.chmod": ("change file modes", (0,)),
    "os.chown": ("change file owners", (0,)), "os.utime": ("change file times", (0,)),
    "os.chflags": ("change file flags", (0,)), "os.lchflags": ("change file flags", (0,)),
    "os.lchmod": ("change file modes", (0,)), "shutil.rmtree": ("remove folders", (0,)),
    "os.setxattr": ("change file attributes", (0,)), "os.removexattr": ("change file attributes", (0,)),
}
_REFUSED_EVENTS = {
    "subprocess.Popen": "start programs", "os.system": "start programs", "os.exec": "start programs",
    "os.posix_spawn": "start programs", "os.spawn": "start programs", "os.startfile": "start programs",
    "os.fork": "start processes", "os.forkpty": "start processes",
    "os.kill": "send signals", "os.killpg": "send signals",
    "socket.connect": "open network connections", "socket.bind": "open network connections",
    "socket.sendto": "open network connections", "socket.sendmsg": "open network connections",
    "resource.setrlimit": "change its limits", "resource.prlimit": "change its limits",
}


class TimeLimitExceeded(BaseException):
    """Raised inside a module that runs past its time limit (not an ``Exception``: harder to swallow)."""


# --- the child: runs one request, in its own process ------------------------------------------


def _inside(path, folder: str) -> bool:
    real = os.path.realpath(os.fsdecode(os.fspath(path)))
    return real == folder or real.startswith(folder + os.sep)


def _audit_guard(workdir: str, root: str):
    """An audit hook that refuses writes outside ``workdir``, programs, signals and the network."""

    def shown(path) -> str:
        real = os.path.realpath(os.fsdecode(os.fspath(path)))
        rel = os.path.relpath(real, root) if _inside(real, root) else real
        return rel

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, flags = args[0], args[2]
            if isinstance(path, int) or not flags or not flags & _WRITE_FLAGS:
                return
            if not _inside(path, workdir):
                raise PermissionError(f"a diagram module may not write files ({shown(path)})")
        elif event in _PATH_EVENTS:
            what, positions = _PATH_EVENTS[event]
            for position in positions:
                path = args[position] if position < len(args) else None
                if isinstance(path, (str, bytes, os.PathLike)) and not _inside(path, workdir):
                    raise PermissionError(f"a diagram module may not {what} ({shown(path)})")
        elif event in _REFUSED_EVENTS:
            raise PermissionError(f"a diagram module may not {_REFUSED_EVENTS[event]} ({event})")

    return hook


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
        sys.addaudithook(_audit_guard(os.path.realpath(workdir), os.path.realpath(request["root"])))
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
