"""`make` as users run it: a typo or Ctrl-C must leave every previous output whole, an edited
input of any kind must rebuild, and an output the content no longer makes must go.

One checkout is built once and shared by the tests of this module (they run in order, in one
process): every full build costs seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SAMPLE
from pdfutil import own_group
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = (
    "patient-brochure.pdf",
    "clinician-summary.pdf",
    "patient-booklet.pdf",
    "patient-brochure-large-print.pdf",
    "patient-trifold.pdf",
    "patient-brochure.html",
)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory, built: dict[str, object]) -> Path:
    """A copy of the project with the frozen sample leaflet, using this checkout's installed
    tool, with outputs built. (``built`` first: its build of the same sample filled the
    cache that make's builds share, BROCHURE_CACHE, so none of them prepares it again.)"""
    tmp_path = tmp_path_factory.mktemp("make")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)  # copy2: pyproject stays older than .venv
    for name in ("content.yaml", "content.es.yaml"):  # the frozen sample, not today's content
        shutil.copy2(SAMPLE / name, tmp_path / name)
    shutil.copytree(ROOT / "assets", tmp_path / "assets", symlinks=True)  # tests edit pictures
    (tmp_path / "brochure").symlink_to(ROOT / "brochure")
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["make", "-s"], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


def hashes(root: Path) -> dict[str, str]:
    return {n: hashlib.sha256((root / "output" / n).read_bytes()).hexdigest() for n in OUTPUTS}


def edit_title(root: Path, new: str) -> None:
    content = root / "content.yaml"
    source = content.read_text(encoding="utf-8")
    content.write_text(source.replace("\n  title: ", f"\n  title: {new} ", 1), encoding="utf-8")


