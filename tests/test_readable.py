"""Readable by every patient: reading grade, large print, and the accessible HTML companion."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from itertools import pairwise

import pytest
import yaml
from conftest import ROOT, SAMPLE_LEAFLETS
from pdfutil import reader

from brochure.adapters.textstat import textstat as _textstat

# The blocks whose text the reading grade measures (figures and reference lists are not prose).
MEASURED = {"paragraph", "bullets", "checklist", "steps", "callout", "table", "glossary"}


def _units(data: dict) -> list[str]:
    """The issue's reproducible measure, taken straight from the YAML."""

    def item(i: object) -> str:
        if isinstance(i, dict):
            label = i["label"].strip()
            return f"{label}{'' if label[-1] in '.:?!' else '.'} {i['text']}"
        return str(i)

    b = data["brochure"]
    facts = b.get("key_facts", {}).get("items", [])
    units = [data["document"].get("main_message", "")] + [item(i) for i in facts]
    for section in b["sections"]:
        for block in section["blocks"]:
            kind = block["type"]
            if kind == "paragraph":
                units.append(block["text"])
            elif kind in ("bullets", "checklist"):
                units += [item(i) for i in block["items"]]
            elif kind == "steps":
                for step in block["items"]:
                    units += [step.get("text", "")] + [item(i) for i in step.get("items", [])]
            elif kind == "callout":
                units += [block.get("text", "")] + [item(i) for i in block.get("items", [])]
            elif kind == "table":
                units += [c for row in block["rows"] for c in row]
            elif kind == "glossary":
                units += [e["definition"] for e in block["entries"]]
    units.append(b["disclaimer"]["text"])
    out = []
    for u in units:
        u = " ".join(u.replace("**", "").split())
        if u:
            out.append(u if u[-1] in ".!?" else u + ".")
    return out


@pytest.mark.parametrize("leaflet", SAMPLE_LEAFLETS, ids=lambda x: x.label)
def test_patient_text_reads_at_grade_8_or_below(leaflet):
    """This test ensures every sample leaflet's whole patient brochure (the project's content.yaml
    and each leaflets/NAME/content.yaml) scores Flesch-Kincaid grade 8.0 or lower."""
    data = yaml.safe_load((ROOT / leaflet.content).read_text(encoding="utf-8"))
    ts = _textstat()
    ts.set_lang("en")
    brochure = data["brochure"]
    without = len(_units({**data, "brochure": {**brochure, "sections": []}}))
    for section in brochure["sections"]:  # the whole brochure is measured, not a fragment
        if {block["type"] for block in section["blocks"]} & MEASURED:
            one = {**data, "brochure": {**brochure, "sections": [section]}}
            assert len(_units(one)) > without, section["id"]
    assert ts.flesch_kincaid_grade(" ".join(_units(data))) <= 8.0


def _sizes(pages, top: float, bottom: float):
    """Characters per font size, for text between the running header and footer."""
    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size):
        y = cm[5] + tm[5] * cm[3]
        if text.strip() and bottom <= y <= top:
            sizes[round(size * tm[3] * cm[3], 1)] += len(text.strip())

    for page in pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_sizes(built):
    """This test ensures large print body text is >= 18 pt and section headings >= 24 pt."""
    r = reader(built["large-print"].path)
    h = float(r.pages[1].mediabox.height)
    sizes = _sizes(r.pages[1:-1], h - 72, 60)
    body = sizes.most_common(1)[0][0]
    assert body >= 18.0
    # The only smaller text between header and footer is the labels inside the vector disc
    # diagram (a picture, described by its alt text and an 18 pt caption).
    small = sum(n for s, n in sizes.items() if s < 18)
    assert small / sum(sizes.values()) < 0.02
    assert any(s >= 24 for s in sizes) and any(s >= 28 for s in sizes)


def test_large_print_styles():
    """This test ensures 1.5 line spacing, left alignment and no italics in large print."""
    from reportlab.lib.enums import TA_LEFT

    from brochure.variants.large_print import SCALE

    assert SCALE.body >= 18 and SCALE.h1 >= 24 and SCALE.h2 >= 24 and SCALE.leading >= 1.5
    assert not SCALE.justify and not SCALE.italics and SCALE.min_text >= 18
    assert TA_LEFT == 0


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.images: list[dict] = []
        self.lang = None
        self._in: int | None = None
        self.lists = Counter()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("h1", "h2", "h3", "h4"):
            self._in = int(tag[1])
            self.headings.append((self._in, ""))
        if tag == "img":
            self.images.append(a)
        if tag in ("ul", "ol", "dl"):
            self.lists[a.get("class", tag)] += 1

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4"):
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data)


def test_html_companion_structure(built, sample):
    """This test ensures lang, one h1, headings in order, alt text, and every section."""
    html = built["html"].path.read_text(encoding="utf-8")
    p = Outline()
    p.feed(html)
    assert p.lang == "en-US"
    levels = [level for level, _ in p.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    for prev, nxt in pairwise(levels):
        assert nxt <= prev + 1, (prev, nxt)
    assert p.images and all(img.get("alt", "").strip() for img in p.images)
    assert all(img["src"].startswith("data:") for img in p.images)  # self-contained
    data = yaml.safe_load((sample / "content.yaml").read_text(encoding="utf-8"))
    titles = [" ".join(t.split()) for _, t in p.headings]
    for section in data["brochure"]["sections"]:
        assert section["title"] in titles
    assert p.lists["checklist"] == 1
    assert "@media print" in html


def test_check_reports_each_section_and_warns_above_target(tmp_path, capsys):
    """This test ensures check prints grade, counts and longest sentence per section, and warns."""
    from conftest import copy_project

    from brochure.cli import main

    project = copy_project(tmp_path)
    assert main(["check", "--root", str(project)]) == 0
    out = capsys.readouterr()
    assert "Your spine and its discs" in out.out and "longest sentence," in out.out
    assert out.out.count("longest sentence,") == 13  # key facts, 10 sections, disclaimer, whole
    assert "too hard" not in out.out
    content = project / "content.yaml"
    content.write_text(
        content.read_text(encoding="utf-8").replace(
            "reading_grade_target: 8", "reading_grade_target: 4"
        ),
        encoding="utf-8",
    )
    assert main(["check", "--root", str(project)]) == 0
    out = capsys.readouterr()
    assert "<- too hard" in out.out
    assert "section 'What the research shows' reads at 5.8, harder than the target" in out.err
    assert main(["check", "--root", str(project), "--strict"]) == 2
