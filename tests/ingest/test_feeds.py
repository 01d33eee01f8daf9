from __future__ import annotations

from pathlib import Path

from newsprism.config import Config
from newsprism.ingest import read_paths
from newsprism.model import RawDocument, SkippedInput


def _read(path: Path, config: Config | None = None) -> list[RawDocument | SkippedInput]:
    return list(read_paths([path], config))


def test_rss_items_with_full_content_and_a_summary_only_item(fixtures_dir: Path) -> None:
    path = fixtures_dir / "feed_rss.xml"
    full, second, teaser, empty = _read(path)
    assert isinstance(full, RawDocument)
    assert full.format == "feed"
    assert full.origin == f"{path}#1"
    assert full.html == (
        "<p>Leaders agreed on Wednesday to start talks “immediately”, officials said.</p>"
        "<p>The call lasted about ninety minutes.</p>"
    )
    assert full.summary_only is False
    assert full.title == "Leaders agree to start talks"
    assert full.url == "https://wire.example.com/world/talks"
    assert full.author == "Jane Doe"
    assert full.source == "Example Wire"
    assert full.language == "en-us"
    # RFC 822 becomes ISO 8601 with the publisher's own offset, so the local day is kept
    assert full.published == "2025-02-12T23:30:00-05:00"
    assert isinstance(second, RawDocument) and second.published == "2025-02-13T08:00:00+00:00"
    assert isinstance(teaser, RawDocument)
    assert teaser.summary_only is True
    assert teaser.html == "Ministers will meet again next week & discuss the details."
    assert empty == SkippedInput(f"{path}#4", "feed item has neither content nor summary")


def test_atom_entries(fixtures_dir: Path) -> None:
    path = fixtures_dir / "feed_atom.atom"
    html_entry, text_entry = _read(path)
    assert isinstance(html_entry, RawDocument) and isinstance(text_entry, RawDocument)
    assert html_entry.html == "<p>Die Gespräche sollen nächste Woche beginnen.</p>"
    assert html_entry.published == "2025-02-13T08:00:00+01:00"  # published wins over updated
    assert html_entry.author == "Max Mustermann"
    assert html_entry.source == "Beispiel Nachrichten"
    assert html_entry.language == "de"
    assert text_entry.text == "Ein Artikel als reiner Text." and text_entry.html is None
    assert text_entry.published == "2025-02-14T08:00:00Z"  # only <updated>: the best date there is
    assert text_entry.url is None  # an urn: id is not a link


def test_xml_that_is_not_a_feed_is_skipped(fixtures_dir: Path) -> None:
    path = fixtures_dir / "not_a_feed.xml"
    assert _read(path) == [SkippedInput(str(path), "not an RSS/Atom feed (XML root <catalog>)")]


def test_oversized_feed_is_skipped(fixtures_dir: Path) -> None:
    path = fixtures_dir / "feed_rss.xml"
    (item,) = _read(path, Config(max_article_bytes=100))
    assert item == SkippedInput(str(path), "too large: 1.4 KB > 0.5 KB limit for a feed")


def test_feed_with_an_unknown_extension_is_sniffed(fixtures_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "latest.feed"
    path.write_bytes((fixtures_dir / "feed_atom.atom").read_bytes())
    assert [item.format for item in _read(path) if isinstance(item, RawDocument)] == ["feed", "feed"]
