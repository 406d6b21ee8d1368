"""Sequential pipeline: each stage feeds the next, in a fixed order.

Sahulat Assist's simplest answer path: a customer question passes an input
filter, retrieval, generation and an output check before the reply leaves.
"""

from diagrams import Edge
from diagrams.onprem.client import Users
from diagrams.onprem.database import Qdrant

from _shapes import box

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "0.4", "ranksep": "0.3"}


def draw(label):
    customer = Users(label("customer"))
    screen = box(label("input-filter"))
    retrieve = Qdrant(label("retrieve"))
    generate = box(label("generate"), fillcolor="#dbe9f6")
    check = box(label("output-check"))
    reply = box(label("reply"), fillcolor="#e3f1e3")

    customer >> Edge(label=label("question")) >> screen >> retrieve >> generate >> check >> reply
