"""A usage-metering pipeline: from a unit of AI work to an invoice and a cost dashboard.

The gateway and the agents emit one metering event per billable unit, each
with an idempotency key. Events travel through a stream into an append-only
usage ledger that ignores duplicates. A rating job prices the usage per tenant
with a versioned price table; the totals go to billing and to the cost
dashboard, and a daily reconciliation compares the ledger with traces and the
model provider's invoice.
"""

from diagrams import Cluster, Edge
from diagrams.onprem.client import Users
from diagrams.onprem.database import Postgresql
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.queue import Kafka
from diagrams.saas.payment import Stripe

from _shapes import box_with

DIRECTION = "LR"
GRAPH_ATTR = {"nodesep": "0.45", "ranksep": "0.6"}


box = box_with(margin="0.11,0.055")


def draw(label):
    merchants = Users(label("merchants"))

    with Cluster(label("product")):
        gateway = box(label("gateway"))
        agents = box(label("agents"), fillcolor="#dbe9f6")

    stream = Kafka(label("events"))

    with Cluster(label("metering")):
        ledger = Postgresql(label("ledger"))
        rating = box(label("rating"))
        prices = box(label("prices"), fillcolor="#fff4c2")

    billing = Stripe(label("billing"))
    dashboard = Grafana(label("dashboard"))
    reconcile = box(label("reconcile"), fillcolor="#fde9d9")
    provider = box(label("provider-invoice"), fillcolor="#fff4c2")

    merchants >> gateway >> agents
    [gateway, agents] >> Edge(label=label("event-key")) >> stream
    stream >> Edge(label=label("dedupe")) >> ledger >> rating
    prices >> Edge(style="dashed") >> rating
    rating >> Edge(label=label("invoice")) >> billing
    rating >> dashboard
    [ledger, provider] >> Edge(style="dotted") >> reconcile
    reconcile >> Edge(style="dotted", label=label("alerts")) >> dashboard
