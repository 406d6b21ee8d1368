"""Shapes the diagrams share.

A diagram module imports them by name (``from _shapes import box``): the build
puts this folder on the import path while it loads a diagram. A change here
redraws every diagram, because helper files are part of each cache key.
"""

from functools import partial

from diagrams import Node

PLAIN_BOX = {"shape": "box", "style": "rounded,filled", "fillcolor": "#eef2f7", "color": "#7b8894",
             "fixedsize": "false", "width": "1.6", "height": "0.7", "labelloc": "c",
             "margin": "0.15,0.08"}
"""Graphviz attributes of :func:`box`; any of them can be overridden per call."""


def box(text, **attrs):
    """A plain rounded box: no icon, so it adds almost nothing to the SVG."""
    return Node(text, **{**PLAIN_BOX, **attrs})


def box_with(**defaults):
    """``box`` with other defaults for one diagram: ``box = box_with(width="1.8")``."""
    return partial(box, **defaults)
