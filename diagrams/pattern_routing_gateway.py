"""Model-routing gateway: one entry point that chooses a model for every call.

Sahulat Assist's gateway sends easy calls to a small fast model, hard ones to
a strong model, and falls back to a second provider when the first is failing.
"""

from diagrams import Edge, Node
from diagrams.onprem.network import Kong

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.9"}


def box(text, **attrs):
    """A plain rounded box (no icon, so it adds almost nothing to the SVG)."""
    style = {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef2f7", "color": "#7b8894",
             "fixedsize": "false", "width": "1.6", "height": "0.7", "labelloc": "c",
             "margin": "0.15,0.08"}
    return Node(text, **{**style, **attrs})


def draw(label):
    agents = box(label("agents"))
    gateway = Kong(label("gateway"))
    policy = box(label("policy"), shape="note", style="filled", fillcolor="#fff4d6")
    small = box(label("small"), fillcolor="#dbe9f6")
    strong = box(label("strong"), fillcolor="#dbe9f6")
    second = box(label("second"), fillcolor="#f8e1de")
    meter = box(label("meter"))

    agents >> Edge(label=label("one-api")) >> gateway
    policy >> Edge(style="dotted") >> gateway
    gateway >> Edge(label=label("easy")) >> small
    gateway >> Edge(label=label("hard")) >> strong
    gateway >> Edge(label=label("fallback"), style="dashed") >> second
    gateway >> Edge(style="dashed") >> meter
