"""The exercise checker: specific, actionable feedback on a learner's submission.

One module per exercise of the learning path, each with a ``check_text(text,
shown)`` function returning [Finding][archbook.learning.checker.feedback.Finding]
values; [feedback][archbook.learning.checker.feedback] turns them into lines in
English or Roman Urdu, and [cli][archbook.learning.checker.cli] is the
``check-exercise`` command.

    check-exercise 03 my/decision-matrix.yaml --lang ur-Latn
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archbook.learning.checker import adr, cost_plan, decision_matrix, feature_sketch, reference_architecture
from archbook.learning.checker.common import read_text
from archbook.learning.checker.feedback import Finding
from archbook.rules import curriculum


@dataclass(frozen=True)
class Exercise:
    """One exercise: where it lives, what the learner hands in, and how it is checked."""

    number: int
    folder: str
    submission: str
    check_text: Callable[[str, str], list[Finding]]

    @property
    def item_id(self) -> str:
        """The progress id of the exercise (``exercise-03``)."""
        return curriculum.exercise_id(self.number)


_HAND_INS: tuple[tuple[str, Callable[[str, str], list[Finding]]], ...] = (
    ("feature-sketch.yaml", feature_sketch.check_text),
    ("reference-architecture.yaml", reference_architecture.check_text),
    ("decision-matrix.yaml", decision_matrix.check_text),
    ("cost-plan.yaml", cost_plan.check_text),
    ("adr.md", adr.check_text),
)
"""What the learner hands in for each exercise, and its check, in the order of the steps."""

EXERCISES: tuple[Exercise, ...] = tuple(
    Exercise(number, folder, submission, check)
    for number, folder, (submission, check) in zip(curriculum.STEPS, curriculum.EXERCISE_FOLDERS, _HAND_INS,
                                                   strict=True)
)
"""Every exercise, in the order of the learning path: numbers and folders are the curriculum's."""


def find_exercise(name: str) -> Exercise | None:
    """The exercise called ``name``: ``3``, ``03``, ``exercise-03`` or ``03-decision-matrix``."""
    name = name.strip().lower()
    match = re.fullmatch(r"(?:exercise-?)?0*(\d+)", name)
    for exercise in EXERCISES:
        if name == exercise.folder or (match and int(match.group(1)) == exercise.number):
            return exercise
    return None


def check_file(exercise: Exercise, path: Path) -> list[Finding]:
    """Check the learner's file at ``path``; an empty list means every check passed.

    Raises:
        SubmissionError: the file cannot be read or parsed at all.
    """
    return exercise.check_text(read_text(path, exercise.submission), str(path))
