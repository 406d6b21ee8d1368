"""The documented size limits on what contributors send, in one place.

``adr-check``, ``archbook check`` and the build all read these numbers, and
CONTRIBUTING states them; a change here changes every check at once.
"""

from __future__ import annotations

KIB = 1024

MAX_ADR_BYTES = 64 * KIB
"""A decision record file (one language). The longest today is about 12 KiB."""

MAX_DATA_FILE_BYTES = 512 * KIB
"""A data file under ``data/``. The largest today is about 60 KiB."""

MAX_PAGE_BYTES = 256 * KIB
"""A Markdown page under ``docs/``."""

MAX_FIELD_CHARS = 2_000
"""One text field of a data file in one language: a table cell, a label."""

MAX_YAML_NODES = 100_000
"""Values in one YAML document; more is refused before it is built."""

MAX_YAML_DEPTH = 64
"""Nesting depth of one YAML document."""

MAX_IMAGE_BYTES = 512 * KIB
"""An image placed beside the decision records (PNG, JPEG, WebP or SVG)."""

MAX_DIAGRAM_MODULE_BYTES = 256 * KIB
"""A diagram module or shared helper under ``diagrams/`` (Python source). The largest today is about 3 KiB."""

MAX_DIAGRAM_SVG_BYTES = 400 * KIB
"""A drawn diagram, icons included (the benchmark's budget is far lower: 40 KB)."""

MAX_ALT_CHARS = 1_500
"""Alt text of an image; it must also not be empty. The longest diagram alt today has 1,021."""

MAX_SUBMISSION_BYTES = 256 * KIB
"""A learner's file handed to the exercise checker."""

DIAGRAM_SECONDS = 30
"""Wall-clock time one diagram module may take to draw, per language."""

MACRO_SECONDS = 120
"""Wall-clock time the macros of one page may take (drawing a diagram included)."""

DIAGRAM_MEMORY_BYTES = 1024 * 1024 * KIB
"""Address space of the process that runs one diagram module."""
