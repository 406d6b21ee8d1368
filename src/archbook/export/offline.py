"""An offline copy of the site per language: a ZIP that works unzipped, from ``file://`` or any server.

Material's ``offline`` plugin does the hard part: it builds with file URLs
(``page.html``, not ``page/``) and writes the search index a second time as a
script (``search/search_index.js``), which the theme loads with a ``<script>``
tag when the page comes from ``file://`` (browsers refuse to fetch files there).
The plugin is in ``mkdocs.yml`` switched off; :func:`build_offline_site` runs a
second strict build with ``ARCHBOOK_OFFLINE=true``. Three gaps it leaves, closed here:

* The plugin loads a worker shim (``iframe-worker``: browsers refuse workers from
  ``file://``, and the theme's search runs in one) from unpkg.com, another host.
  :func:`use_local_shim` points the theme at a copy shipped in this package
  (``vendor/iframe-worker/``, MIT), published only in the offline build
  (``hooks/offline_assets.py``).
* The plugin writes ``search_index.js`` from the index of both languages, before
  ``archbook.theme.search_scope`` splits it; :func:`write_offline_indexes` writes one
  per language from the split indexes, last.
* One ZIP holds one language: :func:`build_offline_zip` takes that language's pages
  and the shared assets, and points every link to the other language (switcher,
  alternates) and to ``downloads/`` at the online site (``site_url``).

The build runs as a child process (as ``archbook.site.guarded_build`` does) rather than
through MkDocs' API in this process: a build imports the project's hooks and macros and
keeps plugin state (mkdocs-static-i18n, mkdocstrings) in module globals, which must not
leak into the process that runs the export, and a child can be stopped on a time limit.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from archbook.core.download_names import DOWNLOADS
from archbook.core.errors import ArchbookError
from archbook.core.languages import ENGLISH, LANGUAGES, check_language
from archbook.theme.material import (OFFLINE_INDEX_PREFIX, OFFLINE_INDEX_SCRIPT, OFFLINE_PLUGIN,
                                     OFFLINE_SHIM_MARKER)
from archbook.theme.search_scope import index_path

# --- this module's own choices --------------------------------------------------------------------

ENV_SWITCH = "ARCHBOOK_OFFLINE"
"""The environment variable that switches the offline plugin on (``mkdocs.yml``)."""

VENDOR = Path(__file__).resolve().parent / "vendor" / "iframe-worker"
"""The vendored shim and its licence."""

SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
"""SHA-256 of ``shim/index.js`` of the npm package iframe-worker 1.0.4 (see ``vendor/iframe-worker/README.md``)."""

SHIM_FILES = {
    "assets/javascripts/iframe-worker.js": "shim.js",
    "assets/javascripts/iframe-worker.LICENSE.txt": "LICENSE",
}
"""Where the offline build publishes each vendored file (site path -> file in ``VENDOR``)."""

SHIM_URL = "assets/javascripts/iframe-worker.js"
"""The polyfill address given to the theme (relative to the site; the theme makes it relative to each page).

Directly in ``assets/javascripts/``: the build's last gate (``archbook.safety.markup_policy``)
lets a page load scripts from there only."""

LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", "objects.inv", "404.html")
"""Files of the offline build no ZIP holds: the sitemaps list online addresses of both languages,
``objects.inv`` is mkdocstrings' inventory for other sites' cross-references, and ``404.html``
is a web server's page with addresses from the server's root (``/assets/...``), which lead
out of the folder on ``file://``."""

