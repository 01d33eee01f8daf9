from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsprism.ingest.sniff import describe_suffix, format_by_content, format_by_name, is_warc


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("a.txt", "txt"),
        ("a.HTML", "html"),
        ("a.htm", "html"),
        ("a.jsonl", "json"),
        ("a.json", "json"),
        ("a.rss", "feed"),
        ("a.atom", "feed"),
        ("a.xml", "feed"),
        ("crawl.warc", "warc"),
        ("crawl.warc.gz", "warc"),
        ("a.gz", None),
        ("README", None),
    ],
)
def test_format_by_name(name: str, fmt: str | None) -> None:
    assert format_by_name(Path(name)) == fmt


@pytest.mark.parametrize(
    "head, fmt",
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), "warc"),
        (gzip.compress(b"not a warc"), None),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        (b'  \n{"id": 1}', "json"),
        (b"[{}]", "json"),
        (b"Just a line of prose.", None),
        (b"\x00\x01\x02", None),
    ],
)
def test_format_by_content(head: bytes, fmt: str | None) -> None:
    assert format_by_content(head) == fmt


def test_is_warc_rejects_broken_gzip() -> None:
    assert not is_warc(b"\x1f\x8b\x08\x00garbage")


def test_describe_suffix() -> None:
    assert describe_suffix(Path("x.XYZ")) == ".xyz"
    assert describe_suffix(Path("dump.jsonl.gz")) == ".jsonl.gz"
    assert describe_suffix(Path("README")) == "(no extension)"
