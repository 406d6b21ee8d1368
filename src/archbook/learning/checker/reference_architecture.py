"""Exercise 2: a reference architecture for a multi-agent customer-support system.

The learner describes the system's components, where state is kept, and each
agent with its interface, its state store and what happens when it fails::

    system: {name: ..., purpose: ...}
    components:
      - {id: ..., name: ..., responsibility: ..., calls: [ids]}
    state_stores:
      - {id: ..., technology: ..., holds: ...}
    agents:
      - id: ...
        name: ...
        responsibility: ...
        interface: {input: ..., output: ...}
        uses: [component or state-store ids]
        state: <state-store id>
        hands_off_to: [agent or component ids]
        on_failure: {detection: ..., fallback: <agent or component id>, user_sees: ...}

Components, state stores and agents share one namespace of ids, so every
reference can be checked against it.
"""

from __future__ import annotations

from archbook.learning.checker.common import Checker, PathT, parse_yaml
from archbook.learning.checker.feedback import Finding
from archbook.core.yamlio import Located

STARTER = "exercises/02-reference-architecture/starter/reference-architecture.yaml"
TOP_LEVEL = ("system", "components", "state_stores", "agents", "notes")
SYSTEM = ("name", "purpose")
COMPONENT = ("id", "name", "responsibility", "calls")
STATE_STORE = ("id", "technology", "holds")
AGENT = ("id", "name", "responsibility", "interface", "uses", "state", "hands_off_to", "on_failure")
INTERFACE = ("input", "output")
ON_FAILURE = ("detection", "fallback", "user_sees")
MIN_AGENTS = 2


def check(located: Located) -> list[Finding]:
    """Every problem in a parsed reference architecture."""
    c = Checker(located)
    data = c.data
    c.known_keys(data, (), TOP_LEVEL)

    system = c.mapping(data, ("system",))
    if system is not None:
        c.known_keys(system, ("system",), SYSTEM)
        for key in SYSTEM:
            c.text(system, ("system", key))

    seen: dict[str, PathT] = {}
    components = c.items_with_ids(c.sequence(data, ("components",), minimum=1), ("components",), seen)
    stores = c.items_with_ids(c.sequence(data, ("state_stores",), minimum=1), ("state_stores",), seen)
    agents = c.items_with_ids(c.sequence(data, ("agents",), minimum=MIN_AGENTS), ("agents",), seen)
    known = set(seen)
    store_ids = [store_id for _, _, store_id in stores]
    agent_and_component_ids = [item_id for _, _, item_id in components + agents]

    def references(item: dict, path: PathT, source: str) -> None:
        for target in c.id_list(item, path):
            if target not in known:
                c.add("ra.unknown_reference", path, source=source, target=target, field=path[-1])

    for index, item, component_id in components:
        path = ("components", index)
        c.known_keys(item, path, COMPONENT)
        c.text(item, path + ("name",))
        c.text(item, path + ("responsibility",))
        references(item, path + ("calls",), component_id)

    for index, item, _ in stores:
        path = ("state_stores", index)
        c.known_keys(item, path, STATE_STORE)
        c.text(item, path + ("technology",))
        c.text(item, path + ("holds",))

    for index, item, agent_id in agents:
        path = ("agents", index)
        c.known_keys(item, path, AGENT)
        c.text(item, path + ("name",))
        c.text(item, path + ("responsibility",))
        interface = c.mapping(item, path + ("interface",))
        if interface is not None:
            c.known_keys(interface, path + ("interface",), INTERFACE)
            for key in INTERFACE:
                c.text(interface, path + ("interface", key))
        references(item, path + ("uses",), agent_id)
        references(item, path + ("hands_off_to",), agent_id)
        store = c.text(item, path + ("state",))
        if store is not None and store_ids and store not in store_ids:
            c.add("ra.unknown_state", path + ("state",), agent=agent_id, store=store, stores=", ".join(store_ids))

        if item.get("on_failure") is None:
            c.add("ra.no_failure", path, agent=agent_id)
            continue
        failure = c.mapping(item, path + ("on_failure",))
        if failure is None:
            continue
        failure_path = path + ("on_failure",)
        c.known_keys(failure, failure_path, ON_FAILURE)
        c.text(failure, failure_path + ("detection",))
        fallback = c.text(failure, failure_path + ("fallback",))
        if fallback == agent_id:
            c.add("ra.self_fallback", failure_path + ("fallback",), agent=agent_id)
        elif fallback is not None and fallback not in agent_and_component_ids:
            c.add("ra.unknown_fallback", failure_path + ("fallback",), agent=agent_id, target=fallback,
                  known=", ".join(agent_and_component_ids))
        c.text(failure, failure_path + ("user_sees",))
    return c.findings


def check_text(text: str, shown: str) -> list[Finding]:
    """Check the text of a reference-architecture file shown to the learner as ``shown``.

    Raises:
        SubmissionError: the text is empty, not YAML, or not a mapping.
    """
    return check(parse_yaml(text, shown, STARTER))
