"""Near-duplicate groups: a wire copy, a re-post with other boilerplate and a truncated copy."""

from __future__ import annotations

from events_helpers import article_from_text, seed_articles
from newsprism.config import Config
from newsprism.duplicates import MinHashDuplicateStage, shingles
from newsprism.model import Dossier


def _dossier() -> Dossier:
    seeds = seed_articles()
    body = seeds[3].text
    wire = article_from_text("wire", body, published="2025-02-13", source="Wire")
    repost = article_from_text(
        "repost",
        "Subscribe to our newsletter for daily updates\n" + body + "\nAll rights reserved. Share this story.",
        published="2025-02-14",
    )
    truncated = article_from_text("short", body[: len(body) // 2], published="2025-02-14")
    original = article_from_text("first", body, published="2025-02-12")
    return Dossier(articles=[*seeds, wire, repost, truncated, original])


def test_copies_form_one_group_with_the_earliest_as_original() -> None:
    dossier = _dossier()
    MinHashDuplicateStage(Config()).update(dossier, [])
    groups = [g for g in dossier.duplicates if any(m.article == "wire" for m in g.members)]
    assert len(groups) == 1
    group = groups[0]
    assert group.original == "first"
    assert {m.article for m in group.members} == {"003", "wire", "repost", "short", "first"}
    assert all(0.8 <= m.similarity <= 1.0 for m in group.members)


def test_different_articles_on_one_event_are_not_duplicates() -> None:
    dossier = Dossier(articles=seed_articles())
    MinHashDuplicateStage(Config()).update(dossier, [])
    assert dossier.duplicates == []


def test_empty_and_tiny_inputs() -> None:
    dossier = Dossier(articles=[article_from_text("a", "Hi."), article_from_text("b", "Hi.")])
    MinHashDuplicateStage(Config()).update(dossier, [])
    assert dossier.duplicates == []
    assert shingles("") == set()
