"""The text version of every diagram: read from its DOT, cached with it, shown under the figure."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest

from archbook.content.data import DataError, validate
from archbook.core.languages import LANGUAGES
from archbook.figures.diagrams import Project, RenderedDiagram, dot_to_svg, render_all
from archbook.figures.outline import (Connection, DiagramUi, DotSyntaxError, Group, DiagramOutline, read_outline,
                                      outline_html)
from archbook.site.macros import diagram_figure

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "diagrams"
SVG = "{http://www.w3.org/2000/svg}"


def _text(html_text: str) -> str:
    """The text a reader (or the search index) gets from HTML, whitespace collapsed."""

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(html_text)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def _page_html(block: str) -> str:
    """``block`` as the site's Markdown renders it."""
    return markdown.markdown(block, extensions=["attr_list", "md_in_html", "admonition", "pymdownx.details"])


@pytest.fixture(scope="module")
def ui() -> DiagramUi:
    return validate(DiagramUi, ROOT / "data" / "diagram_ui.yml", "data/diagram_ui.yml")


# --- the reader, on DOT written to cover the language ---------------------------------------------

COVERING = r'''
/* a comment */ digraph "G" {
    graph [label="" rankdir=LR]
    node [shape=box]          // defaults for the nodes below
    # a preprocessor line
    subgraph "cluster_outer" {
        graph [label="Outer \"quoted\" group"]
        a [label="First\nline"]
        subgraph cluster_inner {
            label = <Inner <B>bold</B><BR/>second &amp; last>
            b [label=<<TABLE><TR><TD>Cell one</TD><TD>Cell &lt;two&gt;</TD></TR></TABLE>>]
        }
        subgraph { rank=same; c }
    }
    c [label="Third" + " node"]
    d [label="Fourth\lleft" xlabel="outside"]
    hidden [label="" shape=none]
    point [shape=point]
    ghost [label="Never shown" style=invis]
    "quoted id" [label="Say \"hi\"; {x}"]
    plain
    r [shape=record label="<p1> left|{mid \| bar|right}"]
    a -> b [label="A to B"]
    b:e -> c:w:n [label=<<I>html</I> edge>]
    c -> d -> "quoted id" [dir=back]
    d -> hidden [label="in"]
    hidden -> point -> a [label="out"]
    a -> ghost
    a -> b [style=invis label="layout only"]
    a -> {c plain} [dir=both, headlabel="head"]
    plain -> "quoted id" [dir=none]
    a -> b [label="A to B"]
}
'''


def test_the_reader_covers_clusters_labels_and_connections():
    result = read_outline(COVERING)
    assert result.root == Group("", (
        Group('Outer "quoted" group', (
            "First, line",
            Group("Inner bold, second & last", ("Cell one, Cell <two>",)),
            "Third node",
        )),
        "Fourth, left (outside)",
        'Say "hi"; {x}',
        "plain",  # no label: Graphviz draws the node's name
        "left, mid | bar, right",  # the fields of a record
    ))
    assert result.connections == (
        Connection("First, line", "Cell one, Cell <two>", "A to B"),
        Connection("Cell one, Cell <two>", "Third node", "html edge"),
        Connection("Fourth, left (outside)", "Third node"),  # dir=back: turned round
        Connection('Say "hi"; {x}', "Fourth, left (outside)"),
        Connection("Fourth, left (outside)", "First, line", "in, out"),  # through the two unlabelled nodes
        Connection("First, line", "Third node", "head", "both"),
        Connection("First, line", "plain", "head", "both"),
        Connection("plain", 'Say "hi"; {x}', "", "none"),
    )
    assert "layout only" not in result.labels() and "Never shown" not in result.labels()


HTML_LABELS = {  # what COVERING draws in place of its HTML-like labels
    'label = <Inner <B>bold</B><BR/>second &amp; last>': 'label = "Inner bold\\nsecond & last"',
    'label=<<TABLE><TR><TD>Cell one</TD><TD>Cell &lt;two&gt;</TD></TR></TABLE>>': 'label="Cell one\\nCell <two>"',
    'label=<<I>html</I> edge>': 'label="html edge"',
}


