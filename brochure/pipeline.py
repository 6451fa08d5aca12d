"""Load, check and hold everything one build needs: content, brand, theme and resolved files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from . import placeholders
from .content.assets import (
    MAX_ASSET_BYTES,
    check_names,
    contained,
    project_file,
    resolve_asset,
)
from .content.checks import LINK_SCHEMES
from .content.control import (
    approval_problem,
    next_review,
    placeholder_problems,
    review_problems,
)
from .content.inline import links
from .content.load import SourceFile
from .content.model import Content, Figure
from .content.project import load_content
from .content.schema import Text
from .content.translation import translation_problems
from .content.validate import iter_texts
from .errors import BrochureError, Problem, Report
from .session import Session, cache_dir
from .theme.brand import Brand, load_brand, localize
from .theme.fonts import FontFamily
from .theme.images import inspect_image
from .theme.theme import Theme, load_theme

T = TypeVar("T")


@dataclass
class Project:
    """A checked content file and brand, ready for any variant."""

    content: Content
    brand: Brand
    theme: Theme
    images: dict[str, Path]
    root: Path
    session: Session
    warnings: list[Problem] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    # What is made from this project once, by key: its composed documents (the brochure, web
    # page and tri-fold share one, the booklet and large print another, the summary its own)
    # and its words' grade and snapshot. Not carried over by ``replace`` (a press theme
    # composes its own).
    made: dict[tuple[object, ...], Any] = field(default_factory=dict, init=False, repr=False)

    def once(self, how: tuple[object, ...], make: Callable[[], T]) -> T:
        """``make()`` the first time ``how`` is asked for; the same object after that."""
        if how not in self.made:
            self.made[how] = make()
        made: T = self.made[how]
        return made


@dataclass(frozen=True)
class Paths:
    """Where the inputs live; relative names are what messages show."""

    content: Path
    brand: Path
    assets: Path
    root: Path
    source: Path | None = None  # a translation's English original

    @classmethod
    def for_project(
        cls,
        root: Path,
        brand: str = "default",
        content: str = "content.yaml",
        locale: str | None = None,
    ) -> Paths:
        """``locale`` picks ``content.LOCALE.yaml``, checked against ``content``.

        The names come from the command line: they are checked to be names, not paths.
        """
        check_names(brand, content, locale)
        assets = root / "assets"
        brand_path = assets / "brands" / f"{brand}.yaml"
        if locale:
            translated = Path(content).with_suffix(f".{locale}.yaml")
            return cls(root / translated, brand_path, assets, root, root / content)
        return cls(root / content, brand_path, assets, root)

    def display(self, path: Path) -> str:
        """``path`` relative to the root; the name itself unresolved (an output is a link)."""
        return self.displayed([path])[0]

    def displayed(self, paths: Iterable[Path]) -> list[str]:
        """``display`` for many paths, each folder resolved once (a build's make
        prerequisites: a hundred files in a dozen folders). In strings, not ``Path``
        objects, which cost a library build's publishing 1 s for 160 editions."""
        root = os.path.realpath(self.root)
        inside = root.rstrip(os.sep) + os.sep
        folders: dict[str, str] = {}
        shown = []
        for path in paths:
            folder, name = os.path.split(path)
            if folder not in folders:
                folders[folder] = os.path.realpath(folder)
            real = folders[folder]
            if real == root:
                shown.append(name)
            elif real.startswith(inside):
                shown.append(f"{real[len(inside) :]}{os.sep}{name}")
            else:
                shown.append(str(path))
        return shown


def load_project(paths: Paths, today: date, session: Session | None = None) -> Project:
    """Run every input check; raise ``InputErrors`` listing all problems, or return the project.

    ``today`` is what review dates are checked against: the command line reads the clock,
    nothing below it does.
    """
    session = session or Session(cache_dir(paths.root))
    report = Report()
    content = _load(load_content, paths.content, paths, report)
    brand = _load(load_brand, paths.brand, paths, report)
    if brand is None or content is None:
        report.raise_if_errors()
        raise BrochureError("nothing to build")  # pragma: no cover - a failed load always reports
    brand = localize(brand, str(content.document.language), report)
    theme = load_theme(brand, paths.assets, report, session)
    images = _resolve_images(content, paths, report, session)
    texts, brand_texts = iter_texts(content), iter_texts(brand)
    _check_links(texts + brand_texts, report)
    placeholders.check(texts, brand, report)
    if theme is not None:
        _check_glyphs(texts + brand_texts, theme, report)
    report.raise_if_errors()
    assert theme is not None
    approval = approval_problem(content)
    warnings = [*report.warnings, *([approval] if approval else [])]
    warnings += review_problems(content, today)
    warnings += placeholder_problems(content)
    if paths.source is not None:
        warnings += _translation_warnings(paths, content)
    return Project(content, brand, theme, images, paths.root, session, warnings)


