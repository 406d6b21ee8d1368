"""Build the static site for deployment, all or nothing, and never over the project.

``python -m archbook.site.guarded_build DIR`` (``./run build DIR``) is the one guarded
entry point for a deployable build:

1. the target is checked before anything is written: it may not be the
   project, a folder that holds the project, a folder inside the project's
   sources, a file, or a non-empty folder that is not an earlier build of a
   site (so ``./run build .``, ``./run build docs``, ``./run build ~`` and
   ``./run build README.md`` are refused with a message);
2. a strict MkDocs build runs in a child process into a fresh staging folder
   beside the target, with a time limit;
3. the staged output must be a whole site (a home page in every language and
   the search index), whatever exit status the build reported: a plugin or
   contributor code that ends the process early cannot publish an empty site;
4. only then is it swapped into place; the earlier site is removed last.

On any failure the staging folder is removed and the target is left exactly
as it was.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from archbook.core.errors import ArchbookError
from archbook.core.languages import LANGUAGES

BUILD_SECONDS = 20 * 60
"""A whole build may take this long before it is stopped (a cold build takes about 30 s)."""

SITE_MARKERS = ("index.html", "sitemap.xml", "search/search_index.json")
"""Files that every build of a site has: an existing folder with them may be replaced."""


class BuildTargetError(ArchbookError):
    """The folder asked for cannot safely receive the site."""


class BuildFailed(ArchbookError):
    """The build did not produce a whole site; the target was left as it was."""


def _is_site(folder: Path) -> bool:
    return all((folder / marker).is_file() for marker in SITE_MARKERS)


def check_target(target: Path, root: Path) -> Path:
    """The resolved ``target`` if a build may be written there.

    Raises:
        BuildTargetError: the target is the project or holds it, lies inside a
            source folder, is a file, or is a non-empty folder that is not a site.
    """
    root = root.resolve()
    resolved = target.resolve()
    shown = str(target)
    if resolved == root or root.is_relative_to(resolved):
        raise BuildTargetError(f"{shown}: refusing to build over the project folder {root} or a folder "
                               "that holds it; name a new folder such as site/")
    if resolved.is_relative_to(root) and resolved.parent != root:
        top = resolved.relative_to(root).parts[0]
        raise BuildTargetError(f"{shown}: refusing to build inside the project's folder {top}/; "
                               "use a folder directly in the project (site/) or outside it")
    if resolved.exists() and not resolved.is_dir():
        raise BuildTargetError(f"{shown}: is a file, not a folder; name a folder for the site")
    if resolved.is_dir() and resolved.is_relative_to(root) and not _is_site(resolved):
        raise BuildTargetError(f"{shown}: is the project's own folder {resolved.name}/, not an earlier "
                               "build; refusing to replace it (name a new folder such as site/)")
    if resolved.is_dir() and any(resolved.iterdir()) and not _is_site(resolved):
        raise BuildTargetError(f"{shown}: is a folder that holds something other than a built site; "
                               "refusing to replace it (name an empty or new folder)")
    return resolved


def check_output(staging: Path) -> None:
    """Raise unless ``staging`` holds a whole site: a home page per language and the search index.

    Raises:
        BuildFailed: a part of the site is missing.
    """
    missing = [marker for marker in SITE_MARKERS if not (staging / marker).is_file()]
    missing += [f"{lang}/index.html" for lang in LANGUAGES[1:] if not (staging / lang / "index.html").is_file()]
    if missing:
        raise BuildFailed(f"the build ended without a whole site (missing: {', '.join(missing)}); "
                          "something stopped it early")


def _run_build(root: Path, staging: Path, seconds: int) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)]
    process = subprocess.Popen(command, cwd=root, env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        return process.wait(timeout=seconds)
    except BaseException:  # timeout or Ctrl-C: stop the whole process group, then report
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


STAGING_MARKER = ".archbook-staging"
"""Written into every staging folder, so a later run removes only folders this tool made."""


def _stale_staging(parent: Path, name: str) -> list[Path]:
    """Staging folders a killed run left beside the target: ours by name and by marker."""
    return [folder for folder in parent.glob(f".{name}-building-*")
            if folder.is_dir() and not folder.is_symlink() and (folder / STAGING_MARKER).is_file()]


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` in place of ``target``; the earlier site goes last.

    As ``mkdocs build`` does, hidden entries of the earlier site (``.git`` of a
    pages checkout, ``.nojekyll``) are kept: they move into the new site.
    """
    if not target.exists():
        staging.rename(target)
        return
    for entry in target.iterdir():
        if entry.name.startswith(".") and not (staging / entry.name).exists():
            entry.rename(staging / entry.name)
    holder = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    retired = holder / target.name
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(holder, ignore_errors=True)


def build_site(target: Path, root: Path | None = None, seconds: int = BUILD_SECONDS) -> int:
    """Strict build into ``target``; returns 0, or 1 with a message on standard error."""
    root = (root or Path.cwd()).resolve()
    target = target if target.is_absolute() else root / target
    staging = None
    try:
        target = check_target(target, root)
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in _stale_staging(target.parent, target.name):  # left by a killed run
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
        (staging / STAGING_MARKER).write_text("a build in progress; removed when it ends\n")
        status = _run_build(root, staging, seconds)
        if status != 0:
            raise BuildFailed(f"the build failed (exit status {status}); see the messages above")
        check_output(staging)
        (staging / STAGING_MARKER).unlink()
        staging.chmod(0o755)
        _swap(staging, target)
        staging = None
    except subprocess.TimeoutExpired:
        print(f"build: stopped after {seconds} s without finishing; {target} left as it was", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"build: interrupted; {target} left as it was", file=sys.stderr)
        return 130
    except ArchbookError as exc:
        for problem in exc.problems:
            print(f"build: {problem}", file=sys.stderr)
        if not isinstance(exc, BuildTargetError):
            print(f"build: {target} left as it was", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"build: cannot write the site: {exc}", file=sys.stderr)
        return 1
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    print(f"site built in {target}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m archbook.site.guarded_build [DIR]``: the guarded build, default ``site/``."""
    import argparse

    parser = argparse.ArgumentParser(prog="build", description="Strict build of the site into DIR, "
                                     "swapped in only when whole.")
    parser.add_argument("directory", nargs="?", default="site", help="where the site goes (default: site)")
    args = parser.parse_args(argv)
    return build_site(Path(args.directory))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
