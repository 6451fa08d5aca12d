"""Summaries printed by ``brochure check`` (readability and the inputs that were checked)."""

from __future__ import annotations

from .content.control import content_hash
from .pipeline import Project


def check_summary(project: Project, seconds: float) -> str:
    c = project.content
    blocks = sum(len(s.blocks) for s in c.brochure.sections)
    lines = [
        f"content: {len(c.brochure.sections)} sections, {blocks} blocks, "
        f"{len(c.references)} references; brand '{project.brand.slug}' ({project.brand.name})",
        f"content hash: {content_hash(c)} (goes into document.approval.content_hash at sign-off)",
        f"checked in {seconds:.2f} s: no errors, {len(project.warnings)} warning(s)",
    ]
    return "\n".join(lines)
