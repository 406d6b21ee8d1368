"""``revisit_by``: the optional date by which a decision record comes back for review.

The model refuses a date that is not a real ISO date or falls before the
record's own date; adr-check reports it, and twins that disagree on it, at
file, line and field (scenarios ``bad-revisit-by`` and
``twins-disagree-on-revisit-by`` in tests/fixtures/adr, run with every other
scenario by tests/test_adr.py); the site shows it on the status line, in the
gallery (with the "review" filter's markup) and in the catalogue file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from archbook.adr.model import OPTIONAL_KEYS, TWIN_KEYS, AdrMeta, AdrUi
from archbook.adr.site import AdrRecord, badge_markdown, catalog_json, gallery_html, load_catalog
from archbook.adr.validate import check_tree
from archbook.content.data import validate

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "adr"
TODAY = dt.date(2026, 11, 21)
META = {"number": 4, "title": "Route by latency", "status": "accepted", "date": "2026-03-10",
        "deciders": ["Lead AI architect"], "concerns": ["inference"], "roadmap_step": 4,
        "supersedes": [], "superseded_by": None}


def meta(**changes) -> AdrMeta:
    return AdrMeta.model_validate({**META, **changes}, context={"today": TODAY})


def refusal(**changes) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as caught:
        meta(**changes)
    return [(tuple(e["loc"]), str(e["ctx"]["error"]) if "ctx" in e else e["msg"])
            for e in caught.value.errors(include_url=False)]


@pytest.fixture(scope="module")
def ui() -> AdrUi:
    return validate(AdrUi, ROOT / "data" / "adr_ui.yml")


# --- the model -----------------------------------------------------------------------------

def test_revisit_by_is_optional_and_may_lie_in_the_future():
    assert meta().revisit_by is None and meta(revisit_by=None).revisit_by is None
    assert meta(revisit_by="2031-03-10").revisit_by == dt.date(2031, 3, 10)  # the "not in the future" rule is date's
    assert meta(revisit_by="2026-03-10").revisit_by == dt.date(2026, 3, 10)  # on the record's own date: allowed
    assert meta(revisit_by=dt.date(2026, 3, 11)).revisit_by == dt.date(2026, 3, 11)
    assert "revisit_by" in TWIN_KEYS and OPTIONAL_KEYS == ("revisit_by",)


@pytest.mark.parametrize("value, message", [
    ("2026-03-09", "expected a date on or after the record's date '2026-03-10', got '2026-03-09'"),
    ("2027-02-29", "expected a real calendar date, got '2027-02-29'"),
    ("10/03/2027", "expected an ISO date (YYYY-MM-DD), got '10/03/2027'"),
    ("2027-3-10", "expected an ISO date (YYYY-MM-DD), got '2027-3-10'"),
    ("next spring", "expected an ISO date (YYYY-MM-DD), got 'next spring'"),
    ("2027-03-10T09:00:00", "expected an ISO date (YYYY-MM-DD), got '2027-03-10T09:00:00'"),
    (dt.datetime(2027, 3, 10, 9), "expected an ISO date (YYYY-MM-DD), got datetime.datetime(2027, 3, 10, 9, 0)"),
    (20270310, "expected an ISO date (YYYY-MM-DD), got 20270310"),
    (True, "expected an ISO date (YYYY-MM-DD), got True"),
])
def test_a_bad_revisit_by_is_refused_with_a_message_naming_the_value(value, message):
    assert refusal(revisit_by=value) == [(("revisit_by",), message)]


def test_a_refused_date_is_reported_alone_not_again_through_revisit_by():
    assert refusal(date="2026-13-01", revisit_by="2026-01-01") == [
        (("date",), "expected a real calendar date, got '2026-13-01'")]
    assert [loc for loc, _ in refusal(date="2999-01-01", revisit_by="2999-06-01")] == [("date",)]


# --- adr-check -----------------------------------------------------------------------------

def test_the_bad_revisit_by_scenario_refuses_each_record_in_both_twins():
    problems = [str(p) for p in check_tree(CASES / "bad-revisit-by", CASES / "bad-revisit-by" / "docs" / "adr")]
    assert (CASES / "bad-revisit-by" / "expect.txt").read_text().splitlines() == problems
    for stem in ("0001-not-iso-revisit", "0002-impossible-revisit", "0003-revisit-before-date",
                 "0004-revisit-with-time", "0005-revisit-as-list"):
        for name in (f"{stem}.md", f"{stem}.ur-Latn.md"):
            assert any(re.match(rf"^docs/adr/{re.escape(name)}:11: revisit_by: expected ", p) for p in problems), name
    assert not any("0006-revisit-on-the-day" in p for p in problems)  # on the record's date is fine


def test_twins_must_agree_on_revisit_by_including_leaving_it_out():
    case = CASES / "twins-disagree-on-revisit-by"
    problems = [str(p) for p in check_tree(case, case / "docs" / "adr")]
    assert problems == (case / "expect.txt").read_text().splitlines()
    assert problems == [
        "docs/adr/0001-different-revisit.ur-Latn.md:11: revisit_by: expected '2027-03-01' as in its twin "
        "docs/adr/0001-different-revisit.md, got '2027-04-01'",
        "docs/adr/0002-revisit-only-in-english.ur-Latn.md:1: revisit_by: expected '2027-03-01' as in its twin "
        "docs/adr/0002-revisit-only-in-english.md, got nothing (the key is missing)",
        "docs/adr/0003-revisit-only-in-urdu.ur-Latn.md:11: revisit_by: expected no revisit_by as in its twin "
        "docs/adr/0003-revisit-only-in-urdu.md, got '2027-03-01'",
        "docs/adr/0004-revisit-null-in-urdu.ur-Latn.md:11: revisit_by: expected '2027-03-01' as in its twin "
        "docs/adr/0004-revisit-null-in-urdu.md, got null",
    ]


def test_the_real_records_carry_valid_revisit_dates_in_both_twins(root):
    assert check_tree(root) == []
    revisiting = [r for r in load_catalog(root / "docs" / "adr") if r.revisit_by]
    assert len(revisiting) >= 2
    assert all(r.revisit_by >= r.date for r in revisiting)


def test_the_catalogue_reads_revisit_by(tmp_path):
    adr = tmp_path / "adr"
    shutil.copytree(CASES / "twins-disagree-on-revisit-by" / "docs" / "adr", adr)
    by_number = {r.number: r.revisit_by for r in load_catalog(adr)}
    assert by_number == {1: dt.date(2027, 3, 1), 2: dt.date(2027, 3, 1), 3: None, 4: dt.date(2027, 3, 1),
                         5: dt.date(2027, 3, 1), 6: None}


# --- on the site ---------------------------------------------------------------------------

def _records() -> list[AdrRecord]:
    return [AdrRecord(1, "0001-a", "accepted", dt.date(2026, 1, 5), ("cost",), 3, (), None, {"en": "A"},
                      dt.date(2026, 7, 1)),
            AdrRecord(2, "0002-b", "proposed", dt.date(2026, 2, 5), ("data",), 2, (), None, {"en": "B"})]


def test_the_status_line_shows_revisit_by_only_when_there_is_one(ui):
    with_date, without = _records()
    assert badge_markdown(with_date, ui, "en", "adr/0001-a.md", None).rstrip().endswith(
        "**Roadmap step:** 3. Technology selection, build versus buy · **Revisit by:** 2026-07-01\n{ .adr-badge }")
    assert "**Dobara review:** 2026-07-01" in badge_markdown(with_date, ui, "ur-Latn", "adr/0001-a.md", None)
    assert "Revisit" not in badge_markdown(without, ui, "en", "adr/0002-b.md", None)


def test_the_gallery_has_a_revisit_column_and_a_review_filter_in_both_languages(ui):
    for lang, header, due, scheduled, label in (
            ("en", "Revisit by", "Due for review", "Has a revisit date", "Review"),
            ("ur-Latn", "Dobara review", "Review ka waqt aa gaya", "Dobara review ki tareekh tay hai", "Review")):
        html = gallery_html(_records(), ui, lang)
        assert f'<th scope="col">{header}</th>' in html
        assert '<td>2026-01-05</td><td data-revisit="2026-07-01">2026-07-01</td></tr>' in html
        assert "<td>2026-02-05</td><td></td></tr>" in html  # no date: an empty cell, never due
        assert (f'<label for="adr-filter-review">{label}</label><select id="adr-filter-review" name="review" '
                f'data-filter="review">') in html.replace("\n", "")
        assert f'<option value="due">{due}</option>' in html
        assert f'<option value="scheduled">{scheduled}</option>' in html
    data = json.loads(catalog_json(_records(), ui, "en"))
    assert [r["revisit_by"] for r in data["records"]] == ["2026-07-01", ""]
