"""Learning-path widgets: progress tracking, quizzes and calculators (page macros)."""

from __future__ import annotations


def register(env, datasets) -> None:
    """Define this area's macros on the mkdocs-macros environment ``env``."""
