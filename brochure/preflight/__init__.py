"""Preflight: open finished PDFs and report what a reader or a print shop would reject.

One located line per finding, ``file:page N: (x, y) pt: rule: what``, so findings can be
grepped, counted per rule and compared between builds. Coordinates are PDF points on the
file's own page (origin bottom left). The checks read only the PDF (and, for the word
list, the text twins a build leaves beside it), so they judge any file, not only ours.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pypdf import PdfReader

from ..adapters.kept import code_stamp
from ..errors import BrochureError
from ..processes import fork_map
from ..render import FORMS_KEY, VARIANT_KEY
from ..session import slot_get, slot_put
from ..theme.images import WARN_PPI
from ..variants import Variant, registry
from .extract import Box, Line, Mark, Page, font_names, read_pages
from .press import PRESS_RULES, check_press

SAFE = 18.0  # 0.25 in: what an office printer may leave unprinted at each edge
TOLERANCE = 0.5  # points: a mark this close to an edge reaches it (rounding in the file)
EMPTY = 2 / 3  # a page with more of its text area blank than this is "empty"
RULES = (
    "overprint",
    "broken-word",
    "marker",
    "small-text",
    "safe-margin",
    "outside-bleed",
    "resolution",
    "font-not-embedded",
    "subset-tag",
    "empty-page",
    "page-count",
    *PRESS_RULES,  # with --press only
)


@dataclass(frozen=True)
class Finding:
    file: str
    page: int
    x: float
    y: float
    rule: str
    what: str

    def __str__(self) -> str:
        where = f"{self.file}:page {self.page}: ({self.x:.0f}, {self.y:.0f}) pt"
        return f"{where}: {self.rule}: {self.what}"


@dataclass(frozen=True)
class Kind:
    """What the preflight knows about one file: its variant (if any) and how it was finished."""

    variant: Variant | None
    press: bool
    imposed: bool
    forms: int = 0  # padding pages of forms before the back cover (the PDF's Info says)

    @property
    def floor(self) -> float:
        """The smallest type the variant may print: large print's ``min_text`` for every glyph,
        otherwise the smallest size the variant's type scale sets (its page furniture)."""
        if self.variant is None or self.variant.plan is None:
            return DEFAULT_FLOOR
        return self.variant.plan.scale.floor


DEFAULT_FLOOR = 7.5  # a file we did not build: the summary's floor, the smallest we print


def variant_of(reader: PdfReader, path: Path) -> Variant | None:
    """The variant a file was built as: the Info key the build writes, else its file name."""
    known = registry()
    info = reader.metadata
    name = str(info.get(f"/{VARIANT_KEY}", "")) if info is not None else ""
    if name in known:
        return known[name]
    for v in known.values():
        if path.name in (v.output_name(False), v.output_name(True)):
            return v
    return None


def kind_of(reader: PdfReader, path: Path, pages: list[Page]) -> Kind:
    variant = variant_of(reader, path)
    press = bool(pages) and any(
        abs(a - b) > TOLERANCE for a, b in zip(pages[0].trim, pages[0].size, strict=True)
    )
    imposed = variant is not None and "impose-saddle" in variant.steps(press)
    info = reader.metadata
    forms = str(info.get(f"/{FORMS_KEY}", "0")) if info is not None else "0"
    return Kind(variant, press, imposed, int(forms) if forms.isdigit() else 0)


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return '"' + (text if len(text) <= limit else text[: limit - 1] + "…") + '"'


def _overlap(a: Box, b: Box, tol: float = TOLERANCE) -> bool:
    return a[0] + tol < b[2] and b[0] + tol < a[2] and a[1] + tol < b[3] and b[1] + tol < a[3]


def _ink(line: Line) -> list[Box]:
    return [g.box for g in line.glyphs if not g.char.isspace()]


def overprint(page: Page) -> Iterable[tuple[float, float, str]]:
    """Glyphs of two different lines on top of each other (rotated watermarks excluded)."""
    lines = [ln for ln in page.lines if not ln.rotated and _ink(ln)]
    boxes = [ln.box for ln in lines]
    for i, a in enumerate(lines):
        for j in range(i + 1, len(lines)):
            if not _overlap(boxes[i], boxes[j]):
                continue
            b = lines[j]
            hit = next(
                (g for g in _ink(a) for h in _ink(b) if _overlap(g, h)),
                None,
            )
            if hit is not None:
                yield (
                    hit[0],
                    hit[1],
                    f"text overprints other text: {_quote(a.text)} and {_quote(b.text)}",
                )