SHARED = ("assets",)
"""Folders at the top of the site that every language's pages use: the theme's and the site's own
assets (the rest of the top level is the English site)."""

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The date of every file in a ZIP (the earliest a ZIP can hold): the same site gives the same bytes."""

BUILD_SECONDS = 20 * 60
"""The offline build may take this long before it is stopped (a cold build takes about a minute)."""


class OfflineExportError(ArchbookError):
    """The offline copy could not be built or packed."""


# --- the build side (called by hooks/offline_assets.py) -------------------------------------------

def offline_enabled(config) -> bool:
    """True when Material's offline plugin is on in this build's configuration."""
    plugin = config.plugins.get(OFFLINE_PLUGIN)
    return plugin is not None and bool(plugin.config.enabled)


def use_local_shim(config) -> None:
    """Give the theme the vendored worker shim, so the offline plugin adds none from unpkg.com.

    Must run before the plugin's ``on_config``. Does nothing when the plugin is off.
    """
    if not offline_enabled(config):
        return
    polyfills = [p for p in config.extra.get("polyfills", []) if OFFLINE_SHIM_MARKER not in str(p)]
    config.extra["polyfills"] = [*polyfills, SHIM_URL]


def shim_files() -> dict[str, Path]:
    """The vendored files to publish (site path -> file); raises if the shim is not the one vetted."""
    files = {site_path: VENDOR / name for site_path, name in SHIM_FILES.items()}
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise OfflineExportError(f"{', '.join(missing)}: vendored iframe-worker file missing")
    shim = VENDOR / SHIM_FILES[SHIM_URL]
    digest = hashlib.sha256(shim.read_bytes()).hexdigest()
    if digest != SHIM_SHA256:
        raise OfflineExportError(f"{shim}: SHA-256 {digest} is not that of iframe-worker 1.0.4's shim "
                                 f"({SHIM_SHA256}); see vendor/iframe-worker/README.md")
    return files


def write_offline_indexes(site_dir: Path) -> dict[str, Path]:
    """Write ``search_index.js`` beside each language's (split) ``search_index.json``.

    Replaces the plugin's script, which holds both languages. Raises when a
    language has no index (the split did not run).
    """
    written = {}
    for lang in LANGUAGES:
        source = index_path(site_dir, lang)
        if not source.is_file():
            raise OfflineExportError(f"{source}: no search index for {lang} to inline for offline use")
        target = source.with_name(OFFLINE_INDEX_SCRIPT)
        target.write_text(OFFLINE_INDEX_PREFIX + source.read_text(encoding="utf-8"), encoding="utf-8")
        written[lang] = target
    return written


# --- building the offline site ----------------------------------------------------------------------

def build_offline_site(project_root: Path, dest: Path, *, seconds: int = BUILD_SECONDS) -> Path:
    """Strict build of the whole site, both languages, for offline use into ``dest`` (new or empty).

    Returns ``dest``. Raises ``OfflineExportError`` with the build's warnings and
    errors when it fails, or when the result would request anything from another host.
    """
    root = Path(project_root).resolve()
    dest = Path(dest).resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise OfflineExportError(f"{dest}: the offline site needs a new or empty folder")
    env = {**os.environ, ENV_SWITCH: "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)]
    try:
        result = subprocess.run(command, cwd=root, env=env, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        raise OfflineExportError(f"the offline build of {root} did not finish in {seconds} s") from None
    if result.returncode != 0:
        lines = [line for line in (result.stdout + result.stderr).splitlines()
                 if line.startswith(("WARNING", "ERROR", "Aborted", "  "))] or (result.stderr.splitlines()[-5:])
        raise OfflineExportError([f"the offline build of {root} failed (exit status {result.returncode}):",
                                  *lines[-30:]])
    check_offline_site(dest)
    return dest


_EXTERNAL_LOAD = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*?\ssrc=[\"']?(?:https?:)?//"
    r"|<link\b(?=[^>]*\brel=[\"']?(?:stylesheet|preload|modulepreload|icon|manifest|preconnect))"
    r"[^>]*?\shref=[\"']?(?:https?:)?//", re.I)


def check_offline_site(site: Path) -> None:
    """Raise unless ``site`` is a whole offline build that loads nothing from another host."""
    problems = []
    for lang in LANGUAGES:
        home = site / ("index.html" if lang == ENGLISH else f"{lang}/index.html")
        if not home.is_file():
            problems.append(f"{home}: missing (a home page per language)")
        script = index_path(site, lang).with_name(OFFLINE_INDEX_SCRIPT)
        if not script.is_file():
            problems.append(f"{script}: missing (the search index for {lang} as a script)")
    for site_path in SHIM_FILES:
        if not (site / site_path).is_file():
            problems.append(f"{site / site_path}: missing (the vendored worker shim)")
    for page in sorted(site.rglob("*.html")):
        match = _EXTERNAL_LOAD.search(page.read_text(encoding="utf-8"))
        if match:
            problems.append(f"{page.relative_to(site)}: loads from another host: {match.group(0)[:120]}")
    if problems:
        raise OfflineExportError(["the offline site is not self-contained:", *problems])


# --- one language's ZIP -----------------------------------------------------------------------------

def _tagged_for(name: str) -> str | None:
    """The language a file is made for, from its name (``diagram.ur-Latn.0c97c057.svg``), if any."""
    parts = name.split(".")
    return next((lang for lang in LANGUAGES if lang in parts[1:-1]), None)


def language_files(site: Path, language: str) -> list[str]:
    """The files of ``site`` (posix paths) that belong in ``language``'s ZIP.

    English: everything outside the other languages' folders. Another language:
    its folder, plus the shared folders (``SHARED``). Neither takes a file made for the other
    language (a diagram ``name.ur-Latn.<hash>.svg``), a source map, or ``LEFT_OUT``.
    """
    check_language(language)
    folders = {lang for lang in LANGUAGES if lang != ENGLISH}
    chosen = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        top = rel.split("/", 1)[0]
        if rel in LEFT_OUT or top == DOWNLOADS or rel.endswith(".map"):
            continue
        if _tagged_for(path.name) not in (None, language):
            continue
        if top in folders:
            if top == language:
                chosen.append(rel)
        elif language == ENGLISH:
            chosen.append(rel)
        elif top in SHARED:
            chosen.append(rel)
    return chosen


_TAG = re.compile(r"""<[A-Za-z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*/?>""")
"""A start tag, its quoted values kept whole (text never holds one: it escapes ``<``)."""

_LINK = re.compile(r"""(?P<lead>\s(?P<attr>href|src)=)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""",
                   re.I)
"""An address attribute inside a start tag."""


def site_url_of(site: Path) -> str:
    """The online site's address, as the offline build's home page names it (its canonical link)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r"""<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']?([^"'\s>]+)""", home)
    if not match or not urlsplit(match.group(1)).scheme:
        raise OfflineExportError(f"{site / 'index.html'}: no canonical link to take the site's address from "
                                 "(site_url in mkdocs.yml)")
    url = match.group(1)
    return url if url.endswith("/") else url.rsplit("/", 1)[0] + "/"


