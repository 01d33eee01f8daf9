"""The demo corpus ships whole, parses as its formats, and agrees with its gold file."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from warcio.archiveiterator import ArchiveIterator

from newsprism.demo import demo_path, expected_path, load_expected
from newsprism.demo.make_warc import write_demo_warc

CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
JSONL_FIELDS = {"id", "title", "text", "published", "source", "url", "language"}


def _read_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {record["id"]: record for record in records}


def _feed_items(path: Path) -> dict[str, ET.Element]:
    channel = ET.parse(path).getroot().find("channel")
    assert channel is not None
    return {item.findtext("guid", ""): item for item in channel.findall("item")}


def _item_text(item: ET.Element) -> str:
    return item.findtext(CONTENT_NS) or item.findtext("description") or ""


def _warc_responses(path: Path) -> dict[str, tuple[str, bytes]]:
    """url -> (content type, body) for every response record."""
    found = {}
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                url = record.rec_headers.get_header("WARC-Target-URI")
                found[url] = (record.http_headers.get_header("Content-Type"), record.content_stream().read())
    return found


def _visible_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return load_expected()


@pytest.fixture(scope="module")
def source_texts(expected: dict[str, Any]) -> dict[str, str]:
    """Gold article id -> the article's text as found in its source file (markup stripped)."""
    folder = demo_path()
    texts = {}
    for entry in expected["articles"]:
        path = folder / entry["file"]
        fmt = entry["format"]
        if fmt == "txt":
            texts[entry["id"]] = path.read_text(encoding="utf-8")
        elif fmt == "html":
            texts[entry["id"]] = _visible_text(path.read_text(encoding="utf-8"))
        elif fmt == "jsonl":
            texts[entry["id"]] = _read_jsonl(path)[entry["record"]]["text"]
        elif fmt == "feed":
            texts[entry["id"]] = _visible_text(_item_text(_feed_items(path)[entry["record"]]))
        elif fmt == "warc":
            _, body = _warc_responses(path)[entry["record"]]
            texts[entry["id"]] = _visible_text(body.decode("utf-8"))
    return texts


def test_demo_path_is_a_folder_of_articles_only() -> None:
    folder = demo_path()
    assert folder.is_dir()
    suffixes = Counter("".join(p.suffixes) for p in folder.iterdir())
    assert set(suffixes) == {".txt", ".html", ".jsonl", ".xml", ".warc.gz"}
    assert suffixes[".jsonl"] == suffixes[".xml"] == suffixes[".warc.gz"] == 1
    assert expected_path().is_file()


def test_jsonl_records_carry_every_field() -> None:
    records = _read_jsonl(demo_path() / "continental_press_wire.jsonl")
    assert len(records) >= 3
    for record in records.values():
        assert set(record) >= JSONL_FIELDS
        assert record["text"].strip()


def test_feed_is_rss2_with_one_summary_only_item() -> None:
    path = demo_path() / "tech_ledger_feed.xml"
    root = ET.parse(path).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = _feed_items(path)
    assert 3 <= len(items) <= 4
    summary_only = [guid for guid, item in items.items() if item.find(CONTENT_NS) is None]
    assert summary_only == ["tl-20240411-lumetra-shutdown"]
    assert all(item.findtext("pubDate") for item in items.values())


def test_warc_holds_html_pages_and_one_image() -> None:
    responses = _warc_responses(demo_path() / "northfield_post_crawl.warc.gz")
    kinds = Counter(ctype.split(";")[0] for ctype, _ in responses.values())
    assert kinds == {"text/html": 3, "image/png": 1}


def test_make_warc_reproduces_the_committed_file(tmp_path: Path) -> None:
    committed = demo_path() / "northfield_post_crawl.warc.gz"
    rebuilt = write_demo_warc(tmp_path / committed.name)
    assert rebuilt.read_bytes() == committed.read_bytes()


