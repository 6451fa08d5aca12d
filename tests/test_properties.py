"""Any text in any text field either prints exactly as typed or is refused with a located line.

Hypothesis puts arbitrary text (plus hand-picked hostile samples) into one text field of a
small valid content file or brand file and runs ``brochure build --variant brochure``
in-process. The build may succeed (exit 0) or refuse the input (exit 2); it must never crash
(exit 1 or an exception) and never leave a temporary file in output/.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import copy_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pdfutil import reader, text

from brochure.cli import main

SAMPLES = [
    "",
    "   ",
    "<>&\"' mixed <b>markup</b> &amp; &lt;tag&gt; ]]> done",
    '<font color="red">red</font> <img src="/etc/passwd"/> <a href="javascript:x">x</a>',
    "bell\x07 escape\x1b null\x00 del\x7f",
    "tab\tand\nnew line\r\nand  spaces",
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",  # Hebrew
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",  # Arabic
    "smile \U0001f600 party \U0001f389",
    "w" * 5000,
    "Greek \u03b2-catenin and TGF-\u03b2, en\u2013dash \u2014 \u201cquotes\u201d \u2026",
    "\u00a0non\u00a0breaking\u00a0spaces\u00ad soft",
]

TEXTS = st.one_of(st.text(), st.sampled_from(SAMPLES), st.text(st.characters(codec="latin-1")))

# field name -> (file the field lives in, how to set it)
FIELDS = [
    "document.title",
    "document.subtitle",
    "paragraph.text",
    "bullets.item",
    "checklist.item",
    "callout.text",
    "glossary.definition",
    "table.cell",
    "brand.tagline",
    "brand.footer",
]

INLINE = set("*[]\\")  # characters with a meaning in the inline syntax


def documents(field: str, value: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A small valid content file and brand, with ``value`` in ``field``."""
    v = {field: value}.get
    content = {
        "document": {
            "id": "P-1",
            "title": v("document.title", "Property title"),
            "subtitle": v("document.subtitle", "Property subtitle"),
            "version": "1",
            "last_reviewed": datetime.date(2026, 1, 1),
        },
        "brochure": {
            "sections": [{
                "id": "one",
                "title": "Section one",
                "blocks": [
                    {"type": "paragraph", "text": v("paragraph.text", "A paragraph.")},
                    {"type": "bullets", "items": ["First bullet", v("bullets.item", "Second bullet")]},
                    {"type": "checklist", "items": [v("checklist.item", "Checklist item")]},
                    {"type": "callout", "tone": "info", "text": v("callout.text", "Callout text.")},
                    {"type": "glossary", "entries": [
                        {"term": "Disc", "definition": v("glossary.definition", "A cushion.")}]},
                    {"type": "table", "columns": ["Name", "Value"],
                     "rows": [["alpha", v("table.cell", "beta")]]},
                ],
            }],
            "disclaimer": {"text": "Ask your doctor."},
        },
    }
    brand = {
        "name": "Property Clinic",
        "logo": "logos/northgate.svg",
        "tagline": v("brand.tagline", "Property tagline"),
        "footer": v("brand.footer", "Property footer"),
    }
    return content, brand


def squeeze(s: str) -> str:
    """Drop whitespace and the hyphens a line break may add or remove."""
    return "".join(ch for ch in s if not ch.isspace() and ch not in "-\u00ad\u2010")


def checkable(value: str) -> bool:
    """Text whose printed form can be compared with what was typed."""
    return (len(squeeze(value)) >= 3 and all(ch.isprintable() or ch.isspace() for ch in value)
            and not INLINE & set(value) and "\u00ad" not in value)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


@pytest.mark.parametrize("field", FIELDS)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=TEXTS)
@example(value=SAMPLES[2])
@example(value=SAMPLES[4])
@example(value=SAMPLES[6])
@example(value=SAMPLES[8])
@example(value=SAMPLES[9])
@example(value=SAMPLES[10])
def test_any_text_builds_or_is_refused(root: Path, field: str, value: str, capsys):
    """This test ensures that any text in a text field prints as typed or is refused, located."""
    content, brand = documents(field, value)
    content_text = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=10_000)
    brand_text = yaml.safe_dump(brand, allow_unicode=True, sort_keys=False, width=10_000)
    assert yaml.safe_load(content_text) == content  # the YAML says what we mean
    (root / "content.yaml").write_text(content_text, encoding="utf-8")
    (root / "assets/brands/prop.yaml").write_text(brand_text, encoding="utf-8")
    capsys.readouterr()
    status = main(["build", "--root", str(root), "--brand", "prop", "--variant", "brochure"])
    captured = capsys.readouterr()
    err = captured.err
    out = root / "output" / "prop"
    assert status in (0, 2), f"exit {status}: {err}"
    assert "Traceback" not in err
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.tmp"))
    if status == 2:
        lines = err.splitlines()
        assert lines, "refused without a message"
        where = "assets/brands/prop.yaml" if field.startswith("brand.") else "content.yaml"
        for line in lines:
            assert re.match(rf"{re.escape(where)}:\d+:\d+: \S", line), line
        return
    pdf = out / "patient-brochure.pdf"
    assert pdf.exists()
    assert len(reader(pdf).pages) >= 1
    if checkable(value):
        assert squeeze(value) in squeeze(text(pdf)), (field, value[:80], captured.out)
