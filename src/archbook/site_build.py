"""Build the static site for deployment, all or nothing.

``python -m archbook.site_build DIR`` runs a strict MkDocs build into a fresh
temporary folder beside ``DIR`` and only on success swaps it into place, so a
failed build (bad data, broken diagram, missing translation) never leaves a
half-built site where a deploy step could pick it up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build_site(target: Path, root: Path | None = None) -> int:
    """Strict build into ``target``; returns the build's exit status."""
    root = (root or Path.cwd()).resolve()
    target = target if target.is_absolute() else root / target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)]
    status = subprocess.call(command, cwd=root, env=env)
    if status != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed; {target} left as it was", file=sys.stderr)
        return status
    staging.chmod(0o755)
    if target.exists():
        retired = target.with_name(f".{target.name}-old")
        shutil.rmtree(retired, ignore_errors=True)
        target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(target)
    print(f"site built in {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(build_site(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
