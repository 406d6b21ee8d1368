"""Make the hreflang alternates absolute (search engines ignore relative ones)."""

from archbook.theme.alternates import absolute_alternates


def on_post_page(output, page, config):
    if not page.canonical_url:
        return output
    return absolute_alternates(output, page.canonical_url)
