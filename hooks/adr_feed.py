"""Publish the decision records' Atom feed in each language's build and link it from the gallery's head.

* ``adr/feed.xml`` and ``ur-Latn/adr/feed.xml``: the records and their status
  changes in that language (``archbook.adr.feed.atom_feed``), generated in
  memory after mkdocs-static-i18n has picked the language's files;
* the gallery page gets ``<link rel="alternate" type="application/atom+xml">``
  in its head (``archbook.adr.feed.head_link``); the visible link under the
  gallery's table is part of the gallery macro.
"""

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from archbook.adr.feed import atom_feed, head_link
from archbook.adr.site import FEED_FILE, GALLERY_PAGE
from archbook.core.errors import build_step
from archbook.core.languages import ENGLISH, page_language
from archbook.site.model import site_model


def _language(config) -> tuple[str, str]:
    """The language of this build, and the folder of the site its files go to ("" or "ur-Latn/")."""
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None) or ENGLISH
    default = getattr(i18n, "default_language", None) or ENGLISH
    return lang, "" if lang == default else f"{lang}/"


def _is_gallery(page) -> bool:
    folder, _, name = page.file.src_uri.rpartition("/")
    return folder == GALLERY_PAGE.rsplit("/", 1)[0] and name in {"index.md", "index.ur-Latn.md"}


@event_priority(-110)  # after mkdocs-static-i18n (-100) has picked this language's files
@build_step("the decision-record feed could not be published")
def on_files(files, config):
    if not (Path(config.docs_dir) / GALLERY_PAGE).is_file():
        return files
    model = site_model(Path(config.config_file_path).parent)
    lang, prefix = _language(config)
    folder = prefix + GALLERY_PAGE.rsplit("/", 1)[0] + "/"
    xml = atom_feed(list(model.adr_records), model.adr_ui, lang, config.site_url, config.site_name,
                    config.use_directory_urls)
    files.append(File.generated(config, folder + FEED_FILE, content=xml))
    return files


@build_step("the decision-record feed could not be linked")
def on_post_page(output, page, config):
    if not _is_gallery(page):
        return output
    model = site_model(Path(config.config_file_path).parent)
    return head_link(output, model.adr_ui, page_language(page), config.site_name)
