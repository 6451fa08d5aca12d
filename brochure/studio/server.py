"""The HTTP side of ``brochure serve``: routes, and the checks every request passes first.

Who may use it: whoever has the address printed at start, which holds a random token; every
request without it gets "not found". A web page in the same browser cannot reach it either:
the Host header must name this server (a DNS-rebinding page sends its own name), and a write
must come from this page's own origin (``Origin``, ``Sec-Fetch-Site``) with a JSON or upload
body, so another site cannot post a form to it. What it serves from disk is only the
project's own files, through the build's containment rules (no ``..``, no absolute path, no
link out of the project). It listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import threading
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..content.assets import MAX_ASSET_BYTES, contained
from ..errors import BrochureError
from ..library import brands, leaflets
from ..watch import snapshot
from . import brandedit
from .panel import leaflet_rows
from .preview import Preview, Target

STATIC = Path(__file__).with_name("static")
MAX_JSON_BYTES = 256 * 1024
SERVED = ("assets", "output", "leaflets")  # the folders of the project a page may show
TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# A project file (an SVG logo, the HTML output) is shown, never run as this page's script.
FILE_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Refused(Exception):
    """A request this server will not answer, with the status and the reason it gives."""

    def __init__(self, status: HTTPStatus, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class Studio:
    """The preview loop and the HTTP server, started and stopped together."""

    def __init__(
        self,
        preview: Preview,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
    ) -> None:
        self.preview = preview
        self.token = token or secrets.token_urlsafe(18)
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.httpd.studio = self  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.host = host
        names = {"127.0.0.1", "localhost", "[::1]"} | ({host} if host != "0.0.0.0" else set())
        self.hosts = {f"{name}:{self.port}" for name in names}
        self.origins = {f"http://{h}" for h in self.hosts}
        self._thread = threading.Thread(
            target=self.httpd.serve_forever,
            args=(0.05,),
            daemon=True,  # quick to stop
        )
        self._panel: tuple[Any, list[dict[str, Any]]] | None = None

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{shown}:{self.port}/s/{self.token}/"

    def start(self) -> None:
        self.preview.start()
        self._thread.start()

    def close(self) -> None:
        self.preview.stop()
        self.httpd.shutdown()
        self.httpd.server_close()

    def panel(self) -> list[dict[str, Any]]:
        """The content panel's rows, computed again only after a file changed."""
        key = (snapshot(self.preview.root), self.preview.target)
        if self._panel is None or self._panel[0] != key:
            with self.preview.build_lock:
                rows = leaflet_rows(
                    self.preview.root, self.preview.target.brand, self.preview.today
                )
            self._panel = (key, rows)
        rows = self._panel[1]
        current = self.preview.target.leaflet
        brochure = "patient-brochure.pdf"
        for row in rows:
            for section in row.get("sections", []):
                page = (
                    self.preview.page_of(brochure, section["title"])
                    if row["leaflet"] == current
                    else 1
                )
                section["link"] = {"leaflet": row["leaflet"], "file": brochure, "page": page}
        return rows


