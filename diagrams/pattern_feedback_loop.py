"""Feedback-controlled loop: the agent acts, looks at the result, and decides again.

In Sahulat Assist, the agent may ask the customer a clarifying question or
call a tool, and loops until it can answer or hits its iteration cap.
"""

from diagrams import Edge
from diagrams.onprem.client import Users

from _shapes import box

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.45", "ranksep": "0.5"}


def draw(label):
    customer = Users(label("customer"))
    agent = box(label("agent"), fillcolor="#dbe9f6")
    check = box(label("enough"), shape="diamond", style="filled", fillcolor="#fff4d6",
                width="2.0", height="1.0")
    tool = box(label("tool"))
    answer = box(label("answer"), fillcolor="#e3f1e3")
    stop = box(label("cap"), fillcolor="#f8e1de")

    customer >> agent >> check
    check >> Edge(label=label("go-yes")) >> answer
    check >> Edge(label=label("need-data"), style="dashed") >> tool
    tool >> Edge(label=label("result"), style="dashed") >> agent
    check >> Edge(label=label("ask"), style="dashed") >> customer
    check >> Edge(label=label("too-many"), color="#c0392b", fontcolor="#c0392b") >> stop
