"""The learned quote filter (``newsprism.quote_filter``): quotes PolNeAR would not count are dropped."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsprism import entities, quote_filter
from newsprism.config import Config
from newsprism.model import Article, ArticleAnalysis, Quote
from newsprism.quote_cues import CueModel
from newsprism.quotes import QuoteStage

pytestmark = pytest.mark.skipif(quote_filter.load_model() is None, reason="model file not shipped")

ACTION = "Judicial Watch released the email on Tuesday."
SPEECH = "Senator Ted Cruz said the plan would fail."


def _quotes(text: str, **extra: object) -> list[Quote]:
    article = Article(id="a", text=text, original=text, language="en")
    analysis = ArticleAnalysis(article="a")
    entities.SpacyEntityStage(Config()).process(article, analysis)
    QuoteStage(Config(extra=dict(extra))).process(article, analysis)
    return analysis.quotes


def test_an_action_on_a_thing_is_not_kept_as_a_quote() -> None:
    [rule] = _quotes(ACTION, quote_filter=False)
    assert (rule.kind, rule.cue, rule.text) == ("indirect", "released", "the email")
    assert _quotes(ACTION) == []


def test_a_speech_report_is_kept() -> None:
    [quote] = _quotes(SPEECH)
    assert quote.text == "the plan would fail" and quote.speaker == "Ted Cruz"


def test_a_direct_quotation_with_its_speaker_is_kept() -> None:
    text = "“We will win this state,” Sanders told reporters in Des Moines."
    assert [q.text for q in _quotes(text)] == [q.text for q in _quotes(text, quote_filter=False)]


def test_only_the_kinds_the_model_may_drop_are_judged() -> None:
    text = "“We will win this state,” Sanders told reporters. " + SPEECH
    never = CueModel({}, bias=-10.0, threshold=0.5)  # would drop everything it judges
    kept = _quotes(text, quote_filter=(never, frozenset({"indirect"})))
    assert [q.kind for q in kept] == ["direct"]


def test_the_environment_switch_keeps_every_quote(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEWSPRISM_QUOTE_FILTER", "0")
    assert [q.cue for q in _quotes(ACTION)] == ["released"]


def test_the_model_file_round_trips_with_its_kinds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = CueModel({"k=indirect": 0.5}, bias=0.25, threshold=0.4)
    path = tmp_path / "filter.json.gz"
    quote_filter.save_model(model, ["indirect", "partial"], path, note="test")
    assert quote_filter.load_model.__wrapped__(path) == (model, frozenset({"indirect", "partial"}))


def test_scoring_needs_no_scikit_learn() -> None:
    code = (
        "import sys; from newsprism import quote_filter; "
        "assert quote_filter.load_model() is not None; assert 'sklearn' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
