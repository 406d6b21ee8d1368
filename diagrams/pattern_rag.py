"""Retrieval-augmented generation: index documents offline, retrieve them per question.

Sahulat Assist indexes its help-centre articles and policy documents; each
question fetches the closest passages, which the model must answer from.
"""

from diagrams import Cluster, Edge
from diagrams.onprem.database import Qdrant

from _shapes import box

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.55"}


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