LETTERS = re.compile(r"[^\W\d_]+")
TRAILING = re.compile(r"([^\W\d_]+)$")
LEADING = re.compile(r"^([^\W\d_]+)")
HYPHENS = ("-", "\u00ad", "\u2010", "\u2011", "/")


def _open_break(upper: str, lower: str) -> bool:
    """Two lines of one paragraph meet inside letters: no space, hyphen or punctuation."""
    return bool(TRAILING.search(upper)) and bool(LEADING.search(lower))


def broken_words(page: Page, vocabulary: set[str]) -> Iterable[tuple[float, float, str]]:
    """A word split over two (or more) lines without a hyphen.

    At each line end that meets the next line's start inside letters, the fragments are
    joined (across whole-line fragments: "par / avertebra / l"); a break is reported when
    the joined word is in the vocabulary while one of the fragments is not a word on its own.
    """
    blocks: dict[int, list[Line]] = {}
    for ln in page.lines:
        if not ln.rotated and ln.text.strip():
            blocks.setdefault(ln.block, []).append(ln)
    for lines in blocks.values():
        texts = [ln.text.strip() for ln in lines]
        k = 0
        while k < len(texts) - 1:
            if not _open_break(texts[k], texts[k + 1]):
                k += 1
                continue
            first = TRAILING.search(texts[k])
            parts = [first.group(1) if first else ""]
            j = k + 1
            while True:
                lead = LEADING.search(texts[j])
                parts.append(lead.group(1) if lead else "")
                if texts[j] != parts[-1] or j + 1 >= len(texts):
                    break
                if not _open_break(texts[j], texts[j + 1]):
                    break
                j += 1
            word = "".join(parts).lower()
            if word in vocabulary and not all(p.lower() in vocabulary for p in parts):
                x, y = lines[k].glyphs[-1].box[:2]
                shown = " / ".join(texts[i] for i in range(k, j + 1))
                yield x, y, f"word broken across lines without a hyphen: {_quote(shown, 60)}"
            k = j


MARKERS = re.compile(r"\[\?\]|\?\?|\[@[^\]\s]*\]?")


def markers(page: Page) -> Iterable[tuple[float, float, str]]:
    """``[?]``, ``??`` or a citation key left as typed (``[@key]``)."""
    for ln in page.lines:
        text = ln.text
        for m in MARKERS.finditer(text):
            yield ln.box[0], ln.box[1], f"unresolved marker {_quote(m.group())} in {_quote(text)}"


def small_text(page: Page, floor: float) -> Iterable[tuple[float, float, str]]:
    """Glyphs below the variant's floor: one finding per text object (a paragraph, a table
    cell, a label), at its first small line."""
    reported: set[int] = set()
    for ln in page.lines:
        sizes = [g.size for g in ln.glyphs if not g.char.isspace()]
        if ln.block in reported or not sizes or min(sizes) >= floor - 0.05:
            continue
        reported.add(ln.block)
        yield (
            ln.box[0],
            ln.box[1],
            f"text at {min(sizes):.1f} pt, below the {floor:g} pt minimum: {_quote(ln.text)}",
        )


def _edges(box: Box, area: Box) -> list[str]:
    """The sides of ``area`` whose safe band ``box`` enters."""
    sides = []
    if box[0] < area[0] + SAFE - TOLERANCE:
        sides.append(f"{box[0] - area[0]:.0f} pt from the left edge")
    if box[2] > area[2] - SAFE + TOLERANCE:
        sides.append(f"{area[2] - box[2]:.0f} pt from the right edge")
    if box[1] < area[1] + SAFE - TOLERANCE:
        sides.append(f"{box[1] - area[1]:.0f} pt from the bottom edge")
    if box[3] > area[3] - SAFE + TOLERANCE:
        sides.append(f"{area[3] - box[3]:.0f} pt from the top edge")
    return sides


