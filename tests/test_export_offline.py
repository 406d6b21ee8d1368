"""The offline ZIP of each language (archbook.export.offline): one language each, whole, and working
unzipped from file:// and from a plain static server, search included, with no request leaving it."""

from __future__ import annotations

import functools
import hashlib
import http.server
import posixpath
import re
import threading
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from archbook.core.download_names import download_name
from archbook.core.languages import ENGLISH, LANGUAGES, ROMAN_URDU
from archbook.export import offline
from archbook.export.offline import OfflineExportError, build_offline_site, build_offline_zip

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/book/"
QUERIES = {ENGLISH: ("Glossary", "glossary.html"), ROMAN_URDU: ("Lughat", "glossary.html")}
"""A word of a page title in each language, and the page it must find."""


# --- without a build ----------------------------------------------------------------------------

def test_online_path_uses_directory_urls():
    assert offline.online_path("ur-Latn/handbook/hiring.html") == "ur-Latn/handbook/hiring/"
    assert offline.online_path("ur-Latn/index.html") == "ur-Latn/"
    assert offline.online_path("index.html") == ""
    assert offline.online_path("downloads/x.pdf") == "downloads/x.pdf"


def test_links_to_the_other_language_and_downloads_go_online():
    kept = {"index.html", "handbook/hiring.html", "assets/a.svg"}
    html = ('<a href="ur-Latn/handbook/hiring.html#x" hreflang="ur-Latn">R</a>'
            '<a href="downloads/ai.pdf">PDF</a><img src="assets/a.svg" alt="">'
            '<link rel="alternate" href="https://example.org/book/ur-Latn/index.html" hreflang="ur-Latn">'
            '<a href="handbook/hiring/#a">directory address</a>'
            '<code>&lt;a href="{{ alt.link | url }}"&gt; href="nowhere.html"</code>')
    out, broken = offline.rewrite_links(html, "index.html", ENGLISH, kept, SITE_URL,
                                        kept | {"ur-Latn/handbook/hiring.html", "ur-Latn/index.html"})
    assert broken == []
    assert 'href="https://example.org/book/ur-Latn/handbook/hiring/#x"' in out
    assert 'href="https://example.org/book/downloads/ai.pdf"' in out
    assert 'href="https://example.org/book/ur-Latn/"' in out
    assert 'href="handbook/hiring.html#a"' in out
    assert 'src="assets/a.svg"' in out
    assert '&lt;a href="{{ alt.link | url }}"&gt; href="nowhere.html"</code>' in out  # text, not a tag: untouched


def test_a_roman_urdu_page_links_english_pages_online_and_its_own_in_place():
    kept = {"ur-Latn/handbook/hiring.html", "ur-Latn/learn/index.html", "ur-Latn/learn/01-foundations.html"}
    html = ('<a href="../../handbook/hiring.html" hreflang="en">E</a><a href="hiring.html">R</a>'
            '<a href="../learn/01-foundations/#lp-step-1">step</a>')
    out, broken = offline.rewrite_links(html, "ur-Latn/handbook/hiring.html", ROMAN_URDU, kept, SITE_URL,
                                        kept | {"handbook/hiring.html"})
    assert broken == []
    assert 'href="https://example.org/book/handbook/hiring/"' in out
    assert 'href="hiring.html"' in out
    assert 'href="../learn/01-foundations.html#lp-step-1"' in out


def test_addresses_that_lead_nowhere_are_reported():
    html = '<img src="assets/gone.svg" alt=""><link rel="stylesheet" href="/assets/x.css"><a href="no/such.html">x</a>'
    _, broken = offline.rewrite_links(html, "index.html", ENGLISH, {"index.html"}, SITE_URL, {"index.html"})
    assert broken == ['src="assets/gone.svg"', 'href="/assets/x.css"', 'href="no/such.html"']


def test_the_vendored_shim_is_the_vetted_one(tmp_path, monkeypatch):
    files = offline.shim_files()
    assert hashlib.sha256(files[offline.SHIM_URL].read_bytes()).hexdigest() == offline.SHIM_SHA256
    assert "MIT" in (offline.VENDOR / "README.md").read_text(encoding="utf-8")
    tampered = tmp_path / "iframe-worker"
    tampered.mkdir()
    for name in offline.SHIM_FILES.values():
        (tampered / name).write_text("fetch('https://unpkg.com/x')\n", encoding="utf-8")
    monkeypatch.setattr(offline, "VENDOR", tampered)
    with pytest.raises(OfflineExportError, match="SHA-256"):
        offline.shim_files()


