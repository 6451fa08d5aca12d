"""Brand files: per-language words, the contrast of every colour pair drawn, a contact channel."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from brochure.errors import Report
from brochure.locale import _DIR as LOCALES
from brochure.theme.brand import Brand, Translations, load_brand, localize

BRANDS = Path(__file__).resolve().parent.parent / "assets" / "brands"


def _load(tmp_path: Path, source: str) -> tuple[Brand, Report]:
    path = tmp_path / "clinic.yaml"
    path.write_text(source, encoding="utf-8")
    report = Report()
    brand = load_brand(path, report, "assets/brands/clinic.yaml")
    assert brand is not None, [p.format() for p in report.problems]
    return brand, report


def test_spanish_edition_takes_the_brand_spanish_words(tmp_path):
    """This test ensures tagline, footer and name are replaced for Spanish and kept for English."""
    brand, _ = _load(
        tmp_path,
        "name: Qzx Clinic\ntagline: Qzx care\nfooter: Qzx footer\n"
        "translations:\n  es:\n    name: Clínica Qzx\n    tagline: Cuidado Qzx\n"
        "    footer: Pie Qzx\n",
    )
    report = Report()
    es = localize(brand, "es-US", report)
    assert (es.name, es.tagline, es.footer) == ("Clínica Qzx", "Cuidado Qzx", "Pie Qzx")
    en = localize(brand, "en-US", report)
    assert (en.name, en.tagline, en.footer) == ("Qzx Clinic", "Qzx care", "Qzx footer")
    assert report.problems == []


def test_missing_spanish_words_are_named_and_fall_back_to_english(tmp_path):
    """This test ensures a tagline and footer without Spanish are warned at their line and print
    in English; the clinic's name needs no translation; the default Spanish tagline never stands
    in for the clinic's own."""
    brand, _ = _load(tmp_path, "name: Qzx Clinic\ntagline: Qzx care\nfooter: Qzx footer\n")
    report = Report()
    es = localize(brand, "es-US", report)
    assert (es.name, es.tagline, es.footer) == ("Qzx Clinic", "Qzx care", "Qzx footer")
    assert [p.format() for p in report.problems] == [
        "assets/brands/clinic.yaml:2:10: warning: tagline: no 'es' value (give "
        "translations.es.tagline); the 'es' edition prints the English 'Qzx care'",
        "assets/brands/clinic.yaml:3:9: warning: footer: no 'es' value (give "
        "translations.es.footer); the 'es' edition prints the English 'Qzx footer'",
    ]


def test_default_tagline_comes_in_the_edition_language(tmp_path):
    """This test ensures a brand that leaves the tagline to the defaults gets the Spanish one."""
    brand, _ = _load(tmp_path, "name: Qzx Clinic\ncontact: {phone: '555-0100'}\n")
    defaults = yaml.safe_load(
        (Path(__file__).parent.parent / "brochure/theme/brand-defaults.yaml").read_text("utf-8")
    )
    report = Report()
    assert localize(brand, "es-US", report).tagline == defaults["translations"]["es"]["tagline"]
    assert localize(brand, "en-US", report).tagline == defaults["tagline"]
    assert report.problems == []


def test_unknown_language_in_translations_is_located(tmp_path):
    """This test ensures a misspelt language is refused at its line, listing the known ones."""
    path = tmp_path / "clinic.yaml"
    path.write_text("name: Qzx Clinic\ntranslations:\n  sp:\n    tagline: Hola\n", "utf-8")
    report = Report()
    assert load_brand(path, report, "assets/brands/clinic.yaml") is None
    assert [p.format() for p in report.errors] == [
        "assets/brands/clinic.yaml:3:3: translations.sp: unknown field 'sp' (expected one of: es)"
    ]


def test_every_layout_language_can_be_translated_in_a_brand():
    """This test ensures a new locale file cannot ship without its place in brand translations."""
    languages = {p.stem for p in LOCALES.glob("*.yaml")} - {"en"}
    fields = {f for f in Translations.__dataclass_fields__ if f != "src"}
    assert languages == fields


@pytest.mark.parametrize("name", sorted(p.stem for p in BRANDS.glob("*.yaml")))
def test_sample_brands_speak_every_language(name):
    """This test ensures every sample brand has its printed words in every layout language."""
    report = Report()
    brand = load_brand(BRANDS / f"{name}.yaml", report)
    assert brand is not None
    for lang in {p.stem for p in LOCALES.glob("*.yaml")}:
        localize(brand, lang, report)
    assert report.problems == []
