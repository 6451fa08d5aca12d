"""The library's catalogue: every leaflet at a glance, as ``output/catalogue.pdf`` and ``.html``.

For the clinic's librarian: each leaflet's cover thumbnail, id, version, languages, status,
review due date (overdue ones marked), stale translations, and the files built. It is made
from what the build just did and the content files, never from the sample's words.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from .errors import BrochureError
from .files import write_beside_outputs
from .library import Leaflet, Result, leaflets
from .session import Session, cache_dir, slot_cached

THUMB_WIDTH = 320  # pixels: 307 ppi at 75 pt wide, the print floor of 300 (preflight checks it)


@dataclass
class Entry:
    """One leaflet's line in the catalogue."""

    leaflet: Leaflet
    title: str = ""
    id: str = ""
    version: str = ""
    status: str = ""
    languages: list[str] = field(default_factory=list)
    reviewed: date | None = None
    due: date | None = None
    stale: list[str] = field(default_factory=list)  # languages whose translation is stale
    problem: str = ""  # the first input error, when the leaflet does not build
    files: list[str] = field(default_factory=list)
    thumbnail: bytes = b""  # PNG of the brochure's first page

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due <= today


def entries(root: Path, results: list[Result], today: date) -> tuple[list[Entry], Any]:
    """What the catalogue says of each leaflet, from what this build planned (each edition's
    ``facts``) or, for an edition it did not plan, its content file; and the default brand's
    theme (fonts registered here, colours) to print it in."""
    from .pipeline import Paths, catalogue_facts, load_project

    session = Session(cache_dir(root))
    planned = {(r.unit.leaflet, r.unit.locale): r.facts for r in results if r.facts}

    def facts(leaflet: Leaflet, lang: str | None) -> dict[str, Any]:
        """An edition's facts; raises BrochureError if its input is refused."""
        if (leaflet, lang) in planned:
            return planned[(leaflet, lang)]
        paths = Paths.for_project(root, "default", leaflet.content, lang)
        return catalogue_facts(load_project(paths, today))

    out = []
    for leaflet in leaflets(root):
        entry = Entry(leaflet, languages=["en", *leaflet.languages(root)])
        mine = [r for r in results if r.unit.leaflet == leaflet]
        entry.files = [f for r in mine for f in r.files]
        failed = [r for r in mine if r.failed]
        if failed:
            entry.problem = failed[0].lines[0].removeprefix("error: ")
        try:
            original = facts(leaflet, None)
        except BrochureError as exc:
            entry.problem = entry.problem or str(exc).splitlines()[0]
            out.append(entry)
            continue
        entry.title, entry.id = original["title"], original["id"]
        entry.version, entry.status = original["version"], original["status"]
        entry.reviewed = date.fromisoformat(original["reviewed"])
        entry.due = date.fromisoformat(original["due"]) if original["due"] else None
        entry.languages[0] = original["language"].split("-")[0]
        for lang in leaflet.languages(root):
            try:
                stale = facts(leaflet, lang)["stale"]
            except BrochureError:
                stale = True
            if stale:
                entry.stale.append(lang)
        brochure = leaflet.out_dir(root, "default") / "patient-brochure.pdf"
        entry.thumbnail = _thumbnail(brochure, session)
        out.append(entry)
    return out, _theme(root, out)


def _theme(root: Path, found: list[Entry]) -> Any:
    """The default brand's theme, in the first leaflet's language (None if no leaflet loads
    or the default brand is refused: in another brand's build). Only the brand is read: the
    content was planned by the build already."""
    from .pipeline import Paths, brand_theme

    first = next((entry for entry in found if entry.title), None)
    if first is None:
        return None
    try:
        return brand_theme(Paths.for_project(root, "default"), first.languages[0])
    except BrochureError:
        return None


def _thumbnail(pdf: Path, session: Session) -> bytes:
    """The first page as a small PNG (empty when the brochure has not been built), kept in
    the cache for the brochure's current bytes: every library build writes the catalogue, and
    drawing and compressing each leaflet's cover again was 30 ms a leaflet."""
    if not pdf.is_file():
        return b""
    import PIL
    import pypdfium2

    def draw() -> bytes:
        doc = pypdfium2.PdfDocument(str(pdf))
        try:
            page = doc[0]
            image = page.render(scale=THUMB_WIDTH / page.get_width()).to_pil()
            buf = io.BytesIO()
            image.convert("RGB").save(buf, "PNG", optimize=True)
            return buf.getvalue()
        finally:
            doc.close()

    drawn_by = f"pdfium {pypdfium2.PDFIUM_INFO}, pypdfium2 {pypdfium2.PYPDFIUM_INFO}"
    made_by = f"{session.digest(pdf)} {THUMB_WIDTH} by {drawn_by}, Pillow {PIL.__version__}"
    return slot_cached(session.cache_dir, f"thumbnail {pdf.absolute()}", made_by, draw)