class _Handler(BaseHTTPRequestHandler):
    server_version = "brochure-studio"
    sys_version = ""

    @property
    def studio(self) -> Studio:
        studio: Studio = self.server.studio  # type: ignore[attr-defined]
        return studio

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the address and the builds, not every picture fetched."""

    # Answers ------------------------------------------------------------------------------

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        kind: str,
        policy: str = PAGE_POLICY,
        cache: str = "no-store",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("Content-Security-Policy", policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")  # the token is in the address
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, value: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(value).encode(), "application/json")

    def _refuse(self, status: HTTPStatus, reason: str) -> None:
        self._send(status, f"{reason}\n".encode(), "text/plain; charset=utf-8")

    # Checks ---------------------------------------------------------------------------------

    def _route(self) -> tuple[str, dict[str, list[str]]]:
        """The path after ``/s/TOKEN/``, once the Host and the token are right."""
        if self.headers.get("Host", "") not in self.studio.hosts:
            raise Refused(HTTPStatus.MISDIRECTED_REQUEST, "refused: unknown Host")
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        prefix = f"/s/{self.studio.token}/"
        given = path[: len(prefix)]
        if len(path) < len(prefix) or not hmac.compare_digest(given, prefix):
            raise Refused(
                HTTPStatus.NOT_FOUND,
                "not found: open the address `brochure serve` printed (it holds a token)",
            )
        return path[len(prefix) :], parse_qs(parts.query)

    def _check_write(self) -> None:
        """A write comes from this page: same origin, and not a plain form another site made."""
        if self.headers.get("Origin", "") not in self.studio.origins:
            raise Refused(HTTPStatus.FORBIDDEN, "refused: a write from another origin")
        if self.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
            raise Refused(HTTPStatus.FORBIDDEN, "refused: a cross-site write")

    def _body(self, limit: int) -> bytes:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise Refused(HTTPStatus.LENGTH_REQUIRED, "refused: no Content-Length") from None
        if length < 0 or length > limit:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"refused: over {limit:,} bytes")
        return self.rfile.read(length)

    def _json_body(self) -> dict[str, Any]:
        if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
            raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "refused: expected JSON")
        try:
            value = json.loads(self._body(MAX_JSON_BYTES))
        except ValueError:
            raise Refused(HTTPStatus.BAD_REQUEST, "refused: not JSON") from None
        if not isinstance(value, dict):
            raise Refused(HTTPStatus.BAD_REQUEST, "refused: expected a JSON object")
        return value

    # Methods ------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_HEAD(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def _handle(self, method: Any) -> None:
        try:
            try:
                route, query = self._route()
                method(route, query)
            except Refused as exc:
                self._refuse(exc.status, str(exc))
            except (BrochureError, ValueError) as exc:
                self._json({"error": str(exc)}, HTTPStatus.BAD_REQUEST)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away

    def _get(self, route: str, query: dict[str, list[str]]) -> None:
        studio, preview = self.studio, self.studio.preview
        if route in ("", "app.js", "style.css"):
            name = route or "index.html"
            kind = TYPES.get(Path(name).suffix, "text/html; charset=utf-8")
            self._send(HTTPStatus.OK, (STATIC / name).read_bytes(), kind)
        elif route == "events" and self.command == "GET":
            self._events()
        elif route == "status":
            self._json(preview.wait(-1, 0))
        elif route.startswith("page/"):
            self._page(route)
        elif route.startswith("file/"):
            self._file(route.removeprefix("file/"))
        elif route == "brand":
            name = query.get("name", [preview.target.brand])[0]
            self._json(_brand_info(preview.root, name))
        elif route == "choices":
            choices = [
                {"leaflet": x.name, "label": x.label, "locales": x.languages(preview.root)}
                for x in leaflets(preview.root)
            ]
            self._json({"leaflets": choices, "brands": brands(preview.root)})
        elif route == "content":
            self._json(studio.panel())
        else:
            raise Refused(HTTPStatus.NOT_FOUND, "not found")

    def _post(self, route: str, query: dict[str, list[str]]) -> None:
        self._check_write()
        preview = self.studio.preview
        root = preview.root
        if route == "logo":
            name = query.get("name", [""])[0]
            saved = brandedit.save_logo(root, name, self._body(brandedit.MAX_LOGO_BYTES))
            self._json({"logo": saved, "logos": brandedit.logos(root)})
            return
        body = self._json_body()
        if route == "contrast":
            self._json(brandedit.contrast_report(dict(body.get("colors", {}))))
        elif route == "brand":
            name = str(body.get("name", preview.target.brand))
            # The build loop sees the file change: asking it again could build twice.
            brandedit.save_fields(root, name, dict(body.get("fields", {})))
            self._json({"saved": f"assets/brands/{name}.yaml"})
        elif route == "brand/new":
            name = str(body.get("name", ""))
            brandedit.new_brand(root, name, str(body.get("from", preview.target.brand)))
            t = preview.target
            preview.select(Target(t.leaflet, name, t.locale))
            self._json({"saved": f"assets/brands/{name}.yaml"})
        elif route == "select":
            locale = body.get("locale") or None
            preview.select(
                Target(str(body.get("leaflet", "")), str(body.get("brand", "default")), locale)
            )
            self._json({"ok": True})
        else:
            raise Refused(HTTPStatus.NOT_FOUND, "not found")

    # Answers that stream or read files ------------------------------------------------------

    def _events(self) -> None:
        """Server-sent events: the status whenever it changes, a comment every 15 s."""
        preview = self.studio.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        while not preview.stopped:
            status = preview.wait(seen, 15)
            if status["generation"] == seen:
                self.wfile.write(b": still here\n\n")
            else:
                seen = status["generation"]
                self.wfile.write(f"data: {json.dumps(status)}\n\n".encode())
            self.wfile.flush()

    def _page(self, route: str) -> None:
        _page, filename, number = [*route.rsplit("/", 2), "", ""][:3]
        png = None
        if number.endswith(".png") and number[:-4].isdigit():
            png = self.studio.preview.page_png(filename, int(number[:-4]))
        if png is None:
            raise Refused(HTTPStatus.NOT_FOUND, "not found: no such page")
        self._send(HTTPStatus.OK, png, "image/png", cache="private, max-age=86400")

    def _file(self, rel: str) -> None:
        """A project file from assets/, output/ or leaflets/, as the build would read it."""
        parts = PurePosixPath(rel).parts
        if (
            not parts
            or rel.startswith(("/", "\\"))
            or "\\" in rel
            or any(p in ("..", ".") for p in parts)
            or parts[0] not in SERVED
            or Path(rel).suffix.lower() not in TYPES
        ):
            raise Refused(HTTPStatus.FORBIDDEN, f"refused: {rel!r} is not a project file")
        try:
            real = contained(self.studio.preview.root, rel, rel, "file", MAX_ASSET_BYTES)
        except ValueError as exc:
            raise Refused(HTTPStatus.FORBIDDEN, f"refused: {exc}") from None
        kind = TYPES[Path(rel).suffix.lower()]
        self._send(HTTPStatus.OK, real.read_bytes(), kind, policy=FILE_POLICY)


def _brand_info(root: Path, name: str) -> dict[str, Any]:
    fields = brandedit.read_fields(root, name)
    palette = {c: fields[f"colors.{c}"] for c in brandedit.COLORS}
    return {
        "name": name,
        "fields": fields,
        "fonts": sorted(brandedit.font_families(root)),
        "logos": brandedit.logos(root),
        "brands": brands(root),
        "contrast": brandedit.contrast_report(palette),
    }


def serve(
    root: Path,
    target: Target,
    today: date,
    host: str,
    port: int,
    variants: list[str] | None,
    say: Any,
) -> None:
    """Run until Ctrl-C; ``say`` prints a line for the person who started it."""
    import time

    if not is_loopback(host):
        say(
            f"warning: listening on {host}, not only this computer: anyone who can reach it "
            "and learns the address can change the brand files"
        )
    studio = Studio(Preview(root, target, today, variants), host, port)
    studio.start()
    say(f"brochure studio: {studio.url}")
    say("(open that address; it holds the token that lets you in. Ctrl-C stops.)")
    try:
        while True:
            time.sleep(3600)
    finally:
        studio.close()
