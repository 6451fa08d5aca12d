"""Table columns sized from their content, and words hyphenated to fit them.

ReportLab hyphenates a word only at the end of a line that already holds text; a word that
starts a line and is wider than its cell is cut at any letter, with no hyphen (or, with
``splitLongWords`` off, overflows its cell). So cell text is hyphenated here, with the
language's patterns: a word wider than its column is written as ``head- tail`` (the space
cannot join them on one line, since the word did not fit), and every column is at least as
wide as the narrowest setting of its longest word. The rest of the width goes where the text
is long, the way browsers lay out automatic tables, or by the author's weights when given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache, partial

import pyphen

Measure = Callable[[str], float]  # plain text -> width in points
RowMeasure = Callable[..., float]  # (text, row=) -> width: row 0 is the header

# Plain words (letters, inner hyphens, trailing punctuation): the only tokens hyphenated.
_WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*[,.;:)]*$")
HEAD, TAIL = 2, 3  # fewest letters left before and carried after a hyphen


@lru_cache(maxsize=8)
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    return pyphen.Pyphen(lang=lang) if lang and pyphen.language_fallback(lang) else None


def breaks(word: str, lang: str) -> list[tuple[str, str]]:
    """Every (head, tail) a word may break into, longest head first; a head that does not
    end at one of the word's own hyphens gets one."""
    out = [(word[: i + 1], word[i + 1 :]) for i, ch in enumerate(word[:-1]) if ch == "-"]
    hyph = _dictionary(lang)
    if hyph is not None:
        for part_start, part in _parts(word):
            for cut in hyph.positions(part):
                if HEAD <= cut <= len(part) - TAIL:
                    at = part_start + cut
                    out.append((word[:at] + "-", word[at:]))
    return sorted(out, key=lambda ht: -len(ht[0]))


def _parts(word: str) -> list[tuple[int, str]]:
    """The letter runs between a word's hyphens, with where each starts."""
    return [(m.start(), m.group()) for m in re.finditer(r"[^\W\d_]+", word)]


def narrowest(word: str, lang: str, measure: Measure) -> float:
    """The least width in which ``word`` can be set, hyphenated where it must be."""

    @cache
    def least(text: str) -> float:
        best = measure(text)
        for head, tail in breaks(text, lang):
            best = min(best, max(measure(head), least(tail)))
        return best

    return least(word) if _WORD.match(word) else measure(word)


def hyphenate(text: str, width: float, lang: str, measure: Measure) -> str:
    """``text`` with every plain word wider than ``width`` broken into lines that fit."""
    out = []
    for token in text.split(" "):
        while _WORD.match(token) and measure(token) > width:
            fits = [(h, t) for h, t in breaks(token, lang) if measure(h) <= width]
            # A word the patterns cannot break (a code, a foreign word) is cut where it
            # must be, still with a hyphen.
            head, token = fits[0] if fits else _cut(token, width, measure)
            out.append(head)
        out.append(token)
    return " ".join(out)


def _cut(word: str, width: float, measure: Measure) -> tuple[str, str]:
    """The longest head of ``word`` that fits ``width`` with a hyphen (at least a letter)."""
    at = 1
    while at < len(word) - 1 and measure(word[: at + 1] + "-") <= width:
        at += 1
    return word[:at] + "-", word[at:]


def column_widths(
    rows: Sequence[Sequence[str]],
    available: float,
    padding: float,
    lang: str,
    measure: RowMeasure,
    weights: Sequence[float] | None = None,
) -> list[float]:
    """Widths that add up to ``available``; no column narrower than its narrowest word.

    ``measure(text, row)`` is the width of plain text in that row's style (row 0: header).
    When even the minimums do not fit, each column gets an equal share where it needs
    that much, and the columns that need more share the rest.
    """
    count = len(rows[0])
    low = [padding] * count
    high = [padding] * count
    for r, row in enumerate(rows):
        size = partial(measure, row=r)
        for c, text in enumerate(row):
            words = text.split()
            least = max((narrowest(w, lang, size) for w in words), default=0.0)
            low[c] = max(low[c], least + padding)
            high[c] = max(high[c], size(text) + padding)
    if sum(low) >= available:  # too many long words: every column its share, then the rest
        fair = [min(lo, available / count) for lo in low]
        want = [lo - f for lo, f in zip(low, fair, strict=True)]
        spare = available - sum(fair)
        return [f + spare * w / sum(want) for f, w in zip(fair, want, strict=True)]
    if weights:
        return _raise_to([available * w / sum(weights) for w in weights], low)
    spare = available - sum(low)
    stretch = [h - lo for h, lo in zip(high, low, strict=True)]
    if sum(stretch) <= spare:  # every cell fits on one line: share the rest evenly
        return [h + (spare - sum(stretch)) / count for h in high]
    return [lo + spare * s / sum(stretch) for lo, s in zip(low, stretch, strict=True)]


def _raise_to(want: list[float], low: list[float]) -> list[float]:
    """``want`` with each column raised to its minimum, the others giving up the difference
    in proportion to what they have above their own minimum."""
    widths = list(want)
    for _ in range(len(widths)):
        short = sum(max(0.0, lo - w) for w, lo in zip(widths, low, strict=True))
        if short <= 1e-6:
            break
        give = [max(0.0, w - lo) for w, lo in zip(widths, low, strict=True)]
        widths = [
            lo if w <= lo else w - short * g / sum(give)
            for w, lo, g in zip(widths, low, give, strict=True)
        ]
    return widths
