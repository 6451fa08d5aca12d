"""Tagged PDF, finishing side: write the structure tree layout recorded into the PDF.

Layout (render/pdf/tags.py) marked every piece of content with an MCID, or as an artifact,
and built the tree of elements in reading order. Here pypdf adds what PDF/UA-1 needs
around it: StructTreeRoot with the elements, the ParentTree (MCID -> element, annotation
-> Link), /StructParents on pages, /Tabs /S where there are links, /MarkInfo, the XMP
packet with dc:title and pdfuaid:part, and PDF version 1.7.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .adapters.pypdf import add_object, catalog
from .markup import escape
from .render import Output
from .render.pdf.tags import Elem


def name(value: str) -> NameObject:
    return NameObject("/" + value)


# A change to the finished file's catalog and Info (PDF/X's output intent and keys), made on
# the structure's own writer so the file is parsed and written once; it returns the XMP
# descriptions it adds to the packet.
Edit = Callable[[PdfWriter], str]


def write_structure(output: Output, edit: Edit | None = None) -> Output:
    """The output as a tagged PDF, with ``edit`` made too; an untagged output (no structure)
    is kept as it is unless there is an edit to make."""
    root: Elem | None = output.structure
    if root is None:
        if edit is None:
            return output
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(output.data)))
        return _written(output, writer, str(catalog(writer).get("/Lang", "")), False, edit)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(output.data)))
    pages = [page.indirect_reference for page in writer.pages]
    # ParentTree: each page's MCIDs (in order) name their elements; each link annotation
    # gets a key of its own after the pages.
    marks: list[dict[int, IndirectObject]] = [{} for _ in pages]
    links: list[IndirectObject] = []
    tree_root = DictionaryObject({NameObject("/Type"): name("StructTreeRoot")})
    tree_ref = add_object(writer, tree_root)

    def element(elem: Elem, parent: IndirectObject) -> IndirectObject | None:
        """Write ``elem`` below ``parent``; elements that nothing drew are left out."""
        if not elem.drawn:
            return None
        obj = DictionaryObject(
            {
                NameObject("/Type"): name("StructElem"),
                NameObject("/S"): name(elem.role),
                NameObject("/P"): parent,
            }
        )
        ref = add_object(writer, obj)
        kids = ArrayObject()
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
            obj[NameObject("/Pg")] = pages[first[0]]
        obj[NameObject("/K")] = kids[0] if len(kids) == 1 else kids
        attributes(elem, obj, writer.pages[first[0]] if first is not None else None)
        return ref

    def content(page: int, mcid: int, first: Any) -> Any:
        """An MCID on the element's own page (/Pg) as a number, elsewhere as a reference."""
        if page == first[0]:
            return NumberObject(mcid)
        return DictionaryObject(
            {
                NameObject("/Type"): name("MCR"),
                NameObject("/Pg"): pages[page],
                NameObject("/MCID"): NumberObject(mcid),
            }
        )

    def link(page: int, index: int, parent: IndirectObject) -> IndirectObject:
        """A Link element holding the annotation by object reference."""
        annots = writer.pages[page]["/Annots"]
        annot_ref = annots[index]  # type: ignore[index]
        annot = annot_ref.get_object()
        target = annot.get("/A", {}).get("/URI", "")
        annot[NameObject("/Contents")] = TextStringObject(f"Link: {target}".strip())
        annot[NameObject("/StructParent")] = NumberObject(len(pages) + len(links))
        obj = DictionaryObject(
            {
                NameObject("/Type"): name("StructElem"),
                NameObject("/S"): name("Link"),
                NameObject("/P"): parent,
                NameObject("/Pg"): pages[page],
                NameObject("/K"): ArrayObject(
                    [
                        DictionaryObject(
                            {
                                NameObject("/Type"): name("OBJR"),
                                NameObject("/Obj"): annot_ref,
                                NameObject("/Pg"): pages[page],
                            }
                        )
                    ]
                ),
            }
        )
        ref = add_object(writer, obj)
        links.append(ref)
        return ref

    document = element(root, tree_ref)
    tree_root[NameObject("/K")] = ArrayObject([document] if document else [])
    nums = ArrayObject()
    for i, (page, by_mcid) in enumerate(zip(writer.pages, marks, strict=True)):
        page[NameObject("/StructParents")] = NumberObject(i)
        if "/Annots" in page:
            page[NameObject("/Tabs")] = name("S")
        refs = [by_mcid[m] for m in sorted(by_mcid)]
        nums += [NumberObject(i), add_object(writer, ArrayObject(refs))]
    for j, ref in enumerate(links):
        nums += [NumberObject(len(pages) + j), ref]
    tree_root[NameObject("/ParentTree")] = add_object(
        writer, DictionaryObject({NameObject("/Nums"): nums})
    )
    tree_root[NameObject("/ParentTreeNextKey")] = NumberObject(len(pages) + len(links))
    cat = catalog(writer)
    cat[NameObject("/StructTreeRoot")] = tree_ref
    cat[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    cat[NameObject("/Lang")] = TextStringObject(root.lang or "")
    prefs = writer.create_viewer_preferences()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    return _written(output, writer, root.lang or "", True, edit)


def _written(
    output: Output, writer: PdfWriter, lang: str, tagged: bool, edit: Edit | None
) -> Output:
    """Make ``edit``, add the XMP packet (the edit's descriptions in it), and write the file
    (PDF 1.7, PDF/UA's base, unless the edit names another version)."""
    writer.pdf_header = "%PDF-1.7"
    extra = edit(writer) if edit is not None else ""
    title = (writer.metadata.title if writer.metadata else None) or ""
    catalog(writer)[NameObject("/Metadata")] = add_object(writer, xmp(title, lang, tagged, extra))
    buf = io.BytesIO()
    writer.write(buf)
    return replace(output, data=buf.getvalue())


def attributes(elem: Elem, obj: DictionaryObject, page: Any) -> None:
    """Alt text, ActualText, language and the /A attributes (Layout BBox, Table, List)."""
    if elem.alt is not None:
        obj[NameObject("/Alt")] = TextStringObject(elem.alt)
    if elem.actual is not None:
        obj[NameObject("/ActualText")] = TextStringObject(elem.actual)
    if elem.lang and elem.role != "Document":
        obj[NameObject("/Lang")] = TextStringObject(elem.lang)
    attrs: list[DictionaryObject] = []
    if elem.bbox is not None:
        # Layout measured in trim coordinates; a press page has moved them by its slug.
        dx, dy = (float(v) for v in page.trimbox[:2]) if page is not None else (0.0, 0.0)
        x1, y1, x2, y2 = elem.bbox
        box = [FloatObject(round(v, 2)) for v in (x1 + dx, y1 + dy, x2 + dx, y2 + dy)]
        attrs.append(
            DictionaryObject(
                {NameObject("/O"): name("Layout"), NameObject("/BBox"): ArrayObject(box)}
            )
        )
    owner = {"Scope": "Table", "ListNumbering": "List"}
    for key, value in elem.attrs.items():
        attrs.append(DictionaryObject({NameObject("/O"): name(owner[key]), name(key): name(value)}))
    if attrs:
        obj[NameObject("/A")] = attrs[0] if len(attrs) == 1 else ArrayObject(attrs)


def xmp(title: str, lang: str, tagged: bool = True, extra: str = "") -> StreamObject:
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
    stream = StreamObject()
    stream.set_data(packet.encode("utf-8"))
    stream[NameObject("/Type")] = name("Metadata")
    stream[NameObject("/Subtype")] = name("XML")
    return stream
