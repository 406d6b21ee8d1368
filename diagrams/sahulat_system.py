"""Sahulat Assist: the system diagram of the worked architecture document.

Customers reach the API gateway from the app chat or WhatsApp. The LangGraph
orchestrator (state checkpointed in PostgreSQL) runs the guardrail layer and
the two agents. Retrieval uses pgvector and self-hosted embedding and
reranking models. The agents reach models only through the model-routing
gateway, which checks the semantic cache first and sends redacted prompts out
of the company's region to a primary or a secondary provider. Everything
holding customer data stays inside the in-country boundary.
"""

from diagrams import Cluster, Edge
from diagrams.onprem.client import Users
from diagrams.onprem.database import Postgresql
from diagrams.onprem.network import Kong

from _shapes import box_with

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.5"}
ICON = {"width": "0.9", "height": "1.7"}
"""Smaller icon nodes than the library default, to keep the picture compact."""


box = box_with(width="1.5", height="0.6", margin="0.12,0.06")


def draw(label):
    customers = Users(label("customers"), **ICON)

    with Cluster(label("region")):
        gateway = Kong(label("gateway"), **ICON)
        orchestrator = box(label("orchestrator"), fillcolor="#dbe9f6")
        checkpoints = Postgresql(label("checkpoints"), **{**ICON, "width": "1.4"})
        guardrails = box(label("guardrails"), fillcolor="#fde7e4")
        answer = box(label("answer-agent"))
        actions = box(label("actions-agent"))
        vectors = Postgresql(label("vectors"), **{**ICON, "width": "1.4"})
        encoders = box(label("encoders"))
        internal = box(label("internal-apis"))
        router = box(label("router"), fillcolor="#dbe9f6")
        cache = box(label("cache"))
        desk = box(label("desk"), fillcolor="#e3f1e3")
        telemetry = box(label("telemetry"), style="rounded,dashed")

    with Cluster(label("providers")):
        primary = box(label("primary"))
        secondary = box(label("secondary"))

    customers >> gateway >> orchestrator
    orchestrator - Edge(style="dotted") - checkpoints
    orchestrator >> guardrails
    guardrails >> [answer, actions]
    orchestrator >> Edge(label=label("escalate")) >> desk
    answer >> Edge(label=label("retrieve")) >> vectors
    answer >> encoders
    actions >> Edge(label=label("scoped")) >> internal
    [answer, actions] >> router
    router >> cache
    router >> Edge(label=label("redacted")) >> primary
    router >> Edge(style="dashed", label=label("fallback")) >> secondary
    orchestrator >> Edge(style="dashed") >> telemetry
