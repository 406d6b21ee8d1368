"""Pages reach only the project's own macros: page macros render in a Jinja sandbox.

mkdocs-macros renders a page that sets ``render_macros: true`` in a plain
Jinja environment holding the plugin's variables (``config``,
``environment``, ``plugin``, ``git``, ``page``, ``navigation``, ``files``,
``macros_info``, ``now``, ``fix_url``, ``context``, ``pretty``...), Jinja's
default globals (``range``, ``dict``, ``lipsum``, ``cycler``, ``joiner``,
``namespace``) and a loader for every file under ``docs/``. From there,
``{{ cycler.__init__.__globals__.os.popen("id").read() }}`` runs a shell
command while the site is built.

[install][archbook.safety.macro_sandbox.install] (run before each page's macros)
replaces that environment with a [PageSandbox][archbook.safety.macro_sandbox.PageSandbox]:

* Jinja's ``ImmutableSandboxedEnvironment``: no attribute starting with
  ``_``, no ``str.format`` escapes, no changing lists or dicts;
* its only globals are the project's macros (registered by
  ``archbook.site.macros.register``), its only filters the project's
  filters; the plugin's variables never reach the template, Jinja's default
  globals and filters are gone;
* only what the project's macros return is published as it is; every other
  value a page prints (``{{ "<svg>" }}``, ``{{ "{" }}``, a macro's result
  after ``~`` or slicing, a ``{% macro %}`` of the page's own) is made inert
  first ([inert_output][archbook.safety.macro_sandbox.inert_output]): HTML escaped,
  braces as entities (no attribute lists), links and images neutralised;
* no loader (no ``include``, ``import`` or ``extends``), undefined names
  are errors, the power operator is refused and repetition (``"x" * n``) is
  bounded, and one page's macros get at most
  ``limits.MACRO_SECONDS`` of wall-clock time.

A page that reaches for anything else does not stop the build with a Jinja
traceback: [report][archbook.safety.macro_sandbox.report] (run after each page's
macros) fails the build with one line per problem naming the page's file and
line.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import signal
import threading
import traceback
from collections.abc import MutableMapping
from pathlib import Path

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from archbook.core.errors import ArchbookError
from archbook.core.front_matter_split import split_front_matter_lines
from archbook.core.limits import MACRO_SECONDS

MAX_REPEAT = 100_000
"""The longest string or list a page may build with ``*``."""

MAX_OUTPUT_CHARS = 2_000_000
"""The most text one page's macros may produce (the largest page today renders about 150,000)."""

_PROJECT = "archbook_project_macros"  # attribute of the plugin: the project's macro and filter names


class _Trusted:
    """Marks the project's own macros and filters: the only things a page may call."""


class MacroOutput(str):
    """Text a project macro returned: the only text a page prints as it is.

    A subclass of ``str`` whose operations (``~``, slicing, methods) all
    return plain ``str``: text derived from a macro's output, or pieced
    together from it, is no longer trusted.
    """


def _trusted(macro):
    """``macro`` with its text results marked as [MacroOutput][archbook.safety.macro_sandbox.MacroOutput]."""
    @functools.wraps(macro)
    def call(*args, **kwargs):
        result = macro(*args, **kwargs)
        return MacroOutput(result) if isinstance(result, str) else result
    call.archbook_trusted = _Trusted  # type: ignore[attr-defined]
    return call


def inert_output(value) -> str:
    """What a page prints for ``value``: a project macro's text as it is, anything else inert."""
    if type(value) is MacroOutput:
        return value
    from archbook.safety.markup_policy import inert_inline

    return inert_inline(str(value))


class MacroTimeout(Exception):
    """A page's macros ran longer than ``limits.MACRO_SECONDS``."""


