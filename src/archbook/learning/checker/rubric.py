"""The rubric of an exercise: criteria, each described at three levels, in both languages.

``exercises/<nn-slug>/rubric.yml``::

    exercise: exercise-03
    criteria:
      - id: weights
        name: {en: ..., ur-Latn: ...}
        checked_by_tool: true      # the checker verifies this criterion
        exemplary: {en: ..., ur-Latn: ...}
        adequate: {en: ..., ur-Latn: ...}
        needs_work: {en: ..., ur-Latn: ...}
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from archbook.content.data import validate
from archbook.content.models import Bilingual, Slug, Strict, check_unique
from archbook.rules.curriculum import EXERCISE_ID_PATTERN

ExerciseId = Annotated[str, StringConstraints(pattern=EXERCISE_ID_PATTERN)]
"""An exercise's progress id, one of the curriculum's ``EXERCISE_IDS`` (``exercise-01`` .. ``exercise-05``)."""


class RubricCriterion(Strict):
    """One thing a reviewer looks at, described at each of the three levels."""

    id: Slug
    name: Bilingual
    checked_by_tool: bool = Field(False, description="True when check-exercise verifies this criterion.")
    exemplary: Bilingual
    adequate: Bilingual
    needs_work: Bilingual


class Rubric(Strict):
    """``exercises/<nn-slug>/rubric.yml``."""

    exercise: ExerciseId
    criteria: list[RubricCriterion] = Field(min_length=3)

    @model_validator(mode="after")
    def _ids_are_unique(self):
        check_unique(self.criteria, label="criterion")
        return self


def load_rubric(path: Path, source: str | None = None) -> Rubric:
    """Read and validate a rubric file.

    Raises:
        DataError: the file is missing, malformed or does not match the model
            (the message names the file, line and field).
    """
    return validate(Rubric, path, source)
