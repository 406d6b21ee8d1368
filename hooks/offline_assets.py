"""The offline build (ARCHBOOK_OFFLINE=true): a local worker shim, one inlined search index per language.

Does nothing in a normal build. See archbook.export.offline.
"""

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from archbook.core.errors import build_step
from archbook.core.languages import inner_language_build
from archbook.export.offline import offline_enabled, shim_files, use_local_shim, write_offline_indexes


@event_priority(50)  # before Material's offline plugin (0) would add its shim from unpkg.com
@build_step("offline build setup failed")
def on_config(config):
    use_local_shim(config)
    return config


@build_step("offline build setup failed")
def on_files(files, config):
    if offline_enabled(config):
        for site_path, source in shim_files().items():
            if files.get_file_from_path(site_path) is None:
                files.append(File.generated(config, site_path, abs_src_path=str(source)))
    return files


@event_priority(-350)  # after the search split (-200) and the Roman Urdu spellings (-250)
@build_step("offline search index failed")
def on_post_build(config):
    if inner_language_build(config) or not offline_enabled(config):
        return
    write_offline_indexes(Path(config.site_dir))
