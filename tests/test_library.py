"""The leaflet library: many leaflets in one project, one command, nothing tied to a topic.

Two fixture leaflets written for these tests: the default one (content.yaml, with a clinician
summary) and ``leaflets/second`` (no summary, no cover art, a picture of its own beside it, a
placeholder for the clinic's phone, a review date already passed).
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfutil import TODAY, reader, text
from PIL import Image

from brochure import library
from brochure.cli import main

ROOT = Path(__file__).resolve().parent.parent

FIRST = """\
document:
  id: LIB-1
  title: Looking after a sprained ankle
  version: "1"
  last_reviewed: 2026-06-01
brochure:
  sections:
    - id: rest
      title: Rest
      blocks:
        - type: paragraph
          text: Rest the ankle for two days [@nhs].
  disclaimer:
    text: Ask your nurse if unsure.
summary:
  title: Ankle sprain summary
  sections:
    - id: s1
      title: Evidence
      blocks:
        - type: paragraph
          text: Early movement helps [@nhs].
references:
  - id: nhs
    text: NHS. Sprains. 2024.
"""

SECOND = """\
document:
  id: LIB-2
  title: Getting ready for a blood test
  version: "4"
  last_reviewed: 2024-01-01
  next_review: 2025-01-01
brochure:
  sections:
    - id: before
      title: Before the test
      blocks:
        - type: paragraph
          text: Drink water. If you feel faint, call us on {clinic.phone}.
        - type: figure
          image: images/arm.png
          alt: An arm resting on a table
          caption: Rest your arm on the table.
  disclaimer:
    text: Ask the nurse taking your blood if you are unsure.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of two leaflets, built once with --library on the serial executor."""
    root = tmp_path_factory.mktemp("library")
    shutil.copytree(ROOT / "assets", root / "assets")
    (root / "content.yaml").write_text(FIRST, encoding="utf-8")
    second = root / "leaflets" / "second"
    (second / "images").mkdir(parents=True)
    (second / "content.yaml").write_text(SECOND, encoding="utf-8")
    Image.new("RGB", (1200, 800), (180, 40, 40)).save(second / "images" / "arm.png")
    assert main(["build", "--root", str(root), "--library", "--executor", "none"]) == 0
    return root


def test_every_leaflet_builds_into_its_own_folder(project: Path) -> None:
    """This test ensures the default leaflet keeps output/ and a library leaflet writes to
    output/NAME/, with only the variants it makes (no summary without a summary)."""
    out = project / "output"
    assert (out / "patient-brochure.pdf").is_file() and (out / "clinician-summary.pdf").is_file()
    second = out / "second"
    assert (second / "patient-brochure.pdf").is_file()
    assert not (second / "clinician-summary.pdf").exists()
    assert "Getting ready for a blood test" in text(second / "patient-brochure.pdf")
    assert "Looking after a sprained ankle" not in text(second / "patient-brochure.pdf")


def test_placeholder_prints_the_brands_phone(project: Path) -> None:
    """This test ensures {clinic.phone} in a leaflet prints the brand's number."""
    words = " ".join(text(project / "output/second/patient-brochure.pdf").split())
    assert "call us on (217) 555-0142." in words and "{clinic" not in words


def test_the_qr_code_leads_to_the_leaflets_own_page(project: Path) -> None:
    """This test ensures the back-cover address comes from the brand's pattern filled with the
    leaflet's id, never a fixed page of another topic."""
    back = " ".join(text(project / "output/second/patient-brochure.pdf").split())
    assert "leaflets/ LIB-2" in back or "leaflets/LIB-2" in back


def test_about_box_offers_a_summary_only_when_there_is_one(project: Path) -> None:
    """This test ensures "About this leaflet" mentions the clinician summary only for the
    leaflet that has one."""
    first = " ".join(text(project / "output/patient-brochure.pdf").split())
    second = " ".join(text(project / "output/second/patient-brochure.pdf").split())
    assert "summary for clinicians" in first
    assert "summary for clinicians" not in second


