"""Which model validates each data file, and which renderer shows it as a table.

One line per data file. To add a table: write its model (in ``models.py`` or
a module of its own area), its renderer (a pure function of data and
language), register both here, and give each a unit test.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from archbook import models, tables

DATASETS: dict[str, type[BaseModel]] = {
    "roles": models.RoleComparison,
    "solutions_architect_contrast": models.SolutionsArchitectContrast,
    "glossary": models.Glossary,
}
"""The model of each top-level data file ``data/<name>.yml``, by file stem."""

TABLE_RENDERERS: dict[str, Callable[[BaseModel, str], str]] = {
    "roles": tables.role_comparison_table,
    "solutions_architect_contrast": tables.solutions_architect_contrast_table,
    "glossary": tables.glossary_table,
}
"""The renderer behind ``{{ table("<name>") }}``, by data file stem."""
