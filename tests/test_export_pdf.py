"""The PDF of each language (archbook.export.pdf): link and id rewriting on fixture HTML, and the
real PDFs of a built site (titles of the language only, contents with page numbers, links inside
the document, running header, diagrams drawn as vectors)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from archbook.core.errors import ArchbookError
from archbook.core.languages import ENGLISH, LANGUAGES, ROMAN_URDU
from archbook.content.download_ui import DownloadUi
from archbook.export import pdf

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "export" / "pdf"
PAGE = "handbook/hiring/index.html"

# --- rewriting one page (fixture HTML) ---------------------------------------------------------


@pytest.fixture()
def fixture_site(tmp_path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    return site


def prepared(site: Path, anchors: dict[str, str]):
    root = pdf.parse_html((site / PAGE).read_text(encoding="utf-8"))
    article = pdf.find_article(root, PAGE)
    canonical = pdf.canonical_url(root, PAGE)
    problems = pdf.rewrite_article(article, PAGE, anchors, canonical, site)
    return article, problems


ANCHORS = {
    PAGE: "p-handbook-hiring",
    "handbook/responsibilities/index.html": "p-handbook-responsibilities",
    "glossary/index.html": "p-glossary",
}


def test_links_between_included_pages_stay_inside_the_document(fixture_site):
    article, problems = prepared(fixture_site, ANCHORS)
    assert problems == []
    hrefs = [a.get("href") for a in article.iter("a")]
    assert hrefs == [
        "#p-handbook-hiring--questions",
        "#p-handbook-responsibilities",
        "#p-handbook-responsibilities--owns",
        "#p-glossary--term-p95",
        "https://example.org/book/adr/0001-graphviz/",  # left out of the PDF: the online page
        "https://example.com/x",
    ]


def test_a_page_left_out_becomes_its_online_address(fixture_site):
    anchors = {PAGE: "p-handbook-hiring"}
    article, _ = prepared(fixture_site, anchors)
    hrefs = [a.get("href") for a in article.iter("a")]
    assert "https://example.org/book/handbook/responsibilities/" in hrefs
    assert "https://example.org/book/glossary/#term-p95" in hrefs


def test_ids_and_references_to_them_get_the_page_prefix(fixture_site):
    article, _ = prepared(fixture_site, ANCHORS)
    ids = {element.get("id") for element in article.iter() if element.get("id")}
    assert ids == {"p-handbook-hiring--hiring", "p-handbook-hiring--questions",
                   "p-handbook-hiring--q1-a", "p-handbook-hiring--g"}
    assert next(article.iter("label")).get("for") == "p-handbook-hiring--q1-a"
    assert next(article.iter("use")).get("href") == "#p-handbook-hiring--g"
    assert next(article.iter("rect")).get("fill") == "url(#p-handbook-hiring--g)"


def test_permalinks_are_removed_and_the_text_after_them_kept(fixture_site):
    article, _ = prepared(fixture_site, ANCHORS)
    assert not [a for a in article.iter("a") if "headerlink" in a.get("class", "")]
    assert pdf.element_text(next(article.iter("h1"))) == "Evaluating and hiring"
    assert pdf.element_text(next(article.iter("h2"))) == "Questions after"


def test_images_point_at_files_of_the_built_site(fixture_site):
    article, _ = prepared(fixture_site, ANCHORS)
    image = next(article.iter("img"))
    assert image.get("src") == (fixture_site / "assets" / "diagram.svg").resolve().as_uri()
    assert image.get("loading") is None


def test_a_missing_image_is_named(fixture_site):
    (fixture_site / "assets" / "diagram.svg").unlink()
    _, problems = prepared(fixture_site, ANCHORS)
    assert len(problems) == 1
    assert problems[0].startswith(f"{PAGE}: <img src=\"../../assets/diagram.svg\">: no such file")


def test_a_page_without_the_article_is_refused():
    root = pdf.parse_html("<html><body><main><p>x</p></main></body></html>")
    with pytest.raises(ArchbookError, match=r"x\.html: no <article class=\"md-content__inner\">"):
        pdf.find_article(root, "x.html")


def test_nav_without_a_section_of_the_pdf_is_refused():
    with pytest.raises(ArchbookError, match="nav has no section 'Learning path'"):
        pdf.nav_pages([{"Home": "index.md"}, {"Handbook": ["a.md"]}], shown="mkdocs.yml")


def test_the_real_nav_gives_handbook_and_learning_path_in_order():
    pages = pdf.nav_pages(pdf.read_config(ROOT)["nav"])
    sources = [page.src for page in pages]
    assert sources[0] == "index.md"
    assert sources[-1] == "glossary.md"
    assert "learn/index.md" in sources and "handbook/hiring.md" in sources
    assert sources.index("handbook/hiring.md") < sources.index("learn/index.md")
    assert not [src for src in sources if src.startswith(("adr/", "reference/"))]


def test_the_fetcher_refuses_the_network_and_missing_files(fixture_site):
    from weasyprint.urls import FatalURLFetchingError, fetch

    fetcher = pdf._fetcher([fixture_site])
    with pytest.raises(FatalURLFetchingError) as refused:
        with fetch(fetcher, "https://example.com/font.woff2"):
            pass
    assert "refused to fetch https://example.com/font.woff2" in str(refused.value.__cause__)
    with pytest.raises(FatalURLFetchingError) as missing:
        with fetch(fetcher, (fixture_site / "assets" / "gone.svg").as_uri()):
            pass
    assert "no such file" in str(missing.value.__cause__)
    with fetch(fetcher, (fixture_site / "assets" / "diagram.svg").as_uri()) as found:
        assert found.content_type == "image/svg+xml"


def test_every_word_of_the_pdf_exists_in_both_languages():
    for language in LANGUAGES:
        words = pdf.read_words(language, ROOT)
        assert set(words) == set(DownloadUi.PDF_WORDS) and all(words.values())


# --- the real PDFs -----------------------------------------------------------------------------


def page_titles(site: Path, language: str) -> list[str]:
    """The title (h1) of every page the PDF of ``language`` holds, in order."""
    titles = []
    for page in pdf.nav_pages(pdf.read_config(ROOT)["nav"]):
        root = pdf.parse_html((site / pdf.built_path(page.src, language)).read_text(encoding="utf-8"))
        article = pdf.find_article(root, page.src)
        pdf.remove_headerlinks(article)
        titles.append(pdf.element_text(next(article.iter("h1"))))
    return titles


def opening_paragraphs(site: Path, language: str) -> list[str]:
    """The first 60 characters of each page's first paragraph in ``language``."""
    openings = []
    for page in pdf.nav_pages(pdf.read_config(ROOT)["nav"]):
        root = pdf.parse_html((site / pdf.built_path(page.src, language)).read_text(encoding="utf-8"))
        paragraph = pdf.find_article(root, page.src).find("p")  # the article's own, not a widget's
        openings.append(pdf.element_text(paragraph)[:60])
    return openings