def _mark_edges(mark: Mark, trim: Box) -> list[str]:
    """A mark may run to (or past) an edge on purpose (full-bleed art); it may not stop
    inside the safe band short of the edge. A detail of artwork clipped to a frame that runs
    past the trim on that side (a full-bleed cover picture) is the picture's business."""
    box = mark.box
    if not _overlap(box, trim, 0.0):
        return []
    art = mark.clip
    if art is not None:  # sides where the artwork's frame bleeds off the trim
        bleeds = (art[0] < trim[0], art[1] < trim[1], art[2] > trim[2], art[3] > trim[3])
    else:
        bleeds = (False, False, False, False)
    stops = (
        trim[0] + TOLERANCE < box[0] < trim[0] + SAFE - TOLERANCE,
        trim[1] + TOLERANCE < box[1] < trim[1] + SAFE - TOLERANCE,
        trim[2] - SAFE + TOLERANCE < box[2] < trim[2] - TOLERANCE,
        trim[3] - SAFE + TOLERANCE < box[3] < trim[3] - TOLERANCE,
    )
    names = ("left", "bottom", "right", "top")
    return [
        f"stops in the {n} band"
        for n, s, b in zip(names, stops, bleeds, strict=True)
        if s and not b
    ]


def safe_margin(page: Page) -> Iterable[tuple[float, float, str]]:
    """Text inside the 0.25 in band along the trim edge; marks that end inside it."""
    for ln in page.lines:
        ink = _ink(ln)
        if not ink:
            continue
        box = (
            min(b[0] for b in ink),
            min(b[1] for b in ink),
            max(b[2] for b in ink),
            max(b[3] for b in ink),
        )
        sides = _edges(box, page.trim)
        if sides:
            yield (
                box[0],
                box[1],
                f"text inside the 0.25 in safe margin ({', '.join(sides)}): {_quote(ln.text)}",
            )
    for mark in page.marks:
        sides = _mark_edges(mark, page.trim)
        if sides:
            yield (
                mark.box[0],
                mark.box[1],
                f"{'picture' if mark.kind == 'image' else 'mark'} inside the 0.25 in safe margin "
                f"({', '.join(sides)}; {_size(mark.box)})",
            )


def _size(box: Box) -> str:
    return f"{box[2] - box[0]:.0f} x {box[3] - box[1]:.0f} pt"


def _outside(box: Box, area: Box) -> bool:
    return (
        box[0] < area[0] - TOLERANCE
        or box[1] < area[1] - TOLERANCE
        or box[2] > area[2] + TOLERANCE
        or box[3] > area[3] + TOLERANCE
    )


def outside_bleed(page: Page) -> Iterable[tuple[float, float, str]]:
    """Press files: live content past trim + bleed. Crop marks (thin strokes wholly outside
    the trim) are the only marks meant to be there."""
    for ln in page.lines:
        for g in ln.glyphs:
            if not g.char.isspace() and _outside(g.box, page.bleed):
                yield g.box[0], g.box[1], f"text outside the bleed box: {_quote(ln.text)}"
                break
    for mark in page.marks:
        crop = (
            mark.kind == "stroke" and mark.width <= 1.0 and not _overlap(mark.box, page.trim, 0.0)
        )
        if not crop and _outside(mark.box, page.bleed):
            yield mark.box[0], mark.box[1], f"{mark.kind} outside the bleed box ({_size(mark.box)})"


def resolution(page: Page, floor: float = WARN_PPI) -> Iterable[tuple[float, float, str]]:
    for mark in page.marks:
        w, h = mark.placed[2] - mark.placed[0], mark.placed[3] - mark.placed[1]
        if mark.kind != "image" or w <= 0 or h <= 0:
            continue
        ppi = min(mark.pixels[0] / (w / 72), mark.pixels[1] / (h / 72))
        if round(ppi) < floor:
            yield (
                mark.box[0],
                mark.box[1],
                f"picture at {ppi:.0f} ppi where placed, below {floor:g} "
                f"({mark.pixels[0]} x {mark.pixels[1]} px in {w / 72:.2f} x {h / 72:.2f} in)",
            )


def reader_pages(pages: list[Page], kind: Kind) -> list[tuple[int, Page, Box]]:
    """(reader page, file page, its area): an imposed sheet side holds two reader pages."""
    if not kind.imposed:
        return [(p.number, p, p.trim) for p in pages]
    from ..render.pdf.pages import saddle_order

    total = 2 * len(pages)
    # Saddle order when the sides make a booklet; otherwise left then right, side by side.
    order = (
        saddle_order(total)
        if total % 4 == 0
        else [(2 * i + 1, 2 * i + 2) for i in range(len(pages))]
    )
    out = []
    for p, (left, right) in zip(pages, order, strict=True):
        x0, y0, x1, y1 = p.trim
        mid = (x0 + x1) / 2
        out += [(left, p, (x0, y0, mid, y1)), (right, p, (mid, y0, x1, y1))]
    return sorted(out, key=lambda t: t[0])