@pytest.mark.parametrize("name", sorted(p.name for p in demo_path().glob("*.html")))
def test_html_pages_carry_metadata(name: str) -> None:
    tree = lxml_html.fromstring((demo_path() / name).read_bytes())
    assert tree.findtext(".//title")
    assert tree.xpath("//meta[@property='og:site_name']/@content")
    assert tree.xpath("//meta[@name='author']/@content")


def test_expected_lists_every_article_in_the_corpus(expected: dict[str, Any]) -> None:
    folder = demo_path()
    gold = {(entry["file"], entry["record"]) for entry in expected["articles"]}
    found = {(p.name, None) for p in folder.iterdir() if p.suffix in (".txt", ".html")}
    wire, feed = "continental_press_wire.jsonl", "tech_ledger_feed.xml"
    found |= {(wire, record_id) for record_id in _read_jsonl(folder / wire)}
    found |= {(feed, guid) for guid in _feed_items(folder / feed)}
    warc = _warc_responses(folder / "northfield_post_crawl.warc.gz")
    found |= {("northfield_post_crawl.warc.gz", url) for url, (ctype, _) in warc.items() if "html" in ctype}
    assert gold == found
    assert len(expected["articles"]) == 30


def test_file_articles_are_named_by_their_stem(expected: dict[str, Any]) -> None:
    for entry in expected["articles"]:
        if entry["format"] in ("txt", "html"):
            assert entry["id"] == Path(entry["file"]).stem


def test_every_article_belongs_to_exactly_one_event(expected: dict[str, Any]) -> None:
    ids = [entry["id"] for entry in expected["articles"]]
    assert len(ids) == len(set(ids))
    grouped = [article for event in expected["events"] for article in event["articles"]]
    assert sorted(grouped) == sorted(ids)
    event_ids = {event["id"] for event in expected["events"]}
    assert {e for line in expected["storylines"] for e in line["events"]} == event_ids


def test_expected_references_only_existing_ids(expected: dict[str, Any]) -> None:
    ids = {entry["id"] for entry in expected["articles"]}
    referenced = set(expected["undated"]) | set(expected["summary_only"])
    for group in expected["duplicates"]:
        referenced |= {group["original"], *group["members"]}
    for finding in expected["findings"]:
        referenced |= {span["article"] for span in finding["spans"]}
    for key in ("quotes", "opinion", "relative_dates"):
        referenced |= {item["article"] for item in expected[key]}
    assert referenced <= ids


def test_cited_strings_occur_in_their_articles(
    expected: dict[str, Any], source_texts: dict[str, str]
) -> None:
    cited = [span for finding in expected["findings"] for span in finding["spans"]]
    cited += expected["quotes"] + expected["relative_dates"]
    cited += [{"article": o["article"], "text": s} for o in expected["opinion"] for s in o["sentences"]]
    missing = [(c["article"], c["text"]) for c in cited if c["text"] not in source_texts[c["article"]]]
    assert not missing


def test_articles_are_short_news_length(expected: dict[str, Any], source_texts: dict[str, str]) -> None:
    for entry in expected["articles"]:
        words = len(source_texts[entry["id"]].split())
        low = 60 if entry.get("summary_only") else 150
        # html counts include nav and comments, so the ceiling is loose
        assert low <= words <= 600, (entry["id"], words)


def test_planted_problems_are_present(source_texts: dict[str, str]) -> None:
    assert "three hours" in source_texts["eh_vell_first_round"]
    assert "former minister Ana Ruvic" in source_texts["mv_vell_talks"]
    assert "halves the summer flow" in source_texts["mv_vell_second_round"]
    wire = source_texts["cpa-20240523-vell-treaty-signed"]
    for reprint in ("hg_vell_treaty_signed", "eh_vell_treaty_signed"):
        for paragraph in wire.split("\n\n"):
            assert paragraph in source_texts[reprint]
    truncated = source_texts["np_vell_treaty_signed"]
    assert wire.split("\n\n")[0] in truncated and wire.split("\n\n")[-1] not in truncated
