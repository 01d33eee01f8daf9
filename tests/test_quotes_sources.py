"""Quotes: who PolNeAR-style attribution credits when reports nest or the parse hides the speaker
(outer reports, passive agents, "according to", object stances), on a small fixture of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.model import Article, ArticleAnalysis, Quote
from quotes_helpers import analyse_quotes, quote_containing

FIXTURE = Path(__file__).parent / "fixtures" / "quotes" / "outer_sources.txt"


@pytest.fixture(scope="module")
def analysed() -> tuple[Article, ArticleAnalysis]:
    return analyse_quotes("sources", FIXTURE.read_text(encoding="utf-8"))




def _speaker_text(result: tuple[Article, ArticleAnalysis], quote: Quote) -> str:
    article, _ = result
    assert quote.speaker_start is not None and quote.speaker_end is not None
    return article.text[quote.speaker_start : quote.speaker_end]


@pytest.mark.slow
def test_a_passive_cue_is_spoken_by_its_agent(analysed: tuple) -> None:
    quote = quote_containing(analysed, "keeping interest rates low")
    assert "executives" in _speaker_text(analysed, quote)


@pytest.mark.slow
def test_according_to_credits_the_outer_source(analysed: tuple) -> None:
    quote = quote_containing(analysed, "We will not back down")
    assert quote.cue == "according to"
    assert "Tribune" in _speaker_text(analysed, quote)


@pytest.mark.slow
def test_words_inside_a_report_belong_to_the_reporter(analysed: tuple) -> None:
    quote = quote_containing(analysed, "a complete review of the contract")
    assert quote.cue == "said"
    assert quote.speaker is not None and "Collins" in quote.speaker


@pytest.mark.slow
def test_short_and_one_of_objects_of_stance_verbs(analysed: tuple) -> None:
    tax = quote_containing(analysed, "the tax")
    assert tax.text == "the tax" and tax.cue == "opposed"
    plans = quote_containing(analysed, "one of their favourite plans")
    assert plans.cue == "endorsed" and plans.speaker is not None and "Adams" in plans.speaker


@pytest.mark.slow
def test_a_word_inside_the_quotation_never_speaks_it(analysed: tuple) -> None:
    quote = quote_containing(analysed, "Thanks")
    assert "Thanks" not in _speaker_text(analysed, quote)


@pytest.mark.slow
def test_a_short_quoted_sentence_continues_the_previous_speaker(analysed: tuple) -> None:
    first = quote_containing(analysed, "There was a mistake")
    second = quote_containing(analysed, "But was it a crime?")
    assert second.kind == "direct"
    assert (second.speaker_start, second.cue) == (first.speaker_start, first.cue)
