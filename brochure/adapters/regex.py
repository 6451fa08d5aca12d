"""The standard library's ``re`` internals we rely on: patterns compiled once, not per process.

Compiling a pattern is mostly pure Python (parsing, then optimising its character sets), and
every process compiles the same ones: about 100 while the package and its libraries import
(30 ms), and ReportLab's pattern for splitting a long URL across lines (IGNORECASE over all
of Unicode: 27 ms) in each worker that hyphenates a long word. Two things cut that:

- *Kept code.* While the package imports, ``re``'s compiler is a stand-in that gives
  ``_sre.compile`` the code an earlier process made for the same pattern and flags (kept
  with ``marshal`` beside the bytecode, as a ``.pyc``, and made at install), and compiles
  only patterns it has not seen. ``_sre`` checks code it is given; code it refuses is made
  again. The stand-in is removed once the package is imported.
- *On first use.* ReportLab and PyYAML compile, as they are imported, a few patterns a build
  rarely or never uses (the URL splitter, a CJK word splitter, PyYAML's printable check,
  which libyaml does for us). ``re.compile`` first looks in ``re._cache`` for the same
  pattern and flags, so a stand-in put there before the library loads makes its import free;
  the stand-in compiles the pattern (from kept code) the first time the library uses it.

On a Python other than the ones named below nothing is replaced, and every pattern compiles
as it always did.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import Any

from . import kept

# re._cache: a dict keyed (type(pattern), pattern, flags); re._compile calls
# re._compiler.compile(pattern, flags), which hands _sre.compile what ``_arguments`` makes.
WRITTEN_FOR = ((3, 11), (3, 12))
_PATH = kept.path("regex-code")
Key = tuple[str | bytes, int]
_known: dict[Key, tuple[Any, ...]] = {}
_used: dict[Key, tuple[Any, ...]] = {}
_later: list[Key] = []  # compiled on first use: kept too, though no import compiles them
_real: list[Any] = []  # re._compiler.compile while the stand-in is in its place
_stamp = [""]  # the version of the package's code the kept table was made for


def _version() -> tuple[int, int]:
    import _sre

    return (_sre.MAGIC, _sre.CODESIZE)


def _arguments(pattern: str | bytes, flags: int) -> tuple[Any, ...]:
    """What ``re._compiler.compile`` passes ``_sre.compile`` after the pattern: the slow part."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # named constants: plain ints
    groups = dict(parsed.state.groupdict)
    names: list[str | None] = [None] * parsed.state.groups
    for name, index in groups.items():
        names[index] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, groups, tuple(names))


def compiled(pattern: Any, flags: int = 0) -> Any:
    """``re._compiler.compile(pattern, flags)``, from kept code where there is some."""
    import _sre
    from re import _compiler  # type: ignore[attr-defined]

    if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
        return (_real or [_compiler.compile])[0](pattern, flags)
    key = (pattern, flags)
    made = _known.get(key)
    if made is not None:
        try:
            result = _sre.compile(pattern, *made)
        except (RuntimeError, TypeError, ValueError):  # code another re made: make it again
            _known.pop(key, None)
            _stamp[0] = ""  # and keep the table again, with new code in its place
        else:
            _used[key] = made
            return result
    made = _arguments(pattern, flags)
    _used[key] = made
    return _sre.compile(pattern, *made)


def start() -> None:
    """From now on, patterns compiled while the package imports use kept code."""
    if sys.version_info[:2] in WRITTEN_FOR and not _real:
        from re import _compiler  # type: ignore[attr-defined]

        table = kept.read(_PATH)
        _stamp[0] = ""
        if table.get("version") == _version():
            _known.update(table.get("code", {}))
            _stamp[0] = str(table.get("stamp", ""))
        _real.append(_compiler.compile)
        _compiler.compile = compiled  # re._compile looks it up on each call


def done() -> None:
    """Put ``re``'s compiler back; keep the code this import and the on-first-use patterns
    need, once for each version of the package's code (as bytecode is made once for each
    version of a source file). Not on every change of the patterns seen: a few are made
    anew by every process (ReportLab writes one from a set of names, whose order changes
    from one process to the next), and would have the table written by every build."""
    from re import _compiler  # type: ignore[attr-defined]

    if not _real:
        return
    _compiler.compile = _real.pop()  # the module's own function again
    if ({*_used, *_later} - _known.keys()) and kept.writable():
        stamp = kept.code_stamp()
        if stamp != _stamp[0]:
            made = {key: _used.get(key) or _known.get(key) or _arguments(*key) for key in _later}
            table = {"version": _version(), "stamp": stamp, "code": {**_used, **made}}
            kept.write(_PATH, table)
    for key in list(_known):  # only what a first use may still ask for
        if key not in _later:
            del _known[key]
    _used.clear()


class OnFirstUse:
    """Stands in for a compiled pattern and compiles it the first time any of its methods
    (``match``, ``search``, ``sub``...) is asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.source = (pattern, flags)
        self.compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self.compiled is None:
            self.compiled = compiled(*self.source)  # not re.compile: this stand-in is cached
        return getattr(self.compiled, name)


def compile_on_first_use(patterns: Iterable[tuple[str, int]]) -> None:
    """Let each ``(pattern, flags)`` compile on first use, for the library that compiles it
    with these very arguments when it is imported (next)."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):  # pragma: no cover - another Python's re
        return
    for pattern, flags in patterns:
        cache.setdefault((str, pattern, flags), OnFirstUse(pattern, flags))
        _later.append((pattern, flags))


start()  # on import: ``brochure`` imports this module before anything else of its own
