"""Sahulat Assist: the LangGraph agent graph of the worked orchestration design.

Every customer message enters the input guard, then triage. Triage routes to
the answer path (retrieve, draft, output guard), to the account-action path
(plan, customer confirmation, tool call, output guard) or straight to a human.
Low retrieval confidence, a failed output check or exhausted retries also end
at the human hand-off. The state is checkpointed after every node.
"""

from diagrams import Edge

from _shapes import box_with

DIRECTION = "TB"
GRAPH_ATTR = {"nodesep": "0.4", "ranksep": "0.45"}


box = box_with(width="1.5", height="0.55", margin="0.12,0.06")


def draw(label):
    message = box(label("message"), shape="oval", fillcolor="#fff4d6")
    input_guard = box(label("input-guard"), fillcolor="#fde7e4")
    triage = box(label("triage"), shape="diamond", style="filled", fillcolor="#dbe9f6", height="0.9")
    retrieve = box(label("retrieve"))
    draft = box(label("draft"))
    plan = box(label("plan"))
    confirm = box(label("confirm"), style="rounded,filled,dashed")
    execute = box(label("execute"))
    output_guard = box(label("output-guard"), fillcolor="#fde7e4")
    reply = box(label("reply"), shape="oval", fillcolor="#e3f1e3")
    human = box(label("human"), shape="oval", fillcolor="#e3f1e3")

    message >> input_guard >> triage
    triage >> Edge(label=label("question")) >> retrieve >> draft >> output_guard
    triage >> Edge(label=label("account")) >> plan >> confirm >> execute >> output_guard
    triage >> Edge(label=label("must-escalate")) >> human
    input_guard >> Edge(label=label("blocked"), style="dashed") >> human
    retrieve >> Edge(label=label("low-confidence"), style="dashed") >> human
    execute >> Edge(label=label("retries-out"), style="dashed") >> human
    output_guard >> Edge(label=label("pass")) >> reply
    output_guard >> Edge(label=label("fail"), style="dashed") >> human
