"""Replace the theme's stylesheets in a built site with trimmed copies.

Runs once after the whole site (every language) is written. Reads the pages,
scripts and stylesheets of ``site_dir``, trims Material's ``main`` and
``palette`` stylesheets with :mod:`archbook.theme.css_trim`, writes each under a new
content-hashed name, points every page at it and removes the original and its
source map (which no longer matches). The rules themselves are in
:mod:`archbook.theme.css_trim`; this module only moves files.

It fails, naming the stylesheet, when there is nothing to act on: the pages
must link exactly one of each theme stylesheet, and the trim must drop
something from each (a sheet it cannot shorten means the names it tracks no
longer match Material's).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from archbook.core.remember import Remember, produce_again
from archbook.theme.css_trim import CssTrimError, ThemeSettings, custom_properties_used, features_off, trim_stylesheet, used_names
from archbook.theme.material import SEARCH_INDEX, SOURCE_MAP_SUFFIX, THEME_SHEET_LINK, THEME_SHEET_NAME, THEME_SHEETS


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


def trim_theme_stylesheets(site_dir: Path, settings: ThemeSettings, remember: Remember = produce_again) -> list[TrimmedSheet]:
    """Trim the theme stylesheets the pages of ``site_dir`` link to; return what changed.

    Each trimmed sheet is made through ``remember`` from everything it depends
    on (the sheet, the other sheets' custom properties, every page, index and
    script, the features switched off), so a build cache can hand back the
    trim of an unchanged site (``archbook.site.build_cache.remembered``).
    """
    html_files = sorted(site_dir.rglob("*.html"))
    pages = [path.read_text(encoding="utf-8") for path in html_files]
    linked = sorted({match.group(0) for page in pages for match in THEME_SHEET_LINK.finditer(page)})
    names = {THEME_SHEET_LINK.fullmatch(link).group(1) for link in linked}
    if names != set(THEME_SHEETS) or len(linked) != len(THEME_SHEETS):
        raise CssTrimError(f"expected the pages of {site_dir} to link one each of {THEME_SHEETS} "
                           f"stylesheets, found {linked or 'none'}")
    indexes = [path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob(PurePosixPath(SEARCH_INDEX).name))]
    scripts = [path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.js"))]
    sheets = {link: site_dir / link for link in linked}
    missing = [link for link, path in sheets.items() if not path.is_file()]
    if missing:
        raise CssTrimError(f"the pages of {site_dir} link {', '.join(missing)}, which the site does not have")
    stylesheets = {path: path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.css"))}
    switched_off = features_off(settings)
    used = functools.cache(lambda: used_names(pages + indexes, scripts, switched_off=switched_off))
    site = (str(len(pages)), *pages, str(len(indexes)), *indexes, *scripts, *switched_off)

    renames: dict[str, str] = {}
    results = []
    for link, path in sheets.items():
        before = stylesheets[path]
        # custom properties this sheet defines may be used by any other stylesheet
        elsewhere = custom_properties_used(text for other, text in stylesheets.items() if other != path)

        def trimmed(before=before, elsewhere=elsewhere) -> str:
            try:
                report = trim_stylesheet(before, replace(used(), properties=used().properties | elsewhere))
            except CssTrimError as exc:
                raise CssTrimError(f"{link}: {exc}") from None
            if not (report.rules_dropped or report.selectors_dropped or report.properties_dropped
                    or report.keyframes_dropped):
                raise CssTrimError(f"{link}: the trim found nothing to drop; the classes and attributes it "
                                   f"tracks (archbook.theme.material) no longer match the theme's stylesheet")
            return report.css

        after = remember("theme-css", (before, *sorted(elsewhere), *site), trimmed)
        name = THEME_SHEET_LINK.fullmatch(link).group(1)
        digest = hashlib.sha256(after.encode()).hexdigest()[:8]
        new_link = THEME_SHEET_NAME.format(name=name, digest=digest)
        (site_dir / new_link).write_text(after, encoding="utf-8")
        if new_link != link:
            path.unlink()
        Path(f"{path}{SOURCE_MAP_SUFFIX}").unlink(missing_ok=True)
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
