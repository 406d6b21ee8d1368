"""Decision records: the gallery, the supersedes graph and per-ADR page furniture (page macros)."""

from __future__ import annotations


def register(env, datasets) -> None:
    """Define this area's macros on the mkdocs-macros environment ``env``."""
