"""The six core responsibilities of the AI systems architect, around the system they shape.

The running example, Sahulat Assist, sits in the centre. Each responsibility
surrounds it on the inner ring, and on the outer ring is the main written
artefact that responsibility leaves behind. Drawn with Graphviz's radial
``twopi`` layout, rooted at the system.
"""

from diagrams import Edge

from _shapes import box_with

DIRECTION = "LR"
GRAPH_ATTR = {"layout": "twopi", "ranksep": "1.4", "overlap": "false", "splines": "line"}

RESPONSIBILITIES = (
    ("components", "components-artefact"),
    ("orchestration", "orchestration-artefact"),
    ("inference", "inference-artefact"),
    ("safety", "safety-artefact"),
    ("observability", "observability-artefact"),
    ("data", "data-artefact"),
)
"""Label key of each responsibility and of its artefact, in the site's order."""

DRAW_ORDER = (2, 1, 6, 5, 4, 3)
"""twopi lays children counter-clockwise from about 30 degrees; this order puts
responsibility 1 at the top and the rest clockwise."""


box = box_with(width="1.5", height="0.5", fontsize="12", margin="0.15,0.06")


def draw(label):
    system = box(label("system"), root="true", fillcolor="#dbe9f6", fontsize="15",
                 width="1.9", height="0.8", penwidth="2")
    for number in DRAW_ORDER:
        key, artefact_key = RESPONSIBILITIES[number - 1]
        responsibility = box(f"{number}. {label(key)}", fillcolor="#d5ece9", color="#00695c",
                             fontsize="13", height="0.6")
        artefact = box(label(artefact_key), fillcolor="#fdf3e1")
        system >> Edge(color="#00695c", penwidth="1.6") >> responsibility
        responsibility >> Edge(style="dashed", color="#7b8894") >> artefact
