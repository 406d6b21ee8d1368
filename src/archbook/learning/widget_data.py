"""Schemas of the learning path's interactive widgets: interface words and quizzes.

Two data files feed the widgets of the learning path (see
``archbook.learning.widgets``):

- ``data/learning_ui.yml``: every word the widgets show, in both languages
  (the script on the page has none of its own), the ten items a learner
  tracks, and the model-answer inputs the calculators start from.
- ``data/quizzes.yml``: the multiple-choice questions at the end of each step.

The ids of steps and exercises (``STEP_IDS``, ``EXERCISE_IDS``, ``ITEM_IDS``)
are the curriculum's ([curriculum][archbook.rules.curriculum]), imported here for the
schemas; with the progress states they are fixed by the learning-path
contract, as the keys of the progress saved in the browser.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from archbook.content.models import Bilingual, Slug, Strict
from archbook.rules.curriculum import EXERCISE_IDS, ITEM_IDS, STEP_IDS

PROGRESS_STATES: tuple[str, ...] = ("in-progress", "done", "skipped")
"""The saved progress states; an item with none is "not started"."""

STORAGE_KEY = "archbook.progress.v1"
"""The browser's localStorage key holding the progress map."""

EXPORT_FORMAT = "archbook-progress"
"""The ``format`` value of an exported progress file (``version`` is 1)."""

UI_TEXT_KEYS: tuple[str, ...] = (
    # shared
    "needs-js", "storage-unavailable",
    # progress tracker
    "tracker-legend", "tracker-saved",
    # progress overview
    "overview-bar-label", "overview-summary", "overview-caption", "overview-col-item",
    "overview-col-status", "export-button", "export-done", "import-label", "import-help",
    "import-ok", "import-error", "import-reason-read", "import-reason-size", "import-reason-json",
    "import-reason-format", "import-reason-item", "import-reason-state",
    # quiz
    "quiz-label", "quiz-check", "quiz-choose-first", "quiz-correct", "quiz-incorrect",
    "quiz-right-answer-is", "quiz-mark-right", "quiz-mark-wrong", "quiz-score",
    # decision matrix calculator
    "dm-label", "dm-caption", "dm-col-criterion", "dm-col-weight", "dm-col-score", "dm-row-total",
    "dm-calculate", "dm-reset", "dm-result", "dm-best", "dm-tie", "dm-weights-bad",
    "dm-weight-bad", "dm-score-bad",
    # cost calculator
    "cc-label", "cc-formula", "cc-calls", "cc-input-tokens", "cc-output-tokens", "cc-input-price",
    "cc-output-price", "cc-price-hint", "cc-hit-rate", "cc-hit-rate-hint", "cc-baseline",
    "cc-with-cache", "cc-at-10x", "cc-money", "cc-calculate", "cc-reset", "cc-result",
    "cc-whole-bad", "cc-number-bad", "cc-hit-rate-bad",
    # spaced review: the learning overview's count and import, and the review page
    "overview-due", "import-ok-review", "import-reason-review", "review-corrupt", "review-reason-format",
    "review-reason-card", "rv-count", "rv-kind-quiz", "rv-kind-term", "rv-kind-urdu", "rv-show", "rv-answer",
    "rv-grades", "rv-grade-again", "rv-grade-hard", "rv-grade-good", "rv-grade-easy", "rv-saved",
    "rv-saved-drill", "rv-done", "rv-done-empty", "rv-dropped", "rv-keys",
)
"""Every key ``data/learning_ui.yml`` must define under ``text`` (no more, no fewer)."""


class TrackedItem(Strict):
    """A step or an exercise whose progress the learner records."""

    id: Slug
    title: Bilingual = Field(description="Short title shown in the overview and the tracker's legend.")
    page: str = Field(pattern=r"^learn/[a-z0-9-]+\.md$",
                      description="The page (under docs/) that carries this item's progress tracker.")


class Criterion(Strict):
    """A criterion of the decision matrix, with the model answer's weight."""

    id: Slug
    name: Bilingual
    weight: int = Field(ge=0, le=100)


class MatrixOption(Strict):
    """An option of the decision matrix, with the model answer's score per criterion."""

    id: Slug
    name: Bilingual
    scores: dict[Slug, int]


