"""A PDF per language of the handbook and the learning path, made from the built site.

The PDF is the article of each page of the built site (``<article class="md-content__inner">``),
in the order of ``nav:`` in ``mkdocs.yml``, after a cover and a table of contents, laid out by
WeasyPrint from one print stylesheet (``print.css`` beside this module). WeasyPrint implements
CSS Paged Media, so the parts a printed book needs are stylesheet rules, not code: the running
header is ``string-set`` on each page's title, the table of contents gets its page numbers from
``target-counter()``, links between pages of the PDF become links inside it, headings become PDF
bookmarks, and SVG diagrams stay vectors (their text stays text).

What is in it: the home page (as the introduction), the sections ``INCLUDED_SECTIONS`` of the
nav, and ``APPENDIX`` (the glossary: the handbook links a term to it on almost every page, so
with it those links stay inside the PDF). Left out: the decision records, the contributor
reference and the other reference pages; a link to a page that is left out becomes the
absolute address of that page on the online site (from each page's canonical link, which the
build writes from ``site_url``).

Each page's ids are prefixed with an anchor made from its address (``handbook/hiring/`` ->
``p-handbook-hiring``), so ids stay unique in the combined document and ``#x`` on that page
becomes ``#p-handbook-hiring--x``. Nothing is fetched from the network: WeasyPrint gets a URL
fetcher that serves files of the built site and of this package only, and any other address or
a missing file stops the export with a message naming it.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import mimetypes
import os
import posixpath
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import yaml

from archbook.content.download_ui import load_download_ui
from archbook.core.errors import ArchbookError
from archbook.core.languages import ENGLISH, LANGUAGE_NAMES, check_language
from archbook.core.textfiles import read_text, write_atomic
from archbook.theme.material import ARTICLE_CLASS, HEADERLINK_CLASS

# --- Material's markup this module reads (to move into archbook.theme.material) -------------------


# --- this module's own choices --------------------------------------------------------------------

INCLUDED_SECTIONS = ("Home", "Handbook", "Learning path")
"""Top-level entries of ``nav:`` (their English titles, as written in ``mkdocs.yml``) in the PDF."""

APPENDIX = ("glossary.md",)
"""Pages added after the nav sections, under the heading ``pdf.appendix`` of ``data/download_ui.yml``."""

STYLESHEET = Path(__file__).resolve().with_name("print.css")

I18N_PLUGIN = "i18n"
"""The key of mkdocs-static-i18n in ``plugins:`` of ``mkdocs.yml`` (its ``nav_translations``)."""


class PdfExportError(ArchbookError):
    """The PDF could not be made (bad nav, a page missing from the build, a missing file)."""


# --- which pages, in which order ------------------------------------------------------------------


@dataclass(frozen=True)
class NavPage:
    """A page of the PDF: its English source under ``docs/`` and the nav sections above it."""

    src: str
    trail: tuple[str, ...]


class _ConfigLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml``: ``!ENV [NAME, default]`` gives the variable or its default."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = values[:-1] if len(values) > 1 else values, values[-1] if len(values) > 1 else None
    for name in names:
        if isinstance(name, str) and os.environ.get(name):
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(project_root: Path) -> dict:
    """``mkdocs.yml`` of the project as plain data (its other tags read as ``None``)."""
    path = project_root / "mkdocs.yml"
    try:
        config = yaml.load(read_text(path), Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass
    except (OSError, yaml.YAMLError) as exc:
        raise PdfExportError(f"{path}: cannot read the nav: {exc}") from None
    if not isinstance(config, dict) or not isinstance(config.get("nav"), list):
        raise PdfExportError(f"{path}: no 'nav:' list to take the PDF's pages from")
    return config


def nav_pages(nav: list, *, shown: str = "mkdocs.yml") -> list[NavPage]:
    """The pages of ``INCLUDED_SECTIONS`` in nav order, then ``APPENDIX``.

    >>> pages = nav_pages([{"Home": "index.md"}, {"Handbook": [{"The role": ["role/a.md"]}]},
    ...                    {"Learning path": ["learn/index.md"]}, {"Reference": ["x.md"]}])
    >>> [(page.src, page.trail) for page in pages]  # doctest: +NORMALIZE_WHITESPACE
    [('index.md', ()), ('role/a.md', ('Handbook', 'The role')), ('learn/index.md', ('Learning path',)),
     ('glossary.md', ('Appendix',))]
    """
    pages: list[NavPage] = []

    def walk(entries, trail: tuple[str, ...]) -> None:
        for entry in entries:
            if isinstance(entry, str):
                pages.append(NavPage(entry, trail))
            elif isinstance(entry, dict) and len(entry) == 1:
                (title, value), = entry.items()
                if isinstance(value, str):
                    if not re.match(r"^[a-z][a-z0-9+.-]*:", value):  # not an external link
                        pages.append(NavPage(value, trail))
                elif isinstance(value, list):
                    walk(value, (*trail, str(title)))
                else:
                    raise PdfExportError(f"{shown}: nav entry {title!r}: expected a page or a list")
            else:
                raise PdfExportError(f"{shown}: nav entry {entry!r}: expected a page or one title")

    found = set()
    for entry in nav:
        title = next(iter(entry)) if isinstance(entry, dict) and len(entry) == 1 else None
        if title in INCLUDED_SECTIONS:
            found.add(title)
            value = entry[title]
            walk([value] if isinstance(value, str) else value, () if isinstance(value, str) else (title,))
    missing = [title for title in INCLUDED_SECTIONS if title not in found]
    if missing:
        raise PdfExportError(f"{shown}: nav has no section {', '.join(map(repr, missing))} for the PDF")
    listed = {page.src for page in pages}
    pages += [NavPage(src, ("Appendix",)) for src in APPENDIX if src not in listed]
    return pages


def built_path(src: str, language: str) -> str:
    """Where the build wrote the page ``src`` (English name) in ``language`` (directory URLs).

    >>> built_path("index.md", "en"), built_path("handbook/hiring.md", "ur-Latn"), built_path("learn/index.md", "en")
    ('index.html', 'ur-Latn/handbook/hiring/index.html', 'learn/index.html')
    """
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        path = stem + ".html"
    else:
        path = stem + "/index.html"
    return path if language == ENGLISH else f"{language}/{path}"


def page_anchor(path: str) -> str:
    """The id of a page in the PDF, made from its built path; its own ids get it as a prefix.

    >>> page_anchor("index.html"), page_anchor("ur-Latn/handbook/hiring/index.html")
    ('p-home', 'p-handbook-hiring')
    """
    parts = [p for p in path.split("/")[:-1] if p not in ("", "ur-Latn")]
    return "p-" + ("-".join(re.sub(r"[^A-Za-z0-9_-]", "-", p) for p in parts) or "home")


# --- one page's article, made fit for the combined document ---------------------------------------

_ID_REFERENCES = ("for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
                  "aria-activedescendant", "aria-details", "aria-errormessage", "list", "form", "headers")
_XLINK = "{http://www.w3.org/1999/xlink}"
_URL_REF = re.compile(r"url\(#([^)\s]+)\)")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else tag


def parse_html(text: str) -> ET.Element:
    """An HTML document as an element tree with plain tag names (SVG and MathML too)."""
    import tinyhtml5  # WeasyPrint's own HTML parser

    root = tinyhtml5.parse(text, namespace_html_elements=False)
    for element in root.iter():
        element.tag = _local(element.tag)
        for name in [n for n in element.attrib if n.startswith("{")]:
            value = element.attrib.pop(name)
            element.attrib[("xlink:" if name.startswith(_XLINK) else "") + _local(name)] = value
    return root


def _classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def find_article(root: ET.Element, shown: str) -> ET.Element:
    """The page's content: Material's ``<article class="md-content__inner ...">``."""
    for element in root.iter("article"):
        if ARTICLE_CLASS in _classes(element):
            return element
    raise PdfExportError(f"{shown}: no <article class=\"{ARTICLE_CLASS}\"> (is it a page of the built site?)")


def canonical_url(root: ET.Element, shown: str) -> str:
    """The page's absolute address on the online site (its ``<link rel="canonical">``)."""
    for link in root.iter("link"):
        if "canonical" in link.get("rel", "").split() and urlsplit(link.get("href", "")).scheme:
            return link.get("href")
    raise PdfExportError(f"{shown}: no canonical link to take the page's online address from "
                         "(site_url in mkdocs.yml)")


