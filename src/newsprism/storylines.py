"""Storylines: chains of events that continue one another (the Feb and May Trump–Putin calls).

Two events are linked when they share salient actors (entity names, weighted by how rare they are among
events: an actor in every event links nothing by itself) and their topics are close (TF-IDF cosine of
their articles' leads). Linked events form a storyline, ordered by time (events without dates keep
the order they were found in); each link is explained in words. Candidate pairs come from an inverted
index over entity names, never from all pairs of events.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .events import content_terms, idf
from .model import Storyline

if TYPE_CHECKING:
    from .config import Config
    from .model import Article, Dossier, Event

LEAD_CHARS = 1500
MIN_TOPIC = 0.15  # topic cosine below this never links, whatever the shared actors
MIN_LINK = 0.35  # combined link score (topic similarity + rare shared actors)
MAX_POSTING = 200  # an entity shared by more events than this is too common to propose pairs


@dataclass
class _EventProfile:
    event: Event
    rank: int
    terms: Counter[str]
    entities: set[str]


@dataclass
class EventStats:
    """How many events hold each entity name and each lead term, over every event of the collection:
    what an update that profiles only some events weighs its links with."""

    n: int
    entity_df: Counter[str]
    term_df: Counter[str]


def profile_terms(by_id: dict[str, Article], event: Event) -> set[str]:
    """The lead terms that count once towards the event's document frequency (articles by id)."""
    return set(_profile(by_id, event, 0).terms)


def build_storylines(dossier: Dossier, stats: EventStats | None = None) -> list[Storyline]:
    """Storylines over ``dossier.events``. ``stats`` (collection-wide frequencies) lets the events be a
    part of the collection: only their pairs are scored, weighed as among all events."""
    by_id = {a.id: a for a in dossier.articles}
    profiles = [_profile(by_id, event, rank) for rank, event in enumerate(dossier.events)]
    if len(profiles) < 2:
        return []
    if stats is None:
        stats = EventStats(
            len(profiles),
            Counter(name for p in profiles for name in p.entities),
            Counter(term for p in profiles for term in p.terms),
        )
    entity_df, term_df, n = stats.entity_df, stats.term_df, stats.n
    parent = list(range(n))
    reasons: dict[int, list[tuple[int, int, str]]] = {}
    for i, j in _candidate_pairs(profiles, entity_df):
        shared = sorted(profiles[i].entities & profiles[j].entities, key=lambda e: (entity_df[e], e))
        topic = _cosine(profiles[i].terms, profiles[j].terms, term_df, n)
        rarity = sum(idf(entity_df[e], n) - 1.0 for e in shared) / max(1, len(shared))
        score = topic + 0.1 * len(shared[:5]) + 0.1 * rarity
        if topic >= MIN_TOPIC and len(shared) >= 2 and score >= MIN_LINK:
            _union(parent, i, j)
            actors = ", ".join(sorted(shared[:5]))
            reasons.setdefault(i, []).append((i, j, f"shared actors: {actors}; topic similarity {topic:.2f}"))
    return _storylines(profiles, parent, reasons)


def _profile(by_id: dict[str, Article], event: Event, rank: int) -> _EventProfile:
    terms: Counter[str] = Counter()
    for article_id in event.articles:
        article = by_id.get(article_id)
        if article is not None:
            terms.update(content_terms(f"{article.title or ''}\n{article.text[:LEAD_CHARS]}"))
    return _EventProfile(event, rank, terms, set(event.entities))


def _candidate_pairs(profiles: list[_EventProfile], entity_df: Counter[str]) -> list[tuple[int, int]]:
    postings: dict[str, list[int]] = {}
    for index, profile in enumerate(profiles):
        for name in profile.entities:
            postings.setdefault(name, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for name, members in postings.items():
        if entity_df[name] <= MAX_POSTING:  # a name common across the collection proposes nothing
            pairs.update((a, b) for pos, a in enumerate(members) for b in members[pos + 1 :])
    return sorted(pairs)


def _cosine(a: Counter[str], b: Counter[str], df: Counter[str], n: int) -> float:
    def weight(counter: Counter[str], term: str) -> float:
        return (1.0 + math.log(counter[term])) * idf(df[term], n)

    dot = math.fsum(weight(a, t) * weight(b, t) for t in a.keys() & b.keys())  # a set: order-free sum
    norm_a = math.sqrt(sum(weight(a, t) ** 2 for t in a))
    norm_b = math.sqrt(sum(weight(b, t) ** 2 for t in b))
    return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    parent[max(root_a, root_b)] = min(root_a, root_b)


def _storylines(
    profiles: list[_EventProfile], parent: list[int], reasons: dict[int, list[tuple[int, int, str]]]
) -> list[Storyline]:
    groups: dict[int, list[int]] = {}
    for i in range(len(profiles)):
        groups.setdefault(_find(parent, i), []).append(i)
    storylines = []
    for members in groups.values():
        if len(members) < 2:
            continue
        # time order: dated events by start date, undated ones after, in the order they were found
        ordered = sorted(
            members, key=lambda i: (profiles[i].event.start is None, profiles[i].event.start or "", i)
        )
        evidence = [
            f"{profiles[i].event.id} – {profiles[j].event.id}: {why}"
            for m in members
            for i, j, why in reasons.get(m, [])
        ]
        storylines.append(
            Storyline(
                id=f"s-{profiles[ordered[0]].event.id}",
                title=_title(profiles, ordered),
                events=[profiles[i].event.id for i in ordered],
                evidence=evidence,
            )
        )
    return storylines


def _title(profiles: list[_EventProfile], members: list[int]) -> str:
    """The actors every event shares, then the words the events share most."""
    common = set.intersection(*(profiles[i].entities for i in members))
    actors = [e for e in profiles[members[0]].event.entities if e in common][:3]
    shared_terms: Counter[str] = Counter()
    for i in members:
        shared_terms.update(dict.fromkeys(profiles[i].terms, 1))
    topic = [t for t, c in shared_terms.most_common(40) if c == len(members) and not t.isdigit()][:3]
    return " · ".join(part for part in (", ".join(actors), " ".join(topic)) if part) or "storyline"


class StorylineStage:
    """Collection stage filling ``dossier.storylines`` from ``dossier.events``."""

    name = "storylines"

    def __init__(self, config: Config | None = None) -> None:
        self.config = config

    def update(self, dossier: Dossier, new_ids: list[str]) -> None:
        dossier.storylines = build_storylines(dossier)
