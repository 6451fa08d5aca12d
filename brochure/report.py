"""What the command line prints: ``check``'s summary (inputs, content hash, reading level)
and ``build``'s line per output file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .content.control import content_hash
from .document.compose import compose_patient
from .errors import Problem
from .pipeline import Project
from .readability import brochure_scores

if TYPE_CHECKING:
    from . import Built


def check_summary(project: Project, seconds: float) -> tuple[str, list[Problem]]:
    """The summary text and the reading-level warnings it found."""
    c = project.content
    lang = str(c.document.language)
    target = c.document.reading_grade_target
    blocks = sum(len(s.blocks) for s in c.brochure.sections)
    lines = [
        f"content: {len(c.brochure.sections)} sections, {blocks} blocks, "
        f"{len(c.references)} references; brand '{project.brand.slug}' ({project.brand.name})",
        f"content hash: {content_hash(c)} (goes into document.approval.content_hash at sign-off)",
    ]
    spanish = lang.startswith("es")
    measure = (
        "Fernández-Huerta ease (60+ is plain)"
        if spanish
        else f"Flesch-Kincaid grade (target {target:g} or lower)"
    )
    lines.append(f"reading level of the patient brochure, {measure}:")
    warnings = []
    for s in brochure_scores(compose_patient(project)):
        flag = ""
        too_hard = s.grade < 60 if spanish else s.grade > target
        if too_hard and s.name != "Whole brochure":
            flag = "  <- too hard"
            warnings.append(
                Problem(
                    c.brochure.src.at("brochure.sections"),
                    f"section '{s.name}' reads at {s.grade:.1f}, harder than the target",
                    "warning",
                )
            )
        lines.append(
            f"  {s.name[:38]:38} {s.grade:5.1f}  {s.words:5d} words "
            f"{s.sentences:4d} sentences{flag}"
        )
        longest = s.longest if len(s.longest) <= 86 else s.longest[:83] + "..."
        lines.append(f"      longest sentence, {len(s.longest.split())} words: {longest}")
    total = len(project.warnings) + len(warnings)
    lines.append(f"checked in {seconds:.2f} s: no errors, {total} warning(s)")
    return "\n".join(lines), warnings


def describe(name: str, b: Built) -> str:
    """One line per output file, as printed by ``build``."""
    if b.removed:
        return f"{name:48} removed: this content no longer makes it"
    if b.skipped:
        return f"{name:48} up to date"
    return f"{name:48} {b.pages:3d} pages {b.size / 1024:7.0f} KB {b.seconds:6.2f} s"
