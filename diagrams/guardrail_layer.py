"""The guardrail layer of Sahulat Assist: checks between agent output and real consequences.

A customer message passes the input checks (prompt-injection filter, PII
redaction) before the agents see it; whatever the agents produce passes the
output checks (schema validation, content policy) before it becomes a reply or
an account action. A circuit breaker watches the agents' loop and spend;
anything blocked, risky or unsure goes to the human support desk. Every
decision is written to the audit trail.
"""

from diagrams import Cluster, Edge
from diagrams.onprem.client import Users
from diagrams.onprem.database import Postgresql

from _shapes import box_with

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.45", "ranksep": "0.55"}


box = box_with(margin="0.11,0.055")


GUARD = "#fde9d9"
"""Fill of the guardrail boxes."""


def draw(label):
    customer = Users(label("customer"))

    with Cluster(label("input-checks")):
        injection = box(label("injection-filter"), fillcolor=GUARD)
        redaction = box(label("pii-redaction"), fillcolor=GUARD)

    with Cluster(label("agents")):
        triage = box(label("triage-agent"), fillcolor="#dbe9f6")
        actions = box(label("actions-agent"), fillcolor="#dbe9f6")

    breaker = box(label("circuit-breaker"), fillcolor=GUARD)

    with Cluster(label("output-checks")):
        schema = box(label("schema-validation"), fillcolor=GUARD)
        policy = box(label("content-policy"), fillcolor=GUARD)

    reply = box(label("reply"), fillcolor="#e3f1e3")
    internal = box(label("internal-apis"), fillcolor="#e3f1e3")
    desk = box(label("support-desk"), fillcolor="#fff4c2")
    audit = Postgresql(label("audit-trail"))

    # Edges without "constraint" stack their two ends in one column, keeping the picture short.
    stacked = {"constraint": "false"}
    customer >> injection
    injection >> Edge(**stacked) >> redaction
    redaction >> triage
    triage >> Edge(label=label("hand-off"), **stacked) >> actions
    [triage, actions] >> schema
    schema >> Edge(**stacked) >> policy
    policy >> reply
    policy >> Edge(label=label("approved-action")) >> internal
    breaker >> Edge(style="dashed", label=label("limits")) >> actions
    breaker >> Edge(style="dashed") >> triage
    [injection, policy, breaker] >> Edge(color="#b35c00", label=label("escalate")) >> desk
    [policy, desk] >> Edge(style="dotted") >> audit
