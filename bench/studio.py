"""``python bench/studio.py``: from a save to the new page image in the browser, in the studio.

A temporary copy of the frozen sample leaflet (every variant), one studio, headless Chromium.
Ten edits of a brochure paragraph: the time from writing content.yaml to the brochure's first
page showing the new build, fully loaded (median, min, max), and which variants each edit
rebuilt. Then one edit of the clinician summary only and one brand colour: which variants
those rebuilt. Never asserted in tests (timings depend on the machine).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brochure.studio.preview import Preview, Target  # noqa: E402
from brochure.studio.server import Studio  # noqa: E402

FIRST = '[id="p-patient-brochure.pdf-1"] img'
EDITS = 10


def wait_new(tab: Any, old: str) -> None:
    tab.wait_for_function(
        """([sel, old]) => { const i = document.querySelector(sel);
             return i && i.dataset.stamp && i.dataset.stamp !== old && i.complete
                    && i.naturalWidth > 0 && i.src.includes(i.dataset.stamp); }""",
        arg=[FIRST, old],
        timeout=60_000,
    )


def settled(tab: Any, generation_text: str = "Rebuilt") -> str:
    """The status line once every variant of the latest build is done."""
    tab.wait_for_function(
        "(t) => { const s = document.querySelector('#state');"
        " return !s.classList.contains('busy') && s.textContent.startsWith(t); }",
        arg=generation_text,
        timeout=60_000,
    )
    return str(tab.inner_text("#state"))


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sample = ROOT / "tests" / "fixtures" / "stem-cell"
        shutil.copy(sample / "content.yaml", root / "content.yaml")
        shutil.copytree(ROOT / "assets", root / "assets")
        studio = Studio(Preview(root, Target(), date(2026, 12, 1)))
        studio.start()
        content = root / "content.yaml"
        original = content.read_text(encoding="utf-8")
        marker = "As we age, discs lose water."
        assert marker in original
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
                tab = browser.new_context(bypass_csp=True).new_page()
                tab.goto(studio.url)
                wait_new(tab, "")
                settled(tab)
                times, lines = [], []
                for n in range(EDITS):
                    old = str(tab.get_attribute(FIRST, "data-stamp"))
                    start = time.perf_counter()
                    content.write_text(
                        original.replace(marker, f"As we age, discs lose water ({n + 1}).")
                    )
                    wait_new(tab, old)
                    times.append(time.perf_counter() - start)
                    lines.append(settled(tab))
                print(
                    f"save -> new brochure page in the browser, {EDITS} edits: median "
                    f"{statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f}, "
                    f"max {max(times) * 1000:.0f})"
                )
                for line in sorted(set(lines)):
                    print(f"  status after a brochure paragraph edit: {line}")
                text = content.read_text(encoding="utf-8")
                content.write_text(text.replace("Proposed mechanisms", "Mechanisms proposed"))
                tab.wait_for_function(
                    "() => document.querySelector('#state').textContent.includes('summary')",
                    timeout=60_000,
                )
                print(f"  status after a clinician-summary-only edit: {settled(tab)}")
                brand = root / "assets" / "brands" / "default.yaml"
                brand.write_text(brand.read_text().replace("tagline:", "tagline: New", 1))
                old = str(tab.get_attribute(FIRST, "data-stamp"))
                wait_new(tab, old)
                print(f"  status after a brand tagline edit: {settled(tab)}")
                browser.close()
        finally:
            studio.close()


if __name__ == "__main__":
    main()
