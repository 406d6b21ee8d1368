"""Drop the theme stylesheet's rules that nothing on the built site can match.

Material ships one stylesheet for every feature it has (blog, tags, consent,
versions, a hundred keyboard key names, ...). This site uses a fraction of
them, and the rest costs every reader about ten kilobytes compressed on each
first visit. The trim is deliberately conservative:

* A selector is dropped only when it *requires* a class that appears in no
  page's ``class`` attributes and in no script the site ships. Every
  class-like word of a script (one with a ``-`` or ``_`` in it) counts as a
  class the script might add, and such a word followed by ``${`` or ``"+``
  counts as a prefix it might complete, as in ``md-tag--${name}``. The one
  exception is the theme's optional features (``OPTIONAL_FEATURES``, in
  ``archbook.theme.material`` with every other Material name):
  when the configuration leaves a feature off, the bundle's mentions of its
  classes do not count. Classes inside ``:not()`` and ``:has()`` never make a
  selector dead; ``:is()`` and ``:where()`` kill it only when every
  alternative is dead.
* The palette attributes work the same way: ``[data-md-color-primary=red]``
  is dead unless some page carries ``data-md-color-primary="red"``.
* A selector that tests one of ``DROPPED_ATTRIBUTES`` is dropped on purpose:
  its rule is live, but costs readers more than it gives (the reason is
  recorded beside the name).
* A rule goes when all its selectors are dead; otherwise only the dead
  selectors leave its list. ``@media`` and ``@supports`` blocks that end up
  empty go too.
* A custom property declaration goes when no remaining rule, no other
  stylesheet, no page and no script refers to it (repeated until nothing
  changes, so chains of properties unwind); an ``@keyframes`` block goes when
  no remaining ``animation`` names it.
* Any at-rule this module does not know is an error, not a guess.

Everything here is a pure function of text; ``hooks/trim_theme_css.py`` reads
the built site and writes the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import tinycss2
from tinycss2 import ast

from archbook.core.errors import ArchbookError
from archbook.theme.material import DROPPED_ATTRIBUTES, OPTIONAL_FEATURES, PALETTE_ATTRIBUTE, TRACKED_ATTRIBUTES

#: At-rules whose block holds more rules, searched recursively.
_GROUPING = {"media", "supports"}
#: At-rules kept as they are.
_KEPT = {"charset", "import", "font-face", "page", "property", "namespace"}
_KEYFRAMES = {"keyframes", "-webkit-keyframes"}
#: Functional pseudo-classes that match when any argument matches.
_ANY_OF = {"is", "where", "matches", "-webkit-any", "-moz-any"}

_CLASS_ATTR = re.compile(r"""class=(?:"([^"]*)"|'([^']*)'|\\"((?:[^"\\]|\\.)*?)\\")""")
_WORD = re.compile(r"-?[A-Za-z_][\w-]*")
_CLASS_LIKE = re.compile(r"-?[A-Za-z_]\w*[-_][\w-]*")
_PREFIX = re.compile(r"(-?[A-Za-z_][\w-]*[-_])(?:\$\{|[\"']\s*\+)")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
_CUSTOM_NAME = re.compile(r"--[\w-]+")


class CssTrimError(ArchbookError, ValueError):
    """The stylesheet holds something the trim does not understand."""


@dataclass(frozen=True)
class ThemeSettings:
    """The parts of ``mkdocs.yml`` that say which optional theme features are on."""

    features: frozenset[str] = frozenset()
    plugins: frozenset[str] = frozenset()
    extensions: frozenset[str] = frozenset()
    extra: Mapping = field(default_factory=dict)
    repo_url: str | None = None

    @classmethod
    def from_config(cls, config) -> ThemeSettings:
        return cls(
            features=frozenset(config.theme.get("features") or ()),
            plugins=frozenset(config.plugins),
            extensions=frozenset(str(e) for e in config.markdown_extensions),
            extra=dict(config.extra),
            repo_url=config.repo_url,
        )


def features_off(settings: ThemeSettings) -> tuple[str, ...]:
    """Class prefixes of the optional features ``settings`` leaves off."""
    return tuple(prefix for feature in OPTIONAL_FEATURES if not feature.enabled(settings)
                 for prefix in feature.classes)


@dataclass(frozen=True)
class UsedNames:
    """Class names the site can carry, and prefixes its scripts complete at run time."""

    classes: frozenset[str]
    prefixes: tuple[str, ...] = ()
    #: Custom property names referred to outside the trimmed stylesheet.
    properties: frozenset[str] = frozenset()
    #: (attribute, value) pairs of :data:`TRACKED_ATTRIBUTES` that pages carry.
    attributes: frozenset[tuple[str, str]] = frozenset()

    def has_class(self, name: str) -> bool:
        return name in self.classes or name.startswith(self.prefixes)

    def has_attribute(self, name: str, value: str) -> bool:
        return name not in TRACKED_ATTRIBUTES or (name, value) in self.attributes


@dataclass
class TrimReport:
    css: str
    rules_dropped: int = 0
    selectors_dropped: int = 0
    properties_dropped: int = 0
    keyframes_dropped: int = 0
    dropped_classes: set[str] = field(default_factory=set)
    #: Selectors dropped on purpose (``DROPPED_ATTRIBUTES``), as written.
    dropped_on_purpose: list[str] = field(default_factory=list)


def used_names(pages: Iterable[str], scripts: Iterable[str], switched_off: tuple[str, ...] = ()) -> UsedNames:
    """Collect the classes, palette attributes and custom properties pages and scripts can use.

    ``pages`` are HTML documents (and search indexes, whose snippets carry
    markup): their ``class`` attributes and palette attributes count, and so
    do the class-like words of their inline scripts. ``scripts`` count by
    their class-like words, except words starting with a prefix in
    ``switched_off`` (see :func:`features_off`). Custom properties that
    other stylesheets read are the caller's to add (:func:`custom_properties_used`).
    """
    classes: set[str] = set()
    prefixes: set[str] = set()
    properties: set[str] = set()
    attributes: set[tuple[str, str]] = set()
    script_texts = list(scripts)
    for page in pages:
        for match in _CLASS_ATTR.finditer(page):
            classes.update((match.group(1) or match.group(2) or match.group(3) or "").split())
        attributes.update(PALETTE_ATTRIBUTE.findall(page))
        script_texts += re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S)
        properties.update(_VAR_USE.findall(page))
        properties.update(re.findall(r"(--[\w-]+)\s*:", " ".join(re.findall(r'style="([^"]*)"', page))))
    for text in script_texts:
        classes.update(w for w in _CLASS_LIKE.findall(text) if not w.startswith(switched_off))
        prefixes.update(p for p in _PREFIX.findall(text) if not p.startswith(switched_off))
        properties.update(_CUSTOM_NAME.findall(text))
    return UsedNames(frozenset(classes), tuple(sorted(prefixes)), frozenset(properties), frozenset(attributes))


def custom_properties_used(stylesheets: Iterable[str]) -> frozenset[str]:
    """The custom properties that ``stylesheets`` read with ``var()``."""
    return frozenset(name for sheet in stylesheets for name in _VAR_USE.findall(sheet))


def trim_stylesheet(css: str, names: UsedNames) -> TrimReport:
    """Return ``css`` without the rules, selectors, properties and keyframes nothing can use."""
    report = TrimReport(css="")
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    rules = _trim_rules(rules, names, report)
    while True:  # unused custom properties, until a pass removes none
        text = _serialize(rules)
        used = names.properties | set(_VAR_USE.findall(text))
        before = report.properties_dropped
        rules = _drop_properties(rules, used, report)
        if report.properties_dropped == before:
            break
    rules = _drop_keyframes(rules, _serialize(rules), report)
    report.css = _serialize(rules)
    return report


def _trim_rules(rules: list, names: UsedNames, report: TrimReport) -> list:
    kept = []
    for rule in rules:
        if isinstance(rule, ast.ParseError):
            raise CssTrimError(f"stylesheet does not parse at line {rule.source_line}: {rule.message}")
        if isinstance(rule, ast.QualifiedRule):
            selectors = _split_commas(rule.prelude)
            live = []
            for selector in selectors:
                if _tests_dropped_attribute(selector):
                    report.dropped_on_purpose.append(tinycss2.serialize(_strip(selector)))
                elif _selector_lives(selector, names, report):
                    live.append(selector)
            report.selectors_dropped += len(selectors) - len(live)
            if not live:
                report.rules_dropped += 1
                continue
            if len(live) < len(selectors):
                rule.prelude = _join_commas(live)
            kept.append(rule)
        elif isinstance(rule, ast.AtRule):
            keyword = rule.lower_at_keyword
            if keyword in _GROUPING:
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                inner = _trim_rules(inner, names, report)
                if not inner:
                    report.rules_dropped += 1
                    continue
                rule.content = _block_tokens(inner)
                kept.append(rule)
            elif keyword in _KEPT or keyword in _KEYFRAMES:
                kept.append(rule)
            else:
                raise CssTrimError(f"unknown at-rule @{rule.at_keyword} at line {rule.source_line}")
        else:
            raise CssTrimError(f"unexpected {rule.type} at line {rule.source_line}")
    return kept


def _selector_lives(tokens: list, names: UsedNames, report: TrimReport) -> bool:
    tokens = [t for t in tokens if not isinstance(t, ast.Comment)]
    for before, token in zip([None, *tokens], tokens):
        if isinstance(token, ast.IdentToken) and isinstance(before, ast.LiteralToken) and before.value == ".":
            if not names.has_class(token.value):
                report.dropped_classes.add(token.value)
                return False
        elif isinstance(token, ast.SquareBracketsBlock):
            attribute = _attribute_test(token)
            if attribute and not names.has_attribute(*attribute):
                return False
        elif isinstance(token, ast.FunctionBlock) and token.lower_name in _ANY_OF:
            if isinstance(before, ast.LiteralToken) and before.value == ":":
                options = _split_commas(token.arguments)
                if not any(_selector_lives(option, names, report) for option in options):
                    return False
    return True


def _tests_dropped_attribute(tokens: list) -> bool:
    """Whether the selector ``tokens`` tests one of ``DROPPED_ATTRIBUTES``, at any depth."""
    for token in tokens:
        if isinstance(token, ast.SquareBracketsBlock):
            parts = [t for t in token.content if not isinstance(t, (ast.WhitespaceToken, ast.Comment))]
            if parts and isinstance(parts[0], ast.IdentToken) and parts[0].lower_value in DROPPED_ATTRIBUTES:
                return True
        elif isinstance(token, ast.FunctionBlock) and _tests_dropped_attribute(token.arguments):
            return True
    return False


def _attribute_test(block: ast.SquareBracketsBlock) -> tuple[str, str] | None:
    """``("data-x", "y")`` for ``[data-x=y]`` or ``[data-x="y"]``; None for any other test."""
    parts = [t for t in block.content if not isinstance(t, (ast.WhitespaceToken, ast.Comment))]
    if (len(parts) == 3 and isinstance(parts[0], ast.IdentToken)
            and isinstance(parts[1], ast.LiteralToken) and parts[1].value == "="
            and isinstance(parts[2], (ast.IdentToken, ast.StringToken))):
        return parts[0].lower_value, parts[2].value
    return None


def _drop_properties(rules: list, used: set[str], report: TrimReport) -> list:
    kept = []
    for rule in rules:
        if isinstance(rule, ast.AtRule) and rule.lower_at_keyword in _GROUPING:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            inner = _drop_properties(inner, used, report)
            if not inner:
                continue
            rule.content = _block_tokens(inner)
        elif isinstance(rule, ast.QualifiedRule):
            declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            if any(not isinstance(d, ast.Declaration) for d in declarations):
                kept.append(rule)  # nested rules or errors: leave the block as it is
                continue
            live = [d for d in declarations if not d.name.startswith("--") or d.name in used]
            if len(live) < len(declarations):
                report.properties_dropped += len(declarations) - len(live)
                if not live:
                    report.rules_dropped += 1
                    continue
                rule.content = tinycss2.parse_component_value_list(";".join(_declaration(d) for d in live))
        kept.append(rule)
    return kept


def _drop_keyframes(rules: list, text: str, report: TrimReport) -> list:
    animations = " ".join(re.findall(r"animation(?:-name)?\s*:([^;}]*)", text))
    used = set(_WORD.findall(animations))
    kept = []
    for rule in rules:
        if isinstance(rule, ast.AtRule) and rule.lower_at_keyword in _KEYFRAMES:
            name = tinycss2.serialize(rule.prelude).strip()
            if name not in used:
                report.keyframes_dropped += 1
                continue
        kept.append(rule)
    return kept


def _declaration(declaration: ast.Declaration) -> str:
    value = tinycss2.serialize(declaration.value).strip()
    return f"{declaration.name}:{value}" + ("!important" if declaration.important else "")


def _split_commas(tokens: list) -> list[list]:
    parts: list[list] = [[]]
    for token in tokens:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [_strip(part) for part in parts if _strip(part)]


def _strip(tokens: list) -> list:
    tokens = list(tokens)
    while tokens and isinstance(tokens[0], ast.WhitespaceToken):
        tokens.pop(0)
    while tokens and isinstance(tokens[-1], ast.WhitespaceToken):
        tokens.pop()
    return tokens


def _join_commas(selectors: list[list]) -> list:
    joined: list = []
    for index, selector in enumerate(selectors):
        if index:
            joined.append(ast.LiteralToken(0, 0, ","))
        joined.extend(selector)
    return joined


def _block_tokens(rules: list) -> list:
    return tinycss2.parse_component_value_list(_serialize(rules))


def _serialize(rules: list) -> str:
    return "".join(rule.serialize() for rule in rules)
