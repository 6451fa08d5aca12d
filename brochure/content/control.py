"""Document control: approval bound to a content hash, and review dates.

An approval record carries a short hash of the content it approved. If the content changes
afterwards without a new approval, the document counts as a draft again: check and build
say so, and every page gets the DRAFT watermark.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import replace
from datetime import date

from ..errors import Problem
from .model import Content

REVIEW_MONTHS = 24  # the anchors' review cycle
WARN_DAYS = 90


def add_months(d: date, months: int) -> date:
    year, month = divmod(d.month - 1 + months, 12)
    day = min(d.day, calendar.monthrange(d.year + year, month + 1)[1])
    return date(d.year + year, month + 1, day)


def next_review(content: Content) -> date:
    doc = content.document
    return doc.next_review or add_months(doc.last_reviewed, REVIEW_MONTHS)


def content_hash(content: Content) -> str:
    """A short hash of everything printed, leaving out the approval record itself."""
    doc = replace(content.document, approval=None, status="draft")
    parts: tuple[object, ...] = (doc, content.brochure, content.summary, content.references)
    if content.trifold is not None:  # content without one keeps the hash it was approved with
        parts += (content.trifold,)
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:12]


def approval_problem(content: Content) -> Problem | None:
    """Why the document is not approved as printed, or None if it is."""
    doc = content.document
    if doc.status != "approved":
        return None  # a draft says so with its watermark; nothing to warn about
    if doc.approval is None:
        return Problem(
            doc.src.at("document.approval"),
            "status is 'approved' but there is no approval record (name, role, date, content_hash)",
            "warning",
        )
    current = content_hash(content)
    if doc.approval.content_hash != current:
        src = (
            doc.approval.content_hash.src if doc.approval.content_hash else None
        ) or doc.approval.src
        return Problem(
            src.at("document.approval.content_hash"),
            "the content changed after it was approved "
            f"(approved {doc.approval.content_hash or 'none'}, "
            f"now {current}); it prints as DRAFT until it is approved again",
            "warning",
        )
    return None


# What people type while the real reviewer is not known yet, in English or Spanish: a whole
# value such as "TBD", "Reviewer name", "<name>", "[role]", "n/a", "?", "---", or a marker word
# inside one ("Dr. XXX", "TODO: ask"). An empty value is already refused when a file is read.
_PLACEHOLDER = re.compile(
    r"""^\s*(?:
        (?:(?:the|your|reviewer'?s?|approver'?s?|full|first|last|job)\s+)*
            (?:name|role|title|reviewer|approver|person|someone|clinician|doctor)
      | (?:nombre|cargo|revisor[a]?)(?:\s+del?\s+\w+)? | por\s+determinar | pendiente
      | n/?a | none | null | nil | unknown | anonymous | name\s+here | test
      | <.*> | \[.*\] | \{.*\} | \(.*\)
      | [\W_]*
    )\s*$
    | \b(?:tb[dac]|x{2,}|to\s?do|fixme|placeholder|lorem|ipsum|dummy|changeme)\b""",
    re.IGNORECASE | re.VERBOSE,
)


def placeholder_problems(content: Content) -> list[Problem]:
    """Reviewer and approver fields still holding a placeholder (``--strict`` refuses them).

    A leaflet printed "Reviewed by TBD" tells patients nobody checked it, and an approval
    by "<name>" is no approval at all.
    """
    doc = content.document
    people = (("reviewed_by", doc.reviewed_by), ("approval", doc.approval))
    out = []
    for key, person in people:
        if person is None:
            continue
        for field in ("name", "role"):
            value = getattr(person, field)
            if _PLACEHOLDER.search(str(value)):
                src = getattr(value, "src", None) or person.src
                out.append(
                    Problem(
                        src.at(f"document.{key}.{field}"),
                        f"'{value}' is a placeholder, not a real {field}: "
                        "name the clinician who reviewed the content before it is released",
                        "warning",
                    )
                )
    return out


def is_draft(content: Content) -> bool:
    return content.document.status != "approved" or approval_problem(content) is not None


def review_problems(content: Content, today: date) -> list[Problem]:
    doc = content.document
    due = next_review(content)
    src = doc.src.at("document.next_review")
    if today > due:
        return [
            Problem(
                src,
                f"the review date {due} has passed: this document is out of date and must be "
                f"reviewed before it is printed again",
                "warning",
            )
        ]
    if (due - today).days <= WARN_DAYS:
        return [
            Problem(
                src,
                f"the review date {due} is {(due - today).days} days away (plan the review)",
                "warning",
            )
        ]
    return []


def info_keys(content: Content) -> dict[str, str]:
    """Document-control fields for the PDF Info dictionary."""
    doc = content.document
    keys = {
        "DocumentID": str(doc.id),
        "Version": str(doc.version),
        "Status": "draft" if is_draft(content) else "approved",
        "LastReviewed": doc.last_reviewed.isoformat(),
        "NextReview": next_review(content).isoformat(),
    }
    # An approved file records the approved content's hash; a draft has none to audit
    # against, and leaving it out means an edit elsewhere in the content (the clinician
    # summary) does not change what the patient outputs print.
    if doc.approval is not None and not is_draft(content):
        keys["ContentHash"] = content_hash(content)
        keys["ApprovedBy"] = f"{doc.approval.name}, {doc.approval.role}"
        keys["ApprovedOn"] = doc.approval.date.isoformat()
    return keys
