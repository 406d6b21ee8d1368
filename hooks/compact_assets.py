"""Ship the site's own stylesheets and scripts compacted; docs/assets keeps the readable sources."""

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from archbook.asset_compaction import AssetCompactionError, compact_site_assets
from archbook.languages import inner_language_build

log = logging.getLogger("mkdocs.hooks.compact_assets")


@event_priority(-300)  # once, after every language is written
def on_post_build(config):
    if inner_language_build(config):
        return  # an inner, per-language build; the outer one compacts the shared assets
    try:
        assets = compact_site_assets(Path(config.site_dir), Path(config.docs_dir))
    except AssetCompactionError as exc:
        raise PluginError(f"asset compaction failed:\n  {exc}") from None
    before, after = sum(a.gzip_before for a in assets), sum(a.gzip_after for a in assets)
    log.info("own assets compacted: %d files, gzip %s -> %s bytes", len(assets), f"{before:,}", f"{after:,}")
