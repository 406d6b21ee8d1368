"""Multi-agent hand-off: a triage agent passes each conversation to a specialist.

Sahulat Assist's triage-and-answer agent answers what it can and hands account
work to the account-actions agent or a case to the human desk; the shared
conversation state is checkpointed in PostgreSQL so any hand-off can resume.
"""

from diagrams import Edge, Node
from diagrams.onprem.client import User, Users
from diagrams.onprem.database import Postgresql

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.4", "ranksep": "0.5"}


def box(text, **attrs):
    """A plain rounded box (no icon, so it adds almost nothing to the SVG)."""
    style = {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef2f7", "color": "#7b8894",
             "fixedsize": "false", "width": "1.6", "height": "0.7", "labelloc": "c",
             "margin": "0.15,0.08"}
    return Node(text, **{**style, **attrs})


def draw(label):
    customer = Users(label("customer"))
    triage = box(label("triage"), fillcolor="#dbe9f6")
    account = box(label("account-agent"), fillcolor="#dbe9f6")
    apis = box(label("apis"), shape="component", style="filled")
    human = User(label("human-desk"))
    state = Postgresql(label("state"))

    customer >> triage
    triage >> Edge(label=label("hand-off")) >> account >> Edge(label=label("scoped")) >> apis
    triage >> Edge(label=label("escalate"), color="#c0392b", fontcolor="#c0392b") >> human
    account >> Edge(label=label("escalate"), color="#c0392b", fontcolor="#c0392b") >> human
    [triage, account] >> Edge(style="dashed", label=label("checkpoint")) >> state
