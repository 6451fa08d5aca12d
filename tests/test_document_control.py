"""Document control: draft watermark, approval bound to content, review dates, report, diff."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import MINIMAL, approve, copy_project
from pdfutil import TODAY, reader, text

from brochure import build
from brochure.cli import main
from brochure.content.control import content_hash
from brochure.content.project import load_content
from brochure.errors import Report
from brochure.pipeline import Paths
from brochure.variants import Options, registry

PDF_VARIANTS = [n for n, v in registry().items() if v.filename.endswith(".pdf")]


def _draft_on_every_page(path: Path, word: str = "DRAFT") -> bool:
    return all(word in (p.extract_text() or "") for p in reader(path).pages)


def test_draft_watermark_on_every_page_of_every_variant(built):
    """This test ensures a draft prints DRAFT (as text) on every page of every PDF."""
    for name in PDF_VARIANTS:
        assert _draft_on_every_page(built[name].path), name


@pytest.fixture(scope="module")
def approved(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("approved"))
    approve(project / "content.yaml")
    return project


def test_approved_document_has_no_watermark_and_carries_its_hash(approved, tmp_path):
    """This test ensures an approved document prints clean and records the approved hash."""
    built = {
        b.variant: b
        for b in build(Paths.for_project(approved), PDF_VARIANTS, tmp_path, Options(TODAY))
    }
    for name in PDF_VARIANTS:
        assert "DRAFT" not in text(built[name].path), name
    meta = reader(built["brochure"].path).metadata
    assert meta["/Status"] == "approved"
    assert meta["/ApprovedBy"] == "Dr. Test, Medical director"
    assert meta["/ContentHash"] == content_hash(load_content(approved / "content.yaml", Report()))
    assert meta["/DocumentID"] == "NSC-PE-0142" and meta["/Version"] == "1.0"
    assert meta["/LastReviewed"] == "2026-11-26" and meta["/NextReview"] == "2028-11-26"


def test_edit_after_approval_brings_the_watermark_back(approved, tmp_path, capsys):
    """This test ensures an unapproved edit is reported by check and build and prints DRAFT."""
    edited = tmp_path / "p"
    edited.mkdir()
    for item in approved.iterdir():
        (edited / item.name).symlink_to(item) if item.name == "assets" else None
    source = (approved / "content.yaml").read_text(encoding="utf-8")
    (edited / "content.yaml").write_text(
        source.replace(
            "Ask your doctor about all your options", "Ask your doctor about every option"
        ),
        encoding="utf-8",
    )
    assert main(["check", "--root", str(edited), "--today", "2026-11-26"]) == 0
    assert "changed after it was approved" in capsys.readouterr().err
    assert (
        main(["build", "--root", str(edited), "--variant", "brochure", "--today", "2026-11-26"])
        == 0
    )
    assert "changed after it was approved" in capsys.readouterr().err
    assert _draft_on_every_page(edited / "output" / "patient-brochure.pdf")
    assert main(["build", "--root", str(edited), "--strict", "--today", "2026-11-26"]) == 2


def _review_due(tmp_path: Path, due: str) -> Path:
    """A project whose small leaflet is due for review on ``due``."""
    (tmp_path / "assets").symlink_to(Path(__file__).resolve().parent.parent / "assets")
    source = MINIMAL.replace("  last_reviewed: 2026-01-01\n", "  last_reviewed: 2026-11-01\n")
    source = source.replace("  last_reviewed:", f"  next_review: {due}\n  last_reviewed:")
    (tmp_path / "content.yaml").write_text(source, encoding="utf-8")
    return tmp_path


def test_review_dates_with_a_fixed_today(tmp_path, capsys):
    """This test ensures warnings within 90 days and a strict refusal after the review date."""
    root = _review_due(tmp_path, "2028-11-26")
    assert main(["check", "--root", str(root), "--today", "2026-12-01"]) == 0
    assert "review date" not in capsys.readouterr().err
    assert main(["check", "--root", str(root), "--today", "2028-10-01"]) == 0
    assert "is 56 days away" in capsys.readouterr().err
    assert main(["check", "--root", str(root), "--today", "2028-12-01", "--strict"]) == 2
    assert "has passed" in capsys.readouterr().err


def test_build_report_matches_the_pdfs(built):
    """This test ensures build-report.json gives each output's real pages, size and hash."""
    out = built["brochure"].path.parent
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    entries = {e["file"]: e for e in report["outputs"]}
    for b in built.values():
        e = entries[b.path.name]
        data = b.path.read_bytes()
        assert e["sha256"] == hashlib.sha256(data).hexdigest()
        assert e["bytes"] == len(data)
        if b.path.suffix == ".pdf":
            assert e["pages"] == len(reader(b.path).pages)
            assert e["fonts"] and all("Noto" in f for f in e["fonts"])
    cover = next(i for i in entries["patient-brochure.pdf"]["images"] if i["name"] == "cover.png")
    assert cover["effective_ppi"] >= 290
    assert entries["patient-brochure.pdf"]["reading_grade"] <= 8


