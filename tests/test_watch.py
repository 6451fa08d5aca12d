"""`brochure watch`: the warm rebuild writes the brochure first, touches only what an edit
affects, stops a round when the inputs are saved again, and stops cleanly on SIGTERM."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pdfutil import TODAY, text
from test_document import LEAFLET

from brochure.diff import run_diff
from brochure.pipeline import Paths
from brochure.watch import Rebuilder, by_readers, snapshot, watch

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def leaflet(tmp_path: Path) -> Path:
    (tmp_path / "content.yaml").write_text(LEAFLET, encoding="utf-8")
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    return tmp_path


def _rebuilder(root: Path) -> tuple[Rebuilder, list[str]]:
    said: list[str] = []
    return Rebuilder(Paths.for_project(root), root / "output", TODAY, said.append), said


def _files(out: Path) -> dict[str, tuple[int, int]]:
    """Each output's inode and modification time (what a viewer or make would notice)."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in out.iterdir()
        if p.suffix in (".pdf", ".html")
    }


def test_the_brochure_is_written_first_and_a_summary_edit_touches_the_summary_alone(
    leaflet: Path,
) -> None:
    """This test ensures watch publishes the most-read output first, each as soon as it is
    made, and that an edit to the clinician summary replaces that file and no other."""
    rebuild, said = _rebuilder(leaflet)
    rebuild()
    written = [line.split()[0].split("/")[-1] for line in said]
    assert written[0] == "patient-brochure.pdf"
    assert "clinician-summary.pdf" in written and len(written) == len(set(written)) >= 4
    out = leaflet / "output"
    before = _files(out)
    content = leaflet / "content.yaml"
    content.write_text(LEAFLET.replace("Moist healing", "Moist wound healing"), encoding="utf-8")
    said.clear()
    rebuild()
    after = _files(out)
    assert [n for n in after if after[n] != before[n]] == ["clinician-summary.pdf"]
    assert "Moist wound healing" in text(out / "clinician-summary.pdf")
    assert [line.split()[0].split("/")[-1] for line in said] == ["clinician-summary.pdf"]


def test_diff_after_a_round_compares_with_the_words_before_the_edit(leaflet: Path) -> None:
    """This test ensures `brochure diff` after a watch round shows the edit (each output is
    published on its own, and each publication used to make the last one "previous")."""
    rebuild, _said = _rebuilder(leaflet)
    rebuild()
    content = leaflet / "content.yaml"
    content.write_text(LEAFLET.replace("Wash your hands", "Wash both hands"), encoding="utf-8")
    assert len(rebuild()) >= 4
    changes = "\n".join(run_diff(leaflet / "output"))
    assert "Wash both hands" in changes and "Wash your hands" in changes


def test_a_save_during_a_round_starts_again_with_the_brochure(leaflet: Path) -> None:
    """This test ensures a round stops after the brochure when the inputs change again (the
    next round, brochure first, has the newer words)."""
    rebuild, said = _rebuilder(leaflet)
    made = rebuild(lambda: True)
    assert [b.path.name for b in made] == ["patient-brochure.pdf"]
    assert len(said) == 1


def test_most_read_first_and_unknown_variants_last() -> None:
    """This test ensures the order watch builds in: patients' copies first, new variants last."""
    order = by_readers(["summary", "trifold", "booklet", "html", "brochure", "large-print"])
    assert order == ["brochure", "html", "large-print", "booklet", "summary", "trifold"]


def test_a_save_is_seen_and_rebuilt(leaflet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures the poll sees a saved file and calls the rebuild once for it."""
    content = leaflet / "content.yaml"
    calls: list[int] = []

    def save(_seconds: float) -> None:  # the user saves while watch sleeps
        if not calls:
            st = content.stat()
            os.utime(content, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))

    monkeypatch.setattr("brochure.watch.time.sleep", save)
    out = io.StringIO()
    watch(lambda changed: calls.append(1) or [], leaflet, out, rounds=3)
    assert calls == [1]
    assert "rebuilt nothing changed" in out.getvalue()


def test_sigterm_stops_watch_cleanly(leaflet: Path) -> None:
    """This test ensures SIGTERM stops watch as Ctrl-C does: it says so, exits 0, and leaves
    no process of its own behind."""
    with subprocess.Popen(
        [sys.executable, "-m", "brochure", "watch", "--root", str(leaflet)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("watching"):
                break
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        proc.send_signal(signal.SIGTERM)
        rest = proc.stdout.read()
        assert proc.wait(timeout=30) == 0
    assert "stopped watching" in rest
    assert children == []
    shutil.rmtree(leaflet / "output")


def test_an_edited_svg_prints_as_edited(tmp_path: Path, own_cache: None) -> None:
    """This test ensures watch (and the studio, which rebuilds through it) prints an SVG as
    it is after an edit, though the old file's drawing is kept on disk and in the session:
    an edit of the same length still gives the file a new time stamp, so a new key. What it
    prints is what a build with no cache prints of the edited file."""
    from brochure.cli import main

    (tmp_path / "content.yaml").write_text(LEAFLET, encoding="utf-8")
    shutil.copytree(ROOT / "assets", tmp_path / "assets", symlinks=True)
    rebuild, _said = _rebuilder(tmp_path)
    assert [b.path.name for b in rebuild(lambda: True)] == ["patient-brochure.pdf"]
    pdf = tmp_path / "output" / "patient-brochure.pdf"
    before = pdf.read_bytes()
    logo = tmp_path / "assets" / "logos" / "northgate.svg"  # the default brand's
    svg = logo.read_text(encoding="utf-8")
    assert "#1B5E7A" in svg
    logo.write_text(svg.replace("#1B5E7A", "#7A1B5E"), encoding="utf-8")
    rebuild(lambda: True)
    edited = pdf.read_bytes()
    assert edited != before
    shutil.rmtree(tmp_path / ".cache")
    cold = tmp_path / "cold"
    args = ["--variant", "brochure", "--today", TODAY.isoformat(), "--out", str(cold)]
    assert main(["build", "--root", str(tmp_path), *args]) == 0
    assert (cold / "patient-brochure.pdf").read_bytes() == edited


def test_a_saves_temporary_file_is_not_an_input(tmp_path: Path) -> None:
    """This test ensures what watch and the studio poll leaves out the hidden temporary file
    an atomic save writes before its rename (seen, it started a second, empty build), and
    sees library leaflets as inputs."""
    brands = tmp_path / "assets" / "brands"
    brands.mkdir(parents=True)
    (tmp_path / "content.yaml").write_text("a", encoding="utf-8")
    (brands / "default.yaml").write_text("b", encoding="utf-8")
    (brands / ".default.yaml.x1y2z3.tmp").write_text("b2", encoding="utf-8")
    leaflet = tmp_path / "leaflets" / "second" / "content.yaml"
    leaflet.parent.mkdir(parents=True)
    leaflet.write_text("c", encoding="utf-8")
    seen = {p.relative_to(tmp_path).as_posix() for p in snapshot(tmp_path)}
    assert seen == {"content.yaml", "assets/brands/default.yaml", "leaflets/second/content.yaml"}
