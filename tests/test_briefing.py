"""Briefings on the hand-built seed dossier: extractive, cited, no opinion, disagreements named."""

from __future__ import annotations

import pytest

from fixtures.briefing.seed_dossier import SEEDS, build_seed_dossier
from newsprism.briefing import (
    DIFFER_FRAME,
    BriefingStage,
    fallback_sentences,
    is_quote_only,
    is_reporting_sentence,
    verify_citations,
)
from newsprism.config import Config
from newsprism.model import Dossier


@pytest.fixture(scope="module")
def briefed() -> Dossier:
    if not SEEDS.exists():
        pytest.skip(f"seed articles not found at {SEEDS}")
    dossier = build_seed_dossier()
    BriefingStage(Config()).update(dossier, [a.id for a in dossier.articles])
    return dossier


def test_fallback_sentences_are_exact_spans() -> None:
    text = "KYIV - Talks began. “We are ready,” he said.\nNext line here!"
    spans = fallback_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "KYIV - Talks began.",
        "“We are ready,” he said.",
        "Next line here!",
    ]


def test_quote_only_lines_and_questions_are_not_reporting() -> None:
    assert is_quote_only("“It is time to stop this ridiculous War, where there has been massive DEATH.”")
    assert not is_quote_only("“It is time to stop this ridiculous war,” Trump said in a post on Wednesday.")
    assert not is_reporting_sentence(
        "How does Trump not see that Putin knows how to get what he wants from him?"
    )
    assert not is_reporting_sentence("Shifting U.S. Stance on Ukraine")


@pytest.mark.slow
def test_one_briefing_per_event_with_5_to_8_sentences(briefed: Dossier) -> None:
    assert [b.event for b in briefed.briefings] == ["e-feb", "e-may"]
    for briefing in briefed.briefings:
        assert 5 <= len(briefing.sentences) <= 8


@pytest.mark.slow
def test_every_sentence_is_verifiably_cited(briefed: Dossier) -> None:
    for briefing in briefed.briefings:
        assert verify_citations(briefed, briefing) == []
        for sentence in briefing.sentences:
            for cite in sentence.citations:
                assert briefed.article(cite.article).text[cite.start : cite.end] == cite.text


@pytest.mark.slow
def test_no_sentence_comes_from_an_opinion_flag(briefed: Dossier) -> None:
    flagged = {(f.article, f.start) for f in briefed.opinion}
    for briefing in briefed.briefings:
        for sentence in briefing.sentences:
            for cite in sentence.citations:
                assert not any(
                    f.article == cite.article and f.start <= cite.start < f.end for f in briefed.opinion
                ), (cite.text, flagged)


@pytest.mark.slow
def test_february_briefing_dates_the_call_and_names_the_disagreement(briefed: Dossier) -> None:
    feb = briefed.briefings[0]
    assert "[12 Feb 2025]" in feb.sentences[0].text  # the lead, resolved from "on Wednesday"
    assert "hour and a half" in feb.text
    assert "immediately" in feb.text and "negotiations" in feb.text
    assert "called Ukrainian President Volodymyr Zelenskyy" in feb.text  # Trump then called Zelensky
    assert any(s.text.startswith(DIFFER_FRAME) and len(s.citations) == 2 for s in feb.sentences)
    corroborated = [s for s in feb.sentences if len({c.article for c in s.citations}) >= 2]
    assert len(corroborated) >= 3


@pytest.mark.slow
def test_may_briefing_dates_monday(briefed: Dossier) -> None:
    may = briefed.briefings[1]
    assert "[19 May 2025]" in may.text


def test_unchanged_events_keep_their_briefing() -> None:
    dossier = Dossier()
    stage = BriefingStage(Config(briefing_sentences=20))
    assert stage.limit == 8
    stage.update(dossier, [])
    assert dossier.briefings == []


def test_a_run_with_nothing_new_keeps_every_briefing(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsprism.briefing as briefing_module
    from newsprism.model import Briefing, BriefingSentence, Event, Evidence

    event = Event(id="e1", title="t", articles=["a", "b"])
    kept = Briefing("e1", "A.", [BriefingSentence("A.", [Evidence("a", 0, 2, "A.")])])
    moved = Briefing("e2", "B.", [BriefingSentence("B.", [Evidence("c", 0, 2, "B.")])])
    dossier = Dossier(events=[event, Event(id="e2", title="t", articles=["d"])], briefings=[kept, moved])
    rebuilt: list[str] = []

    def fake_build(_dossier: Dossier, built: Event, *_args: object, **_kwargs: object) -> Briefing:
        rebuilt.append(built.id)
        return Briefing(built.id, "", [])

    monkeypatch.setattr(briefing_module, "build_briefing", fake_build)
    BriefingStage(Config()).update(dossier, [])
    assert dossier.briefings[0] is kept
    assert rebuilt == ["e2"]  # its cited article left the event: rebuilt
