"""Rebuild only what changed: a fingerprint of everything an output is made from.

An output's fingerprint covers its composed document tree (so it changes exactly when what
it prints changes, whichever part of the content that came from), its page plan and
finishing steps, the brand, the bytes of every file it draws (pictures, logo, fonts), the
package's own code and the build options. It is stored beside the outputs; an output whose
fingerprint still matches is left alone.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from .adapters.kept import package_files
from .document import nodes as n
from .pipeline import Project
from .session import slot_get, slot_put
from .variants import Options, Variant

STATE = ".build-state.json"
DEPS = ".deps.mk"  # make includes it: every file the last build read
_PACKAGE = Path(__file__).resolve().parent


@cache
def code_files() -> tuple[Path, ...]:
    """The package's own code and data files."""
    return tuple(package_files())


@cache
def _code_hash() -> str:
    """The package's own code: a new version of the tool rebuilds everything."""
    h = hashlib.sha256()
    for path in code_files():
        h.update(str(path.relative_to(_PACKAGE)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def files_drawn(document: n.Document) -> set[Path]:
    """Every picture file a document draws: figures, cover art and logos."""
    found: set[Path] = {node.image for node in n.walk(document.body) if isinstance(node, n.Figure)}
    if document.cover is not None:
        found |= {p for p in (document.cover.art, document.cover.logo) if p is not None}
    if document.back is not None and document.back.logo is not None:
        found.add(document.back.logo)
    return found


def fingerprint(project: Project, variant: Variant, document: n.Document, options: Options) -> str:
    """A hash of every input one output depends on."""
    h = hashlib.sha256(_code_hash().encode())
    h.update(repr(document).encode())
    h.update(repr((variant.name, variant.plan, variant.steps(options.press))).encode())
    h.update(repr(project.brand).encode())
    # Not the date: it changes warnings, not outputs.
    h.update(repr((options.press, options.pdfx)).encode())
    theme = project.theme
    files = files_drawn(document) | {*theme.body.paths, *theme.heading.paths}
    if theme.press is not None:  # the condition, PDF/X flavour and the profile's bytes
        h.update(theme.press.key.encode())
    for path in sorted(files):
        h.update(f"{path.name}:{project.session.digest(path)}".encode())
    return h.hexdigest()[:32]


def load_state(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / STATE).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def state_file(state: dict[str, str]) -> bytes:
    return json.dumps(state, indent=1, sort_keys=True).encode()


def deps_file(outputs: list[str], inputs: list[str]) -> bytes:
    """Make's view of a build: ``BROCHURE_OUTPUTS``, the files a full build of this content
    makes (no clinician summary once ``summary:`` is gone), each with every file the build
    read as a prerequisite, plus an empty rule per input so that a deleted input means
    "rebuild", not "no rule to make target"."""

    def esc(name: str) -> str:
        return name.replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ").replace(":", "\\:")

    lines = [
        "# Written by `brochure build`: every file the build read (the Makefile includes it).",
        "BROCHURE_OUTPUTS := " + " ".join(map(esc, outputs)),
        "$(BROCHURE_OUTPUTS): \\",
        *(f"  {esc(i)} \\" for i in inputs),
        "",
        *(f"{esc(i)}:" for i in inputs),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


# A file changed this close before a build started may have changed again within the same
# tick of a coarse file system clock (FAT: 2 s) after the build read it: it is not vouched for.
RACY_NS = 2_000_000_000


def _stat(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def unchanged(cache: Path, slot: str, context: str) -> dict[str, Any] | None:
    """What ``remember`` kept in ``slot``, if it was kept in this ``context`` (the tool's
    code, the options, the date) and every file it lists is as it was then (size, time and
    inode, as make and git tell files apart): the build would make nothing new."""
    entry = slot_get(cache, slot, context)
    if entry is None:
        return None
    kept = json.loads(entry)
    if any(_stat(Path(name)) != seen for name, seen in kept["files"].items()):
        return None
    data: dict[str, Any] = kept["data"]
    return data


def remember(
    cache: Path,
    slot: str,
    context: str,
    inputs: Iterable[Path],
    outputs: Iterable[Path],
    started_ns: int,
    data: Any,
) -> None:
    """Keep ``data`` with how the ``inputs`` a build read and the ``outputs`` it left are
    now, for ``unchanged``; nothing if a file is missing, or an input was changed since just
    before the build started (it may differ from what the build read)."""
    before = {str(path.absolute()): _stat(path) for path in inputs}
    after = {str(path.absolute()): _stat(path) for path in outputs}
    racy = any(s is None or s[1] >= started_ns - RACY_NS for s in before.values())
    if racy or None in after.values():
        slot_put(cache, slot, "", b"")  # what was kept no longer holds
        return
    kept = {"files": {**before, **after}, "data": data}
    slot_put(cache, slot, context, json.dumps(kept).encode())
