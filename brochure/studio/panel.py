"""The content panel: every leaflet of the library with what staff need to act on.

Status and review dates (``content.control``); the reading level of each section as the build
report measures it (``readability.quick_reading``: no pronouncing dictionary to load, so the
panel answers at once; within about half a grade of ``make check``); and how many units of
each translation are stale or missing (``content.translation``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..content.control import next_review
from ..content.project import load_content
from ..content.translation import translation_problems
from ..document.compose import compose_patient
from ..errors import BrochureError, Report
from ..library import Leaflet, leaflets
from ..pipeline import Paths, load_project
from ..readability import quick_reading
from ..render.text import reading_units


def leaflet_rows(root: Path, brand: str, today: date) -> list[dict[str, Any]]:
    """One row per leaflet; a leaflet whose input has errors says so instead."""
    return [_row(root, leaflet, brand, today) for leaflet in leaflets(root)]


def _row(root: Path, leaflet: Leaflet, brand: str, today: date) -> dict[str, Any]:
    row: dict[str, Any] = {"leaflet": leaflet.name, "label": leaflet.label}
    try:
        project = load_project(Paths.for_project(root, brand, leaflet.content), today)
    except BrochureError as exc:
        row["error"] = str(exc)
        return row
    doc = project.content.document
    due = next_review(project.content)
    row |= {
        "title": str(doc.title),
        "status": doc.status,
        "version": str(doc.version),
        "last_reviewed": doc.last_reviewed.isoformat(),
        "next_review": due.isoformat(),
        "overdue": due <= today,
        "target_grade": float(doc.reading_grade_target),
    }
    document = compose_patient(project)
    sections = reading_units(document)
    every = [u for _title, units in sections for u in units]
    row["sections"] = [
        {"title": title, "grade": round(quick_reading(units, document.lang)[1], 1)}
        for title, units in [*sections, ("Whole brochure", every)]
    ]
    row["measure"] = quick_reading(every, document.lang)[0]
    row["languages"] = [
        _staleness(root, leaflet, lang, project.content) for lang in leaflet.languages(root)
    ]
    return row


def _staleness(root: Path, leaflet: Leaflet, lang: str, english: Any) -> dict[str, Any]:
    """How far a translation is behind its English original."""
    path = (root / leaflet.content).with_suffix(f".{lang}.yaml")
    report = Report()
    translated = load_content(path, report, str(path.relative_to(root)))
    if translated is None:
        return {"locale": lang, "error": "\n".join(p.format() for p in report.problems)}
    problems = translation_problems(english, translated)
    return {
        "locale": lang,
        "stale": sum("stale translation" in p.message for p in problems),
        "missing": sum(p.message.startswith("missing translation") for p in problems),
        "problems": [p.format() for p in problems],
    }
