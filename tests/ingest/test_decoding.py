from __future__ import annotations

import pytest

from newsprism.ingest.decoding import declared_charset, decode_bytes, looks_binary


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"plain ascii", "plain ascii"),
        ("caf\u00e9 \u201cok\u201d".encode(), "caf\u00e9 \u201cok\u201d"),
        (b"\x93quoted\x94 \x97 dash", "\u201cquoted\u201d \u2014 dash"),
        (b"caf\xe9", "caf\u00e9"),
        (b"undefined in 1252: \x81", "undefined in 1252: \x81"),  # kept as its Latin-1 code point
    ],
)
def test_decode_never_loses_a_byte(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


def test_declared_latin_1_is_read_as_windows_1252_like_browsers_do() -> None:
    assert decode_bytes(b"\x93hi\x94", declared="ISO-8859-1") == "\u201chi\u201d"


def test_a_lying_declaration_falls_back_to_detection() -> None:
    assert decode_bytes(b"caf\xe9", declared="utf-8") == "caf\u00e9"


def test_an_unknown_declaration_is_ignored() -> None:
    assert decode_bytes("ok \u00e9".encode(), declared="x-no-such-charset") == "ok \u00e9"


def test_declared_charset_from_meta_and_xml() -> None:
    assert declared_charset(b'<html><head><meta charset="Windows-1251">') == "windows-1251"
    assert (
        declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">')
        == "iso-8859-2"
    )
    assert declared_charset(b'<?xml version="1.0" encoding="UTF-8"?><rss>') == "utf-8"
    assert declared_charset(b"<html><body>no declaration</body></html>") is None


@pytest.mark.parametrize(
    "sample, binary",
    [
        (b"text\nwith\ttabs\r\n", False),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
        ("\ufeffutf-16 text".encode("utf-16"), False),
        (b"\x01\x02\x03\x04 mostly control" + b"\x05" * 10, True),
        (b"", False),
    ],
)
def test_looks_binary(sample: bytes, binary: bool) -> None:
    assert looks_binary(sample) is binary