def online_path(site_path: str) -> str:
    """The address of a built file on the online site, which uses directory URLs.

    >>> online_path("ur-Latn/handbook/hiring.html"), online_path("ur-Latn/index.html"), online_path("a.pdf")
    ('ur-Latn/handbook/hiring/', 'ur-Latn/', 'a.pdf')
    """
    if site_path == "index.html" or site_path.endswith("/index.html"):
        return site_path[: -len("index.html")]
    if site_path.endswith(".html") and site_path != "404.html":
        return site_path[: -len(".html")] + "/"
    return site_path


def _language_of(site_path: str) -> str:
    """The language of a file of the site from its folder (``ur-Latn/...``; English at the top)."""
    top = site_path.split("/", 1)[0]
    return top if top in LANGUAGES and top != ENGLISH else ENGLISH


def _target(base: str, path: str) -> str:
    """The site path ``path`` leads to from the folder ``base`` (a folder address ends in ``index.html``)."""
    target = posixpath.normpath(posixpath.join(base, path))
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html").removeprefix("./")
    return target


def _file_address(page: str, path: str, kept: set[str]) -> str | None:
    """The file a directory-URL address leads to, if ``page`` wrote it as if served from ``page/``.

    A few widgets build relative links by hand for the online site's directory URLs
    (``../../handbook/serving/`` from ``learn/architecture-review/``); in the offline
    build that page is ``learn/architecture-review.html`` and the target ``handbook/serving.html``.
    """
    bases = [posixpath.dirname(page)]
    if page.endswith(".html") and not page.endswith("index.html"):
        bases.append(page[: -len(".html")])
    for base in bases:
        target = _target(base, path)
        if target.endswith("/index.html") and target[: -len("/index.html")] + ".html" in kept:
            return target[: -len("/index.html")] + ".html"
        if base != bases[0] and target in kept:
            return target
    return None