def test_graphviz_draws_nothing_the_outline_does_not_hold(ui):
    """The reader's idea of DOT is Graphviz's: each text Graphviz draws is in the text version.

    The build's Graphviz (WebAssembly, without an XML parser) draws a node's name in place
    of an HTML-like label, so those are written as plain labels for this check.
    """
    dot = COVERING
    for html_label, plain in HTML_LABELS.items():
        assert html_label in dot
        dot = dot.replace(html_label, plain)
    assert read_outline(dot) == read_outline(COVERING)
    root = ET.fromstring(dot_to_svg(dot, {}))
    drawn = [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]
    shown = _text(outline_html(read_outline(dot), ui, "en"))
    assert len(drawn) > 15 and [text for text in drawn if text not in shown] == []


def test_an_undirected_graph_and_name_escapes():
    result = read_outline('strict graph net { node [label="\\N box"]; x -- y [label="\\T-\\H"]; '
                     'subgraph cluster_c { label="\\G"; z } }')
    assert result.root == Group("", ("x box", "y box", Group("cluster_c", ("z box",))))
    assert result.connections == (Connection("x box", "y box", "x-y", "none"),)


def test_a_graph_label_and_an_unnamed_box():
    result = read_outline('digraph { label="Whole picture"; subgraph cluster_a { label=""; p [label=P] } q [label=Q] }')
    assert result.root == Group("Whole picture", ("P", "Q"))


@pytest.mark.parametrize("dot, where", [
    ("digraph { a -> }", "line 1: expected a name or a value, got '}'"),
    ("digraph {\n a [label=\"open\n", "line 2: a quoted string is never closed"),
    ("digraph {\n\n a -- b }", "line 3: '--' in a digraph"),
    ("graph { a [label=<b> }", "line 1: expected a name or a value"),
    ("digraph { a } extra", "expected the end of the text"),
    ("digraph { a [label=x + \"y\"] }", "'+' joins quoted strings only"),
    ("digraph { a /* never closed }", "a comment is never closed"),
    ("flowchart { a }", "expected 'graph' or 'digraph'"),
])
def test_dot_it_cannot_read_is_refused_naming_the_line(dot, where):
    with pytest.raises(DotSyntaxError, match=re.escape(where)):
        read_outline(dot)


def test_the_outline_survives_the_cache_format():
    result = read_outline(COVERING)
    assert DiagramOutline.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    with pytest.raises(ValueError):
        DiagramOutline.from_dict({"format": 0})


# --- the reader, on DOT the project's diagrams recorded -------------------------------------------

def test_real_dot_with_icons_clusters_and_edge_labels():
    result = read_outline((FIXTURES / "outline" / "pattern_rag.en.dot").read_text(encoding="utf-8"))
    assert result.root == Group("", (
        Group("Offline: indexing", ("Help articles and policies", "Chunk and embed")),
        "Vector database",
        Group("Online: answering", ("Customer question", "Embed the question", "Answer from passages")),
        "Answer with citations",
    ))
    assert Connection("Chunk and embed", "Vector database", "index") in result.connections
    assert Connection("Vector database", "Answer from passages", "top-k passages") in result.connections
    assert len(result.connections) == 7


def test_real_dot_with_invisible_layout_edges():
    result = read_outline((FIXTURES / "outline" / "infrastructure_layers.ur-Latn.dot").read_text(encoding="utf-8"))
    groups = [item.label for item in result.root.items if isinstance(item, Group)]
    assert groups == ["4 Serving aur API", "3 Orchestration aur scheduling", "1 Compute", "2 Data",
                      "5 Observability", "6 Security"]
    # seven edges are drawn only to stack the layers (style=invis); one of them is also drawn visibly
    assert len(result.connections) == 10
    assert Connection("Users", "Gateway: Kong, Apigee") in result.connections
    assert Connection("Broker: Kafka, Pulsar", "Airflow, Dagster") not in result.connections  # invisible


