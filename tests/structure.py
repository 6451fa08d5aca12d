"""An independent reader of tagged PDF (pypdf only, none of the writer's data): walks the
structure tree and the content streams and lists every PDF/UA-1 rule the file breaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

# Operators that put marks on the page: text showing, path painting, images, shadings.
PAINT = {
    b"Tj",
    b"TJ",
    b"'",
    b'"',
    b"f",
    b"F",
    b"f*",
    b"B",
    b"B*",
    b"b",
    b"b*",
    b"S",
    b"s",
    b"Do",
    b"sh",
    b"INLINE IMAGE",
}
STANDARD_TYPES = """Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form"""
STANDARD = set(STANDARD_TYPES.split())
# Which kids an element of each kind may have (PDF 1.7, 14.8.4).
ALLOWED_KIDS = {
    "L": {"LI", "Caption", "L"},
    "LI": {"Lbl", "LBody"},
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "TR": {"TH", "TD"},
}


@dataclass
class Element:
    role: str
    obj: DictionaryObject
    kids: list[Element] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annots: list[Any] = field(default_factory=list)


@dataclass
class Report:
    problems: list[str]
    root: Element | None
    pages: int

    def elements(self) -> list[Element]:
        out: list[Element] = []

        def walk(e: Element) -> None:
            out.append(e)
            for k in e.kids:
                walk(k)

        if self.root:
            walk(self.root)
        return out

    def roles(self) -> list[str]:
        return [e.role for e in self.elements()]


def check(path: Path) -> Report:
    """Every rule the file breaks, as one line each; an empty list is a pass."""
    reader = PdfReader(path)
    problems: list[str] = []
    cat = reader.trailer["/Root"].get_object()
    page_index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    # PDF/UA-1 is written against PDF 1.7; a PDF/X press file keeps the version its PDF/X
    # part is based on (PDF/X-4: 1.6, PDF/X-1a:2003: 1.4), which has every feature used here.
    pdfx = str((reader.metadata or {}).get("/GTS_PDFXVersion", ""))
    wanted = {"PDF/X-4": "%PDF-1.6", "PDF/X-1a:2003": "%PDF-1.4"}.get(pdfx, "%PDF-1.7")
    if reader.pdf_header != wanted:
        problems.append(f"PDF version is {reader.pdf_header}, not {wanted[5:]}")
    if not cat.get("/MarkInfo", {}).get("/Marked"):
        problems.append("catalog: /MarkInfo /Marked is not true")
    if not str(cat.get("/Lang", "")):
        problems.append("catalog: no /Lang")
    if not cat.get("/ViewerPreferences", {}).get("/DisplayDocTitle"):
        problems.append("catalog: /DisplayDocTitle is not true")
    xmp = cat["/Metadata"].get_object().get_data().decode() if "/Metadata" in cat else ""
    title = (reader.metadata.title if reader.metadata else None) or ""
    if "<pdfuaid:part>1</pdfuaid:part>" not in xmp:
        problems.append("XMP: no pdfuaid:part 1")
    if not title or f">{title}</rdf:li>" not in xmp.replace("&amp;", "&"):
        problems.append("XMP: no dc:title equal to the Info /Title")
    if "/StructTreeRoot" not in cat:
        problems.append("catalog: no /StructTreeRoot")
        problems += _pages(reader, set(), set(), None)
        return Report(problems, None, len(reader.pages))
    tree = cat["/StructTreeRoot"].get_object()
    objrs: set[int] = set()

    def walk(obj: DictionaryObject) -> Element:
        role = str(obj["/S"])[1:]
        elem = Element(role, obj)
        page = page_index.get(obj.raw_get("/Pg").idnum) if "/Pg" in obj else None
        kids = obj.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        for k in kids:
            k = k.get_object() if hasattr(k, "get_object") else k
            if isinstance(k, int):
                if page is None:
                    problems.append(f"{role}: MCID {k} without /Pg")
                elem.mcids.append((page or 0, int(k)))
            elif k.get("/Type") == "/MCR":
                elem.mcids.append((page_index[k.raw_get("/Pg").idnum], int(k["/MCID"])))
            elif k.get("/Type") == "/OBJR":
                elem.annots.append(k.raw_get("/Obj"))
                objrs.add(k.raw_get("/Obj").idnum)
            else:
                elem.kids.append(walk(k))
        return elem

    top = tree["/K"]
    top = top.get_object() if hasattr(top, "get_object") else top
    root = walk(top[0].get_object() if isinstance(top, list) else top)
    report = Report(problems, root, len(reader.pages))
    elements = report.elements()
    if root.role != "Document":
        problems.append(f"the tree's root is {root.role}, not Document")
    rolemap = tree.get("/RoleMap", {})
    for e in elements:
        if e.role not in STANDARD and e.role not in rolemap:
            problems.append(f"{e.role}: not a standard type and not in the role map")
        allowed = ALLOWED_KIDS.get(e.role)
        if allowed and any(k.role not in allowed for k in e.kids):
            problems.append(f"{e.role} holds {[k.role for k in e.kids]}")
        if e.role == "TH" and "/Scope" not in str(e.obj.get("/A", "")):
            problems.append("TH without /Scope")
        if e.role == "Figure":
            if not str(e.obj.get("/Alt", "")).strip():
                problems.append("Figure without /Alt")
            box = _attr(e.obj, "/BBox")
            if box is None or float(box[2]) <= float(box[0]) or float(box[3]) <= float(box[1]):
                problems.append(f"Figure with no usable /BBox: {box}")
        if e.role == "Link" and not e.annots:
            problems.append("Link without an annotation (OBJR)")
    levels = [int(e.role[1]) for e in elements if e.role in {"H1", "H2", "H3", "H4", "H5", "H6"}]
    if levels and levels[0] != 1:
        problems.append(f"the first heading is H{levels[0]}")
    for before, after in pairwise(levels):
        if after > before + 1:
            problems.append(f"heading level skips from H{before} to H{after}")
    tagged = [m for e in elements for m in e.mcids]
    if len(tagged) != len(set(tagged)):
        problems.append("an MCID belongs to more than one element")
    problems += _pages(reader, set(tagged), objrs, tree)
    problems += _fonts(reader)
    return report


def _attr(obj: DictionaryObject, key: str) -> Any:
    a = obj.get("/A")
    for d in a if isinstance(a, list) else [a] if a is not None else []:
        if key in d.get_object():
            return d.get_object()[key]
    return None


def _pages(
    reader: PdfReader, tagged: set[tuple[int, int]], objrs: set[int], tree: Any
) -> list[str]:
    """Page rules: every painting operator inside marked content, every MCID in the tree and
    the tree's MCIDs in the content, /StructParents, /Tabs, link annotations tagged."""
    problems: list[str] = []
    nums = tree["/ParentTree"].get_object()["/Nums"] if tree else []
    parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    seen: set[tuple[int, int]] = set()
    for i, page in enumerate(reader.pages):
        if "/StructParents" not in page:
            problems.append(f"page {i + 1}: no /StructParents")
        elif not isinstance(parents.get(int(page["/StructParents"])), list):
            problems.append(f"page {i + 1}: no ParentTree entry")
        annots = [a.get_object() for a in page.get("/Annots", []) or []]
        if annots and page.get("/Tabs") != "/S":
            problems.append(f"page {i + 1}: annotations but no /Tabs /S")
        for ref in page.get("/Annots", []) or []:
            if ref.idnum not in objrs:
                problems.append(f"page {i + 1}: annotation {ref.idnum} is not tagged")
            elif "/StructParent" not in ref.get_object():
                problems.append(f"page {i + 1}: annotation without /StructParent")
        depth = 0
        ops = ContentStream(page.get_contents(), reader).operations
        for operands, op in ops:
            if op in (b"BMC", b"BDC"):
                depth += 1
                props = operands[1] if op == b"BDC" and len(operands) > 1 else None
                if isinstance(props, dict) and "/MCID" in props:
                    seen.add((i, int(props["/MCID"])))
            elif op == b"EMC":
                depth -= 1
                if depth < 0:
                    problems.append(f"page {i + 1}: EMC without BMC/BDC")
                    depth = 0
            elif op in PAINT and depth == 0:
                problems.append(f"page {i + 1}: {op.decode()} outside marked content")
                break
        if depth:
            problems.append(f"page {i + 1}: {depth} marked-content sequences left open")
    if seen - tagged:
        problems.append(f"{len(seen - tagged)} MCIDs in the content belong to no element")
    if tagged - seen:
        problems.append(f"{len(tagged - seen)} MCIDs of elements are not in the content")
    return problems


