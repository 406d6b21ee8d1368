"""Write the next-numbered ADR pair from ``docs/adr/template.md`` and its Roman Urdu twin."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from archbook.adr.model import CONCERNS
from archbook.adr.parse import ADR_FILE
from archbook.core.limits import MAX_ADR_BYTES
from archbook.core.textfiles import TextFileError, read_text
from archbook.core.errors import ArchbookError
from archbook.core.front_matter_split import split_front_matter_lines
from archbook.content.front_matter import TRANSLATION_KEY
from archbook.core.languages import TWIN_SUFFIX
from archbook.rules.curriculum import STEPS

TEMPLATE = "template.md"
TEMPLATE_TWIN = f"template{TWIN_SUFFIX}"


MAX_NUMBER = 9999
"""The highest number a record's four-digit file name can carry."""

MAX_TITLE_CHARS = 120
"""A title longer than this is a paragraph, not a decision's name."""


class ScaffoldError(ArchbookError, ValueError):
    """The pair cannot be written (bad option, missing template, file exists)."""


def next_number(adr_dir: Path) -> int:
    """One more than the highest ``NNNN`` among the ADR files (1 for an empty folder)."""
    numbers = [int(m.group("number")) for p in adr_dir.glob("*.md")
               if (m := ADR_FILE.match(p.name[: -len(TWIN_SUFFIX)] if p.name.endswith(TWIN_SUFFIX) else p.stem))]
    return max(numbers, default=0) + 1


def slugify(title: str, limit: int = 60) -> str:
    """``"Adopt pgvector for retrieval!"`` -> ``"adopt-pgvector-for-retrieval"``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r}: use some letters or digits")
    return slug


def _yaml_text(text: str) -> str:
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def front_matter_end(lines: list[str]) -> int:
    """The index in ``lines`` of the line that closes the template's front matter.

    The block is found as the page and ADR readers find it
    ([split_front_matter_lines][archbook.core.front_matter_split.split_front_matter_lines]):
    a first line ``---``, closed by ``---`` or ``...``.

    Raises:
        ScaffoldError: the template has no front matter, or it is not closed.
    """
    split = split_front_matter_lines(lines)
    if not split.present:
        raise ScaffoldError("the template has no front matter")
    if not split.closed:
        raise ScaffoldError("the template's front matter has no closing '---'")
    return split.body_start - 1


def fill_template(text: str, *, number: int, title: str, date: dt.date,
                  concerns: list[str] | None = None, step: int | None = None) -> str:
    """The template's text with the front matter and the H1 set for a new ADR."""
    values = {"number": str(number), "title": _yaml_text(title), "status": "proposed",
              "date": date.isoformat(), "supersedes": "[]", "superseded_by": "null"}
    if concerns:
        values["concerns"] = "[" + ", ".join(concerns) + "]"
    if step is not None:
        values["roadmap_step"] = str(step)
    lines = text.split("\n")
    end = front_matter_end(lines)
    for i in range(1, end):
        key = lines[i].split(":", 1)[0].strip()
        if key in values and not lines[i].startswith((" ", "\t", "#")):
            comment = re.search(r"\s+#\s.*$", lines[i]) if key not in {"title"} else None
            lines[i] = f"{key}: {values[key]}" + (comment.group(0) if comment else "")
    for i in range(end + 1, len(lines)):
        if re.match(r"^#\s.*\{\s*#adr\s*\}\s*$", lines[i]):
            lines[i] = f"# {' '.join(title.split())} {{ #adr }}"
            break
    else:
        raise ScaffoldError("the template has no '# ... { #adr }' heading")
    # A new twin translates nothing yet: the template twin's freshness mark stays behind.
    lines = [line for i, line in enumerate(lines)
             if not (0 < i < end and line.split(":", 1)[0] == TRANSLATION_KEY)]
    return "\n".join(lines)


def new_adr(adr_dir: Path, title: str, title_ur: str | None = None, concerns: list[str] | None = None,
            step: int | None = None, today: dt.date | None = None) -> tuple[Path, Path]:
    """Write ``NNNN-slug.md`` and ``NNNN-slug.ur-Latn.md`` from the template pair.

    Returns:
        The English file and its twin.

    Raises:
        ScaffoldError: unknown concern or step, missing template, or the files exist.
    """
    for label, text in (("title", title), ("--title-ur", title_ur)):
        if text is None:
            continue
        if not text.strip():
            raise ScaffoldError(f"the {label} is empty")
        if len(text) > MAX_TITLE_CHARS:
            raise ScaffoldError(f"the {label} has {len(text)} characters; expected at most {MAX_TITLE_CHARS}")
        odd = next((c for c in text if c in "<>{}`[]|" or unicodedata.category(c).startswith("C")), None)
        if odd is not None:
            raise ScaffoldError(f"the {label} holds {odd!r}; expected plain words (no markup, brackets "
                                "or control characters)")
    bad = [c for c in concerns or [] if c not in CONCERNS]
    if bad:
        raise ScaffoldError(f"unknown concern {bad[0]!r}; expected some of {', '.join(CONCERNS)}")
    if step is not None and step not in STEPS:
        raise ScaffoldError(f"unknown roadmap step {step}; expected one of {', '.join(map(str, STEPS))}")
    sources = (adr_dir / TEMPLATE, adr_dir / TEMPLATE_TWIN)
    for source in sources:
        if not source.is_file():
            raise ScaffoldError(f"the template {source} is missing")
    number = next_number(adr_dir)
    if number > MAX_NUMBER:
        raise ScaffoldError(f"no number is left: the highest record is already {MAX_NUMBER:04d}, "
                            "the largest a four-digit file name can carry")
    stem = f"{number:04d}-{slugify(title)}"
    targets = (adr_dir / f"{stem}.md", adr_dir / f"{stem}{TWIN_SUFFIX}")
    for target in targets:
        if target.exists():
            raise ScaffoldError(f"{target} already exists")
    date = today or dt.date.today()
    texts = []
    for source, text_title in zip(sources, (title, title_ur or title)):
        try:
            template = read_text(source, source.name, max_bytes=MAX_ADR_BYTES)
        except TextFileError as exc:
            raise ScaffoldError(exc.problems) from None
        texts.append(fill_template(template, number=number, title=text_title, date=date,
                                   concerns=list(dict.fromkeys(concerns or [])) or None, step=step))
    written: list[Path] = []
    try:  # both files or neither
        for target, text in zip(targets, texts):
            with target.open("x", encoding="utf-8") as handle:
                written.append(target)
                handle.write(text)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise ScaffoldError(f"cannot write {target}: {exc.strerror or exc}") from None
    return targets
