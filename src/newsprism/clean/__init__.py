"""RawDocument -> Article: body text, boilerplate out (with reasons), Unicode, language, date, segments.

One module per step, chained here in this order: ``html`` (HTML pages only) -> ``boilerplate`` (which
normalises each kept line with ``normalize``) -> ``segment`` -> ``language`` -> ``dates``.
"""

from __future__ import annotations

import hashlib

from ..config import Config
from ..errors import EmptyInput, TooLargeInput
from ..model import Article, RawDocument
from .boilerplate import remove_boilerplate
from .dates import infer_publication_date
from .language import UNDETERMINED, detect_language
from .normalize import normalize_line, straighten_quotes
from .segment import segment, split_sentences

__all__ = ["clean_document", "segment", "split_sentences", "straighten_quotes"]

# Confidence given to a language the input declared but detection could not confirm.
DECLARED_LANGUAGE_CONFIDENCE = 0.5


def clean_document(raw: RawDocument, config: Config | None = None) -> Article:
    """Clean one document; raises ``EmptyInput`` when nothing but boilerplate is left."""
    config = config or Config()
    _check_size(raw, config)
    original, page_title, page_date = _decoded_body(raw)
    title = normalize_line(raw.title or page_title or "") or None
    body = remove_boilerplate(original, title=title)
    text = "\n".join(body.paragraphs)
    if not text.strip():
        raise EmptyInput(raw.origin, "nothing left after boilerplate removal")
    paragraphs, sentences = segment(text)
    language, language_confidence = _language(text, raw.language, config)
    published = infer_publication_date(raw.published, text, body.removed, page_date, config.languages)
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(
        id=raw.id or content_hash[:16],
        text=text,
        original=original,
        title=title or body.title,
        source=raw.source,
        url=raw.url,
        author=raw.author,
        published=published.value,
        published_how=published.how,
        published_confidence=published.confidence,
        language=language,
        language_confidence=language_confidence,
        removed=body.removed,
        paragraphs=paragraphs,
        sentences=sentences,
        content_hash=content_hash,
        raw_hash=raw.raw_hash,
        origin=raw.origin,
        format=raw.format,
        summary_only=raw.summary_only,
    )


def _check_size(raw: RawDocument, config: Config) -> None:
    body = raw.html if raw.html is not None else raw.text
    # a str takes at most 4 UTF-8 bytes a character: only encode when the limit could be crossed
    if body and len(body) * 4 > config.max_article_bytes:
        size = len(body.encode("utf-8", errors="replace"))
        if size > config.max_article_bytes:
            raise TooLargeInput(raw.origin, f"{size} bytes, over the {config.max_article_bytes}-byte limit")


def _decoded_body(raw: RawDocument) -> tuple[str, str | None, str | None]:
    """(body text before cleaning, page title, page metadata date)."""
    if raw.html is not None and raw.html.strip():
        from .html import extract_html

        page = extract_html(raw.html, raw.origin)
        if not page.text.strip():
            raise EmptyInput(raw.origin, "the HTML page has no text")
        return page.text, page.title, page.date
    if raw.text is None or not raw.text.strip():
        raise EmptyInput(raw.origin, "empty document")
    return raw.text, None, None


def _language(text: str, declared: str | None, config: Config) -> tuple[str, float]:
    language, confidence = detect_language(text, config.languages)
    if language == UNDETERMINED and declared:
        # "en-US" -> "en": the input's own label, unconfirmed
        return declared.split("-")[0].split("_")[0].lower(), DECLARED_LANGUAGE_CONFIDENCE
    return language, confidence
