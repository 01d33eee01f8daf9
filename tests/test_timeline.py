"""Timelines on the hand-built seed dossier: event days from relative dates, mentioned happenings cited."""

from __future__ import annotations

import pytest

from fixtures.briefing.seed_dossier import SEEDS, build_seed_dossier
from newsprism.config import Config
from newsprism.model import Article, Dossier, Event, Sentence
from newsprism.timeline import TimelineStage, verify_timeline


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    if not SEEDS.exists():
        pytest.skip(f"seed articles not found at {SEEDS}")
    built = build_seed_dossier()
    TimelineStage(Config()).update(built, [a.id for a in built.articles])
    return built


def _event_entry(dossier: Dossier, event_id: str):
    return next(t for t in dossier.timeline if t.event == event_id)


def test_february_call_is_dated_12_feb(dossier: Dossier) -> None:
    entry = _event_entry(dossier, "e-feb")
    assert (entry.date, entry.precision, entry.mentioned) == ("2025-02-12", "day", False)
    assert entry.storyline == "s-talks"
    assert {s.text for s in entry.spans} == {"on Wednesday"}


def test_may_call_is_dated_19_may(dossier: Dossier) -> None:
    entry = _event_entry(dossier, "e-may")
    assert (entry.date, entry.precision) == ("2025-05-19", "day")


def test_mentioned_happenings_are_marked_and_cited(dossier: Dossier) -> None:
    mentioned = {(t.date, t.precision) for t in dossier.timeline if t.mentioned}
    assert ("2022-01-01", "year") in mentioned  # the full-scale invasion
    assert ("2014-01-01", "year") in mentioned  # the 2014 annexation
    assert ("2025-05-16", "day") in mentioned  # the Istanbul talks "on Friday"
    assert ("2025-05-18", "day") in mentioned  # Zelensky meets Vance and Rubio in Rome "on Sunday"
    assert verify_timeline(dossier) == []


def test_entries_are_in_date_order(dossier: Dossier) -> None:
    dates = [t.date for t in dossier.timeline if t.storyline == "s-talks"]
    assert dates == sorted(dates)


def test_event_without_dates_falls_back_to_publication_and_own_storyline() -> None:
    text = "Officials confirmed that the bridge reopened to traffic after long repairs."
    article = Article("a1", text, text, published="2024-07-03", sentences=[Sentence(0, len(text), 0)])
    dossier = Dossier(articles=[article], events=[Event("e1", "Bridge reopens", ["a1"])])
    TimelineStage().update(dossier, ["a1"])
    assert len(dossier.timeline) == 1
    entry = dossier.timeline[0]
    assert (entry.date, entry.storyline, entry.spans) == ("2024-07-03", None, [])


def test_no_publication_date_never_guesses_weekdays() -> None:
    text = "The minister resigned on Tuesday after the scandal broke in the capital."
    article = Article("a1", text, text, sentences=[Sentence(0, len(text), 0)])
    dossier = Dossier(articles=[article], events=[Event("e1", "Resignation", ["a1"])])
    TimelineStage().update(dossier, ["a1"])
    assert dossier.timeline == []
