"""Pages reach only the project's own macros: page macros render in a Jinja sandbox.

mkdocs-macros renders a page that sets ``render_macros: true`` in a plain
Jinja environment holding the plugin's variables (``config``,
``environment``, ``plugin``, ``git``, ``page``, ``navigation``, ``files``,
``macros_info``, ``now``, ``fix_url``, ``context``, ``pretty``...), Jinja's
default globals (``range``, ``dict``, ``lipsum``, ``cycler``, ``joiner``,
``namespace``) and a loader for every file under ``docs/``. From there,
``{{ cycler.__init__.__globals__.os.popen("id").read() }}`` runs a shell
command while the site is built.

[install][archbook.macro_sandbox.install] (run before each page's macros)
replaces that environment with a [PageSandbox][archbook.macro_sandbox.PageSandbox]:

* Jinja's ``ImmutableSandboxedEnvironment``: no attribute starting with
  ``_``, no ``str.format`` escapes, no changing lists or dicts;
* its only globals are the project's macros (registered by
  ``archbook.page_macros.register``), its only filters the project's
  filters; the plugin's variables never reach the template, Jinja's default
  globals and filters are gone;
* no loader (no ``include``, ``import`` or ``extends``), undefined names
  are errors, the power operator is refused and repetition (``"x" * n``) is
  bounded, and one page's macros get at most
  ``limits.MACRO_SECONDS`` of wall-clock time.

A page that reaches for anything else does not stop the build with a Jinja
traceback: [report][archbook.macro_sandbox.report] (run after each page's
macros) fails the build with one line per problem naming the page's file and
line.
"""

from __future__ import annotations

import signal
import threading
import traceback
from pathlib import Path

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from archbook.errors import ArchbookError
from archbook.limits import MACRO_SECONDS

MAX_REPEAT = 100_000
"""The longest string or list a page may build with ``*``."""

_PROJECT = "archbook_project_macros"  # attribute of the plugin: the project's macro and filter names


class MacroTimeout(Exception):
    """A page's macros ran longer than ``limits.MACRO_SECONDS``."""


class PageTemplate(Template):
    """A page as a template: rendered with the project's macros only, failures recorded, never raised."""

    def render(self, *args, **kwargs) -> str:  # the plugin passes all its variables: none are used
        environment: PageSandbox = self.environment  # type: ignore[assignment]
        try:
            return _within_time_limit(MACRO_SECONDS, lambda: Template.render(self))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message naming the page
            environment.failures.append((_template_line(exc), exc))
            return ""


class PageSandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment pages render in: the project's macros and filters, nothing else."""

    template_class = PageTemplate
    intercepted_binops = frozenset({"**", "*"})

    def __init__(self, macros: dict, filters: dict):
        super().__init__(undefined=StrictUndefined, autoescape=False, loader=None)
        self.globals.clear()
        self.globals.update(macros)
        self.filters = dict(filters)
        self.policies = {}
        self.failures: list[tuple[int | None, BaseException]] = []
        self.macro_names = sorted(macros)

    def from_string(self, source, globals=None, template_class=None):
        """Compile a page; a syntax error is recorded for [report][archbook.macro_sandbox.report]."""
        try:
            return super().from_string(source, globals, template_class)
        except Exception as exc:  # noqa: BLE001 - reported naming the page, never as a traceback
            self.failures.append((_template_line(exc), exc))
            return _NothingRendered()

    def getattr(self, obj, attribute):
        if isinstance(obj, Undefined):  # name the missing macro, not the attribute asked of it
            obj._fail_with_undefined_error()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            raise SecurityError("the power operator '**' is not available on pages")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                        and len(sequence) * max(count, 0) > MAX_REPEAT:
                    raise SecurityError(f"repetition beyond {MAX_REPEAT:,} items is not available on pages")
        return super().call_binop(context, operator, left, right)


class _NothingRendered:
    """Stands in for a page that did not compile: renders nothing (the build then fails)."""

    def render(self, *args, **kwargs) -> str:
        return ""


def define(env, register) -> None:
    """Run ``register(env)`` (the project's macros) and remember what it added."""
    macros_before, filters_before = set(env.macros), set(env.filters)
    register(env)
    setattr(env, _PROJECT, ({name for name in env.macros if name not in macros_before},
                            {name for name in env.filters if name not in filters_before}))


def install(env) -> None:
    """Give the plugin ``env`` a fresh [PageSandbox][archbook.macro_sandbox.PageSandbox] for this page."""
    macro_names, filter_names = getattr(env, _PROJECT, (set(), set()))
    sandbox = PageSandbox({name: env.macros[name] for name in macro_names},
                          {name: env.filters[name] for name in filter_names})
    env._env = sandbox  # mkdocs-macros keeps its Jinja environment here and renders every page with it


def report(env) -> None:
    """Fail the build if this page's macros reached for anything but the project's own."""
    sandbox = getattr(env, "_env", None)
    if not isinstance(sandbox, PageSandbox) or not sandbox.failures:
        return
    page = env.page
    offset = _front_matter_lines(Path(page.file.abs_src_path)) if page.file.abs_src_path else 0
    where = "docs/" + page.file.src_uri
    problems = []
    for line, exc in sandbox.failures:
        located = f"{where}:{line + offset}" if line else where
        problems.append(f"{located}: {_describe(exc, sandbox.macro_names)}")
    sandbox.failures.clear()
    from archbook.errors import as_plugin_error

    raise as_plugin_error("a page's macros failed (pages reach only the project's own macros)",
                          ArchbookError(problems))


def _describe(exc: BaseException, names: list[str]) -> str:
    known = ", ".join(names)
    if isinstance(exc, SecurityError):
        return f"macro: expected only the project's macros ({known}), got {exc}"
    if isinstance(exc, UndefinedError):
        return f"macro: expected one of the project's macros ({known}), got {exc}"
    if isinstance(exc, TemplateSyntaxError):
        return f"macro: expected a macro call such as {{{{ table(\"roles\") }}}}, got a syntax error: {exc.message}"
    if isinstance(exc, MacroTimeout):
        return f"macro: expected the page's macros to finish within {MACRO_SECONDS} s, got {exc}"
    if isinstance(exc, TypeError) and "no loader" in str(exc):
        return f"macro: expected macro calls only (no include, import or extends), got {exc}"
    if isinstance(exc, TypeError):
        return f"macro: expected a call with the macro's arguments, got {exc}"
    if isinstance(exc, ArchbookError) or type(exc).__name__ in {"MacroError", "WidgetError", "DiagramError",
                                                                "ExercisePageError", "PluginError"}:
        return f"macro: expected a call the macro accepts, got {exc}"
    return f"macro: expected a macro call that works, got {type(exc).__name__}: {exc}"


def _template_line(exc: BaseException) -> int | None:
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line


def _front_matter_lines(path: Path) -> int:
    """How many lines the front matter takes (the template starts after it)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
            if first.strip() != "---":
                return 0
            for number, line in enumerate(handle, start=2):
                if line.strip() in {"---", "..."}:
                    return number
    except OSError:
        pass
    return 0


def _within_time_limit(seconds: float, work):
    """Run ``work()``; raise [MacroTimeout][archbook.macro_sandbox.MacroTimeout] after ``seconds``."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return work()

    def time_up(_signum, _frame):
        raise MacroTimeout(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