def contents_of(texts: list[str], titles: list[str]) -> str:
    """The text of the contents: from page 2 to the page before the first page's title starts."""
    first = re.search(re.escape(titles[0]) + r"\s*\.{3,}\s*(\d+)", texts[1])
    assert first, "page 2 should start the contents"
    return " ".join(texts[1:int(first.group(1)) - 1])


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdfs(built_site, tmp_path_factory):
    pypdf = pytest.importorskip("pypdf")
    folder = tmp_path_factory.mktemp("pdf")
    made = {}
    for language in LANGUAGES:
        out = pdf.build_pdf(built_site.site, folder / f"{language}.pdf", language, project_root=ROOT)
        reader = pypdf.PdfReader(out)
        made[language] = (reader, [flat(page.extract_text()) for page in reader.pages])
    return made


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_holds_every_title_of_its_language_and_none_of_the_other(pdfs, built_site, language):
    _, texts = pdfs[language]
    whole = " ".join(texts)
    titles = page_titles(built_site.site, language)
    assert [title for title in titles if title not in whole] == []
    other = ROMAN_URDU if language == ENGLISH else ENGLISH
    # Roman Urdu prose keeps some English names ("Learning path"), so a title of the other language
    # must be absent from the contents; and no page's opening paragraph of the other language is in.
    contents = contents_of(texts, titles)
    foreign = [t for t, mine in zip(page_titles(built_site.site, other), titles) if t != mine]
    assert len(foreign) >= 10, "the two languages should differ in most titles"
    assert [title for title in foreign if title in contents] == []
    mine = opening_paragraphs(built_site.site, language)
    theirs = [p for p, own in zip(opening_paragraphs(built_site.site, other), mine) if p != own]
    assert len(theirs) >= 10
    assert [p for p in theirs if p in whole] == []
    assert [p for p in mine if p not in whole] == []


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_contents_give_the_page_each_title_starts_on(pdfs, built_site, language):
    _, texts = pdfs[language]
    titles = page_titles(built_site.site, language)
    contents = contents_of(texts, titles)
    for title in titles:
        match = re.search(re.escape(title) + r"\s*\.{3,}\s*(\d+)", contents)
        assert match, f"no page number for {title!r} in the contents"
        number = int(match.group(1))
        assert title in texts[number - 1], f"{title!r}: the contents say page {number}"


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_running_header_names_the_page(pdfs, built_site, language):
    _, texts = pdfs[language]
    titles = page_titles(built_site.site, language)
    contents = contents_of(texts, titles)
    starts = [int(re.search(re.escape(t) + r"\s*\.{3,}\s*(\d+)", contents).group(1)) for t in titles]
    checked = 0
    for title, start, following in zip(titles, starts, [*starts[1:], len(texts) + 1]):
        if following - start >= 2:  # the page goes on over a second sheet: the header names it
            # pypdf reads the margin boxes last: the running header, then the page number.
            assert texts[start].endswith(f"{title} {start + 1}"), f"page {start + 1}: header {title!r}?"
            checked += 1
    assert checked >= 10


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_links_work_inside_the_document_and_go_online_for_pages_left_out(pdfs, built_site, language):
    reader, _ = pdfs[language]
    internal, external = 0, []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A") or {}
            if "/Dest" in annotation or action.get("/S") == "/GoTo":
                internal += 1
            elif action.get("/S") == "/URI":
                external.append(str(action["/URI"]))
    assert internal > 200
    prefix = "" if language == ENGLISH else f"{language}/"
    assert any(re.search(rf"//[^/]+/(.*/)?{re.escape(prefix)}adr/", uri) for uri in external)
    assert not [uri for uri in external if not uri.startswith(("http://", "https://", "mailto:"))]
    assert reader.outline, "the PDF should have bookmarks"


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_diagrams_are_vectors_with_their_words_as_text(pdfs, built_site, language):
    reader, texts = pdfs[language]
    images = []

    def collect(resources):
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                images.append((int(xobject["/Width"]), int(xobject["/Height"])))
            elif xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                collect(xobject["/Resources"])

    for page in reader.pages:
        collect(page.get("/Resources") or {})
    # The only pictures are the diagrams' node icons (96 px); a rasterised diagram would be far larger.
    assert images and max(max(size) for size in images) <= 128
    # The infrastructure-layers diagram's labels are text in the PDF.
    svg = next((built_site.site / "assets" / "diagrams").glob(f"infrastructure_layers.{language}.*.svg"))
    labels = [flat(m) for m in re.findall(r"<text\b[^>]*>([^<]+)</text>", svg.read_text(encoding="utf-8"))]
    whole = " ".join(texts)
    assert labels and [label for label in labels if label not in whole] == []
