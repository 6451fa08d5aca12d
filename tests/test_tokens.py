"""The preflight's content-stream reader: what a page's operators and operands are."""

from __future__ import annotations

from brochure.preflight.tokens import operations


def test_operators_come_with_their_operands_as_plain_values() -> None:
    """This test ensures numbers, names, strings, arrays and dictionaries reach the
    interpreter as the values the file means, each with the operator that follows them."""
    stream = (
        b"q 1 0 0 1 72 -36.5 cm % a comment ( not a string\n"
        b"/Span <</ActualText (x) /MCID 3 /On true /Off null>> BDC\n"
        b"BT /F#201 12 Tf .5 Tc [(Hel) -120 <48656C6C> (o)] TJ ET EMC Q"
    )
    assert operations(stream) == [
        ([], b"q"),
        ([1.0, 0.0, 0.0, 1.0, 72.0, -36.5], b"cm"),
        (["/Span", {"/ActualText": b"x", "/MCID": 3.0, "/On": True, "/Off": None}], b"BDC"),
        ([], b"BT"),
        (["/F 1", 12.0], b"Tf"),
        ([0.5], b"Tc"),
        ([[b"Hel", -120.0, b"Hell", b"o"]], b"TJ"),
        ([], b"ET"),
        ([], b"EMC"),
        ([], b"Q"),
    ]


def test_string_escapes_and_balanced_parentheses() -> None:
    """This test ensures a string keeps balanced parentheses, turns escapes into their bytes
    (octal, named, an escaped line end that continues the line) and an odd hex digit into a
    trailing zero."""
    stream = b"(a (b) c) Tj (\\(x\\)\\n\\101\\0537\\\\\\\nz) Tj <414> Tj"
    assert operations(stream) == [
        ([b"a (b) c"], b"Tj"),
        ([b"(x)\nA+7\\z"], b"Tj"),
        ([b"A@"], b"Tj"),
    ]


def test_an_inline_image_is_one_operation_with_its_settings() -> None:
    """This test ensures an inline image's binary data, even bytes that look like operators,
    is skipped as one operation carrying its settings, and reading goes on after EI."""
    stream = b"q BI /W 2 /H 3 /BPC 8 /CS /G ID \x00EI(\xff) Tj\nEI Q 0 0 m"
    assert operations(stream) == [
        ([], b"q"),
        ({"settings": {"/W": 2.0, "/H": 3.0, "/BPC": 8.0, "/CS": "/G"}}, b"INLINE IMAGE"),
        ([], b"Q"),
        ([0.0, 0.0], b"m"),
    ]
