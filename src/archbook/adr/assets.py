"""What ``docs/adr/`` may hold besides the records, and how their images reach both languages.

The folder holds decision records (``NNNN-slug.md`` and its
``NNNN-slug.ur-Latn.md`` twin), the gallery and template pages
(``index.md``, ``template.md`` and their twins) and images only: ``.png``,
``.jpg``, ``.jpeg``, ``.webp`` and ``.svg`` files of at most
``limits.MAX_IMAGE_BYTES`` whose content matches their extension, SVGs passing
``archbook.safety.svg_sanitise``. Anything else (``.html``, ``.js``, ``.css``,
folders, symbolic links, hidden files) is refused by
[folder_problems][archbook.adr.assets.folder_problems], which
``adr-check`` and the build both run through ``check_tree``. The ``.md``
names themselves are checked with the records (file name, twin).

[document_problems][archbook.adr.assets.document_problems] adds the checks
of one record that go beyond the body rules of ``archbook.adr.validate``:
every image has alt text (1 to ``limits.MAX_ALT_CHARS`` characters) and is a
file of this folder; braces outside code form no attribute list; the front
matter's text follows the same inline allow-list as data fields
(``archbook.safety.markup_policy``).

[add_shared_images][archbook.adr.assets.add_shared_images] lets both twins
show one image: ``![Alt](diagram.png)`` works from ``NNNN-x.md`` and from
``NNNN-x.ur-Latn.md`` without a ``diagram.ur-Latn.png`` copy.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from archbook.adr.parse import AdrDocument
from archbook.adr.problem import Problem
from archbook.core.limits import MAX_IMAGE_BYTES
from archbook.safety.markup_policy import EXPECTED_ALT, alt_problem, find_links, inline_findings
from archbook.safety.svg_sanitise import image_problems

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".svg")
"""The image files a decision record may show, by extension (lower case)."""

EXPECTED_FILE = ("only decision records (NNNN-slug.md and NNNN-slug.ur-Latn.md), index and template pages, "
                 "and images (.png, .jpg, .jpeg, .webp, .svg)")


def _problem(file: str, line: int, field: str, expected: str, got: str) -> Problem:
    return Problem(file, line, field, expected, got)


def _show(value: str, width: int = 80) -> str:
    value = " ".join(value.split())
    return "'" + (value if len(value) <= width else value[:width - 3] + "...") + "'"


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def is_image_name(name: str) -> bool:
    """Is ``name`` an image file name the folder may hold (``diagram.png``)?"""
    return name.endswith(IMAGE_SUFFIXES) and not name.startswith(".") and "/" not in name and "\\" not in name


# --- the folder ---------------------------------------------------------------------------

def folder_problems(adr_dir: Path, root: Path) -> list:
    """Every entry of ``adr_dir`` that is not a record, a page or a clean image, as Problems."""
    problems = []
    try:
        entries = sorted(os.scandir(adr_dir), key=lambda entry: entry.name)
    except OSError as exc:
        return [_problem(_rel(adr_dir, root), 1, "folder", "a readable folder of ADRs", exc.strerror or str(exc))]
    for entry in entries:
        path = Path(entry.path)
        name = _rel(adr_dir, root) + "/" + entry.name
        if entry.is_symlink():
            problems.append(_problem(name, 1, "file", "a file (copy it in)", "a symbolic link"))
        elif entry.is_dir(follow_symlinks=False):
            problems.append(_problem(name, 1, "file", EXPECTED_FILE + ", no folders", "a folder"))
        elif not entry.is_file(follow_symlinks=False):
            problems.append(_problem(name, 1, "file", "a regular file", "a special file"))
        elif entry.name.endswith(".md") and not entry.name.startswith("."):
            continue  # records and pages: their names and contents are checked with the records
        elif is_image_name(entry.name):
            problems += image_file_problems(path, name)
        else:
            problems.append(_problem(name, 1, "file", EXPECTED_FILE, _show(entry.name)))
    return problems


def image_file_problems(path: Path, name: str) -> list:
    """Size, format and (for SVG) content of one image file."""
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return [_problem(name, 1, "image", f"at most {MAX_IMAGE_BYTES // 1024} KiB (limits.MAX_IMAGE_BYTES)",
                         f"{size / 1024:,.0f} KiB")]
    field = "svg" if name.endswith(".svg") else "image"
    return [_problem(name, line, field, expected, got) for line, expected, got in image_problems(name, path.read_bytes())]


# --- one record ---------------------------------------------------------------------------

_REF_IMAGE = re.compile(r"!\[[^\]]*\]\s?\[[^\]]*\]")
_BRACES = re.compile(r"\{[^{}\n]*\}")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%")  # reported as template syntax
_HEADING_ANCHOR = re.compile(r"\s*\{[^{}]*\}\s*$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _reported_by_body_rules(content: str, whole: str) -> bool:
    """Would ``archbook.adr.validate.safety_problems`` already report this brace group?"""
    content = content.strip()
    return (content.startswith(("#", ".", ":")) or "=" in content or whole.startswith("{:")
            or whole.startswith(("{{", "{%")))


def _outside_folder(target: str) -> bool:
    """Targets the body rules already refuse as 'an image file inside docs/adr/'."""
    return bool(_SCHEME.match(target) or target.startswith(("/", "\\"))
                or ".." in target.replace("\\", "/").split("/"))


def document_problems(doc: AdrDocument) -> list:
    """Images (alt text, a file of the folder), stray braces and front-matter markup of one record."""
    problems = []
    heading_lines = {h.line for h in doc.headings}
    folder = doc.path.parent
    for line in doc.body:
        if line.in_code:
            continue
        prose = line.prose
        if line.number in heading_lines:
            prose = _HEADING_ANCHOR.sub("", prose)  # the heading's anchor is checked with the heading
        for group in _BRACES.finditer(_TEMPLATE.sub(lambda m: " " * len(m.group(0)), prose)):
            if not _reported_by_body_rules(group.group(0)[1:-1], group.group(0)):
                problems.append(_problem(doc.name, line.number, "body",
                                         "no attribute lists (only heading anchors)", _show(group.group(0))))
        for image in _REF_IMAGE.finditer(prose):
            problems.append(_problem(doc.name, line.number, "image", "an inline image ![alt](file.png)",
                                     _show(image.group(0))))
        for link in find_links(prose):
            if not link.image:
                continue
            alt = alt_problem(link.label)
            if alt:
                problems.append(_problem(doc.name, line.number, "image", EXPECTED_ALT, alt))
            target = link.target.strip().strip("<>").split("#")[0].split("?")[0]
            if _outside_folder(link.target.strip().strip("<>")):
                continue  # reported by the body rules
            if not is_image_name(target):
                problems.append(_problem(doc.name, line.number, "image",
                                         "an image file in docs/adr/ (.png, .jpg, .jpeg, .webp or .svg)",
                                         _show(link.target)))
            elif not (folder / target).is_file():
                problems.append(_problem(doc.name, line.number, "image",
                                         f"an image file next to the record ({target} in docs/adr/)",
                                         "nothing (the file is missing)"))
    problems += _front_matter_problems(doc)
    return problems


_ALREADY_CHECKED = {"html", "template"}  # meta_problems reports HTML tags and '{{' in front matter


def _strings(value, path: tuple):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))


def _front_matter_problems(doc: AdrDocument) -> list:
    data = doc.front.data
    if not isinstance(data, dict):
        return []
    problems = []
    for key, value in data.items():
        for path, text in _strings(value, (key,)):
            findings = [f for f in inline_findings(text) if f.kind not in _ALREADY_CHECKED]
            if findings:
                line = doc.front.value_lines.get(path, doc.front.line_of(str(key)))
                problems.append(_problem(doc.name, line, str(key), findings[0].expected, findings[0].got))
    return problems


# --- the build: one image for both twins ------------------------------------------------------

def add_shared_images(files, config, folder: str = "adr"):
    """Add the images of ``docs/<folder>/`` to a build of another language than the default.

    mkdocs-static-i18n (``docs_structure: suffix``, ``fallback_to_default:
    false``) leaves a file without a language suffix out of the Roman Urdu
    build, so ``![Alt](diagram.png)`` in a ``.ur-Latn.md`` record found no
    file. The image is added back, published once at its default-language
    address (``adr/diagram.png``) and linked from both twins; a
    ``diagram.ur-Latn.png`` next to it still takes precedence.
    """
    i18n = config.plugins.get("i18n")
    if i18n is None or getattr(i18n, "current_language", None) in (None, getattr(i18n, "default_language", None)):
        return files
    from mkdocs.structure.files import File
    from mkdocs_static_i18n.suffix import create_i18n_file

    docs_dir = Path(config.docs_dir)
    present = {file.src_uri for file in files}
    current = i18n.current_language
    source = docs_dir / folder
    if not source.is_dir():
        return files
    for path in sorted(source.iterdir()):
        if not is_image_name(path.name) or path.is_symlink() or not path.is_file():
            continue
        stem, suffix = path.name.rsplit(".", 1)
        if "." in stem and stem.rsplit(".", 1)[1] in i18n.all_languages:
            continue  # diagram.ur-Latn.png: a language's own copy, which the plugin handles
        src_uri = f"{folder}/{path.name}"
        if src_uri in present or f"{folder}/{stem}.{current}.{suffix}" in present:
            continue
        file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
        files.append(create_i18n_file(file, i18n.default_language, i18n.default_language,
                                      i18n.all_languages, config))
    return files

