"""The build report's reading measure is the one `check` prints for the edition's language."""

from __future__ import annotations

from brochure.readability import quick_reading, score

SPANISH = ["Lávese las manos antes de tocar la herida.", "Mantenga la venda seca dos días."]
ENGLISH = ["Wash your hands before you touch the wound.", "Keep the dressing dry for two days."]


def test_a_spanish_edition_reports_the_spanish_measure() -> None:
    """This test ensures a Spanish edition's report gives Fernandez-Huerta reading ease, equal
    to check's figure (it gave an English Flesch-Kincaid grade, 10.5 next to check's 79.5)."""
    name, value = quick_reading(SPANISH, "es-US")
    assert name == "reading_ease_fernandez_huerta"
    assert value == score("", SPANISH, "es-US").grade and value > 60


def test_an_english_edition_reports_a_grade() -> None:
    """This test ensures English keeps the Flesch-Kincaid grade, low for plain sentences."""
    name, value = quick_reading(ENGLISH, "en-US")
    assert name == "reading_grade" and 0 < value < 6
