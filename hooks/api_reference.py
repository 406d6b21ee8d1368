"""Render each object of the API reference once, not once per language or per build.

See archbook.site.api_reference; the theme's templates are compiled once into
the same build cache (archbook.site.build_cache).
"""

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocstrings_handlers.python import PythonHandler

from archbook.core.errors import build_step
from archbook.site.api_reference import remember_renders, use_folder
from archbook.site.build_cache import cache_dir


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
