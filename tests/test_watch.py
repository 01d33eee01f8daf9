"""Continuous ingestion: new files and feed items are added, a restart resumes, bad feeds are reported."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsprism import watch as watch_mod
from newsprism.config import Config
from newsprism.store import open_store

CONFIG = Config(article_stages=(), collection_stages=())

RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour Wire</title><link>http://127.0.0.1/</link><description>d</description>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>http://127.0.0.1/{slug}</link><guid>{slug}</guid>
<pubDate>Mon, 10 Mar 2025 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item>"""


def item(slug: str, title: str) -> str:
    body = f"{title}. Dock workers in Vetra said the strike would continue until the talks resume."
    return ITEM.format(slug=slug, title=title, body=body)


class FeedServer:
    """A feed on 127.0.0.1 whose items the test changes; also serves HTML and a hanging URL."""

    def __init__(self) -> None:
        self.items = [item("one", "Strike enters second day")]
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/slow":
                    time.sleep(3)
                if self.path == "/html":
                    body, kind = b"<!doctype html><html><body>Not a feed</body></html>", "text/html"
                else:
                    body, kind = RSS.format(items="\n".join(server.items)).encode(), "application/rss+xml"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


def test_new_files_are_added_and_a_restart_resumes(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "w.sqlite"
    (inbox / "a.txt").write_text("Dock workers in Vetra walked out on Monday over pay.\n")
    with open_store(db) as store:
        first = watch_mod.poll_once([str(inbox)], store, CONFIG, tmp_path / "spool")
    assert first.added == ["a"]
    # "restart": a new process opens the same store; only the new file is read
    (inbox / "b.txt").write_text("The port authority said talks with the union would resume on Friday.\n")
    (inbox / "draft.txt.part").write_text("half written")
    with open_store(db) as store:
        second = watch_mod.poll_once([str(inbox)], store, CONFIG, tmp_path / "spool")
        assert second.added == ["b"] and second.read == 1 and second.unchanged == []
        assert sorted(store.article_ids()) == ["a", "b"]
        third = watch_mod.poll_once([str(inbox)], store, CONFIG, tmp_path / "spool")
        assert third.read == 0


def test_a_crash_before_the_state_is_saved_doubles_nothing(tmp_path: Path, monkeypatch) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Dock workers in Vetra walked out on Monday over pay.\n")
    db = tmp_path / "w.sqlite"
    with open_store(db) as store:
        monkeypatch.setattr(watch_mod.WatchState, "save", lambda self, store: None)  # "killed" before saving
        watch_mod.poll_once([str(inbox)], store, CONFIG, tmp_path / "spool")
        monkeypatch.undo()
        again = watch_mod.poll_once([str(inbox)], store, CONFIG, tmp_path / "spool")
        assert again.unchanged == ["a"] and again.added == []
        assert store.count_articles() == 1


def test_feed_items_are_added_once_and_repeats_are_not_duplicated(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    with open_store(tmp_path / "f.sqlite") as store:
        first = watch_mod.poll_once([feed_server.url + "/feed"], store, CONFIG, tmp_path / "spool")
        assert len(first.added) == 1
        feed_server.items.append(item("two", "Union and port agree to resume talks"))
        second = watch_mod.poll_once([feed_server.url + "/feed"], store, CONFIG, tmp_path / "spool")
        assert len(second.added) == 1 and len(second.unchanged) == 1  # the old item: reported, not stored
        third = watch_mod.poll_once([feed_server.url + "/feed"], store, CONFIG, tmp_path / "spool")
        assert third.read == 0
        assert store.count_articles() == 2


def test_html_instead_of_xml_and_a_timeout_are_reported(
    tmp_path: Path, feed_server: FeedServer, monkeypatch
) -> None:
    monkeypatch.setattr(watch_mod, "FEED_TIMEOUT_S", 0.5)
    monkeypatch.setattr(watch_mod.fetch_feed, "__defaults__", (0.5,))
    sources = [feed_server.url + "/html", feed_server.url + "/slow", feed_server.url + "/feed"]
    with open_store(tmp_path / "f.sqlite") as store:
        report = watch_mod.poll_once(sources, store, CONFIG, tmp_path / "spool")
        reasons = {s.origin.rsplit("/", 1)[1]: s.reason for s in report.skipped}
        assert "HTML" in reasons["html"]
        assert "timed out" in reasons["slow"]
        assert len(report.added) == 1  # the good feed still went in
