"""The gallery's "due for review" filter in Chromium, with the reader's clock set by the test.

A record is due on its ``revisit_by`` date and every day after, by the
reader's own local date: the build cannot know it, so the page's script
decides. The test reads the revisit dates from the built gallery, then sets
the browser's clock on, before and after them (and across a time zone) and
checks which rows stay, the announced count, the address, the keyboard, both
languages, and axe on the filtered gallery.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]

UTC = dt.timezone.utc


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


class Reader:
    """A fresh browser profile whose clock stands still at ``now``, failing the test on any script error."""

    def __init__(self, browser, now: dt.datetime, timezone: str = "UTC"):
        self.context = browser.new_context(timezone_id=timezone)
        self.context.clock.set_fixed_time(now)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, url: str):
        self.page.goto(url)
        self.page.wait_for_selector("[data-adr-filters]:not([hidden])")
        return self.page

    def shown(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "tbody tr:not([hidden])", "rows => rows.map(r => r.cells[0].textContent)")

    def close(self):
        self.context.close()
        assert self.errors == [], self.errors


@pytest.fixture
def readers(browser):
    opened: list[Reader] = []

    def make(now: dt.datetime, timezone: str = "UTC") -> Reader:
        opened.append(Reader(browser, now, timezone))
        return opened[-1]

    yield make
    for reader in opened:
        reader.close()


@pytest.fixture(scope="module")
def revisits(built_site) -> dict[str, str]:
    """Record number -> revisit date, as the built gallery carries them (at least two different dates)."""
    import re

    html = built_site.html("adr")
    found = dict(re.findall(r"<tr [^>]*><td>(\d{4})</td>(?:(?!</tr>).)*<td data-revisit=\"([\d-]+)\">", html))
    assert len(set(found.values())) >= 2, f"two records with different revisit dates are needed, got {found}"
    return found


def noon(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def due_on(revisits: dict[str, str], day: str) -> list[str]:
    return sorted(number for number, revisit in revisits.items() if revisit <= day)


def test_due_for_review_keeps_the_records_whose_date_has_come(readers, site_url, revisits):
    first, last = min(revisits.values()), max(revisits.values())
    total = None
    for day in (first, last):  # on the first date exactly: that record (and any of the same day) is due
        reader = readers(noon(day))
        page = reader.open(site_url + "adr/")
        total = page.locator("tbody tr").count()
        page.select_option("#adr-filter-review", "due")
        assert sorted(reader.shown()) == due_on(revisits, day)
        assert page.text_content("[data-adr-count]") == \
            f"Showing {len(due_on(revisits, day))} of {total} decision records."
        assert "review=due" in page.url
        assert all(page.locator(f'tbody tr:not([hidden]) td[data-revisit="{revisits[n]}"]').count()
                   for n in reader.shown())
    assert len(due_on(revisits, first)) < len(due_on(revisits, last)) == len(revisits)
    # "Has a revisit date" keeps every dated record, whatever the day.
    reader = readers(noon(first) - dt.timedelta(days=400))
    page = reader.open(site_url + "adr/?review=scheduled")
    assert sorted(reader.shown()) == sorted(revisits)


def test_before_any_revisit_date_nothing_is_due_and_the_reader_is_told(readers, site_url, revisits):
    day_before = (dt.date.fromisoformat(min(revisits.values())) - dt.timedelta(days=1)).isoformat()
    reader = readers(noon(day_before))
    page = reader.open(site_url + "adr/?review=due")
    assert page.eval_on_selector("#adr-filter-review", "s => s.value") == "due"
    assert reader.shown() == []
    assert page.text_content("[data-adr-count]") == "No decision record matches these filters."
    page.click("[data-adr-filters] button[type=reset]")
    page.wait_for_function("document.querySelectorAll('tbody tr[hidden]').length === 0")
    assert "review=" not in page.url


def test_the_reader_s_own_date_counts_not_utc(readers, site_url, revisits):
    first = min(revisits.values())
    # 20:00 UTC the evening before: already the revisit day in Karachi (UTC+5), still the day before in UTC.
    evening = dt.datetime.fromisoformat(first).replace(tzinfo=UTC) - dt.timedelta(hours=4)
    in_karachi = readers(evening, "Asia/Karachi")
    in_karachi.open(site_url + "adr/?review=due")
    assert sorted(in_karachi.shown()) == due_on(revisits, first)
    in_utc = readers(evening, "UTC")
    in_utc.open(site_url + "adr/?review=due")
    assert in_utc.shown() == []


def test_the_review_filter_from_the_keyboard_in_roman_urdu_and_axe_clean(readers, site_url, revisits):
    last = max(revisits.values())
    reader = readers(noon(last))
    page = reader.open(site_url + "ur-Latn/adr/")
    total = page.locator("tbody tr").count()
    page.locator("#adr-filter-review").focus()
    page.keyboard.press("ArrowDown")  # the first choice: "Review ka waqt aa gaya"
    assert page.eval_on_selector("#adr-filter-review", "s => s.value") == "due"
    assert page.eval_on_selector("#adr-filter-review", "s => s.selectedOptions[0].textContent") == \
        "Review ka waqt aa gaya"
    assert sorted(reader.shown()) == due_on(revisits, last)
    assert page.text_content("[data-adr-count]") == \
        f"{total} mein se {len(due_on(revisits, last))} decision records dikh rahe hain."
    page.add_script_tag(content=_axe_source())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], v["impact"]) for v in result["violations"]] == []
