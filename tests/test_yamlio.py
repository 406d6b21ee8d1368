from __future__ import annotations

import pytest

from archbook.core.yamlio import YamlError, load_with_lines


def test_lines_of_nested_values():
    doc = load_with_lines("a: 1\nb:\n  - x: 2\n  - y: [3, 4]\n")
    assert doc.value == {"a": 1, "b": [{"x": 2}, {"y": [3, 4]}]}
    assert doc.line_of(("b", 1, "y")) == 4
    assert doc.line_of(("b", 1, "missing")) == 4  # nearest ancestor


def test_duplicate_keys_are_refused_with_their_line():
    with pytest.raises(YamlError) as caught:
        load_with_lines("a: 1\nb: 2\na: 3\n")
    assert caught.value.line == 3


def test_several_documents_are_refused():
    with pytest.raises(YamlError, match="one YAML document"):
        load_with_lines("a: 1\n---\nb: 2\n")


def test_python_tags_are_not_executed():
    with pytest.raises(YamlError):
        load_with_lines("a: !!python/object/apply:os.system ['true']\n")


# -- hostile and malformed input: refused at its line, fast, never a traceback ------------

import time  # noqa: E402
from pathlib import Path  # noqa: E402

from archbook.content.data import DataError, read_yaml  # noqa: E402
from archbook.core.limits import MAX_YAML_NODES  # noqa: E402

BAD_YAML = Path(__file__).parent / "fixtures" / "yaml"

EXPECTED = {
    "alias-bomb.yml": "alias-bomb.yml:2: anchors are not supported (found &a)",
    "anchor-only.yml": "anchor-only.yml:1: anchors are not supported (found &t)",
    "custom-tag.yml": "custom-tag.yml:1: unsupported YAML tag !secret",
    "duplicate-key.yml": "duplicate-key.yml:3: duplicate key 'title'",
    "huge-integer.yml": "huge-integer.yml:1: unreadable value '99999",
    "impossible-date.yml": "impossible-date.yml:1: expected a real date, got '2026-02-30'",
    "merge-key.yml": "merge-key.yml:3: merge keys (<<) are not supported",
    "not-utf8.yml": "not-utf8.yml:1: expected UTF-8 text, got the byte 0xe9",
    "nul-byte.yml": "nul-byte.yml:2: expected text, got a NUL character",
    "python-tag.yml": "python-tag.yml:3: unsupported YAML tag !!python/object/apply:os.system",
    "several-documents.yml": "several-documents.yml:2: expected one YAML document, found several",
    "tab-indent.yml": "tab-indent.yml:2: malformed YAML: found character that cannot start any token (the line holds a tab",
    "too-deep.yml": "too-deep.yml:1: expected at most 64 levels of nesting",
}


def test_every_bad_yaml_fixture_has_an_expected_message():
    assert {p.name for p in BAD_YAML.glob("*.yml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_yaml_is_refused_at_its_line(name):
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        read_yaml(BAD_YAML / name, name)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(EXPECTED[name]), caught.value.problems[0]
    assert time.perf_counter() - started < 2, "a hostile file must be refused before it is expanded"


def test_nesting_far_deeper_than_libyaml_survives_is_refused_not_crashed():
    # libyaml's own composer overflows the C stack on 100,000 nested lists.
    text = "a: " + "[" * 100_000 + "]" * 100_000
    with pytest.raises(YamlError, match="levels of nesting") as caught:
        load_with_lines(text)
    assert caught.value.line == 1


def test_too_many_values_are_refused():
    text = "items: [" + ",".join("1" for _ in range(MAX_YAML_NODES + 1)) + "]"
    with pytest.raises(YamlError, match="values, got more"):
        load_with_lines(text)


def test_a_byte_order_mark_is_ignored():
    assert load_with_lines("\ufeffa: 1\n").value == {"a": 1}


def test_lines_are_offset_for_front_matter_and_keys_keep_their_own_line():
    doc = load_with_lines("a: 1\nb:\n  c: 2\n", first_line=2, dates_as_text=True)
    assert doc.line_of(("a",)) == 2
    assert doc.key_lines[("b",)] == 3 and doc.lines[("b",)] == 4


def test_dates_can_stay_text():
    assert load_with_lines("d: 2026-02-30\n", dates_as_text=True).value == {"d": "2026-02-30"}


def test_a_broken_flow_list_is_reported_where_it_opens():
    with pytest.raises(YamlError) as caught:
        load_with_lines("a: 1\nb: [x, y\nc: 2\n")
    assert caught.value.line == 2 and "in the flow sequence that starts here" in str(caught.value)