def _fonts(reader: PdfReader) -> list[str]:
    """Every font embedded, with a ToUnicode map (so text extracts and reads aloud)."""
    problems: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in (f.get_object() for f in fonts.values()):
            base = str(font.get("/BaseFont"))
            desc = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.add(f"font {base} is not embedded")
            if "/ToUnicode" not in font:
                problems.add(f"font {base} has no ToUnicode map")
    return sorted(problems)


def reading(path: Path) -> list[tuple[str, str]]:
    """(role, text) of every element that holds content, in structure-tree order: what a
    screen reader reads. A figure reads as its /Alt, a label as its /ActualText if any."""
    reader = PdfReader(path)
    report = check(path)
    by_mark: dict[tuple[int, int], str] = {}
    for i, page in enumerate(reader.pages):
        for mcid, words in _marked_text(page).items():
            by_mark[(i, mcid)] = words
    out: list[tuple[str, str]] = []
    for e in report.elements():
        if not e.mcids:
            continue
        said = e.obj.get("/Alt") if e.role == "Figure" else e.obj.get("/ActualText")
        words = str(said) if said is not None else "".join(by_mark.get(m, "") for m in e.mcids)
        out.append((e.role, " ".join(words.split())))
    return out


def _marked_text(page: Any) -> dict[int, str]:
    """The text shown inside each MCID's marked content on a page."""
    stack: list[int | None] = []
    out: dict[int, str] = {}

    def before(op: bytes, args: Any, cm: Any, tm: Any) -> None:
        if op == b"BDC":
            props = args[1] if len(args) > 1 else None
            stack.append(
                int(props["/MCID"]) if isinstance(props, dict) and "/MCID" in props else None
            )
        elif op == b"BMC":
            stack.append(None)
        elif op == b"EMC" and stack:
            stack.pop()

    def shown(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        mcid = next((m for m in reversed(stack) if m is not None), None)
        if mcid is not None:
            out[mcid] = out.get(mcid, "") + text

    page.extract_text(visitor_operand_before=before, visitor_text=shown)
    return out


def pdfua(path: Path) -> list[str]:
    """What the `pdfua` checker (part of veraPDF's PDF/UA-1 rules) finds, one line each; a
    rule it could not evaluate counts too, so a pass means every rule ran and passed."""
    from pdfua import validate

    report = validate(str(path))
    found = [f"{f.rule_id} {f.message}" for f in report.findings]
    return found + [f"{o.rule_id} skipped: {o.skipped_reason}" for o in report.skipped]
