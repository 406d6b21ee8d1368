"""How an architecture review is scored: the one rule behind the page's report and its worked example.

The self-assessment on the page ``learn/architecture-review``
([self_assessment][archbook.learning.self_assessment]) asks questions
grouped in areas; every answer a reader may choose carries a risk level. This
module turns a set of answers into the report, and nothing else does:

- **Points.** An answer loses points by its risk level
  ([RISK_POINTS][archbook.rules.architecture_review.RISK_POINTS]): high 3,
  medium 2, low 1, none 0.
- **Score.** An area's score is the share of points its answered questions
  keep, out of [FULL_SCORE][archbook.rules.architecture_review.FULL_SCORE]:
  ``100 x (answered x 3 - points lost) / (answered x 3)``, rounded to a whole
  number, a half going up. Questions left unanswered do not count; the report
  says how many were answered. An area with no answer has no score (``None``).
  The overall score is the same rule over every answered question.
- **Risks.** Every answer whose level is not ``none``, the highest level first;
  within a level, in the order of the questionnaire (areas in order, then
  their questions).
- **Improvement plan.** The handbook sections linked from the answers at a
  level of [PLAN_LEVELS][archbook.rules.architecture_review.PLAN_LEVELS]
  (high, then medium), each section once, at the highest level that asks for
  it, with the questions it answers, in the order of the risks.

Figures are whole numbers computed with integers only, so Python and the
browser cannot round differently. The browser cannot import Python:
[browser_rule][archbook.rules.architecture_review.browser_rule] hands it the
levels, points and plan levels as data, which the page's widget carries in its
``data-ar-rule`` attribute, and ``docs/assets/javascripts/architecture-review.js``
computes the same report from them. ``tests/test_architecture_review_browser.py``
runs both on the worked example and on many random answer sets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

RISK_LEVELS: tuple[str, ...] = ("high", "medium", "low", "none")
"""Every risk level an answer may carry, the worst first."""

RISK_POINTS: Mapping[str, int] = {"high": 3, "medium": 2, "low": 1, "none": 0}
"""Points an answer loses at each risk level."""

MAX_POINTS = max(RISK_POINTS.values())
"""Points one question is worth: what a high-risk answer loses."""

PLAN_LEVELS: tuple[str, ...] = ("high", "medium")
"""Risk levels whose linked sections make the improvement plan, in the plan's order."""

FULL_SCORE = 100
"""The score of an area whose answers lose no points."""


class ReviewRuleError(ValueError):
    """Answers that do not fit the questions (an unknown question or choice)."""


@dataclass(frozen=True)
class ScoredQuestion:
    """What the rule needs of a question: its area, its link and the level of each choice."""

    id: str
    area: str
    link: str
    levels: Mapping[str, str]
    """Choice id -> risk level."""


@dataclass(frozen=True)
class AreaScore:
    """The score of one area (or of the whole review) and how its answers are spread over the levels."""

    area: str
    score: int | None
    answered: int
    total: int
    counts: Mapping[str, int] = field(default_factory=dict)
    """Risk level -> number of answers at that level (every level present)."""

    def as_dict(self) -> dict:
        return {"area": self.area, "score": self.score, "answered": self.answered, "total": self.total,
                "counts": {level: self.counts.get(level, 0) for level in RISK_LEVELS}}


@dataclass(frozen=True)
class Risk:
    """An answer that carries a risk."""

    question: str
    choice: str
    level: str

    def as_dict(self) -> dict:
        return {"question": self.question, "choice": self.choice, "level": self.level}


@dataclass(frozen=True)
class PlanStep:
    """One section of the improvement plan and the risky answers it helps with."""

    link: str
    level: str
    questions: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"link": self.link, "level": self.level, "questions": list(self.questions)}


@dataclass(frozen=True)
class Report:
    """Scores per area and overall, risks ordered highest first, and the improvement plan."""

    areas: tuple[AreaScore, ...]
    overall: AreaScore
    risks: tuple[Risk, ...]
    plan: tuple[PlanStep, ...]

    def as_dict(self) -> dict:
        """The report as JSON-ready data, exactly as the browser's rule returns it."""
        return {"areas": [a.as_dict() for a in self.areas], "overall": self.overall.as_dict(),
                "risks": [r.as_dict() for r in self.risks], "plan": [p.as_dict() for p in self.plan]}


