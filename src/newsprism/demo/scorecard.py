"""How a whole dossier of the demo corpus compares with the demo's gold answers (``expected.json``).

One figure per capability, all from one end-to-end run, so that a change in any stage shows up as a
number (``bench/demo_scorecard.py`` prints it; ``tests/test_demo_gate.py`` fails when one drops
below its recorded floor). The demo corpus and its gold were written together with the code: these
are development figures, not benchmark results.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from ..claims import subject_key
from ..model import Article, Dossier

DISAGREEMENT = {"conflict", "outlier"}  # one outlet against the rest is both; the gold names one


@dataclass
class Scorecard:
    """The demo's figures: ratios in [0, 1] and counts of what went wrong, with the misses named."""

    figures: dict[str, float] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def lines(self, misses: bool = True) -> list[str]:
        rows = [f"{name:<34} {value:6.3f}" for name, value in self.figures.items()]
        for name, missed in self.misses.items() if misses else ():
            rows += [f"  missed {name}: {item}" for item in missed]
        return rows


@dataclass
class _Run:
    """One dossier beside the gold; ``gold_id``: its article ids to the gold's; ``articles``: by gold id."""

    dossier: Dossier
    expected: dict[str, Any]
    gold_id: dict[str, str]
    articles: dict[str, Article]


def score(dossier: Dossier, expected: dict[str, Any]) -> Scorecard:
    """Every capability of ``dossier`` against ``expected`` (ids mapped to the gold's)."""
    gold_id = gold_ids(dossier.articles, expected)
    run = _Run(dossier, expected, gold_id, {gold_id[a.id]: a for a in dossier.articles if a.id in gold_id})
    card = Scorecard()
    for scorer in (_events, _storylines, _duplicates, _findings, _quotes, _opinion, _entities):
        scorer(card, run)
    return card


def gold_ids(articles: Iterable[Article], expected: dict[str, Any]) -> dict[str, str]:
    """System article id -> gold id: by id, else by url (feed items and WARC pages), as the gold says."""
    by_id = {entry["id"] for entry in expected["articles"]}
    by_url = {entry["url"]: entry["id"] for entry in expected["articles"] if entry["url"]}
    mapping = {}
    for article in articles:
        if article.id in by_id:
            mapping[article.id] = article.id
        elif article.url in by_url:
            mapping[article.id] = by_url[article.url]
    return mapping


# --------------------------------------------------------------------------- clusterings


