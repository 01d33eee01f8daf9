"""Bytes to text without losing anything: BOMs, declared charsets, UTF-8, then legacy code pages.

News files in the wild are mostly UTF-8, but old CMS exports and Windows tools still write
Windows-1252 (curly quotes as 0x93/0x94) or Latin-1, and Cyrillic sites may still serve
Windows-1251. Every path here decodes every byte to some character (no ``errors="ignore"``),
so nothing in the input is silently dropped.
"""

from __future__ import annotations

import codecs
import re

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# WHATWG treats these labels as windows-1252, because real pages labelled Latin-1 use its
# printable 0x80-0x9F characters (curly quotes, dashes, the euro sign).
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"}

# Legacy single-byte code pages of non-Latin scripts we may meet in news (ru/uk/bg, el, ar, he).
_NON_LATIN_CODEPAGES = ["cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp1253", "cp1256", "cp1255"]

_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}
_BINARY_SAMPLE = 8192
_MAX_CONTROL_RATIO = 0.05

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Decode the offending bytes one by one as Windows-1252, or Latin-1 where 1252 leaves a hole."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    chars = [_byte_as_cp1252(byte) for byte in err.object[err.start : err.end]]
    return "".join(chars), err.end


def _byte_as_cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in 1252
        return bytes([byte]).decode("latin-1")


codecs.register_error("newsprism-cp1252", _cp1252_fallback)


def looks_binary(sample: bytes) -> bool:
    """True for content that is not text: NUL bytes or many control characters.

    UTF-16/32 text with a BOM legitimately contains NUL bytes, so it is not binary.
    """
    sample = sample[:_BINARY_SAMPLE]
    if not sample or any(sample.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls / len(sample) > _MAX_CONTROL_RATIO


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or an XML declaration names in the first bytes, if any."""
    match = _XML_ENCODING.search(head[:1024]) or _META_CHARSET.search(head[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: BOM, then a declared charset, then UTF-8, then a legacy code page."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="newsprism-cp1252")
    by_declaration = _decode_declared(data, declared)
    if by_declaration is not None:
        return by_declaration
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # a UTF-8 file with a few stray legacy bytes (a pasted quote): keep the UTF-8, map the strays
        return data.decode("utf-8", errors="newsprism-cp1252")
    return _decode_legacy(data)


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    if not declared:
        return None
    label = declared.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        label = "cp1252"
    try:
        codecs.lookup(label)
    except LookupError:
        return None
    try:
        return data.decode(label)
    except UnicodeDecodeError:
        return None  # the declaration lies (common: "utf-8" on a 1252 page); detect instead


def _mostly_utf8(data: bytes, sample_size: int = 65536, max_errors: int = 64) -> bool:
    """Well-formed UTF-8 multi-byte characters are not rare among the invalid bytes (judged on a sample).

    Legacy text almost never forms a valid UTF-8 sequence by accident, and where it does the mixed
    decoding differs from Windows-1252 only at that one spot; a few stray bytes in UTF-8 text are common.
    """
    sample = data[:sample_size]
    errors = multibyte = pos = 0
    while pos < len(sample) and errors < max_errors:
        try:
            good = sample[pos:].decode("utf-8")
            pos = len(sample)
        except UnicodeDecodeError as err:
            good = sample[pos : pos + err.start].decode("utf-8")
            # an error at the very end of the sample may just be a character cut by the sampling
            if err.reason != "unexpected end of data":
                errors += 1
            pos += err.start + 1
        multibyte += sum(1 for char in good if ord(char) > 0x7F)
    return multibyte > 0 and multibyte * 8 >= errors


def _decode_legacy(data: bytes) -> str:
    """Windows-1252 (Latin-1's printable range and more) unless the bytes look like a non-Latin script."""
    if _high_byte_ratio(data) > 0.4:
        guess = _guess_non_latin(data)
        if guess is not None:
            return guess
    return data.decode("cp1252", errors="newsprism-cp1252")


def _high_byte_ratio(data: bytes) -> float:
    """Share of bytes >= 0x80 among letter-like bytes; Western European text stays well under 0.2."""
    high = sum(1 for byte in data if byte >= 0x80)
    ascii_letters = sum(1 for byte in data if 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A)
    total = high + ascii_letters
    return high / total if total else 0.0


def _guess_non_latin(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes  # a dependency of trafilatura
    except ImportError:  # pragma: no cover - trafilatura always brings it
        return None
    best = from_bytes(data, cp_isolation=_NON_LATIN_CODEPAGES).best()
    return str(best) if best is not None else None
