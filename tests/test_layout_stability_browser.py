"""Nothing on a learning page moves when its widgets come to life (Lighthouse's layout shift).

Each learn page, in both languages, is loaded in Chromium at a phone's size
(412 x 823). The page's own scripts (everything in ``assets/javascripts/`` but
the theme's bundle) are held back until the page has painted its first content,
as on a slow phone, then let through. A ``PerformanceObserver`` adds up every
``layout-shift`` from the start of the load until every widget is marked ready
and the page has settled: the total must stay below 0.01 (Lighthouse counts
0.1 as the edge of "good"; the widgets' own share should be none). The server-
rendered markup must therefore take the same room as the live widget: the note
"needs JavaScript" takes room only where scripting is off. Not timed: the order
of events is forced, not raced.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]

LEARN_PAGES = ["learn/", "learn/01-foundations/", "learn/02-system-design/", "learn/03-technology-selection/",
               "learn/04-scale-reliability-cost/", "learn/05-governance/", "learn/review/",
               "learn/architecture-review/"]
PAGES = [*LEARN_PAGES, *(f"ur-Latn/{page}" for page in LEARN_PAGES)]
PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True}
LIMIT = 0.01
PAGE_SCRIPT = re.compile(r"/assets/javascripts/(?!bundle\.)[^/?#]+\.js(\?|$)")

OBSERVE_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({
      value: entry.value,
      sources: (entry.sources || []).map(source => {
        const node = source.node;
        const name = node && node.nodeType === 1 ? node.tagName.toLowerCase() + "." + node.className : String(node);
        return name + " y " + Math.round(source.previousRect.y) + " -> " + Math.round(source.currentRect.y);
      }),
    });
  }
}).observe({type: "layout-shift", buffered: true});
"""

PAINTED = "performance.getEntriesByType('paint').some(entry => entry.name === 'first-contentful-paint')"
READY = """() => {
  const widgets = [...document.querySelectorAll('.lp-widget, .ar-widget')];
  return widgets.length > 0 && widgets.every(w => w.classList.contains('lp-ready') || w.classList.contains('ar-ready'));
}"""
SETTLED = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300))))"


class HeldScripts:
    """Holds the page's own scripts until ``release`` (the theme's bundle passes at once)."""

    def __init__(self, page):
        self.held: list = []
        self.released = False
        self.seen: list[str] = []
        page.route(PAGE_SCRIPT, self._handle)

    def _handle(self, route):
        self.seen.append(route.request.url)
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def release(self):
        self.released = True
        for route in self.held:
            route.continue_()
        self.held.clear()


@pytest.mark.parametrize("path", PAGES)
def test_widgets_do_not_shift_the_page_on_a_phone(browser, site_url, path):
    context = browser.new_context(**PHONE)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.add_init_script(OBSERVE_SHIFTS)
        scripts = HeldScripts(page)
        page.goto(site_url + path, wait_until="commit")
        page.wait_for_function(PAINTED)
        page.evaluate(SETTLED)  # a few frames painted with the server-rendered markup
        assert not page.evaluate(READY), f"{path}: widgets were ready before their scripts arrived"
        scripts.release()
        page.wait_for_load_state("load")
        page.wait_for_function(READY)
        page.evaluate(SETTLED)
        shifts = page.evaluate("window.__shifts")
    finally:
        context.close()
    assert scripts.seen, f"{path}: the page loaded no script of its own; the test held nothing back"
    assert errors == [], errors
    total = sum(shift["value"] for shift in shifts)
    moved = [shift for shift in shifts if shift["value"] >= 0.001]
    assert total < LIMIT, f"{path}: cumulative layout shift {total:.4f} >= {LIMIT}: {moved}"
