"""The one template call text outside the macro-rendered pages may hold: a figure of the running example.

Data text and decision records are never rendered by Jinja; they may quote a
figure of Sahulat Assist with exactly the page macro's call,
``{{ example("group.name") }}`` (optionally with a format,
``{{ example("latency.target", "s") }}``). The call is replaced by text
(``archbook.handbook.running_example.fill``); the markup policy, the ADR
checks and the success-metric rule recognise it here.
"""

from __future__ import annotations

import re

FIGURE_CALL = re.compile(r"""\{\{\s*example\(\s*(["'])([A-Za-z0-9_.-]+)\1\s*(?:,\s*(["'])([a-z]+)\3\s*)?\)\s*\}\}""")
"""``{{ example("key") }}`` or ``{{ example("key", "format") }}``: group 2 is the key, group 4 the format."""


def without_figure_calls(text: str) -> str:
    """``text`` with each [FIGURE_CALL][archbook.core.figure_call.FIGURE_CALL] blanked (same length)."""
    return FIGURE_CALL.sub(lambda m: " " * len(m.group(0)), text)
