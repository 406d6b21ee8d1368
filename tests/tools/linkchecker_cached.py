"""Run LinkChecker unchanged in what it checks, with two caches that make it fast.

LinkChecker treats ``page/#a`` and ``page/#b`` as separate URLs: for each one
it downloads the page, parses it with BeautifulSoup, and walks every element
(computing each element's full text) to find links and anchors. A built page of
this site has dozens of anchors, so the same page was parsed and walked dozens
of times: 7.7 minutes for about 3,500 URLs. Here the parsed page is reused when
the downloaded bytes are identical, and the list of links found in a parsed
page is reused for every callback that asks for the same kind of tags. The
checks, the configuration and the report are LinkChecker's own.

Usage: python tests/tools/linkchecker_cached.py [linkchecker arguments]
"""

from __future__ import annotations

import functools
import hashlib
import sys

import linkcheck.htmlutil.htmlsoup as htmlsoup
import linkcheck.htmlutil.linkparse as linkparse

_make_soup = htmlsoup.make_soup
_find_links = linkparse.find_links


@functools.lru_cache(maxsize=1024)
def _soup(digest: str, markup, from_encoding):
    return _make_soup(markup, from_encoding=from_encoding)


def make_soup(markup, from_encoding=None):
    data = markup if isinstance(markup, bytes) else markup.encode("utf-8", "surrogatepass")
    return _soup(hashlib.sha256(data).hexdigest(), markup, from_encoding)


_found: dict[tuple[int, int], tuple[object, list]] = {}


def find_links(soup, callback, tags):
    key = (id(soup), id(tags))
    entry = _found.get(key)
    if entry is None or entry[0] is not soup:
        calls: list = []
        _find_links(soup, lambda url, **where: calls.append((url, where)), tags)
        entry = _found[key] = (soup, calls)
    for url, where in entry[1]:
        callback(url, **where)


htmlsoup.make_soup = make_soup
linkparse.find_links = find_links

if __name__ == "__main__":
    from linkcheck.command.linkchecker import linkchecker

    sys.exit(linkchecker())
