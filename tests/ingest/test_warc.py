from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from newsprism.config import Config
from newsprism.ingest import read_paths
from newsprism.ingest.common import sha256_hex
from newsprism.model import RawDocument, SkippedInput

from .conftest import ARTICLE_HTML, WARC_DATE


def _read(path: Path) -> list[RawDocument | SkippedInput]:
    return list(read_paths([path], Config()))


@pytest.mark.parametrize("name, gzip", [("sample.warc.gz", True), ("sample.warc", False)])
def test_html_responses_become_documents(sample_warc: Callable[..., Path], name: str, gzip: bool) -> None:
    path = sample_warc(name, gzip=gzip)
    items = _read(path)
    docs = [item for item in items if isinstance(item, RawDocument)]
    assert [doc.url for doc in docs] == [
        "https://archive.example.com/talks",
        "https://archive.example.com/talks-2",
    ]
    first = docs[0]
    assert first.format == "warc"
    assert first.html == ARTICLE_HTML.decode("utf-8")
    assert first.raw_hash == sha256_hex(ARTICLE_HTML)
    assert first.title == "Talks begin"
    assert first.source == "Archive Times"
    assert first.author == "Sam Reporter"
    assert first.published == WARC_DATE  # the page declares no date: WARC-Date is the fallback
    assert first.id is None
    assert first.origin == f"{path}#3"  # warcinfo and request come first


def test_non_html_and_empty_records_are_counted(sample_warc: Callable[..., Path]) -> None:
    path = sample_warc()
    skipped = [item for item in _read(path) if isinstance(item, SkippedInput)]
    assert [(item.origin, item.reason) for item in skipped] == [
        (f"{path}#4", "non-HTML record (image/png)"),
        (f"{path}#5", "empty record"),
    ]


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_warc_keeps_records_before_the_damage(
    sample_warc: Callable[..., Path], tmp_path: Path, gzip: bool
) -> None:
    whole = sample_warc("whole.warc.gz" if gzip else "whole.warc", gzip=gzip).read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    # cut inside the last record (the second page), well before its end
    cut.write_bytes(whole[: len(whole) - 120])
    items = _read(cut)
    docs = [item for item in items if isinstance(item, RawDocument)]
    assert [doc.url for doc in docs] == ["https://archive.example.com/talks"]
    assert items[-1] == SkippedInput(str(cut), "truncated WARC after 5 records")


def _gzip_member_ends(data: bytes) -> list[int]:
    ends, offset = [], 0
    while data:
        member = zlib.decompressobj(wbits=31)
        member.decompress(data)
        offset += len(data) - len(member.unused_data)
        ends.append(offset)
        data = member.unused_data
    return ends


def test_gzip_cut_in_the_middle_of_the_archive(sample_warc: Callable[..., Path], tmp_path: Path) -> None:
    whole = sample_warc().read_bytes()
    # a cut exactly at a member boundary is a valid shorter archive, not damage
    invisible = set(_gzip_member_ends(whole))
    for cut_at in range(len(whole) // 3, len(whole), 9):
        if cut_at in invisible:
            continue
        cut = tmp_path / "cut.warc.gz"
        cut.write_bytes(whole[:cut_at])
        items = _read(cut)
        assert isinstance(items[-1], SkippedInput), cut_at
        assert items[-1].reason.startswith("truncated WARC after "), (cut_at, items[-1])


def test_a_non_warc_with_warc_extension_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n")
    assert _read(path) == [SkippedInput(str(path), "not a WARC file (no WARC/ record header at the start)")]


def test_a_warc_without_extension_is_sniffed(sample_warc: Callable[..., Path], tmp_path: Path) -> None:
    path = sample_warc("crawl-output", gzip=True)
    docs = [item for item in _read(path) if isinstance(item, RawDocument)]
    assert len(docs) == 2