def make(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make"], cwd=root, capture_output=True, text=True)


def assert_whole_and_as_reported(root: Path) -> None:
    """Every output is a whole file, and exactly the one build-report.json describes: the
    files a reader sees all come from one build."""
    out = root / "output"
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    listed = {e["file"]: e["sha256"] for e in report["outputs"]}
    assert set(listed) == set(OUTPUTS)
    for name in OUTPUTS:
        data = (out / name).read_bytes()
        whole_pdf = data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
        whole_html = name.endswith(".html") and data.rstrip().endswith(b"</html>")
        assert whole_pdf or whole_html, name
        assert hashlib.sha256(data).hexdigest() == listed[name], f"{name} is not the reported one"


def test_a_typo_under_make_deletes_nothing(checkout: Path) -> None:
    """This test ensures a failed build leaves all five outputs byte-identical (make used to
    delete four of them)."""
    before = hashes(checkout)
    content = checkout / "content.yaml"
    good = content.read_text(encoding="utf-8")
    content.write_text(good.replace("\n  subtitle:", "\n  subtitel:", 1), encoding="utf-8")
    run = make(checkout)
    content.write_text(good, encoding="utf-8")
    assert run.returncode == 2
    assert "subtitel" in run.stderr and "Deleting" not in run.stderr
    assert hashes(checkout) == before


# --- Ctrl-C at several moments of a build, each recognised from the build's own progress -----


def descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process below ``pid``, from /proc."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # exited meanwhile
            parent[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, pp in parent.items() if pp in frontier]
        frontier = kids
        for p in kids:
            try:
                cmd = (Path("/proc") / str(p) / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            found.append((p, cmd.decode(errors="replace")))
    return found


def tool_started(root: Path, make_pid: int) -> bool:
    """The tool is running (it may still be importing)."""
    return any("brochure build" in cmd for _p, cmd in descendants(make_pid))


def laying_out(root: Path, make_pid: int) -> bool:
    """The tool has forked its layout workers: it is inside the build, whatever the machine's
    speed (it forks them on two or more cores, as on the machine `make test` runs on)."""
    return sum("brochure build" in cmd for _p, cmd in descendants(make_pid)) >= 2


def publishing(root: Path, make_pid: int) -> bool:
    """A new generation folder is being written into output/."""
    out = root / "output"
    current = os.readlink(out / ".current")  # the fixture's build made one
    return any(p.name.startswith(".gen-") and p.name != current for p in out.iterdir())


Moment = Callable[[Path, int], bool]


def interrupt_at(root: Path, moment: Moment) -> tuple[bool, str]:
    """Run make, send SIGINT to its process group as soon as ``moment`` is seen; return
    whether the interrupt was sent, and make's stderr."""

    run = subprocess.Popen(
        ["make"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=own_group,
    )
    sent = False
    try:
        while run.poll() is None:
            if moment(root, run.pid):
                os.killpg(run.pid, signal.SIGINT)
                sent = True
                break
            time.sleep(0.002)  # a poll, not a wait for the build: the moment is what decides
        try:
            _out, err = run.communicate(timeout=120)  # a hang is the failure, not slowness
        except subprocess.TimeoutExpired as hung:
            left = "\n".join(f"{p} {cmd}" for p, cmd in descendants(run.pid))
            said = (hung.stderr or b"").decode(errors="replace")
            raise AssertionError(f"make hung after SIGINT; running:\n{left}\n{said}") from None
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.communicate()
    return sent and run.returncode != 0, err.decode(errors="replace")


def test_ctrl_c_under_make_leaves_every_output_whole(checkout: Path) -> None:
    """This test ensures Ctrl-C to make's process group at start-up, during layout and while
    the outputs are published leaves every output whole and all of them from one build
    (make used to delete four of them), and that at least one interrupt landed inside the
    build itself."""
    landed = []
    for n, moment in enumerate((tool_started, laying_out, publishing)):
        edit_title(checkout, f"Edit{n}")
        sent, err = interrupt_at(checkout, moment)
        assert "Deleting" not in err
        assert_whole_and_as_reported(checkout)
        landed.append(sent and "interrupted: nothing was changed in the output folder" in err)
    assert any(landed), "no interrupt reached the build; the test proves nothing"


# --- make's prerequisites are what the build read ----------------------------------------------


def test_an_edited_picture_of_any_kind_makes_make_rebuild(checkout: Path) -> None:
    """This test ensures that editing a picture make's old hand-written list did not name
    (a .jpeg) rebuilds the outputs that print it (make used to say "Nothing to be done"), and
    that deleting it gets the tool's message."""
    picture = checkout / "assets" / "images" / "questions.jpeg"
    with Image.open(checkout / "assets" / "images" / "questions.png") as im:
        im.convert("RGB").save(picture, quality=90)
    content = checkout / "content.yaml"
    source = content.read_text(encoding="utf-8")
    assert source.count("image: images/questions.png") == 1
    content.write_text(source.replace("images/questions.png", "images/questions.jpeg"), "utf-8")
    assert make(checkout).returncode == 0
    assert "assets/images/questions.jpeg" in (checkout / "output" / ".deps.mk").read_text()
    before = hashes(checkout)
    with Image.open(picture) as im:
        im.rotate(180).save(picture, quality=90)
    run = make(checkout)
    assert run.returncode == 0, run.stderr
    assert "Nothing to be done" not in run.stdout
    rebuilt = {line.split()[0] for line in run.stdout.splitlines() if "pages" in line}
    assert "output/patient-brochure.pdf" in rebuilt
    assert hashes(checkout)["patient-brochure.pdf"] != before["patient-brochure.pdf"]
    assert "Nothing to be done" in make(checkout).stdout  # and once built, it is up to date
    saved, stat = picture.read_bytes(), picture.stat()
    picture.unlink()
    run = make(checkout)
    picture.write_bytes(saved)  # as it was, to the nanosecond: the outputs are up to date
    os.utime(picture, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # (no rebuild for the next test)
    assert run.returncode == 2  # the tool's located error, not make's "No rule to make target"
    assert "No rule" not in run.stderr and "questions.jpeg" in run.stderr


# --- an output whose source is gone does not linger --------------------------------------------


def test_an_output_the_content_no_longer_makes_is_removed(checkout: Path) -> None:
    """This test ensures removing the content's summary removes clinician-summary.pdf from
    output/ and from build-report.json, says so, keeps every other output and leaves make
    satisfied (it used to stay in output/ and the report forever)."""
    content = checkout / "content.yaml"
    good = content.read_text(encoding="utf-8")
    start = good.index("\nsummary:\n")
    end = good.index("\nreferences:\n")
    assert make(checkout).returncode == 0
    (checkout / "output" / "notes.txt").write_text("not the tool's")
    try:
        content.write_text(good[:start] + good[end:], encoding="utf-8")
        run = make(checkout)
        again = make(checkout)
    finally:
        content.write_text(good, encoding="utf-8")
    assert "Nothing to be done" in again.stdout  # make no longer expects the summary
    assert run.returncode == 0, run.stderr
    assert "output/clinician-summary.pdf" in run.stdout
    line = next(x for x in run.stdout.splitlines() if x.startswith("output/clinician-summary"))
    assert line.split(None, 1)[1] == "removed: this content no longer makes it"
    out = checkout / "output"
    assert not (out / "clinician-summary.pdf").exists()
    assert not (out / "clinician-summary.pdf").is_symlink()
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert sorted(e["file"] for e in report["outputs"]) == sorted(
        n for n in OUTPUTS if n != "clinician-summary.pdf"
    )
    for name in OUTPUTS:  # rebuilt (their "About" box no longer offers a summary), whole
        if name != "clinician-summary.pdf":
            data = (out / name).read_bytes()
            assert data.startswith((b"%PDF", b"<!DOCTYPE")) and data != b"", name
    assert (out / "notes.txt").read_text() == "not the tool's"
    assert make(checkout).returncode == 0  # the summary is back: later tests see all outputs
    assert (out / "clinician-summary.pdf").read_bytes().startswith(b"%PDF")


def test_make_preflight_finds_nothing_in_what_make_built(checkout: Path) -> None:
    """This test ensures `make preflight` checks the five PDFs the build made and finds nothing:
    no overprint, broken word, marker, small text, safe-margin, picture, font or page-count
    finding in any of them."""
    run = subprocess.run(["make", "-s", "preflight"], cwd=checkout, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "preflight: 0 findings in 5 files" in run.stderr, run.stderr
