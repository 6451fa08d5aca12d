"""pyphen internals we rely on: its cache of parsed hyphenation dictionaries.

Parsing a language's patterns (``HyphDict``) costs 30-40 ms in every process that
hyphenates: every cold build, and every worker a build forks. pyphen keeps what it parsed
in the module's ``hdcache``, by the dictionary file's path, and every ``Pyphen(lang=...)``
(ReportLab's line breaking, the table column sizer) looks there first; so a dictionary
restored from what an earlier process parsed is put there before they ask.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pyphen

WRITTEN_FOR = "0.18.1"


def dictionary_file(lang: str) -> Path | None:
    """The pattern file pyphen would read for ``lang`` (None: no dictionary for it)."""
    name = pyphen.language_fallback(lang) if lang else None
    return Path(pyphen.LANGUAGES[name]) if name else None


def parsed(path: Path) -> tuple[pyphen.HyphDict, bytes]:
    """The file parsed as pyphen parses it, and what ``restored`` rebuilds it from."""
    hyph = pyphen.HyphDict(path)
    return hyph, pickle.dumps((hyph.patterns, hyph.maxlen), protocol=pickle.HIGHEST_PROTOCOL)


def restored(state: bytes) -> pyphen.HyphDict:
    """A ``HyphDict`` from ``parsed``'s bytes, with an empty word cache."""
    hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hyph.patterns, hyph.maxlen = pickle.loads(state)
    hyph.cache = {}
    return hyph


def installed(path: Path) -> bool:
    """Whether pyphen already holds a dictionary for ``path`` in this process."""
    return path in pyphen.hdcache


def install(path: Path, hyph: pyphen.HyphDict) -> None:
    """Make ``hyph`` the dictionary every ``Pyphen`` for ``path``'s language uses."""
    pyphen.hdcache.setdefault(path, hyph)
