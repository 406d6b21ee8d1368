"""Render each object of the API reference once per build, not once per language (see archbook.site.api_reference)."""

from mkdocstrings_handlers.python import PythonHandler

from archbook.core.errors import build_step
from archbook.site.api_reference import remember_renders


@build_step("the API reference cannot be rendered once for both languages")
def on_config(config):
    remember_renders(PythonHandler)
    return config
