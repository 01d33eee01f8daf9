"""Which reader a file needs: by extension first, by its first bytes when the extension says nothing."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from .decoding import looks_binary

Format = str  # "txt" | "html" | "json" | "feed" | "warc"

_BY_SUFFIX: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
}

_GZIP_MAGIC = b"\x1f\x8b"
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title)[\s>]", re.IGNORECASE)


def format_by_name(path: Path) -> Format | None:
    """The reader a file name asks for (``.warc.gz`` included), or None."""
    name = path.name.lower()
    if name.endswith((".warc.gz", ".warc.gzip")):
        return "warc"
    return _BY_SUFFIX.get(path.suffix.lower())


def format_by_content(head: bytes) -> Format | None:
    """Guess from the first few KB: WARC, feed, HTML or JSON; None for anything else."""
    if is_warc(head):
        return "warc"
    if head.startswith(_GZIP_MAGIC) or looks_binary(head):
        return None
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"{", b"[")):
        return "json"
    if text.startswith(b"<"):
        if _FEED_ROOT.search(text[:4096]):
            return "feed"
        if _HTML_START.search(text[:4096]):
            return "html"
    return None


def is_warc(head: bytes) -> bool:
    """An uncompressed WARC, or a gzipped one whose first member starts a WARC record."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def describe_suffix(path: Path) -> str:
    suffix = "".join(path.suffixes[-2:]) if path.name.lower().endswith(".gz") else path.suffix
    return suffix.lower() if suffix else "(no extension)"
