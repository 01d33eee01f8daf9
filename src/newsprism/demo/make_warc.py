"""Write the demo corpus's small WARC file from the HTML pages in ``warc_src/``.

The committed ``articles/northfield_post_crawl.warc.gz`` is the output of this script; run it again
after editing a page:

    .venv/bin/python -m newsprism.demo.make_warc

The archive holds one ``warcinfo`` record, one ``response`` record per page and one ``response``
record for an image, so that readers must skip records that are not HTML. Record ids and dates are
derived from the URLs, so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import struct
import uuid
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEMO_DIR = Path(__file__).resolve().parent
SOURCE_DIR = DEMO_DIR / "warc_src"
WARC_PATH = DEMO_DIR / "articles" / "northfield_post_crawl.warc.gz"
SITE = "https://www.northfieldpost.example"

# (source file, URL it was "crawled" from, crawl time); dates are a little after publication
PAGES: tuple[tuple[str, str, str], ...] = (
    ("np_harwick_deal.html", f"{SITE}/money/2024/03/28/harwick-deal", "2024-03-28T09:12:00Z"),
    ("np_vell_second_round.html", f"{SITE}/world/2024/04/17/vell-second-round", "2024-04-17T08:03:00Z"),
    ("np_vell_treaty_signed.html", f"{SITE}/world/2024/05/24/vell-treaty-signed", "2024-05-24T07:41:00Z"),
)
IMAGE_URL = f"{SITE}/img/harwick-cranes.png"
IMAGE_DATE = "2024-03-28T09:12:01Z"
CRAWL_INFO = "software: newsprism demo make_warc\r\nformat: WARC File Format 1.0\r\n"


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A small grey-gradient PNG, built by hand so no imaging library is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((x * 32) % 256 for x in range(width)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _record_id(url: str) -> str:
    # uuid5 of the URL keeps ids stable between runs (warcio would draw random ones)
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>"


def _write_response(writer: WARCWriter, url: str, date: str, body: bytes, content_type: str) -> None:
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Record-ID": _record_id(url), "WARC-Date": date},
    )
    writer.write_record(record)


def write_demo_warc(out_path: Path = WARC_PATH) -> Path:
    """Write the demo WARC to ``out_path`` and return it."""
    with out_path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        info = writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(CRAWL_INFO.encode()),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": _record_id(out_path.name),
                "WARC-Date": PAGES[0][2],
                "WARC-Filename": out_path.name,
            },
        )
        writer.write_record(info)
        for name, url, date in PAGES:
            body = (SOURCE_DIR / name).read_bytes()
            _write_response(writer, url, date, body, "text/html; charset=utf-8")
            if name == "np_harwick_deal.html":
                _write_response(writer, IMAGE_URL, IMAGE_DATE, tiny_png(), "image/png")
    return out_path


if __name__ == "__main__":
    print(write_demo_warc())
