"""Fetch the W3C Nu HTML Checker (``vnu.jar``) that tests/test_html_valid.py runs.

Usage: python3 scripts/fetch_vnu.py   (``./run test`` calls it)

Standard library only, so it runs on a bare Debian before anything else is
installed (no curl, no npm). It downloads the pinned ``vnu-jar`` tarball from
the npm registry, checks it against the registry's pinned sha512 integrity,
and unpacks ``vnu.jar`` to ``.cache/vnu/<version>/vnu.jar``; when that file is
already there it does nothing. A proxy in ``https_proxy`` is used, and the
certificates are the system's (Debian's ca-certificates), as for apt and pip.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

VERSION = "26.9.27"
URL = f"https://registry.npmjs.org/vnu-jar/-/vnu-jar-{VERSION}.tgz"
INTEGRITY = "sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA=="
"""``npm view vnu-jar@26.9.27 dist.integrity``: base64 of the tarball's SHA-512."""
MEMBER = "package/build/dist/vnu.jar"
ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / ".cache" / "vnu" / VERSION / "vnu.jar"


def integrity_of(data: bytes) -> str:
    """The npm ``integrity`` string (``sha512-<base64>``) of ``data``."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def unpack_jar(tarball: bytes, target: Path) -> None:
    """Check ``tarball`` against ``INTEGRITY`` and write its ``vnu.jar`` to ``target`` (atomically)."""
    found = integrity_of(tarball)
    if found != INTEGRITY:
        raise SystemExit(f"fetch_vnu: {URL} does not match the pinned integrity\n"
                         f"  expected {INTEGRITY}\n  got      {found}")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        try:
            member = archive.extractfile(MEMBER)
        except KeyError:
            member = None
        if member is None:
            raise SystemExit(f"fetch_vnu: {URL} has no {MEMBER}")
        jar = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as partial:
        partial.write(jar)
    os.chmod(partial.name, 0o644)  # a temporary file is created private
    os.replace(partial.name, target)


def main() -> int:
    if JAR.is_file():
        return 0
    print(f"==> fetching vnu-jar {VERSION} (the W3C HTML checker) into {JAR.relative_to(ROOT)}", file=sys.stderr)
    try:
        with urllib.request.urlopen(URL, timeout=120) as response:
            tarball = response.read()
    except OSError as exc:
        raise SystemExit(f"fetch_vnu: cannot download {URL}: {exc}") from None
    unpack_jar(tarball, JAR)
    return 0


if __name__ == "__main__":
    sys.exit(main())
