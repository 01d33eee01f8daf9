"""Shared by the quote tests: one text through entities and quotes, and the quote holding a fragment."""

from __future__ import annotations

from newsprism.config import Config
from newsprism.entities import SpacyEntityStage
from newsprism.model import Article, ArticleAnalysis, Quote
from newsprism.quotes import QuoteStage


def analyse_quotes(article_id: str, text: str, **extra: object) -> tuple[Article, ArticleAnalysis]:
    """The entity and quote stages over ``text``; ``extra`` sets optional stages (``quote_filter=False``)."""
    article = Article(id=article_id, text=text, original=text, language="en")
    analysis = ArticleAnalysis(article=article_id)
    SpacyEntityStage(Config()).process(article, analysis)
    QuoteStage(Config(extra=dict(extra))).process(article, analysis)
    return article, analysis


def quote_containing(result: tuple[Article, ArticleAnalysis], fragment: str) -> Quote:
    """The shortest quote holding ``fragment``; its span must be exact."""
    article, analysis = result
    found = [q for q in analysis.quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r}: {[q.text for q in analysis.quotes]}"
    quote = min(found, key=lambda q: len(q.text))
    assert article.text[quote.start : quote.end] == quote.text
    return quote
