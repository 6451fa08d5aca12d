"""Rebuild only what changed: a fingerprint of everything each output was made from.

A variant's fingerprint covers the parts of content.yaml it prints, the brand and every
file the brand and content point to, the package's own code, and the build options. It is
stored beside the outputs; an output whose fingerprint still matches is left alone, so an
edit to the clinician summary does not rebuild the patient variants.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from .pipeline import Project

STATE = ".build-state.json"
_PACKAGE = Path(__file__).resolve().parent


@cache
def _file_hash(path: Path, mtime_ns: int, size: int) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_hash(path: Path) -> str:
    st = path.stat()
    return _file_hash(path, st.st_mtime_ns, st.st_size)


def file_signature(path: Path) -> str:
    """Size and modification time: what make trusts, without reading megabytes of fonts."""
    st = path.stat()
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


@cache
def _code_hash() -> str:
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            h.update(str(path.relative_to(_PACKAGE)).encode())
            h.update(file_hash(path).encode())
    return h.hexdigest()


def fingerprint(project: Project, reads: tuple[str, ...], options: object) -> str:
    """A hash of every input one variant depends on."""
    h = hashlib.sha256(_code_hash().encode())
    content = project.content
    for part in reads:
        h.update(repr(getattr(content, part)).encode())
    h.update(repr(project.brand).encode())
    h.update(repr(options).encode())
    theme = project.theme
    files = [*project.images.values(), theme.logo, theme.cover_image]
    files += [*theme.body.paths, *theme.heading.paths]
    for path in sorted({p for p in files if p is not None}):
        h.update(file_signature(path).encode())
    return h.hexdigest()[:32]


def load_state(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / STATE).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def save_state(out_dir: Path, state: dict[str, str]) -> None:
    from .finish import write_atomic

    write_atomic(out_dir / STATE, json.dumps(state, indent=1, sort_keys=True).encode())
