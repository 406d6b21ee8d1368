"""Is an image file what its name says, and is an SVG only a drawing?

Images placed beside the decision records are published from the site's
own origin, so an SVG there could run script in the reader's browser. Every
SVG passes an allow-list of elements and attributes or is refused, naming
the element and its line: no ``<script>``, ``<foreignObject>``, animation,
links, ``on*`` handlers or styles that load anything; ``href`` only to a
``#fragment`` of the same file or an inlined PNG, JPEG or WebP
(``data:image/png;base64,...``); no DOCTYPE or entity declarations (the
"billion laughs" XML bomb), rejected before the XML is parsed. PNG, JPEG
and WebP files must start with their format's signature.

[image_problems][archbook.safety.svg_sanitise.image_problems] is the entry point:
file name and bytes in, ``(line, expected, got)`` out (empty: the image may
be published).
"""

from __future__ import annotations

import re
from xml.parsers import expat

SIGNATURES = {
    ".png": ("PNG", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPEG", lambda data: data.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("JPEG", lambda data: data.startswith(b"\xff\xd8\xff")),
    ".webp": ("WebP", lambda data: len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP"),
}
"""The raster formats allowed, by extension: name and a test of the file's first bytes."""

SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "symbol", "use", "switch",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "image", "style",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feDropShadow",
    "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode",
    "feMorphology", "feOffset", "feTile", "feTurbulence",
})
"""Drawing elements an SVG may use. Not: script, foreignObject, a, animate*, set, iframe, metadata..."""

SVG_ATTRIBUTES = frozenset({
    # structure and accessibility
    "id", "class", "style", "lang", "xml:lang", "xml:space", "role", "tabindex", "focusable",
    "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-roledescription",
    "version", "baseProfile", "xmlns", "xmlns:xlink", "xmlns:svg",
    "viewBox", "preserveAspectRatio", "width", "height", "x", "y", "transform",
    "href", "xlink:href", "xlink:title",
    # shapes
    "d", "pathLength", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "points",
    # text
    "dx", "dy", "rotate", "textLength", "lengthAdjust", "font-family", "font-size", "font-size-adjust",
    "font-stretch", "font-style", "font-variant", "font-weight", "text-anchor", "text-decoration",
    "text-rendering", "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing",
    "word-spacing", "writing-mode", "direction", "unicode-bidi", "startOffset", "method", "spacing", "side",
    # painting
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity",
    "color", "display", "visibility", "overflow", "clip", "clip-path", "clip-rule", "mask", "filter",
    "marker-start", "marker-mid", "marker-end", "paint-order", "vector-effect", "shape-rendering",
    "image-rendering", "color-interpolation", "color-interpolation-filters", "mix-blend-mode", "isolation",
    # gradients, patterns, markers, clips, masks
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
    "fx", "fy", "fr", "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits",
    "maskUnits", "maskContentUnits", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient",
    # filters
    "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "operator",
    "k1", "k2", "k3", "k4", "values", "type", "tableValues", "slope", "intercept", "amplitude", "exponent",
    "flood-color", "flood-opacity", "lighting-color", "radius", "baseFrequency", "numOctaves", "seed",
    "stitchTiles", "edgeMode",
    # switch
    "requiredFeatures", "requiredExtensions", "systemLanguage",
    # <style>
    "media",
})
"""Attributes an SVG element may carry. Never: on* handlers, xml:base, external references."""

NAMESPACES = {
    "xmlns": "http://www.w3.org/2000/svg",
    "xmlns:svg": "http://www.w3.org/2000/svg",
    "xmlns:xlink": "http://www.w3.org/1999/xlink",
}

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.I)
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|webp);base64,[A-Za-z0-9+/=\s]*$", re.I)
_URL = re.compile(r"url\s*\(\s*(['\"]?)\s*(.*?)\s*\1\s*\)", re.I | re.S)
_CSS_DANGER = re.compile(r"@import|@namespace|@font-face|expression\s*\(|behavior\s*:|-moz-binding|javascript:"
                         r"|vbscript:|\\", re.I)

Problem = tuple[int, str, str]
"""``(line, expected, got)``."""

EXPECTED_ELEMENT = "only drawing elements (no script, foreignObject, animation or links)"
EXPECTED_ATTRIBUTE = "only drawing attributes (no on* event handlers, no xml:base)"
EXPECTED_HREF = "href only to '#fragment' in the same file or an inlined data:image/png, jpeg or webp"
EXPECTED_CSS = ("styles without @import, escapes, addresses or functions other than rgb(), hsl() "
                "and url(#fragment)")


def _show(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return "'" + (text if len(text) <= width else text[:width - 3] + "...") + "'"


CSS_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "url"})
"""The only CSS functions an SVG's styles may call (``url()`` only to a ``#fragment``).

An allow-list, not a list of what loads: ``image-set()``, ``-webkit-image-set()``,
``cross-fade()``, ``element()`` and whatever a browser adds next load or
show other content, so every function outside this list is refused."""

TRANSFORM_FUNCTIONS = frozenset({"matrix", "translate", "scale", "rotate", "skewx", "skewy"})
"""The functions of a ``transform`` attribute."""

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_FUNCTION = re.compile(r"([-\w]*)\s*\(")


