"""Make the hreflang alternates absolute (search engines ignore relative ones)."""

from archbook.core.errors import ArchbookError, build_step
from archbook.theme.alternates import absolute_alternates


@build_step("hreflang alternates failed")
def on_post_page(output, page, config):
    expected = len(config.extra.get("alternate") or ())  # the theme writes one link per entry
    if not page.canonical_url:
        if expected:
            raise ArchbookError(f"docs/{page.file.src_uri}: no canonical URL (site_url) to make "
                                f"the hreflang alternates absolute against")
        return output
    return absolute_alternates(output, page.canonical_url, expected=expected, page=f"docs/{page.file.src_uri}")
