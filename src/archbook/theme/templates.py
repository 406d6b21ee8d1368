"""What the template overrides in ``overrides/`` need from Python.

A template cannot raise on its own. Where an override relies on markup of
Material's that a release could change (``overrides/main.html`` rewrites the
search base inside the theme's ``config`` block), it checks the markup and
calls ``raise_template_error("...")``, which ``hooks/theme_version.py``
installs as a template global: the build stops with that message.
"""

from __future__ import annotations

from archbook.core.errors import ArchbookError


class TemplateGuardError(ArchbookError):
    """A template override found the theme's markup changed under it."""


def raise_template_error(message: str) -> None:
    """Stop the build with ``message`` (called from a template's guard)."""
    raise TemplateGuardError(str(message))
