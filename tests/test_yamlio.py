from __future__ import annotations

import pytest

from archbook.yamlio import YamlError, load_with_lines


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