def test_a_leaflet_without_cover_art_gets_a_designed_cover(project: Path) -> None:
    """This test ensures the art area of a cover with no picture is not an empty tint: it
    carries the brand's design (many colours, not one flat field)."""
    pdf = pdfium.PdfDocument(str(project / "output/second/patient-brochure.pdf"))
    try:
        image = pdf[0].render(scale=0.5).to_pil().convert("RGB")
    finally:
        pdf.close()
    top = image.crop((0, 0, image.width, image.height // 2))
    assert len(top.getcolors(maxcolors=1 << 20) or []) > 200


def test_the_catalogue_lists_every_leaflet_and_flags_an_overdue_review(project: Path) -> None:
    """This test ensures output/catalogue.pdf and .html list both leaflets with id, version,
    status and languages, mark the passed review date as overdue, and show thumbnails."""
    html = (project / "output" / "catalogue.html").read_text(encoding="utf-8")
    assert "LIB-1, version 1" in html and "LIB-2, version 4" in html
    assert "<dd class=alarm>2025-01-01 (overdue)</dd>" in html
    assert html.count("<img ") == 2
    pdf = reader(project / "output" / "catalogue.pdf")
    words = " ".join((pdf.pages[0].extract_text() or "").split())
    assert "Getting ready for a blood test" in words and "2025-01-01 (overdue)" in words
    assert len(pdf.pages[0].images) == 2


def test_a_second_build_rebuilds_only_what_changed(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """This test ensures the library build is incremental: with nothing changed every output
    is up to date; a one-paragraph edit in one leaflet rebuilds that leaflet's outputs only."""
    args = ["build", "--root", str(project), "--library", "--executor", "none"]
    capsys.readouterr()
    assert main(args) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("output/")]
    pdfs = [ln for ln in lines if not ln.startswith("output/catalogue")]
    assert pdfs and all(ln.endswith("up to date") for ln in pdfs)
    content = project / "leaflets/second/content.yaml"
    content.write_text(SECOND.replace("Drink water.", "Drink a glass of water."), encoding="utf-8")
    assert main(args) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("output/")]
    rebuilt = {ln.split()[0] for ln in lines if "up to date" not in ln}
    assert rebuilt and all(p.startswith(("output/second/", "output/catalogue")) for p in rebuilt)
    content.write_text(SECOND, encoding="utf-8")


def test_an_error_names_leaflet_brand_and_language(project: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """This test ensures a broken leaflet is reported with its name, brand and language, the
    other leaflets still check, and check --library lists every problem with exit 2."""
    broken = project / "leaflets" / "broken"
    broken.mkdir()
    (broken / "content.yaml").write_text(SECOND.replace("{clinic.phone}", "{clinic.fax}"))
    try:
        capsys.readouterr()
        status = main(["check", "--root", str(project), "--library"])
        captured = capsys.readouterr()
    finally:
        shutil.rmtree(broken)
    assert status == 2
    assert "broken/default/en: leaflets/broken/content.yaml:13:" in captured.err
    assert "unknown placeholder {clinic.fax}" in captured.err
    assert "broken/default/en: leaflets/broken/content.yaml:" in captured.err  # its picture too
    assert "image not found: assets/images/arm.png" in captured.err
    assert "checked 3 leaflet editions: 2 error(s)" in captured.out


def test_a_leaflet_named_like_a_brand_is_refused(project: Path) -> None:
    """This test ensures a leaflet folder with a brand's name is refused before building:
    their outputs would share output/NAME/."""
    leaflet = library.Leaflet("minimal", "leaflets/minimal/content.yaml")
    with pytest.raises(Exception, match="has the name of a brand"):
        library.matrix(project, [leaflet], ["default"])


def test_the_matrix_runs_on_a_dask_cluster(project: Path) -> None:
    """This test ensures the documented cluster route works: the same units run on Dask's
    executor (a local cluster started here) and report what they built."""
    units = [library.Unit(library.Leaflet("second", "leaflets/second/content.yaml"), "default")]
    with library.executor("dask", 1) as pool:
        results = library.run(project, units, TODAY, pool)
    assert not results[0].failed, results[0].lines
    assert "output/second/patient-brochure.pdf" in results[0].files


def _copy(project: Path, tmp_path: Path) -> Path:
    """The fixture library, with its outputs, in a folder of this test's own."""
    root = tmp_path / "copy"
    shutil.copytree(project, root, symlinks=True)
    return root


def test_two_processes_share_one_leaflets_documents(project: Path, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures the forked executor splits work by document, not by leaflet: one
    leaflet in one brand on two processes has its documents laid out in both, each once, and
    the published files are byte for byte those of a build in one process."""
    import os

    import brochure

    root = _copy(project, tmp_path)
    log = tmp_path / "laid-out.txt"
    produce = brochure.produce

    def logged(proj, job):  # type: ignore[no-untyped-def]
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {job.variant.name}\n")
        return produce(proj, job)

    monkeypatch.setattr(brochure, "produce", logged)
    units = [library.Unit(library.Leaflet("", "content.yaml"), "default")]
    results = library.run(root, units, TODAY, library._Forked(2), force=True)
    assert not results[0].failed, results[0].lines
    rows = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    names = sorted(name for _pid, name in rows)
    assert names == ["booklet", "brochure", "html", "large-print", "summary"]  # no tri-fold part
    assert len({pid for pid, _name in rows}) == 2
    assert os.getpid() not in {int(pid) for pid, _name in rows}
    for name in ("patient-brochure.pdf", "clinician-summary.pdf", "patient-booklet.pdf"):
        assert (root / "output" / name).read_bytes() == (project / "output" / name).read_bytes()
    report = (root / "output" / "build-report.json").read_text(encoding="utf-8")
    assert '"reading_grade"' in report and '"document": "LIB-1"' in report


def test_a_bad_leaflet_on_two_processes_leaves_the_others_built(project: Path, tmp_path):  # type: ignore[no-untyped-def]
    """This test ensures a leaflet whose input is refused fails alone when documents are
    spread over processes: its error names leaflet and line, its folder is not written, and
    the other leaflets are published."""
    root = _copy(project, tmp_path)
    broken = root / "leaflets" / "broken"
    broken.mkdir()
    (broken / "content.yaml").write_text(SECOND.replace("{clinic.phone}", "{clinic.fax}"))
    second = root / "output" / "second" / "patient-brochure.pdf"
    before = second.stat().st_mtime_ns
    units = library.matrix(root, library.leaflets(root), ["default"])
    results = library.run(root, units, TODAY, library._Forked(2), force=True)
    by_name = {r.unit.leaflet.name: r for r in results}
    assert by_name["broken"].failed
    assert "broken/default/en: leaflets/broken/content.yaml:13:" in "\n".join(
        by_name["broken"].lines
    )
    assert not (root / "output" / "broken").exists()
    assert not by_name["second"].failed and not by_name[""].failed
    assert second.stat().st_mtime_ns != before
    assert "output/second/patient-brochure.pdf" in by_name["second"].files


def test_ctrl_c_in_a_library_build_says_what_may_have_changed(project: Path, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    """This test ensures Ctrl-C during a library build does not claim that nothing changed:
    editions finished before it were published (each whole), so it says that instead."""

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(library, "run", interrupted)
    assert main(["build", "--root", str(project), "--library", "--executor", "none"]) == 130
    err = capsys.readouterr().err
    assert "as it was or wholly new, none half-written" in err
    assert "nothing was changed" not in err


def test_one_process_means_this_process_and_two_mean_forked_workers() -> None:
    """This test ensures `--jobs 1` runs the matrix in the tool's own process (a forked child
    would only add its start-up and a pipe), and `--jobs 2` on two forked workers."""
    with library.executor("process", 1) as pool:
        assert pool.map(lambda unit: os.getpid(), [None, None]) == [os.getpid()] * 2  # type: ignore[arg-type, return-value, list-item]
    with library.executor("process", 2) as pool:
        pids = set(pool.map(lambda unit: os.getpid(), [None, None, None]))  # type: ignore[arg-type, return-value, list-item]
        assert pids and os.getpid() not in pids


def test_a_catalogue_cover_is_drawn_again_only_for_a_new_brochure(project, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures the catalogue's cover thumbnails are kept by the brochure's bytes:
    a second catalogue draws none and shows the same pictures; a brochure with new bytes
    gets a new drawing of its own first page, which replaces the old one in the cache."""
    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    from brochure import catalogue

    root = _copy(project, tmp_path)
    monkeypatch.setenv("BROCHURE_CACHE", str(tmp_path / "cache"))
    drawn: list[str] = []
    real = pypdfium2.PdfDocument
    monkeypatch.setattr(pypdfium2, "PdfDocument", lambda p, *a: drawn.append(p) or real(p, *a))
    first, _theme = catalogue.entries(root, [], TODAY)
    assert len(drawn) == 2 and all(e.thumbnail.startswith(b"\x89PNG") for e in first)
    again, _theme = catalogue.entries(root, [], TODAY)
    assert len(drawn) == 2
    assert [e.thumbnail for e in again] == [e.thumbnail for e in first]
    blank = root / "output" / "second" / "patient-brochure.pdf"
    blank.unlink()  # a new file in its place: the output is a link into its generation
    canvas = Canvas(str(blank))
    canvas.showPage()
    canvas.save()
    third, _theme = catalogue.entries(root, [], TODAY)
    assert drawn[2:] == [str(blank)]
    assert third[0].thumbnail == first[0].thumbnail != third[1].thumbnail
    assert len(list((tmp_path / "cache").glob("slot-*"))) == 2  # one per leaflet: no growth


def test_the_catalogue_takes_what_the_build_planned_and_flags_a_stale_translation(  # type: ignore[no-untyped-def]
    project, tmp_path, monkeypatch
):
    """This test ensures the catalogue is made from the facts the build planned (it reads
    only the brand it prints in, no edition again), says what a fresh read of the
    content files says, and flags a translation whose English changed since it was made."""
    import yaml

    from brochure import catalogue, pipeline

    root = _copy(project, tmp_path)
    second = root / "leaflets" / "second"
    spanish = yaml.safe_load((second / "content.yaml").read_text(encoding="utf-8"))
    spanish["document"]["language"] = "es-US"
    spanish["document"]["source_hash"] = "0" * 12  # made from English that has since changed
    (second / "content.es.yaml").write_text(yaml.safe_dump(spanish), encoding="utf-8")
    units = library.matrix(root, library.leaflets(root), ["default"])
    results = library.run(root, units, TODAY, library._Serial(), force=True)
    assert [r.unit.label for r in results if not r.failed] == [u.label for u in units]
    loads: list[str] = []
    real = pipeline.load_project
    monkeypatch.setattr(
        pipeline, "load_project", lambda p, *a: loads.append(p.content) or real(p, *a)
    )
    planned, _theme = catalogue.entries(root, results, TODAY)
    assert loads == []  # no edition read again; the theme comes from the brand file alone
    read, _theme = catalogue.entries(root, [], TODAY)
    shown = [(e.id, e.version, e.status, e.reviewed, e.due, e.languages, e.stale) for e in planned]
    assert shown == [
        (e.id, e.version, e.status, e.reviewed, e.due, e.languages, e.stale) for e in read
    ]
    assert [e.stale for e in planned] == [[], ["es"]]
    assert [e.languages for e in planned] == [["en"], ["en", "es"]]


def _schedule(busy_since: float) -> library._Schedule:
    """Two units on two workers, with documents seen to cost: planning 0.1 s, "big" 0.3 s,
    "small" 0.05 s. Worker 0 planned unit 0 and is laying out its "big" since
    ``busy_since``, its "small" still waiting; worker 1 has finished unit 1 and is free."""
    editions = [library._Edition(["small"]), library._Edition([])]
    schedule = library._Schedule(editions, {0: [0], 1: [1]}, [])
    schedule.took = {"": [0.1], "big": [0.3], "small": [0.05]}
    schedule.busy = {0: [(0, "big", busy_since)]}
    return schedule


def test_a_free_worker_takes_a_document_another_would_reach_too_late() -> None:
    """This test ensures the library's scheduler counts what another worker is laying out
    now: 0.05 s into a 0.3 s document, the unit's last small document would wait 0.25 s
    there, longer than planning the unit (0.1 s) on the free worker, so the free worker takes
    it; near the end of the big document it would not, and the free worker stays idle."""
    early = _schedule(busy_since=0.0)
    assert early.hand_out(1, now=0.05) == (0, "small")
    assert early.busy[1] == [(0, "small", 0.05)] and early.holds[1] == [1, 0]
    late = _schedule(busy_since=0.0)
    assert late.hand_out(1, now=0.29) is None
    assert late.editions[0].waiting == ["small"]


def test_a_busy_worker_is_handed_its_next_document_ahead_until_near_the_end() -> None:
    """This test ensures a worker laying out a document is handed its next one ahead (it
    waits in the worker's pipe, so the worker does not wait for the parent between two)
    while many documents are left, but not near the end, where it could go to a worker that
    is free sooner; and that a document handed ahead is timed from when its worker took it up."""
    three = [library._Edition(list("abcd")) for _ in range(3)]
    many = library._Schedule(three, {0: [], 1: []}, [0, 1, 2])
    assert many.hand_out(0, now=0.0) == (0, "a")
    assert many.hand_out(0, now=0.0) == (0, "b")  # 10 documents left
    assert many.hand_out(1, now=0.0) == (1, "a")
    assert many.hand_out(1, now=0.0) == (1, "b")
    many.finished(0)
    ((unit, name, since),) = many.busy[0]
    assert (unit, name) == (0, "b") and since > 0.0
    two = [library._Edition(["a"]), library._Edition(list("ab"))]
    few = library._Schedule(two, {0: [], 1: []}, [0, 1])
    assert few.hand_out(0, now=0.0) == (0, "a")
    assert few.hand_out(0, now=0.0) is None  # 2 documents left for 2 workers
    assert few.hand_out(1, now=0.0) == (1, "a")


def test_workers_start_on_units_that_share_no_pictures_fonts_or_logo() -> None:
    """This test ensures a library's workers start, on a cold cache, on units that prepare
    different things (another leaflet in another brand), so that neither waits for the
    other's pictures and font cuts; that each language comes in turn; and that every unit
    is built once."""
    leaflets = [
        library.Leaflet("", "content.yaml"),
        library.Leaflet("b", "leaflets/b/content.yaml"),
    ]
    units = library.matrix(Path("/nowhere"), [], [])  # no leaflets: an empty matrix
    units = [
        library.Unit(leaflet, brand, locale)
        for leaflet in leaflets
        for brand in ("default", "lakeshore", "riverside")
        for locale in (None, "es")
    ]
    order = [units[i] for i in library.spread(units)]
    assert sorted(order, key=units.index) == units
    first, second = order[:2]
    assert first.leaflet != second.leaflet and first.brand != second.brand
    assert [u.locale for u in order] == [None] * 6 + ["es"] * 6
    pairs = itertools.pairwise(order)
    assert all((a.leaflet, a.brand) != (b.leaflet, b.brand) for a, b in pairs)


def _aged(root: Path) -> None:
    """Every file of the project dated a minute back, as files are that were not just saved:
    a build vouches only for inputs older than it by more than a coarse clock's tick."""
    import time

    past = time.time() - 60
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (past, past))


def test_an_edition_whose_files_did_not_change_is_not_planned_again(  # type: ignore[no-untyped-def]
    project, tmp_path, monkeypatch, capsys
):
    """This test ensures a library build does not load, check and compose an edition whose
    inputs and outputs are as its last build left them: it says each output is up to date,
    as planning would, and the catalogue is the same; an edition is planned again when a
    picture it prints changed, when one of its outputs was deleted (which is made again),
    on another day, and with --force."""
    import brochure.cli

    root = _copy(project, tmp_path)
    _aged(root)
    args = ["build", "--root", str(root), "--library", "--executor", "none"]
    assert main(args) == 0
    planned: list[str] = []
    real = library._plan_unit
    monkeypatch.setattr(
        library, "_plan_unit", lambda r, unit, *a: planned.append(unit.label) or real(r, unit, *a)
    )

    def build() -> list[str]:
        planned.clear()
        capsys.readouterr()
        assert main(args) == 0
        return capsys.readouterr().out.splitlines()

    recalled = build()
    assert planned == []
    pdfs = [ln for ln in recalled if ".pdf" in ln and "catalogue" not in ln]
    assert len(pdfs) >= 6 and all(ln.endswith("up to date") for ln in pdfs)
    catalogue = (root / "output" / "catalogue.pdf").read_bytes()
    with monkeypatch.context() as m:
        m.setattr(library._Memory, "recall", lambda self, unit: None)
        assert build() == recalled  # planning every edition says the same
        assert planned == ["default/default/en", "second/default/en"]
    assert (root / "output" / "catalogue.pdf").read_bytes() == catalogue
    picture = root / "leaflets/second/images/arm.png"
    Image.new("RGB", (1200, 800), (40, 40, 180)).save(picture)
    os.utime(picture, (picture.stat().st_mtime - 60,) * 2)  # saved a while ago, and changed
    lines = build()
    assert planned == ["second/default/en"]
    assert any(
        ln.startswith("output/second/patient-brochure.pdf ") and "pages" in ln for ln in lines
    )
    (root / "output" / "clinician-summary.pdf").unlink()
    build()
    assert planned == ["default/default/en"]
    assert (root / "output" / "clinician-summary.pdf").is_file()
    assert build() and planned == []
    monkeypatch.setattr(brochure.cli, "clock", lambda: TODAY.replace(year=TODAY.year + 1))
    build()
    assert planned == ["default/default/en", "second/default/en"]
    args.append("--force")
    build()
    assert planned == ["default/default/en", "second/default/en"]