def element_text(element: ET.Element) -> str:
    """The text of an element with its whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def remove_headerlinks(article: ET.Element) -> None:
    """Drop the ``¶`` permalinks (and keep the text that followed them)."""
    for parent in article.iter():
        for child in list(parent):
            if child.tag == "a" and HEADERLINK_CLASS in _classes(child):
                _remove(parent, child)


def _remove(parent: ET.Element, child: ET.Element) -> None:
    tail = child.tail or ""
    index = list(parent).index(child)
    if tail:
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(child)


def resolve_page_path(page: str, href_path: str) -> str:
    """The built file a relative link on ``page`` points at (``dir/`` -> ``dir/index.html``).

    >>> resolve_page_path("handbook/hiring/index.html", "../responsibilities/")
    'handbook/responsibilities/index.html'
    >>> resolve_page_path("index.html", "assets/a.svg"), resolve_page_path("learn/index.html", "../")
    ('assets/a.svg', 'index.html')
    """
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href_path)))
    if href_path.endswith("/") or href_path in ("", ".", ".."):
        joined = "index.html" if joined == "." else f"{joined}/index.html"
    return joined


def rewrite_href(href: str, page: str, anchors: dict[str, str], canonical: str) -> str:
    """A link of ``page`` as it must read in the PDF.

    A fragment of the page itself and a link to another page in the PDF become in-document
    links to the prefixed id; a link to anything else becomes its absolute online address.
    ``anchors`` maps each built path in the PDF to its anchor.
    """
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return href
    if not parts.path:
        if parts.query:
            return urljoin(canonical, href)
        return "#" + (f"{anchors[page]}--{parts.fragment}" if parts.fragment else anchors[page])
    target = resolve_page_path(page, parts.path)
    if target in anchors and not parts.query:
        return "#" + (f"{anchors[target]}--{parts.fragment}" if parts.fragment else anchors[target])
    return urljoin(canonical, href)


def prefix_ids(article: ET.Element, anchor: str) -> None:
    """Prefix every id of the article, and every attribute that names one, with ``anchor--``."""
    for element in article.iter():
        if element.get("id"):
            element.set("id", f"{anchor}--{element.get('id')}")
        for name in _ID_REFERENCES:
            if element.get(name):
                element.set(name, " ".join(f"{anchor}--{ref}" for ref in element.get(name).split()))
        for name, value in list(element.attrib.items()):
            if name in ("href", "xlink:href") and element.tag != "a" and value.startswith("#"):
                element.set(name, f"#{anchor}--{value[1:]}")  # SVG <use href="#x">
            elif "url(#" in value:  # SVG paint servers, clip paths, markers: fill="url(#x)"
                element.set(name, _URL_REF.sub(lambda m: f"url(#{anchor}--{m.group(1)})", value))


def rewrite_article(article: ET.Element, page: str, anchors: dict[str, str], canonical: str,
                    site: Path) -> list[str]:
    """Make one page's article fit for the combined document; return the problems found.

    Removes the permalinks, prefixes the ids, rewrites the links (``rewrite_href``) and
    points each image at its file in the built site (a missing file is a problem).
    """
    problems: list[str] = []
    remove_headerlinks(article)
    prefix_ids(article, anchors[page])
    for element in article.iter():
        if element.tag == "a" and element.get("href") is not None:
            element.set("href", rewrite_href(element.get("href"), page, anchors, canonical))
        if element.tag in ("img", "image", "source", "video", "audio") or (
                element.tag == "image" and element.get("xlink:href")):
            for name in ("src", "xlink:href", "href"):
                value = element.get(name)
                if value is None or value.startswith(("data:", "#")):
                    continue
                parts = urlsplit(value)
                if parts.scheme or value.startswith("//"):
                    problems.append(f"{page}: <{element.tag} {name}=\"{value}\">: the PDF takes images "
                                    "only from the built site")
                    continue
                file = site / resolve_page_path(page, parts.path)
                if not file.is_file():
                    problems.append(f"{page}: <{element.tag} {name}=\"{value}\">: no such file {file}")
                    continue
                element.set(name, file.resolve().as_uri())
            element.attrib.pop("loading", None)
            element.attrib.pop("srcset", None)
    return problems


def broken_internal_links(body: ET.Element) -> list[str]:
    """In-document links of the combined document whose target id does not exist."""
    ids = {element.get("id") for element in body.iter() if element.get("id")}
    broken = []
    for element in body.iter("a"):
        href = element.get("href", "")
        if href.startswith("#") and href[1:] not in ids:
            broken.append(href)
    return broken


# --- words, date, cover and contents --------------------------------------------------------------


def read_words(language: str, project_root: Path) -> dict[str, str]:
    """The PDF's own words in ``language`` (``pdf`` of ``data/download_ui.yml``)."""
    check_language(language)
    try:
        ui = load_download_ui(project_root)
    except ArchbookError as exc:
        raise PdfExportError(exc.problems) from None
    return {key: word.text(language) for key, word in ui.pdf.items()}


