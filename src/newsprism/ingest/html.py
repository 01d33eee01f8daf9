"""HTML pages (.html/.htm): keep the raw HTML for clean, pull title/author/date/site metadata here.

Text extraction (boilerplate removal) is clean's job; ingest only reads what the page declares about
itself, so that a page whose body cannot be extracted still has its provenance.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml.html import HtmlElement

from ..config import Config
from ..model import RawDocument
from .common import read_article_file, sha256_hex
from .decoding import declared_charset, decode_bytes

# Meta tags that carry the publication time with its time of day; trafilatura keeps only the day.
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date.issued",
    "dc.date",
    "pubdate",
    "publishdate",
    "sailthru.date",
)


@dataclass
class HtmlMetadata:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None


def read_html(path: Path, config: Config) -> Iterator[RawDocument]:
    data = read_article_file(path, config.max_article_bytes)
    html = decode_html(data)
    meta = html_metadata(html)
    yield RawDocument(
        origin=str(path),
        format="html",
        raw_hash=sha256_hex(data),
        html=html,
        id=path.stem,
        title=meta.title,
        published=meta.published,
        source=meta.source,
        url=meta.url,
        language=meta.language,
        author=meta.author,
    )


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """Decode a page: the HTTP header's charset wins over the page's own ``<meta charset>``."""
    return decode_bytes(data, declared=http_charset or declared_charset(data[:4096]))


def html_metadata(html: str) -> HtmlMetadata:
    """What the page says about itself; empty fields where it says nothing or cannot be parsed."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return HtmlMetadata()
    # read our own fields first: trafilatura may prune the tree it is given
    published = _published_meta(tree)
    language = _page_language(tree)
    # extensive=False: a date found in the body text is a guess, and dating from text is clean's job
    found = extract_metadata(tree, extensive=False)
    return HtmlMetadata(
        title=found.title or None,
        author=found.author or None,
        published=published or found.date or None,
        source=found.sitename or None,
        url=found.url or None,
        language=language,
    )


def _published_meta(tree: HtmlElement) -> str | None:
    """The most specific declared publication time, e.g. ``article:published_time`` over ``date``."""
    declared: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key in _PUBLISHED_META and content:
            declared.setdefault(key, content)
    for key in _PUBLISHED_META:
        if key in declared:
            return declared[key]
    for node in tree.iter("time"):
        if (node.get("itemprop") or "").lower() == "datepublished" and node.get("datetime"):
            return str(node.get("datetime")).strip()
    return None


def _page_language(tree: HtmlElement) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return lang.strip() if lang and lang.strip() else None