def write_catalogue(root: Path, results: list[Result], today: date) -> list[Path]:
    """Write ``output/catalogue.pdf`` and ``output/catalogue.html``; return their paths."""
    found, theme = entries(root, results, today)
    if theme is None:  # no leaflet could be read: the errors above say why
        return []
    pdf, html = root / "output" / "catalogue.pdf", root / "output" / "catalogue.html"
    write_beside_outputs(pdf, render_pdf(found, today, theme))
    write_beside_outputs(html, render_html(found, today, theme).encode())
    return [pdf, html]


def _facts(e: Entry, today: date) -> list[tuple[str, str, bool]]:
    """(label, value, alarm) lines shared by both renderings."""
    due = e.due.isoformat() if e.due else "-"
    return [
        ("Id", f"{e.id}, version {e.version}", False),
        ("Status", e.status or "-", e.status == "draft"),
        ("Languages", ", ".join(e.languages), False),
        ("Last reviewed", e.reviewed.isoformat() if e.reviewed else "-", False),
        ("Review due", due + (" (overdue)" if e.overdue(today) else ""), e.overdue(today)),
        ("Stale translations", ", ".join(e.stale) or "none", bool(e.stale)),
        ("Files built", str(len(e.files)), False),
    ]


def render_pdf(found: list[Entry], today: date, theme: Any) -> bytes:
    """A table: thumbnail, then the leaflet's facts; alarms in the brand's warning colour."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from .adapters.reportlab import build_settings

    base = theme.body.regular
    body = ParagraphStyle("c", fontName=base, fontSize=9, leading=12)
    alarm_hex = theme.hex["warning"]
    title = ParagraphStyle("t", parent=body, fontSize=16, leading=20, spaceAfter=8)
    head = ParagraphStyle("h", parent=body, fontSize=11, leading=14)
    rows = []
    for e in found:
        words = [Paragraph(f"<b>{escape(e.title or e.leaflet.label)}</b>", head)]
        if e.problem:
            words.append(Paragraph(f'<font color="{alarm_hex}">{escape(e.problem)}</font>', body))
        for label, value, alarm in _facts(e, today) if e.id else []:
            shown = f'<font color="{alarm_hex}">{escape(value)}</font>' if alarm else escape(value)
            words.append(Paragraph(f"{escape(label)}: {shown}", body))
        thumb = (
            Image(io.BytesIO(e.thumbnail), width=75, height=97) if e.thumbnail else Spacer(75, 97)
        )
        rows.append([thumb, words])
    table = Table(rows or [["", "No leaflets."]], colWidths=[90, 420])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), base),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, theme.color("secondary")),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=letter, title="Leaflet catalogue", author="")
    with build_settings(base, 0):
        doc.build([Paragraph(f"Leaflet catalogue, {today.isoformat()}", title), table])
    return buf.getvalue()


def render_html(found: list[Entry], today: date, theme: Any) -> str:
    """One self-contained page: a row per leaflet, alarms in red, thumbnails inline."""
    rows = []
    for e in found:
        img = (
            f'<img alt="Cover of {escape(e.title)}" width="75" '
            f'src="data:image/png;base64,{base64.b64encode(e.thumbnail).decode()}">'
            if e.thumbnail
            else ""
        )
        facts = "".join(
            f"<dt>{escape(label)}</dt><dd{' class=alarm' if alarm else ''}>{escape(value)}</dd>"
            for label, value, alarm in (_facts(e, today) if e.id else [])
        )
        problem = f'<p class="alarm">{escape(e.problem)}</p>' if e.problem else ""
        files = "".join(f"<li>{escape(f)}</li>" for f in e.files)
        rows.append(
            f"<tr><td>{img}</td><td><h2>{escape(e.title or e.leaflet.label)}</h2>{problem}"
            f"<dl>{facts}</dl><details><summary>Files</summary><ul>{files}</ul></details>"
            "</td></tr>"
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Leaflet catalogue</title><style>"
        "body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:50rem}"
        f"td{{vertical-align:top;padding:.5rem;border-bottom:1px solid {theme.hex['secondary']}}}"
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0}"
        f"dt{{font-weight:bold}}dd{{margin:0}}.alarm{{color:{theme.hex['warning']};font-weight:bold}}"
        f"</style></head><body><h1>Leaflet catalogue, {today.isoformat()}</h1>"
        f"<table>{''.join(rows)}</table></body></html>\n"
    )
