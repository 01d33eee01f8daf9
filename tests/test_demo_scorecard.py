"""The demo scorecard's measures, on small hand-made inputs (end-to-end floors: test_demo_gate.py)."""

from __future__ import annotations

from newsprism.demo import load_expected
from newsprism.demo.scorecard import Scorecard, bcubed, gold_ids, score
from newsprism.model import Article, Dossier, Event, Evidence, Finding


def test_bcubed_is_perfect_for_the_same_clustering_under_other_names() -> None:
    assert bcubed({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "1", "c": "2"}) == (1.0, 1.0, 1.0)


def test_bcubed_of_one_lumped_cluster_has_full_recall_and_low_precision() -> None:
    precision, recall, _ = bcubed({"a": "x", "b": "x", "c": "x"}, {"a": "1", "b": "1", "c": "2"})
    assert recall == 1.0 and abs(precision - (2 / 3 * 2 + 1 / 3) / 3) < 1e-9


def test_articles_without_a_gold_id_are_matched_by_url() -> None:
    expected = {"articles": [{"id": "gold-1", "url": "https://x.example/1"}, {"id": "b", "url": None}]}
    articles = [
        Article(id="hash123", text="t", original="t", url="https://x.example/1"),
        Article(id="b", text="t", original="t"),
        Article(id="stray", text="t", original="t"),
    ]
    assert gold_ids(articles, expected) == {"hash123": "gold-1", "b": "b"}


def _gold_articles_dossier() -> tuple[Dossier, dict]:
    expected = load_expected()
    articles = [Article(id=e["id"], text="", original="", url=e["url"]) for e in expected["articles"]]
    events = {}
    for entry in expected["articles"]:
        events.setdefault(entry["event"], []).append(entry["id"])
    dossier = Dossier(articles=articles, events=[Event(id=k, title=k, articles=v) for k, v in events.items()])
    return dossier, expected


def test_the_gold_events_score_one() -> None:
    dossier, expected = _gold_articles_dossier()
    card = score(dossier, expected)
    assert card.figures["events B3 F1"] == 1.0 and card.figures["events ARI"] == 1.0


def test_a_planted_finding_counts_only_with_its_kind_and_two_of_its_spans() -> None:
    dossier, expected = _gold_articles_dossier()
    gold = next(f for f in expected["findings"] if f["id"] == "conflict-vell-round-1-duration")
    items = [Evidence(s["article"], 0, len(s["text"]), s["text"]) for s in gold["spans"][:2]]
    dossier.findings = [Finding(id="f", kind="agreement", summary="", items=items)]
    assert "conflict-vell-round-1-duration" in score(dossier, expected).misses["findings"]
    dossier.findings[0].kind = "outlier"  # one source against the rest: the same disagreement
    assert "conflict-vell-round-1-duration" not in score(dossier, expected).misses["findings"]
    dossier.findings[0].items = items[:1]
    assert "conflict-vell-round-1-duration" in score(dossier, expected).misses["findings"]


def test_scorecard_lines_name_every_figure_then_the_misses() -> None:
    card = Scorecard(figures={"events B3 F1": 0.5}, misses={"quotes": ["q1"]})
    assert card.lines() == ["events B3 F1                        0.500", "  missed quotes: q1"]