def bcubed(system: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``system`` labels against ``gold`` labels (same items)."""
    items = [item for item in gold if item in system]
    if not items:
        return 0.0, 0.0, 0.0
    by_system, by_gold = defaultdict(set), defaultdict(set)
    for item in items:
        by_system[system[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in items:
        same_system, same_gold = by_system[system[item]], by_gold[gold[item]]
        both = len(same_system & same_gold)
        precision += both / len(same_system)
        recall += both / len(same_gold)
    precision, recall = precision / len(items), recall / len(items)
    return precision, recall, 2 * precision * recall / (precision + recall or 1.0)


def _events(card: Scorecard, run: _Run) -> None:
    from sklearn.metrics import adjusted_rand_score

    dossier, expected, gold_id = run.dossier, run.expected, run.gold_id
    gold = {entry["id"]: entry["event"] for entry in expected["articles"]}
    system = {gold_id[a]: event.id for event in dossier.events for a in event.articles if a in gold_id}
    precision, recall, f1 = bcubed(system, gold)
    card.figures["events B3 precision"] = precision
    card.figures["events B3 recall"] = recall
    card.figures["events B3 F1"] = f1
    items = sorted(set(gold) & set(system))
    card.figures["events ARI"] = adjusted_rand_score([gold[i] for i in items], [system[i] for i in items])


def _storylines(card: Scorecard, run: _Run) -> None:
    dossier, expected, gold_id = run.dossier, run.expected, run.gold_id
    gold_story = {e: s["id"] for s in expected["storylines"] for e in s["events"]}
    gold = {entry["id"]: gold_story.get(entry["event"], entry["event"]) for entry in expected["articles"]}
    story_of_event = {e: s.id for s in dossier.storylines for e in s.events}
    system = {
        gold_id[a]: story_of_event.get(event.id, event.id)
        for event in dossier.events
        for a in event.articles
        if a in gold_id
    }
    card.figures["storylines B3 F1 (articles)"] = bcubed(system, gold)[2]


def _pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for group in groups for pair in combinations(sorted(set(group)), 2)}


def _duplicates(card: Scorecard, run: _Run) -> None:
    dossier, expected, gold_id = run.dossier, run.expected, run.gold_id
    gold = _pairs([g["original"], *g["members"]] for g in expected["duplicates"])
    system = _pairs(
        [gold_id.get(g.original, g.original), *(gold_id.get(m.article, m.article) for m in g.members)]
        for g in dossier.duplicates
    )
    found = len(gold & system)
    precision, recall = found / (len(system) or 1), found / (len(gold) or 1)
    card.figures["duplicate pairs F1"] = 2 * precision * recall / (precision + recall or 1.0)


# --------------------------------------------------------------------------- findings


def _cites(finding_items: list[tuple[str, str]], article: str, text: str) -> bool:
    folded = text.casefold()
    return any(
        a == article and (folded in cited.casefold() or cited.casefold() in folded)
        for a, cited in finding_items
    )


def _kind_matches(gold_kind: str, system_kind: str) -> bool:
    return gold_kind == system_kind or (gold_kind in DISAGREEMENT and system_kind in DISAGREEMENT)


def _findings(card: Scorecard, run: _Run) -> None:
    dossier, expected, gold_id = run.dossier, run.expected, run.gold_id
    cited = [
        (finding, [(gold_id.get(item.article, item.article), item.text) for item in finding.items])
        for finding in dossier.findings
    ]
    found, missed = 0, []
    matched_ids: set[int] = set()
    for gold in expected["findings"]:
        spans = gold["spans"]
        needed = 1 if len(spans) == 1 else 2
        hits = [
            id(finding)
            for finding, items in cited
            if _kind_matches(gold["kind"], finding.kind)
            and sum(_cites(items, span["article"], span["text"]) for span in spans) >= needed
        ]
        matched_ids.update(hits)
        if hits:
            found += 1
        else:
            missed.append(gold["id"])
    card.figures["planted findings found"] = found / (len(expected["findings"]) or 1)
    card.misses["findings"] = missed
    false = [f.summary for f, _ in cited if f.kind in DISAGREEMENT and id(f) not in matched_ids]
    card.figures["unplanted disagreements (count)"] = float(len(false))
    card.misses["unplanted disagreements"] = false


# --------------------------------------------------------------------------- quotes, opinion, entities


def _located(article: Article, text: str) -> tuple[int, int] | None:
    start = article.text.find(text)
    return None if start < 0 else (start, start + len(text))


def _quotes(card: Scorecard, run: _Run) -> None:
    dossier, expected, gold_id, articles = run.dossier, run.expected, run.gold_id, run.articles
    by_article = defaultdict(list)
    for quote in dossier.quotes:
        by_article[gold_id.get(quote.article, quote.article)].append(quote)
    found = right = 0
    missed = []
    for gold in expected["quotes"]:
        article = articles.get(gold["article"])
        span = _located(article, gold["text"]) if article else None
        overlapping = [
            q for q in by_article[gold["article"]] if span and q.start < span[1] and span[0] < q.end
        ]
        if not overlapping:
            missed.append(f"{gold['article']}: {gold['text'][:50]}")
            continue
        found += 1
        if any(q.speaker and subject_key(q.speaker) == subject_key(gold["speaker"]) for q in overlapping):
            right += 1
        else:
            said = overlapping[0].speaker
            missed.append(f"speaker of {gold['text'][:40]}: {said} (gold {gold['speaker']})")
    card.figures["gold quotes found"] = found / (len(expected["quotes"]) or 1)
    card.figures["gold quote speakers right"] = right / (found or 1)
    card.misses["quotes"] = missed


def _opinion(card: Scorecard, run: _Run) -> None:
    dossier, expected, gold_id, articles = run.dossier, run.expected, run.gold_id, run.articles
    flags = defaultdict(list)
    for flag in dossier.opinion:
        flags[gold_id.get(flag.article, flag.article)].append(flag)
    opinion_pieces = {entry["article"] for entry in expected["opinion"] if entry["whole_article"]}
    gold_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for entry in expected["opinion"]:
        article = articles.get(entry["article"])
        for sentence in entry["sentences"]:
            span = _located(article, sentence) if article else None
            if span:
                gold_spans[entry["article"]].append(span)
    hit = total = 0
    missed = []
    for article, spans in gold_spans.items():
        for start, end in spans:
            total += 1
            if any(f.start < end and start < f.end for f in flags[article]):
                hit += 1
            else:
                missed.append(f"{article}: {articles[article].text[start:end][:60]}")
    flagged = sum(len(found) for found in flags.values())
    wrong = [
        f"{article}: {f.text[:60]}"
        for article, found in flags.items()
        if article not in opinion_pieces
        for f in found
        if not any(f.start < end and start < f.end for start, end in gold_spans.get(article, []))
    ]
    card.figures["gold opinion sentences flagged"] = hit / (total or 1)
    card.figures["opinion flags in reporting (share)"] = len(wrong) / (flagged or 1)
    card.misses["opinion"] = missed
    card.misses["opinion flags in reporting"] = wrong


def _entities(card: Scorecard, run: _Run) -> None:
    dossier, expected = run.dossier, run.expected
    names = {entity.name for entity in dossier.entities}
    missing = [gold["name"] for gold in expected["entities"] if gold["name"] not in names]
    card.figures["gold entities named canonically"] = 1 - len(missing) / (len(expected["entities"]) or 1)
    card.misses["entities"] = missing
