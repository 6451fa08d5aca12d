"""Tagged PDF, writing side: the structure tree layout recorded, written by ReportLab itself.

Layout (tags.py) marked every piece of content with an MCID, or as an artifact, and built
the tree of elements in reading order. When the canvas saves, after its last page and
before ReportLab formats the file, this adds what PDF/UA-1 needs around it: StructTreeRoot
with the elements, the ParentTree (MCID -> element, annotation -> Link), /StructParents on
pages, /Tabs /S where there are links, /MarkInfo, and the XMP packet with dc:title and
pdfuaid:part. Writing it here, in the one pass that makes the file, costs a few
milliseconds; re-opening the finished file with pypdf to add it cost a tenth of a second.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

from ...adapters.reportlab import add_page_keys, annotation, page_object, pdf_document
from ...markup import escape
from .tags import Elem


def write_tree(canvas: Any, root: Elem, pages: int, title: str) -> None:
    """Add ``root``'s tree (elements nothing drew are left out) to the canvas's document,
    whose ``pages`` pages are all finished."""
    doc = pdf_document(canvas)
    page_refs = [doc.Reference(page_object(canvas, i)) for i in range(pages)]
    marks: list[dict[int, Any]] = [{} for _ in range(pages)]
    links: list[Any] = []
    tree = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    tree_ref = doc.Reference(tree)

    def element(elem: Elem, parent: Any) -> Any:
        if not elem.drawn:
            return None
        obj = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(elem.role), "P": parent})
        ref = doc.Reference(obj)
        kids: list[Any] = []
        first = next((k for k in elem.kids if isinstance(k, tuple) and k[0] != "annot"), None)
        for kid in elem.kids:
            if isinstance(kid, Elem):
                child = element(kid, ref)
                if child is not None:
                    kids.append(child)
            elif kid[0] == "annot":
                kids.append(link(kid[1], kid[2], ref))
            else:
                page, mcid = kid
                marks[page][mcid] = ref
                kids.append(content(page, mcid, first))
        if first is not None:
            obj["Pg"] = page_refs[first[0]]
        obj["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
        attributes(elem, obj)
        return ref

    def content(page: int, mcid: int, first: Any) -> Any:
        """An MCID on the element's own page (/Pg) as a number, elsewhere as a reference."""
        if page == first[0]:
            return mcid
        return PDFDictionary({"Type": PDFName("MCR"), "Pg": page_refs[page], "MCID": mcid})

    def link(page: int, index: int, parent: Any) -> Any:
        """A Link element holding the annotation by object reference; the annotation says
        where it goes (its /Contents) and which element it belongs to (/StructParent)."""
        annot_ref, annot = annotation(canvas, page_object(canvas, page), index)
        described(annot)
        annot["StructParent"] = pages + len(links)
        obr = PDFDictionary({"Type": PDFName("OBJR"), "Obj": annot_ref, "Pg": page_refs[page]})
        obj = PDFDictionary(
            {
                "Type": PDFName("StructElem"),
                "S": PDFName("Link"),
                "P": parent,
                "Pg": page_refs[page],
                "K": PDFArray([obr]),
            }
        )
        ref = doc.Reference(obj)
        links.append(ref)
        return ref

    document = element(root, tree_ref)
    tree["K"] = PDFArray([document] if document is not None else [])
    nums: list[Any] = []
    for i, by_mcid in enumerate(marks):
        page = page_object(canvas, i)
        keys: dict[str, Any] = {"StructParents": i}
        if page.Annots:
            keys["Tabs"] = PDFName("S")
        add_page_keys(page, keys)
        nums += [i, doc.Reference(PDFArray([by_mcid[m] for m in sorted(by_mcid)]))]
    for j, ref in enumerate(links):
        nums += [pages + j, ref]
    tree["ParentTree"] = doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
    tree["ParentTreeNextKey"] = pages + len(links)
    canvas.setCatalogEntry("StructTreeRoot", tree_ref)
    canvas.setCatalogEntry("MarkInfo", PDFDictionary({"Marked": "true"}))
    canvas.setCatalogEntry("Lang", PDFString(root.lang or ""))
    canvas.setCatalogEntry("Metadata", metadata(xmp(title, root.lang or "")))
    canvas.setViewerPreference("DisplayDocTitle", "true")


def described(annot: PDFDictionary) -> None:
    """A link annotation's /Contents: where it goes, for a reader that lists links."""
    action = annot["A"] if "A" in annot.dict else None
    target = action["URI"].s if action is not None and "URI" in action.dict else ""
    annot["Contents"] = PDFString(f"Link: {target}".strip())


def write_untagged(canvas: Any, title: str, lang: str, pages: int) -> None:
    """What an untagged file (the imposed booklet, ``pages`` sheet sides) keeps of the
    tagged ones: its language, the title shown by viewers, the XMP packet (without the
    PDF/UA claim) and each link's description."""
    for i in range(pages):
        page = page_object(canvas, i)
        for index in range(len(page.Annots or [])):
            described(annotation(canvas, page, index)[1])
    canvas.setCatalogEntry("Lang", PDFString(lang))
    canvas.setCatalogEntry("Metadata", metadata(xmp(title, lang, tagged=False)))
    canvas.setViewerPreference("DisplayDocTitle", "true")


def attributes(elem: Elem, obj: PDFDictionary) -> None:
    """Alt text, ActualText, language and the /A attributes (Layout BBox, Table, List)."""
    if elem.alt is not None:
        obj["Alt"] = PDFString(elem.alt)
    if elem.actual is not None:
        obj["ActualText"] = PDFString(elem.actual)
    if elem.lang and elem.role != "Document":
        obj["Lang"] = PDFString(elem.lang)
    attrs: list[PDFDictionary] = []
    if elem.bbox is not None:  # page coordinates; a press page's bleed step moves them
        box = PDFArray([round(v, 2) for v in elem.bbox])
        attrs.append(PDFDictionary({"O": PDFName("Layout"), "BBox": box}))
    owner = {"Scope": "Table", "ListNumbering": "List"}
    for key, value in elem.attrs.items():
        attrs.append(PDFDictionary({"O": PDFName(owner[key]), key: PDFName(value)}))
    if attrs:
        obj["A"] = attrs[0] if len(attrs) == 1 else PDFArray(attrs)


def metadata(packet: bytes) -> PDFStream:
    """The XMP packet as a metadata stream, uncompressed (as readers and checkers expect)."""
    info = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(info, packet)  # no filters: the document sets none by default


def xmp(title: str, lang: str, tagged: bool = True, extra: str = "") -> bytes:
    """The XMP packet: the title (as the Info /Title), the PDF/UA-1 claim of a tagged file,
    and ``extra`` descriptions (PDF/X's)."""
    claim = (
        """<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
"""
        if tagged
        else ""
    )
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
{claim}{extra}</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
