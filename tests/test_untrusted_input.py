"""The bad-input and fault corpus, part two: input that tries to read, run or cost too much.

Each case is built by the test (FIFOs, symlinks, PostScript named .png, huge or self-expanding
files cannot live in ``tests/bad/``). Every refusal is exactly one line, located at the file
(and line and field where there is one), with exit status 2, and nothing in ``output/``
changes. The limits are patched small where a real-size input would be slow to make.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from test_bad_input import MINIMAL, _figure

from brochure.cli import main

# A PostScript program that never ends: Ghostscript would hang on it.
POSTSCRIPT = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n{1 pop} loop\nshowpage\n"


def _picture(root: Path, name: str, data: str | bytes) -> None:
    """Write ``assets/images/NAME`` and a content file whose one figure shows it."""
    target = root / "assets/images" / name
    if isinstance(data, str):
        target.write_text(data, encoding="utf-8")
    else:
        target.write_bytes(data)
    (root / "content.yaml").write_text(_figure(f"images/{name}"), encoding="utf-8")


FIGURE = "content.yaml:12:18: brochure.sections[0].blocks[0].image: "


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project whose output/ holds a file that must survive every refusal."""
    (tmp_path / "project").mkdir()
    root = copy_project(tmp_path / "project")
    (root / "output").mkdir()
    (root / "output" / "patient-brochure.pdf").write_bytes(b"%PDF-1.4 previous good build\n")
    return root


def _output(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "output").rglob("*"))
        if p.is_file() and p.name != ".lock"  # the build's lock is bookkeeping, not an output
    }


