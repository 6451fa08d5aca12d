"""Turn YAML nodes into typed dataclasses, collecting every mismatch with its location.

The models declare what they accept with ordinary type hints (str, int, date, Literal,
lists, optional fields, dataclasses, and tagged unions of block classes); small checks ride
along in ``Annotated``. One converter reads those hints, so a new field is one line in a model
and never a new parsing routine. Problems are collected, not raised, so that one run reports
every mistake in a file.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import types
import typing
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml

from ..errors import Report, SourceRef
from .limits import text_problem
from .load import SourceFile

INVALID: Any = object()  # a value that failed to convert; its problem is already reported
_constructor = yaml.constructor.SafeConstructor()


def _scalar(node: yaml.ScalarNode) -> Any:
    """PyYAML's value for a scalar node, by its tag's safe constructor. Not through
    ``construct_object``, which keeps every node it has built in the constructor's memo: a
    long-running watch or studio kept every build's nodes."""
    make = _constructor.yaml_constructors.get(node.tag) or _constructor.yaml_constructors[None]
    return make(_constructor, node)


class Text(str):
    """A string from a source file that remembers where it was written."""

    src: SourceRef | None
    span: tuple[int, int] | None
    source: SourceFile | None
    _where: tuple[dict[str, list[int]], dict[str, list[int]]]

    def __new__(
        cls,
        value: str,
        src: SourceRef | None = None,
        span: tuple[int, int] | None = None,
        source: SourceFile | None = None,
    ) -> Text:
        obj = super().__new__(cls, value)
        obj.src, obj.span, obj.source = src, span, source
        return obj

    def ref_at(self, index: int) -> SourceRef | None:
        """Locate character ``index`` of the value in the file, through quotes and folding."""
        if self.source is None or self.span is None or self.src is None:
            return self.src
        char = self[index]
        # The nth ``char`` of the value is the nth ``char`` of its source text. Where each
        # character occurs, in both, is indexed once per value: twenty thousand problems in
        # one paragraph cost twenty thousand look-ups, not a scan each.
        if not hasattr(self, "_where"):
            self._where = (_positions(self), _positions(self.source.text, *self.span))
        mine, theirs = (where.get(char, []) for where in self._where)
        nth = bisect.bisect_left(mine, index)
        if nth >= len(theirs):
            return self.src
        return self.source.ref(theirs[nth], self.src.path)


def _positions(text: str, start: int = 0, end: int | None = None) -> dict[str, list[int]]:
    """Every character of ``text[start:end]`` -> its offsets in ``text``, in order."""
    out: dict[str, list[int]] = {}
    for i in range(start, len(text) if end is None else end):
        out.setdefault(text[i], []).append(i)
    return out


@dataclasses.dataclass(kw_only=True)
class Node:
    """Base of every model object: knows where in which file it was written."""

    src: SourceRef = dataclasses.field(default=SourceRef("<default>"), compare=False, repr=False)


class Check:
    """A named check on a converted value, used inside ``Annotated[...]``."""

    def __init__(self, func: typing.Callable[[Any], Any]) -> None:
        self.func = func

    def __call__(self, value: Any) -> Any:
        return self.func(value)


def _describe_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        return "nothing (an empty value)"
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if tag in ("int", "float"):
        return f"the number {value}"
    if tag == "bool":
        return f"true/false ({value})"
    return f"'{value}'"


