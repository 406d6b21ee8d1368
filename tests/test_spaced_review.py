"""The spaced-review rule (SM-2, archbook.rules.spaced_review) in Python: schedule, queue, state format."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from archbook.rules import spaced_review as sr
from archbook.rules.spaced_review import CardState, ReviewStateError

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "docs" / "assets" / "javascripts"
FIXTURES = Path(__file__).parent / "fixtures" / "learning"
D = dt.date(2025, 3, 10)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def card(**changes) -> CardState:
    base = dict(reps=2, ease=250, interval=6, due=D, last=day(-6), seen=day(-7), drill=False)
    return CardState(**{**base, **changes})


# ---------------------------------------------------------------- SM-2

def test_grades_are_sm2_quality_values_in_button_order():
    assert sr.QUALITY == {"again": 1, "hard": 3, "good": 4, "easy": 5}
    assert [sr.quality(g) for g in ("again", "hard", "good", "easy")] == [1, 3, 4, 5]
    with pytest.raises(ValueError, match="grade 'perfect'"):
        sr.quality("perfect")


def test_ease_change_is_wozniak_s_formula_in_hundredths():
    # EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)) for every quality 0..5
    for q in range(6):
        expected = round((0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)) * 100)
        assert sr.ease_change(q) == expected
    assert [sr.ease_change(q) for q in (5, 4, 3, 2, 1, 0)] == [10, 0, -14, -32, -54, -80]


def test_a_new_card_answered_good_comes_back_after_one_then_six_days_then_ef_times_the_last():
    first = sr.review(None, "good", D)
    assert first == CardState(reps=1, ease=250, interval=1, due=day(1), last=D, seen=D, drill=False)
    second = sr.review(first, "good", day(1))
    assert (second.reps, second.interval, second.due) == (2, 6, day(7))
    third = sr.review(second, "good", day(7))
    assert (third.interval, third.due) == (15, day(22))           # 6 x 2.5
    fourth = sr.review(third, "good", day(22))
    assert (fourth.interval, fourth.due) == (38, day(60))         # 15 x 2.5 = 37.5, rounded up
    assert fourth.seen == D and fourth.ease == 250


def test_easy_raises_and_hard_lowers_the_ease_but_never_below_1_3():
    assert sr.review(card(), "easy", D).ease == 260
    assert sr.review(card(), "hard", D).ease == 236
    assert sr.review(card(ease=140), "hard", D).ease == 130
    assert sr.review(card(ease=sr.MAX_EASE), "easy", D).ease == sr.MAX_EASE


def test_the_interval_multiplies_by_the_ease_before_this_answer_changes_it():
    # hard: ease 250 -> 236 afterwards, but 6 x 2.5 = 15 days now
    assert sr.review(card(), "hard", D).interval == 15
    assert sr.review(card(ease=236, interval=15, reps=3), "good", D).interval == 36  # 15 x 2.36 = 35.4


def test_again_restarts_the_repetitions_and_keeps_the_ease():
    after = sr.review(card(reps=5, ease=210, interval=40), "again", D)
    assert after == CardState(reps=0, ease=210, interval=1, due=day(1), last=D, seen=day(-7), drill=True)
    # then I(1), I(2) again
    assert sr.review(after, "good", day(1)).interval == 1
    assert sr.review(sr.review(after, "good", day(1)), "good", day(2)).interval == 6


def test_again_and_hard_come_back_in_the_same_session_good_and_easy_do_not():
    assert [sr.review(card(), g, D).drill for g in ("again", "hard", "good", "easy")] == [True, True, False, False]


def test_only_the_first_answer_of_a_day_schedules_the_card():
    again = sr.review(card(), "again", D)
    good_later = sr.review(again, "good", D)
    assert good_later == CardState(**{**again.__dict__, "drill": False})
    assert sr.review(good_later, "again", D).drill is True
    assert sr.review(good_later, "again", D).due == again.due


def test_intervals_stop_at_the_maximum():
    assert sr.review(card(reps=9, interval=sr.MAX_INTERVAL, ease=300), "easy", D).interval == sr.MAX_INTERVAL
    assert sr.next_interval(5, 30_000, 250) == sr.MAX_INTERVAL


# ---------------------------------------------------------------- the day's queue

def test_queue_holds_due_cards_most_overdue_first_then_new_cards_then_today_s_drills():
    deck = ["quiz:a", "term:b", "quiz:c", "term:d", "quiz:e", "term:f"]
    cards = {
        "term:b": card(due=D),
        "quiz:c": card(due=day(-3)),
        "term:d": card(due=day(2)),                                # not yet due
        "quiz:e": card(due=day(1), last=D, seen=day(-7), drill=True),  # answered "again" today
        "urdu:z": card(due=day(-9)),                               # not in this deck
    }
    assert sr.due_queue(cards, deck, D) == ["quiz:c", "term:b", "quiz:a", "term:f", "quiz:e"]


def test_new_cards_join_up_to_the_daily_allowance_counting_cards_started_today_in_any_deck():
    deck = [f"term:t{i}" for i in range(30)]
    assert len(sr.due_queue({}, deck, D)) == sr.NEW_PER_DAY == 20
    started = {f"urdu:u{i}": card(seen=D, last=D, due=day(1)) for i in range(15)}
    assert sr.due_queue(started, deck, D) == deck[:5]
    started.update({f"urdu:v{i}": card(seen=D, last=D, due=day(1)) for i in range(10)})
    assert sr.due_queue(started, deck, D) == []
    assert sr.due_queue(started, deck, day(1)) == deck[:20]


def test_next_review_is_the_earliest_due_day_or_tomorrow_while_new_cards_remain():
    deck = ["quiz:a", "quiz:b"]
    assert sr.next_review({"quiz:a": card(due=day(5)), "quiz:b": card(due=day(3))}, deck, D) == day(3)
    assert sr.next_review({"quiz:a": card(due=day(5))}, deck, D) == day(1)
    assert sr.next_review({}, [], D) is None


def test_cards_no_longer_in_any_deck_are_dropped():
    kept, dropped = sr.drop_unknown({"quiz:a": card(), "quiz:gone": card(), "term:b": card()}, ["quiz:a", "term:b"])
    assert list(kept) == ["quiz:a", "term:b"] and dropped == ["quiz:gone"]


# ---------------------------------------------------------------- ids and the stored state

def test_card_ids_come_from_entry_ids():
    assert sr.card_id("quiz", "s1-llm-depth") == "quiz:s1-llm-depth"
    with pytest.raises(ValueError, match="card kind 'question'"):
        sr.card_id("question", "x")
    with pytest.raises(ValueError, match="card id 'term:Not A Slug'"):
        sr.card_id("term", "Not A Slug")


def good_state() -> dict:
    return {"version": 1, "cards": {"quiz:a": card().to_json(), "term:b": card(drill=True, last=D).to_json()}}


def test_a_good_state_round_trips():
    state = good_state()
    cards = sr.parse_state(state)
    assert cards["quiz:a"] == card()
    assert sr.state_json(cards) == state
    assert sr.parse_state(json.loads(json.dumps(state))) == cards
    assert sr.parse_state({"version": 1, "cards": {}}) == {}


def _broken(path: str, value) -> dict:
    state = good_state()
    if path.startswith("card."):
        state["cards"]["quiz:a"][path[5:]] = value
    else:
        state[path] = value
    return state


BAD_STATES = [
    ("not an object", [], "format", ""),
    ("no cards", {"version": 1}, "format", ""),
    ("extra key", {"version": 1, "cards": {}, "x": 1}, "format", ""),
    ("version 2", {"version": 2, "cards": {}}, "format", ""),
    ("version true", {"version": True, "cards": {}}, "format", ""),
    ("version text", {"version": "1", "cards": {}}, "format", ""),
    ("cards a list", {"version": 1, "cards": []}, "format", ""),
    ("bad id", {"version": 1, "cards": {"question:a": card().to_json()}}, "card", "question:a"),
    ("card not an object", {"version": 1, "cards": {"quiz:a": 3}}, "card", "quiz:a"),
    ("missing field", {"version": 1, "cards": {"quiz:a": {k: v for k, v in card().to_json().items() if k != "seen"}}},
     "card", "quiz:a"),
    ("ease below 1.3", _broken("card.ease", 129), "card", "quiz:a"),
    ("ease a fraction", _broken("card.ease", 250.5), "card", "quiz:a"),
    ("reps negative", _broken("card.reps", -1), "card", "quiz:a"),
    ("reps true", _broken("card.reps", True), "card", "quiz:a"),
    ("reps too large for JavaScript", _broken("card.reps", 2**53), "card", "quiz:a"),
    ("interval too long", _broken("card.interval", sr.MAX_INTERVAL + 1), "card", "quiz:a"),
    ("due not a day", _broken("card.due", "2025-02-30"), "card", "quiz:a"),
    ("due in basic format", _broken("card.due", "20250310"), "card", "quiz:a"),
    ("due before 2000", _broken("card.due", "1999-12-31"), "card", "quiz:a"),
    ("drill a number", _broken("card.drill", 0), "card", "quiz:a"),
]


@pytest.mark.parametrize(("name", "state", "reason", "where"), BAD_STATES, ids=[b[0] for b in BAD_STATES])
def test_a_malformed_state_is_refused_naming_the_card(name, state, reason, where):
    with pytest.raises(ReviewStateError) as caught:
        sr.parse_state(state)
    assert (caught.value.reason, caught.value.card) == (reason, where)


def test_whole_numbers_written_with_a_decimal_point_are_whole_numbers():
    state = _broken("card.ease", 250.0)
    assert sr.parse_state(state)["quiz:a"].ease == 250


def test_the_first_malformed_card_in_id_order_is_named():
    state = {"version": 1, "cards": {"term:z": 1, "quiz:b": 2, "quiz:a": card().to_json()}}
    with pytest.raises(ReviewStateError) as caught:
        sr.parse_state(state)
    assert caught.value.card == "quiz:b"


def test_the_export_fixtures_hold_the_old_and_the_new_format():
    old = json.loads((FIXTURES / "progress-export-v1-before-review.json").read_text(encoding="utf-8"))
    assert sorted(old) == ["format", "progress", "version"] and old["version"] == 1
    new = json.loads((FIXTURES / "progress-export-v1-with-review.json").read_text(encoding="utf-8"))
    assert sorted(new) == ["format", "progress", "review", "version"] and new["version"] == 1
    assert sr.parse_state(new["review"])


# ---------------------------------------------------------------- the browser's copy of the rule

def test_the_browser_rule_carries_every_constant():
    rule = sr.browser_rule()
    assert json.loads(json.dumps(rule)) == rule
    assert rule["storage_key"] == "archbook.review.v1"
    assert rule["quality"] == sr.QUALITY and rule["first_intervals"] == [1, 6]
    assert (rule["initial_ease"], rule["min_ease"], rule["new_per_day"]) == (250, 130, 20)


def test_the_scripts_name_and_cite_the_algorithm_and_keep_no_constants_of_their_own():
    review = (SCRIPTS / "review.js").read_text(encoding="utf-8")
    assert "SM-2" in review and "Wozniak" in review and "1990" in review
    assert "Wozniak" in sr.__doc__ and "1990" in sr.__doc__ and "SM-2" in sr.__doc__
    step = review[review.index("function easeChange"):review.index("window.archbookReview =")]
    code = re.sub(r"/\*.*?\*/", "", step, flags=re.S)
    # only 0, 1 and the hundredths of the E-Factor appear as numbers: the rest comes from the page
    assert set(re.findall(r"\b\d+\b", code)) <= {"0", "1", "100"}
    state = (SCRIPTS / "review-state.js").read_text(encoding="utf-8")
    assert "archbook.review.v1" not in state and "archbook.review.v1" not in review  # the key comes from the rule
