"""Quotes: who PolNeAR-style attribution credits when reports nest or the parse hides the speaker
(outer reports, passive agents, "according to", object stances), on a small fixture of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.config import Config
from newsprism.entities import SpacyEntityStage
from newsprism.model import Article, ArticleAnalysis, Quote
from newsprism.quotes import QuoteStage

FIXTURE = Path(__file__).parent / "fixtures" / "quotes" / "outer_sources.txt"


@pytest.fixture(scope="module")
def analysed() -> tuple[Article, ArticleAnalysis]:
    text = FIXTURE.read_text(encoding="utf-8")
    article = Article(id="sources", text=text, original=text, language="en")
    analysis = ArticleAnalysis(article=article.id)
    SpacyEntityStage(Config()).process(article, analysis)
    QuoteStage(Config()).process(article, analysis)
    return article, analysis


def _found(result: tuple[Article, ArticleAnalysis], fragment: str) -> Quote:
    article, analysis = result
    found = [q for q in analysis.quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r}: {[q.text for q in analysis.quotes]}"
    quote = min(found, key=lambda q: len(q.text))
    assert article.text[quote.start : quote.end] == quote.text
    return quote


def _speaker_text(result: tuple[Article, ArticleAnalysis], quote: Quote) -> str:
    article, _ = result
    assert quote.speaker_start is not None and quote.speaker_end is not None
    return article.text[quote.speaker_start : quote.speaker_end]


@pytest.mark.slow
def test_a_passive_cue_is_spoken_by_its_agent(analysed: tuple) -> None:
    quote = _found(analysed, "keeping interest rates low")
    assert "executives" in _speaker_text(analysed, quote)


@pytest.mark.slow
def test_according_to_credits_the_outer_source(analysed: tuple) -> None:
    quote = _found(analysed, "We will not back down")
    assert quote.cue == "according to"
    assert "Tribune" in _speaker_text(analysed, quote)


@pytest.mark.slow
def test_words_inside_a_report_belong_to_the_reporter(analysed: tuple) -> None:
    quote = _found(analysed, "a complete review of the contract")
    assert quote.cue == "said"
    assert quote.speaker is not None and "Collins" in quote.speaker


@pytest.mark.slow
def test_short_and_one_of_objects_of_stance_verbs(analysed: tuple) -> None:
    tax = _found(analysed, "the tax")
    assert tax.text == "the tax" and tax.cue == "opposed"
    plans = _found(analysed, "one of their favourite plans")
    assert plans.cue == "endorsed" and plans.speaker is not None and "Adams" in plans.speaker


@pytest.mark.slow
def test_a_word_inside_the_quotation_never_speaks_it(analysed: tuple) -> None:
    quote = _found(analysed, "Thanks")
    assert "Thanks" not in _speaker_text(analysed, quote)


@pytest.mark.slow
def test_a_short_quoted_sentence_continues_the_previous_speaker(analysed: tuple) -> None:
    first, second = _found(analysed, "There was a mistake"), _found(analysed, "But was it a crime?")
    assert second.kind == "direct"
    assert (second.speaker_start, second.cue) == (first.speaker_start, first.cue)
