"""Findings on the bundled demo corpus against its gold ``expected.json``.

The demo's events are taken from the gold file (so these tests judge claims and findings, not event
clustering): the planted duration conflict must be found with its five spans, and the strike's pay
figures (a 9% demand, a 4% offer, a 6% deal) must never be set against each other.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsprism.claims import extract_claims
from newsprism.clean import clean_document
from newsprism.config import Config
from newsprism.demo import demo_path, load_expected
from newsprism.findings import find_all
from newsprism.model import Article, Dossier, Event, Finding, SkippedInput, Storyline
from newsprism.pipeline import read_inputs

pytestmark = pytest.mark.slow  # ingests and cleans thirty articles in five formats


def _demo_articles(expected: dict[str, Any]) -> dict[str, Article]:
    """Gold id -> cleaned article; feed items and WARC pages are matched by url, as the gold file says."""
    config = Config()
    cleaned = [
        clean_document(item, config)
        for item in read_inputs([demo_path()], config)
        if not isinstance(item, SkippedInput)
    ]
    by_id = {article.id: article for article in cleaned}
    by_url = {article.url: article for article in cleaned if article.url}
    articles = {}
    for entry in expected["articles"]:
        article = by_id.get(entry["id"]) or by_url.get(entry["url"])
        assert article is not None, entry["id"]
        article.id = entry["id"]
        articles[entry["id"]] = article
    return articles


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return load_expected()


@pytest.fixture(scope="module")
def dossier(expected: dict[str, Any]) -> Dossier:
    articles = _demo_articles(expected)
    dossier = Dossier(articles=list(articles.values()))
    for article in dossier.articles:
        dossier.claims.extend(extract_claims(article))
    dossier.events = [Event(id=e["id"], title=e["title"], articles=e["articles"]) for e in expected["events"]]
    dossier.storylines = [
        Storyline(id=s["id"], title=s.get("title", s["id"]), events=s["events"])
        for s in expected["storylines"]
    ]
    dossier.findings = find_all(dossier)
    return dossier


def _gold(expected: dict[str, Any], finding_id: str) -> dict[str, Any]:
    return next(f for f in expected["findings"] if f["id"] == finding_id)


def _gold_agreement(dossier: Dossier, gold: dict[str, Any], detail: str, value: str) -> Finding:
    """The one agreement in the gold finding's event whose ``details[detail]`` is ``value``."""
    (finding,) = [
        f
        for f in dossier.findings
        if f.kind == "agreement" and f.event == gold["event"] and f.details[detail] == value
    ]
    return finding


def _cited(finding: Finding) -> set[tuple[str, str]]:
    return {(item.article, item.text) for item in finding.items}


def test_every_demo_finding_cites_exact_spans(dossier: Dossier) -> None:
    texts = {article.id: article.text for article in dossier.articles}
    for finding in dossier.findings:
        assert finding.items and finding.summary
        for item in finding.items:
            assert texts[item.article][item.start : item.end] == item.text


def test_planted_duration_conflict_is_found_with_all_five_spans(
    dossier: Dossier, expected: dict[str, Any]
) -> None:
    gold = _gold(expected, "conflict-vell-round-1-duration")
    found = [
        f
        for f in dossier.findings
        if f.kind in ("conflict", "outlier")
        and f.event == gold["event"]
        and f.details["attribute"] == "duration"
    ]
    assert len(found) == 1, [f.summary for f in found]
    finding = found[0]
    assert finding.details["dissent"] == [next(a.source for a in dossier.articles if a.id == gold["outlier"])]
    assert _cited(finding) == {(span["article"], span["text"]) for span in gold["spans"]}
    assert "three hours" in finding.summary


def test_ruvic_title_outlier(dossier: Dossier, expected: dict[str, Any]) -> None:
    gold = _gold(expected, "outlier-ruvic-title")
    (finding,) = [f for f in dossier.findings if f.kind == "outlier" and f.details["attribute"] == "title"]
    assert finding.articles[0] == gold["outlier"]
    assert {a for a, _ in _cited(finding)} == {span["article"] for span in gold["spans"]}


def test_union_demand_agreement(dossier: Dossier, expected: dict[str, Any]) -> None:
    gold = _gold(expected, "agreement-harwick-offer")
    finding = _gold_agreement(dossier, gold, "subject", "demand")
    assert set(finding.articles) == {span["article"] for span in gold["spans"]}
    assert {text for _, text in _cited(finding)} == {"9%"}
    assert "size of the demand" in finding.summary


def test_demand_offer_and_deal_are_never_set_against_each_other(dossier: Dossier) -> None:
    disagreements = [
        f.summary
        for f in dossier.findings
        if f.kind in ("conflict", "outlier") and f.details["attribute"] == "percentage"
    ]
    assert disagreements == []
    deals = [f for f in dossier.findings if f.kind == "agreement" and f.details["subject"] == "deal"]
    assert [sorted(f.articles) for f in deals] == [
        ["cpa-20240327-harwick-deal", "hg_strike_ends", "np_harwick_deal"]
    ]


def test_no_false_disagreement_anywhere_in_the_demo(dossier: Dossier) -> None:
    # The gold file plants exactly two disagreements (the meeting's length and Ruvic's title);
    # any other conflict or outlier is a false finding.
    disagreements = {
        (f.event, f.details["attribute"]) for f in dossier.findings if f.kind in ("conflict", "outlier")
    }
    assert disagreements == {("vell-round-1", "duration"), ("vell-round-1", "title")}


def test_flow_demand_agreement_across_five_outlets_and_two_languages(
    dossier: Dossier, expected: dict[str, Any]
) -> None:
    gold = _gold(expected, "agreement-vell-demand")
    finding = _gold_agreement(dossier, gold, "attribute", "measure")
    assert _cited(finding) == {(span["article"], span["text"]) for span in gold["spans"]}


def test_dockworkers_and_union_members_are_counted_together(
    dossier: Dossier, expected: dict[str, Any]
) -> None:
    gold = _gold(expected, "agreement-harwick-workers")
    finding = _gold_agreement(dossier, gold, "subject", "workers")
    cited = dict(_cited(finding))
    assert set(cited) == {span["article"] for span in gold["spans"]}
    assert all(span["text"].startswith(cited[span["article"]]) for span in gold["spans"])
