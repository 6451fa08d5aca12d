"""Read a YAML file into a node tree that remembers the line and column of every value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import BrochureError, SourceRef

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

    def ref(self, index: int, path: str = "") -> SourceRef:
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
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
    """Parse YAML text into nodes; a syntax error points at where the mistake was opened."""
    try:
        node = yaml.compose(source.text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(source, exc) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        raise BrochureError(f"YAML error: {exc}", SourceRef(source.name, 1, 1)) from None
    if node is None:
        raise BrochureError(
            "the file is empty (expected YAML content)", SourceRef(source.name, 1, 1)
        )
    return node


def _syntax_error(source: SourceFile, exc: yaml.MarkedYAMLError) -> BrochureError:
    problem = (exc.problem or "syntax error").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark
    opened = exc.context_mark
    if opened is not None and any(c in context for c in _OPENED_CONTEXTS):
        what = context.replace("while scanning a ", "").replace("while parsing a ", "")
        if "quoted" in what:
            hint = "a quote opened here is never closed"
        elif "flow" in what:
            hint = "a bracket opened here is never closed"
        else:
            hint = f"the {what} that starts here is not laid out right: check indentation"
        found = f"{problem} at line {mark.line + 1}" if mark is not None else problem
        ref = SourceRef(source.name, opened.line + 1, opened.column + 1)
        return BrochureError(f"YAML syntax error: {hint} ({found})", ref)
    ref = SourceRef(source.name, mark.line + 1, mark.column + 1) if mark else SourceRef(source.name)
    lines = source.text.splitlines()
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    tip = " (use spaces, not tabs, to indent)" if "\t" in line_text else ""
    return BrochureError(f"YAML syntax error: {problem}{tip}", ref)


def load_yaml(path: Path, name: str | None = None) -> tuple[SourceFile, yaml.Node]:
    """Read and parse one YAML file."""
    source = read_source(path, name)
    return source, compose(source)