def brand_theme(paths: Paths, language: str) -> Theme:
    """The brand's theme (fonts registered, colours) for pages in ``language``, without
    reading any content: what the library's catalogue prints in. Raises ``InputErrors`` if
    the brand file or its fonts are refused."""
    report = Report()
    brand = _load(load_brand, paths.brand, paths, report)
    brand = localize(brand, language, report) if brand is not None else None
    theme = (
        load_theme(brand, paths.assets, report, Session(cache_dir(paths.root))) if brand else None
    )
    report.raise_if_errors()
    assert theme is not None
    return theme


def catalogue_facts(project: Project) -> dict[str, Any]:
    """What the library's catalogue says of one edition, as plain data (it travels from the
    worker that planned the edition to the process that writes the catalogue, and is kept
    between builds): title, id, version, status, review dates (ISO), language, and whether
    its translation is stale."""
    doc = project.content.document
    return {
        "title": str(doc.title),
        "id": str(doc.id),
        "version": str(doc.version),
        "status": doc.status,
        "reviewed": doc.last_reviewed.isoformat(),
        "due": due.isoformat() if (due := next_review(project.content)) else None,
        "language": str(doc.language),
        "stale": any("stale translation" in w.message for w in project.warnings),
    }


def _load(
    loader: Callable[[Path, Report, str], T | None], path: Path, paths: Paths, report: Report
) -> T | None:
    """Run one file's loader; a file that cannot be read at all is one more problem.

    The file is contained first (brand files in assets/, content in the project): a link
    out of the project, a FIFO, a device or a huge file is refused before it is opened.
    """
    try:
        _contained(path, paths)
        return loader(path, report, paths.display(path))
    except BrochureError as exc:
        report.problems.extend(exc.problems)
        return None


def _contained(path: Path, paths: Paths) -> Path:
    root = paths.assets if path == paths.brand else paths.root
    what = "brand file" if path == paths.brand else "content file"
    shown = str(path.relative_to(paths.root))  # the name as given: the target is not trusted
    return project_file(root, str(path.relative_to(root)), shown, what)


def _translation_warnings(paths: Paths, translated: Content) -> list[Problem]:
    assert paths.source is not None
    report = Report()
    _contained(paths.source, paths)
    english = load_content(paths.source, report, paths.display(paths.source))
    report.raise_if_errors()
    assert english is not None
    return translation_problems(english, translated)


def _resolve_images(
    content: Content, paths: Paths, report: Report, session: Session
) -> dict[str, Path]:
    """Every picture the content names: beside a library leaflet's content file first
    (``leaflets/NAME/images/...``), else in ``assets/``."""
    refs: list[Text] = []
    if content.document.cover_image:
        refs.append(content.document.cover_image.image)
    sections = content.brochure.sections + (content.summary.sections if content.summary else [])
    blocks = [b for section in sections for b in section.blocks]
    if content.trifold:  # its short versions (what it uses is in the brochure)
        parts = content.trifold.flap + content.trifold.sections
        blocks += [b for part in parts for b in part.blocks]
    refs.extend(b.image for b in blocks if isinstance(b, Figure))
    out: dict[str, Path] = {}
    leaflet = paths.content.parent
    for rel in refs:
        own = leaflet != paths.root and (leaflet / rel).exists()
        if own:
            shown = paths.display(leaflet / rel)
            try:
                path: Path | None = contained(leaflet, str(rel), shown, "image", MAX_ASSET_BYTES)
            except ValueError as exc:
                report.error(rel.src, str(exc))
                path = None
        else:
            path = resolve_asset(paths.assets, rel, report, "image")
        if path is None:
            continue
        try:
            inspect_image(path, rel.src, session)
        except BrochureError as exc:
            report.problems.extend(exc.problems)
            continue
        out[str(rel)] = path
    return out


def _check_links(texts: list[str], report: Report) -> None:
    """Content and brand text alike: both go through the inline renderer, so a link in
    a clinic's name or address is one more PDF link annotation."""
    for text in texts:
        for offset, url in links(text):
            if not url.lower().startswith(LINK_SCHEMES):
                where = text.ref_at(offset) if isinstance(text, Text) else None
                report.error(
                    where, f"link '{url}' is not allowed (expected http, https, mailto or tel)"
                )


def _check_glyphs(texts: list[str], theme: Theme, report: Report) -> None:
    """Every character must be drawable by the brand's fonts: no black boxes, ever."""
    families: list[FontFamily] = [theme.body, theme.heading]
    seen: set[str] = set()
    for text in texts:
        for i, ch in enumerate(text):
            if ch in seen or ch in "\n\r\t ":
                continue
            for fam in families:
                missing = fam.missing(ch)
                if missing:
                    where = text.ref_at(i) if isinstance(text, Text) else None
                    shown = ch if ch.isprintable() else "?"
                    report.error(
                        where,
                        f"U+{ord(ch):04X} '{shown}' is not in font {missing} "
                        "(the brand's fonts cannot print it)",
                    )
                    seen.add(ch)
                    break
            else:
                seen.add(ch)
            if len(report.errors) >= report.limit:
                return
