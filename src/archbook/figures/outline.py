"""The text version of a diagram: its groups, nodes and connections, read from its Graphviz DOT.

A diagram is drawn once per language from the DOT its module records (see
[archbook.figures.diagrams][]); the same DOT gives the words a screen reader
needs. [read_outline][archbook.figures.outline.read_outline] reads it into an
[DiagramOutline][archbook.figures.outline.DiagramOutline]:

* every **cluster** (a subgraph whose name starts with ``cluster``) is a
  [Group][archbook.figures.outline.Group] with its label, holding its nodes
  and nested groups in the order the code declared them;
* every **node** is its label as drawn (the lines of a label are joined with
  a comma, so are the fields of a ``record``, and an HTML-like label gives its
  text); a node with nothing to read
  (an empty label, ``style=invis`` or ``shape=point``) is left out, and the
  connections through it join the nodes on either side;
* every visible **edge** is a [Connection][archbook.figures.outline.Connection]
  from one label to another, with its label, its ``xlabel`` and its head and
  tail labels when it has them, and its direction (``dir=back`` is turned
  round; ``both`` and ``none`` are kept); an invisible edge (``style=invis``,
  used only to steer the layout) is left out, and a connection drawn twice is
  listed once.

The reader is a small parser of the DOT language as Graphviz defines it
(statements, attribute lists, default ``node``/``edge``/``graph`` attributes
with their scopes, subgraphs as edge ends, ports, comments, quoted strings
with ``\\"`` and line continuations, ``+`` concatenation, HTML-like strings),
with the label escapes ``\\n``, ``\\l``, ``\\r`` (line breaks) and ``\\N``,
``\\G``, ``\\E``, ``\\T``, ``\\H``, ``\\L`` (names); the build's dependencies
hold no DOT parser, and this one is small enough to test whole. Text it cannot
read is refused with a [DotSyntaxError][archbook.figures.outline.DotSyntaxError]
naming the line. The tests check it against Graphviz itself: every text
Graphviz draws, for a DOT that uses all of the above (HTML-like labels aside:
the build's Graphviz has no XML parser and draws the node's name instead) and
for every diagram of the project, is in the text version.

[outline_html][archbook.figures.outline.outline_html] shows an outline in a
page's language as a collapsed block of nested lists, with the words of
``data/diagram_ui.yml`` ([DiagramUi][archbook.figures.outline.DiagramUi]). The
labels and words are written as plain text: whatever a label holds, it is
shown as drawn and never read as Markdown or HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pydantic import Field, model_validator

from archbook.content.models import Bilingual, Strict
from archbook.core.errors import ArchbookError

FORMAT = 1
"""Version of the stored form of an outline ([DiagramOutline.to_dict][archbook.figures.outline.DiagramOutline.to_dict])."""

DIRECTIONS = ("forward", "both", "none")
"""How a connection is drawn: an arrow from source to target, arrows at both ends, or a plain line."""


class DotSyntaxError(ArchbookError, ValueError):
    """The DOT text is not one the outline reader understands; the message names the line."""


# --- the outline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A cluster: its label and what it holds, nodes (their labels) and groups, in drawing order.

    The whole diagram is the outermost group, whose label is the graph's label (usually empty).
    """

    label: str = ""
    items: tuple[str | Group, ...] = ()

    def to_dict(self) -> dict:
        return {"label": self.label,
                "items": [item if isinstance(item, str) else item.to_dict() for item in self.items]}

    @classmethod
    def from_dict(cls, data: dict) -> Group:
        return cls(str(data["label"]), tuple(item if isinstance(item, str) else cls.from_dict(item)
                                             for item in data["items"]))


@dataclass(frozen=True)
class Connection:
    """One drawn edge, from one node's label to another's."""

    source: str
    target: str
    label: str = ""
    direction: str = "forward"

    def __post_init__(self):
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction: expected one of {', '.join(DIRECTIONS)}, got {self.direction!r}")


