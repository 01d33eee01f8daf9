"""Web archives (.warc/.warc.gz) via warcio, record by record.

Response (and resource) records with an HTML content type become RawDocuments with the page's own
metadata, the WARC-Target-URI as url and the WARC-Date as a fallback publication date. Every other
response/resource record is counted: it yields a SkippedInput naming why (non-HTML type, empty,
too large). Bookkeeping records (warcinfo, request, metadata, revisit) carry no article and are
passed over silently. A damaged archive yields the records before the damage, then one SkippedInput.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import MalformedInput, UnreadableInput
from ..model import RawDocument, SkippedInput
from .common import check_not_empty, file_size, format_mb, read_head, sha256_hex
from .html import decode_html, html_metadata
from .sniff import is_warc

_CONTENT_RECORDS = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")

Item = RawDocument | SkippedInput


def read_warc(path: Path, config: Config) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    size = file_size(path)
    check_not_empty(path, size)
    if not is_warc(read_head(path, 1024)):
        raise MalformedInput(str(path), "not a WARC file (no WARC/ record header at the start)")
    try:
        handle = path.open("rb")
    except FileNotFoundError as err:
        raise UnreadableInput(str(path), "file vanished") from err
    with handle:
        archive = ArchiveIterator(handle)
        read = 0  # records read intact, whatever their type
        end_of_intact = 0
        records = iter(archive)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception:  # warcio raises many kinds on damaged input; all mean the same here
                yield _truncated(path, read)
                return
            item = _record_to_item(record, f"{path}#{read + 1}", config.max_article_bytes)
            try:
                end_of_intact = archive.get_record_offset() + archive.get_record_length()
            except Exception:
                yield _truncated(path, read)
                return
            if _block_cut_short(record) or _gzip_member_cut_short(archive):
                yield _truncated(path, read)
                return
            read += 1
            if item is not None:
                yield item
        if _has_trailing_damage(handle, end_of_intact):
            yield _truncated(path, read)


def _record_to_item(record: Any, origin: str, limit: int) -> Item | None:
    if record.rec_type not in _CONTENT_RECORDS:
        return None
    content_type = _content_type(record)
    if content_type not in _HTML_TYPES:
        return SkippedInput(origin, f"non-HTML record ({content_type or 'no content type'})")
    try:
        payload = record.content_stream().read(limit + 1)
    except Exception as err:  # a broken HTTP chunked/gzip body inside an intact record
        return SkippedInput(origin, f"undecodable HTTP body: {type(err).__name__}")
    if len(payload) > limit:
        return SkippedInput(origin, f"too large: record over {format_mb(limit)} per-article limit")
    if not payload.strip():
        return SkippedInput(origin, "empty record")
    html = decode_html(payload, http_charset=_charset(record))
    meta = html_metadata(html)
    return RawDocument(
        origin=origin,
        format="warc",
        raw_hash=sha256_hex(payload),
        html=html,
        title=meta.title,
        published=meta.published or record.rec_headers.get_header("WARC-Date"),
        source=meta.source,
        url=record.rec_headers.get_header("WARC-Target-URI") or meta.url,
        language=meta.language,
        author=meta.author,
    )


def _content_type_header(record: Any) -> str:
    if record.http_headers is not None:
        return record.http_headers.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""


def _content_type(record: Any) -> str:
    return _content_type_header(record).split(";", 1)[0].strip().lower()


def _charset(record: Any) -> str | None:
    for param in _content_type_header(record).split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _block_cut_short(record: Any) -> bool:
    """The record's block ended before its Content-Length, or its header never gave one."""
    unread = getattr(record.raw_stream, "limit", None)
    return unread is None or unread > 0


def _gzip_member_cut_short(archive: Any) -> bool:
    """In a .warc.gz each record is one gzip member; one that never reached its end was cut."""
    decompressor = getattr(archive.reader, "decompressor", None)
    return decompressor is not None and not decompressor.eof


def _has_trailing_damage(handle: Any, end_of_intact: int) -> bool:
    """Bytes after the last intact record that are more than padding: a cut or corrupt record."""
    handle.seek(end_of_intact)
    while chunk := handle.read(65536):
        if chunk.strip(b"\r\n\t \x00"):
            return True
    return False


def _truncated(path: Path, records: int) -> SkippedInput:
    return SkippedInput(str(path), f"truncated WARC after {records} records")
