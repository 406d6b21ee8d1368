"""The supersedes graph of the decision records in docs/adr/.

Drawn from data at build time: every ADR is a box (number and status),
grouped by the learning-path step it illustrates, and an arrow runs from an
ADR to each older ADR it supersedes. The records are read through
``archbook.adr``; ``cache_inputs()`` hands the same data to the diagram cache,
so the picture is drawn again whenever a number, status, step or supersedes
link changes.
"""

from pathlib import Path

from diagrams import Cluster, Edge, Node

from archbook.adr.site import graph_edges, graph_inputs, load_catalog

ADR_DIR = Path(__file__).resolve().parent.parent / "docs" / "adr"

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.45", "newrank": "true"}

FILL = {"proposed": "#e3f2fd", "accepted": "#e8f5e9", "rejected": "#ffebee",
        "deprecated": "#fff3e0", "superseded": "#eceff1"}
BOX = {"shape": "box", "style": "rounded,filled", "fixedsize": "false", "width": "1.2",
       "height": "0.5", "labelloc": "c", "fontsize": "12", "color": "#546e7a"}
STEPS = (1, 2, 3, 4, 5)


def cache_inputs() -> str:
    """The ADR data the picture depends on (hashed into the diagram's cache key)."""
    return graph_inputs(load_catalog(ADR_DIR))


def draw(label):
    words = {key: label(key) for key in ("adr", "supersedes", "empty", *FILL, *(f"step-{n}" for n in STEPS))}
    records = load_catalog(ADR_DIR)
    if not records:
        Node(words["empty"], fillcolor="#ffffff", **BOX)
        return
    nodes = {}
    for step in STEPS:
        members = [r for r in records if r.roadmap_step == step]
        if not members:
            continue
        with Cluster(words[f"step-{step}"], graph_attr={"margin": "14"}):
            previous = None
            for record in members:
                node = Node(f"{words['adr']} {record.number:04d}\n{words[record.status]}",
                            fillcolor=FILL[record.status], **BOX)
                nodes[record.number] = node
                if previous is not None:
                    previous >> Edge(style="invis") >> node
                previous = node
    for newer, older in graph_edges(records):
        nodes[newer] >> Edge(label=words["supersedes"], color="#37474f", fontsize="11",
                             constraint="false", penwidth="1.5") >> nodes[older]
