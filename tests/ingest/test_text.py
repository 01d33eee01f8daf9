"""Plain-text files and everything that can be wrong with a file's bytes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsprism.config import Config
from newsprism.ingest import read_paths
from newsprism.ingest.common import sha256_hex
from newsprism.model import RawDocument, SkippedInput


def _only(path: Path, config: Config | None = None) -> RawDocument | SkippedInput:
    (item,) = list(read_paths([path], config))
    return item


def test_seeds_folder_gives_five_documents_with_seed_ids(seeds_dir: Path) -> None:
    docs = list(read_paths([seeds_dir]))
    assert all(isinstance(doc, RawDocument) for doc in docs)
    assert [doc.id for doc in docs] == sorted(path.stem for path in seeds_dir.glob("*.txt"))
    assert len(docs) == 5
    for doc in docs:
        assert isinstance(doc, RawDocument)
        source = Path(doc.origin)
        assert doc.text == source.read_text(encoding="utf-8")
        assert doc.raw_hash == sha256_hex(source.read_bytes())
        assert doc.format == "txt"
        assert doc.title is None  # a headline-like first line is clean's business


def test_windows_1252_curly_quotes_decode_right(fixtures_dir: Path) -> None:
    doc = _only(fixtures_dir / "windows1252.txt")
    assert isinstance(doc, RawDocument)
    assert doc.text == (
        "The minister said \u201cwe will not back down\u201d \u2014 and left the café.\n"
        "It\u2019s over, she said; the bill cost €5.\n"
    )


def test_latin_1_decodes_right(fixtures_dir: Path) -> None:
    doc = _only(fixtures_dir / "latin1.txt")
    assert isinstance(doc, RawDocument)
    expected = "Die Bundesregierung äußerte sich am Dienstag. Größere Schäden wurden gemeldet »später«.\n"
    assert doc.text == expected


def test_invalid_utf8_keeps_the_utf8_and_maps_stray_bytes(fixtures_dir: Path) -> None:
    doc = _only(fixtures_dir / "invalid_utf8.txt")
    assert isinstance(doc, RawDocument)
    assert doc.text == "Kyiv — officials said the naïve plan failed.\nA stray byte: “quoted” and ÿ.\n"


def test_utf8_bom_is_dropped(fixtures_dir: Path) -> None:
    doc = _only(fixtures_dir / "utf8_bom.txt")
    assert isinstance(doc, RawDocument)
    assert doc.text == "Café talks — day one.\n"


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Слава — перемовини тривають.\n".encode("utf-16"))
    doc = _only(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == "Слава — перемовини тривають.\n"


def test_windows_1251_cyrillic_is_recognised(tmp_path: Path) -> None:
    text = (
        "Президент России заявил во вторник, что переговоры с Украиной продолжатся на следующей неделе. "
        "По словам представителя Кремля, разговор длился около полутора часов.\n"
    )
    path = tmp_path / "cp1251.txt"
    path.write_bytes(text.encode("cp1251"))
    doc = _only(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == text


def test_binary_junk_with_txt_extension_is_skipped(fixtures_dir: Path) -> None:
    path = fixtures_dir / "binary.txt"
    assert _only(path) == SkippedInput(str(path), "binary content, not text")


def test_empty_file_is_skipped(fixtures_dir: Path) -> None:
    path = fixtures_dir / "empty.txt"
    assert _only(path) == SkippedInput(str(path), "empty file")


def test_whitespace_only_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n\t\n")
    assert _only(path) == SkippedInput(str(path), "empty file (whitespace only)")


@pytest.mark.parametrize("name", ["huge.txt", "huge.html"])
def test_200_mb_file_is_skipped_without_reading_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk, and reading it would take seconds
    started = time.perf_counter()
    item = _only(path)
    assert time.perf_counter() - started < 0.5
    assert item == SkippedInput(str(path), "too large: 200.0 MB > 20.0 MB per-article limit")


def test_the_limit_comes_from_config(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("x" * 2048)
    item = _only(path, Config(max_article_bytes=1024))
    assert item == SkippedInput(str(path), "too large: 2.0 KB > 1.0 KB per-article limit")
