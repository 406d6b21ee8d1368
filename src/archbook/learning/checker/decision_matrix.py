"""Exercise 3: the weighted decision matrix, self-hosted against managed models.

The file format is fixed by the learning-path contract (see
``exercises/03-decision-matrix/starter/decision-matrix.yaml``). The weighted
score of an option is ``sum(weight x score) / 100``; with weights that total 100
and scores from 1 to 5 it lies between 1.00 and 5.00. The on-page calculator
uses the same formula.
"""

from __future__ import annotations

from typing import Any

from archbook.learning.checker.common import Checker, describe, mentions, parse_yaml, word_count
from archbook.learning.checker.feedback import Finding
from archbook.core.yamlio import Located

STARTER = "exercises/03-decision-matrix/starter/decision-matrix.yaml"
TOP_LEVEL = ("application", "criteria", "options", "decision", "rationale", "notes")
APPLICATION = ("name", "latency_target_ms_p95", "data_privacy", "monthly_requests", "team_size")
MIN_RATIONALE_WORDS = 15
"""A rationale shorter than this cannot name the criteria that settled the decision."""


def weighted_scores(data: dict) -> dict[str, float]:
    """The weighted score of every option, by option id, rounded to 2 decimals.

    ``data`` is a parsed decision-matrix file whose criteria carry whole-number
    weights and whose options score every criterion.

    Raises:
        ValueError: a criterion or score the formula needs is missing or not a number.
    """
    try:
        weights = {criterion["id"]: criterion["weight"] for criterion in data["criteria"]}
        result = {}
        for option in data["options"]:
            total = sum(weight * option["scores"][criterion] for criterion, weight in weights.items())
            result[option["id"]] = round(total / 100, 2)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"cannot compute weighted scores: missing or invalid {exc}") from None
    return result


def _valid_score(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5


def check(located: Located) -> list[Finding]:
    """Every problem in a parsed decision matrix, in file order where possible."""
    c = Checker(located)
    data = c.data
    c.known_keys(data, (), TOP_LEVEL)

    application = c.mapping(data, ("application",))
    if application is not None:
        c.known_keys(application, ("application",), APPLICATION)
        c.text(application, ("application", "name"))
        c.whole_number(application, ("application", "latency_target_ms_p95"))
        c.text(application, ("application", "data_privacy"))
        c.whole_number(application, ("application", "monthly_requests"))
        c.whole_number(application, ("application", "team_size"))

    # Criteria and their weights.
    criteria_list = c.sequence(data, ("criteria",), minimum=2)
    criteria = c.items_with_ids(criteria_list, ("criteria",))
    weights: dict[str, int] = {}
    for index, item, criterion_id in criteria:
        path = ("criteria", index)
        c.known_keys(item, path, ("id", "name", "weight"))
        c.text(item, path + ("name",))
        weight = c.whole_number(item, path + ("weight",), positive=False)
        if weight is None:
            continue
        if not 1 <= weight <= 100:
            c.add("dm.weight_range", path + ("weight",), criterion=criterion_id, weight=weight)
        weights[criterion_id] = weight
    weights_complete = criteria_list is not None and len(weights) == len(criteria_list)
    if weights_complete and weights and sum(weights.values()) != 100:
        c.add("dm.weights_sum", total=sum(weights.values()))

    # Options and their scores.
    options_list = c.sequence(data, ("options",), minimum=2)
    options = c.items_with_ids(options_list, ("options",))
    criterion_ids = [criterion_id for _, _, criterion_id in criteria]
    names: dict[str, str] = {}
    scores_complete = weights_complete and options_list is not None and len(options) == len(options_list)
    for index, item, option_id in options:
        path = ("options", index)
        c.known_keys(item, path, ("id", "name", "scores"))
        names[option_id] = c.text(item, path + ("name",)) or option_id
        scores = c.mapping(item, path + ("scores",))
        if scores is None:
            scores_complete = False
            continue
        for criterion_id in criterion_ids:
            if criterion_id not in scores:
                c.add("dm.missing_score", path + ("scores",), option=option_id, criterion=criterion_id)
                scores_complete = False
        for criterion_id, value in scores.items():
            if criterion_id not in criterion_ids:
                c.add("dm.unknown_score", path + ("scores", criterion_id), option=option_id,
                      criterion=criterion_id)
            elif not _valid_score(value):
                c.add("dm.bad_score", path + ("scores", criterion_id), option=option_id,
                      criterion=criterion_id, score=describe(value))
                scores_complete = False

    # The decision and why.
    option_ids = [option_id for _, _, option_id in options]
    decision = c.text(data, ("decision",), empty="dm.no_decision", options=", ".join(option_ids) or "-")
    decision_valid = decision is not None and decision in option_ids
    if decision is not None and option_ids and not decision_valid:
        c.add("dm.unknown_decision", ("decision",), decision=decision, options=", ".join(option_ids))

    rationale = c.text(data, ("rationale",), empty="dm.no_rationale")
    if rationale is not None and word_count(rationale) < MIN_RATIONALE_WORDS:
        c.add("dm.short_rationale", ("rationale",), count=word_count(rationale), minimum=MIN_RATIONALE_WORDS)

    if scores_complete and decision_valid and rationale is not None:
        scores = weighted_scores(data)
        best = max(scores.values())
        if scores[decision] < best:
            top = next(option_id for option_id, score in scores.items() if score == best)
            if not mentions(rationale, {top, names[top]}):
                c.add("dm.not_top", ("rationale",), decision=decision, score=f"{scores[decision]:.2f}",
                      top=top, top_score=f"{best:.2f}")
    return c.findings


def check_text(text: str, shown: str) -> list[Finding]:
    """Check the text of a decision-matrix file shown to the learner as ``shown``.

    Raises:
        SubmissionError: the text is empty, not YAML, or not a mapping.
    """
    return check(parse_yaml(text, shown, STARTER))
