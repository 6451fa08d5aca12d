"""What one text value may hold, and how far YAML aliases may expand.

Both are checked while a file is read, before any later step (validation, layout) can spend
time on the input: the cost of a build stays linear in the size of the files.
"""

from __future__ import annotations

import re

import yaml

from ..errors import BrochureError, SourceRef

MAX_TEXT_CHARS = 20_000  # one paragraph, cell or field: about eight printed pages
MAX_YAML_VALUES = 100_000  # values in a file once aliases are expanded (the leaflet has 1,000)

# Invisible characters that print differently in the PDF and the web page (bidi controls
# reorder text in a browser and are ignored by ReportLab), or not at all (NUL, escapes).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMES = {
    0x00: "NUL",
    0x202A: "left-to-right embedding",
    0x202B: "right-to-left embedding",
    0x202C: "pop directional formatting",
    0x202D: "left-to-right override",
    0x202E: "right-to-left override",
    0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate",
    0x2068: "first strong isolate",
    0x2069: "pop directional isolate",
}


def text_problem(value: str) -> tuple[int, str] | None:
    """(offset, message) of what makes ``value`` unusable as text, or None."""
    if len(value) > MAX_TEXT_CHARS:
        return MAX_TEXT_CHARS, (
            f"is {len(value):,} characters long (the limit for one text is "
            f"{MAX_TEXT_CHARS:,}; split it)"
        )
    found = _INVISIBLE.search(value)
    if found is None:
        return None
    code = ord(found.group())
    name = _NAMES.get(code, "control character")
    return found.start(), (
        f"U+{code:04X} ({name}) is an invisible control character, not allowed in text "
        "(the PDF and the web page would show it differently); delete it"
    )


def check_expansion(root: yaml.Node, name: str) -> None:
    """Refuse a file whose aliases expand to more than MAX_YAML_VALUES values, or into
    themselves, before anything walks it: each alias would be converted again at every use
    (a few kilobytes of nested aliases make a billion values). Linear in the nodes."""
    size: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = _children(node)
        if done:
            open_nodes.discard(id(node))
            size[id(node)] = 1 + sum(size[id(c)] for c in children)
            if size[id(node)] > MAX_YAML_VALUES:
                raise BrochureError(
                    f"YAML aliases expand this value to more than {MAX_YAML_VALUES:,} values "
                    "(the limit; write the values out or use fewer aliases)",
                    _at(node, name),
                )
            continue
        if id(node) in size:
            continue
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise BrochureError(
                    "YAML alias refers to the value that contains it", _at(node, name)
                )
            if id(child) not in size:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _at(node: yaml.Node, name: str) -> SourceRef:
    return SourceRef(name, node.start_mark.line + 1, node.start_mark.column + 1)
