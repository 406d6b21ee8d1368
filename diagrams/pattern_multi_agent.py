"""Multi-agent hand-off: a triage agent passes each conversation to a specialist.

Sahulat Assist's triage-and-answer agent answers what it can and hands account
work to the account-actions agent or a case to the human desk; the shared
conversation state is checkpointed in PostgreSQL so any hand-off can resume.
"""

from diagrams import Edge
from diagrams.onprem.client import User, Users
from diagrams.onprem.database import Postgresql

from _shapes import box

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.4", "ranksep": "0.5"}


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
