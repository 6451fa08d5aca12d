"""The studio's brand editor without a browser: what it writes into a brand file, and that its
contrast panel says what the build's brand check says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from brochure.errors import BrochureError, Report
from brochure.session import Session
from brochure.studio import brandedit
from brochure.theme.brand import load_brand
from brochure.theme.theme import load_theme

LAKESHORE = ROOT / "assets" / "brands" / "lakeshore.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    for folder in ("brands", "logos"):
        shutil.copytree(ROOT / "assets" / folder, tmp_path / "assets" / folder)
    (tmp_path / "assets" / "fonts").symlink_to(ROOT / "assets" / "fonts")
    return tmp_path


def test_saving_changes_only_the_edited_lines_and_keeps_comments(project: Path) -> None:
    fields = brandedit.read_fields(project, "lakeshore")
    assert fields["colors.primary"] == "#6A2C5B" and fields["fonts.heading"] == "GentiumBookPlus"
    fields["colors.primary"] = "#5a2c5b"
    fields["tagline"] = "Forward, together"
    fields["fonts.heading"] = "NotoSerif"
    brandedit.save_fields(project, "lakeshore", fields)
    before = LAKESHORE.read_text(encoding="utf-8").splitlines()
    after = (project / "assets/brands/lakeshore.yaml").read_text(encoding="utf-8").splitlines()
    changed = {(a, b) for a, b in zip(before, after, strict=True) if a != b}
    assert changed == {
        ("tagline: Moving you forward", "tagline: Forward, together"),
        (
            '  primary: "#6A2C5B"      # plum: cover band, headings',
            '  primary: "#5A2C5B"      # plum: cover band, headings',
        ),
        (
            "    regular: fonts/GentiumBookPlus/GentiumBookPlus-Regular.ttf",
            "    regular: fonts/NotoSerif/NotoSerif-Regular.ttf",
        ),
        (
            "    bold: fonts/GentiumBookPlus/GentiumBookPlus-Bold.ttf",
            "    bold: fonts/NotoSerif/NotoSerif-Bold.ttf",
        ),
    }


def test_saving_unchanged_fields_rewrites_nothing(project: Path) -> None:
    for name in ("lakeshore", "minimal", "riverside", "default"):
        path = project / "assets" / "brands" / f"{name}.yaml"
        before = path.read_bytes()
        brandedit.save_fields(project, name, brandedit.read_fields(project, name))
        assert path.read_bytes() == before, name


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("colors.text", "black", "not a colour"),
        ("paper", "legal", "letter or a4"),
        ("fonts.body", "../../etc", "not a font family"),
        ("logo", "../secret.png", "not a logo"),
        ("tagline", "two\nlines", "one line"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_written(
    project: Path, key: str, value: str, says: str
) -> None:
    path = project / "assets" / "brands" / "lakeshore.yaml"
    before = path.read_bytes()
    fields = brandedit.read_fields(project, "lakeshore") | {key: value}
    with pytest.raises(ValueError, match=says):
        brandedit.save_fields(project, "lakeshore", fields)
    assert path.read_bytes() == before


def test_a_new_brand_is_a_copy_and_names_are_checked(project: Path) -> None:
    made = brandedit.new_brand(project, "harbour", "lakeshore")
    assert made.read_bytes() == LAKESHORE.read_bytes()
    with pytest.raises(BrochureError, match="already a brand"):
        brandedit.new_brand(project, "harbour", "lakeshore")
    with pytest.raises(BrochureError, match="not a brand name"):
        brandedit.new_brand(project, "../evil", "lakeshore")


def test_the_contrast_panel_says_what_the_brand_check_says(project: Path) -> None:
    """The panel's failing pairs and suggested shades are the build's own refusals."""
    fields = brandedit.read_fields(project, "lakeshore") | {"colors.accent": "#D9B36A"}
    brandedit.save_fields(project, "lakeshore", fields)
    report = Report()
    brand = load_brand(project / "assets/brands/lakeshore.yaml", report, "lakeshore")
    assert brand is not None
    load_theme(brand, ROOT / "assets", report, Session())
    build_says = sorted(p.message for p in report.problems if p.src and "accent" in p.src.path)
    panel = brandedit.contrast_report({c: fields[f"colors.{c}"] for c in brandedit.COLORS})
    failing = [c for c in panel["accent"] if not c["passed"]]
    assert build_says and len(failing) == len(build_says)
    for check in failing:
        assert any(
            f"{check['ratio']:.2f}:1" in m and f"try {check['suggestion']}" in m for m in build_says
        )
