"""Build logic for the AI systems architect handbook.

Everything that decides something lives here, as plain functions with unit
tests: data models and loading, table renderers, diagram rendering and its
cache, translation parity, Roman Urdu spelling, search scoping. The MkDocs
hooks in ``hooks/`` and the macros entry point in ``macros/`` only wire these
functions to build events.
"""
