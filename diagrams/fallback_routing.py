"""Fallback routing: each call tries the next rung only when the one above fails or is slow.

Sahulat Assist's chain: primary provider, second provider, semantic cache, and
finally a safe holding reply with a place in the human queue.
"""

from diagrams import Edge
from diagrams.onprem.inmemory import Redis

from _shapes import box_with

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "0.6", "ranksep": "0.45"}


box = box_with(width="1.8")


def draw(label):
    call = box(label("call"))
    primary = box(label("primary"), fillcolor="#dbe9f6")
    second = box(label("second"), fillcolor="#dbe9f6")
    cache = Redis(label("cache"))
    degrade = box(label("degrade"), fillcolor="#f8e1de")
    answer = box(label("answer"), fillcolor="#e3f1e3")

    call >> primary
    primary >> Edge(label=label("fail-slow"), color="#c0392b", fontcolor="#c0392b") >> second
    second >> Edge(label=label("fail-too"), color="#c0392b", fontcolor="#c0392b") >> cache
    cache >> Edge(label=label("miss"), color="#c0392b", fontcolor="#c0392b") >> degrade
    [primary, second] >> Edge(label=label("ok"), style="dashed") >> answer
    cache >> Edge(label=label("hit"), style="dashed") >> answer
