"""Document nodes -> ReportLab flowables; one entry per node kind, shared by every variant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from ...adapters.reportlab import SplitTable, kept_together, row_heights
from ...content.inline import to_markup, to_plain
from ...document import nodes as n
from ...markup import escape
from ...theme.styles import HYPHENATION, TypeScale
from ...theme.theme import Theme
from .art import Picture
from .columns import column_widths, hyphenate
from .flowables import NumberBadge, RowTable, SectionHeading, TaggedParagraph, TickBox
from .tags import Structure, tag


def mix(hex_color: str, other: str, t: float) -> Color:
    """A colour ``t`` of the way from ``hex_color`` to ``other`` (tints made from the brand)."""
    a, b = HexColor(hex_color), HexColor(other)
    return Color(
        *(x + (y - x) * t for x, y in ((a.red, b.red), (a.green, b.green), (a.blue, b.blue)))
    )


@dataclass
class LayoutContext:
    """What a node needs to lay itself out: theme, styles, scale and the text width."""

    theme: Theme
    styles: dict[str, ParagraphStyle]
    scale: TypeScale
    width: float
    height: float  # the body frame's height: nothing may be taller
    glossary_table: bool = True  # narrow pages set terms above their definitions
    tags: Structure = field(default_factory=lambda: Structure(""))

    def para(self, text: str, style: str, role: str = "P", key: Any = None, **kw: Any) -> Paragraph:
        """A paragraph of content text, and its structure element (``role``, memoised by the
        document node ``key``) as the next child of the open element."""
        markup = to_markup(text, None, self.theme.hex["primary"])
        return self.tagged(markup, self.styles[style], role, key, **kw)

    def tagged(
        self, markup: str, style: ParagraphStyle, role: str = "P", key: Any = None, **kw: Any
    ) -> Paragraph:
        """A paragraph of ready markup, tagged like ``para``."""
        return tag(TaggedParagraph(markup, style), self.tags.child(role, key, **kw))

    def heading(self, level: int) -> str:
        """The heading role for a section level (H2 below a title that is the H1)."""
        return f"H{min(6, level + self.tags.heading_offset)}"


def flowables(nodes: tuple[n.Block, ...], ctx: LayoutContext) -> list[Flowable]:
    out: list[Flowable] = []
    for node in nodes:
        out += block(node, ctx)
    return out


def block(node: n.Block, ctx: LayoutContext) -> list[Flowable]:
    """One node's flowables; each remembers the node's source for located layout errors."""
    body = LAYOUTS[type(node)](node, ctx)
    for flowable in body:
        if getattr(flowable, "src", None) is None:
            flowable.src = node.src
    return body


def layout_section(node: n.Section, ctx: LayoutContext) -> list[Flowable]:
    """A heading (level 1 is also a bookmark) kept with the start of what it introduces."""
    role = ctx.heading(node.level)
    if node.level <= 1:
        heading: Flowable = SectionHeading(
            to_markup(node.title), ctx.styles["h1"], to_plain(node.title), node.level - 1
        )
        tag(heading, ctx.tags.child(role, node))
    else:
        heading = ctx.para(node.title, "h2", role, node)
    heading.src = node.src
    return keep_with_first(heading, flowables(node.children, ctx), ctx)


def keep_with_first(head: Flowable, body: list[Flowable], ctx: LayoutContext) -> list[Flowable]:
    """Keep a heading with the start of what follows, so no heading ends a page.

    ReportLab's keepWithNext does not chain into KeepTogether groups (our callouts and steps),
    so headings are grouped here; a list is split after its first item so that a long list
    still flows.
    """
    if not body:
        return [head]
    first, rest = body[0], body[1:]
    if isinstance(first, Table) and first.wrap(ctx.width, ctx.height)[1] > ctx.height / 2:
        # A box taller than half a page may split: the heading only needs room for itself
        # and the box's first row below it, and the box flows on from there.
        need = head.wrap(ctx.width, ctx.height)[1] + head.getSpaceAfter() + first.getSpaceBefore()
        head.keepWithNext = False  # the style's keep would move heading and box as one
        return [CondPageBreak(need + row_heights(first)[0] + 1), head, *body]
    items = getattr(first, "source_items", None)
    if items and len(items) > 1:
        style = first.source_style
        with ctx.tags.inside(first.struct_parent):  # the same list element, items reused
            first = bullet_list(items[:1], ctx, style, space_after=ctx.styles[style].spaceAfter)
            rest = [bullet_list(items[1:], ctx, style), *rest]
    return [KeepTogether([head, *kept_together(first)]), *rest]


def grid(
    rows: list[list[Any]],
    widths: list[float],
    ctx: LayoutContext,
    pad: tuple[float, float, float, float] = (0, 0, 0, 0),
    *commands: tuple[Any, ...],
    table: type[Table] = SplitTable,
    **kw: Any,
) -> Table:
    """A borderless layout table: the brand's font, top-aligned cells, given padding
    (left, right, top, bottom) and any extra style commands. Rows may split across pages."""
    left, right, top, bottom = pad
    t = table(rows, colWidths=widths, splitInRow=1, **kw)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), ctx.theme.body.regular),  # never the unembedded default
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), left),
                ("RIGHTPADDING", (0, 0), (-1, -1), right),
                ("TOPPADDING", (0, 0), (-1, -1), top),
                ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
                *commands,
            ]
        )
    )
    return t


ROLE_STYLES = {"item": "item", "callout": "callout", "lead": "lead", "small": "small"}


def layout_paragraph(node: n.Paragraph, ctx: LayoutContext) -> list[Flowable]:
    return [ctx.para(node.text, ROLE_STYLES.get(node.role, "body"), key=node)]


def inner(nodes: tuple[n.Block, ...], ctx: LayoutContext) -> list[Flowable]:
    """The body of a list item or callout: a nested list stays one flowable (it sits in a
    table cell, where keeping its last items together means nothing)."""
    out: list[Flowable] = []
    for node in nodes:
        if isinstance(node, n.ListBlock) and node.style == "bullets":
            with ctx.tags.open("L", node, attrs=NUMBERING[node.style]):
                out.append(bullet_list(node.items, ctx, _item_style(node)))
        else:
            out += block(node, ctx)
    return out


def item_flowables(item: n.ListItem, ctx: LayoutContext) -> list[Flowable]:
    return inner(item.body, ctx)


def bullet_list(
    items: list[n.ListItem] | tuple[n.ListItem, ...],
    ctx: LayoutContext,
    style: str = "item",
    space_after: float | None = None,
) -> ListFlowable:
    size = ctx.scale.body
    paras = []
    for i in items:  # LI > LBody: the bullet itself is drawn as an artifact
        with ctx.tags.open("LI", i), ctx.tags.open("LBody", i):
            paras.append(ListItem(item_flowables(i, ctx)))
    flowable = ListFlowable(
        paras,
        bulletType="bullet",
        start="\u2022",
        leftIndent=size * 1.3,
        bulletFontSize=size,
        bulletColor=ctx.theme.ink("bullet"),
        bulletFontName=ctx.theme.body.bold,
        bulletOffsetY=0,
        spaceAfter=size * 0.4 if space_after is None else space_after,
    )
    flowable.source_items, flowable.source_style = list(items), style  # a heading keeps item 1
    flowable.struct_parent = ctx.tags.current
    return flowable


def _item_style(node: n.ListBlock) -> str:
    first = node.items[0].body[0] if node.items and node.items[0].body else None
    role = first.role if isinstance(first, n.Paragraph) else "item"
    return ROLE_STYLES.get(role, "item")


NUMBERING = {
    "bullets": {"ListNumbering": "Disc"},
    "steps": {"ListNumbering": "Decimal"},
    "checklist": {"ListNumbering": "None"},
}


def layout_list(node: n.ListBlock, ctx: LayoutContext) -> list[Flowable]:
    with ctx.tags.open("L", node, attrs=NUMBERING[node.style]):
        return LISTS[node.style](node, ctx)


def layout_bullets(node: n.ListBlock, ctx: LayoutContext) -> list[Flowable]:
    """A bulleted list that never leaves one item alone at the foot or head of a page.

    Up to three items stay whole; a longer list keeps its first two and its last two
    items together. The pieces join with the same space as items inside a piece (a list that
    ends early would otherwise drop its last item's space).
    """
    items, style = node.items, _item_style(node)
    if len(items) < 4:
        return [KeepTogether([bullet_list(items, ctx, style)])]
    gap = ctx.styles[style].spaceAfter
    middle = [bullet_list(items[2:-2], ctx, style, space_after=gap)] if len(items) > 4 else []
    return [
        KeepTogether([bullet_list(items[:2], ctx, style, space_after=gap)]),
        *middle,
        KeepTogether([bullet_list(items[-2:], ctx, style)]),
    ]


def layout_steps(node: n.ListBlock, ctx: LayoutContext) -> list[Flowable]:
    size = ctx.scale.body
    badge = size * 2.1
    gap = size * 0.9
    theme = ctx.theme
    out: list[Flowable] = []
    for item in node.items:
        with ctx.tags.open("LI", item):
            number = NumberBadge(
                item.label,
                badge,
                theme.ground("step_number"),
                theme.ink("step_number"),
                theme.body.bold,
            )
            tag(number, ctx.tags.child("Lbl", item))
            with ctx.tags.open("LBody", item):
                cell: list[Flowable] = [ctx.para(item.title or "", "step_title")]
                cell += item_flowables(item, ctx)
        widths = [badge + gap, ctx.width - badge - gap]
        # A step title never ends a page; a step taller than a page may still split.
        out.append(KeepTogether([grid([[number, cell]], widths, ctx, (0, 0, 0, size * 0.5))]))
    return out


def layout_checklist(node: n.ListBlock, ctx: LayoutContext) -> list[Flowable]:
    size = ctx.scale.body
    box = size * 1.05
    rows = []
    for i in node.items:
        with ctx.tags.open("LI", i):
            tick = tag(TickBox(box, ctx.theme.ink("tick_box")), ctx.tags.child("Lbl", actual=BOX))
            with ctx.tags.open("LBody", i):
                rows.append([tick, _cell(item_flowables(i, ctx))])
    line = mix(ctx.theme.hex["secondary"], ctx.theme.hex["background"], 0.75)
    widths = [box + size * 0.9, ctx.width - box - size * 0.9]

    def table(chunk: list[list[Any]], rule_last: bool) -> Table:
        return grid(
            chunk,
            widths,
            ctx,
            (0, 0, size * 0.45, size * 0.2),
            ("TOPPADDING", (0, 0), (0, -1), size * 0.45 + size * 0.12),  # box on the first line
            ("LINEBELOW", (0, 0), (-1, -1 if rule_last else -2), 0.5, line),
            table=RowTable,
        )

    return [*row_chunks(rows, table), Spacer(1, size * 0.6)]


BOX = "\u2610"  # a tick box reads as "ballot box"


def _cell(content: list[Flowable]) -> Flowable | list[Flowable]:
    return content[0] if len(content) == 1 else content


LISTS: dict[str, Callable[[n.ListBlock, LayoutContext], list[Flowable]]] = {
    "bullets": layout_bullets,
    "steps": layout_steps,
    "checklist": layout_checklist,
}


def row_chunks(
    rows: list[list[Any]], table: Callable[[list[list[Any]], bool], Table], head: int = 2
) -> list[Flowable]:
    """The first rows as a table of their own, so that a heading can keep with just them.

    A heading kept with a whole long table would push both to a new page and leave the page
    before half empty.
    """
    if len(rows) <= head + 2:
        return [table(rows, False)]
    return [table(rows[:head], True), table(rows[head:], False)]


TONES = {"info": "primary", "warning": "warning", "important": "accent"}


def callout_box(node: n.Callout, ctx: LayoutContext, extra: list[Flowable] | None = None) -> Table:
    """A tinted box with a coloured bar; one row per part so that it can split across pages."""
    theme, size = ctx.theme, ctx.scale.body
    bar = theme.hex[TONES[node.tone]]
    bg = theme.color("tint" if node.tone == "info" else f"{TONES[node.tone]}_wash")
    rows: list[list[Any]] = []
    if node.title:
        style = ParagraphStyle(
            "callout_title_tone",
            parent=ctx.styles["callout_title"],
            textColor=theme.ink("warning_on_wash" if node.tone == "warning" else "heading"),
        )
        rows.append([ctx.tagged(to_markup(node.title), style)])
    rows += [[f] for f in [*inner(node.body, ctx), *(extra or [])]]
    pad = size * 0.9
    table = grid(
        rows,
        [ctx.width],
        ctx,
        (pad, pad, size * 0.15, size * 0.15),
        ("BACKGROUND", (0, 0), (-1, -1), bg),
        ("LINEBEFORE", (0, 0), (0, -1), size * 0.35, HexColor(bar)),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.6),
    )
    table.spaceAfter = size * 0.9
    table.spaceBefore = size * 0.3
    return table


def layout_callout(node: n.Callout, ctx: LayoutContext) -> list[Flowable]:
    """A box kept on one page, unless it is taller than half a page (large type): then it
    may continue on the next rather than leave most of a page empty before it."""
    with ctx.tags.open("Div", node):
        box = callout_box(node, ctx)
    if box.wrap(ctx.width, ctx.height)[1] > ctx.height / 2:
        return [box]
    return [KeepTogether([box])]


def layout_urgent(node: n.Urgent, ctx: LayoutContext) -> list[Flowable]:
    """A warning-coloured box: the signs, then who to call in bold type of the same colour."""
    warning = ctx.theme.ink("warning_on_wash")
    call_style = ParagraphStyle(
        "urgent_call", parent=ctx.styles["callout_title"], textColor=warning, spaceAfter=0
    )
    call = to_markup(node.call)
    if node.phone is not None:
        call = f'<a href="{escape(node.phone.target)}">{call}</a>'
    callout = n.Callout(tone="warning", title=node.title, body=node.body, src=node.src)
    with ctx.tags.open("Div", node):
        box = callout_box(callout, ctx, [call_para := TaggedParagraph(call, call_style)])
        tag(call_para, ctx.tags.child("P", (node, "call")))  # after the body: reading order
    return [KeepTogether([box])]


def layout_figure(node: n.Figure, ctx: LayoutContext) -> list[Flowable]:
    picture = Picture(node.image, ctx.width * node.width, ctx.theme, node.src)
    tag(picture, ctx.tags.child("Figure", node, alt=to_plain(node.alt)))
    gap = ctx.scale.body * 0.4
    # Labels that would print below the variant's floor become numbers, their words a key.
    entries = picture.keyed(ctx.scale.floor, ctx.theme.body.bold)
    key: list[Flowable] = [
        ctx.tagged(f"<b>{i}</b>\u2002{escape(words)}", ctx.styles["small"], key=(node, i))
        for i, words in enumerate(entries, 1)
    ]
    caption = ctx.para(node.caption, "caption", key=(node, "caption"))
    under = [Spacer(1, gap), *key, *([Spacer(1, gap)] if key else []), caption]
    below = sum(f.wrap(ctx.width, ctx.height)[1] + f.getSpaceAfter() for f in under)
    # A tall portrait picture shrinks so that it and its caption fit on one page.
    picture.max_height = ctx.height - below - 1
    figure = KeepTogether([picture, *under])
    figure.floats = True  # see BrochureDoc.float_figure
    return [figure]


# A header cell names its column; repeated on the next page, it is marked only once.
HEADER_CELL: dict[str, Any] = {"role": "TH", "attrs": {"Scope": "Column"}, "once": True}


def layout_table(node: n.Table, ctx: LayoutContext) -> list[Flowable]:
    pad = ctx.scale.body * 0.35
    lang = HYPHENATION.get(ctx.scale.language, "")

    def measure(text: str, row: int) -> float:
        style = ctx.styles["th" if row == 0 else "td"]
        return stringWidth(to_plain(text), style.fontName, style.fontSize)

    rows = [node.header, *node.rows]
    widths = column_widths(rows, ctx.width, pad * 2 + 1, lang, measure, node.widths)
    data = []
    with ctx.tags.open("Table", node):
        for r, row in enumerate(rows):
            with ctx.tags.open("TR", (node, r)):
                data.append(
                    [
                        ctx.para(
                            hyphenate(text, w - pad * 2 - 1, lang, partial(measure, row=r)),
                            "th" if r == 0 else "td",
                            **({"role": "TD"} if r else HEADER_CELL),
                        )
                        for text, w in zip(row, widths, strict=True)
                    ]
                )
    theme = ctx.theme
    table = grid(
        data,
        widths,
        ctx,
        (pad, pad, pad * 0.7, pad * 0.9),
        ("BACKGROUND", (0, 0), (-1, 0), theme.color("primary")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [theme.color("background"), theme.color("tint")]),
        ("LINEBELOW", (0, -1), (-1, -1), 0.75, theme.color("primary")),
        table=RowTable,
        repeatRows=1,
    )
    table.spaceAfter = ctx.scale.body * 0.8
    return [table]


def layout_glossary(node: n.Glossary, ctx: LayoutContext) -> list[Flowable]:
    line = mix(ctx.theme.hex["secondary"], ctx.theme.hex["background"], 0.7)
    pairs = []  # a definition list: L > LI > Lbl (the term) + LBody (its definition)
    with ctx.tags.open("L", node, attrs={"ListNumbering": "None"}):
        for term, definition in node.entries:
            with ctx.tags.open("LI"):
                pairs.append(
                    (ctx.para(term, "term", "Lbl"), ctx.para(definition, "definition", "LBody"))
                )
    if not ctx.glossary_table:  # narrow pages: term above its definition
        rule = {"width": "100%", "thickness": 0.5, "color": line, "spaceBefore": 4, "spaceAfter": 6}
        return [KeepTogether([t, d, HRFlowable(**rule)]) for t, d in pairs]
    rows: list[list[Any]] = [[t, d] for t, d in pairs]
    pad = ctx.scale.body * 0.4

    def table(chunk: list[list[Any]], rule_last: bool) -> Table:
        return grid(
            chunk,
            [ctx.width * 0.31, ctx.width * 0.69],
            ctx,
            (0, 6, pad, pad),  # 6 pt: ReportLab's default cell padding on the right
            ("RIGHTPADDING", (0, 0), (0, -1), pad * 2),
            ("LINEBELOW", (0, 0), (-1, -1 if rule_last else -2), 0.5, line),
            table=RowTable,
        )

    return row_chunks(rows, table)


def layout_references(node: n.References, ctx: LayoutContext) -> list[Flowable]:
    style = ParagraphStyle(
        "ref_hang",
        parent=ctx.styles["ref"],
        leftIndent=ctx.scale.small * 1.4,
        firstLineIndent=-ctx.scale.small * 1.4,
    )
    out = []
    with ctx.tags.open("L", node, attrs={"ListNumbering": "Decimal"}):
        for i, text in enumerate(node.entries, 1):
            with ctx.tags.open("LI"):
                out.append(ctx.tagged(f"{i}.&nbsp;{to_markup(text)}", style, "LBody"))
    return out


# One entry per block kind of the document tree; tests/test_document.py checks completeness.
LAYOUTS: dict[type, Callable[[Any, LayoutContext], list[Flowable]]] = {
    n.Paragraph: layout_paragraph,
    n.ListBlock: layout_list,
    n.Callout: layout_callout,
    n.Urgent: layout_urgent,
    n.Figure: layout_figure,
    n.Table: layout_table,
    n.Glossary: layout_glossary,
    n.References: layout_references,
    n.Section: layout_section,
}
