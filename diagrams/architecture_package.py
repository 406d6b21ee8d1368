"""The six deliverables as one architecture package, and what each feeds.

The architecture document comes first and feeds the three design documents
(infrastructure, orchestration, safety). They in turn feed the observability
plan, which must watch what they define. All of them end up in the handoff
documentation, whose recommended next iteration starts the loop again.
"""

from diagrams import Edge

from _shapes import box

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "0.5", "ranksep": "0.5"}


def document(text, **attrs):
    """A deliverable: a page with a folded corner (Graphviz's ``note`` shape)."""
    return box(text, **{"shape": "note", "style": "filled", "fillcolor": "#dbe9f6", **attrs})


def draw(label):
    requirement = box(label("requirement"), fillcolor="#fff4d6")
    architecture = document(label("architecture"))
    infrastructure = document(label("infrastructure"))
    orchestration = document(label("orchestration"))
    safety = document(label("safety"))
    observability = document(label("observability"))
    handoff = document(label("handoff"))

    requirement >> architecture
    architecture >> Edge(label=label("components-load")) >> infrastructure
    architecture >> Edge(label=label("flows-state")) >> orchestration
    architecture >> Edge(label=label("failure-modes")) >> safety
    orchestration >> Edge(label=label("action-points")) >> safety
    infrastructure >> Edge(label=label("services")) >> observability
    orchestration >> Edge(label=label("spans")) >> observability
    safety >> Edge(label=label("guard-metrics")) >> observability
    [infrastructure, safety, observability] >> handoff
    handoff >> Edge(label=label("next-iteration"), style="dashed") >> requirement
