"""Events on the bundled demo corpus: the River Vell negotiation rounds are separate occurrences."""

from __future__ import annotations

import pytest

from newsprism.clean import clean_document
from newsprism.config import Config
from newsprism.demo import demo_path, load_expected
from newsprism.events import EventStage
from newsprism.model import Article, Dossier, RawDocument
from newsprism.pipeline import read_inputs

pytestmark = pytest.mark.slow  # encodes with the sentence encoder

VELL_ROUNDS = {"vell-round-1", "vell-round-2", "vell-signing"}


@pytest.fixture(scope="module")
def demo_events() -> tuple[Dossier, dict[str, str], dict[str, Article]]:
    """The demo's events, and each article's gold event (matched by id, else by url as the gold file says)."""
    config = Config()
    articles = [
        clean_document(doc, config)
        for doc in read_inputs([demo_path()], config)
        if isinstance(doc, RawDocument)
    ]
    expected = load_expected()
    by_url = {entry["url"]: entry["event"] for entry in expected["articles"] if entry["url"]}
    by_id = {entry["id"]: entry["event"] for entry in expected["articles"]}
    gold = {a.id: by_id.get(a.id) or by_url.get(a.url or "", "?") for a in articles}
    dossier = Dossier(articles=articles)
    EventStage(config).update(dossier, [a.id for a in articles])
    return dossier, gold, {a.id: a for a in articles}


def test_every_demo_article_in_exactly_one_event(demo_events: tuple) -> None:
    dossier, gold, _ = demo_events
    placed = sorted(a for event in dossier.events for a in event.articles)
    assert placed == sorted(gold)


def test_no_event_mixes_dated_articles_of_two_vell_rounds(demo_events: tuple) -> None:
    dossier, gold, articles = demo_events
    for event in dossier.events:
        rounds = {gold[a] for a in event.articles if gold[a] in VELL_ROUNDS and articles[a].published}
        assert len(rounds) <= 1, (event.id, rounds)


def test_the_treaty_signing_is_one_event_of_its_four_reports(demo_events: tuple) -> None:
    dossier, gold, _ = demo_events
    signing = [event for event in dossier.events if any(gold[a] == "vell-signing" for a in event.articles)]
    assert len(signing) == 1
    assert sorted(gold[a] for a in signing[0].articles) == ["vell-signing"] * 4
