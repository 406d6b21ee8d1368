"""Parallel ensemble: several models judge the same input at once; a combiner decides.

In Sahulat Assist, three independent checks judge whether a message reports
fraud; a confidence-weighted vote decides, and disagreement goes to a human.
"""

from diagrams import Edge, Node
from diagrams.onprem.client import User

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.3", "ranksep": "0.5"}


def box(text, **attrs):
    """A plain rounded box (no icon, so it adds almost nothing to the SVG)."""
    style = {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef2f7", "color": "#7b8894",
             "fixedsize": "false", "width": "1.6", "height": "0.7", "labelloc": "c",
             "margin": "0.15,0.08"}
    return Node(text, **{**style, **attrs})


def draw(label):
    message = box(label("message"))
    members = [box(label("small-model"), fillcolor="#dbe9f6"),
               box(label("strong-model"), fillcolor="#dbe9f6"),
               box(label("rules"), fillcolor="#dbe9f6")]
    vote = box(label("vote"), shape="hexagon", style="filled", fillcolor="#fff4d6")
    decision = box(label("decision"), fillcolor="#e3f1e3")
    human = User(label("human"))

    message >> Edge(label=label("same-input")) >> members
    members >> vote
    vote >> Edge(label=label("agree")) >> decision
    vote >> Edge(label=label("disagree"), style="dashed") >> human
