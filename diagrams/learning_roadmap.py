"""The learning path as a road: five steps in order, each ending in an exercise.

The steps run top to bottom with a suggested duration under each name. Each
step's exercise sits beside it; exercises 2 to 5 share one running example
(Sahulat Assist) and each builds on the one before, so they are grouped and
chained. Everything ends in the learner's portfolio.
"""

from diagrams import Cluster, Edge, Node
from diagrams.onprem.client import User
from diagrams.programming.flowchart import MultipleDocuments

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "0.6", "ranksep": "0.35"}

STEP = {"shape": "box", "style": "rounded,filled", "fillcolor": "#dbe9f6", "color": "#4a6f94",
        "fixedsize": "false", "width": "2.1", "height": "0.8", "labelloc": "c", "margin": "0.2,0.08",
        "fontsize": "13"}
EXERCISE = {**STEP, "fillcolor": "#fff4d6", "color": "#a07c1c", "height": "0.6", "fontsize": "12"}
ICON = {"width": "0.8", "height": "1.3"}


def draw(label):
    learner = User(label("learner"), **ICON)
    steps = [Node(f"{label(f'step-{n}')}\n{label(time)}", **STEP)
             for n, time in ((1, "weeks-3-4"), (2, "weeks-4"), (3, "weeks-2-3"), (4, "weeks-3-4"), (5, "weeks-2-3"))]
    first = Node(label("exercise-1"), **EXERCISE)
    with Cluster(label("running-example"), graph_attr={"bgcolor": "#fbf8ef", "pencolor": "#c9b98a",
                                                       "style": "rounded,dashed", "fontsize": "12", "labelloc": "t"}):
        later = [Node(label(f"exercise-{n}"), **EXERCISE) for n in range(2, 6)]
    portfolio = MultipleDocuments(label("portfolio"), **ICON)

    exercises = [first, *later]
    learner >> steps[0]
    for before, after in zip(steps, steps[1:]):
        before >> Edge(color="#4a6f94", penwidth="2") >> after
    steps[-1] >> Edge(color="#4a6f94", penwidth="2") >> portfolio
    for step, exercise in zip(steps, exercises):
        step >> Edge(style="dashed", color="#a07c1c", minlen="0") >> exercise
    for before, after in zip(later, later[1:]):
        before >> Edge(label=label("builds-on"), color="#a07c1c", fontsize="10") >> after
    later[-1] >> Edge(color="#a07c1c") >> portfolio
