"""Read a YAML file into a node tree that remembers the line and column of every value."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from ..errors import BrochureError, SourceRef
from .limits import check_expansion

# Contexts in which PyYAML's context mark is where the author opened something that never closed.
_OPENED_CONTEXTS = (
    "quoted scalar",
    "flow sequence",
    "flow mapping",
    "block mapping",
    "block collection",
)


@dataclass(frozen=True)
class SourceFile:
    """A file's display name and decoded text, kept so that later checks can point inside values."""

    name: str
    text: str

    @cached_property
    def _line_starts(self) -> list[int]:
        """Offsets where lines start: built once, so locating a problem costs log(lines)."""
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    def ref(self, index: int, path: str = "") -> SourceRef:
        line = bisect.bisect_right(self._line_starts, index)
        column = index - self._line_starts[line - 1] + 1
        return SourceRef(self.name, line, column, path)


def read_source(path: Path, name: str | None = None) -> SourceFile:
    """Read and decode a file as UTF-8, refusing empty and undecodable files with a location."""
    name = name or path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BrochureError("file not found", SourceRef(name)) from None
    except OSError as exc:
        raise BrochureError(f"cannot read file ({exc.strerror})", SourceRef(name)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", "replace")
        src = SourceFile(name, good).ref(len(good))
        raise BrochureError(
            f"byte 0x{data[exc.start]:02X} is not UTF-8 (save the file as UTF-8)", src
        ) from None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise BrochureError("the file is empty (expected YAML content)", SourceRef(name, 1, 1))
    return SourceFile(name, text)


def compose(source: SourceFile) -> yaml.Node:
    """Parse YAML text into nodes; a syntax error points at where the mistake was made."""
    try:
        # libyaml is ten times faster and gives the same marks; PyYAML's own parser runs
        # again only for a file with an error, to word the message exactly.
        node = yaml.compose(source.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        node = _compose_exact(source)
    if node is None:
        raise BrochureError(
            "the file is empty (expected YAML content)", SourceRef(source.name, 1, 1)
        )
    check_expansion(node, source.name)
    return node


def _compose_exact(source: SourceFile) -> yaml.Node | None:
    try:
        return yaml.compose(source.text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(source, exc) from None
    except yaml.reader.ReaderError as exc:
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        shown = f"#x{code:04x} (U+{code:04X})"
        raise BrochureError(
            f"YAML syntax error: character {shown} is not allowed in a YAML file (delete it)",
            source.ref(exc.position),
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises the two kinds above
        first = str(exc).splitlines()[0]
        raise BrochureError(f"YAML syntax error: {first}", SourceRef(source.name, 1, 1)) from None


def _unbalanced_quote(source: SourceFile, first: int, last: int) -> tuple[int, int] | None:
    """(line, column), 0-based, of a quote on lines first..last that its own line never closes."""
    lines = source.text.splitlines()
    for n in range(first, min(last, len(lines) - 1) + 1):
        line = lines[n].split(" #", 1)[0]
        for quote in ('"', "'"):
            stripped = line.replace('\\"', "") if quote == '"' else line.replace("''", "")
            value_start = stripped.find(": " + quote)
            start = (
                value_start + 2
                if value_start >= 0
                else (
                    stripped.find("- " + quote) + 2
                    if stripped.lstrip().startswith("- " + quote)
                    else -1
                )
            )
            if start >= 2 and stripped.count(quote, start) % 2 == 1:
                return n, start
    return None


_CHECKBOX = re.compile(r"^\s*-\s*\[[ xX]?\]\s*")
_ITEM = re.compile(r"^\s*(?:-\s+|[A-Za-z_][\w-]*:\s+)(?P<value>.*)$")


def common_slip(line: str, problem: str) -> str | None:
    """Plain words for the YAML mistakes people make when they write as in Markdown or a
    word processor; None when the line shows none of them."""
    m = _ITEM.match(line)
    value = m.group("value").strip() if m else ""
    box = _CHECKBOX.match(line)
    if box:
        return (
            "this is a Markdown checkbox ('- [ ] ...'): write each item as plain text, "
            f"'- {line[box.end() :]}'; a checklist block draws the boxes itself"
        )
    if value.startswith("*"):
        return (
            "a text that starts with '*' (bold or italic) must be in quotes, or YAML reads "
            f'the * as something else: write "{value}"'
        )
    if problem.startswith("mapping values are not allowed") and ": " in value:
        return (
            "this text contains ': ', which YAML reads as the start of another field: put "
            f'the whole text in quotes, "{value}"'
        )
    return None


def _syntax_error(source: SourceFile, exc: yaml.MarkedYAMLError) -> BrochureError:
    problem = (exc.problem or "syntax error").strip()
    context = (exc.context or "").strip()
    mark, opened = exc.problem_mark, exc.context_mark
    if opened is not None and ("quoted scalar" in context or "flow" in context):
        hint = (
            "a quote opened here is never closed"
            if "quoted" in context
            else ("a bracket opened here is never closed")
        )
        found = f"{problem} at line {mark.line + 1}" if mark is not None else problem
        return BrochureError(
            f"YAML syntax error: {hint} ({found})",
            SourceRef(source.name, opened.line + 1, opened.column + 1),
        )
    if mark is not None and opened is not None:
        quote = _unbalanced_quote(source, opened.line, mark.line)
        if quote is not None:
            return BrochureError(
                f"YAML syntax error: a quote opened here is never closed on its line "
                f"(YAML reads on to line {mark.line + 1} looking for it)",
                SourceRef(source.name, quote[0] + 1, quote[1] + 1),
            )
    ref = SourceRef(source.name, mark.line + 1, mark.column + 1) if mark else SourceRef(source.name)
    lines = source.text.splitlines()
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    slip = common_slip(line_text, problem)
    if slip is not None:
        return BrochureError(slip, ref)
    if "\t" in line_text:
        tip = " (use spaces, not tabs, to indent)"
    elif "block" in context or "expected <block end>" in problem:
        tip = " (check the indentation of this line against the lines above)"
    else:
        tip = ""
    return BrochureError(f"YAML syntax error: {problem}{tip}", ref)


def load_yaml(path: Path, name: str | None = None) -> tuple[SourceFile, yaml.Node]:
    """Read and parse one YAML file."""
    source = read_source(path, name)
    return source, compose(source)
