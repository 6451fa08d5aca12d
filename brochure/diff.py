"""``brochure diff``: what changed in the printed words since the previous build.

Section by section and sentence by sentence, plus page-count changes: what a reviewer needs
to sign off an edit without rereading ten pages.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from .buildreport import PREVIOUS, SNAPSHOT


def _load(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def diff_lines(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Human-readable changes from ``old`` to ``new`` snapshots."""
    out: list[str] = []
    a, b = old.get("sections", {}), new.get("sections", {})
    for key in b:
        if key not in a:
            out.append(f"added section '{b[key]['title']}' ({key})")
    for key in a:
        if key not in b:
            out.append(f"removed section '{a[key]['title']}' ({key})")
    for key in (k for k in b if k in a):
        before, after = a[key], b[key]
        head = f"in '{after['title']}':"
        changes = []
        if before["title"] != after["title"]:
            changes.append(f"  title: '{before['title']}' -> '{after['title']}'")
        matcher = difflib.SequenceMatcher(
            a=before["sentences"], b=after["sentences"], autojunk=False
        )
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            old_s, new_s = before["sentences"][i1:i2], after["sentences"][j1:j2]
            if op == "replace" and len(old_s) == len(new_s):
                changes += [
                    f"  changed: {x}\n       to: {y}" for x, y in zip(old_s, new_s, strict=True)
                ]
            else:
                changes += [f"  removed: {x}" for x in old_s] + [f"  added:   {y}" for y in new_s]
        if changes:
            out += [head, *changes]
    for name, pages in sorted(new.get("pages", {}).items()):
        was = old.get("pages", {}).get(name)
        if was is not None and was != pages:
            out.append(f"{name}: {was} -> {pages} pages")
    return out


def run_diff(out_dir: Path) -> list[str]:
    new, old = _load(out_dir / SNAPSHOT), _load(out_dir / PREVIOUS)
    if new is None:
        return [f"no build in {out_dir} yet: run `make` first"]
    if old is None:
        return ["no previous build to compare with: this is the first build in this folder"]
    return diff_lines(old, new) or ["no changes in the printed text or page counts"]
