"""Exercise pages: show an exercise's brief, starter files and rubric on the site (page macros)."""

from __future__ import annotations


def register(env, datasets) -> None:
    """Define this area's macros on the mkdocs-macros environment ``env``."""
