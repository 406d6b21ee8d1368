"""The six infrastructure layers of an AI system, stacked in the order a request meets them.

A request enters through serving and API management (4), is coordinated by
orchestration and scheduling (3), runs on compute (1) and reads the data
layer (2). Observability (5) and security (6) reach every layer; they close
the stack, drawn with dashed borders to mark them as cross-cutting. Cluster
titles carry the layer's number from the layers table. Each layer cluster is
one rank (``newrank``); invisible edges stack the rows in order.
"""

from diagrams import Cluster, Edge
from diagrams.generic.compute import Rack
from diagrams.generic.storage import Storage
from diagrams.onprem.client import Users
from diagrams.onprem.monitoring import Grafana
from diagrams.onprem.network import Kong
from diagrams.onprem.queue import Kafka
from diagrams.onprem.security import Vault

from _shapes import box_with

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "0.35", "ranksep": "0.35", "newrank": "true"}

ICON = {"width": "0.9", "height": "1.25", "fontsize": "12"}
"""Smaller icons than the library's default, so six rows fit a page."""


box = box_with(fillcolor="#ffffff", width="1.7", height="0.5", fontsize="12", margin="0.12,0.05")


def layer(title, colour, cross_cutting=False):
    """A layer's cluster: one row, its own background, dashed if it spans the others."""
    attrs = {"bgcolor": colour, "rank": "same", "fontsize": "13"}
    if cross_cutting:
        attrs["style"] = "dashed"
    return Cluster(title, graph_attr=attrs)


def stack(upper, lower):
    """Put ``lower``'s row below ``upper``'s, straight down, without drawing a line."""
    upper >> Edge(style="invis", weight="10") >> lower


def draw(label):
    users = Users(label("users"), **ICON)

    with layer(label("serving"), "#e8f4f2"):
        server = box(label("model-server"))
        gateway = Kong(label("gateway"), **ICON)

    with layer(label("orchestration"), "#eef3fb"):
        batch = box(label("batch"))
        broker = Kafka(label("broker"), **ICON)
        workflows = box(label("workflows"))

    with layer(label("compute"), "#f6efe4"):
        serverless = box(label("serverless"))
        gpu = Rack(label("gpu"), **ICON)

    with layer(label("data"), "#f1ecf7"):
        features = box(label("features"))
        lake = Storage(label("lake"), **ICON)

    with layer(label("observability"), "#eaf3ea", cross_cutting=True):
        telemetry = box(label("telemetry"))
        dashboards = Grafana(label("dashboards"), **ICON)

    with layer(label("security"), "#fbe9e4", cross_cutting=True):
        mtls = box(label("mtls"))
        secrets = Vault(label("secrets"), **ICON)

    stack(users, gateway)
    stack(gateway, workflows)
    stack(workflows, gpu)
    stack(gpu, lake)
    stack(lake, dashboards)
    stack(dashboards, secrets)

    users >> gateway
    gateway >> Edge(constraint="false") >> server
    gateway >> workflows
    workflows >> Edge(constraint="false") >> broker
    broker >> Edge(style="invis", constraint="false") >> batch
    workflows >> gpu
    server >> serverless
    batch >> lake
    broker >> features
    telemetry >> Edge(constraint="false") >> dashboards
    secrets >> Edge(constraint="false") >> mtls
