"""Circuit breaker: three states that stop a failing dependency from taking the system down."""

from diagrams import Edge, Node

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "1.2", "ranksep": "0.7"}


def state(text, colour):
    """A state of the breaker, drawn as a plain ellipse (no icon)."""
    return Node(text, shape="ellipse", style="filled", fillcolor=colour, color="#7b8894",
                fixedsize="false", width="1.6", height="0.8", labelloc="c", margin="0.15,0.08")


def draw(label):
    closed = state(label("closed"), "#e3f1e3")
    opened = state(label("open"), "#f8e1de")
    half = state(label("half-open"), "#fff4d6")

    closed >> Edge(label=label("trip")) >> opened
    opened >> Edge(label=label("cool-down")) >> half
    half >> Edge(label=label("probe-ok")) >> closed
    half >> Edge(label=label("probe-fail"), color="#c0392b", fontcolor="#c0392b") >> opened
