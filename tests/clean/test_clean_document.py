"""clean_document end to end: HTML through trafilatura, plain text, errors, identity."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from newsprism.clean import clean_document
from newsprism.config import Config
from newsprism.errors import EmptyInput, TooLargeInput
from newsprism.model import RawDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"


def _text_document(text: str, **metadata: str) -> RawDocument:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return RawDocument(origin="memory.txt", format="txt", raw_hash=digest, text=text, **metadata)


@pytest.fixture(scope="module")
def page() -> RawDocument:
    html = (FIXTURES / "page.html").read_text(encoding="utf-8")
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return RawDocument(origin="page.html", format="html", raw_hash=digest, html=html, source="Example")


def test_html_keeps_the_body_and_drops_the_chrome(page: RawDocument) -> None:
    article = clean_document(page)
    assert "Vice President JD Vance and Secretary of State Marco Rubio" in article.text
    assert "“We want to see peace, and we want to see it quickly,” a senior official" in article.text
    assert "Dr. Anna Weber, a researcher in Berlin" in article.text
    for chrome in ("Subscribe", "Privacy policy", "All rights reserved", "terrible idea", "3 Comments"):
        assert chrome not in article.text
        assert chrome not in article.original  # trafilatura never extracted it


def test_html_metadata_fills_title_and_date(page: RawDocument) -> None:
    article = clean_document(page)
    assert article.title == "Talks to begin in Munich"
    assert (article.published, article.published_how) == ("2025-02-13", "metadata")
    assert article.language == "en"
    assert article.source == "Example"
    # the <h1> repeats the title at the top of the extracted text
    assert article.removed[0].reason == "repeated_title"
    assert not article.text.startswith("Talks to begin in Munich")


def test_html_without_main_content_falls_back_to_lxml() -> None:
    sentence = "Kyiv said on Monday that the talks would begin in Munich."
    html = f"<html><body><div><span>{sentence}</span></div></body></html>"
    raw = RawDocument(origin="tiny.html", format="html", raw_hash="0", html=html)
    article = clean_document(raw)
    assert article.text == sentence


def test_all_boilerplate_document_is_empty_input() -> None:
    with pytest.raises(EmptyInput) as caught:
        clean_document(_text_document("Share\n\nPost a Comment\nAdvertisement\nPrevious Post Next Post\n"))
    assert str(caught.value).startswith("memory.txt: ")


def test_empty_document_is_empty_input() -> None:
    with pytest.raises(EmptyInput):
        clean_document(_text_document("  \n\t\n"))
    with pytest.raises(EmptyInput):
        clean_document(RawDocument(origin="none", format="jsonl", raw_hash="0"))


def test_too_large_document() -> None:
    config = Config(max_article_bytes=100)
    with pytest.raises(TooLargeInput):
        clean_document(_text_document("The talks began on Monday, officials said. " * 10), config)


def test_text_is_normalised_but_quotes_are_kept() -> None:
    text = "Cafe\u0301 owners   in Kyiv said\u00a0“peace\u200b now”.\x07\nIt\u2019s late."
    article = clean_document(_text_document(text))
    assert article.text == "Café owners in Kyiv said “peace now”.\nIt’s late."
    assert article.original == text


def test_ids_hash_and_metadata() -> None:
    text = "Kyiv said on Monday that the talks would begin in Munich."
    raw = _text_document(text, published="2025-02-12", author="Jane Doe", url="https://example.org/a")
    article = clean_document(raw)
    assert article.id == hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    assert article.content_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert (article.published, article.published_how, article.published_confidence) == (
        "2025-02-12",
        "metadata",
        1.0,
    )
    assert (article.author, article.url, article.raw_hash) == (
        "Jane Doe",
        "https://example.org/a",
        raw.raw_hash,
    )
    assert clean_document(_text_document(text, id="given")).id == "given"


def test_declared_language_is_used_when_detection_is_unsure() -> None:
    article = clean_document(_text_document("Peace talks now", language="en-GB"))
    assert article.language == "en"
    assert article.language_confidence < 1.0


def test_a_headline_alone_is_kept_as_the_body() -> None:
    article = clean_document(_text_document("Peace Talks Begin in Munich"))
    assert article.text == "Peace Talks Begin in Munich"
    assert article.removed == []
