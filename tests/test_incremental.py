"""Rebuild only what changed: fingerprints per variant, atomic writes, make-friendly mtimes."""

from __future__ import annotations

from conftest import ROOT, copy_project
from test_document import LEAFLET

from brochure.cli import main


def _run(project, capsys, *extra):
    assert main(["build", "--root", str(project), *extra]) == 0
    return capsys.readouterr().out


def test_only_affected_variants_rebuild(tmp_path, capsys):
    """This test ensures a summary-only edit rebuilds the summary and none of the patient files."""
    project = tmp_path  # a small leaflet with a summary (test_document.LEAFLET)
    (project / "assets").symlink_to(ROOT / "assets")
    content = project / "content.yaml"
    content.write_text(LEAFLET, encoding="utf-8")
    first = _run(project, capsys)
    assert "up to date" not in first
    again = _run(project, capsys)
    assert again.count("up to date") == 5
    source = content.read_text(encoding="utf-8")
    assert source.count("Moist healing is standard") == 1  # a sentence of the summary only
    content.write_text(
        source.replace("Moist healing is standard", "Moist healing is usual"), encoding="utf-8"
    )
    third = _run(project, capsys)
    lines = dict(line.split(None, 1) for line in third.strip().splitlines())
    assert "up to date" not in lines["output/clinician-summary.pdf"]
    for name in (
        "patient-brochure.pdf",
        "patient-booklet.pdf",
        "patient-brochure-large-print.pdf",
        "patient-brochure.html",
    ):
        assert lines[f"output/{name}"] == "up to date", name
    forced = _run(project, capsys, "--force")
    assert "up to date" not in forced


def test_no_temporary_files_are_left(tmp_path, capsys):
    """This test ensures a build leaves only finished files in output/."""
    project = copy_project(tmp_path)
    _run(project, capsys, "--variant", "summary")
    leftovers = [p.name for p in (project / "output").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_make_reads_the_dependency_file_whatever_the_file_names(tmp_path):
    """This test ensures the dependency file the build writes works in GNU make for inputs
    whose names hold a colon, a space, '#' or '$': an edited one rebuilds, a deleted one
    rebuilds instead of stopping make with "No rule to make target"."""
    import os
    import subprocess

    from brochure.incremental import deps_file

    names = ["a:b.png", "c d.png", "e#f.png", "g$h.png"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "out.pdf").write_bytes(b"x")
    (tmp_path / ".deps.mk").write_bytes(deps_file(["out.pdf"], names))
    (tmp_path / "Makefile").write_text("-include .deps.mk\nout.pdf:\n\t@echo rebuilt\n")

    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}

    def make() -> bool:
        """Whether make ran the recipe (under `make test` too, hence its own environment)."""
        run = subprocess.run(
            ["make", "out.pdf"], cwd=tmp_path, capture_output=True, text=True, env=env
        )
        assert run.returncode == 0, run.stderr
        return "rebuilt" in run.stdout

    assert not make()
    for name in names:
        os.utime(tmp_path / name, (2e9, 2e9))  # edited, later than the output
        assert make(), name
        os.utime(tmp_path / name, (1e9, 1e9))
    (tmp_path / names[0]).unlink()
    assert make()


def test_a_build_vouches_only_for_files_saved_well_before_it(tmp_path):
    """This test ensures what a build remembers (to skip planning next time) holds only while
    every input and output is as it was, in the same context; and that an input saved just
    before the build started is not vouched for (a coarse clock may not show its next edit)."""
    import os

    from brochure.incremental import remember, unchanged

    cache, source, output = tmp_path / "cache", tmp_path / "in.yaml", tmp_path / "out.pdf"
    source.write_text("a", encoding="utf-8")
    output.write_text("pdf", encoding="utf-8")
    # The build starts as the input is saved. Times come from the file system's clock (what
    # stamps files), so a faked process clock (libfaketime) reads the same test.
    started = source.stat().st_mtime_ns
    second = 10**9
    remember(cache, "slot", "ctx", [source], [output], started, {"kept": 1})
    assert unchanged(cache, "slot", "ctx") is None  # saved within the racy window
    os.utime(source, ns=(started - 60 * second,) * 2)
    remember(cache, "slot", "ctx", [source], [output], started, {"kept": 1})
    assert unchanged(cache, "slot", "ctx") == {"kept": 1}
    assert unchanged(cache, "slot", "another context") is None
    os.utime(output, ns=(started - 30 * second,) * 2)  # an output touched or replaced
    assert unchanged(cache, "slot", "ctx") is None
    remember(cache, "slot", "ctx", [source], [output], started, {"kept": 2})
    assert unchanged(cache, "slot", "ctx") == {"kept": 2}
    mtime = source.stat().st_mtime_ns
    replaced = tmp_path / "new.yaml"
    replaced.write_text("c", encoding="utf-8")
    os.utime(replaced, ns=(mtime, mtime))
    replaced.replace(source)  # an editor's save: a new file renamed over, same size and time
    assert unchanged(cache, "slot", "ctx") is None  # told apart by its inode


def test_the_report_warns_of_a_review_now_due_though_nothing_is_rebuilt(tmp_path, capsys):
    """This test ensures build-report.json says what this build warns of even when every
    output is up to date: a review that has become due appears in each output's warnings,
    and goes again when it no longer applies; the outputs stay as they were."""
    import json

    project = tmp_path
    (project / "assets").symlink_to(ROOT / "assets")
    (project / "content.yaml").write_text(LEAFLET, encoding="utf-8")  # reviewed 2026-01-01
    report = project / "output" / "build-report.json"

    def warned(day: str) -> list[list[str]]:
        _run(project, capsys, "--today", day)
        outputs = json.loads(report.read_text(encoding="utf-8"))["outputs"]
        return [[w for w in e["warnings"] if "review date" in w] for e in outputs]

    assert warned("2026-02-01") == [[]] * 5
    pdf = project / "output" / "patient-brochure.pdf"
    before = pdf.read_bytes()
    assert _run(project, capsys, "--today", "2031-06-02").count("up to date") == 5
    due = warned("2031-06-01")
    assert len(due) == 5 and all(len(w) == 1 and "has passed" in w[0] for w in due)
    assert pdf.read_bytes() == before
    assert warned("2026-02-01") == [[]] * 5
