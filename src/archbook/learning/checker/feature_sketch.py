"""Exercise 1: sketch an AI feature you already use.

The learner lists the feature's components, says where each one's data lives
and what it depends on, and names the part that breaks first under load::

    feature: {name: ..., product: ..., what_it_does: ...}
    components:
      - {id: ..., name: ..., does: ..., data_lives_in: ..., depends_on: [other ids]}
    breaks_first_under_load: {component: <id>, why: ..., mitigation: ...}

The check is structural: every dependency and the breaking point must name a
listed component, and no component may float unconnected.
"""

from __future__ import annotations

from archbook.learning.checker.common import Checker, parse_yaml
from archbook.learning.checker.feedback import Finding
from archbook.core.yamlio import Located

STARTER = "exercises/01-sketch-an-ai-feature/starter/feature-sketch.yaml"
TOP_LEVEL = ("feature", "components", "breaks_first_under_load", "notes")
FEATURE = ("name", "product", "what_it_does")
COMPONENT = ("id", "name", "does", "data_lives_in", "depends_on")
BREAKING = ("component", "why", "mitigation")
MIN_COMPONENTS = 3


def check(located: Located) -> list[Finding]:
    """Every problem in a parsed feature sketch."""
    c = Checker(located)
    data = c.data
    c.known_keys(data, (), TOP_LEVEL)

    feature = c.mapping(data, ("feature",))
    if feature is not None:
        c.known_keys(feature, ("feature",), FEATURE)
        for key in FEATURE:
            c.text(feature, ("feature", key))

    listed = c.sequence(data, ("components",), minimum=MIN_COMPONENTS)
    components = c.items_with_ids(listed, ("components",))
    known = [component_id for _, _, component_id in components]
    edges: list[tuple[str, str]] = []
    edges_known = True
    for index, item, component_id in components:
        path = ("components", index)
        c.known_keys(item, path, COMPONENT)
        c.text(item, path + ("name",))
        c.text(item, path + ("does",))
        location = item.get("data_lives_in")
        if location is None or (isinstance(location, str) and not location.strip()):
            c.add("fs.no_data_location", path + ("data_lives_in",), component=component_id)
        else:
            c.text(item, path + ("data_lives_in",))  # reports a wrong type
        if not isinstance(item.get("depends_on", []), list):
            edges_known = False
        for target in c.id_list(item, path + ("depends_on",)):
            if target == component_id:
                c.add("fs.self_dependency", path + ("depends_on",), component=component_id)
            elif target not in known:
                c.add("fs.unknown_dependency", path + ("depends_on",), component=component_id, target=target)
            else:
                edges.append((component_id, target))

    if edges_known and len(components) > 1 and listed is not None and len(components) == len(listed):
        connected = {end for edge in edges for end in edge}
        for index, _, component_id in components:
            if component_id not in connected:
                c.add("fs.isolated", ("components", index), component=component_id)

    breaking = c.mapping(data, ("breaks_first_under_load",))
    if breaking is not None:
        c.known_keys(breaking, ("breaks_first_under_load",), BREAKING)
        named = c.text(breaking, ("breaks_first_under_load", "component"))
        if named is not None and known and named not in known:
            c.add("fs.unknown_breaking_point", ("breaks_first_under_load", "component"), component=named,
                  components=", ".join(known))
        c.text(breaking, ("breaks_first_under_load", "why"))
        c.text(breaking, ("breaks_first_under_load", "mitigation"))
    return c.findings


def check_text(text: str, shown: str) -> list[Finding]:
    """Check the text of a feature-sketch file shown to the learner as ``shown``.

    Raises:
        SubmissionError: the text is empty, not YAML, or not a mapping.
    """
    return check(parse_yaml(text, shown, STARTER))
