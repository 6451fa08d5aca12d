"""The Spanish edition: translated text and layout strings, Spanish metadata, staleness."""

from __future__ import annotations

from html import escape

import pytest
import yaml
from conftest import SAMPLE, approve, copy_project
from pdfutil import TODAY, folded, reader, text

from brochure import build
from brochure.cli import main
from brochure.pipeline import Paths
from brochure.variants import Options


@pytest.fixture(scope="module")
def spanish(sample, tmp_path_factory):
    """The frozen sample's Spanish edition (tests/fixtures/stem-cell/content.es.yaml)."""
    out = tmp_path_factory.mktemp("es")
    paths = Paths.for_project(sample, locale="es")
    return {
        b.variant: b
        for b in build(paths, ["brochure", "booklet", "large-print", "html"], out, Options(TODAY))
    }


def test_spanish_headings_and_no_english_headings(spanish, sample):
    """This test ensures the Spanish brochure prints the translated headings and no English ones."""
    es = yaml.safe_load((sample / "content.es.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((sample / "content.yaml").read_text(encoding="utf-8"))
    body = folded(text(spanish["brochure"].path))
    for section in es["brochure"]["sections"]:
        assert folded(section["title"]) in body
    for section in en["brochure"]["sections"]:
        assert folded(section["title"]) not in body, section["title"]
    for fixed in ("Página 2 de", "Datos clave", "¿Preguntas? Comuníquese con nosotros", "BORRADOR"):
        assert fixed in body
    assert "Page 2 of" not in body and "Key facts" not in body


def test_spanish_metadata_and_accents(spanish):
    """This test ensures /Lang is Spanish and accented letters extract exactly."""
    r = reader(spanish["brochure"].path)
    assert r.trailer["/Root"]["/Lang"] == "es-US"
    body = text(spanish["brochure"].path)
    for ch in "áéíóúñ¿¡":
        assert ch in body, ch
    assert "26 de noviembre de 2026" in body
    assert '<html lang="es-US">' in spanish["html"].path.read_text(encoding="utf-8")


def test_back_cover_prints_the_brand_in_spanish(spanish, root):
    """This test ensures the back cover's tagline and footer are the brand's Spanish words,
    in the PDF and the HTML, and the English ones are gone."""
    brand = yaml.safe_load((root / "assets/brands/default.yaml").read_text(encoding="utf-8"))
    words = brand["translations"]["es"]
    back = folded(reader(spanish["brochure"].path).pages[-1].extract_text())
    html = spanish["html"].path.read_text(encoding="utf-8")
    for key in ("tagline", "footer"):
        assert folded(words[key]) in back, key
        assert folded(brand[key]) not in back, key
    assert escape(brand["footer"]) not in html and escape(words["footer"]) in html


def test_cover_still_fits(spanish):
    """This test ensures the longer Spanish title stays on the cover (page 1)."""
    cover = reader(spanish["brochure"].path).pages[0].extract_text()
    assert "Tratamiento con células madre" in folded(cover)
    assert "degeneración de los discos" in folded(cover)


def test_stale_translation_is_named_and_strict_refuses(tmp_path, capsys):
    """This test ensures an English edit marks the Spanish unit stale; a fresh hash passes."""
    project = copy_project(tmp_path)
    import shutil

    shutil.copy(SAMPLE / "content.es.yaml", project)
    en = project / "content.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace(
            "A hard fall or a car crash can speed up disc wear.",
            "A bad fall or a car crash can speed up disc wear.",
        ),
        encoding="utf-8",
    )
    assert main(["check", "--root", str(project), "--locale", "es"]) == 0
    err = capsys.readouterr().err
    assert "stale translation of section 'spine'" in err
    assert "content.yaml:" in err and "content.es.yaml:" in err
    assert main(["build", "--root", str(project), "--locale", "es", "--strict"]) == 2
    capsys.readouterr()
    new_hash = err.split("set source_hash: ")[1].split()[0]
    es = project / "content.es.yaml"
    source = es.read_text(encoding="utf-8")
    old_hash = err.split("(source_hash is ")[1].split(",")[0]
    # The translator updates the Spanish sentence, then records the new English hash.
    source = source.replace("Una caída fuerte", "Una caída grave")
    es.write_text(
        source.replace(f"source_hash: {old_hash}", f"source_hash: {new_hash}"), encoding="utf-8"
    )
    assert main(["check", "--root", str(project), "--locale", "es"]) == 0
    assert "stale" not in capsys.readouterr().err
    approve(es)  # a release also needs the (Spanish) text approved
    assert (
        main(
            ["build", "--root", str(project), "--locale", "es", "--strict", "--variant", "brochure"]
        )
        == 0
    )


def test_spanish_layout_matches_the_golden_snapshots(spanish, root):
    """This test ensures the Spanish edition's pages match tests/golden/default-es."""
    import golden

    pdfs = [b.path for b in spanish.values() if b.path.suffix == ".pdf"]
    assert golden.mismatches(pdfs, root / "tests" / "golden" / "default-es") == []


def test_spanish_editions_are_tagged_in_spanish(spanish):
    """This test ensures the Spanish brochure and large print are tagged PDF (our reader and
    the `pdfua` checker find nothing) and say es-US in the catalog and the XMP packet."""
    import structure

    for variant in ("brochure", "large-print"):
        path = spanish[variant].path
        assert structure.check(path).problems == [], variant
        assert structure.pdfua(path) == [], variant
        xmp = reader(path).trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b"<rdf:li>es-US</rdf:li>" in xmp
