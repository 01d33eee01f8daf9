"""URLs as inputs: a page on 127.0.0.1 becomes a document, a feed its items, a 404 one clear line."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsprism.ingest import read_paths
from newsprism.model import RawDocument, SkippedInput

PAGE = b"""<!doctype html><html lang="en"><head><title>Dock strike ends</title>
<meta property="og:site_name" content="Harbour Wire"></head>
<body><article><p>Dock workers in Vetra returned to work on Friday after a deal on pay.</p>
</article></body></html>"""
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><link>http://127.0.0.1/</link>
<description>d</description><item><title>One</title><link>http://127.0.0.1/1</link>
<description>The strike ended on Friday.</description></item></channel></rss>"""


@pytest.fixture
def server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            routes = {"/page": (PAGE, "text/html; charset=utf-8"), "/feed": (FEED, "application/rss+xml")}
            if self.path not in routes:
                self.send_error(404)
                return
            body, kind = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_a_feed_and_a_missing_url(server: str) -> None:
    items = list(read_paths([f"{server}/page", f"{server}/feed", f"{server}/missing"]))
    page, item, missing = items
    assert isinstance(page, RawDocument) and page.format == "html" and page.title == "Dock strike ends"
    assert page.url == f"{server}/page" and page.html and "Vetra" in page.html
    assert isinstance(item, RawDocument) and item.format == "feed" and item.summary_only
    assert isinstance(missing, SkippedInput) and "404" in missing.reason and "\n" not in missing.reason
