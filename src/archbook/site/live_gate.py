"""The live-markup gate over every published page, remembering the pages it has passed.

``archbook.safety.markup_policy.live_markup`` reads a whole page
with Python's HTML parser, about a tenth of a second per page. A page whose
exact bytes passed under the same gate code and the same theme scripts
passes again without being read: the digests of passed pages are kept in the
build cache (``archbook.site.build_cache``). A page that fails is read every
time.
"""

from __future__ import annotations

from pathlib import Path

from archbook.safety.markup_policy import live_markup, theme_scripts
from archbook.site.build_cache import VerifiedSet, cache_dir, code_version, digest


class LiveGate:
    def __init__(self, root: Path, template_dirs: tuple[str, ...]):
        self.scripts = theme_scripts(template_dirs)
        version = digest(code_version(), *(pattern.pattern for pattern in self.scripts))
        self.passed = VerifiedSet(cache_dir(root), "live-markup", version)

    def findings(self, html: str) -> list[str]:
        """What in ``html`` could run script or load from elsewhere (empty for a clean page)."""
        key = digest(html)
        if key in self.passed:
            return []
        found = live_markup(html, self.scripts)
        if not found:
            self.passed.add(key)
        return found

    def save(self) -> None:
        self.passed.save()


_GATES: dict[tuple[Path, tuple[str, ...]], LiveGate] = {}


def gate_for(root: Path, template_dirs: tuple[str, ...]) -> LiveGate:
    """The gate of this project and theme, one per process."""
    key = (root.resolve(), template_dirs)
    if key not in _GATES:
        _GATES[key] = LiveGate(root, template_dirs)
    return _GATES[key]