def source_date(project_root: Path) -> tuple[str, str | None]:
    """The date the PDF names (ISO) and the commit it was made from.

    ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else the date of the checked-out
    commit; without git, today's date and no commit.
    """
    commit = None
    try:
        result = subprocess.run(["git", "-C", str(project_root), "log", "-1", "--format=%ct %h"],
                                capture_output=True, text=True, timeout=20, check=False)
        if result.returncode == 0 and result.stdout.strip():
            stamp, commit = result.stdout.split()
            moment = dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc)
        else:
            moment = dt.datetime.now(dt.timezone.utc)
    except (OSError, ValueError, subprocess.SubprocessError):
        moment = dt.datetime.now(dt.timezone.utc)
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        moment = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), commit


def section_title(title: str, language: str, config: dict, words: dict[str, str]) -> str:
    """A nav section's title in ``language`` (the i18n plugin's ``nav_translations``)."""
    if title == "Appendix":
        return words["appendix"]
    if language == ENGLISH:
        return title
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and I18N_PLUGIN in plugin:
            for entry in (plugin[I18N_PLUGIN] or {}).get("languages", []):
                if entry.get("locale") == language:
                    return (entry.get("nav_translations") or {}).get(title, title)
    return title


@dataclass
class PdfPage:
    """One page of the PDF: where it was built, its title and its prepared article."""

    nav: NavPage
    path: str
    anchor: str
    title: str
    canonical: str
    article: ET.Element


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def document_html(pages: list[PdfPage], language: str, config: dict, words: dict[str, str],
                  moment: str, commit: str | None, home_url: str) -> str:
    """The combined document: cover, contents, then each page's article."""
    site_name = str(config.get("site_name") or "")
    date = moment[:10]
    made = (words["built"].format(date=date, commit=commit) if commit
            else words["made"].format(date=date))
    parts = [
        f'<!DOCTYPE html><html lang="{_e(language)}"><head><meta charset="utf-8">',
        f"<title>{_e(site_name)}: {_e(words['subtitle'])}</title>",
        f'<meta name="description" content="{_e(words["subtitle"])}">',
        f'<meta name="dcterms.created" content="{moment}"><meta name="dcterms.modified" content="{moment}">',
        f'<meta name="generator" content="archbook">',
        "</head><body>",
        '<section class="pdf-cover">',
        f"<h1>{_e(site_name)}</h1>",
        f'<p class="pdf-subtitle">{_e(words["subtitle"])}</p>',
        f'<p class="pdf-language">{_e(LANGUAGE_NAMES[language])}</p>',
        f'<p class="pdf-meta">{_e(made)}</p>',
        f'<p class="pdf-meta">{_e(words["online"]).replace("{url}", f"<a href={chr(34)}{_e(home_url)}{chr(34)}>{_e(home_url)}</a>")}</p>',
        "</section>",
        f'<nav class="pdf-contents"><h1>{_e(words["contents"])}</h1><ol>',
    ]
    shown: tuple[str, ...] = ()
    for page in pages:
        trail = tuple(section_title(t, language, config, words) for t in page.nav.trail)
        for depth, title in enumerate(trail, start=1):
            if shown[:depth] != trail[:depth]:
                parts.append(f'<li class="pdf-toc-section pdf-toc-depth-{depth}">{_e(title)}</li>')
        shown = trail
        parts.append(f'<li class="pdf-toc-depth-{len(trail) + 1}"><a href="#{page.anchor}">{_e(page.title)}</a></li>')
    parts.append("</ol></nav>")
    shown = ()
    for page in pages:
        trail = tuple(section_title(t, language, config, words) for t in page.nav.trail)
        marks = [
            f'<div style="bookmark-level: {depth}; bookmark-label: &quot;{_e(title)}&quot;"></div>'
            for depth, title in enumerate(trail, start=1) if shown[:depth] != trail[:depth]
        ]
        shown = trail
        article = page.article
        article.tag = "section"
        article.attrib.clear()
        article.set("class", f"pdf-page pdf-depth-{len(trail) + 1}")
        article.set("id", page.anchor)
        body = ET.tostring(article, method="html", encoding="unicode")
        start = body.index(">") + 1
        trail_line = f'<p class="pdf-trail">{_e(" › ".join(trail))}</p>' if trail else ""
        parts.append(body[:start] + "".join(marks) + trail_line + body[start:])
    parts.append("</body></html>")
    return "".join(parts)