def _describe_type(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Annotated:
        return _describe_type(get_args(tp)[0])
    if origin is list:
        inner = _describe_type(get_args(tp)[0])
        return "a list" if "mapping" in inner else f"a list of {_plural(inner)}"
    if origin is Literal:
        return "one of " + ", ".join(str(a) for a in get_args(tp))
    if origin in (Union, types.UnionType):
        return " or ".join(_describe_type(a) for a in get_args(tp) if a is not type(None))
    if tp in (str, Text):
        return "text"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if tp is bool:
        return "true or false"
    if tp is date:
        return "a date like 2026-11-26"
    return "a mapping (key: value lines)"


def _plural(desc: str) -> str:
    return {"text": "strings", "a whole number": "whole numbers", "a number": "numbers"}.get(
        desc, desc
    )


_hints_cache: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _hints_cache:
        _hints_cache[cls] = typing.get_type_hints(cls, include_extras=True)
    return _hints_cache[cls]


def _fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {
        f.name: f
        for f in dataclasses.fields(cls)
        if f.init and f.name != "src" and not f.metadata.get("internal")
    }


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


class Converter:
    """Convert the nodes of one file, reporting problems into a shared report."""

    def __init__(self, source: SourceFile, report: Report) -> None:
        self.source = source
        self.report = report

    def ref(self, node: yaml.Node, path: str) -> SourceRef:
        mark = node.start_mark
        return SourceRef(self.source.name, mark.line + 1, mark.column + 1, path)

    def error(self, node: yaml.Node, path: str, message: str) -> Any:
        self.report.error(self.ref(node, path), message)
        return INVALID

    def convert(self, node: yaml.Node, tp: Any, path: str) -> Any:
        """Convert ``node`` to type ``tp``; on failure report and return ``INVALID``."""
        origin = get_origin(tp)
        if origin is Annotated:
            base, *checks = get_args(tp)
            value = self.convert(node, base, path)
            for check in checks:
                if value is INVALID or value is None:
                    break
                try:
                    value = check(value)
                except ValueError as exc:
                    return self.error(node, path, str(exc))
            return value
        if origin in (Union, types.UnionType):
            return self._union(node, get_args(tp), path)
        if origin is list:
            return self._list(node, get_args(tp)[0], path)
        if origin is Literal:
            return self._literal(node, get_args(tp), path)
        if dataclasses.is_dataclass(tp):
            return self._mapping(node, tp, path)
        return self._scalar(node, tp, path)

    def _union(self, node: yaml.Node, args: tuple[Any, ...], path: str) -> Any:
        if type(None) in args:
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
                return None
            args = tuple(a for a in args if a is not type(None))
            if len(args) == 1:
                return self.convert(node, args[0], path)
        classes = [a for a in args if dataclasses.is_dataclass(a)]
        if classes and all(hasattr(c, "kind") for c in classes):
            return self._tagged(node, classes, path)
        if isinstance(node, yaml.MappingNode) and classes:
            return self._mapping(node, classes[0], path)
        scalar = [a for a in args if not dataclasses.is_dataclass(a)]
        if isinstance(node, yaml.ScalarNode) and scalar:
            return self.convert(node, scalar[0], path)
        expected = " or ".join(_describe_type(a) for a in args)
        return self.error(node, path, f"expected {expected}, got {_describe_node(node)}")

    def _tagged(self, node: yaml.Node, classes: list[Any], path: str) -> Any:
        kinds = {c.kind: c for c in classes}
        if not isinstance(node, yaml.MappingNode):
            return self.error(
                node,
                path,
                f"expected a block (a mapping with a 'type'), got {_describe_node(node)}",
            )
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "type":
                if not isinstance(value, yaml.ScalarNode) or value.value not in kinds:
                    return self._unknown(value, f"{path}.type", "block type", list(kinds))
                return self._mapping(node, kinds[value.value], path, skip={"type"})
        return self.error(node, path, f"missing 'type' (one of: {', '.join(kinds)})")

    def _unknown(self, node: yaml.Node, path: str, what: str, choices: list[str]) -> Any:
        got = node.value if isinstance(node, yaml.ScalarNode) else _describe_node(node)
        close = difflib.get_close_matches(str(got), choices, 1, 0.6)
        hint = f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(choices)
        return self.error(node, path, f"unknown {what} '{got}' ({hint})")

    def _list(self, node: yaml.Node, item_tp: Any, path: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
                return []
            return self.error(
                node, path, f"expected {_describe_type(list[item_tp])}, got {_describe_node(node)}"
            )
        items = [self.convert(child, item_tp, f"{path}[{i}]") for i, child in enumerate(node.value)]
        return INVALID if any(v is INVALID for v in items) else items

    def _literal(self, node: yaml.Node, choices: tuple[Any, ...], path: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.value.lower() in choices:
            return node.value.lower()
        return self._unknown(node, path, "value", [str(c) for c in choices])

    def _scalar(self, node: yaml.Node, tp: Any, path: str) -> Any:
        expected = _describe_type(tp)
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            return self.error(node, path, f"expected {expected}, got {_describe_node(node)}")
        tag = node.tag.rsplit(":", 1)[-1]
        if tp in (str, Text):
            ref = self.ref(node, path)
            span = (node.start_mark.index, node.end_mark.index)
            text = Text(node.value, ref, span, self.source)
            problem = text_problem(text)  # every string of every file: too long, invisible
            if problem is not None:
                self.report.error(text.ref_at(problem[0]), problem[1])
                return INVALID
            return text
        if tp is date:
            return self._date(node, tag, path)
        try:
            value = _scalar(node)
        except Exception:  # an explicit tag (!!bool maybe) PyYAML cannot construct
            value = node.value
        if tp is bool and isinstance(value, bool):
            return value
        if tp is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if tp is float and isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return self.error(node, path, f"expected {expected}, got {_describe_node(node)}")

    def _date(self, node: yaml.ScalarNode, tag: str, path: str) -> Any:
        try:
            value = _scalar(node) if tag == "timestamp" else None
            if not isinstance(value, date):
                value = date.fromisoformat(node.value.strip())
        except Exception:  # ValueError, or PyYAML failing on '!!timestamp next spring'
            return self.error(
                node, path, f"'{node.value}' is not a real date (expected a date like 2026-11-26)"
            )
        return value.date() if isinstance(value, datetime) else value

    def _mapping(
        self, node: yaml.Node, cls: Any, path: str, skip: frozenset[str] | set[str] = frozenset()
    ) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self.error(
                node, path, f"expected a mapping (key: value lines), got {_describe_node(node)}"
            )
        fields, hints = _fields(cls), _hints(cls)
        values: dict[str, Any] = {}
        seen: dict[str, int] = {}
        failed = False
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            key_path = f"{path}.{key}" if path else str(key)
            if not isinstance(key, str):
                failed |= self.error(key_node, path, "expected a field name") is INVALID
                continue
            if key in seen:
                self.error(
                    key_node, key_path, f"duplicate field (first written on line {seen[key]})"
                )
                failed = True
                continue
            seen[key] = key_node.start_mark.line + 1
            if key in skip:
                continue
            if key not in fields:
                self._unknown(key_node, key_path, "field", list(fields))
                failed = True
                continue
            value = self.convert(value_node, hints[key], key_path)
            if value is INVALID:
                failed = True
            else:
                values[key] = value
        for name, f in fields.items():
            if name not in seen and _required(f):
                field_path = f"{path}.{name}" if path else name
                self.error(
                    node,
                    field_path,
                    f"missing required field '{name}' ({_describe_type(hints[name])})",
                )
                failed = True
        if failed:
            return INVALID
        obj = cls(**values, src=self.ref(node, path))
        for field_name, message in getattr(obj, "problems", lambda: [])():
            field_node = _child(node, field_name) or node
            self.error(field_node, f"{path}.{field_name}" if path else field_name, message)
            failed = True
        return INVALID if failed else obj


def _child(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    """The node at ``key`` or ``key[i]`` (a model check's field), if it is there."""
    name, _, index = key.partition("[")
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
            if not index:
                return value_node
            i = int(index.rstrip("]"))
            if isinstance(value_node, yaml.SequenceNode) and i < len(value_node.value):
                return value_node.value[i]
            return value_node
    return None
