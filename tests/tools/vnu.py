"""Run the W3C Nu HTML Checker (vnu.jar) over a built site and list its errors.

Where it comes from (setup, not the tests): ``./run test`` installs Debian's
``default-jre-headless`` and runs ``scripts/fetch_vnu.py``, which puts the
pinned ``vnu-jar`` release at ``.cache/vnu/<version>/vnu.jar``. Errors only:
warnings and info messages are not the target.

Usage: python tests/tools/vnu.py SITE_DIR   (prints one line per error; exit 1 if any)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from fetch_vnu import JAR, VERSION  # noqa: E402  (the one home of the version and the path)

SETUP = "run the tests through ./run test, which installs it"


class VnuMissing(RuntimeError):
    """Java or the checker is not installed."""


@dataclass(frozen=True)
class Problem:
    file: str  # relative to the checked folder
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or '?'}: {self.message}"


def java() -> str:
    """The ``java`` to run the checker with."""
    found = shutil.which("java")
    if not found:
        raise VnuMissing(f"no java on PATH (Debian's default-jre-headless): {SETUP}")
    return found


def jar() -> Path:
    """The pinned ``vnu.jar``."""
    if not JAR.is_file():
        raise VnuMissing(f"{JAR.relative_to(ROOT)} is missing (vnu-jar {VERSION}): {SETUP} "
                         f"(or python3 scripts/fetch_vnu.py)")
    return JAR


def check(folder: Path) -> list[Problem]:
    """Every error the checker finds in the HTML files below ``folder`` (one run over all of them)."""
    folder = folder.resolve()
    result = subprocess.run(
        [java(), "-jar", str(jar()), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stdout or result.stderr)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"vnu exited {result.returncode} without a JSON report:\n"
                           f"{result.stdout[-2000:]}{result.stderr[-2000:]}") from None
    problems = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        path = url.removeprefix("file:")
        try:
            name = Path(path).resolve().relative_to(folder).as_posix()
        except ValueError:
            name = url
        problems.append(Problem(name, message.get("lastLine"), message.get("message", "")))
    if result.returncode not in (0, 1) or (result.returncode == 1 and not problems):
        raise RuntimeError(f"vnu exited {result.returncode}:\n{result.stderr[-2000:]}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    problems = check(Path(argv[0]))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} errors", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