# --- every diagram of the project, in both languages ----------------------------------------------

@pytest.fixture(scope="module")
def project_diagrams() -> list[RenderedDiagram]:
    return render_all(Project.at(ROOT)).diagrams


def _drawn_texts(svg: Path, kind: str | None = None) -> list[str]:
    """The texts drawn in the SVG (of the groups of one ``kind``: node, cluster, edge), one per line."""
    root = ET.parse(svg).getroot()
    groups = [g for g in root.iter(f"{SVG}g") if kind is None or g.get("class") == kind]
    texts = []
    for group in groups:
        for element in group.iter(f"{SVG}text"):
            text = " ".join("".join(element.itertext()).split())
            if text:
                texts.append(text)
    return texts


def test_every_label_drawn_in_every_diagram_is_in_its_text_version(project_diagrams, ui):
    assert {d.lang for d in project_diagrams} == set(LANGUAGES)
    assert len(project_diagrams) >= 2 * 20
    for diagram in project_diagrams:
        shown = _text(_page_html(outline_html(diagram.outline, ui, diagram.lang)))
        drawn = _drawn_texts(diagram.path)
        assert drawn, diagram.path
        missing = [text for text in drawn if text not in shown]
        assert not missing, f"{diagram.name} ({diagram.lang}): drawn but not in the text version: {missing}"


def test_every_drawn_node_group_and_edge_is_listed_once(project_diagrams):
    for diagram in project_diagrams:
        root = ET.parse(diagram.path).getroot()

        def drawn(kind: str) -> int:
            return sum(1 for g in root.iter(f"{SVG}g") if g.get("class") == kind
                       and any("".join(t.itertext()).strip() for t in g.iter(f"{SVG}text")))

        nodes, groups = [], []

        def walk(group: Group) -> None:
            for item in group.items:
                if isinstance(item, str):
                    nodes.append(item)
                else:
                    groups.append(item)
                    walk(item)

        walk(diagram.outline.root)
        where = f"{diagram.name} ({diagram.lang})"
        assert len(nodes) == drawn("node"), where
        assert len(groups) == drawn("cluster"), where
        edges = sum(1 for g in root.iter(f"{SVG}g") if g.get("class") == "edge")
        assert len(diagram.outline.connections) == edges, where


def test_the_two_languages_have_the_same_shape(project_diagrams):
    by_name: dict[str, dict[str, DiagramOutline]] = {}
    for diagram in project_diagrams:
        by_name.setdefault(diagram.name, {})[diagram.lang] = diagram.outline

    def shape(group: Group):
        return tuple("node" if isinstance(item, str) else shape(item) for item in group.items)

    for name, outlines in by_name.items():
        en, ur = outlines["en"], outlines["ur-Latn"]
        assert shape(en.root) == shape(ur.root), name
        assert [c.direction for c in en.connections] == [c.direction for c in ur.connections], name


# --- the cache ------------------------------------------------------------------------------------

def _tiny_project(tmp_path: Path) -> Project:
    (tmp_path / "diagrams").mkdir(parents=True)
    (tmp_path / "data" / "diagrams").mkdir(parents=True)
    shutil.copy(FIXTURES / "tiny.py", tmp_path / "diagrams" / "tiny.py")
    shutil.copy(FIXTURES / "tiny.yml", tmp_path / "data" / "diagrams" / "tiny.yml")
    return Project.at(tmp_path, cache_dir=tmp_path / "cache")


def test_a_cached_diagram_keeps_its_text_version_and_a_lost_one_is_drawn_again(tmp_path):
    project = _tiny_project(tmp_path)
    first = render_all(project).diagrams
    assert first[0].outline == DiagramOutline(Group("", ("Event stream", "Inference API")),
                                       (Connection("Event stream", "Inference API", "features"),))
    dots = sorted(project.cache_dir.glob("tiny.*.dot"))
    assert [p.name.split(".")[1] for p in dots] == ["en", "ur-Latn"]
    assert all("/assets/icons/" in p.read_text() and str(ROOT) not in p.read_text() for p in dots)
    again = render_all(project).diagrams
    assert again.__len__() == 2 and not any(d.drawn for d in again)
    assert [d.outline for d in again] == [d.outline for d in first]
    dots[0].unlink()  # a cache from before text versions: the image is drawn again, with its DOT
    third = render_all(project).diagrams
    assert [d.drawn for d in third] == [True, False] and dots[0].exists()
    assert third[0].outline == first[0].outline