def css_problem(css: str) -> str | None:
    """What in a style sheet or ``style`` attribute could load or run anything, or None."""
    danger = _CSS_DANGER.search(css)
    if danger:
        return _show(css[danger.start():danger.start() + 40])
    css = _CSS_COMMENT.sub(" ", css)  # a comment between a function's name and '(' hides nothing
    for match in _CSS_FUNCTION.finditer(css):
        if match.group(1).lower() not in CSS_FUNCTIONS:
            return _show(css[match.start():match.start() + 40])
    for match in _URL.finditer(css):
        if not match.group(2).startswith("#"):
            return _show(match.group(0))
    if "//" in css:  # an address of another host (the scheme is refused with its function above)
        return _show(css[css.index("//"):css.index("//") + 40])
    return None


def _value_problem(name: str, value: str) -> tuple[str, str] | None:
    squeezed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
    if name in {"href", "xlink:href"}:
        if value.startswith("#") and re.fullmatch(r"#[A-Za-z_][\w.:-]*", value):
            return None
        if _DATA_IMAGE.match(value.strip()):
            return None
        return EXPECTED_HREF, _show(value)
    if name == "style":
        problem = css_problem(value)
        return (EXPECTED_CSS, problem) if problem else None
    if name in NAMESPACES:
        return None if value == NAMESPACES[name] else (f"{name}=\"{NAMESPACES[name]}\"", _show(value))
    if "javascript:" in squeezed or "vbscript:" in squeezed or "data:" in squeezed:
        return "attribute values without script or data addresses", _show(value)
    for match in _URL.finditer(value):
        if not match.group(2).startswith("#"):
            return "url(#fragment) references only", _show(match.group(0))
    for match in _CSS_FUNCTION.finditer(value):
        if match.group(1).lower() not in CSS_FUNCTIONS | TRANSFORM_FUNCTIONS:
            return (f"no functions other than {', '.join(sorted(CSS_FUNCTIONS | TRANSFORM_FUNCTIONS))}",
                    _show(value[match.start():match.start() + 40]))
    if "//" in value:
        return "no addresses of other hosts", _show(value)
    return None


def svg_problems(data: bytes) -> list[Problem]:
    """Every way the SVG ``data`` leaves the allow-list, with its line (empty: a plain drawing)."""
    declaration = _DECLARATION.search(data)
    if declaration:
        line = data[:declaration.start()].count(b"\n") + 1
        return [(line, "no DOCTYPE or entity declarations", _show(declaration.group(0).decode("ascii", "replace")))]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [(data[:exc.start].count(b"\n") + 1, "UTF-8 text", f"a byte that is not UTF-8 ({exc.reason})")]
    problems: list[Problem] = []
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[str] = []
    styles: list[tuple[int, list[str]]] = []

    def refuse(expected: str, got: str) -> None:
        problems.append((parser.CurrentLineNumber, expected, got))

    def start(name: str, attrs: dict[str, str]) -> None:
        if not stack and name != "svg":
            refuse("an <svg> root element", f"<{name}>")
        if name not in SVG_ELEMENTS:
            refuse(EXPECTED_ELEMENT, f"<{name}>")
        for attr, value in attrs.items():
            if attr not in SVG_ATTRIBUTES:
                refuse(EXPECTED_ATTRIBUTE, f"{attr}= on <{name}>")
                continue
            problem = _value_problem(attr, value)
            if problem:
                refuse(problem[0], f"{problem[1]} in {attr}= on <{name}>")
        stack.append(name)
        if name == "style":
            styles.append((parser.CurrentLineNumber, []))

    def end(name: str) -> None:
        stack.pop()
        if name == "style" and styles:
            line, parts = styles[-1]
            problem = css_problem("".join(parts))
            if problem:
                problems.append((line, EXPECTED_CSS, f"{problem} in <style>"))

    def text(content: str) -> None:
        if stack and stack[-1] == "style" and styles:
            styles[-1][1].append(content)

    def declared(*_args) -> None:
        refuse("no DOCTYPE or entity declarations", "a declaration")
        raise expat.ExpatError("declaration")

    def instruction(target: str, _data: str) -> None:
        refuse("no processing instructions (such as <?xml-stylesheet?>)", f"<?{target}?>")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = declared
    parser.EntityDeclHandler = declared
    parser.ProcessingInstructionHandler = instruction
    parser.ExternalEntityRefHandler = lambda *args: 0
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        if not problems:
            problems.append((getattr(exc, "lineno", 1) or 1, "well-formed XML",
                             f"a syntax error ({expat.ErrorString(exc.code) if exc.code else exc})"))
    return problems


def image_problems(name: str, data: bytes) -> list[Problem]:
    """Problems of one image file named ``name`` with content ``data`` (SVG or raster)."""
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix == ".svg":
        return svg_problems(data)
    if suffix in SIGNATURES:
        kind, matches = SIGNATURES[suffix]
        if not matches(data):
            return [(1, f"a {kind} image (the file's first bytes say what it is)",
                     f"a file that does not start like {kind}")]
        return []
    return [(1, "a .png, .jpg, .jpeg, .webp or .svg image", _show(name))]
