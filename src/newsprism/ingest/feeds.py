"""RSS and Atom feeds (.xml/.rss/.atom) via feedparser: one RawDocument per item.

An item with full content (``content:encoded``, Atom ``content``) becomes html or text by its type; an
item with only a summary is kept with ``summary_only=True`` so later stages can weigh it. A feed file
is parsed whole, so one larger than five articles' worth is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import MalformedInput
from ..model import RawDocument, SkippedInput
from .common import check_file_size, check_not_empty, file_size, read_bytes, sha256_hex
from .decoding import looks_binary

FEED_SIZE_FACTOR = 5
_XML_ROOT = re.compile(rb"<([A-Za-z_][\w:.-]*)[\s>/]")

Item = RawDocument | SkippedInput


def read_feed(path: Path, config: Config) -> Iterator[Item]:
    import feedparser

    limit = config.max_article_bytes * FEED_SIZE_FACTOR
    size = file_size(path)
    check_not_empty(path, size)
    check_file_size(path, size, limit, "a feed")
    data = read_bytes(path, limit)
    if looks_binary(data):
        raise MalformedInput(str(path), "binary content, not a feed")
    # bytes, not a path: feedparser must never go to the network or guess a URL
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version"):
        raise MalformedInput(str(path), _not_a_feed_reason(data, parsed))
    channel = parsed.get("feed", {})
    for index, entry in enumerate(parsed.get("entries", []), start=1):
        yield entry_to_document(entry, channel, f"{path}#{index}")


def entry_to_document(entry: Any, channel: Any, origin: str) -> Item:
    """One feed item: full content when the item has it, else its summary flagged ``summary_only``."""
    body, body_type, summary_only = _entry_body(entry)
    if body is None:
        return SkippedInput(origin, "feed item has neither content nor summary")
    is_html = body_type in ("text/html", "application/xhtml+xml")
    return RawDocument(
        origin=origin,
        format="feed",
        raw_hash=sha256_hex(body.encode("utf-8")),
        text=None if is_html else body,
        html=body if is_html else None,
        title=_clean(entry.get("title")),
        published=_published(entry),
        source=_source(entry, channel),
        url=_url(entry),
        language=_language(entry, channel),
        author=_clean(entry.get("author")),
        summary_only=summary_only,
    )


def _entry_body(entry: Any) -> tuple[str | None, str, bool]:
    for content in entry.get("content") or []:
        value = content.get("value")
        if value and value.strip():
            return value, content.get("type", "text/html"), False
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary")
    if summary and summary.strip():
        return summary, detail.get("type", "text/html"), True
    return None, "", False


def _published(entry: Any) -> str | None:
    """The item's date as ISO 8601, keeping the publisher's own UTC offset (RSS dates are RFC 822)."""
    raw = _clean(entry.get("published") or entry.get("updated") or entry.get("created"))
    if raw is None:
        return None
    try:
        datetime.fromisoformat(raw)
        return raw
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(raw).isoformat()
    except (TypeError, ValueError, IndexError):
        return raw  # clean's date parser gets the chance to read it


def _source(entry: Any, channel: Any) -> str | None:
    # an aggregator feed names each item's original outlet in <source>
    item_source = entry.get("source") or {}
    return _clean(item_source.get("title")) or _clean(channel.get("title"))


def _url(entry: Any) -> str | None:
    link = _clean(entry.get("link"))
    return link if link and link.startswith(("http://", "https://")) else None


def _language(entry: Any, channel: Any) -> str | None:
    for content in entry.get("content") or []:
        if content.get("language"):
            return str(content["language"])
    return _clean(channel.get("language"))


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _not_a_feed_reason(data: bytes, parsed: Any) -> str:
    root = _XML_ROOT.search(data.lstrip(b"\xef\xbb\xbf")[:4096].split(b"?>", 1)[-1])
    if root:
        return f"not an RSS/Atom feed (XML root <{root.group(1).decode('ascii', 'replace')}>)"
    if parsed.get("bozo"):
        return f"not an RSS/Atom feed: {str(parsed.get('bozo_exception', 'unparsable XML')).splitlines()[0]}"
    return "not an RSS/Atom feed"
