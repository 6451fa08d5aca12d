"""dataclasses internals we rely on: the ``exec`` its ``_create_fn`` calls by name.

``@dataclass`` writes each class's methods (``__init__``, ``__repr__``, ``__eq__``, and for a
frozen class ``__setattr__``, ``__delattr__``, ``__hash__``) as source text and compiles them
when the class is made: in every process, about 390 compiles for the package's classes,
30 ms of a 360 ms build. The text is the same from one run to the next, so while the
package is imported, ``exec`` in the dataclasses module is a stand-in that runs the code
compiled for that text by an earlier process (kept with ``marshal`` beside the package's
bytecode, like a ``.pyc``, and made at install with it), and compiles only text it has not
seen. What runs is what the
text compiles to, so the classes are the same; the stand-in is removed once the package is
imported. On a Python whose dataclasses do not call ``exec`` by that name (3.13 builds all
of a class's methods in one go), nothing changes.
"""

from __future__ import annotations

import builtins
import dataclasses
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from . import kept

WRITTEN_FOR = ((3, 11), (3, 12))  # _create_fn compiles with exec(txt, globals, ns)
_PATH = kept.path("dataclass-methods")
_known: dict[str, CodeType] = {}
_used: dict[str, CodeType] = {}


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """``exec``, running the code kept for a text instead of compiling it again."""
    if isinstance(source, str):
        code = _known.get(source) or compile(source, "<string>", "exec", dont_inherit=True)
        _used[source] = code
        source = code
    builtins.exec(source, globals, locals)


def start() -> None:
    """From now on, the methods of new dataclasses run from kept code objects."""
    if sys.version_info[:2] in WRITTEN_FOR:
        _known.update(_read(_PATH))
        vars(dataclasses)["exec"] = _exec  # found before the builtin by _create_fn's lookup


def done() -> None:
    """Put the builtin back; keep what this import compiled for the next process (only
    that: the code of classes since changed or removed is not carried along), unless Python
    may not write bytecode here (PYTHONDONTWRITEBYTECODE): then, as its ``.pyc`` files, it
    is written at install (the Makefile)."""
    installed = vars(dataclasses).pop("exec", None) is not None
    if installed and _used.keys() != _known.keys():
        kept.write(_PATH, _used)
    _known.clear()
    _used.clear()


def _read(path: Path) -> dict[str, CodeType]:
    table = kept.read(path)
    return {k: v for k, v in table.items() if isinstance(k, str) and isinstance(v, CodeType)}


start()  # on import: this module is imported before any module that makes a dataclass
