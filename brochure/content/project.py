"""Load and validate a content file and a brand file together, reporting every problem at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Report
from .load import SourceFile, load_yaml
from .model import Content
from .schema import INVALID, Converter
from .validate import validate_content


@dataclass
class Loaded:
    """A converted model and the source it came from."""

    value: Any
    source: SourceFile


def convert_file(path: Path, model: type, report: Report, name: str | None = None) -> Loaded | None:
    """Parse one YAML file into ``model``; problems go into ``report``."""
    source, node = load_yaml(path, name)
    value = Converter(source, report).convert(node, model, "")
    return None if value is INVALID else Loaded(value, source)


def load_content(path: Path, report: Report, name: str | None = None) -> Content | None:
    """Load ``content.yaml`` and run the cross-field checks on it."""
    loaded = convert_file(path, Content, report, name)
    if loaded is None:
        return None
    validate_content(loaded.value, report)
    return loaded.value
