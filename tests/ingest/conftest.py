"""Fixtures for the ingest tests: the committed sample files and a WARC builder."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"

ARTICLE_HTML = (
    b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Talks begin</title>"
    b"<meta property='og:site_name' content='Archive Times'>"
    b"<meta name='author' content='Sam Reporter'></head><body><article>"
    b"<p>Negotiators met on Monday in Geneva. \xe2\x80\x9cWe are hopeful,\xe2\x80\x9d one said.</p>"
    b"</article></body></html>"
)
# the smallest valid PNG header: enough to be an image payload
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
WARC_DATE = "2025-03-03T10:15:00Z"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def _response(writer: WARCWriter, url: str, content_type: str, payload: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(payload),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": WARC_DATE},
    )
    writer.write_record(record)


def write_sample_warc(path: Path, gzip: bool = True) -> Path:
    """warcinfo, an HTML page with its request, a PNG, an empty page, then a second HTML page."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsprism tests"}))
    request = writer.create_warc_record(
        "https://archive.example.com/talks",
        "request",
        payload=io.BytesIO(b"GET /talks HTTP/1.1\r\nHost: archive.example.com\r\n\r\n"),
    )
    writer.write_record(request)
    _response(writer, "https://archive.example.com/talks", "text/html; charset=utf-8", ARTICLE_HTML)
    _response(writer, "https://archive.example.com/logo.png", "image/png", PNG_BYTES)
    _response(writer, "https://archive.example.com/empty", "text/html", b"")
    second = ARTICLE_HTML.replace(b"Talks begin", b"Talks resume").replace(b"Monday", b"Tuesday")
    _response(writer, "https://archive.example.com/talks-2", "text/html", second)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def sample_warc(tmp_path: Path) -> Callable[..., Path]:
    def build(name: str = "sample.warc.gz", gzip: bool = True) -> Path:
        return write_sample_warc(tmp_path / name, gzip=gzip)

    return build
