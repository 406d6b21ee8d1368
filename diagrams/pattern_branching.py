"""Conditional branching: a rule-based router picks one path per request.

In Sahulat Assist, routine questions go to the answer path, account requests
to the account-actions path, and high-risk requests (refunds above the limit,
suspected fraud, complaints) to human review.
"""

from diagrams import Edge
from diagrams.onprem.client import User, Users

from _shapes import box

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.7"}


def draw(label):
    customer = Users(label("customer"))
    router = box(label("router"), shape="diamond", style="filled", fillcolor="#fff4d6",
                 width="2.2", height="1.1")
    answer = box(label("answer-path"), fillcolor="#dbe9f6")
    account = box(label("account-path"), fillcolor="#dbe9f6")
    human = User(label("human-review"))

    customer >> router
    router >> Edge(label=label("routine")) >> answer
    router >> Edge(label=label("account")) >> account
    router >> Edge(label=label("high-risk"), color="#c0392b", fontcolor="#c0392b") >> human
