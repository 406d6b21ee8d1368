"""What may stand in ``docs/``: pages, the site's own assets, and decision-record images.

MkDocs publishes every file under ``docs/`` as it is, from the site's own
origin. An ``.html`` or ``.js`` file placed beside the pages would be served
as live content, and a symbolic link would publish whatever it points at
(``/etc/passwd`` included). So ``docs/`` holds, and the build accepts, only:

- Markdown pages (``*.md``), checked for parity, front matter and spelling;
- the site's own assets in ``docs/assets/`` (stylesheets, scripts, the favicon),
  which come with the project's code and are reviewed as code; an SVG there
  passes the same sanitiser as a decision record's (``archbook.safety.svg_sanitise``),
  since it is served from the site's origin too;
- files in ``docs/adr/``, which the decision-record checks govern (pairs of
  records and sanitised images).

Anything else, and any symbolic link or file that is not a regular file, is
reported naming the file.
"""

from __future__ import annotations

from pathlib import Path

from archbook.safety.svg_sanitise import svg_problems

OWN_ASSETS = {
    "assets": {".svg"},                # the favicon
    "assets/stylesheets": {".css"},
    "assets/javascripts": {".js"},
}
"""Folders of the site's own assets, and the kinds of file each may hold."""

DELEGATED = ("adr",)
"""Folders whose non-page files another check governs (the ADR folder's images)."""


def docs_file_problems(docs_dir: Path) -> list[str]:
    """Every file under ``docs_dir`` that is not a page, an own asset or in a delegated folder."""
    problems = []
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        shown = path.relative_to(docs_dir.parent).as_posix()
        if rel.parts[0] in DELEGATED and len(rel.parts) > 1:
            continue  # the decision-record checks report these, links included
        if path.is_symlink():
            problems.append(f"{shown}: expected a file, got a symbolic link; copy the file in instead")
            continue
        if path.is_dir():
            continue
        if not path.is_file():
            problems.append(f"{shown}: expected a regular file")
            continue
        folder = rel.parent.as_posix()
        if path.suffix == ".md" and not folder.startswith("assets"):
            continue
        if path.suffix in OWN_ASSETS.get(folder, set()):
            if path.suffix == ".svg":  # served from the site's origin: a drawing only, like a record's SVG
                problems += [f"{shown}:{line}: expected {expected}, got {got}"
                             for line, expected, got in svg_problems(path.read_bytes())]
            continue
        problems.append(f"{shown}: expected a page (.md) or one of the site's own assets "
                        f"(docs/assets/stylesheets/*.css, docs/assets/javascripts/*.js); "
                        f"images belong to decision records in docs/adr/, diagrams are drawn from diagrams/")
    return problems
