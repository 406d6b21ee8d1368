"""The learning path's five steps, each ended by one exercise: numbers, ids and folder names.

The steps are the pages ``docs/learn/0N-<slug>.md``; exercise N, in
``exercises/0N-<slug>/``, ends step N. The ids are the keys of the progress a
learner's browser saves (``step-3``, ``exercise-03``), so they never change.
Every module that needs the steps (the ADR front matter's ``roadmap_step``,
the ADR gallery's step links, the learning widgets, the exercise checker)
takes them from here.
"""

from __future__ import annotations

import re

STEPS: tuple[int, ...] = (1, 2, 3, 4, 5)
"""The step numbers, in order."""

FIRST_STEP: int = STEPS[0]
"""The lowest step number (the lower bound of a schema's step field, such as an ADR's ``roadmap_step``)."""

LAST_STEP: int = STEPS[-1]
"""The highest step number (the upper bound of a schema's step field)."""

STEP_IDS: tuple[str, ...] = tuple(f"step-{n}" for n in STEPS)
"""The progress id of each step: ``step-1`` .. ``step-5``."""

EXERCISE_IDS: tuple[str, ...] = tuple(f"exercise-{n:02d}" for n in STEPS)
"""The progress id of each exercise: ``exercise-01`` .. ``exercise-05``."""

ITEM_IDS: tuple[str, ...] = tuple(i for pair in zip(STEP_IDS, EXERCISE_IDS) for i in pair)
"""Every item a learner tracks: step 1, exercise 1, step 2, exercise 2, ..."""

EXERCISE_FOLDERS: tuple[str, ...] = (
    "01-sketch-an-ai-feature",
    "02-reference-architecture",
    "03-decision-matrix",
    "04-scaling-and-cost-plan",
    "05-final-adr",
)
"""The folder of each exercise under ``exercises/`` (fixed by the learning-path contract)."""

EXERCISE_ID_PATTERN = "^(?:" + "|".join(re.escape(i) for i in EXERCISE_IDS) + ")$"
"""A regular expression matching exactly the ``EXERCISE_IDS`` (for schemas such as a rubric's ``exercise``)."""


def step_id(step: int) -> str:
    """``3`` -> ``step-3``."""
    _check(step)
    return f"step-{step}"


def exercise_id(step: int) -> str:
    """``3`` -> ``exercise-03``: the exercise that ends step ``step``."""
    _check(step)
    return f"exercise-{step:02d}"


def page_prefix(step: int) -> str:
    """The start of the file name of a step's page and exercise folder: ``3`` -> ``03-``."""
    _check(step)
    return f"{step:02d}-"


def _check(step: int) -> None:
    if isinstance(step, bool) or step not in STEPS:
        raise ValueError(f"no step {step!r}; the learning path has steps {', '.join(map(str, STEPS))}")
