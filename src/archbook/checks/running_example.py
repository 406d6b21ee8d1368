"""No figure of the running example typed by hand: pages and data quote the one model.

Sahulat Assist's figures live in the data files behind
[running_example][archbook.handbook.running_example.running_example]; pages write
``{{ example("bill.routing") }}`` and data text the same call. This check reads
the Markdown source (fenced code, inline code, template calls, HTML comments
and link targets set aside) and the text of every data file, and reports a
number typed by hand when either:

1. **it is one of the model's figures**, anywhere on the site: a dollar or
   rupee amount, a duration in milliseconds or seconds, or a number of four or
   more digits written with thousands separators whose value is a figure of
   the model (``16,470``, ``USD 5,188``, ``1,200 ms`` or ``1.2 s``, ``600,000``);
2. **it sits in the running example's own text** and is an amount, a duration,
   a token count or a number with thousands separators (any value), or a
   percentage or multiple that equals one of the model's: the text is a
   paragraph, list item or table row that names Sahulat Assist, or any line
   of the example's design documents (the deliverables and the decision records).

Numbers that are not the example's (a regulation's article, a year, a step
number, a general rule of thumb outside the example's text) are left alone.
A figure the model lacks is added to ``data/sahulat_assist.yml`` first.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

from archbook.content.data import DataError, read_yaml, strings_in
from archbook.core.remember import kept
from archbook.content.page_source import PageError, read_page
from archbook.handbook.running_example import Quantity
from archbook.safety.markup_policy import code_spans

EXAMPLE_NAME = re.compile(r"\bSahulat\b", re.IGNORECASE)

DESIGN_DOCUMENTS = re.compile(r"^docs/handbook/deliverables/(?!index\b)[^/]+\.md$|^docs/adr/\d{4}-[^/]+\.md$")
"""Pages that are the running example's own design documents: every line is its text."""

MODEL_FILES = ("data/cost_example.yml", "data/latency_budget.yml", "data/sahulat_assist.yml")
"""Where the figures are typed (once): only their words are checked, as the example's own text
(a label says what a figure is; a second figure inside it would be typed twice)."""

WORDS = ("label", "step", "name", "first_visible", "summary")
"""The fields of the model's files that are words about a figure (checked), not figures (the source)."""

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_FIGURE = re.compile(
    rf"""(?xi)
    (?<![\w.,/#-])                                   # not inside a word, version, path or id
    (?:(?P<currency>USD|PKR|Rs\.?|\$)\s?(?P<amount>{_NUMBER})
      |(?P<number>{_NUMBER})
       (?:\s?(?P<unit>ms|milliseconds?|s|secs?|seconds?|minutes?|mins?|hours?|ghante|ghanton|%|percent|tokens?|x)\b
          |(?P<percent_sign>%))?
    )
    """)
_WORD_DURATION = re.compile(r"(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|sixty)"
                            r"[- ](second|minute|hour)s?\b")
_SET_ASIDE = (
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}"),          # template calls: their output is the model's
    re.compile(r"<!--.*?-->"),                      # comments
    re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]"),        # link targets and reference labels
    re.compile(r"\{\s*[#.][^}]*\}"),                # attribute lists and heading anchors
    re.compile(r"\b(?:ADR|FM|CB|OUT|IN|E|C|Article|Art\.|ISO|NIST|step|Step|Qadam|qadam)\s?[-#]?\d+"),
)


