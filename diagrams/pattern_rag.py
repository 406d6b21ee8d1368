"""Retrieval-augmented generation: index documents offline, retrieve them per question.

Sahulat Assist indexes its help-centre articles and policy documents; each
question fetches the closest passages, which the model must answer from.
"""

from diagrams import Cluster, Edge, Node
from diagrams.onprem.database import Qdrant

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.55"}


def box(text, **attrs):
    """A plain rounded box (no icon, so it adds almost nothing to the SVG)."""
    style = {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef2f7", "color": "#7b8894",
             "fixedsize": "false", "width": "1.6", "height": "0.7", "labelloc": "c",
             "margin": "0.15,0.08"}
    return Node(text, **{**style, **attrs})


def draw(label):
    with Cluster(label("offline")):
        articles = box(label("articles"), shape="note", style="filled")
        chunk = box(label("chunk-embed"))
    vectors = Qdrant(label("vector-db"))
    with Cluster(label("online")):
        question = box(label("question"))
        embed = box(label("embed-query"))
        generate = box(label("generate"), fillcolor="#dbe9f6")
    answer = box(label("answer"), fillcolor="#e3f1e3")

    articles >> chunk >> Edge(label=label("index")) >> vectors
    question >> embed >> Edge(label=label("search")) >> vectors
    vectors >> Edge(label=label("top-k")) >> generate
    question >> Edge(style="dashed") >> generate
    generate >> answer
