"""The learned attribution cues (``newsprism.quote_cues``): gap quotes beside the rules' own."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys

import pytest

from newsprism import entities, quote_cues
from newsprism.config import Config
from newsprism.model import Article, ArticleAnalysis, Quote
from newsprism.quotes import QuoteStage

pytestmark = pytest.mark.skipif(quote_cues.load_model() is None, reason="model file not shipped")


def _quotes(text: str, learned: bool = True) -> list[Quote]:
    article = Article(id="a", text=text, original=text, language="en")
    analysis = ArticleAnalysis(article="a")
    entities.SpacyEntityStage(Config()).process(article, analysis)
    QuoteStage(Config(extra={"quote_cues": learned})).process(article, analysis)
    return analysis.quotes


def _speaker_text(text: str, quote: Quote) -> str | None:
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    return text[quote.speaker_start : quote.speaker_end]


def test_a_stance_adjective_the_rules_miss_becomes_a_quote() -> None:
    text = "Hillary Clinton is upbeat about her chances in Iowa."
    assert _quotes(text, learned=False) == []
    [quote] = _quotes(text)
    assert (quote.text, quote.kind, quote.cue) == ("her chances in Iowa", "indirect", "upbeat")
    assert text[quote.start : quote.end] == quote.text
    assert quote.speaker == "Hillary Clinton" and _speaker_text(text, quote) == "Hillary Clinton"
    assert text[quote.cue_start : quote.cue_end] == "upbeat"


def test_a_first_person_cognition_verb_becomes_a_quote() -> None:
    text = "I recognized that the campaign was in trouble."
    assert _quotes(text, learned=False) == []
    [quote] = _quotes(text)
    assert quote.text == "that the campaign was in trouble" == text[quote.start : quote.end]
    assert _speaker_text(text, quote) == "I" and quote.cue == "recognized"


def test_a_rule_quote_is_kept_and_not_doubled() -> None:
    text = "Viguerie argues Cruz is the most able candidate."
    [quote] = _quotes(text)
    assert quote.text == "Cruz is the most able candidate" == text[quote.start : quote.end]
    assert _speaker_text(text, quote) == "Viguerie"


def test_plain_facts_give_no_quote() -> None:
    assert _quotes("The bridge was closed on Monday after a storm damaged its supports.") == []


def test_learned_quotes_fill_gaps_only() -> None:
    text = (
        "Senator Ted Cruz said the plan would fail.\n\n"
        "Hillary Clinton is upbeat about her chances in Iowa.\n\n"
        "“We will win,” Sanders told reporters."
    )
    rules, combined = _quotes(text, learned=False), _quotes(text)
    assert all(any(r.start == q.start and r.end == q.end for q in combined) for r in rules)
    added = [q for q in combined if not any(r.start == q.start and r.end == q.end for r in rules)]
    assert [q.text for q in added] == ["her chances in Iowa"]
    spans = sorted((q.start, q.end) for q in combined)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert [q.id for q in combined] == [f"a:q{n}" for n in range(1, len(combined) + 1)]


def test_probability_is_the_logistic_of_the_summed_weights(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = quote_cues.CueModel({"w=says": 1.5, "o=PERSON": -0.5}, bias=-0.25, threshold=0.5)
    assert model.probability(["w=says", "o=PERSON", "unseen"]) == pytest.approx(1 / (1 + math.exp(-0.75)))
    path = tmp_path / "cues.json.gz"
    quote_cues.save_model(model, path, note="test")
    assert quote_cues.load_model.__wrapped__(path) == model


def test_a_threshold_of_one_adds_nothing() -> None:
    shipped = quote_cues.load_model()
    strict = quote_cues.CueModel(shipped.weights, shipped.bias, 1.0)
    text = "Hillary Clinton is upbeat about her chances in Iowa."
    article = Article(id="a", text=text, original=text, language="en")
    analysis = ArticleAnalysis(article="a")
    entities.SpacyEntityStage(Config()).process(article, analysis)
    QuoteStage(Config(extra={"quote_cues": strict})).process(article, analysis)
    assert analysis.quotes == []


def test_scoring_needs_no_scikit_learn() -> None:
    code = (
        "import sys; from newsprism import quote_cues; "
        "assert quote_cues.load_model() is not None; assert 'sklearn' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_environment_switch_turns_the_model_off(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "Hillary Clinton is upbeat about her chances in Iowa."
    monkeypatch.setenv("NEWSPRISM_QUOTE_CUES", "0")
    article = Article(id="a", text=text, original=text, language="en")
    analysis = ArticleAnalysis(article="a")
    entities.SpacyEntityStage(Config()).process(article, analysis)
    QuoteStage(Config()).process(article, analysis)
    assert analysis.quotes == []
