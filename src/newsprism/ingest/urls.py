"""http(s) URLs as inputs: a page becomes one document, a feed its items. The only reader that networks.

Fetching is explicit (a URL given on the command line, pasted in the web page, or watched): nothing
else in newsprism opens a connection.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

from ..config import Config
from ..model import RawDocument, SkippedInput
from .common import sha256_hex
from .html import decode_html, html_metadata

Item = RawDocument | SkippedInput
TIMEOUT_S = 20.0
USER_AGENT = "newsprism/0.1 (+offline news dossier tool)"


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def fetch(url: str, limit: int, timeout: float = TIMEOUT_S) -> tuple[bytes, str]:
    """The body and content type of ``url``; ValueError or OSError with a one-line reason otherwise."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read(limit + 1)
        content_type = response.headers.get("Content-Type", "") or ""
    if len(body) > limit:
        raise ValueError(f"larger than {limit // (1024 * 1024)} MB")
    if not body.strip():
        raise ValueError("empty response")
    return body, content_type


def fetch_error(err: Exception) -> str:
    """One line: "HTTP 404 Not Found", "timed out", "Name or service not known"…"""
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    reason: Any = getattr(err, "reason", None) or err
    return str(reason).splitlines()[0] if str(reason) else type(err).__name__


def looks_like_feed(body: bytes, content_type: str) -> bool:
    head = body[:1024].lstrip().lower()
    return any(k in content_type for k in ("rss", "atom", "/xml")) or head.startswith(b"<?xml") or (
        b"<rss" in head or b"<feed" in head
    )


def read_url(url: str, config: Config) -> Iterator[Item]:
    try:
        body, content_type = fetch(url, config.max_article_bytes)
    except (OSError, ValueError) as err:
        yield SkippedInput(url, f"not fetched: {fetch_error(err)}")
        return
    if looks_like_feed(body, content_type):
        yield from _feed_items(url, body)
        return
    charset = content_type.split("charset=")[-1].strip() if "charset=" in content_type else None
    html = decode_html(body, charset)
    meta = html_metadata(html)
    yield RawDocument(
        origin=url,
        format="html",
        raw_hash=sha256_hex(body),
        html=html,
        title=meta.title,
        published=meta.published,
        source=meta.source,
        url=meta.url or url,
        language=meta.language,
        author=meta.author,
    )


def _feed_items(url: str, body: bytes) -> Iterator[Item]:
    import feedparser

    from .feeds import entry_to_document

    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version"):
        yield SkippedInput(url, "XML that is not an RSS/Atom feed")
        return
    channel = parsed.get("feed", {})
    for index, entry in enumerate(parsed.get("entries", []), start=1):
        yield entry_to_document(entry, channel, f"{url}#{index}")