def test_diff_names_the_one_edited_sentence(tmp_path, capsys):
    """This test ensures diff after a one-sentence edit shows that sentence and nothing else."""
    project = copy_project(tmp_path)
    assert main(["build", "--root", str(project), "--variant", "brochure"]) == 0
    path = project / "content.yaml"
    old = "Lifestyle"
    source = path.read_text(encoding="utf-8")
    assert "A hard fall or a car crash can speed up disc wear." in source
    path.write_text(
        source.replace(
            "A hard fall or a car crash can speed up disc wear.",
            "A hard fall or a sports injury can speed up disc wear.",
        ),
        encoding="utf-8",
    )
    assert main(["build", "--root", str(project), "--variant", "brochure"]) == 0
    capsys.readouterr()
    assert main(["diff", "--root", str(project)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "in 'Your spine and its discs':"
    assert lines[1].strip() == "changed: A hard fall or a car crash can speed up disc wear."
    assert lines[2].strip() == "to: A hard fall or a sports injury can speed up disc wear."
    assert len(lines) == 3 and old not in "".join(lines)


def test_no_test_depends_on_the_clock(tmp_path):
    """This test ensures the review checks take today as an argument (no hidden clock)."""
    from brochure.content.control import review_problems

    content = load_content(_review_due(tmp_path, "2028-11-26") / "content.yaml", Report())
    assert review_problems(content, date(2026, 11, 26)) == []
    assert review_problems(content, date(2029, 1, 1))


SMALL = MINIMAL.replace(
    "  last_reviewed: 2026-01-01\n",
    "  status: draft\n  last_reviewed: 2026-11-01\n"
    '  reviewed_by: {name: "REVIEWER", role: "Nurse practitioner"}\n',
)


def _reviewed_by(tmp_path: Path, name: str) -> Path:
    (tmp_path / "assets").symlink_to(Path(__file__).resolve().parent.parent / "assets")
    path = tmp_path / "content.yaml"
    path.write_text(SMALL.replace("REVIEWER", name), encoding="utf-8")
    approve(path)
    return tmp_path


@pytest.mark.parametrize(
    "name", ["TBD", "Reviewer name", "<name>", "XXX", "Dr. XXX", "[name]", "n/a", "?", "Nombre"]
)
def test_release_refuses_a_placeholder_reviewer(tmp_path, capsys, name):
    """This test ensures check warns and a release (--strict) refuses a placeholder reviewer,
    at the reviewer's line and column, while the approved document is otherwise releasable."""
    root = _reviewed_by(tmp_path, name)
    expected = (
        f"content.yaml:8:23: warning: document.reviewed_by.name: '{name}' is a placeholder, "
        "not a real name: name the clinician who reviewed the content before it is released"
    )
    assert main(["check", "--root", str(root)]) == 0
    assert expected in capsys.readouterr().err.splitlines()
    assert main(["check", "--root", str(root), "--strict"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert expected.replace("warning: ", "") in err, err


@pytest.mark.parametrize("name", ["Dr. Maya Qzx", "Dr. Test", "Max Tbdson", "Dr. Ana Núñez"])
def test_release_accepts_a_real_reviewer(tmp_path, capsys, name):
    """This test ensures real names (even ones containing 'tbd' or 'xx' inside a word) pass."""
    root = _reviewed_by(tmp_path, name)
    assert main(["check", "--root", str(root), "--strict"]) == 0, capsys.readouterr().err
    assert "placeholder" not in capsys.readouterr().err
