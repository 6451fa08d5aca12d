"""Tables that one process makes and the next reads, kept beside the package's bytecode.

Like a ``.pyc``: written with ``marshal`` (fast to read, no code run to load it) when Python
may write bytecode, else at install (the Makefile imports the package with it allowed); a
table that is missing, torn or from another Python reads as empty, and a read-only install
just makes everything every time.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

KEPT = Path(__file__).resolve().parent.parent / "__pycache__"


def path(name: str) -> Path:
    """Where the table ``name`` is kept for this Python (``name.cpython-311.marshal``)."""
    return KEPT / f"{name}.{sys.implementation.cache_tag}.marshal"


def read(where: Path) -> dict[Any, Any]:
    try:
        table = marshal.loads(where.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # none yet, torn or from elsewhere
        return {}
    return table if isinstance(table, dict) else {}


def package_files() -> list[Path]:
    """The package's own code and data files (``.py``, ``.yaml``), in the order of their parts.

    ``os.walk`` and strings, not ``Path.rglob``: sorting ~100 paths hashed and compared
    their parts, 15% of planning a leaflet in a fresh process."""
    package = KEPT.parent
    found = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = [d for d in subfolders if d != "__pycache__"]  # no .py or .yaml there
        rel = os.path.relpath(folder, package).split(os.sep) if folder != str(package) else []
        found += [(*rel, name) for name in names if name.endswith((".py", ".yaml"))]
    return [package.joinpath(*parts) for parts in sorted(found)]


@cache
def code_stamp() -> str:
    """What tells one version of the package's code from another without reading it: each
    file's path, size and modification time. Made once per process (a process runs the
    code it loaded; the library asked for it once per edition)."""
    import hashlib

    seen = []
    for path in package_files():
        st = path.stat()
        seen.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("\n".join(seen).encode()).hexdigest()


def writable() -> bool:
    """Whether Python may write bytecode here (not under PYTHONDONTWRITEBYTECODE)."""
    return not sys.dont_write_bytecode


def write(where: Path, table: dict[Any, Any]) -> None:
    """Replace the kept table in one rename, unless Python may not write bytecode here or
    the folder is read-only."""
    if not writable():
        return
    import tempfile  # only here: what it imports compiles patterns (adapters/regex.py)

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{where.name}.", suffix=".tmp", dir=where.parent)
    except OSError:
        return
    try:
        os.chmod(tmp, os.stat(__file__).st_mode & 0o666)  # as Python sets a .pyc's mode
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(table))
        os.replace(tmp, where)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
