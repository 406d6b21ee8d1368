"""Ship the site's own stylesheets and scripts compacted; docs/assets keeps the readable sources."""

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.theme.asset_compaction import compact_site_assets
from archbook.core.errors import build_step
from archbook.core.languages import inner_language_build

log = logging.getLogger("mkdocs.hooks.compact_assets")


@event_priority(-300)  # once, after every language is written
@build_step("asset compaction failed")
def on_post_build(config):
    if inner_language_build(config):
        return  # an inner, per-language build; the outer one compacts the shared assets
    assets = compact_site_assets(Path(config.site_dir), Path(config.docs_dir))
    before, after = sum(a.gzip_before for a in assets), sum(a.gzip_after for a in assets)
    log.info("own assets compacted: %d files, gzip %s -> %s bytes", len(assets), f"{before:,}", f"{after:,}")
