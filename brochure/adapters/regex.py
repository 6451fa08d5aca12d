"""The standard library's ``re`` internals we rely on: a pattern compiled when first used.

ReportLab and PyYAML compile, as they are imported, a few patterns over the whole of Unicode
that a build rarely or never uses: ReportLab's pattern for splitting a long URL across lines
(with IGNORECASE: 27 ms, 7% of a cold brochure build), its CJK word splitter and PyYAML's
printable-character check (libyaml does that check for us). ``re.compile`` first looks in
``re._cache`` for the same pattern and flags, so a stand-in put there before the library
loads makes its import free; the stand-in compiles the real pattern the first time the
library uses it. On a Python whose ``re`` keeps no such dictionary nothing is put there, and
the libraries compile as they always did.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

WRITTEN_FOR = "3.11"  # re._cache: a dict keyed (type(pattern), pattern, flags)


class OnFirstUse:
    """Stands in for a compiled pattern and compiles it the first time any of its methods
    (``match``, ``search``, ``sub``...) is asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.source = (pattern, flags)
        self.compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self.compiled is None:
            from re import _compiler  # type: ignore[attr-defined] # not re.compile: this

            self.compiled = _compiler.compile(*self.source)
        return getattr(self.compiled, name)


def compile_on_first_use(patterns: Iterable[tuple[str, int]]) -> None:
    """Let each ``(pattern, flags)`` compile on first use, for the library that compiles it
    with these very arguments when it is imported (next)."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):  # pragma: no cover - another Python's re
        return
    for pattern, flags in patterns:
        cache.setdefault((str, pattern, flags), OnFirstUse(pattern, flags))