@dataclass(frozen=True)
class DiagramOutline:
    """A diagram as text: its groups and nodes (``root``) and its connections."""

    root: Group = field(default_factory=Group)
    connections: tuple[Connection, ...] = ()

    def labels(self) -> list[str]:
        """Every text of the outline: graph, group and node labels, then connection labels."""
        found: list[str] = []

        def walk(group: Group) -> None:
            if group.label:
                found.append(group.label)
            for item in group.items:
                if isinstance(item, str):
                    found.append(item)
                else:
                    walk(item)

        walk(self.root)
        found += [c.label for c in self.connections if c.label]
        return found

    def to_dict(self) -> dict:
        """The outline as JSON-ready data (read back by [from_dict][archbook.figures.outline.DiagramOutline.from_dict])."""
        return {"format": FORMAT, "root": self.root.to_dict(),
                "connections": [[c.source, c.target, c.label, c.direction] for c in self.connections]}

    @classmethod
    def from_dict(cls, data: dict) -> DiagramOutline:
        """The outline stored by [to_dict][archbook.figures.outline.DiagramOutline.to_dict].

        Raises:
            ValueError: stored in another format (or not an outline at all).
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not an outline of format {FORMAT}")
        try:
            return cls(Group.from_dict(data["root"]),
                       tuple(Connection(*map(str, c)) for c in data["connections"]))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not an outline: {exc}") from None


# --- reading DOT: tokens -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "id", "html", "punct", "edgeop"
    text: str
    line: int
    quoted: bool = False


_PUNCT = set("{}[];,=:")
_SIMPLE_ID = re.compile(r"[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*")
_NUMERAL = re.compile(r"-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)")
_KEYWORDS = ("strict", "graph", "digraph", "subgraph", "node", "edge")


def _tokens(dot: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, line, n = 0, 1, len(dot)
    at_line_start = True
    while i < n:
        ch = dot[i]
        if ch == "\n":
            line += 1
            i += 1
            at_line_start = True
            continue
        if ch in " \t\r\f\v":
            i += 1
            continue
        if ch == "#" and at_line_start:  # a C preprocessor line: ignored, as Graphviz does
            end = dot.find("\n", i)
            i = n if end < 0 else end
            continue
        at_line_start = False
        if dot.startswith("//", i):
            end = dot.find("\n", i)
            i = n if end < 0 else end
            continue
        if dot.startswith("/*", i):
            end = dot.find("*/", i + 2)
            if end < 0:
                raise DotSyntaxError(f"line {line}: a comment is never closed")
            line += dot.count("\n", i, end)
            i = end + 2
            continue
        if dot.startswith("->", i) or dot.startswith("--", i):
            tokens.append(_Token("edgeop", dot[i:i + 2], line))
            i += 2
            continue
        if ch == '"':
            start_line, out, i = line, [], i + 1
            while True:
                if i >= n:
                    raise DotSyntaxError(f"line {start_line}: a quoted string is never closed")
                c = dot[i]
                if c == "\\" and i + 1 < n and dot[i + 1] == '"':
                    out.append('"')
                    i += 2
                elif c == "\\" and i + 1 < n and dot[i + 1] == "\n":  # line continuation
                    line += 1
                    i += 2
                elif c == "\\" and dot.startswith("\r\n", i + 1):
                    line += 1
                    i += 3
                elif c == '"':
                    i += 1
                    break
                else:
                    if c == "\n":
                        line += 1
                    out.append(c)
                    i += 1
            text = "".join(out)
            if tokens and tokens[-1].kind == "punct" and tokens[-1].text == "+":
                tokens.pop()
                if not tokens or not tokens[-1].quoted:
                    raise DotSyntaxError(f"line {start_line}: '+' joins quoted strings only")
                joined = tokens.pop()
                text = joined.text + text
            tokens.append(_Token("id", text, start_line, quoted=True))
            continue
        if ch == "+":
            tokens.append(_Token("punct", "+", line))
            i += 1
            continue
        if ch == "<":
            start_line, depth, j = line, 0, i
            while j < n:
                if dot[j] == "<":
                    depth += 1
                elif dot[j] == ">":
                    depth -= 1
                    if depth == 0:
                        break
                elif dot[j] == "\n":
                    line += 1
                j += 1
            else:
                raise DotSyntaxError(f"line {start_line}: an HTML-like label is never closed")
            tokens.append(_Token("html", dot[i + 1:j], start_line))
            i = j + 1
            continue
        if ch in _PUNCT:
            tokens.append(_Token("punct", ch, line))
            i += 1
            continue
        match = _NUMERAL.match(dot, i) if (ch.isdigit() or ch in "-.") else _SIMPLE_ID.match(dot, i)
        if not match:
            raise DotSyntaxError(f"line {line}: unexpected character {ch!r}")
        tokens.append(_Token("id", match.group(0), line))
        i = match.end()
    if any(t.kind == "punct" and t.text == "+" for t in tokens):
        plus = next(t for t in tokens if t.kind == "punct" and t.text == "+")
        raise DotSyntaxError(f"line {plus.line}: '+' joins quoted strings only")
    return tokens


# --- reading DOT: statements -------------------------------------------------------------------


@dataclass(frozen=True)
class _Value:
    """An attribute value: its text and whether it was an HTML-like string."""

    text: str
    html: bool = False


@dataclass
class _Scope:
    """One graph or subgraph while it is read."""

    name: str
    cluster: bool
    graph: dict[str, _Value]
    node: dict[str, _Value]
    edge: dict[str, _Value]
    parent: _Scope | None = None
    children: list = field(default_factory=list)  # ("node", id) or ("scope", _Scope), in order
    members: set[str] = field(default_factory=set)

    def depth(self) -> int:
        return 0 if self.parent is None else 1 + self.parent.depth()


@dataclass
class _Edge:
    tail: str
    head: str
    attrs: dict[str, _Value]


class _Reader:
    def __init__(self, dot: str):
        self.tokens = _tokens(dot)
        self.pos = 0
        self.nodes: dict[str, dict[str, _Value]] = {}
        self.node_scopes: dict[str, list[_Scope]] = {}
        self.edges: list[_Edge] = []
        self.directed = True
        self.root: _Scope | None = None

    # token helpers

    def _peek(self, offset: int = 0) -> _Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def _line(self) -> int:
        token = self._peek() or (self.tokens[-1] if self.tokens else None)
        return token.line if token else 1

    def _fail(self, expected: str):
        token = self._peek()
        got = "the end of the text" if token is None else repr(token.text)
        raise DotSyntaxError(f"line {self._line()}: expected {expected}, got {got}")

    def _is(self, text: str, offset: int = 0) -> bool:
        token = self._peek(offset)
        return token is not None and token.kind in ("punct", "edgeop") and token.text == text

    def _keyword(self, word: str, offset: int = 0) -> bool:
        token = self._peek(offset)
        return (token is not None and token.kind == "id" and not token.quoted
                and token.text.lower() == word)

    def _expect(self, text: str) -> None:
        if not self._is(text):
            self._fail(repr(text))
        self.pos += 1

    def _id(self) -> _Value:
        token = self._peek()
        if token is None or token.kind not in ("id", "html"):
            self._fail("a name or a value")
        self.pos += 1
        return _Value(token.text, token.kind == "html")

    # grammar

    def read(self) -> _Scope:
        if self._keyword("strict"):
            self.pos += 1
        if self._keyword("digraph"):
            self.directed = True
        elif self._keyword("graph"):
            self.directed = False
        else:
            self._fail("'graph' or 'digraph'")
        self.pos += 1
        name = ""
        if self._peek() is not None and self._peek().kind in ("id", "html") and not self._is("{"):
            name = self._id().text
        self.root = _Scope(name, False, {}, {}, {})
        self._expect("{")
        self._statements(self.root)
        self._expect("}")
        if self._peek() is not None:
            self._fail("the end of the text")
        return self.root

    def _statements(self, scope: _Scope) -> None:
        while not self._is("}"):
            if self._peek() is None:
                self._fail("'}'")
            self._statement(scope)
            if self._is(";"):
                self.pos += 1

    def _attr_list(self) -> dict[str, _Value]:
        attrs: dict[str, _Value] = {}
        while self._is("["):
            self.pos += 1
            while not self._is("]"):
                key = self._id().text
                if not self._is("="):
                    self._fail(f"'=' after attribute {key!r}")
                self.pos += 1
                attrs[key] = self._id()
                if self._is(",") or self._is(";"):
                    self.pos += 1
            self.pos += 1
        return attrs

    def _statement(self, scope: _Scope) -> None:
        for word, target in (("graph", scope.graph), ("node", scope.node), ("edge", scope.edge)):
            if self._keyword(word) and self._is("[", 1):
                self.pos += 1
                target.update(self._attr_list())
                return
        if (self._peek() is not None and self._peek().kind in ("id", "html")
                and not self._keyword("subgraph") and self._is("=", 1)):
            key = self._id().text
            self.pos += 1
            scope.graph[key] = self._id()
            return
        ends = [self._edge_end(scope)]
        operators = []
        while self._peek() is not None and self._peek().kind == "edgeop":
            operators.append(self._peek())
            self.pos += 1
            ends.append(self._edge_end(scope))
        attrs = self._attr_list()
        if not operators:
            kind, ids = ends[0]
            if kind == "node":
                self.nodes[ids[0]].update(attrs)
            return
        for operator in operators:
            if operator.text != ("->" if self.directed else "--"):
                raise DotSyntaxError(f"line {operator.line}: {operator.text!r} in a "
                                     f"{'digraph' if self.directed else 'graph'}")
        for (_, tails), (_, heads) in zip(ends, ends[1:]):
            for tail in tails:
                for head in heads:
                    self.edges.append(_Edge(tail, head, {**scope.edge, **attrs}))

    def _edge_end(self, scope: _Scope) -> tuple[str, list[str]]:
        if self._keyword("subgraph") or self._is("{"):
            sub = self._subgraph(scope)
            return "scope", sorted(sub.members, key=self._order)
        name = self._id()
        if name.html:
            raise DotSyntaxError(f"line {self._line()}: an HTML-like string cannot name a node")
        if self._is(":"):  # a port, and maybe a compass point: where an edge meets, not a node
            self.pos += 1
            self._id()
            if self._is(":"):
                self.pos += 1
                self._id()
        self._declare(name.text, scope)
        return "node", [name.text]

    def _order(self, node: str) -> int:
        return list(self.nodes).index(node)

    def _declare(self, node: str, scope: _Scope) -> None:
        if node not in self.nodes:
            self.nodes[node] = dict(scope.node)
            self.node_scopes[node] = []
        walk: _Scope | None = scope
        while walk is not None:
            if node not in walk.members:
                walk.members.add(node)
                walk.children.append(("node", node))
            walk = walk.parent
        self.node_scopes[node].append(scope)

    def _subgraph(self, scope: _Scope) -> _Scope:
        name = ""
        if self._keyword("subgraph"):
            self.pos += 1
            if not self._is("{"):
                name = self._id().text
        sub = _Scope(name, name.lower().startswith("cluster"), dict(scope.graph), dict(scope.node),
                     dict(scope.edge), parent=scope)
        scope.children.append(("scope", sub))
        self._expect("{")
        self._statements(sub)
        self._expect("}")
        return sub


# --- from statements to an outline ---------------------------------------------------------------


class _HtmlText(HTMLParser):
    """The lines of text of an HTML-like label: ``<BR/>`` and table cells and rows break lines."""

    BREAKS = {"br", "td", "tr", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]

    def handle_starttag(self, tag, attrs):
        if tag.lower() in self.BREAKS:
            self.lines.append("")

    def handle_endtag(self, tag):
        if tag.lower() in self.BREAKS:
            self.lines.append("")

    def handle_data(self, data):
        self.lines[-1] += data


def _html_lines(text: str) -> list[str]:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return parser.lines


_ESCAPE = re.compile(r"\\(.)", re.S)


_RECORD_FIELD = re.compile(r"(?<!\\)[|{}]")
_RECORD_PORT = re.compile(r"(?<!\\)<[^>]*(?<!\\)>")


def _label_lines(value: _Value, names: dict[str, str], record: bool = False) -> list[str]:
    """The lines a label is drawn as; ``names`` fills ``\\N``, ``\\G``, ``\\E``, ``\\T``, ``\\H``, ``\\L``.

    A ``record`` label is split into its fields (``|``, ``{``, ``}``), without its port names (``<p>``).
    """
    if value.html:
        return _html_lines(value.text)
    if record:
        fields = _RECORD_FIELD.split(_RECORD_PORT.sub("", value.text))
        return [line for field in fields for line in _label_lines(_Value(field), names)]

    def escape(match: re.Match) -> str:
        char = match.group(1)
        if char in "nlr":
            return "\n"
        return names.get(char, char)

    return _ESCAPE.sub(escape, value.text).split("\n")


def join_lines(lines: list[str]) -> str:
    """The lines of one label as one phrase: a comma between lines, unless a line ends in punctuation."""
    out = ""
    for line in (" ".join(line.split()) for line in lines):
        if not line:
            continue
        if out:
            out += " " if out[-1] in ",;:.!?" else ", "
        out += line
    return out


def _style(attrs: dict[str, _Value]) -> set[str]:
    style = attrs.get("style")
    return {part.strip().lower() for part in style.text.split(",")} if style else set()


def read_outline(dot: str) -> DiagramOutline:
    """The [DiagramOutline][archbook.figures.outline.DiagramOutline] of a diagram, read from its DOT text.

    Raises:
        DotSyntaxError: ``dot`` is not DOT the reader understands (names the line).
    """
    reader = _Reader(dot)
    root = reader.read()
    graph_name = root.name

    def node_text(node: str) -> str:
        attrs = reader.nodes[node]
        if "invis" in _style(attrs) or attrs.get("shape", _Value("")).text.lower() == "point":
            return ""
        names = {"N": node, "G": graph_name}
        record = attrs.get("shape", _Value("")).text.lower() in ("record", "mrecord")
        label = join_lines(_label_lines(attrs.get("label", _Value("\\N")), names, record))
        xlabel = attrs.get("xlabel")
        if xlabel is not None:
            extra = join_lines(_label_lines(xlabel, {**names, "L": label}))
            if extra:
                label = f"{label} ({extra})" if label else extra
        return label

    texts = {node: node_text(node) for node in reader.nodes}

    # each node is drawn in the deepest cluster that holds it (the first such, if several)
    home: dict[str, _Scope] = {}
    for node, scopes in reader.node_scopes.items():
        clusters = []
        for scope in scopes:
            walk: _Scope | None = scope
            while walk is not None and not (walk.cluster and "invis" not in _style(walk.graph)):
                walk = walk.parent
            clusters.append(walk or root)
        home[node] = max(clusters, key=lambda s: s.depth())  # max keeps the first of equal depth

    def group_of(scope: _Scope, label: str) -> Group:
        items: list[str | Group] = []
        seen: set[str] = set()

        def collect(current: _Scope) -> None:
            for kind, child in current.children:
                if kind == "node":
                    if home[child] is scope and child not in seen and texts[child]:
                        seen.add(child)
                        items.append(texts[child])
                elif child.cluster and "invis" not in _style(child.graph):
                    group = group_of(child, join_lines(_label_lines(
                        child.graph.get("label", _Value("")), {"G": child.name})))
                    if group.label:
                        items.append(group)
                    else:  # a box without a name: its nodes are read as the parent's
                        items.extend(group.items)
                else:  # a plain subgraph (or an invisible cluster) groups nothing a reader sees
                    collect(child)

        collect(scope)
        return Group(label, tuple(items))

    top = group_of(root, join_lines(_label_lines(root.graph.get("label", _Value("")), {"G": graph_name})))
    return DiagramOutline(top, _connections(reader, texts))


def _edge_label(edge: _Edge, directed: bool) -> str:
    names = {"T": edge.tail, "H": edge.head, "E": f"{edge.tail}{'->' if directed else '--'}{edge.head}"}
    label = join_lines(_label_lines(edge.attrs.get("label", _Value("")), names))
    parts = [label] + [join_lines(_label_lines(edge.attrs[key], {**names, "L": label}))
                       for key in ("xlabel", "taillabel", "headlabel") if key in edge.attrs]
    return ", ".join(part for part in parts if part)


def _connections(reader: _Reader, texts: dict[str, str]) -> tuple[Connection, ...]:
    """The visible edges between readable nodes, passing through nodes with nothing to read."""
    steps: list[tuple[str, str, str, str]] = []  # (from, to, label, direction), drawn edges only
    for edge in reader.edges:
        if "invis" in _style(edge.attrs):
            continue
        direction = edge.attrs.get("dir", _Value("forward" if reader.directed else "none")).text.lower()
        tail, head = edge.tail, edge.head
        if direction == "back":
            tail, head, direction = head, tail, "forward"
        if direction not in DIRECTIONS:
            direction = "forward" if reader.directed else "none"
        steps.append((tail, head, _edge_label(edge, reader.directed), direction))

    out: list[Connection] = []

    def add(connection: Connection) -> None:
        if connection not in out:
            out.append(connection)

    def follow(start: str, node: str, labels: list[str], directions: list[str], seen: set[str]) -> None:
        if texts[node]:
            kinds = set(directions)
            direction = kinds.pop() if len(kinds) == 1 else "forward"
            add(Connection(texts[start], texts[node], ", ".join(dict.fromkeys(l for l in labels if l)),
                           direction))
            return
        if node in seen:
            return
        for tail, head, label, direction in steps:
            if tail == node:
                follow(start, head, labels + [label], directions + [direction], seen | {node})

    for tail, head, label, direction in steps:
        if texts[tail]:
            follow(tail, head, [label], [direction], set())
    return tuple(out)


# --- the block on the page ---------------------------------------------------------------------


class DiagramUi(Strict):
    """``data/diagram_ui.yml``: the words of a diagram's text version, in both languages.

    ``forward``, ``both`` and ``none`` describe a connection; each holds the
    placeholders ``{source}`` and ``{target}``. ``group`` holds ``{label}``.
    The words are shown as plain text: Markdown in them is not read.
    """

    summary: Bilingual = Field(description="Title of the collapsed block under each diagram.")
    parts: Bilingual = Field(description="Lead-in to the list of groups and nodes.")
    connections: Bilingual = Field(description="Lead-in to the list of connections.")
    group: Bilingual = Field(description="A group (cluster) with its name, {label}.")
    forward: Bilingual = Field(description="An arrow from {source} to {target}.")
    both: Bilingual = Field(description="Arrows both ways between {source} and {target}.")
    none: Bilingual = Field(description="A plain line between {source} and {target}.")

    @model_validator(mode="after")
    def _placeholders(self):
        placeholders = {"group": ("{label}",), "forward": ("{source}", "{target}"),
                        "both": ("{source}", "{target}"), "none": ("{source}", "{target}")}
        for key, needed in placeholders.items():
            value: Bilingual = getattr(self, key)
            for lang in ("en", "ur-Latn"):
                missing = [p for p in needed if p not in value.text(lang)]
                if missing:
                    raise ValueError(f"{key}: the {lang} text must hold {' and '.join(missing)}")
        return self


def literal(text: str) -> str:
    """``text`` as HTML that shows exactly these characters, on one line (a line break is a space).

    ``&``, ``<``, ``>`` and quotes become character references, and so do braces
    (no template syntax survives), whatever the text holds.
    """
    return (html.escape(re.sub(r"\s+", " ", text), quote=True)
            .replace("{", "&#123;").replace("}", "&#125;"))


def _word(template: str, **values: str) -> str:
    """An interface word as HTML, its ``{name}`` placeholders filled with ``values`` (HTML already)."""
    out, index = [], 0
    for match in re.finditer(r"\{([a-z_]+)\}", template):
        out.append(literal(template[index:match.start()]))
        name = match.group(1)
        out.append(values[name] if name in values else literal(match.group(0)))
        index = match.end()
    out.append(literal(template[index:]))
    return "".join(out)


def _connection_html(connection: Connection, ui: DiagramUi, lang: str) -> str:
    line = _word(getattr(ui, connection.direction).text(lang),
                 source=literal(connection.source), target=literal(connection.target))
    if connection.label:
        line += f" ({literal(connection.label)})"
    return line


def outline_html(diagram: DiagramOutline, ui: DiagramUi, lang: str) -> str:
    """The collapsed block of a diagram's text version, in ``lang``, as HTML a Markdown page can hold.

    A ``<details class="note">`` styled as Material's collapsible admonition,
    closed until opened: its title, then the groups (with their nodes and
    nested groups) and nodes as nested lists, then the connections as a list.
    The block is part of the page's text, so search finds it. Every line
    starts with a tag, so Markdown and the glossary links leave it alone;
    labels and interface words are shown as plain text
    ([literal][archbook.figures.outline.literal]).
    """
    lines = ['<details class="note diagram-text">',
             f"<summary>{literal(ui.summary.text(lang))}</summary>"]
    if diagram.root.label:
        lines.append(f"<p>{literal(diagram.root.label)}</p>")

    def items(group: Group) -> None:
        lines.append("<ul>")
        for item in group.items:
            if isinstance(item, str):
                lines.append(f"<li>{literal(item)}</li>")
            else:
                lines.append(f"<li>{_word(ui.group.text(lang), label=literal(item.label))}")
                if item.items:
                    items(item)
                lines.append("</li>")
        lines.append("</ul>")

    if diagram.root.items:
        lines.append(f"<p>{literal(ui.parts.text(lang))}</p>")
        items(diagram.root)
    if diagram.connections:
        lines.append(f"<p>{literal(ui.connections.text(lang))}</p>")
        lines.append("<ul>")
        lines += [f"<li>{_connection_html(c, ui, lang)}</li>" for c in diagram.connections]
        lines.append("</ul>")
    lines.append("</details>")
    return "\n".join(lines) + "\n"
