"""Reading level of the patient text, measured the same way every time.

The units are the authored prose of the composed patient document (``render.text``): every
paragraph, list item, step, checklist item, callout, key fact, table cell, glossary
definition and the disclaimer. A unit without final punctuation gets a full stop; the
units are joined and scored with textstat: Flesch-Kincaid grade for English,
Fernández-Huerta for Spanish. Headings, glossary terms, captions, references and the fixed
wording of the template are left out. The clinician summary is exempt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .adapters.textstat import textstat
from .document.nodes import Document
from .render.text import joined, reading_units, sentences


@dataclass(frozen=True)
class Score:
    """A reading score of some text, with its counts and its longest sentence."""

    name: str
    grade: float  # FK grade (English) or Fernández-Huerta ease (Spanish)
    words: int
    sentences: int
    longest: str


def score(name: str, units: list[str], lang: str = "en") -> Score:
    ts = textstat()
    text = joined(units)
    ts.set_lang("es" if lang.startswith("es") else "en")
    value = ts.fernandez_huerta(text) if lang.startswith("es") else ts.flesch_kincaid_grade(text)
    found = sentences(units)
    longest = max(found, key=lambda s: len(s.split()), default="")
    return Score(name, float(value), ts.lexicon_count(text), max(1, len(found)), longest)


def brochure_scores(document: Document) -> list[Score]:
    """One score per section and one for the whole brochure (last)."""
    lang = document.lang
    sections = reading_units(document)
    scores = [score(name, units, lang) for name, units in sections]
    scores.append(score("Whole brochure", [u for _n, units in sections for u in units], lang))
    return scores


_LETTER = re.compile(r"[A-Za-z]").search
_NOT_LETTERS = re.compile(r"[^a-z]+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+").findall


@cache  # a leaflet says "ankle" forty times
def _syllables(word: str) -> int:
    w = _NOT_LETTERS.sub("", word.lower())
    if not w:
        return 0
    n = len(_VOWEL_GROUPS(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    return max(1, n)


def quick_reading(units: list[str], lang: str) -> tuple[str, float]:
    """The build report's reading measure, named: English gets the Flesch-Kincaid grade,
    Spanish the Fernandez-Huerta ease that ``check`` prints for it, never an English grade
    for Spanish text."""
    if not lang.startswith("es"):
        return "reading_grade", quick_grade(units)
    # textstat measures Spanish with the hyphenation patterns (cheap), so the report can
    # print exactly what check prints.
    return "reading_ease_fernandez_huerta", score("", units, lang).grade


def quick_grade(units: list[str]) -> float:
    """Flesch-Kincaid grade with the content guide's vowel-group syllable count.

    Used in the build report, where loading textstat's pronouncing dictionary would cost more
    than the build; it agrees with textstat within about half a grade (CONTENT_GUIDE.md §3).
    """
    found = sentences(units)
    words = [t.strip(".,;:!?()\"'[]") for s in found for t in s.split()]
    words = [w for w in words if _LETTER(w)]
    if not words or not found:
        return 0.0
    syl = sum(sum(_syllables(p) for p in w.split("-")) or 1 for w in words)
    return 0.39 * len(words) / len(found) + 11.8 * syl / len(words) - 15.59