class PageTemplate(Template):
    """A page as a template: rendered with the project's macros only, failures recorded, never raised."""

    def render(self, *args, **kwargs) -> str:  # the plugin passes all its variables: none are used
        environment: PageSandbox = self.environment  # type: ignore[assignment]
        try:
            output = _within_time_limit(MACRO_SECONDS, lambda: Template.render(self))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message naming the page
            environment.failures.append((_template_line(exc), exc))
            return ""
        if len(output) > MAX_OUTPUT_CHARS:
            environment.failures.append((None, SecurityError(
                f"{len(output):,} characters of output, more than the limit of {MAX_OUTPUT_CHARS:,}")))
            return ""
        return output


class PageSandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment pages render in: the project's macros and filters, nothing else."""

    template_class = PageTemplate
    intercepted_binops = frozenset({"**", "*", "%"})

    def __init__(self, macros: dict, filters: dict, compiled: MutableMapping[str, bytes] | None = None):
        super().__init__(undefined=StrictUndefined, autoescape=False, loader=None, finalize=inert_output)
        self.compiled = compiled
        """Page source digest -> the page compiled by this environment (``marshal``), kept by the caller between builds."""
        self.globals.clear()
        self.globals.update({name: _trusted(macro) for name, macro in macros.items()})
        self.filters = {name: _trusted(f) for name, f in filters.items()}
        self.policies = {}
        self.failures: list[tuple[int | None, BaseException]] = []
        self.macro_names = sorted(macros)

    def from_string(self, source, globals=None, template_class=None):
        """Compile a page; a syntax error is recorded for [report][archbook.safety.macro_sandbox.report]."""
        try:
            if self.compiled is None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            key = hashlib.sha256(source.encode("utf-8")).hexdigest()
            kept = self.compiled.get(key)
            code = marshal.loads(kept) if kept else self.compile(source)
            if not kept:
                self.compiled[key] = marshal.dumps(code)
            return (template_class or self.template_class).from_code(self, code, self.make_globals(globals), None)
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

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        """Only the project's macros and filters may be called: no string methods
        (``"x".ljust(10**9)`` would take gigabytes), no page-defined helpers' tricks."""
        if getattr(__obj, "archbook_trusted", None) is not _Trusted and not _page_macro(__obj):
            name = getattr(__obj, "__name__", type(__obj).__name__)
            raise SecurityError(f"calling {name!r}: pages may call only the project's macros")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            raise SecurityError("the power operator '**' is not available on pages")
        if operator == "%":
            raise SecurityError("the '%' operator (string formatting) is not available on pages")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                        and len(sequence) * max(count, 0) > MAX_REPEAT:
                    raise SecurityError(f"repetition beyond {MAX_REPEAT:,} items is not available on pages")
        return super().call_binop(context, operator, left, right)


def _page_macro(obj) -> bool:
    """A ``{% macro %}`` the page defines itself (its output is made inert like any other text)."""
    from jinja2.runtime import Macro

    return isinstance(obj, Macro)


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


def install(env, compiled: MutableMapping[str, bytes] | None = None) -> None:
    """Give the plugin ``env`` a fresh [PageSandbox][archbook.safety.macro_sandbox.PageSandbox] for this page.

    ``compiled`` keeps compiled pages by the digest of their source (see
    [PageSandbox][archbook.safety.macro_sandbox.PageSandbox]); None compiles every page.
    """
    macro_names, filter_names = getattr(env, _PROJECT, (set(), set()))
    sandbox = PageSandbox({name: env.macros[name] for name in macro_names},
                          {name: env.filters[name] for name in filter_names}, compiled)
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
    from archbook.core.errors import as_plugin_error

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
    """How many lines the front matter takes (the template starts after it): 0 without a closed block.

    The block is found as the page reader finds it
    ([split_front_matter_lines][archbook.core.front_matter_split.split_front_matter_lines]).
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    return split_front_matter_lines(text.splitlines()).closing_line or 0


def _within_time_limit(seconds: float, work):
    """Run ``work()``; raise [MacroTimeout][archbook.safety.macro_sandbox.MacroTimeout] after ``seconds``."""
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
