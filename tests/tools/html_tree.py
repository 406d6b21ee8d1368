"""One reader of the HTML the widgets render, shared by the widget tests: elements, text, nesting."""

from __future__ import annotations

from html.parser import HTMLParser


class HtmlTree(HTMLParser):
    """Elements with their attributes and text; fails on a tag closed out of order."""

    VOID = {"input", "br", "img", "hr", "meta", "link"}

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(markup: str) -> HtmlTree:
    """``markup`` read into an [HtmlTree][], every element closed in order."""
    tree = HtmlTree()
    tree.feed(markup)
    tree.close()
    assert tree.stack == [], f"unclosed: {tree.stack}"
    return tree
