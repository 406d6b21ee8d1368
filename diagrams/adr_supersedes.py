"""The supersedes chains of the decision records in docs/adr/.

Drawn from data at build time: only records that supersede or were
superseded by another are drawn (a record that stands alone is in the
gallery, not in the picture), and of those only the newest chains, at most
`BOXES` records, so the picture stays readable and within the diagram budget
however many records there are; the list under the picture gives every link.
Each record is a box (number and status), grouped by the learning-path step
it illustrates, and an arrow runs from a record to each older record it
supersedes, left to right, so every chain reads as one row. When older
chains are left out, a note says so. The records are read through
``archbook.adr``; ``cache_inputs()`` hands the drawn records to the diagram
cache, so the picture is drawn again whenever a number, status, step or
supersedes link in a drawn chain changes, and not when a record with no link
is added.
"""

import json
from pathlib import Path

from diagrams import Cluster, Edge, Node

from archbook.adr.site import graph_chains, graph_edges, graph_inputs, load_catalog, recent_chains

ADR_DIR = Path(__file__).resolve().parent.parent / "docs" / "adr"

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.2", "ranksep": "0.5", "newrank": "true"}

BOXES = 30
"""The most records the picture draws (about 1 KB of SVG each: the budget is 40 KB)."""

FILL = {"proposed": "#e3f2fd", "accepted": "#e8f5e9", "rejected": "#ffebee",
        "deprecated": "#fff3e0", "superseded": "#eceff1"}
BOX = {"shape": "box", "style": "rounded,filled", "fixedsize": "false", "width": "1.2",
       "height": "0.5", "labelloc": "c", "fontsize": "12", "color": "#546e7a"}
NOTE = {**BOX, "style": "rounded,dashed", "color": "#78909c"}
STEPS = (1, 2, 3, 4, 5)


def drawn(records):
    """The records the picture draws, in chain order (newest chain first), and whether chains were left out."""
    chains = recent_chains(records, BOXES)
    by_number = {r.number: r for r in records}
    return [by_number[n] for chain in chains for n in chain], len(chains) < len(graph_chains(records))


def cache_inputs() -> str:
    """The ADR data the picture depends on (hashed into the diagram's cache key)."""
    records, more = drawn(load_catalog(ADR_DIR))
    return json.dumps([json.loads(graph_inputs(records)), more])


def draw(label):
    words = {key: label(key) for key in ("adr", "supersedes", "empty", "none", "more", *FILL,
                                         *(f"step-{n}" for n in STEPS))}
    records = load_catalog(ADR_DIR)
    chained, more = drawn(records)
    if not chained:
        Node(words["none" if records else "empty"], fillcolor="#ffffff", **BOX)
        return
    nodes = {}
    for step in STEPS:
        members = [r for r in chained if r.roadmap_step == step]
        if not members:
            continue
        with Cluster(words[f"step-{step}"], graph_attr={"margin": "12"}):
            for record in members:
                nodes[record.number] = Node(f"{words['adr']} {record.number:04d}\n{words[record.status]}",
                                            fillcolor=FILL[record.status], **BOX)
    for newer, older in graph_edges(chained):
        nodes[newer] >> Edge(label=words["supersedes"], color="#37474f", fontsize="11",
                             penwidth="1.5") >> nodes[older]
    if more:
        Node(words["more"], fillcolor="#ffffff", **NOTE)
