"""Publish what a large decision-record gallery loads beside its page, in each language's build.

* ``adr/catalog.json``: every record in the build's language; ``adr-gallery.js``
  fetches it when the reader filters a gallery of more than
  ``archbook.adr.site.GALLERY_ROWS`` records (the page's table holds only the first ones).
* ``adr/records-1.html``, ``records-2.html`` ...: the plain list of every record,
  the gallery's way in without JavaScript; only when the gallery holds more than
  ``GALLERY_ROWS`` records.

The files are generated in memory (nothing is written into docs/), after
mkdocs-static-i18n has picked the language's files, so the Roman Urdu build
publishes its own under ``ur-Latn/adr/``.
"""

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from archbook.adr.site import CATALOG_FILE, GALLERY_PAGE, LIST_FILE, catalog_json, list_pages, records_list_html
from archbook.core.errors import build_step
from archbook.core.languages import ENGLISH
from archbook.site.model import site_model


def _language(config) -> tuple[str, str]:
    """The language of this build, and the folder of the site its files go to ("" or "ur-Latn/")."""
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None) or ENGLISH
    default = getattr(i18n, "default_language", None) or ENGLISH
    return lang, "" if lang == default else f"{lang}/"


@event_priority(-110)  # after mkdocs-static-i18n (-100) has picked this language's files
@build_step("the decision-record catalogue could not be published")
def on_files(files, config):
    if not (Path(config.docs_dir) / GALLERY_PAGE).is_file():
        return files
    model = site_model(Path(config.config_file_path).parent)
    records, ui = list(model.adr_records), model.adr_ui
    lang, prefix = _language(config)  # mkdocs-static-i18n keeps one site_dir and prefixes the paths
    folder = prefix + GALLERY_PAGE.rsplit("/", 1)[0] + "/"
    files.append(File.generated(config, folder + CATALOG_FILE,
                                content=catalog_json(records, ui, lang, config.use_directory_urls)))
    for page in range(1, list_pages(records) + 1):
        html = records_list_html(records, ui, lang, page, config.site_name, config.use_directory_urls)
        files.append(File.generated(config, folder + LIST_FILE.format(page=page), content=html))
    return files
