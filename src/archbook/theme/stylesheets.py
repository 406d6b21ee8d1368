"""Replace the theme's stylesheets in a built site with trimmed copies.

Runs once after the whole site (every language) is written. Reads the pages,
scripts and stylesheets of ``site_dir``, trims Material's ``main`` and
``palette`` stylesheets with :mod:`archbook.theme.css_trim`, writes each under a new
content-hashed name, points every page at it and removes the original and its
source map (which no longer matches). The rules themselves are in
:mod:`archbook.theme.css_trim`; this module only moves files.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from archbook.theme.css_trim import CssTrimError, ThemeSettings, custom_properties_used, features_off, trim_stylesheet, used_names

#: The theme stylesheets that get trimmed, as ``assets/stylesheets/<name>.<hash>.min.css``.
THEME_SHEETS = ("main", "palette")
_SHEET = re.compile(r"assets/stylesheets/(%s)\.([0-9a-f]+)\.min\.css" % "|".join(THEME_SHEETS))


@dataclass(frozen=True)
class TrimmedSheet:
    old_name: str
    new_name: str
    bytes_before: int
    bytes_after: int
    gzip_before: int
    gzip_after: int

    def describe(self) -> str:
        return (f"{self.old_name} -> {self.new_name}: {self.bytes_before:,} -> {self.bytes_after:,} bytes, "
                f"gzip {self.gzip_before:,} -> {self.gzip_after:,}")


def trim_theme_stylesheets(site_dir: Path, settings: ThemeSettings) -> list[TrimmedSheet]:
    """Trim the theme stylesheets the pages of ``site_dir`` link to; return what changed."""
    html_files = sorted(site_dir.rglob("*.html"))
    pages = [path.read_text(encoding="utf-8") for path in html_files]
    linked = sorted({match.group(0) for page in pages for match in _SHEET.finditer(page)})
    names = {_SHEET.fullmatch(link).group(1) for link in linked}
    if names != set(THEME_SHEETS) or len(linked) != len(THEME_SHEETS):
        raise CssTrimError(f"expected the pages of {site_dir} to link one each of {THEME_SHEETS} "
                           f"stylesheets, found {linked or 'none'}")
    indexes = [path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("search_index.json"))]
    scripts = [path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.js"))]
    sheets = {link: site_dir / link for link in linked}
    stylesheets = {path: path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.css"))}
    used = used_names(pages + indexes, scripts, switched_off=features_off(settings))

    renames: dict[str, str] = {}
    results = []
    for link, path in sheets.items():
        before = stylesheets[path]
        # custom properties this sheet defines may be used by any other stylesheet
        elsewhere = custom_properties_used(text for other, text in stylesheets.items() if other != path)
        try:
            after = trim_stylesheet(before, replace(used, properties=used.properties | elsewhere)).css
        except CssTrimError as exc:
            raise CssTrimError(f"{link}: {exc}") from None
        name = _SHEET.fullmatch(link).group(1)
        digest = hashlib.sha256(after.encode()).hexdigest()[:8]
        new_link = f"assets/stylesheets/{name}.{digest}.min.css"
        (site_dir / new_link).write_text(after, encoding="utf-8")
        if new_link != link:
            path.unlink()
        Path(f"{path}.map").unlink(missing_ok=True)
        renames[Path(link).name] = Path(new_link).name
        results.append(TrimmedSheet(Path(link).name, Path(new_link).name, len(before.encode()),
                                    len(after.encode()), _gzip(before), _gzip(after)))
    pattern = re.compile("|".join(re.escape(old) for old in renames))
    for path, page in zip(html_files, pages):
        rewritten = pattern.sub(lambda m: renames[m.group(0)], page)
        if rewritten != page:
            path.write_text(rewritten, encoding="utf-8")
    return results


def _gzip(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6))
