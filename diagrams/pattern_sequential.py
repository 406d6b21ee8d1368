"""Sequential pipeline: each stage feeds the next, in a fixed order.

Sahulat Assist's simplest answer path: a customer question passes an input
filter, retrieval, generation and an output check before the reply leaves.
"""

from diagrams import Edge, Node
from diagrams.onprem.client import Users
from diagrams.onprem.database import Qdrant

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "0.4", "ranksep": "0.3"}


def box(text, **attrs):
    """A plain rounded box (no icon, so it adds almost nothing to the SVG)."""
    style = {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef2f7", "color": "#7b8894",
             "fixedsize": "false", "width": "1.6", "height": "0.7", "labelloc": "c",
             "margin": "0.15,0.08"}
    return Node(text, **{**style, **attrs})


def draw(label):
    customer = Users(label("customer"))
    screen = box(label("input-filter"))
    retrieve = Qdrant(label("retrieve"))
    generate = box(label("generate"), fillcolor="#dbe9f6")
    check = box(label("output-check"))
    reply = box(label("reply"), fillcolor="#e3f1e3")

    customer >> Edge(label=label("question")) >> screen >> retrieve >> generate >> check >> reply
