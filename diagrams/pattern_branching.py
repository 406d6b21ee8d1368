"""Conditional branching: a rule-based router picks one path per request.

In Sahulat Assist, routine questions go to the answer path, account requests
to the account-actions path, and high-risk requests (refunds above the limit,
suspected fraud, complaints) to human review.
"""

from diagrams import Edge, Node
from diagrams.onprem.client import User, Users

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.7"}


def box(text, **attrs):
    """A plain rounded box (no icon, so it adds almost nothing to the SVG)."""
    style = {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef2f7", "color": "#7b8894",
             "fixedsize": "false", "width": "1.6", "height": "0.7", "labelloc": "c",
             "margin": "0.15,0.08"}
    return Node(text, **{**style, **attrs})


def draw(label):
    customer = Users(label("customer"))
    router = box(label("router"), shape="diamond", style="filled", fillcolor="#fff4d6",
                 width="2.2", height="1.1")
    answer = box(label("answer-path"), fillcolor="#dbe9f6")
    account = box(label("account-path"), fillcolor="#dbe9f6")
    human = User(label("human-review"))

    customer >> router
    router >> Edge(label=label("routine")) >> answer
    router >> Edge(label=label("account")) >> account
    router >> Edge(label=label("high-risk"), color="#c0392b", fontcolor="#c0392b") >> human
