"""Model-routing gateway: one entry point that chooses a model for every call.

Sahulat Assist's gateway sends easy calls to a small fast model, hard ones to
a strong model, and falls back to a second provider when the first is failing.
"""

from diagrams import Edge
from diagrams.onprem.network import Kong

from _shapes import box

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.9"}


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
