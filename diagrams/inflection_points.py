"""From prototype to governed production: where the five inflection points sit.

A prototype is usually fine with one strong engineer. The first four
inflection points tend to arrive along the road to production in roughly this
order; the fifth (the team cannot settle how to build it) can strike at any
stage.
"""

from diagrams import Cluster, Edge

from _shapes import box_with

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.45"}


box = box_with(width="1.5", margin="0.18,0.1")


POINT = "#fde9d9"
"""Fill of an inflection point."""


def draw(label):
    with Cluster(label("engineer-enough")):
        prototype = box(label("prototype"), fillcolor="#e3f1e3")

    with Cluster(label("architect-needed")):
        production = box(label("p1"), fillcolor=POINT)
        agents = box(label("p2"), fillcolor=POINT)
        regulated = box(label("p3"), fillcolor=POINT)
        cost = box(label("p4"), fillcolor=POINT)
        deadlock = box(label("p5"), fillcolor="#fff4c2")

    governed = box(label("governed"), fillcolor="#dbe9f6")

    prototype >> Edge(label=label("real-users")) >> production >> agents >> regulated >> cost >> governed
    prototype >> Edge(style="dashed", label=label("any-stage")) >> deadlock
    deadlock >> Edge(style="dashed") >> governed
