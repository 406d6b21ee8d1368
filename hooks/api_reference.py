"""Render each object of the API reference once, not once per language or per build.

See archbook.site.api_reference; the theme's templates are compiled once into
the same build cache (archbook.site.build_cache). Each page's code line
anchors are numbered so that no two code blocks share an id (the signatures of
the reference pages all start at block 0), and its signatures are kept out of the
theme script's code block handling (archbook.site.api_reference.static_signatures).
"""

import functools
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocstrings_handlers.python import PythonHandler

from archbook.core.errors import build_step
from archbook.site.api_reference import (line_anchor_prefix, number_line_anchors, remember_renders,
                                         static_signatures, use_folder)
from archbook.site.build_cache import cache_dir, remembered


def _cache(config) -> Path:
    return cache_dir(Path(config.config_file_path).parent)


@build_step("the API reference cannot be rendered once for both languages")
def on_config(config):
    use_folder(_cache(config))
    remember_renders(PythonHandler)
    return config


def on_env(env, config, files):
    folder = _cache(config) / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env


@build_step("the API reference's signatures cannot be rewritten")
def on_page_content(html, page, config, files):
    html = static_signatures(html, f"docs/{page.file.src_uri}")
    prefix = line_anchor_prefix(config.mdx_configs.get("pymdownx.highlight"))
    if prefix is None or f"{prefix}-" not in html:
        return html
    return remembered(_cache(config), "line-anchors", (prefix, html), functools.partial(number_line_anchors, html, prefix))
