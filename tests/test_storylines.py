"""Storylines link the February and the May Trump–Putin calls."""

from __future__ import annotations

import pytest

from events_helpers import seed_articles
from newsprism.config import Config
from newsprism.events import EventStage
from newsprism.model import Dossier, Event
from newsprism.storylines import StorylineStage


@pytest.mark.slow
def test_seed_events_form_one_storyline() -> None:
    dossier = Dossier(articles=seed_articles())
    EventStage(Config()).update(dossier, [])
    StorylineStage(Config()).update(dossier, [])
    assert len(dossier.storylines) == 1
    storyline = dossier.storylines[0]
    assert sorted(storyline.events) == sorted(e.id for e in dossier.events)
    assert storyline.title and storyline.evidence
    assert "topic similarity" in storyline.evidence[0]


def test_events_are_ordered_in_time_and_unrelated_events_stay_apart() -> None:
    articles = seed_articles()
    may = Event(
        "e-may", "May call", ["001"], "2025-05-19", "2025-05-19", [], ["Trump", "Putin", "Ukraine", "Russia"]
    )
    feb = Event(
        "e-feb",
        "Feb call",
        ["000", "002", "003", "004"],
        "2025-02-12",
        "2025-02-13",
        [],
        ["Trump", "Putin", "Ukraine"],
    )
    dossier = Dossier(articles=articles, events=[may, feb])
    StorylineStage(Config()).update(dossier, [])
    assert [s.events for s in dossier.storylines] == [["e-feb", "e-may"]]
    dossier.events = [may]
    StorylineStage(Config()).update(dossier, [])
    assert dossier.storylines == []
