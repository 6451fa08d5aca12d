"""Turn content blocks into flowables; every variant shares these, only the styles differ."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
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

from ..content import model as m
from ..content.inline import to_markup, to_plain
from ..theme.styles import TypeScale
from ..theme.theme import Theme
from .art import Picture
from .flowables import NumberBadge, RowTable, SectionHeading, TickBox


def mix(hex_color: str, other: str, t: float) -> Color:
    """A colour ``t`` of the way from ``hex_color`` to ``other`` (tints made from the brand)."""
    a, b = HexColor(hex_color), HexColor(other)
    return Color(
        *(x + (y - x) * t for x, y in ((a.red, b.red), (a.green, b.green), (a.blue, b.blue)))
    )


@dataclass
class LayoutContext:
    """What a block needs to lay itself out: theme, styles, width, citations and resolved images."""

    theme: Theme
    styles: dict[str, ParagraphStyle]
    scale: TypeScale
    width: float
    cite: dict[str, int] = field(default_factory=dict)
    references: list[m.Reference] = field(default_factory=list)
    images: dict[str, Path] = field(default_factory=dict)
    glossary_table: bool = True

    def para(self, text: str, style: str) -> Paragraph:
        return Paragraph(to_markup(text, self.cite, self.theme.hex["primary"]), self.styles[style])

    def plain(self, text: str, style: str) -> Paragraph:
        """A paragraph of fixed text, escaped but with no inline syntax."""
        from xml.sax.saxutils import escape

        return Paragraph(escape(text), self.styles[style])


def build_section(section: m.Section, ctx: LayoutContext, level: int = 0) -> list[Flowable]:
    """A section: its heading (also a bookmark) and its blocks."""
    title = to_plain(section.title)
    heading = SectionHeading(to_markup(section.title), ctx.styles["h1"], title, level)
    heading.src = section.src
    body: list[Flowable] = []
    for block in section.blocks:
        body.extend(build_block(block, ctx))
    return keep_with_first(heading, body, ctx)


def build_block(block: m.AnyBlock, ctx: LayoutContext) -> list[Flowable]:
    body = LAYOUTS[block.kind](block, ctx)
    if block.title and not isinstance(block, m.Callout):  # a callout shows its title inside
        body = keep_with_first(ctx.para(block.title, "h2"), body, ctx)
    for flowable in body:
        flowable.src = block.src  # layout errors name the block, not a ReportLab object
    return body


def keep_with_first(head: Flowable, body: list[Flowable], ctx: LayoutContext) -> list[Flowable]:
    """Keep a heading with the start of what follows, so no heading ends a page.

    ReportLab's keepWithNext does not chain into KeepTogether groups (our callouts and steps),
    so headings are grouped here; a list is split after its first item so that a long list
    still flows.
    """
    if not body:
        return [head]
    first, rest = body[0], body[1:]
    items = getattr(first, "source_items", None)
    if items and len(items) > 1:
        style = first.source_style
        first = bullet_list(items[:1], ctx, style, space_after=0)
        rest = [bullet_list(items[1:], ctx, style), *rest]
    # A KeepTogether reports an "infinite" height to force a split, so nesting one inside
    # another would always push the heading to a new page: flatten it instead.
    inner = first._content if isinstance(first, KeepTogether) else [first]
    return [KeepTogether([head, *inner]), *rest]


def grid(
    rows: list[list[Any]],
    widths: list[float],
    ctx: LayoutContext,
    pad: tuple[float, float, float, float] = (0, 0, 0, 0),
    *commands: tuple[Any, ...],
    table: type[Table] = Table,
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


def layout_paragraph(block: m.Paragraph, ctx: LayoutContext) -> list[Flowable]:
    return [ctx.para(block.text, "body")]


def bullet_list(
    items: list[m.Item], ctx: LayoutContext, style: str = "item", space_after: float | None = None
) -> ListFlowable:
    size = ctx.scale.body
    paras = [ListItem(ctx.para(m.item_text(i), style)) for i in items]
    flowable = ListFlowable(
        paras,
        bulletType="bullet",
        start="\u2022",
        leftIndent=size * 1.3,
        bulletFontSize=size,
        bulletColor=ctx.theme.color("accent"),
        bulletFontName=ctx.theme.body.bold,
        bulletOffsetY=0,
        spaceAfter=size * 0.4 if space_after is None else space_after,
    )
    flowable.source_items, flowable.source_style = items, style  # lets a heading keep item 1
    return flowable


def layout_bullets(block: m.Bullets, ctx: LayoutContext) -> list[Flowable]:
    items = block.items
    if len(items) < 3:
        return [bullet_list(items, ctx)]
    # The last two items travel together: a list never ends with one item alone on a page.
    return [
        bullet_list(items[:-2], ctx, space_after=0),
        KeepTogether([bullet_list(items[-2:], ctx)]),
    ]


def layout_steps(block: m.Steps, ctx: LayoutContext) -> list[Flowable]:
    size = ctx.scale.body
    badge = size * 2.1
    gap = size * 0.9
    out: list[Flowable] = []
    for n, step in enumerate(block.items, 1):
        cell: list[Flowable] = [ctx.para(step.title, "step_title")]
        if step.text:
            cell.append(ctx.para(step.text, "body"))
        if step.items:
            cell.append(bullet_list(step.items, ctx))
        theme = ctx.theme
        number = NumberBadge(
            n, badge, theme.color("accent"), theme.color("background"), theme.body.bold
        )
        widths = [badge + gap, ctx.width - badge - gap]
        # A step title never ends a page; a step taller than a page may still split.
        out.append(KeepTogether([grid([[number, cell]], widths, ctx, (0, 0, 0, size * 0.5))]))
    return out


def layout_checklist(block: m.Checklist, ctx: LayoutContext) -> list[Flowable]:
    size = ctx.scale.body
    box = size * 1.05
    rows = [
        [TickBox(box, ctx.theme.color("primary")), ctx.para(text, "callout")]
        for text in block.items
    ]
    line = mix(ctx.theme.hex["secondary"], ctx.theme.hex["background"], 0.75)
    widths = [box + size * 0.9, ctx.width - box - size * 0.9]

    def table(chunk: list[list[Flowable]], rule_last: bool) -> Table:
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


def row_chunks(
    rows: list[list[Flowable]], table: Callable[[list[list[Flowable]], bool], Table], head: int = 2
) -> list[Flowable]:
    """The first rows as a table of their own, so that a heading can keep with just them.

    A heading kept with a whole long table would push both to a new page and leave the page
    before half empty.
    """
    if len(rows) <= head + 2:
        return [table(rows, False)]
    return [table(rows[:head], True), table(rows[head:], False)]


TONES = {"info": "primary", "warning": "warning", "important": "accent"}


def callout_box(
    title: str | None, text: str | None, items: list[m.Item], tone: str, ctx: LayoutContext
) -> Table:
    """A tinted box with a coloured bar; one row per paragraph so that it can split across pages."""
    theme, size = ctx.theme, ctx.scale.body
    bar = theme.hex[TONES[tone]]
    bg = theme.color("tint") if tone == "info" else mix(bar, theme.hex["background"], 0.92)
    rows: list[list[Flowable]] = []
    if title:
        style = ParagraphStyle(
            "callout_title_tone",
            parent=ctx.styles["callout_title"],
            textColor=HexColor(bar) if tone == "warning" else theme.color("primary"),
        )
        rows.append([Paragraph(to_markup(title, ctx.cite), style)])
    if text:
        rows.append([ctx.para(text, "callout")])
    if items:
        rows.append([bullet_list(items, ctx, "callout")])
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


def layout_callout(block: m.Callout, ctx: LayoutContext) -> list[Flowable]:
    return [KeepTogether([callout_box(block.title, block.text, block.items, block.tone, ctx)])]


def layout_figure(block: m.Figure, ctx: LayoutContext) -> list[Flowable]:
    path = ctx.images[str(block.image)]
    picture = Picture(path, ctx.width * block.width, ctx.theme, block.image.src)
    return [
        KeepTogether([picture, Spacer(1, ctx.scale.body * 0.4), ctx.para(block.caption, "caption")])
    ]


def layout_table(block: m.Table, ctx: LayoutContext) -> list[Flowable]:
    weights = block.widths or [1.0] * len(block.columns)
    widths = [ctx.width * w / sum(weights) for w in weights]
    data = [[ctx.para(c, "th") for c in block.columns]]
    data += [[ctx.para(cell, "td") for cell in row] for row in block.rows]
    pad = ctx.scale.body * 0.35
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


def layout_glossary(block: m.Glossary, ctx: LayoutContext) -> list[Flowable]:
    line = mix(ctx.theme.hex["secondary"], ctx.theme.hex["background"], 0.7)
    if not ctx.glossary_table:  # narrow pages: term above its definition
        out: list[Flowable] = []
        for e in block.entries:
            out.append(
                KeepTogether(
                    [
                        ctx.para(e.term, "term"),
                        ctx.para(e.definition, "definition"),
                        HRFlowable(
                            width="100%", thickness=0.5, color=line, spaceBefore=4, spaceAfter=6
                        ),
                    ]
                )
            )
        return out
    rows = [[ctx.para(e.term, "term"), ctx.para(e.definition, "definition")] for e in block.entries]
    pad = ctx.scale.body * 0.4

    def table(chunk: list[list[Flowable]], rule_last: bool) -> Table:
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


def layout_references(block: m.References, ctx: LayoutContext) -> list[Flowable]:
    out: list[Flowable] = []
    for n, ref in enumerate(ctx.references, 1):
        p = Paragraph(
            f"{n}.&nbsp;{to_markup(ref.text, ctx.cite)}",
            ParagraphStyle(
                "ref_hang",
                parent=ctx.styles["ref"],
                leftIndent=ctx.scale.small * 1.4,
                firstLineIndent=-ctx.scale.small * 1.4,
            ),
        )
        out.append(p)
    return out


LAYOUTS: dict[str, Callable[..., list[Flowable]]] = {
    "paragraph": layout_paragraph,
    "bullets": layout_bullets,
    "steps": layout_steps,
    "checklist": layout_checklist,
    "callout": layout_callout,
    "figure": layout_figure,
    "table": layout_table,
    "glossary": layout_glossary,
    "references": layout_references,
}
