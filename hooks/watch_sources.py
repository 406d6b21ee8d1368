"""`mkdocs serve` rebuilds when any source of the site changes, not only docs/."""

from pathlib import Path

WATCHED = ("data", "diagrams", "exercises", "src")  # docs/, mkdocs.yml and the theme are watched already


def on_serve(server, config, builder):
    root = Path(config.config_file_path).parent
    for folder in WATCHED:
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server
