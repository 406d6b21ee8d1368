"""Ship the site's own stylesheets and scripts without comments and indentation.

``docs/assets`` keeps them readable, with comments that explain each rule and
function; readers download the compact copies. Stylesheets are re-serialised
by tinycss2 without comment and whitespace tokens (the rules themselves are
untouched); scripts go through rJSmin, which removes comments and whitespace
only where JavaScript's grammar allows it. Theme files are Material's and
already minified; :mod:`archbook.theme.stylesheets` deals with its stylesheets.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

import rjsmin
import tinycss2
from tinycss2 import ast

from archbook.core.errors import ArchbookError


class AssetCompactionError(ArchbookError, ValueError):
    """An asset could not be compacted without changing what it means."""


def compact_css(text: str) -> str:
    """``text`` without comments and without whitespace between rules and declarations."""
    _check_braces(text)
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if isinstance(rule, ast.ParseError):
            raise AssetCompactionError(f"line {rule.source_line}: {rule.message}")
    return "".join(_compact_rule(rule) for rule in rules) + "\n"


_STRING_OR_COMMENT = re.compile(r'/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)


def _check_braces(text: str) -> None:
    """CSS closes an unclosed block at the end of the file; here it is a mistake to report."""
    blanked = _STRING_OR_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    open_lines: list[int] = []
    for line_number, line in enumerate(blanked.splitlines(), start=1):
        for char in line:
            if char == "{":
                open_lines.append(line_number)
            elif char == "}":
                if not open_lines:
                    raise AssetCompactionError(f"line {line_number}: '}}' closes nothing")
                open_lines.pop()
    if open_lines:
        raise AssetCompactionError(f"line {open_lines[-1]}: '{{' is never closed")


def _compact_rule(rule) -> str:
    if isinstance(rule, ast.QualifiedRule):
        return _tokens(rule.prelude) + "{" + _declarations(rule.content) + "}"
    if rule.content is None:  # @import and friends
        return rule.serialize()
    inner = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    if any(isinstance(node, ast.QualifiedRule) for node in inner):  # @media, @supports: nested rules
        body = "".join(_compact_rule(node) for node in inner if not isinstance(node, ast.ParseError))
    else:  # @font-face and other declaration blocks
        body = _declarations(rule.content)
    prelude = _tokens(rule.prelude)
    return "@" + rule.at_keyword + (" " + prelude if prelude else "") + "{" + body + "}"


def _declarations(content: list) -> str:
    parts = []
    for node in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if isinstance(node, ast.Declaration):
            parts.append(f"{node.name}:{_tokens(node.value)}" + ("!important" if node.important else ""))
        elif isinstance(node, ast.ParseError):
            raise AssetCompactionError(f"line {node.source_line}: {node.message}")
        else:  # a nested rule (CSS nesting)
            parts.append(_compact_rule(node))
    return ";".join(parts)


def _tokens(tokens: list) -> str:
    """Serialise tokens with each run of whitespace (comments included) reduced to one space."""
    out: list = []
    for token in tokens:
        if isinstance(token, (ast.WhitespaceToken, ast.Comment)):
            if out and not isinstance(out[-1], ast.WhitespaceToken):
                out.append(ast.WhitespaceToken(0, 0, " "))
        else:
            out.append(token)
    while out and isinstance(out[0], ast.WhitespaceToken):
        out.pop(0)
    while out and isinstance(out[-1], ast.WhitespaceToken):
        out.pop()
    return tinycss2.serialize(out)


def compact_js(text: str) -> str:
    """``text`` through rJSmin, keeping ``/*! ... */`` licence comments."""
    return rjsmin.jsmin(text, keep_bang_comments=True) + "\n"


@dataclass(frozen=True)
class CompactedAsset:
    path: str
    gzip_before: int
    gzip_after: int


def compact_site_assets(site_dir: Path, docs_dir: Path) -> list[CompactedAsset]:
    """Compact, in ``site_dir``, every ``.css`` and ``.js`` file that came from ``docs_dir``.

    Finding none is an error: the site ships its own stylesheets and scripts.
    """
    results = []
    for source in sorted(docs_dir.rglob("*")):
        compact = {".css": compact_css, ".js": compact_js}.get(source.suffix)
        if compact is None or not source.is_file():
            continue
        relative = source.relative_to(docs_dir).as_posix()
        target = site_dir / relative
        if not target.exists():
            continue  # excluded from the site
        before = target.read_text(encoding="utf-8")
        try:
            after = compact(before)
        except AssetCompactionError as exc:
            raise AssetCompactionError(f"{relative}: {exc}") from None
        target.write_text(after, encoding="utf-8")
        results.append(CompactedAsset(relative, _gzip(before), _gzip(after)))
    if not results:
        raise AssetCompactionError(f"{site_dir}: found none of the stylesheets and scripts of {docs_dir} "
                                   f"to compact")
    return results


def _gzip(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6))
