"""Colour proof of a press file: are the inks the brand's colours under the output intent?

    python tools/proof.py PRESS.pdf [--brand NAME] [--picture ORIGINAL.png [--side OUT.png]]

Reads the profile embedded in the file's output intent and prints, for every palette colour
of the brand (``--brand``, the one the file was built with), the CMYK the file prints and
how far that is (CIE76 ΔE) from the brand's RGB once printed. With a picture, compares the
file's CMYK picture made from it, printed under the profile, with the RGB original: mean and
95th-percentile ΔE, and a side-by-side PNG (original | soft proof) to look at.
"""

from __future__ import annotations

import argparse
import io
import math
import sys
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms
from pypdf import PdfReader

from brochure.pipeline import Paths, load_project
from brochure.preflight.tokens import operations
from brochure.theme.press import press_colors


def _lab_image(im: Image.Image, source: Any, mode: str) -> list[tuple[float, float, float]]:
    lab = ImageCms.createProfile("LAB")
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    out = ImageCms.applyTransform(im, ImageCms.buildTransform(source, lab, mode, "LAB", intent))
    assert out is not None
    return [(p[0] / 2.55, p[1] - 128, p[2] - 128) for p in out.getdata()]  # type: ignore[index]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--brand", default="default")
    parser.add_argument("--picture", type=Path)
    parser.add_argument("--side", type=Path)
    args = parser.parse_args(argv)
    pdf = args.pdf
    reader = PdfReader(pdf)
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    icc = intent["/DestOutputProfile"].get_object().get_data()
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    srgb = ImageCms.createProfile("sRGB")
    print(f"{pdf}: {intent['/OutputConditionIdentifier']}, {reader.metadata['/GTS_PDFXVersion']}")
    used: set[tuple[float, ...]] = set()  # every CMYK fill the pages set
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            used |= {tuple(a) for a, op in operations(contents.get_data()) if op == b"k"}
    # The date only decides review warnings, which the proof does not print.
    project = load_project(Paths.for_project(Path("."), args.brand), date(2000, 1, 1))
    theme = project.theme
    press = press_colors(
        theme.brand.press, theme.hex, theme.paper_name, theme.assets, theme.session, None, None
    )
    print(f"{'role':<12}{'RGB':<9}{'CMYK in the file (%)':<26}{'ΔE printed vs RGB':>18}")
    for role in ("primary", "secondary", "accent", "text", "tint", "warning"):
        color = press.palette[role]
        inks = (color.cyan, color.magenta, color.yellow, color.black)
        drawn = {tuple(round(v, 3) for v in u) for u in used}
        if getattr(color, "spotName", None):
            found = "spot"  # drawn as its separation; the CMYK is its stand-in
        else:
            found = "yes" if tuple(round(v, 3) for v in inks) in drawn else "not drawn"
        rgb = Image.new("RGB", (1, 1), theme.hex[role])
        cmyk = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in inks))
        d = math.dist(_lab_image(rgb, srgb, "RGB")[0], _lab_image(cmyk, profile, "CMYK")[0])
        label = "/".join(f"{v * 100:.0f}" for v in inks)
        print(f"{role:<12}{theme.hex[role]:<9}{label:<18}{found:<8}{d:>14.1f}")
    if args.picture:
        original = Image.open(args.picture).convert("RGB")
        pictures = []
        for page in reader.pages:
            for ref in page.get("/Resources", {}).get("/XObject", {}).values():
                obj = ref.get_object()
                if obj.get("/Subtype") == "/Image" and obj.get("/ColorSpace") == "/DeviceCMYK":
                    pictures.append(obj)
        # The picture made from the original: of those of its shape (the cover art is cropped
        # to its frame, so compare a figure), the one it matches best.
        ratio = original.width / original.height
        best: tuple[float, list[float], Image.Image, Image.Image] | None = None
        for obj in pictures:
            if abs(obj["/Width"] / obj["/Height"] - ratio) > 0.02:
                continue
            cmyk = Image.open(io.BytesIO(obj.get_data()))
            scaled = original.resize(cmyk.size, Image.Resampling.LANCZOS)
            printed = _lab_image(cmyk, profile, "CMYK")
            wanted = _lab_image(scaled, srgb, "RGB")
            diffs = sorted(math.dist(x, y) for x, y in zip(wanted, printed, strict=True))
            mean = sum(diffs) / len(diffs)
            if best is None or mean < best[0]:
                best = (mean, diffs, cmyk, scaled)
        if best is None:
            print("picture: no CMYK picture of its shape in the file")
            return 1
        mean, diffs, cmyk, original = best
        print(
            f"picture {cmyk.size[0]}x{cmyk.size[1]}: mean ΔE {mean:.2f}, "
            f"95th percentile {diffs[int(len(diffs) * 0.95)]:.2f}, max {diffs[-1]:.1f}"
        )
        if args.side:
            proof = ImageCms.applyTransform(
                cmyk, ImageCms.buildTransform(profile, srgb, "CMYK", "RGB")
            )
            assert proof is not None
            side = Image.new("RGB", (cmyk.width * 2 + 20, cmyk.height), "white")
            side.paste(original, (0, 0))
            side.paste(proof, (cmyk.width + 20, 0))
            side.thumbnail((1600, 1600))
            side.save(args.side)
            print(f"side by side (original | soft proof under the profile): {args.side}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
