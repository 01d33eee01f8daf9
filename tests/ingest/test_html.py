from __future__ import annotations

from pathlib import Path

from newsprism.ingest import read_paths
from newsprism.ingest.common import sha256_hex
from newsprism.ingest.html import html_metadata
from newsprism.model import RawDocument


def _only(path: Path) -> RawDocument:
    (item,) = list(read_paths([path]))
    assert isinstance(item, RawDocument), item
    return item


def test_html_page_keeps_raw_html_and_pulls_metadata(fixtures_dir: Path) -> None:
    path = fixtures_dir / "article.html"
    doc = _only(path)
    assert doc.format == "html"
    assert doc.html == path.read_text(encoding="utf-8")
    assert doc.text is None  # extraction is clean's job
    assert doc.raw_hash == sha256_hex(path.read_bytes())
    assert doc.id == "article"
    assert doc.title == "Trump and Putin agree to start Ukraine talks"
    assert doc.author == "Jane Doe"
    assert doc.published == "2025-02-12T18:30:00Z"  # the time of day survives
    assert doc.source == "Example News"
    assert doc.url == "https://news.example.com/world/trump-putin-call"
    assert doc.language == "en"


def test_truncated_html_is_still_read(fixtures_dir: Path) -> None:
    doc = _only(fixtures_dir / "truncated.html")
    assert doc.html is not None and doc.html.endswith("cut in the mid")
    assert doc.title == "Cut short"
    assert doc.author == "Ann Writer"


def test_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = (
        "<html><head><meta charset='windows-1251'><title>Переговоры</title></head>"
        "<body><p>Текст</p></body></html>"
    )
    path = tmp_path / "ru.htm"
    path.write_bytes(page.encode("cp1251"))
    doc = _only(path)
    assert doc.html == page
    assert doc.title == "Переговоры"


def test_a_date_in_the_body_is_not_taken_for_metadata() -> None:
    page = "<html><head><title>T</title></head><body><p>Posted 11 March 2023 by staff.</p></body></html>"
    assert html_metadata(page).published is None


def test_text_without_markup_has_no_metadata() -> None:
    assert html_metadata("just words") == html_metadata("")