def rewrite_links(html: str, page: str, language: str, kept: set[str], site_url: str,
                  site_files: set[str]) -> tuple[str, list[str]]:
    """Point the links that leave ``language``'s ZIP at the online site.

    ``page`` is the posix path of the page in the site, ``kept`` the files in the ZIP,
    ``site_files`` every file of the offline build.
    A link (``href``) to a page of another language or into ``downloads/`` becomes
    its online address (``site_url``, with directory URLs); so do absolute addresses
    on the site (hreflang alternates, canonical). Returns the new HTML and the
    relative addresses that lead to no file of the ZIP otherwise (``src`` never leaves it).
    """
    broken = []

    def replace(match: re.Match) -> str:
        value = next(match.group(g) for g in ("dq", "sq", "bare") if match.group(g) is not None)
        is_link = match.group("attr").lower() == "href"
        if is_link and value.startswith(site_url):
            path, sep, fragment = value[len(site_url):].partition("#")
            return f'{match.group("lead")}"{site_url}{online_path(path)}{sep}{fragment}"'
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith("#") or not parts.path:
            return match.group(0)
        if value.startswith("/"):  # from the server's root: out of the folder on file://
            broken.append(f'{match.group("attr")}="{value}"')
            return match.group(0)
        target = _target(posixpath.dirname(page), parts.path)
        if target in kept:
            return match.group(0)
        suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        found = None if target in site_files else _file_address(page, parts.path, kept)
        if found:  # an address written by hand for directory URLs; this build has file URLs
            return f'{match.group("lead")}"{posixpath.relpath(found, posixpath.dirname(page) or ".")}{suffix}"'
        leaves = not target.startswith("..") and (
            target.split("/", 1)[0] == DOWNLOADS or (target.endswith(".html") and _language_of(target) != language))
        if is_link and leaves:
            return f'{match.group("lead")}"{site_url}{online_path(target)}{suffix}"'
        broken.append(f'{match.group("attr")}="{value}"')
        return match.group(0)

    return _TAG.sub(lambda tag: _LINK.sub(replace, tag.group(0)), html), broken


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add a file with a fixed date and mode, so that the same site always gives the same ZIP."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def _redirect_page(home: str, title: str, language: str) -> str:
    """The ``index.html`` at the top of a ZIP whose home page sits in a language folder."""
    return (f'<!doctype html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={home}">\n<title>{title}</title>\n</head>\n'
            f'<body>\n<p><a href="{home}">{title}</a></p>\n</body>\n</html>\n')


def build_offline_zip(project_root: Path, out: Path, language: str, *, offline_site: Path | None = None) -> Path:
    """Write ``language``'s offline ZIP to ``out`` (a ``.zip`` path) and return it.

    ``offline_site`` is a site from :func:`build_offline_site` (build it once for
    every language); without it, one is built into a temporary folder. Inside the
    ZIP, everything sits in one folder named after the ZIP, with ``index.html`` at
    its top opening the home page.
    """
    check_language(language)
    out = Path(out)
    if offline_site is None:
        with tempfile.TemporaryDirectory(prefix="archbook-offline-") as work:
            site = build_offline_site(project_root, Path(work) / "site")
            return build_offline_zip(project_root, out, language, offline_site=site)
    site = Path(offline_site)
    check_offline_site(site)
    site_url = site_url_of(site)
    files = language_files(site, language)
    kept = set(files)
    site_files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    top = out.name[: -len(".zip")] if out.name.endswith(".zip") else out.name
    problems = []
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for rel in files:
                data = (site / rel).read_bytes()
                if rel.endswith(".html"):
                    html, broken = rewrite_links(data.decode("utf-8"), rel, language, kept, site_url, site_files)
                    problems += [f"{rel}: {link} leads to no file of the ZIP" for link in broken]
                    data = html.encode("utf-8")
                _add(archive, f"{top}/{rel}", data)
            if language != ENGLISH:
                home = f"{language}/index.html"
                title = re.search(r"<title>(.*?)</title>", (site / home).read_text(encoding="utf-8"), re.S)
                page = _redirect_page(home, title.group(1) if title else top, language)
                _add(archive, f"{top}/index.html", page.encode("utf-8"))
        if problems:
            raise OfflineExportError([f"{out.name}: {problem}" for problem in problems])
        partial.replace(out)
    except OSError as exc:
        raise OfflineExportError(f"{out}: cannot write the ZIP: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return out