def _value(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _model_values(figures: Mapping[str, Quantity]) -> dict[str, set[Decimal]]:
    """The model's values as a page could type them: money, milliseconds (also as seconds), counts."""
    money: set[Decimal] = set()
    millis: set[Decimal] = set()
    counts: set[Decimal] = set()
    for q in figures.values():
        if q.unit in ("usd", "pkr"):
            money.update({q.value, q.value.quantize(Decimal(1)), q.value.quantize(Decimal("0.01"))})
            if 0 < q.value < 1:  # written to three significant digits
                money.add(q.value.quantize(Decimal(1).scaleb(q.value.adjusted() - 2)))
        elif q.unit == "ms":
            millis.add(q.value)
        elif q.unit == "seconds":
            millis.add(q.value * 1000)
        elif q.unit in ("count", "tokens") and q.value >= 1000:
            counts.add(q.value)
    shares = {q.value * 100 for q in figures.values() if q.unit == "percent"}
    multiples = {q.value for q in figures.values() if q.unit == "multiple"}
    return {"money": money, "ms": millis, "count": counts | {m for m in money if m >= 1000},
            "percent": shares, "multiple": multiples}


def _masked(line: str) -> str:
    for start, end in reversed(code_spans(line)):
        line = line[:start] + " " * (end - start) + line[end:]
    for pattern in _SET_ASIDE:
        line = pattern.sub(lambda m: " " * len(m.group(0)), line)
    return line


def hand_typed(text: str, values: Mapping[str, set[Decimal]], in_example: bool) -> Iterator[str]:
    """Each hand-typed figure in one line of prose (rule 1 always; rule 2 when ``in_example``)."""
    text = _masked(text)
    for match in _FIGURE.finditer(text):
        if match.group("currency"):
            amount = _value(match.group("amount"))
            if in_example or (amount is not None and amount in values["money"]):
                yield match.group(0).strip()
            continue
        raw, unit = match.group("number"), (match.group("unit") or match.group("percent_sign") or "").lower()
        value = _value(raw)
        if value is None:
            continue
        grouped = "," in raw
        if unit in ("ms", "millisecond", "milliseconds"):
            is_model = value in values["ms"]
        elif unit in ("s", "sec", "secs", "second", "seconds"):
            is_model = value * 1000 in values["ms"] and value != value.to_integral_value()
        elif unit in ("%", "percent"):
            if in_example and value in values["percent"]:
                yield match.group(0).strip()
            continue
        elif unit == "x":
            if in_example and value in values["multiple"]:
                yield match.group(0).strip()
            continue
        else:
            is_model = grouped and value in values["count"]
        if is_model or (in_example and (unit != "" or grouped)):
            yield match.group(0).strip()
    if in_example:
        for match in _WORD_DURATION.finditer(text):
            yield match.group(0)


def _blocks(lines: Iterable[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    """Runs of consecutive non-blank lines; every table row and list item is a block of its own."""
    block: list[tuple[int, str]] = []
    last = None
    for number, line in lines:
        starts_item = bool(re.match(r"\s*(?:[-*+]|\d+[.)]|\|)\s", line))
        if block and (not line.strip() or last is None or number != last + 1 or starts_item):
            yield block
            block = []
        if line.strip():
            block.append((number, line))
        last = number
    if block:
        yield block


def check_text(lines: Iterable[tuple[int, str]], figures: Mapping[str, Quantity], shown: str,
               whole_text_is_example: bool = False) -> list[str]:
    """``shown:line: ...`` for every hand-typed figure in numbered lines of prose."""
    return _check_lines(lines, _model_values(figures), shown, whole_text_is_example)


def _check_lines(lines: Iterable[tuple[int, str]], values: Mapping[str, set[Decimal]], shown: str,
                 whole_text_is_example: bool = False) -> list[str]:
    problems = []
    for block in _blocks(lines):
        in_example = whole_text_is_example or any(EXAMPLE_NAME.search(line) for _, line in block)
        for number, line in block:
            for found in hand_typed(line, values, in_example):
                problems.append(f"{shown}:{number}: '{found}' is a figure of the running example typed by hand; "
                                f"quote it from the model with {{{{ example(\"group.name\") }}}} "
                                "(add it to data/sahulat_assist.yml if the model lacks it)")
    return problems


def check_pages(docs: Path, figures: Mapping[str, Quantity]) -> list[str]:
    """Hand-typed running-example figures on every page below ``docs``, both languages."""
    values = _model_values(figures)  # once: the model's figures as the forms a page could type them in
    figures_digest = hashlib.sha256(json.dumps({kind: sorted(map(str, found)) for kind, found in sorted(
        values.items())}).encode()).hexdigest()
    problems = []
    for path in sorted(docs.rglob("*.md")):
        shown = path.relative_to(docs.parent).as_posix()
        try:
            page = read_page(path, shown)
        except PageError:
            continue  # reported by the page checks, once
        english = re.sub(r"\.ur-Latn\.md$", ".md", shown)
        whole = bool(DESIGN_DOCUMENTS.match(english)) and not english.endswith("template.md")
        lines = sorted(list(page.prose) + [(h.line, h.text) for h in page.headings])
        problems += json.loads(kept("example-figures", (shown, str(whole), figures_digest, *(
            f"{number}:{line}" for number, line in lines)), lambda: json.dumps(_check_lines(lines, values, shown, whole))))
    return problems


def check_data(data: Path, figures: Mapping[str, Quantity]) -> list[str]:
    """Hand-typed running-example figures in the text of every data file but the model's own."""
    values = _model_values(figures)
    problems = []
    for path in sorted(data.rglob("*.yml")):
        shown = path.relative_to(data.parent).as_posix()
        words_only = shown in MODEL_FILES
        try:
            located = read_yaml(path, shown)
        except DataError:
            continue  # reported by the data checks, once
        for where, text in strings_in(located.value):
            if words_only and not any(isinstance(part, str) and part in WORDS for part in where):
                continue
            lines = [(located.line_of(where) or 1, line) for line in text.split("\n")]
            problems += _check_lines(lines, values, shown, whole_text_is_example=words_only)
    return problems

