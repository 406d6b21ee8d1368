from __future__ import annotations

import json

from archbook.theme.search_scope import language_of_location, split_index, write_split_index

INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
    "docs": [
        {"location": "", "title": "Home", "text": "welcome"},
        {"location": "role/#comparison", "title": "Comparison", "text": "roles"},
        {"location": "ur-Latn/", "title": "Ghar", "text": "khush aamdeed"},
        {"location": "ur-Latn/role/#comparison", "title": "Muqabla", "text": "kirdaar"},
    ],
}


def test_language_of_location():
    assert language_of_location("ur-Latn/role/") == "ur-Latn"
    assert language_of_location("role/") == "en"
    assert language_of_location("ur-latnish/") == "en"


def test_each_language_gets_only_its_own_entries():
    parts = split_index(INDEX)
    assert [d["title"] for d in parts["en"]["docs"]] == ["Home", "Comparison"]
    assert [d["location"] for d in parts["ur-Latn"]["docs"]] == ["", "role/#comparison"]
    assert parts["ur-Latn"]["config"]["pipeline"] == ["trimmer"]  # no English stemming of Urdu
    assert parts["en"]["config"]["pipeline"] == ["stopWordFilter"]
    assert INDEX["docs"][2]["location"] == "ur-Latn/"  # input untouched


def test_write_split_index(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(INDEX))
    assert write_split_index(tmp_path) == {"en": 2, "ur-Latn": 2}
    ur = json.loads((tmp_path / "ur-Latn" / "search" / "search_index.json").read_text())
    assert {d["title"] for d in ur["docs"]} == {"Ghar", "Muqabla"}


def test_alternates_become_absolute():
    from archbook.theme.alternates import absolute_alternates

    html = ('<link rel="alternate" href="../../../role/x/" hreflang="en">'
            '<link rel="alternate" href="./" hreflang="ur-Latn">'
            '<link rel="alternate" type="application/rss+xml" href="feed.xml">')
    out = absolute_alternates(html, "https://example.org/site/ur-Latn/role/x/")
    assert 'href="https://example.org/site/role/x/" hreflang="en"' in out
    assert 'href="https://example.org/site/ur-Latn/role/x/" hreflang="ur-Latn"' in out
    assert 'href="feed.xml"' in out  # not an hreflang alternate: untouched



def test_site_wide_steps_wait_for_the_outer_language_build():
    from types import SimpleNamespace as Namespace

    from archbook.core.languages import inner_language_build

    assert inner_language_build(Namespace(plugins={"i18n": Namespace(building=True)}))
    assert not inner_language_build(Namespace(plugins={"i18n": Namespace(building=False)}))
    assert not inner_language_build(Namespace(plugins={}))  # a site without the plugin has one build
