"""``brochure serve`` in a real browser: headless Chromium (the system's, never a download)
drives the page of one studio serving a temporary copy of a small project.

One server and one browser for the module, and only the brochure variant is built, so the
whole module costs a few seconds. Each test leaves the project as it found it.
"""

from __future__ import annotations

import http.client
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL, ROOT
from pdfutil import TODAY, folded, reader
from PIL import Image, ImageChops

from brochure.errors import BrochureError
from brochure.pipeline import Paths, load_project
from brochure.studio.preview import Preview, Target
from brochure.studio.server import Studio

CHROMIUM = Path("/usr/bin/chromium")
FIRST_PAGE = '[id="p-patient-brochure.pdf-1"] img'
WAIT_MS = 30_000  # a ceiling for a slow machine, not a timing check


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project: the minimal leaflet and a copy of the repository's assets."""
    root = tmp_path_factory.mktemp("studio")
    (root / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    shutil.copytree(ROOT / "assets", root / "assets")
    return root


@pytest.fixture(scope="module")
def studio(project: Path) -> Iterator[Studio]:
    server = Studio(Preview(project, Target(), TODAY, variants=["brochure"], interval=0.05))
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def page(studio: Studio) -> Iterator[Any]:
    """The studio's page in headless Chromium, with its first page image shown."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        # The page's own policy forbids eval; the test's wait_for_function needs it.
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(studio.url)
        wait_for_new_page(tab, "")
        yield tab
        browser.close()


def text_of(pdf: Path) -> list[str]:
    return [p.extract_text() or "" for p in reader(pdf).pages]


def shown_stamp(tab: Any) -> str:
    return str(tab.get_attribute(FIRST_PAGE, "data-stamp") or "")


def wait_for_new_page(tab: Any, old: str) -> str:
    """Wait until the first page shows a version other than ``old``, fully loaded."""
    tab.wait_for_function(
        """([sel, old]) => { const i = document.querySelector(sel);
             return i && i.dataset.stamp && i.dataset.stamp !== old && i.complete
                    && i.naturalWidth > 0 && i.src.includes(i.dataset.stamp); }""",
        arg=[FIRST_PAGE, old],
        timeout=WAIT_MS,
    )
    return shown_stamp(tab)


def picture(tab: Any) -> Image.Image:
    """The first page as the browser shows it."""
    return Image.open(io.BytesIO(tab.locator(FIRST_PAGE).screenshot())).convert("RGB")


def changed_pixels(a: Image.Image, b: Image.Image) -> int:
    """Pixels that differ visibly (not by anti-aliasing) between two pictures."""
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
    return diff.histogram()[255]


def request(
    studio: Studio, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, str]:
    """A raw request: http.client sends the path as given (a browser would tidy ``..``)."""
    conn = http.client.HTTPConnection("127.0.0.1", studio.port, timeout=10)
    sent = {"Host": f"127.0.0.1:{studio.port}", **(headers or {})}
    conn.request(method, path, body=body or None, headers=sent)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, text


def test_a_colour_that_fails_contrast_is_flagged_fixed_saved_and_rebuilt(
    page: Any, project: Path
) -> None:
    before, stamp = picture(page), shown_stamp(page)
    primary = page.locator('input[name="colors.primary"]')
    primary.fill("#9FC5D8")  # pale blue: white headings on it cannot be read
    failing = page.locator("#color-primary .check.fail")
    failing.first.wait_for(timeout=WAIT_MS)
    assert "fail" in failing.first.inner_text()
    fix = page.locator("#color-primary button.fix").first
    suggested = fix.inner_text().removeprefix("Use ")
    fix.click()
    page.locator("#color-primary .check.pass").first.wait_for(timeout=WAIT_MS)
    assert page.locator("#color-primary .check.fail").count() == 0
    assert primary.input_value() == suggested
    page.click("#save")
    after_stamp = wait_for_new_page(page, stamp)
    assert after_stamp != stamp
    assert changed_pixels(before, picture(page)) > 500  # the cover band took the new colour
    saved = (project / "assets" / "brands" / "default.yaml").read_text(encoding="utf-8")
    assert f'primary: "{suggested}"' in saved
    original = (ROOT / "assets" / "brands" / "default.yaml").read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in saved.splitlines() for line in comments)
    assert "brochure" in page.inner_text("#state")


def test_an_edit_on_disk_updates_the_preview(page: Any, project: Path) -> None:
    before, stamp = picture(page), shown_stamp(page)
    content = project / "content.yaml"
    content.write_text(
        MINIMAL.replace("Test title", "A much longer title that wraps"), encoding="utf-8"
    )
    wait_for_new_page(page, stamp)
    assert changed_pixels(before, picture(page)) > 200


def test_a_typo_shows_the_located_error_and_keeps_the_last_good_pages(
    page: Any, project: Path
) -> None:
    stamp = shown_stamp(page)
    content = project / "content.yaml"
    good = content.read_text(encoding="utf-8")
    content.write_text(good.replace("  sections:", "  sectons:"), encoding="utf-8")
    page.locator("#error").wait_for(state="visible", timeout=WAIT_MS)
    with pytest.raises(BrochureError) as cli:
        load_project(Paths.for_project(project), TODAY)  # what the command line prints
    shown = page.inner_text("#error-text")
    assert shown == str(cli.value)
    assert "content.yaml:" in shown and "sectons" in shown
    assert shown_stamp(page) == stamp  # the last good pages are still there, loaded
    assert page.eval_on_selector(FIRST_PAGE, "i => i.complete && i.naturalWidth > 0")
    content.write_text(good, encoding="utf-8")
    page.locator("#error").wait_for(state="hidden", timeout=WAIT_MS)


def test_a_logo_upload_is_checked_by_its_content(page: Any, project: Path) -> None:
    png = io.BytesIO()
    Image.new("RGB", (120, 40), "#1B5E7A").save(png, "PNG")
    page.set_input_files(
        "#logo-file",
        files=[{"name": "New logo.png", "mimeType": "image/png", "buffer": png.getvalue()}],
    )
    page.wait_for_function(
        "() => document.querySelector('#logo-state').textContent.startsWith('Uploaded')",
        timeout=WAIT_MS,
    )
    assert (project / "assets" / "logos" / "New-logo.png").read_bytes() == png.getvalue()
    assert page.locator('select[name="logo"]').input_value() == "logos/New-logo.png"
    page.set_input_files(
        "#logo-file", files=[{"name": "fake.png", "mimeType": "image/png", "buffer": b"<p>hi</p>"}]
    )
    page.wait_for_function(
        "() => document.querySelector('#logo-state').textContent.startsWith('Refused')",
        timeout=WAIT_MS,
    )
    assert "not a readable SVG" in page.inner_text("#logo-state")
    assert not list((project / "assets" / "logos").glob("fake.*"))


def test_the_content_panel_shows_status_reading_level_and_opens_the_page(
    page: Any, studio: Studio
) -> None:
    page.click("#tab-content")
    leaflet = page.locator("#content-panel .leaflet").first
    leaflet.wait_for(timeout=WAIT_MS)
    text = leaflet.inner_text()
    # MINIMAL: a draft, version 1, reviewed 2026-01-01, so due two years later; one section.
    assert "draft" in text and "version 1" in text
    assert "2026-01-01" in text and "2028-01-01" in text
    assert "per section" in text and "One grade" in text
    leaflet.locator("a", has_text="One").click()
    shown = page.locator('[id^="p-patient-brochure.pdf-"].flash')
    shown.wait_for(timeout=WAIT_MS)
    number = int(str(shown.get_attribute("id")).rsplit("-", 1)[1])
    pages = [folded(t) for t in text_of(studio.preview.out_dir / "patient-brochure.pdf")]
    assert "One" in pages[number - 1].split() and "One" not in " ".join(pages[: number - 1])
    page.click("#tab-brand")


def test_no_token_and_path_traversal_are_refused_in_the_browser(page: Any, studio: Studio) -> None:
    tab = page.context.new_page()  # the studio's own tab stays where it is
    base = f"http://127.0.0.1:{studio.port}"
    response = tab.goto(f"{base}/")
    assert response.status == 404 and "token" in tab.inner_text("body")
    assert tab.goto(f"{base}/s/not-the-token/").status == 404
    # Encoded slashes reach the server as typed (a browser tidies only a literal '..').
    response = tab.goto(f"{studio.url}file/assets%2F..%2F..%2F..%2Fetc%2Fpasswd")
    assert response.status == 403 and "root:" not in tab.content()
    response = tab.goto(f"{studio.url}file/assets/logos/New-logo.png")
    assert response.status == 200  # the project's own files are served
    tab.close()


def test_requests_that_could_come_from_elsewhere_are_refused(
    studio: Studio, project: Path, tmp_path: Path
) -> None:
    token_path = f"/s/{studio.token}/"
    assert request(studio, "GET", token_path + "status")[0] == 200
    assert request(studio, "GET", token_path + "file/assets/../content.yaml")[0] == 403
    assert request(studio, "GET", token_path + "file//etc/passwd")[0] == 403
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\nPRIVATE BYTES")
    (project / "assets" / "images" / "link.png").symlink_to(outside)
    status, text = request(studio, "GET", token_path + "file/assets/images/link.png")
    assert status == 403 and "outside" in text and "PRIVATE" not in text
    # DNS rebinding: a page on another name that resolves here sends its own Host.
    status, _ = request(studio, "GET", token_path + "status", {"Host": "evil.example:80"})
    assert status == 421
    body = b'{"leaflet": "", "brand": "default"}'
    json_type = {"Content-Type": "application/json"}
    for origin in ({}, {"Origin": "http://evil.example"}):
        status, text = request(studio, "POST", token_path + "select", {**json_type, **origin}, body)
        assert status == 403 and "origin" in text
    own = {"Origin": f"http://127.0.0.1:{studio.port}", **json_type}
    assert request(studio, "POST", token_path + "select", own, body)[0] == 200
    # An upload over the limit is refused from its Content-Length, before a byte is read.
    too_big = {**own, "Content-Length": str(5 * 1024 * 1024)}
    status, _ = request(studio, "POST", token_path + "logo?name=big", too_big, b"x")
    assert status == 413
    assert not list((project / "assets" / "logos").glob("big.*"))


def test_the_first_page_is_drawn_once_as_soon_as_it_is_built(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """This test ensures the studio draws the first page of the first variant right after
    building it, before it lays out the rest (the page shows it at the top), and that
    requests arriving together for a page being drawn share one drawing."""
    import threading
    import time

    import pypdfium2

    import brochure.studio.preview as preview_module

    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    preview = Preview(tmp_path, Target(), TODAY, variants=["brochure", "booklet"])
    order: list[str] = []
    real_build, real_page = preview_module.build, Preview.page_png

    # Only this preview's calls: the module's studio runs its own build loop in this process.
    def build(paths, names, *args, **kwargs):  # type: ignore[no-untyped-def]
        if paths.root == tmp_path:
            order.append(f"build {' '.join(names)}")
        return real_build(paths, names, *args, **kwargs)

    def page_png(self, filename, number):  # type: ignore[no-untyped-def]
        if self is preview:
            order.append(f"page {filename} {number}")
        return real_page(self, filename, number)

    monkeypatch.setattr(preview_module, "build", build)
    monkeypatch.setattr(Preview, "page_png", page_png)
    preview._build_once()
    assert order == ["build brochure", "page patient-brochure.pdf 1", "build booklet"]
    assert preview.status.error is None

    assert [o["pages"] for o in preview.outputs()]  # pages counted before, as the page does
    opened: list[int] = []
    real_document = pypdfium2.PdfDocument

    booklet = (preview.out_dir / "patient-booklet.pdf").read_bytes()

    def slow_document(data):  # type: ignore[no-untyped-def]
        if data == booklet:  # this preview's, not a page the module's studio draws
            opened.append(1)
            time.sleep(0.2)  # long enough for every request below to arrive while it draws
        return real_document(data)

    monkeypatch.setattr(pypdfium2, "PdfDocument", slow_document)
    got: list[bytes | None] = []
    threads = [
        threading.Thread(target=lambda: got.append(preview.page_png("patient-booklet.pdf", 2)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(opened) == 1 and len(got) == 4
    assert got[0] is not None and got[0].startswith(b"\x89PNG") and len(set(got)) == 1