def test_a_folder_that_is_not_an_offline_build_is_refused(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<title>x</title>", encoding="utf-8")
    with pytest.raises(OfflineExportError) as caught:
        build_offline_zip(ROOT, tmp_path / "x.zip", ENGLISH, offline_site=tmp_path / "site")
    message = str(caught.value)
    assert "search_index.js: missing" in message and "iframe-worker.js: missing" in message
    assert not (tmp_path / "x.zip").exists()


def test_a_folder_with_something_in_it_is_not_built_over(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OfflineExportError, match="new or empty folder"):
        build_offline_site(ROOT, tmp_path)
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


# --- the normal build stays online-only -------------------------------------------------------------

@pytest.mark.build
def test_the_normal_build_has_no_offline_parts(built_site):
    site = built_site.site
    assert not list(site.rglob(offline.OFFLINE_INDEX_SCRIPT))
    assert not (site / offline.SHIM_URL).exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "iframe-worker" not in home and "unpkg.com" not in home


@pytest.mark.build
def test_a_failing_offline_build_says_why_without_a_traceback(project_copy, tmp_path):
    for name in ("glossary.md", "glossary.ur-Latn.md"):
        page = project_copy / "docs" / name
        page.write_text(page.read_text(encoding="utf-8") + "\n[broken](no-such-page.md)\n", encoding="utf-8")
    with pytest.raises(OfflineExportError) as caught:
        build_offline_site(project_copy, tmp_path / "site")
    message = str(caught.value)
    assert "the offline build of" in message and "no-such-page.md" in message
    assert "Traceback" not in message


# --- one build, both ZIPs ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def offline_build(tmp_path_factory):
    work = tmp_path_factory.mktemp("offline")
    site = build_offline_site(ROOT, work / "site")
    zips = {lang: build_offline_zip(ROOT, work / download_name("zip", lang), lang, offline_site=site)
            for lang in LANGUAGES}
    return site, zips


def _top(zip_path: Path) -> str:
    return zip_path.name.removesuffix(".zip")


def _pages_of(site: Path, lang: str) -> set[str]:
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - set(offline.LEFT_OUT)
    return {p for p in pages if offline._language_of(p) == lang}


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_zip_holds_its_language_whole_and_nothing_of_the_other(offline_build, lang):
    site, zips = offline_build
    top = _top(zips[lang])
    names = zipfile.ZipFile(zips[lang]).namelist()
    assert all(name.startswith(top + "/") for name in names), "everything sits in one folder"
    assert f"{top}/index.html" in names
    inside = {name[len(top) + 1:] for name in names}
    pages = {name for name in inside if name.endswith(".html") and name != "index.html"}
    expected = _pages_of(site, lang) - {"index.html"}
    assert pages == expected, (sorted(pages ^ expected))[:10]
    other = [o for o in LANGUAGES if o != lang]
    assert not [n for n in inside if any(f".{o}." in posixpath.basename(n) for o in other)], "other-language files"
    assert not [n for n in inside if n.split("/", 1)[0] in ("downloads", *[o for o in other if o != ENGLISH])]
    script = offline.index_path(Path(), lang).with_name(offline.OFFLINE_INDEX_SCRIPT).as_posix()
    assert script in inside


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_address_in_a_zip_leads_inside_it_or_online(offline_build, lang):
    site, zips = offline_build
    site_url = offline.site_url_of(site)
    top = _top(zips[lang])
    archive = zipfile.ZipFile(zips[lang])
    inside = {name[len(top) + 1:] for name in archive.namelist()}
    other = next(o for o in LANGUAGES if o != lang)
    switcher_links = []
    for name in sorted(n for n in inside if n.endswith(".html")):
        html = archive.read(f"{top}/{name}").decode("utf-8")
        for tag in offline._TAG.finditer(html):
            for match in offline._LINK.finditer(tag.group(0)):
                value = next(match.group(g) for g in ("dq", "sq", "bare") if match.group(g) is not None)
                parts = urlsplit(value)
                if parts.scheme or value.startswith("#") or not parts.path:
                    continue
                target = offline._target(posixpath.dirname(name), unquote(parts.path))
                assert target in inside, f"{name}: {value} -> {target} is not in the ZIP"
            if f'hreflang="{other}"' in tag.group(0) and tag.group(0).startswith("<a "):
                switcher_links.append(tag.group(0))
    assert switcher_links and all(f'href="{site_url}' in link for link in switcher_links), switcher_links[:3]


def _unzip(zip_path: Path, into: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    return into / _top(zip_path)


def _search(page, query: str) -> list[str]:
    page.keyboard.press("Slash")  # Material's shortcut focuses the search box
    page.keyboard.type(query, delay=20)
    page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


def _read_in_browser(page, start: str, lang: str, inside) -> list[str]:
    """Open the ZIP's index.html, check the home page, move to the next page, search there; the requests."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(start)
    page.wait_for_selector(".md-search__input", state="attached")  # the top index.html may redirect
    page.wait_for_load_state("load")
    assert page.get_attribute("html", "lang") == lang
    home_url = page.url
    assert re.search(r"AI Systems Architect", page.title())
    next_link = page.locator("a.md-footer__link--next")
    next_link.click()
    page.wait_for_url(lambda url: url != home_url)
    page.wait_for_selector("h1")
    assert inside(page.url), page.url
    assert page.locator("h1").first.inner_text().strip()
    query, expected = QUERIES[lang]
    links = _search(page, query)
    assert links and all(inside(link) for link in links), links
    if lang != ENGLISH:
        assert all(f"/{lang}/" in link for link in links), links
    else:
        assert not [link for link in links if any(f"/{o}/" in link for o in LANGUAGES if o != ENGLISH)], links
    assert any(urlsplit(link).path.endswith("/" + expected) for link in links), links
    return requests


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unzipped_site_works_from_disk_with_search(offline_build, page, tmp_path, lang):
    _, zips = offline_build
    folder = _unzip(zips[lang], tmp_path)
    prefix = folder.as_uri() + "/"

    def inside(url: str) -> bool:
        return url.startswith(prefix) and (folder / unquote(urlsplit(url).path[len(urlsplit(prefix).path):])).is_file()

    requests = _read_in_browser(page, prefix + "index.html", lang, inside)
    assert requests
    assert [url for url in requests if not inside(url)] == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unzipped_site_works_from_a_static_server(offline_build, page, tmp_path, lang):
    _, zips = offline_build
    folder = _unzip(zips[lang], tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    prefix = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        def inside(url: str) -> bool:
            return url.startswith(prefix) and (folder / unquote(urlsplit(url).path.lstrip("/"))).is_file()

        requests = _read_in_browser(page, prefix, lang, inside)
        assert [url for url in requests if not url.startswith(prefix)] == []
    finally:
        server.shutdown()
