"""Write pages without the templates' indentation (archbook.theme.whitespace says why that is safe).

A page whose HTML is that of an earlier build gets that build's result from
the build cache (archbook.site.build_cache.remembered).
"""

import functools
from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.core.errors import build_step
from archbook.site.build_cache import cache_dir, remembered
from archbook.theme.whitespace import collapse_whitespace


@event_priority(-200)  # after every other hook and plugin has changed the page
@build_step("whitespace collapse failed")
def on_post_page(output, page, config):
    collapse = functools.partial(collapse_whitespace, output, page=f"docs/{page.file.src_uri}")
    return remembered(cache_dir(Path(config.config_file_path).parent), "whitespace", (output,), collapse)