class DecisionMatrixDefaults(Strict):
    """The decision-matrix calculator's criteria, options and starting values (exercise 3)."""

    criteria: list[Criterion] = Field(min_length=1)
    options: list[MatrixOption] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self):
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("criteria: ids must be unique")
        if sum(c.weight for c in self.criteria) != 100:
            raise ValueError(f"criteria: weights add up to {sum(c.weight for c in self.criteria)}, not 100")
        if len({o.id for o in self.options}) != len(self.options):
            raise ValueError("options: ids must be unique")
        for option in self.options:
            if set(option.scores) != set(ids):
                raise ValueError(f"option {option.id!r}: scores must cover exactly the criteria {ids}")
            bad = [k for k, v in option.scores.items() if not 1 <= v <= 5]
            if bad:
                raise ValueError(f"option {option.id!r}: score of {bad[0]!r} must be from 1 to 5")
        return self


class CostDefaults(Strict):
    """The cost calculator's starting values (exercise 4's model answer)."""

    model_calls_per_month: int = Field(ge=0)
    input_tokens_per_call: int = Field(ge=0)
    output_tokens_per_call: int = Field(ge=0)
    price_per_million_input_tokens: float = Field(ge=0)
    price_per_million_output_tokens: float = Field(ge=0)
    hit_rate: float = Field(ge=0, lt=1)


class LearningUi(Strict):
    """``data/learning_ui.yml``: the words and starting values of the learning widgets."""

    items: list[TrackedItem]
    states: dict[Literal["not-started", "in-progress", "done", "skipped"], Bilingual]
    text: dict[str, Bilingual] = Field(description="Interface text by key; see UI_TEXT_KEYS.")
    decision_matrix: DecisionMatrixDefaults
    cost_calculator: CostDefaults

    @model_validator(mode="after")
    def _complete(self):
        ids = tuple(item.id for item in self.items)
        if ids != ITEM_IDS:
            raise ValueError(f"items: expected exactly {', '.join(ITEM_IDS)} in this order, got {', '.join(ids)}")
        missing = [s for s in ("not-started", *PROGRESS_STATES) if s not in self.states]
        if missing:
            raise ValueError(f"states: missing {', '.join(missing)}")
        missing = [k for k in UI_TEXT_KEYS if k not in self.text]
        unknown = [k for k in self.text if k not in UI_TEXT_KEYS]
        if missing:
            raise ValueError(f"text: missing key(s) {', '.join(missing)}")
        if unknown:
            raise ValueError(f"text: unknown key(s) {', '.join(unknown)}")
        return self

    def item(self, item_id: str) -> TrackedItem:
        """The tracked item ``item_id``; raises ``KeyError`` with the known ids."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"no step or exercise {item_id!r} (known: {', '.join(ITEM_IDS)})")


class QuizOption(Strict):
    """One answer offered for a question; exactly one per question is ``correct``."""

    id: Slug
    text: Bilingual
    correct: bool = False


class Question(Strict):
    """A multiple-choice question with a one-sentence explanation of its answer."""

    id: Slug = Field(description="Unique across all quizzes; used in element ids.")
    question: Bilingual
    options: list[QuizOption] = Field(min_length=3, max_length=4)
    explanation: Bilingual

    @model_validator(mode="after")
    def _one_correct(self):
        correct = [o.id for o in self.options if o.correct]
        if len(correct) != 1:
            raise ValueError(f"question {self.id!r}: exactly one option must be correct, found {len(correct)}")
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"question {self.id!r}: option ids must be unique")
        return self

    @property
    def answer(self) -> QuizOption:
        """The correct option."""
        return next(o for o in self.options if o.correct)


class StepQuiz(Strict):
    """The questions of one step."""

    step: Literal[STEP_IDS]  # type: ignore[valid-type]
    questions: list[Question] = Field(min_length=3, max_length=4)


class Quizzes(Strict):
    """``data/quizzes.yml``: one quiz per step of the learning path."""

    quizzes: list[StepQuiz]

    @model_validator(mode="after")
    def _every_step_once(self):
        steps = [q.step for q in self.quizzes]
        if sorted(steps) != sorted(STEP_IDS) or len(steps) != len(STEP_IDS):
            raise ValueError(f"quizzes: expected one quiz for each of {', '.join(STEP_IDS)}, got {', '.join(steps)}")
        seen: set[str] = set()
        for quiz in self.quizzes:
            for question in quiz.questions:
                if question.id in seen:
                    raise ValueError(f"question id {question.id!r} is used twice")
                seen.add(question.id)
        return self

    def for_step(self, step_id: str) -> StepQuiz:
        """The quiz of ``step_id``; raises ``KeyError`` with the known steps."""
        for quiz in self.quizzes:
            if quiz.step == step_id:
                return quiz
        raise KeyError(f"no quiz for {step_id!r} (known: {', '.join(STEP_IDS)})")
