from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from newsprism.config import Config
from newsprism.ingest import read_paths
from newsprism.ingest.common import sha256_hex
from newsprism.model import RawDocument, SkippedInput

BENCHMARKS = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks"


def _read(path: Path, config: Config | None = None) -> list[RawDocument | SkippedInput]:
    return list(read_paths([path], config))


def test_event_benchmark_lines_with_malformed_lines_amid_good_ones(fixtures_dir: Path) -> None:
    path = fixtures_dir / "events_sample.jsonl"
    items = _read(path)
    summary = [(item.origin.rsplit("#", 1)[1], type(item).__name__) for item in items]
    assert summary == [
        ("1", "RawDocument"),
        ("2", "RawDocument"),
        ("line 4", "SkippedInput"),  # line 3 is blank: not a record, not an error
        ("5", "RawDocument"),
        ("6", "SkippedInput"),
        ("7", "SkippedInput"),
        ("8", "RawDocument"),
    ]
    first, second, broken, fourth, array, bodiless, html_only = items
    assert isinstance(first, RawDocument)
    assert first.id == "wire_001"
    assert first.title == "Ceasefire talks open in Geneva"
    assert first.published == "2025-03-03"
    assert first.source == "Example Wire"
    assert first.url == "https://wire.example.com/001"
    assert first.format == "jsonl"
    assert first.text is not None and first.text.startswith("Delegations from both sides met in Geneva")
    raw_line = path.read_bytes().splitlines()[0]
    assert first.raw_hash == sha256_hex(raw_line)
    assert isinstance(second, RawDocument) and second.title is None and second.published is None
    assert isinstance(broken, SkippedInput)
    assert broken.origin == f"{path}#line 4"
    assert broken.reason.startswith("invalid JSON: Unterminated string")
    assert isinstance(fourth, RawDocument) and fourth.id == "4"
    assert array == SkippedInput(f"{path}#6", "not a JSON object but an array")
    assert bodiless == SkippedInput(f"{path}#7", "record has no text or html")
    assert isinstance(html_only, RawDocument)
    assert html_only.html is not None and html_only.text is None
    assert html_only.source == "Daily Example"
    assert html_only.language == "en"


def test_real_event_benchmark_file_reads_cleanly() -> None:
    source = BENCHMARKS / "events" / "ecbplus_train.jsonl"
    if not source.is_file():
        pytest.skip(f"benchmark data not found at {source} (../shared is not part of the repo)")
    items = _read(source)
    assert all(isinstance(item, RawDocument) for item in items)
    assert len(items) == sum(1 for line in source.open("rb") if line.strip())


def test_json_array(fixtures_dir: Path) -> None:
    path = fixtures_dir / "array.json"
    items = _read(path)
    assert [item.origin for item in items] == [f"{path}#{n}" for n in (1, 2, 3, 4)]
    first, second, number, fourth = items
    assert isinstance(first, RawDocument) and first.id == "arr_1" and first.published == "2025-03-01"
    assert isinstance(second, RawDocument) and second.html == "<p>The second article, in HTML.</p>"
    assert number == SkippedInput(f"{path}#3", "not a JSON object but a number")
    assert isinstance(fourth, RawDocument)
    assert fourth.text == "The fourth, after a number that is not a record."


def test_single_pretty_printed_object(fixtures_dir: Path) -> None:
    (doc,) = _read(fixtures_dir / "single.json")
    assert isinstance(doc, RawDocument)
    assert doc.id == "single_1" and doc.language == "en"


def test_text_wins_over_html_when_a_record_has_both(tmp_path: Path) -> None:
    path = tmp_path / "both.jsonl"
    path.write_text(json.dumps({"text": "Extracted body.", "html": "<p>Extracted body.</p>"}) + "\n")
    (doc,) = _read(path)
    assert isinstance(doc, RawDocument)
    assert (doc.text, doc.html) == ("Extracted body.", None)


def test_broken_json_array_keeps_the_records_before(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "a", "text": "first"}, {"id": "b", "text": "second"}, {"id": "c", "text": ')
    items = _read(path)
    assert [getattr(item, "id", None) for item in items[:2]] == ["a", "b"]
    assert isinstance(items[2], SkippedInput)
    assert items[2].reason.startswith("malformed JSON array at record 3")


def test_array_elements_split_across_read_chunks(tmp_path: Path) -> None:
    # long texts and long numbers: element and number boundaries land inside the 64 KB read chunks
    records = [{"id": str(n), "text": "word " * (n * 997 % 40_000 + 1), "n": 123456789} for n in range(60)]
    path = tmp_path / "chunks.json"
    path.write_text(json.dumps(records))
    items = _read(path)
    assert [item.id for item in items if isinstance(item, RawDocument)] == [str(n) for n in range(60)]


def test_malformed_pretty_json_is_one_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "id": "x",\n  "text": "never closed"\n')
    (item,) = _read(path)
    assert isinstance(item, SkippedInput)
    assert item.origin == str(path)
    assert item.reason.startswith("invalid JSON:")


def test_not_json_at_all(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text("<html>oops</html>")
    assert _read(path) == [SkippedInput(str(path), "not JSON: starts with '<'")]


def test_overlong_line_is_skipped_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    lines = [{"id": "a", "text": "short"}, {"id": "b", "text": "x" * 5000}, {"id": "c", "text": "short"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    items = _read(path, Config(max_article_bytes=1024))
    assert [getattr(item, "id", None) for item in items] == ["a", None, "c"]
    assert items[1] == SkippedInput(f"{path}#line 2", "too large: record over 1.0 KB")


@pytest.mark.slow
def test_jsonl_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    text = "Officials said the talks would resume next week, according to a statement. " * 4
    with path.open("w", encoding="utf-8") as handle:
        for n in range(50_000):
            record = {"id": f"doc{n}", "title": f"Story {n}", "source": "Wire", "text": text}
            handle.write(json.dumps(record) + "\n")
    file_size = path.stat().st_size
    assert file_size > 15_000_000
    tracemalloc.start()
    try:
        count = sum(1 for item in read_paths([path]) if isinstance(item, RawDocument))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 50_000
    assert peak < file_size / 20, f"peak {peak} bytes for a {file_size}-byte file"


@pytest.mark.slow
def test_json_array_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    text = "Officials said the talks would resume next week. " * 8
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[\n")
        for n in range(20_000):
            handle.write(("," if n else "") + json.dumps({"id": f"doc{n}", "text": text}) + "\n")
        handle.write("]\n")
    file_size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for item in read_paths([path]) if isinstance(item, RawDocument))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < file_size / 20, f"peak {peak} bytes for a {file_size}-byte file"
