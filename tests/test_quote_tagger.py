"""The CRF attribution tagger: the shipped model loads and tags what any reader would call an attribution."""

from __future__ import annotations

import pytest

from newsprism import nlp, quote_tagger

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parser():
    pipeline = nlp.spacy_pipeline("en")
    if pipeline is None:
        pytest.skip("no English spaCy pipeline")
    return pipeline


def test_the_shipped_model_loads():
    assert quote_tagger.MODEL_PATH.exists()
    assert quote_tagger.load_tagger() is not None


def test_a_said_sentence_yields_its_content_with_source_and_cue(parser):
    text = 'The senator said the bill would cut taxes for millions of families.\n\n"We will win," Smith said.'
    found = quote_tagger.tag_doc(parser(text))
    contents = [text[a.content[0] : a.content[1]] for a in found]
    assert any("the bill would cut taxes" in c for c in contents), contents
    assert any("We will win" in c for c in contents), contents
    direct = next(a for a in found if "We will win" in text[a.content[0] : a.content[1]])
    assert direct.source is not None and text[direct.source[0] : direct.source[1]] == "Smith"
    assert direct.cue is not None and text[direct.cue[0] : direct.cue[1]] == "said"
    for attribution in found:
        start, end = attribution.content
        assert text[start:end] == text[start:end].strip() and 0 <= start < end <= len(text)
        assert 0.0 <= attribution.confidence <= 1.0


def test_spans_are_offsets_into_the_text(parser):
    text = "Officials warned on Monday that the storm could flood the coast."
    for attribution in quote_tagger.tag_doc(parser(text)):
        for span in (attribution.content, attribution.source, attribution.cue):
            if span is not None:
                assert parser(text).text[span[0] : span[1]] == text[span[0] : span[1]]
                assert text[span[0] : span[1]].strip()


def test_a_plain_sentence_yields_nothing(parser):
    text = "The river runs past the old mill and the bakery on Main Street."
    assert quote_tagger.tag_doc(parser(text)) == []


def test_a_content_broken_by_its_own_cue_is_one_span(parser):
    text = '"We will win," Smith said, "and soon."'
    doc = parser(text)
    indices = quote_tagger.paragraphs(doc)[0]
    words = [doc[i].text for i in indices]
    source, cue = words.index("Smith"), words.index("said")
    labels = ["I-CONTENT"] * len(words)
    labels[0], labels[source], labels[cue], labels[cue + 1], labels[cue + 2] = (
        "B-CONTENT",
        "B-SOURCE",
        "B-CUE",
        "O",
        "B-CONTENT",
    )
    runs = quote_tagger._runs(labels)
    assert [kind for kind, _, _ in runs] == ["CONTENT", "SOURCE", "CUE", "CONTENT"]
    assert quote_tagger._joined_contents(doc, indices, runs) == [(0, len(words))]
    # a plain word between two contents keeps them apart
    labels[cue] = "O"
    apart = quote_tagger._joined_contents(doc, indices, quote_tagger._runs(labels))
    assert len(apart) == 2


def _stage_quotes(text: str, tagger: bool) -> list:
    from newsprism import entities
    from newsprism.config import Config
    from newsprism.model import Article, ArticleAnalysis
    from newsprism.quotes import QuoteStage

    article = Article(id="a", text=text, original=text, language="en")
    analysis = ArticleAnalysis(article="a")
    entities.SpacyEntityStage(Config()).process(article, analysis)
    QuoteStage(Config(extra={"quote_tagger": tagger})).process(article, analysis)
    return analysis.quotes


def test_the_quote_stage_adds_tagged_stances_only_when_asked(parser):
    text = "Ted Cruz is protesting Obama’s executive actions limiting firearms sales by giving away guns.\n"
    assert _stage_quotes(text, tagger=False) == []
    quotes = _stage_quotes(text, tagger=True)
    assert len(quotes) == 1 and quotes[0].kind == "indirect" and quotes[0].cue == "protesting"
    quote = quotes[0]
    assert text[quote.start : quote.end] == quote.text and quote.text.startswith("Obama’s executive actions")
    assert quote.speaker_start is not None and text[quote.speaker_start : quote.speaker_end] == "Ted Cruz"


def test_the_tagger_is_off_by_default(monkeypatch):
    from newsprism.config import Config

    monkeypatch.delenv("NEWSPRISM_QUOTE_TAGGER", raising=False)
    assert not quote_tagger.enabled(Config())
    monkeypatch.setenv("NEWSPRISM_QUOTE_TAGGER", "1")
    assert quote_tagger.enabled(Config())
    assert not quote_tagger.enabled(Config(extra={"quote_tagger": False}))