def _inside(box: Box, area: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] <= cx <= area[2] and area[1] <= cy <= area[3]


def _content(page: Page, area: Box) -> list[tuple[str, Box]]:
    """What a page prints in ``area``, keyed so that page furniture can be recognised as
    the same thing at the same place on many pages (page numbers ignored)."""
    items: list[tuple[str, Box]] = []
    for ln in page.lines:
        if not ln.rotated and _ink(ln) and _inside(ln.box, area):
            items.append((re.sub(r"\d+", "#", ln.text.strip()), ln.box))
    for mark in page.marks:
        if _inside(mark.box, area) and not _covers(mark.box, area):
            items.append((mark.kind, mark.box))
    return items


def _covers(box: Box, area: Box) -> bool:
    """A background: drawn over (nearly) the whole page."""
    return (box[2] - box[0]) * (box[3] - box[1]) > 0.9 * (area[2] - area[0]) * (area[3] - area[1])


def empty_pages(pages: list[Page], kind: Kind) -> Iterable[Finding]:
    """Pages whose text area is more than two thirds blank (cover, back cover and the last
    page before the back cover excepted), and page counts that do not suit the fold."""
    halves = reader_pages(pages, kind)
    total = len(halves)
    plan = kind.variant.plan if kind.variant else None
    need = 1 if plan is None else max(plan.pad_to, 2 if plan.back_cover else 1)
    if total % need:
        message = (
            f"{total} pages: a saddle-stitched booklet needs a multiple of {need}"
            if need > 2
            else f"{total} pages: the back cover lands on page {total}, the front of a sheet "
            "(a folded brochure needs an even page count)"
        )
        yield Finding("", halves[-1][1].number, 0, 0, "page-count", message)
    exempt = {total}
    if plan is not None and plan.back_cover:
        exempt.add(total - 1 - kind.forms)  # the text's last page, before forms and back
    if plan is not None and (plan.cover is not None or plan.head_height):
        exempt.add(1)
    content = []
    for _n, page, area in halves:
        origin = (area[0], area[1])
        content.append(
            [
                (key, (b[0] - origin[0], b[1] - origin[1], b[2] - origin[0], b[3] - origin[1]))
                for key, b in _content(page, area)
            ]
        )
    seen: dict[tuple[str, int, int], int] = {}
    for items in content:
        for key in {(k, round(b[0]), round(b[1])) for k, b in items}:
            seen[key] = seen.get(key, 0) + 1
    repeat = max(3, total // 2)
    body = [
        [b for k, b in items if seen[(k, round(b[0]), round(b[1]))] < repeat] for items in content
    ]
    used = [b for boxes in body for b in boxes]
    if not used:
        return
    top = max(b[3] for b in used)
    bottom = min(b[1] for b in used)
    height = top - bottom
    for (n, page, area), boxes in zip(halves, body, strict=True):
        if n in exempt or height <= 0:
            continue
        lowest = min(boxes, key=lambda b: b[1], default=(0.0, top, 0.0, top))
        blank = (lowest[1] - bottom) / height
        if blank > EMPTY:  # located where the blank begins
            where = f" (reader page {n})" if kind.imposed else ""
            yield Finding(
                "",
                page.number,
                lowest[0] + area[0],
                lowest[1] + area[1],
                "empty-page",
                f"page{where} is {blank:.0%} empty: only the first {1 - blank:.0%} of its "
                "text area is used",
            )


def unembedded(page: Page) -> Iterable[tuple[float, float, str]]:
    """Glyphs drawn with a font whose program is not in the file (an unused font resource,
    such as the default font every ReportLab page names, prints nothing and is not reported)."""
    for name, box in page.unembedded.items():
        yield box[0], box[1], f"font not embedded: {name}"


def subset_tags(files: dict[str, list[tuple[int, str]]]) -> Iterable[Finding]:
    """One subset tag (``ABCDEF+``) naming different fonts: in one file, or across the files
    checked together (a print shop merges them, and a RIP may take one for the other).
    ``files``: (page, font name) for every font each file names (``font_names``)."""
    everywhere: dict[str, dict[str, tuple[str, int]]] = {}
    for file, named in files.items():
        here: dict[str, dict[str, int]] = {}
        for number, name in named:
            tag, plus, base = name.partition("+")
            if plus and len(tag) == 6 and tag.isupper():
                here.setdefault(tag, {}).setdefault(base, number)
                everywhere.setdefault(tag, {}).setdefault(base, (file, number))
        for tag, fonts in sorted(here.items()):
            if len(fonts) > 1:
                names = ", ".join(sorted(fonts))
                yield Finding(
                    file,
                    min(fonts.values()),
                    0,
                    0,
                    "subset-tag",
                    f"subset tag {tag}+ names different fonts: {names}",
                )
    for tag, owners in sorted(everywhere.items()):
        if len({file for file, _n in owners.values()}) > 1:
            file, number = min(owners.values())
            shown = [f"{base} ({owners[base][0]})" for base in sorted(owners)]
            more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
            yield Finding(
                file,
                number,
                0,
                0,
                "subset-tag",
                f"subset tag {tag}+ names different fonts in the files checked together: "
                f"{', '.join(shown[:3])}{more}",
            )


def vocabulary_near(path: Path) -> set[str]:
    """The words of the content, from the text twins a build writes beside its PDFs (the
    snapshot of printed sentences and the HTML companion); empty for a lone PDF."""
    words: set[str] = set()
    for twin in _twin_files(path.parent):
        text = twin.read_text(encoding="utf-8", errors="replace")
        if twin.suffix == ".html":
            text = re.sub(
                r"<(style|script)\b.*?</\1>|data:[^\"')\s]+|<[^>]+>", " ", text, flags=re.S
            )
        words.update(w.lower() for w in LETTERS.findall(text))
    return words


def _twin_files(folder: Path) -> list[Path]:
    """The text twins of the PDFs in ``folder``: the snapshot of their printed sentences and
    the web pages the folder's build report lists (every ``*.html`` where there is none).
    Not the library's catalogue, which each library build writes again beside the default
    leaflet's outputs: it would make their kept checks stale for words not theirs."""
    pages = sorted(default_targets(folder, pattern="*.html"))
    return [t for t in [folder / ".snapshot.json", *pages] if t.is_file()]


def _own_words(pages: list[Page]) -> set[str]:
    """Words the PDF prints whole: every token that is neither first nor last on its line."""
    words: set[str] = set()
    for page in pages:
        for ln in page.lines:
            tokens = ln.text.split()
            for token in tokens[1:-1]:
                words.update(w.lower() for w in LETTERS.findall(token))
    return words


def check_pdf(path: Path, press: bool = False) -> list[Finding]:
    """Every finding for one PDF, in page order."""
    return _check(path, PdfReader(io.BytesIO(path.read_bytes())), press)


def _check(path: Path, reader: PdfReader, press: bool = False) -> list[Finding]:
    name = str(path)
    streams: dict[int, list[Any]] = {}  # forms read once, for both walks
    pages = list(read_pages(reader, streams))
    kind = kind_of(reader, path, pages)
    vocabulary = vocabulary_near(path) | _own_words(pages)
    found: list[Finding] = []
    for page in pages:
        checks = [
            ("overprint", overprint(page)),
            ("broken-word", broken_words(page, vocabulary)),
            ("marker", markers(page)),
            ("small-text", small_text(page, kind.floor)),
            ("safe-margin", safe_margin(page)),
            ("resolution", resolution(page)),
            ("font-not-embedded", unembedded(page)),
        ]
        if kind.press:
            checks.append(("outside-bleed", outside_bleed(page)))
        for rule, hits in checks:
            found += [Finding(name, page.number, x, y, rule, what) for x, y, what in hits]
    found += [_named(f, name) for f in empty_pages(pages, kind)]
    if press:
        found += [Finding(name, *hit) for hit in check_press(reader, pages, streams)]
    return sorted(found, key=lambda f: (f.page, RULES.index(f.rule), -f.y, f.x))


def _named(f: Finding, name: str) -> Finding:
    return Finding(name, f.page, f.x, f.y, f.rule, f.what)


def default_targets(out_dir: Path, press: bool = False, pattern: str = "") -> list[Path]:
    """The PDFs of the last build in ``out_dir``: those its build report lists, else every PDF
    (with ``press``, only the press files, ``*-press.pdf``; or the files ``pattern`` names)."""
    pattern = pattern or ("*-press.pdf" if press else "*.pdf")
    try:
        report = json.loads((out_dir / "build-report.json").read_text(encoding="utf-8"))
        files = [out_dir / e["file"] for e in report.get("outputs", [])]
        listed = [f for f in files if f.match(pattern) and f.exists()]
    except (OSError, ValueError, KeyError, TypeError):
        listed = []
    return listed or sorted(out_dir.glob(pattern))


def preflight(
    paths: list[Path], press: bool = False, cache: Path | None = None, workers: int = 1
) -> list[Finding]:
    """Check every file, then the subset tags across all of them (a print shop merges them).
    With ``cache`` (a project's cache folder), a file checked before is not read again (see
    ``_key``). The files to read are checked on up to ``workers`` forked processes."""
    datas = [path.read_bytes() for path in paths]
    keys: dict[int, str] = {}  # with a cache: what each file's findings depend on
    kept: dict[int, bytes] = {}
    if cache is not None:
        code, twins = code_stamp(), {f: _twins(f) for f in {p.parent for p in paths}}
        for i, (path, data) in enumerate(zip(paths, datas, strict=True)):
            keys[i] = key = _key(path, data, f"{twins[path.parent]}|{press}|{code}")
            if (entry := slot_get(cache, _slot(path, press), key)) is not None:
                kept[i] = entry
    todo = [i for i in range(len(paths)) if i not in kept]

    def check(i: int) -> bytes:
        found, fonts = _check_and_fonts(paths[i], datas[i], press)
        findings = [[f.page, f.x, f.y, f.rule, f.what] for f in found]
        return json.dumps({"findings": findings, "fonts": fonts}).encode()

    if len(todo) > 1 and workers > 1:
        made = fork_map(check, todo, workers)
    else:
        made = [check(i) for i in todo]
    for i, entry in zip(todo, made, strict=True):
        kept[i] = entry
        if cache is not None:
            slot_put(cache, _slot(paths[i], press), keys[i], entry)
    found: list[Finding] = []
    fonts: dict[str, list[tuple[int, str]]] = {}  # each file's fonts, for the check across
    for i, path in enumerate(paths):
        result = json.loads(kept[i])
        found += [Finding(str(path), *f) for f in result["findings"]]
        fonts[str(path)] = [(page, name) for page, name in result["fonts"]]
    return found + list(subset_tags(fonts))


def _check_and_fonts(
    path: Path, data: bytes, press: bool
) -> tuple[list[Finding], list[tuple[int, str]]]:
    """A file's findings, and (page, font) for every font it names."""
    reader = PdfReader(io.BytesIO(data))
    return _check(path, reader, press), list(font_names(reader))


def _twins(folder: Path) -> str:
    """A digest of the text twins a build leaves in ``folder`` (``vocabulary_near`` reads
    them): a new one can change what counts as a broken word."""
    digest = hashlib.sha256()
    for twin in _twin_files(folder):
        digest.update(twin.name.encode() + b"\0" + twin.read_bytes())
    return digest.hexdigest()


def _key(path: Path, data: bytes, made_of: str) -> str:
    """What a file's findings and fonts depend on: its bytes and name (which may say its
    variant), and ``made_of``: the text twins beside it (the vocabulary), ``press`` and the
    tool's code. They are kept in the cache (the latest, one entry per file): ``make``
    preflights every output folder after any edit, and reading and interpreting the pages
    of the files that did not change was most of that time, reading their fonts again for
    the check across files (subset tags, made every time) most of the rest."""
    return f"{path.name}|{hashlib.sha256(data).hexdigest()}|{made_of}"


def _slot(path: Path, press: bool) -> str:
    return f"preflight {path.absolute()} {press}"


def run_preflight(
    targets: list[Path],
    out: TextIO,
    err: TextIO,
    strict: bool,
    press: bool = False,
    cache: Path | None = None,
    workers: int = 1,
) -> int:
    """Check files and output folders; print findings, then a count per rule. Returns the
    number of findings. ``cache`` and ``workers``: see ``preflight``."""
    paths: list[Path] = []
    for target in targets:
        if target.is_dir():
            paths += default_targets(target, press)
        elif target.exists():
            paths.append(target)
        else:
            raise BrochureError(f"{target}: no such PDF or output folder")
    start = time.perf_counter()
    found = preflight(paths, press, cache, workers)
    for f in found:
        print(f, file=out)
    counts = Counter(f.rule for f in found)
    per_rule = ", ".join(f"{counts[r]} {r}" for r in RULES if counts[r])
    level = "error" if strict and found else "warning" if found else "ok"
    print(
        f"preflight: {len(found)} finding{'s' * (len(found) != 1)} in {len(paths)} "
        f"file{'s' * (len(paths) != 1)} ({level}{': ' + per_rule if per_rule else ''}; "
        f"{time.perf_counter() - start:.1f} s)",
        file=err,
    )
    return len(found)
