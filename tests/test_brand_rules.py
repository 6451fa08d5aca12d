"""Brand files: per-language words, the contrast of every colour pair drawn, a contact channel."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from brochure.errors import Report
from brochure.locale import _DIR as LOCALES
from brochure.session import Session
from brochure.theme.brand import Brand, Translations, load_brand, localize
from brochure.theme.colors import INKS
from brochure.theme.styles import STYLE_INKS, build_styles
from brochure.theme.theme import Theme, load_theme
from brochure.variants import registry

ASSETS = Path(__file__).resolve().parent.parent / "assets"
BRANDS = ASSETS / "brands"


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


def _theme(tmp_path: Path, source: str) -> tuple[Theme | None, list[str]]:
    brand, report = _load(tmp_path, source)
    theme = load_theme(brand, ASSETS, report, Session())
    return theme, [p.format() for p in report.problems]


def test_yellow_accent_under_white_step_numbers_is_refused(tmp_path):
    """This test ensures the accent is checked where it is drawn: under white step numbers
    (small bold text, 4.5:1) and as bullets (marks, 3:1), each located at colors.accent."""
    theme, problems = _theme(
        tmp_path, 'name: Qzx Clinic\ncolors:\n  accent: "#FDB813"\ncontact: {phone: 555-0100}\n'
    )
    assert theme is None
    at = "assets/brands/clinic.yaml:3:11: colors.accent: "
    assert problems == [
        at + "#FFFFFF on #FDB813 has contrast 1.74:1, below the WCAG AA 4.5:1 needed for "
        "white step numbers on the accent (9.2 pt bold); try #986E0B",
        at + "#FDB813 on #FFFFFF has contrast 1.74:1, below the WCAG AA 3:1 needed for "
        "bullets; try #C08C0E",
        at + "#FDB813 on #E9F2F5 has contrast 1.53:1, below the WCAG AA 3:1 needed for "
        "bullets in callouts; try #B1810D",
        at + "#FDB813 on #FFF9EC has contrast 1.66:1, below the WCAG AA 3:1 needed for "
        "bullets in 'important' callouts; try #BB880E",
    ]


def test_secondary_colour_is_checked_as_the_small_text_it_prints(tmp_path):
    """This test ensures a secondary at 3.8:1 (enough for the old 3:1 heading rule) is refused:
    it prints 7-8.5 pt running heads and footers, which need 4.5:1."""
    theme, problems = _theme(
        tmp_path, 'name: Qzx Clinic\ncolors:\n  secondary: "#3A9088"\ncontact: {phone: 555-0100}\n'
    )
    assert theme is None
    assert problems == [
        "assets/brands/clinic.yaml:3:14: colors.secondary: #3A9088 on #FFFFFF has contrast "
        "3.80:1, below the WCAG AA 4.5:1 needed for sub-headings, running heads and cover "
        "footers (7 pt); try #34827A"
    ]


def test_large_text_and_marks_need_3_to_1():
    """This test ensures WCAG's size rule: 18 pt, or 14 pt bold, and marks need only 3:1."""
    from brochure.theme.colors import Ink

    assert Ink("a", "b", 18.0, False, "").needed == 3.0
    assert Ink("a", "b", 17.9, False, "").needed == 4.5
    assert Ink("a", "b", 14.0, True, "").needed == 3.0
    assert Ink("a", "b", 13.9, True, "").needed == 4.5
    assert Ink("a", "b", 0, False, "").needed == 3.0


def test_every_style_prints_in_its_checked_colour_at_least_its_checked_size(tmp_path):
    """This test ensures no paragraph style escapes the contrast check: in every variant and
    sheet, a style's colour is its role's and its size is not below the size that was checked."""
    theme, problems = _theme(tmp_path, "name: Qzx Clinic\ncontact: {phone: 555-0100}\n")
    assert theme is not None, problems
    checked = 0
    for variant in registry().values():
        if variant.plan is None:
            continue
        for page in (396 / 612, 1.0):  # a booklet's half sheet and a full one
            for name, style in build_styles(theme, variant.plan.scale, page).items():
                ink = STYLE_INKS.get(name, "body")
                assert style.textColor == theme.ink(ink), (variant.name, name)
                assert style.fontSize >= INKS[ink].size, (variant.name, name, style.fontSize)
                checked += 1
    assert checked > 40


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ("name: Qzx Clinic\n", "1:1"),
        ("name: Qzx Clinic\ncontact:\n  address: [1 Qzx Street]\n", "3:3"),
    ],
)
def test_a_brand_without_a_way_to_reach_the_clinic_is_refused(tmp_path, source, where):
    """This test ensures a brand with no phone, email or website (an address alone included)
    is refused at its contact block, instead of printing "Contact us" over nothing."""
    theme, problems = _theme(tmp_path, source)
    assert theme is None
    assert problems == [
        f"assets/brands/clinic.yaml:{where}: contact: the brand gives patients no way to reach "
        "the clinic (give at least one of contact.phone, contact.email or contact.website)"
    ]


@pytest.mark.parametrize(
    "channel", ["phone: 555-0100", "email: a@qzx.example", "website: https://qzx.example"]
)
def test_one_contact_channel_is_enough(tmp_path, channel):
    """This test ensures any one of phone, email or website satisfies the contact rule."""
    theme, problems = _theme(tmp_path, f"name: Qzx Clinic\ncontact: {{{channel}}}\n")
    assert theme is not None and problems == []