def test_the_kept_report_holds_the_text_version(tmp_path):
    diagram = render_all(_tiny_project(tmp_path)).diagrams[1]
    assert RenderedDiagram.from_dict(json.loads(json.dumps(diagram.to_dict()))) == diagram
    with pytest.raises(ValueError):
        RenderedDiagram.from_dict({k: v for k, v in diagram.to_dict().items() if k != "outline"})


# --- the block on the page ------------------------------------------------------------------------

def _figure(diagram: RenderedDiagram, ui: DiagramUi) -> str:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="handbook/orchestration-patterns.md"))
    return _page_html(diagram_figure(diagram, page, ui))


@pytest.mark.parametrize("lang, summary, connection", [
    ("en", "Text version of this diagram", "Chunk and embed to Vector database (index)"),
    ("ur-Latn", "Is diagram ka text version", " se Vector database tak ("),
])
def test_the_block_under_the_figure_in_each_language(project_diagrams, ui, lang, summary, connection):
    diagram = next(d for d in project_diagrams if d.name == "pattern_rag" and d.lang == lang)
    page = _figure(diagram, ui)
    assert page.index("</figure>") < page.index('<details class="note diagram-text">')
    assert "<details" in page and " open" not in page.split("<details", 1)[1].split(">", 1)[0]
    assert f"<summary>{summary}</summary>" in page
    block = page[page.index("<details"):page.index("</details>")]
    assert block.count("<ul>") == 4  # parts, two groups' nodes, connections
    assert connection in _text(block)
    other = "Text version" if lang == "ur-Latn" else "text version"
    assert other not in _text(block)


def test_labels_and_words_are_shown_as_plain_text(ui):
    hostile = DiagramOutline(
        Group("", (Group("<script>alert(1)</script>", ("*bold* [x](javascript:alert(1))", "{{ x }}")),
                   "1. not a list")),
        (Connection("<b>", "&amp;", "![i](x.png)"),))
    block = outline_html(hostile, ui, "en")
    page = _page_html(block)
    assert "<script>" not in page and "<b>" not in page and "<strong>" not in page and "<em>" not in page
    assert "<a " not in page and "<img" not in page and "{{" not in page and "<ol>" not in page
    text = _text(page)
    for label in ("<script>alert(1)</script>", "*bold* [x](javascript:alert(1))", "{{ x }}", "1. not a list",
                  "<b> to &amp; (![i](x.png))"):
        assert label in text
    assert all(line.startswith("<") for line in block.splitlines())  # left alone by the glossary links


def test_the_words_need_their_placeholders(tmp_path):
    words = (ROOT / "data" / "diagram_ui.yml").read_text(encoding="utf-8")
    broken = tmp_path / "diagram_ui.yml"
    broken.write_text(words.replace('ur-Latn: "{source} se {target} tak"', 'ur-Latn: "{source} se aage"'))
    with pytest.raises(DataError, match=r"forward: the ur-Latn text must hold \{target\}"):
        validate(DiagramUi, broken, "data/diagram_ui.yml")


# --- the built site -------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix, words", [
    ("", "Chunk and embed to Vector database (index)"),
    ("ur-Latn/", "se Vector database tak (index)"),
])
def test_search_finds_the_text_version(built_site, prefix, words):
    page = built_site.html(prefix + "handbook/orchestration-patterns")
    assert page.count('<details class="note diagram-text">') == 7  # one per diagram on the page
    index = json.loads((built_site.site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = [doc["location"] for doc in index["docs"] if words in _text(doc["text"])]
    assert found == ["handbook/orchestration-patterns/#rag"]