# --- rendering ------------------------------------------------------------------------------------


def _fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher that serves only files under ``roots`` (and ``data:`` URLs)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    resolved = [root.resolve() for root in roots]

    class LocalFiles(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme != "file":
                raise PdfExportError(f"refused to fetch {url}: the PDF is made from local files only")
            path = Path(url2pathname(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in resolved):
                raise PdfExportError(f"refused to read {path}: outside the built site")
            if not path.is_file():
                raise PdfExportError(f"no such file {path}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return LocalFiles(fail_on_errors=True)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(record.getMessage())


def render(document: str, out: Path, site: Path) -> list[str]:
    """Lay out ``document`` with ``print.css`` into ``out``; return WeasyPrint's warnings."""
    try:
        import weasyprint
        from weasyprint.urls import FatalURLFetchingError
    except ImportError as exc:  # the package or Pango is missing
        raise PdfExportError(f"WeasyPrint cannot be loaded ({exc}); on Debian install "
                             "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0") from None
    fetcher = _fetcher([site, STYLESHEET.parent])
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        html_doc = weasyprint.HTML(string=document, base_url=site.resolve().as_uri() + "/", url_fetcher=fetcher)
        stylesheet = weasyprint.CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
        data = html_doc.write_pdf(stylesheets=[stylesheet], pdf_identifier=b"archbook", pdf_tags=True)
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        raise PdfExportError(str(cause) if isinstance(cause, ArchbookError) else f"{exc}: {cause}") from None
    finally:
        logger.removeHandler(collect)
    write_atomic(out, data)
    out.chmod(0o644)  # published as it is: readable by the web server, like the rest of the site
    return collect.records


def build_pdf(site_dir: Path, out: Path, language: str, *, project_root: Path) -> Path:
    """Write the PDF of the handbook and learning path in ``language`` from the built site.

    Raises:
        PdfExportError: a page of the nav is missing from the build, a link or image is broken,
            a file outside the built site was asked for, or WeasyPrint cannot be loaded.
    """
    language = check_language(language)
    site = Path(site_dir)
    config = read_config(Path(project_root))
    words = read_words(language, project_root)
    nav = nav_pages(config["nav"], shown=str(Path(project_root) / "mkdocs.yml"))
    paths = [built_path(page.src, language) for page in nav]
    missing = [str(site / path) for path in paths if not (site / path).is_file()]
    if missing:
        raise PdfExportError([f"{path}: missing from the built site (build it first)" for path in missing])
    anchors = {path: page_anchor(path) for path in paths}
    if len(set(anchors.values())) != len(anchors):
        raise PdfExportError("two pages of the PDF would get the same anchor: " + ", ".join(sorted(anchors)))
    pages: list[PdfPage] = []
    problems: list[str] = []
    for entry, path in zip(nav, paths):
        shown = str(site / path)
        root = parse_html(read_text(site / path))
        article = find_article(root, shown)
        canonical = canonical_url(root, shown)
        problems += rewrite_article(article, path, anchors, canonical, site)
        heading = next(article.iter("h1"), None)
        if heading is None:
            raise PdfExportError(f"{shown}: the page has no <h1> title")
        pages.append(PdfPage(entry, path, anchors[path], element_text(heading), canonical, article))
    if problems:
        raise PdfExportError(problems)
    moment, commit = source_date(Path(project_root))
    document = document_html(pages, language, config, words, moment, commit, pages[0].canonical)
    broken = broken_internal_links(parse_html(document))
    if broken:
        raise PdfExportError([f"{out.name}: in-document link {href} has no target" for href in sorted(set(broken))])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    render(document, out, site)
    return out
