"""PDF/X finishing: what makes a press file one a print shop's RIP accepts unasked.

Layout has already drawn every colour and picture in CMYK through the printing condition's
profile (theme/press.py) and the bleed step has set the page boxes. Here a finished, tagged
PDF gets the rest of PDF/X-4 (ISO 15930-7) or PDF/X-1a:2003 (ISO 15930-4): the output intent
with the embedded profile, the version keys in Info and XMP, ``/Trapped /False``, the file
version. (Press layout makes no links: a RIP would print their borders, so PDF/X forbids
annotations inside the BleedBox.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .adapters.pypdf import add_object, catalog, file_id, set_info_name
from .markup import escape

if TYPE_CHECKING:  # press colours are made (and ImageCms imported) only for press builds
    from .theme.press import PressColors

VERSION = {"PDF/X-4": "PDF/X-4", "PDF/X-1a": "PDF/X-1a:2003"}
HEADER = {"PDF/X-4": "%PDF-1.6", "PDF/X-1a": "%PDF-1.4"}  # the PDF each flavour is based on
REGISTRY = "http://www.color.org"


def pdfx_edit(press: PressColors) -> Callable[[PdfWriter], str]:
    """The output intent, version keys and trapping state of ``press.standard``, made on the
    finishing pass's writer (``finish.edited``), and the XMP descriptions they need."""

    def edit(writer: PdfWriter) -> str:
        version = VERSION[press.standard]
        condition = press.condition
        profile = StreamObject()
        profile.set_data(press.profile)
        profile = profile.flate_encode()
        profile[NameObject("/N")] = NumberObject(4)
        intent = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/OutputIntent"),
                NameObject("/S"): NameObject("/GTS_PDFX"),
                NameObject("/OutputConditionIdentifier"): TextStringObject(condition.identifier),
                NameObject("/OutputCondition"): TextStringObject(condition.name),
                NameObject("/RegistryName"): TextStringObject(REGISTRY),
                NameObject("/Info"): TextStringObject(condition.name),
                NameObject("/DestOutputProfile"): add_object(writer, profile),
            }
        )
        catalog(writer)[NameObject("/OutputIntents")] = ArrayObject([add_object(writer, intent)])
        info = dict(writer.metadata or {})
        keys = {"/GTS_PDFXVersion": version}
        if press.standard == "PDF/X-1a":
            keys["/GTS_PDFXConformance"] = version
        writer.add_metadata(keys)
        set_info_name(writer, "/Trapped", "/False")
        writer.pdf_header = HEADER[press.standard]
        return _xmp_pdfx(version, info, _document_id(writer))

    return edit


def _document_id(writer: PdfWriter) -> str:
    """The file's permanent identifier (the trailer /ID ReportLab derives from the content;
    pypdf keeps it) as the UUID form XMP's DocumentID takes."""
    raw = file_id(writer)
    hexed = (raw.hex() + "0" * 32)[:32]
    return f"uuid:{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


def _iso(pdf_date: Any) -> str:
    """A PDF date (D:20261015000000+00'00') as XMP writes it (2026-10-15T00:00:00+00:00)."""
    m = re.match(
        r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([+-Z])?(\d{2})?'?(\d{2})?", str(pdf_date)
    )
    if not m:
        return ""
    y, mo, d, h, mi, s, sign, tzh, tzm = m.groups()
    zone = "Z" if sign in (None, "Z") else f"{sign}{tzh or '00'}:{tzm or '00'}"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _xmp_pdfx(version: str, info: dict[str, Any], ident: str) -> str:
    """XMP for PDF/X: the version claim, trapping, and the document's identity (xmpMM) that
    PDF/X-4 requires, with every Info entry XMP also names (author, subject, keywords,
    dates, tools) saying the same, as preflights compare them."""
    created, modified = _iso(info.get("/CreationDate")), _iso(info.get("/ModDate"))
    producer = escape(str(info.get("/Producer", "")))
    creator = escape(str(info.get("/Creator", "")))
    author = escape(str(info.get("/Author", "")))
    subject = escape(str(info.get("/Subject", "")))
    keywords = escape(str(info.get("/Keywords", "")))
    return f"""<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<pdfxid:GTS_PDFXVersion>{escape(version)}</pdfxid:GTS_PDFXVersion>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Trapped>False</pdf:Trapped>
<pdf:Producer>{producer}</pdf:Producer>
<pdf:Keywords>{keywords}</pdf:Keywords>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreateDate>{created}</xmp:CreateDate>
<xmp:ModifyDate>{modified or created}</xmp:ModifyDate>
<xmp:MetadataDate>{modified or created}</xmp:MetadataDate>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<xmpMM:DocumentID>{ident}</xmpMM:DocumentID>
<xmpMM:InstanceID>{ident}</xmpMM:InstanceID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
</rdf:Description>
"""
