"""WCAG contrast: refuse brand colours that patients with low vision could not read."""

from __future__ import annotations

AA_TEXT = 4.5
AA_LARGE = 3.0


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two hex colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def nearest_passing(color: str, against: str, ratio: float) -> str | None:
    """The closest darker or lighter shade of ``color`` that reaches ``ratio``
    against ``against``.
    """
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    darker = luminance(against) > 0.18
    for step in range(1, 101):
        t = step / 100
        if darker:
            cand = tuple(round(c * (1 - t)) for c in (r, g, b))
        else:
            cand = tuple(round(c + (255 - c) * t) for c in (r, g, b))
        hex_cand = "#{:02X}{:02X}{:02X}".format(*cand)
        if contrast(hex_cand, against) >= ratio:
            return hex_cand
    return None
