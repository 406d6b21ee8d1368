"""Where the AI systems architect's concerns sit in an AI product.

A request enters through the gateway, is coordinated by the orchestration
layer, passes the safety layer on its way to and from the models, draws on the
data pipelines for context, and every step reports to observability.
"""

from diagrams import Cluster, Edge
from diagrams.onprem.client import Users
from diagrams.onprem.database import Qdrant
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.network import Kong
from diagrams.onprem.queue import Kafka
from diagrams.onprem.security import Vault
from diagrams.onprem.tracing import Tempo
from diagrams.onprem.workflow import Airflow
from diagrams.programming.framework import Fastapi
from diagrams.generic.compute import Rack

DIRECTION = "LR"


def draw(label):
    users = Users(label("users"))
    gateway = Kong(label("gateway"))

    with Cluster(label("orchestration")):
        agents = Fastapi(label("agents"))

    with Cluster(label("safety")):
        guardrails = Vault(label("guardrails"))

    with Cluster(label("inference")):
        hosted = Rack(label("hosted-model"))
        own = Rack(label("own-model"))

    with Cluster(label("data")):
        events = Kafka(label("events"))
        pipeline = Airflow(label("pipeline"))
        vectors = Qdrant(label("vectors"))
        events >> pipeline >> vectors

    with Cluster(label("observability")):
        traces = Tempo(label("traces"))
        dashboards = Grafana(label("dashboards"))
        traces >> dashboards

    users >> gateway >> agents
    agents >> Edge(label=label("context")) >> vectors
    agents >> guardrails
    guardrails >> Edge(label=label("route")) >> [hosted, own]
    [agents, guardrails, hosted] >> Edge(style="dashed") >> traces
