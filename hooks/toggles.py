"""Drop the invalid ``autocomplete`` from the theme's page-wide toggles (archbook.theme.toggles says why)."""

from archbook.core.errors import build_step
from archbook.theme.toggles import drop_toggle_autocomplete


@build_step("theme toggles failed")
def on_post_page(output, page, config):
    return drop_toggle_autocomplete(output, page=f"docs/{page.file.src_uri}")


@build_step("theme toggles failed")
def on_post_template(output, template_name, config):
    if not template_name.endswith(".html"):
        return output  # sitemap.xml and the like
    return drop_toggle_autocomplete(output, page=template_name)
