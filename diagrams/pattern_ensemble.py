"""Parallel ensemble: several models judge the same input at once; a combiner decides.

In Sahulat Assist, three independent checks judge whether a message reports
fraud; a confidence-weighted vote decides, and disagreement goes to a human.
"""

from diagrams import Edge
from diagrams.onprem.client import User

from _shapes import box

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.3", "ranksep": "0.5"}


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
