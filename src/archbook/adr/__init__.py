"""Architecture Decision Records: the format, its validator, the scaffold and the site furniture.

* `model`: the front matter (pydantic), the required sections,
  and the words the site shows (``data/adr_ui.yml``);
* `parse`: read one ADR file with the line of every key and heading;
* `validate`: every problem, as ``file:line: field: expected X, got Y``;
* `site`: gallery, status badge, related decisions, safe Markdown;
* `scaffold`: the next-numbered pair from the template;
* `cli`: the ``adr-new`` and ``adr-check`` commands.
"""