def refused(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    """Run ``build`` in-process; assert exit 2, one line and output/ untouched; return it."""
    before = _output(root)
    capsys.readouterr()
    status = main(["build", "--root", str(root), "--variant", "brochure", *args])
    err = capsys.readouterr().err
    assert status == 2, err
    assert len(err.splitlines()) == 1, err
    assert _output(root) == before
    return err.rstrip("\n")


# --- pictures: only PNG and JPEG, by content --------------------------------------------------


def test_postscript_named_png_is_refused_before_pillow(project: Path, capsys, monkeypatch):
    """This test ensures that PostScript named .png never reaches Pillow (nor Ghostscript)."""
    import PIL.Image

    opened: list[object] = []
    real_open = PIL.Image.open
    monkeypatch.setattr(PIL.Image, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    _picture(project, "evil.png", POSTSCRIPT)
    assert refused(capsys, project) == (
        FIGURE + "'evil.png' is not a readable image (its content is not PNG or JPEG, "
        "whatever its name says; save it as PNG, JPEG or SVG)"
    )
    assert opened == []


def test_multi_picture_jpeg_from_a_phone_still_prints(project: Path, capsys):
    """This test ensures that restricting Pillow to PNG and JPEG keeps JPEGs that Pillow
    opens as "MPO" (a camera's multi-picture JPEG): the first picture is printed."""
    from pdfutil import images
    from PIL import Image

    frames = [Image.new("RGB", (60, 40), colour) for colour in ("red", "blue")]
    frames[0].save(
        project / "assets/images/phone.jpg", "MPO", save_all=True, append_images=frames[1:]
    )
    assert (project / "assets/images/phone.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    _picture(project, "phone.jpg", (project / "assets/images/phone.jpg").read_bytes())
    capsys.readouterr()
    assert main(["build", "--root", str(project), "--variant", "brochure"]) == 0, (
        capsys.readouterr().err
    )
    assert [size for _digest, *size in images(project / "output/patient-brochure.pdf")] == [
        [60, 40]
    ]


def test_pillow_knows_only_png_and_jpeg():
    """This test ensures that nothing in the process (svglib's data: images, ReportLab's image
    reader) can have Pillow hand a file to Ghostscript: the other plugins are unregistered."""
    import io

    import PIL.Image

    import brochure.theme.images  # noqa: F401 - importing it restricts Pillow

    assert set(PIL.Image.ID) == {"PNG", "JPEG"}
    with pytest.raises(PIL.Image.UnidentifiedImageError):
        PIL.Image.open(io.BytesIO(POSTSCRIPT))


PLUGINS_CODE = """
import io, json, sys
import brochure.theme.images
from PIL import Image
Image.init()
Image.registered_extensions()
refused = []
for name in ("x.eps", "x.ps", "x.pdf", "x.png"):
    with open(sys.argv[1] + "/" + name, "wb") as fh:
        fh.write(sys.argv[2].encode())
    try:
        Image.open(sys.argv[1] + "/" + name)
    except Image.UnidentifiedImageError:
        refused.append(name)
print(json.dumps({"refused": refused, "ids": Image.ID,
                  "plugins": sorted(m for m in sys.modules if m.endswith("ImagePlugin"))}))
"""


def test_pillow_loads_no_other_plugin_even_when_asked(tmp_path: Path):
    """This test ensures that only the PNG and JPEG plugins (and the TIFF and MPO ones they
    reach) are ever imported, in a fresh process: ``Image.init()`` loads nothing more, and a
    PostScript file opened by a path ending ``.eps`` cannot bring the EPS plugin back."""
    import json

    run = subprocess.run(
        [sys.executable, "-c", PLUGINS_CODE, str(tmp_path), POSTSCRIPT.decode()],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(run.stdout.splitlines()[-1])
    assert found["refused"] == ["x.eps", "x.ps", "x.pdf", "x.png"]
    assert found["ids"] == ["PNG", "JPEG"]
    assert found["plugins"] == [
        "PIL.JpegImagePlugin",
        "PIL.MpoImagePlugin",
        "PIL.PngImagePlugin",
        "PIL.TiffImagePlugin",
    ]


def test_postscript_as_svg_data_uri_is_refused(project: Path, capsys):
    """This test ensures that PostScript sent as data:image/png inside an SVG is refused."""
    data = base64.b64encode(POSTSCRIPT).decode()
    _picture(
        project,
        "evil.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="100" height="50"><image width="10" height="10" '
        f'xlink:href="data:image/png;base64,{data}"/></svg>',
    )
    assert refused(capsys, project) == (
        FIGURE + "'evil.svg' is not a readable SVG file (it embeds a picture that is not "
        "PNG or JPEG)"
    )


# --- brand and content files: contained, regular, bounded, named ------------------------------


def test_brand_fifo_is_refused_without_blocking(project: Path, capsys):
    """This test ensures that a brand file that is a FIFO is refused, never opened (it would
    block the build forever)."""
    os.mkfifo(project / "assets/brands/pipe.yaml")
    assert refused(capsys, project, "--brand", "pipe") == (
        "assets/brands/pipe.yaml: is not a file (it is a pipe, socket or device; nothing was read)"
    )


def test_all_brands_with_a_fifo_and_a_bad_name_does_not_hang(project: Path, capsys):
    """This test ensures that --all-brands reports a FIFO and a file name that is not a brand
    name as errors of those brands (each line names leaflet/brand/language), and still checks
    every other brand (the content has a
    mistake here, so that no brand is laid out: the test stays fast)."""
    os.mkfifo(project / "assets/brands/pipe.yaml")
    (project / "assets/brands/two words.yaml").write_text("name: X\n", encoding="utf-8")
    (project / "content.yaml").write_text(MINIMAL.replace("version:", "versoin:"), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--root", str(project), "--all-brands"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert (
        "error: default/pipe/en: assets/brands/pipe.yaml: is not a file (it is a pipe, socket "
        "or device; nothing was read)"
    ) in err
    assert f"error: default/two words/en: --brand: 'two words' {BRAND_NAME}" in err
    typo = "content.yaml:4:3: document.versoin: unknown field 'versoin' (did you mean "
    prefixes = {ln.split(": ", 2)[1] for ln in err if typo in ln}
    brands = ("default", "lakeshore", "minimal", "pipe", "riverside")  # pipe: content checked too
    assert prefixes == {f"default/{b}/en" for b in brands}


@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero"])
def test_brand_symlink_out_of_the_project_is_refused(project: Path, capsys, target: str):
    """This test ensures that a brand file linking out of assets/ is never read or quoted."""
    (project / "assets/brands/leak.yaml").symlink_to(target)
    err = refused(capsys, project, "--brand", "leak")
    assert err == (
        f"assets/brands/leak.yaml: points outside assets/ (a link to {target}); "
        "copy the file into assets/"
    )
    assert "root:" not in err


def test_oversized_brand_file_is_refused_before_reading(project: Path, capsys):
    """This test ensures that a brand file over the 1 MB limit is refused by its size."""
    (project / "assets/brands/huge.yaml").write_bytes(b"name: Huge\n" + b"#" * 1_100_000 + b"\n")
    assert refused(capsys, project, "--brand", "huge") == (
        "assets/brands/huge.yaml: is 1,100,012 bytes (the limit for this brand file is 1 MB)"
    )


def test_oversized_content_file_is_refused(project: Path, capsys):
    """This test ensures that a content file over the 1 MB limit is refused by its size."""
    (project / "content.yaml").write_bytes(MINIMAL.encode() + b"#" * (1_100_000 - len(MINIMAL)))
    assert refused(capsys, project) == (
        "content.yaml: is 1,100,000 bytes (the limit for this content file is 1 MB)"
    )


def test_oversized_picture_is_refused_by_its_size(project: Path, capsys, monkeypatch):
    """This test ensures that fonts and pictures have a size limit too (a small one here)."""
    monkeypatch.setattr("brochure.content.assets.MAX_ASSET_BYTES", 700_000)  # fonts: 612 KB
    size = (ROOT / "assets/images/cover.png").stat().st_size
    (project / "content.yaml").write_text(_figure("images/cover.png"), encoding="utf-8")
    assert refused(capsys, project) == (
        FIGURE + f"assets/images/cover.png is {size:,} bytes (the limit for this image is "
        "700,000 bytes)"
    )


def test_content_symlink_to_etc_passwd_is_not_read(project: Path, capsys):
    """This test ensures that content.yaml linking out of the project is refused, unquoted."""
    (project / "content.yaml").unlink()
    (project / "content.yaml").symlink_to("/etc/passwd")
    err = refused(capsys, project)
    assert err == (
        "content.yaml: points outside the project folder (a link to /etc/passwd); "
        "copy the file into the project folder"
    )


BRAND_NAME = (
    "is not a brand name (expected NAME of assets/brands/NAME.yaml: letters, digits, '-' and '_')"
)
CONTENT_NAME = (
    "is not a content file in the project (expected a .yaml file named relative to --root, "
    "like content.yaml)"
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--brand", "../../x"], f"--brand: '../../x' {BRAND_NAME}"),
        (["--brand", "/abs"], f"--brand: '/abs' {BRAND_NAME}"),
        (["--brand", "a/b"], f"--brand: 'a/b' {BRAND_NAME}"),
        (["--content", "/etc/passwd"], f"--content: '/etc/passwd' {CONTENT_NAME}"),
        (["--content", "../content.yaml"], f"--content: '../content.yaml' {CONTENT_NAME}"),
        (
            ["--locale", "../x"],
            "--locale: '../x' is not a language code (expected e.g. es)",
        ),
    ],
    ids=["brand-dotdot", "brand-absolute", "brand-slash", "content-etc", "content-up", "locale"],
)
def test_command_line_names_are_names_not_paths(project: Path, capsys, args, expected):
    """This test ensures that names on the command line cannot reach outside the project."""
    assert refused(capsys, project, *args) == expected
    assert not (project.parent / "x").exists()


def test_diff_takes_a_brand_name_not_a_path(project: Path, capsys):
    """This test ensures that `diff` (which reads output/BRAND/) checks the name as well."""
    capsys.readouterr()
    assert main(["diff", "--root", str(project), "--brand", "../../x"]) == 2
    assert capsys.readouterr().err == f"--brand: '../../x' {BRAND_NAME}\n"


# --- ReportLab reads nothing from the home directory or the machine's font folders ------------


def test_reportlab_ignores_home_settings_and_system_fonts(tmp_path: Path):
    """This test ensures that ~/.reportlab_mods (Python) and ~/.reportlab_settings never run,
    RL_* variables are ignored and ReportLab finds fonts only in its own folder."""
    marker = tmp_path / "ran"
    (tmp_path / ".reportlab_mods").write_text(f"open({str(marker)!r}, 'w').write('mods')\n")
    (tmp_path / ".reportlab_settings").write_text(
        f"open({str(marker)!r}, 'w').write('settings')\ninvariant = 1\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "RL_invariant": "1"}
    probe = (
        "import brochure, reportlab, reportlab.rl_config as c\n"
        "from pathlib import Path\n"
        "own = Path(reportlab.__file__).parent\n"
        "paths = c.T1SearchPath + c.TTFSearchPath + c.CMapSearchPath\n"
        "print(c.invariant, all(Path(p).is_relative_to(own) for p in paths), len(paths) > 0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["0", "True", "True"]  # ReportLab's own default: invariant = 0
    assert not marker.exists()


# --- SVG text is set in the brand's fonts, or refused -----------------------------------------


def _svg_text(family: str | None, weight: str = "normal") -> str:
    attr = f' font-family="{family}"' if family is not None else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">'
        f'<text x="5" y="30" font-size="12" font-weight="{weight}"{attr}>Svg marker text</text>'
        "</svg>"
    )


def test_svg_font_family_written_as_a_path_is_refused(project: Path, capsys):
    """This test ensures that an SVG cannot name a font file anywhere on disk."""
    family = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    _picture(project, "path.svg", _svg_text(family))
    assert refused(capsys, project) == (
        FIGURE + f"'path.svg' sets text in font-family '{family}', a file path: SVG text is "
        "printed in the brand's fonts (write a family name such as sans-serif)"
    )


@pytest.fixture(scope="module")
def real_project(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The shipped project, loaded once: its theme holds the default brand's fonts. Its
    cache is a temporary one (the drawings of the tests' SVG files are kept there)."""
    from pdfutil import TODAY

    from brochure.pipeline import Paths, load_project
    from brochure.session import Session

    session = Session(tmp_path_factory.mktemp("cache"))
    return load_project(Paths.for_project(ROOT), TODAY, session)


@pytest.mark.parametrize(
    ("family", "weight", "expected"),
    [
        (None, "normal", "body.regular"),  # svglib's default, Helvetica: not embedded
        ("Helvetica", "normal", "body.regular"),
        ("Comic Sans MS, fantasy", "bold", "body.bold"),
        ("Georgia, serif", "bold", "heading.bold"),  # decided by the generic family
        ("'No Such Font', serif", "normal", "heading.regular"),
    ],
)
def test_svg_text_is_set_in_the_brand_fonts(
    real_project, tmp_path: Path, monkeypatch, family, weight, expected
):
    """This test ensures that SVG text in an unknown, standard or missing family is set in
    the brand's body or heading font (serif families in the heading font), without asking
    fontconfig or guessing a file."""
    import shutil

    from reportlab.graphics.shapes import Group, String

    from brochure.theme.images import load_drawing

    asked: list[str] = []
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda n, *a, **k: asked.append(n) or real_which(n))
    svg = tmp_path / "t.svg"
    svg.write_text(_svg_text(family, weight), encoding="utf-8")
    theme = real_project.theme
    drawing = load_drawing(svg, None, real_project.session, theme.body, theme.heading)

    def strings(node: object) -> list[str]:
        if isinstance(node, String):
            return [node.fontName]
        children = node.getContents() if isinstance(node, Group) else []
        return [name for child in children for name in strings(child)]

    role, face = expected.split(".")
    assert strings(drawing) == [getattr(getattr(theme, role), face)]
    assert theme.body.regular != theme.heading.regular
    assert asked == []


def test_svg_text_prints_embedded(project: Path, capsys):
    """This test ensures that SVG text with no font family (svglib would use the standard,
    unembedded Helvetica) prints in an embedded brand font."""
    from pdfutil import fonts, text

    _picture(project, "t.svg", _svg_text(None))
    capsys.readouterr()
    status = main(["build", "--root", str(project), "--variant", "brochure"])
    assert status == 0, capsys.readouterr().err
    pdf = project / "output" / "patient-brochure.pdf"
    assert "Svg marker text" in text(pdf)
    used = fonts(pdf)
    assert used and all(used.values()), used
    assert not [name for name in used if "Noto" not in name], used


def test_real_assets_stay_inside_the_project():
    """This test ensures that the shipped SVGs use no font path (a guard on the fixtures)."""
    for svg in (ROOT / "assets").rglob("*.svg"):
        assert ".ttf" not in svg.read_text(encoding="utf-8"), svg


# --- cost: linear in the input, with limits that say so ---------------------------------------


def test_twenty_thousand_unknown_citations_are_located_quickly(project: Path, capsys, monkeypatch):
    """This test ensures that locating many problems in one paragraph is linear (it took 85 s
    when each location scanned the paragraph again): the report comes back, capped at 50.
    The paragraph is over the text limit, raised here to let it through."""
    monkeypatch.setattr("brochure.content.limits.MAX_TEXT_CHARS", 200_000)
    cites = " ".join(f"[@x{i}]" for i in range(20_000))
    (project / "content.yaml").write_text(
        MINIMAL.replace("Hello world.", f"See {cites}"), encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["check", "--root", str(project)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 50
    assert lines[0] == (
        "content.yaml:12:21: brochure.sections[0].blocks[0].text: "
        "cites unknown reference 'x0' (known: none)"
    )
    assert lines[49].startswith("content.yaml:12:")
    assert "'x49'" in lines[49]


def test_half_a_megabyte_paragraph_is_refused_at_the_limit(project: Path, capsys):
    """This test ensures that a huge paragraph is refused before layout (a 1 MB one never
    finished laying out), located at the character where it passes the limit."""
    (project / "content.yaml").write_text(
        MINIMAL.replace("Hello world.", "word " * 100_000), encoding="utf-8"
    )
    assert refused(capsys, project) == (
        "content.yaml:12:20017: brochure.sections[0].blocks[0].text: is 499,999 characters "
        "long (the limit for one text is 20,000; split it)"
    )


def test_text_limit_applies_to_brand_text(project: Path, capsys, monkeypatch):
    """This test ensures that the text limit covers every field of every file (here a small
    limit and a brand tagline)."""
    monkeypatch.setattr("brochure.content.limits.MAX_TEXT_CHARS", 60)
    (project / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    (project / "assets/brands/long.yaml").write_text(
        f"name: Clinic\ntagline: {'t' * 70}\n", encoding="utf-8"
    )
    assert refused(capsys, project, "--brand", "long") == (
        "assets/brands/long.yaml:2:70: tagline: is 70 characters long "
        "(the limit for one text is 60; split it)"
    )


def test_svg_with_too_many_elements_is_refused(project: Path, capsys, monkeypatch):
    """This test ensures that an SVG over the element limit is refused before svglib parses
    it (100k elements took a minute and then failed in imposition); a small limit here."""
    monkeypatch.setattr("brochure.theme.images.MAX_SVG_ELEMENTS", 50)
    rects = '<rect x="1" y="1" width="2" height="2"/>' * 60
    _picture(
        project,
        "busy.svg",
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">{rects}</svg>',
    )
    assert refused(capsys, project) == (
        FIGURE + "'busy.svg' has more than 50 elements (the limit for an SVG file; "
        "simplify the drawing or save it as PNG)"
    )


# --- fonts whose licence forbids embedding ----------------------------------------------------


def _with_fs_type(data: bytes, fs_type: int) -> bytes:
    import struct

    tables = struct.unpack(">H", data[4:6])[0]
    for i in range(tables):
        tag, _c, offset, _l = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        if tag == b"OS/2":
            return data[: offset + 8] + struct.pack(">H", fs_type) + data[offset + 10 :]
    raise AssertionError("no OS/2 table")


@pytest.mark.parametrize(
    ("fs_type", "restricted"),
    [(0x0002, True), (0x0202, True), (0x0006, False), (0x000A, False), (0x0008, False), (0, False)],
)
def test_restricted_licence_bits(tmp_path: Path, fs_type: int, restricted: bool):
    """This test ensures that "restricted" means bit 1 with neither less restrictive bit set
    (preview & print 0x0004, editable 0x0008 win), whatever the subsetting bits say."""
    from brochure.theme.fonts import embedding_restricted

    real = (ROOT / "assets/fonts/NotoSans/NotoSans-Regular.ttf").read_bytes()
    (tmp_path / "f.ttf").write_bytes(_with_fs_type(real, fs_type))
    assert embedding_restricted(tmp_path / "f.ttf") is restricted


def test_font_with_restricted_licence_is_refused(project: Path, capsys):
    """This test ensures that a brand font whose licence forbids embedding is refused at the
    field that names it (ReportLab would embed it, or call it a broken file)."""
    real = (ROOT / "assets/fonts/NotoSans/NotoSans-Regular.ttf").read_bytes()
    (project / "assets/fonts/Locked").mkdir()
    (project / "assets/fonts/Locked/Locked-Regular.ttf").write_bytes(_with_fs_type(real, 0x0002))
    (project / "assets/brands/locked.yaml").write_text(
        "name: Locked\nfonts:\n  body:\n    regular: fonts/Locked/Locked-Regular.ttf\n"
        'contact:\n  phone: "(217) 555-0142"\n',
        encoding="utf-8",
    )
    assert refused(capsys, project, "--brand", "locked") == (
        "assets/brands/locked.yaml:4:14: fonts.body.regular: 'Locked-Regular.ttf' may not be "
        "embedded: its licence forbids it (OS/2 fsType 'restricted'); choose a font whose "
        "licence allows embedding in a PDF"
    )


# --- containment: what a whole build opens ----------------------------------------------------

# Files outside the project, the virtual environment and the Python installation that a build
# may open, and why. Everything else is a leak (a system font, a home-directory setting).
SYSTEM_FILES = [
    "/etc/ld.so.cache",  # the dynamic linker's index, to load C extensions' libraries
    "/lib/x86_64-linux-gnu/",  # those C libraries (libc, libz, libssl, libstdc++...)
    "/usr/lib/x86_64-linux-gnu/",  # the same, on distributions that keep them here
    "/etc/localtime",  # the C library's time zone (read once; the output never shows it)
    "/usr/lib/locale/",  # C library locale data, loaded at interpreter start (LC_CTYPE)
    "/usr/share/locale/locale.alias",  # the same
    "/usr/lib/ssl/openssl.cnf",  # OpenSSL's configuration, read when hashlib loads it
    "/proc/sys/vm/overcommit_memory",  # glibc's malloc, when it gives memory back
    "/dev/null",  # standard streams of the worker processes
    "/dev/urandom",  # random seeds (temporary file names)
]


@pytest.mark.skipif(not os.path.exists("/usr/bin/strace"), reason="needs strace")
def test_a_whole_build_opens_nothing_outside_the_project(
    project: Path, tmp_path: Path, own_cache: None
):
    """This test ensures that every variant, with a PNG and an SVG figure and the logo, is
    built opening only files in the project, the virtual environment, the Python installation
    and the listed system files (and nothing in the home directory), in every process."""
    import re
    import sysconfig

    import brochure

    content = _figure("images/disc-diagram.svg").replace(
        "          caption: A caption\n",
        "          caption: A caption\n        - type: figure\n          image: images/cover.png\n"
        "          alt: A photo\n          caption: A photo\n",
    )
    (project / "content.yaml").write_text(content, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    trace = tmp_path / "trace.txt"
    tool = Path(sys.executable).parent / "brochure"
    done = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", str(trace), str(tool), "build"],
        cwd=project,
        env={**os.environ, "HOME": str(home)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    allowed = [
        str(project.resolve()),
        str(Path(brochure.__file__).resolve().parent),  # the package (an editable install)
        sys.prefix,
        sys.base_prefix,
        sysconfig.get_paths()["stdlib"],
        *SYSTEM_FILES,
    ]
    opened, attempted = set(), set()
    for line in trace.read_text().splitlines():
        m = re.search(r'open(?:at)?\((?:AT_FDCWD, )?"([^"]*)".*\) = (-?\d+)', line)
        if m:
            path = os.path.normpath(os.path.join(project, m[1]))
            attempted.add(path)
            if int(m[2]) >= 0:
                opened.add(path)
    assert any(p.endswith("images/cover.png") for p in opened)  # the trace saw the build
    assert any(p.endswith("disc-diagram.svg") for p in opened)
    # An editable install puts the checkout on sys.path: Python lists that folder to find
    # modules, and may open nothing in it but the package.
    listed = {str(Path(brochure.__file__).resolve().parent.parent)}
    outside = sorted(
        p for p in opened if p not in listed and not any(p.startswith(a) for a in allowed)
    )
    assert outside == []
    assert sorted(p for p in attempted if p.startswith((str(home), "/usr/share/fonts"))) == []
