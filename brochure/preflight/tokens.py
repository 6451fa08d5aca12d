"""A PDF content stream as (operands, operator) pairs, read fast.

pypdf's ``ContentStream`` reads a stream a byte at a time, and that was two thirds of the
preflight's time, which runs on every output after every ``make``. Here one regular
expression finds each token; only literal strings and inline images are read by hand.
Operands come out as plain Python values: numbers as ``float``, names as ``str`` (``"/F1"``,
which finds the same key in a pypdf dictionary), strings as the ``bytes`` the file holds,
arrays as ``list`` and dictionaries as ``dict``. An inline image is one
``({"settings": {...}}, b"INLINE IMAGE")`` pair, as pypdf gives it.
"""

from __future__ import annotations

import re
from typing import Any

_DELIM = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_TOKEN = re.compile(  # blanks and comments first, then one token, the commonest kinds first
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"
    rb"(?:(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^" + _DELIM + rb"])"
    rb"|(?P<word>[^" + _DELIM + rb"]+)"
    rb"|(?P<name>/[^" + _DELIM + rb"]*)"
    rb"|(?P<plain>\((?:[^()\\]|\\.)*\))"  # a string with no unescaped parenthesis inside
    rb"|(?P<str>\()"
    rb"|(?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<end>$))",
    re.DOTALL,
)
_STRING_SPECIAL = re.compile(rb"[()\\]")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_OCTAL = re.compile(rb"[0-7]{1,3}")
_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")
_VALUES = {b"true": True, b"false": False, b"null": None}

Operation = tuple[Any, bytes]


class _Dict(list[Any]):
    """A dictionary being read: its keys and values in turn."""


def _name(token: bytes) -> str:
    if b"#" in token:
        token = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), token)
    try:
        return token.decode("utf-8")
    except UnicodeDecodeError:
        return token.decode("latin-1")


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """The string that opened just before ``pos``, and where reading goes on."""
    out = bytearray()
    depth = 1
    while (m := _STRING_SPECIAL.search(data, pos)) is not None:
        out += data[pos : m.start()]
        pos = m.end()
        char = m[0]
        if char == b"\\":
            escaped = data[pos : pos + 1]
            if escaped in _ESCAPES:
                out += _ESCAPES[escaped]
                pos += 1
            elif (octal := _OCTAL.match(data, pos)) is not None:
                out.append(int(octal[0], 8) & 0xFF)
                pos = octal.end()
            elif escaped in (b"\r", b"\n"):  # a line continued: nothing is added
                pos += 2 if data[pos : pos + 2] == b"\r\n" else 1
            else:  # \( \) \\ and any other character stand for themselves
                out += escaped
                pos += 1
        elif char == b"(":
            depth += 1
            out += char
        else:
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out += char
    return bytes(out + data[pos:]), len(data)


def _closed(opened: list[Any]) -> Any:
    if isinstance(opened, _Dict):
        return dict(zip(opened[::2], opened[1::2], strict=False))
    return opened


def operations(data: bytes) -> list[Operation]:
    """Every operator of ``data`` with the operands before it, in order."""
    ops: list[Operation] = []
    stack: list[list[Any]] = [[]]
    pos, end = 0, len(data)
    match = _TOKEN.match
    while pos < end:
        m = match(data, pos)
        if m is None:  # a stray ')' '>' '{' '}': nothing a page draws
            pos += 1
            continue
        pos = m.end()
        kind = m.lastgroup
        top = stack[-1]
        if kind == "num":
            top.append(float(m[kind]))
        elif kind == "word":
            word = m[kind]
            if word in _VALUES:
                top.append(_VALUES[word])
            elif len(stack) > 1:  # an operator inside an array: malformed, kept as a value
                top.append(word.decode("latin-1"))
            elif word == b"ID":  # inline image data: from one blank after ID to a blank + EI
                settings = _closed(_Dict(top))
                found = _IMAGE_END.search(data, pos + 1)
                pos = found.end() if found else end
                ops.append(({"settings": settings}, b"INLINE IMAGE"))
                stack = [[]]
            elif word == b"BI":
                stack = [[]]
            else:
                ops.append((top, word))
                stack = [[]]
        elif kind == "plain":
            text = m[kind][1:-1]
            top.append(_literal(text + b")", 0)[0] if b"\\" in text else text)
        elif kind == "name":
            top.append("/" + _name(m[kind][1:]))
        elif kind == "hex":
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", m[kind])
            top.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
        elif kind == "str":
            text, pos = _literal(data, pos)
            top.append(text)
        elif kind == "open":
            stack.append(_Dict() if m[kind] == b"<<" else [])
        elif kind == "close":
            if len(stack) > 1:
                closed = stack.pop()
                stack[-1].append(_closed(closed))
        elif kind == "end":
            break
    return ops
