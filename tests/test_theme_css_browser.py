"""The trimmed theme stylesheets look exactly like Material's own, in every state the site uses.

Each case loads a page, puts it into a state (scheme, viewport, open search,
glossary definition on focus, copy dialog, keyboard focus) and records the computed style of every
element and its ::before and ::after. It does that twice: once with the
site's trimmed stylesheets, once with the browser served Material's original
files in their place. Any difference means the trim removed a rule a reader
would have seen.
"""

from __future__ import annotations

from pathlib import Path

import material
import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]

MATERIAL_SHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"

#: Records "path::pseudo" -> hash of every computed property, for every element in <html>.
#: Custom properties (--md-...) are left out: dropping unused ones is the point of the trim.
SNAPSHOT = """() => {
  const hash = (text) => { let h = 2166136261; for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); } return (h >>> 0).toString(16); };
  const path = (el) => { const parts = []; for (; el && el.nodeType === 1; el = el.parentElement) {
    const index = el.parentElement ? [...el.parentElement.children].indexOf(el) : 0;
    parts.unshift(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + ":" + index); }
    return parts.join(">"); };
  const out = {};
  for (const el of document.querySelectorAll("*")) {
    for (const pseudo of ["", "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo || null);
      if (pseudo && style.content === "none") continue;
      let text = "";
      for (let i = 0; i < style.length; i++) {
        if (!style[i].startsWith("--")) text += style[i] + ":" + style.getPropertyValue(style[i]) + ";";
      }
      out[path(el) + pseudo] = hash(text);
    }
  }
  return out;
}"""

DETAIL = """([key, names]) => {
  const [where, pseudo] = key.includes("::") ? key.split(/(?=::)/) : [key, ""];
  let el = document.documentElement;
  for (const part of where.split(">").slice(1)) el = el.children[Number(part.split(":").pop())];
  const style = getComputedStyle(el, pseudo || null);
  return Object.fromEntries(names.map((n) => [n, style.getPropertyValue(n)]));
}"""


def _load(page, url):
    response = page.goto(url, wait_until="networkidle")
    assert response.ok, f"{url}: HTTP {response.status}"
    page.wait_for_timeout(300)


def _search(page):
    page.keyboard.press("Slash")
    page.keyboard.type("cache", delay=20)
    page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)


def _glossary_focus(page):
    page.focus('.md-content a[href*="glossary/#term-"][title]')


def _copy(page):
    page.hover(".md-typeset pre")
    page.click(".md-clipboard, .md-code__button", timeout=5000)
    page.wait_for_selector(".md-dialog--active", timeout=5000)


def _drawer(page):
    page.click('.md-header label[for="__drawer"]')


def _keyboard(page):
    for _ in range(3):  # skip link, logo, drawer button: focus rings on header controls
        page.keyboard.press("Tab")


#: (case id, page, browser context options, what to do after loading)
CASES = [
    ("home", "", {}, None),
    ("role-ur", "ur-Latn/role/what-an-ai-systems-architect-is/", {}, None),
    ("patterns-diagrams", "handbook/orchestration-patterns/", {}, None),
    ("deliverable-code", "handbook/deliverables/architecture-document/", {}, None),
    ("learning-widgets", "learn/03-technology-selection/", {}, None),
    ("adr-gallery", "adr/", {}, None),
    ("adr-record-ur", "ur-Latn/adr/0001-managed-model-over-self-hosted/", {}, None),
    ("glossary", "glossary/", {}, None),
    ("api-reference", "reference/learning/", {}, None),
    ("dark", "handbook/reliability-and-cost/", {"color_scheme": "dark"}, None),
    ("dark-learning", "ur-Latn/learn/02-system-design/", {"color_scheme": "dark"}, None),
    ("phone", "handbook/safety-and-governance/", {"viewport": {"width": 375, "height": 740}}, None),
    ("phone-drawer", "ur-Latn/handbook/deliverables/", {"viewport": {"width": 375, "height": 740}}, _drawer),
    ("tablet", "learn/", {"viewport": {"width": 900, "height": 1000}}, None),
    ("search-results", "role/what-an-ai-systems-architect-is/", {}, _search),
    ("glossary-focus", "handbook/orchestration-patterns/", {}, _glossary_focus),
    ("copy-dialog", "handbook/deliverables/architecture-document/", {}, _copy),
    ("keyboard-focus", "ur-Latn/", {}, _keyboard),
]


@pytest.fixture(scope="module")
def originals(built_site) -> dict[str, bytes]:
    """Trimmed file name in the site -> Material's original stylesheet of the same kind."""
    served = {}
    for kind in ("main", "palette"):
        [trimmed] = (built_site.site / "assets" / "stylesheets").glob(f"{kind}.*.min.css")
        [original] = MATERIAL_SHEETS.glob(f"{kind}.*.min.css")
        served[trimmed.name] = original.read_bytes()
    return served


def _snapshot(browser, url, options, action, originals=None):
    context = browser.new_context(reduced_motion="reduce", **options)
    if originals:
        context.route("**/assets/stylesheets/*.min.css", lambda route: route.fulfill(
            status=200, content_type="text/css", body=originals[route.request.url.rsplit("/", 1)[1]]))
    page = context.new_page()
    try:
        _load(page, url)
        if action:
            action(page)
            page.wait_for_timeout(400)
        return page, context, page.evaluate(SNAPSHOT)
    except Exception:
        context.close()
        raise


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_trimmed_theme_css_renders_like_the_original(browser, site_url, originals, case):
    name, path, options, action = case
    page, context, trimmed = _snapshot(browser, site_url + path, options, action)
    reference_page, reference_context, original = _snapshot(browser, site_url + path, options, action, originals)
    try:
        only_one = sorted(trimmed.keys() ^ original.keys())
        assert not only_one, f"elements or ::before/::after boxes in one rendering only: {only_one[:5]}"
        differing = [key for key in trimmed if trimmed[key] != original[key]]
        details = []
        for key in differing[:5]:
            names = page.evaluate("() => [...getComputedStyle(document.body)].filter((n) => !n.startsWith('--'))")
            mine = page.evaluate(DETAIL, [key, names])
            theirs = reference_page.evaluate(DETAIL, [key, names])
            changed = {n: (mine[n], theirs[n]) for n in names if mine[n] != theirs[n]}
            details.append(f"{key}: {changed}")
        assert not differing, f"{len(differing)} elements styled differently on {path}:\n" + "\n".join(details)
    finally:
        context.close()
        reference_context.close()


def test_the_site_ships_no_untrimmed_theme_stylesheet(built_site, originals):
    stylesheets = built_site.site / "assets" / "stylesheets"
    for trimmed_name, original in originals.items():
        trimmed = (stylesheets / trimmed_name).read_bytes()
        assert len(trimmed) < len(original) * 0.7, f"{trimmed_name} is barely smaller than Material's"
    material_names = {path.name for path in MATERIAL_SHEETS.glob("*.min.css")}
    assert not material_names & {path.name for path in stylesheets.iterdir()}
    assert not list(stylesheets.glob("*.map")), "source maps of the untrimmed files were left behind"