def score(points_lost: int, answered: int) -> int | None:
    """The score of ``answered`` answers that lose ``points_lost`` points; ``None`` for no answer.

    >>> score(0, 5), score(15, 5), score(1, 5), score(1, 1), score(0, 0)
    (100, 0, 93, 67, None)
    """
    if answered < 0 or not 0 <= points_lost <= answered * MAX_POINTS:
        raise ReviewRuleError(f"cannot lose {points_lost} points on {answered} answers")
    if answered == 0:
        return None
    full = answered * MAX_POINTS
    # FULL_SCORE x kept / full, rounded half up: floor((2 x FULL_SCORE x kept + full) / (2 x full)).
    return (2 * FULL_SCORE * (full - points_lost) + full) // (2 * full)


def _area_score(area: str, levels: list[str], total: int) -> AreaScore:
    counts = {level: levels.count(level) for level in RISK_LEVELS}
    lost = sum(RISK_POINTS[level] for level in levels)
    return AreaScore(area, score(lost, len(levels)), len(levels), total, counts)


def review_report(questions: Sequence[ScoredQuestion], answers: Mapping[str, str],
                  areas: Sequence[str] | None = None) -> Report:
    """The report of ``answers`` (question id -> choice id) to ``questions``.

    ``areas`` gives the areas and their order (default: the order in which the
    questions first name them). Questions are taken in area order, then in
    their own order: that is the questionnaire's order, which breaks ties
    between risks of one level.

    Raises:
        ReviewRuleError: an answer names a question or a choice that does not
            exist, a question names an area not in ``areas``, or a choice
            carries an unknown level.
    """
    area_ids = list(dict.fromkeys(areas if areas is not None else (q.area for q in questions)))
    by_area: dict[str, list[ScoredQuestion]] = {area: [] for area in area_ids}
    known: dict[str, ScoredQuestion] = {}
    for question in questions:
        if question.area not in by_area:
            raise ReviewRuleError(f"question {question.id!r}: unknown area {question.area!r}")
        if question.id in known:
            raise ReviewRuleError(f"question {question.id!r} is listed twice")
        bad = [level for level in question.levels.values() if level not in RISK_POINTS]
        if bad:
            raise ReviewRuleError(f"question {question.id!r}: unknown risk level {bad[0]!r}")
        by_area[question.area].append(question)
        known[question.id] = question
    for question_id, choice in answers.items():
        if question_id not in known:
            raise ReviewRuleError(f"unknown question {question_id!r}")
        if choice not in known[question_id].levels:
            raise ReviewRuleError(f"{choice!r} is not a choice of question {question_id!r}")

    ordered = [q for area in area_ids for q in by_area[area]]
    area_scores = []
    for area in area_ids:
        chosen = [q.levels[answers[q.id]] for q in by_area[area] if q.id in answers]
        area_scores.append(_area_score(area, chosen, len(by_area[area])))
    overall = _area_score("overall", [q.levels[answers[q.id]] for q in ordered if q.id in answers], len(ordered))

    risks = []  # RISK_LEVELS runs from the worst level down
    for level in RISK_LEVELS:
        if RISK_POINTS[level] == 0:
            continue
        risks += [Risk(q.id, answers[q.id], level) for q in ordered
                  if q.id in answers and q.levels[answers[q.id]] == level]

    steps: dict[str, tuple[str, list[str]]] = {}
    for level in PLAN_LEVELS:
        for risk in risks:
            if risk.level != level:
                continue
            link = known[risk.question].link
            steps.setdefault(link, (level, []))[1].append(risk.question)
    plan = tuple(PlanStep(link, level, tuple(qs)) for link, (level, qs) in steps.items())
    return Report(tuple(area_scores), overall, tuple(risks), plan)


def browser_rule() -> dict:
    """The rule's constants, as ``architecture-review.js`` reads them from ``data-ar-rule``."""
    return {"levels": list(RISK_LEVELS), "points": dict(RISK_POINTS),
            "plan_levels": list(PLAN_LEVELS), "full_score": FULL_SCORE}
