"""The collection stages (duplicates, events, storylines, entities, findings, briefings, timeline) run over
the store: ``build_dossier`` reads it as one Dossier, ``update_collection`` updates the stored collection
from the new articles and the events they touch, ``rebuild_collection`` recomputes it from the whole store.

``pipeline`` chains this after ingest and the per-article stages; this module keeps the collection's
records, their index and the stages' state consistent in the store.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import stages as stage_registry
from .config import Config
from .model import (
    Article,
    ArticleAnalysis,
    Briefing,
    Dossier,
    DuplicateGroup,
    Entity,
    Event,
    Finding,
    RunReport,
    Storyline,
    TimelineEntry,
    from_dict,
    to_dict,
)
from .store import COLLECTION_KINDS, Storage
from .store.base import CollectionRecord, CollectionUpdate, seq_pos

if TYPE_CHECKING:
    from .storylines import EventStats

log = logging.getLogger("newsprism")

COLLECTION_RECORDS: dict[str, type] = {
    "duplicates": DuplicateGroup,
    "events": Event,
    "storylines": Storyline,
    "entities": Entity,
    "findings": Finding,
    "briefings": Briefing,
    "timeline": TimelineEntry,
}
# Articles the collection placed in single-article fallback events because the events stage did not
# run or failed: the next run hands them back to the events stage (see _release_fallback_events).
FALLBACK_STATE = "pipeline:fallback-events"


# --------------------------------------------------------------------------- collection stages


def build_dossier(
    store: Storage, place_every_article: bool = True, tallies: dict[str, EntityTally] | None = None
) -> Dossier:
    """Articles, merged per-article records and the stored collection results, as one Dossier.

    ``place_every_article`` puts articles that no event holds yet into events of their own, as the
    dossier promises; the collection stages get the stored events unchanged instead. ``tallies``
    (when given) gets each entity's spelling weights, which incremental runs resolve against.
    """
    dossier = Dossier(articles=list(store.iter_articles()))
    analyses = list(store.iter_analyses())
    entities, mapping = _resolve_entities(analyses)
    if tallies is not None:
        tallies.update(entity_tallies(analyses, mapping))
    _add_analyses(dossier, analyses, entities, mapping)
    for kind in COLLECTION_KINDS:
        if kind == "entities":
            continue
        records = [from_dict(COLLECTION_RECORDS[kind], r) for r in store.get_collection(kind)]
        setattr(dossier, kind, records)
    for number, finding in enumerate(dossier.findings):
        finding.id = f"f{number}"  # stored under their owner's key; numbered in the order a rebuild gives
    if place_every_article:
        _ensure_every_article_has_an_event(dossier)
    return dossier


def _resolve_entities(analyses: list[ArticleAnalysis]) -> tuple[list[Entity], dict[str, str]]:
    try:
        from .entities import resolve_entities
    except ImportError:
        local = [e for a in analyses for e in a.entities]
        return local, {e.id: e.id for e in local}
    return resolve_entities(analyses)


@dataclass
class EntityTally:
    """How often each spelling of one entity was used and when it was first seen (the order of the
    article-local entities in the store): what its canonical name is chosen from."""

    counts: dict[str, int] = field(default_factory=dict)
    first: dict[str, int] = field(default_factory=dict)

    def add(self, other: EntityTally) -> None:
        for alias, count in other.counts.items():
            self.counts[alias] = self.counts.get(alias, 0) + count
        for alias, order in other.first.items():
            self.first[alias] = min(order, self.first.get(alias, order))


def entity_tallies(
    analyses: list[ArticleAnalysis], mapping: dict[str, str], start: int = 0, only: set[str] | None = None
) -> dict[str, EntityTally]:
    """collection entity id -> its tally, weighed as ``resolve_entities`` weighs spellings; ``only``
    the analyses of these articles, numbered from ``start`` (the local entities counted before)."""
    tallies: dict[str, EntityTally] = {}
    order = start
    for analysis in analyses:
        if only is not None and analysis.article not in only:
            continue
        counts = Counter(m.text for m in analysis.mentions if m.kind == "name")
        for entity in analysis.entities:
            tally = tallies.setdefault(mapping.get(entity.id, entity.id), EntityTally())
            for alias in entity.aliases or [entity.name]:
                tally.counts[alias] = tally.counts.get(alias, 0) + max(1, counts.get(alias, 0))
                tally.first.setdefault(alias, order)
            order += 1
    return tallies


def _apply_entity_mapping(dossier: Dossier, entities: list[Entity], mapping: dict[str, str]) -> None:
    """Point every mention, quote and claim at the collection-wide entity and its canonical name."""
    names = {e.id: e.name for e in entities}
    for mention in dossier.mentions:
        if mention.entity:
            mention.entity = mapping.get(mention.entity, mention.entity)
    for quote in dossier.quotes:
        if quote.speaker_entity:
            quote.speaker_entity = mapping.get(quote.speaker_entity, quote.speaker_entity)
            quote.speaker = names.get(quote.speaker_entity, quote.speaker)
    for claim in dossier.claims:
        if claim.subject_entity:
            claim.subject_entity = mapping.get(claim.subject_entity, claim.subject_entity)
            claim.subject = names.get(claim.subject_entity, claim.subject)


def update_collection(
    store: Storage,
    new_ids: list[str] | None = None,
    config: Config | None = None,
    report: RunReport | None = None,
) -> Dossier:
    """Run the collection stages for the articles ``new_ids`` (added or revised) and save what changed.

    A run works on the new articles and on the events they touch (plus the events a changed storyline
    holds): their articles and analyses are read by id, never the whole store, and only the records
    that changed are written, with the stages' state, in one transaction. Duplicates look new articles
    up in a persistent LSH index (band keys in the store), storylines look touched events up by shared
    entity names (an index) and weigh links with collection-wide counts kept in the store.

    The whole collection is rebuilt once instead (the behaviour of the first versions) when the store
    has no complete record index yet (a store from before, a first run), when the collection stages,
    or the backends registered for them, differ from the last run's, when ``new_ids`` is None, when no
    event state is stored, or when an earlier run left articles in fallback events. Returns the dossier
    of what this run worked on (``build_dossier`` reads the whole collection).
    """
    config = config or Config()
    report = report if report is not None else RunReport()
    marker = _incremental_marker(store, config)
    if new_ids is None or marker is None or _waiting_fallbacks(store):
        return rebuild_collection(store, new_ids, config, report)
    return _update_incrementally(store, list(new_ids), config, report, marker)


def rebuild_collection(
    store: Storage,
    new_ids: list[str] | None = None,
    config: Config | None = None,
    report: RunReport | None = None,
) -> Dossier:
    """Run the collection stages over the whole store and replace every collection record (and the
    record index an incremental run needs). Costs the whole store: the first run, or a reset."""
    config = config or Config()
    report = report if report is not None else RunReport()
    started = time.perf_counter()
    tallies: dict[str, EntityTally] = {}
    dossier = build_dossier(store, place_every_article=False, tallies=tallies)
    report.timed("build_dossier", started)
    new_ids = [a.id for a in dossier.articles] if new_ids is None else list(new_ids)
    if "events" in config.collection_stages:
        released = _release_fallback_events(store, dossier)
        listed = set(new_ids)
        new_ids += [article_id for article_id in released if article_id not in listed]
    update = CollectionUpdate()
    timeline_owners: list[str] | None = None
    for name in config.collection_stages:
        started = time.perf_counter()
        stage = _update_one(store, dossier, name, new_ids, config, report, update.state)
        if name == "timeline" and len(getattr(stage, "owners", [])) == len(dossier.timeline):
            timeline_owners = stage.owners
        report.timed(name, started)
    started = time.perf_counter()
    fallback = _ensure_every_article_has_an_event(dossier)
    update.state[FALLBACK_STATE] = json.dumps(fallback).encode()
    _fill_rebuild(store, dossier, config, update, timeline_owners, tallies)
    store.apply_collection(update)
    report.timed("save_collection", started)
    return dossier


def _update_one(
    store: Storage,
    dossier: Dossier,
    name: str,
    new_ids: list[str],
    config: Config,
    report: RunReport,
    states: dict[str, bytes],
) -> Any:
    """One collection stage: its state in, its update, its state out into ``states`` (saved with the
    records); a failure is reported, not raised. Returns the stage when it ran, else None."""
    stage = stage_registry.load_stage("collection", name, config) if name else None
    if stage is None:
        return None
    state = store.get_state(name)
    if state is not None and isinstance(stage, stage_registry.StatefulStage):
        stage.load_state(state)
    try:
        stage.update(dossier, new_ids)  # type: ignore[union-attr]
    except Exception as err:
        log.exception("collection stage %s failed", name)
        report.errors.append(f"{name} failed: {type(err).__name__}: {err}")
        return None
    if isinstance(stage, stage_registry.StatefulStage):
        states[name] = stage.dump_state()
    return stage


def _release_fallback_events(store: Storage, dossier: Dossier) -> list[str]:
    """Take out of ``dossier.events`` the single-article fallback events an earlier run made (the
    events stage failed or was off) so that the events stage places their articles now; returns them.

    Without this a failed run would be permanent: the events stage treats every stored event as
    placed, so a fallback event would never join the story it belongs to.
    """
    raw = store.get_state(FALLBACK_STATE)
    waiting = set(json.loads(raw)) if raw else set()
    if not waiting:
        return []
    kept, released = [], []
    for event in dossier.events:
        if _is_fallback(event, waiting):
            released.append(event.articles[0])
        else:
            kept.append(event)
    dossier.events = kept
    return released


def _fallback_id(article_id: str) -> str:
    return f"e-{article_id}"


def _is_fallback(event: Event, waiting: set[str]) -> bool:
    return (
        len(event.articles) == 1
        and event.articles[0] in waiting
        and event.id == _fallback_id(event.articles[0])
    )


def _ensure_every_article_has_an_event(dossier: Dossier) -> list[str]:
    """Until (or if) event clustering is off, each article is its own event: the dossier promise holds.
    Returns the articles that got such a fallback event."""
    placed = {a for event in dossier.events for a in event.articles}
    fallback = []
    for article in dossier.articles:
        if article.id not in placed:
            fallback.append(article.id)
            dossier.events.append(
                Event(
                    id=_fallback_id(article.id),
                    title=article.title or article.text[:80],
                    articles=[article.id],
                    start=article.published,
                    end=article.published,
                    outlets=[article.source] if article.source else [],
                )
            )
    return fallback


# --------------------------------------------------------------------------- the collection, incrementally

# The store's collection records carry complete keys, positions and index terms: a run can update them
# in place. Absent (a store from before, a first run), the next run rebuilds the collection once.
INCREMENTAL_STATE = "pipeline:incremental"
INCREMENTAL_VERSION = 1
EVENT_TERMS = "event-terms"  # counts: lead term -> events whose storyline profile holds it
MINHASH = "minhash"  # records: one per article, indexed by its LSH band keys
# Stages whose incremental update this module does itself; any other backend means a rebuild.
INCREMENTAL_BACKENDS = {
    "duplicates": "newsprism.duplicates:MinHashDuplicateStage",
    "events": "newsprism.events:EventStage",
    "storylines": "newsprism.storylines:StorylineStage",
    "timeline": "newsprism.timeline:TimelineStage",
}
UNPLACED = "~"  # the position of a record whose owner has none (sorts last)


def _stage_targets(config: Config) -> dict[str, str]:
    return {name: stage_registry.COLLECTION_STAGES.get(name, "") for name in config.collection_stages if name}


def _incremental_marker(store: Storage, config: Config) -> dict[str, Any] | None:
    """The last rebuild's marker when this run may update the collection in place, else None."""
    raw = store.get_state(INCREMENTAL_STATE)
    if raw is None:
        return None
    marker: dict[str, Any] = json.loads(raw)
    targets = _stage_targets(config)
    if marker.get("version") != INCREMENTAL_VERSION or marker.get("stages") != targets:
        return None
    if any(targets.get(name, target) != target for name, target in INCREMENTAL_BACKENDS.items()):
        return None
    if "events" not in targets or store.get_state("events") is None:
        return None
    return marker


def _waiting_fallbacks(store: Storage) -> bool:
    raw = store.get_state(FALLBACK_STATE)
    return bool(raw and json.loads(raw))


def _fill_rebuild(
    store: Storage,
    dossier: Dossier,
    config: Config,
    update: CollectionUpdate,
    timeline_owners: list[str] | None = None,
    tallies: dict[str, EntityTally] | None = None,
) -> None:
    """Every collection record of ``dossier`` with its key, position and terms, the LSH index and the
    event term counts, replacing what the store held."""
    positions = store.article_positions(a.id for a in dossier.articles)
    event_pos = {e.id: seq_pos(i) for i, e in enumerate(dossier.events)}
    storyline_pos = {s.id: _storyline_pos(s, event_pos) for s in dossier.storylines}
    update.replace["events"] = [_event_record(e, event_pos[e.id]) for e in dossier.events]
    update.replace["duplicates"] = [_duplicate_record(g, positions) for g in dossier.duplicates]
    update.replace["storylines"] = [_storyline_record(s, storyline_pos[s.id]) for s in dossier.storylines]
    tallies = tallies or {}
    update.replace["entities"] = [
        _entity_record(e, key, seq_pos(i), tallies.get(e.id, EntityTally()))
        for i, (e, key) in enumerate(zip(dossier.entities, _entity_keys(dossier.entities), strict=True))
    ]
    update.replace["findings"] = _finding_records(
        dossier, dossier.findings, event_pos, storyline_pos, positions
    )
    update.replace["briefings"] = [_briefing_record(b, event_pos) for b in dossier.briefings]
    # (without the stage's own list, e.g. when it failed: an event's earlier happenings go last)
    owners = timeline_owners or [t.storyline or t.event or UNPLACED for t in dossier.timeline]
    update.replace["timeline"] = _timeline_records(dossier.timeline, owners, event_pos, storyline_pos)
    fallback = set(json.loads(update.state.get(FALLBACK_STATE, b"[]")))
    if "duplicates" in config.collection_stages:
        from .duplicates import band_terms

        terms = band_terms({a.id: a.text or "" for a in dossier.articles})
        update.replace[MINHASH] = [_minhash_record(a, positions, terms) for a in dossier.articles]
    if "storylines" in config.collection_stages:
        update.reset_counts.append(EVENT_TERMS)
        update.counts[EVENT_TERMS] = _event_term_counts(
            dossier, [e for e in dossier.events if e.id not in fallback]
        )
    if not fallback:  # articles waiting in fallback events make the next run a rebuild anyway
        marker = {
            "version": INCREMENTAL_VERSION,
            "stages": _stage_targets(config),
            "next_event": len(dossier.events),
            "locals": _local_entities(tallies),
        }
        update.state[INCREMENTAL_STATE] = json.dumps(marker).encode()


def _event_record(event: Event, pos: str) -> CollectionRecord:
    terms = [f"a:{a}" for a in event.articles] + [f"n:{name}" for name in event.entities]
    return CollectionRecord(event.id, pos, to_dict(event), terms)


def _duplicate_record(group: DuplicateGroup, positions: dict[str, int]) -> CollectionRecord:
    pos = seq_pos(positions.get(group.original, 0))
    return CollectionRecord(group.id, pos, to_dict(group), [f"a:{m.article}" for m in group.members])


def _storyline_pos(storyline: Storyline, event_pos: dict[str, str]) -> str:
    # a rebuild lists storylines in the order of their earliest-listed event
    return min((event_pos[e] for e in storyline.events if e in event_pos), default=UNPLACED)


def _storyline_record(storyline: Storyline, pos: str) -> CollectionRecord:
    return CollectionRecord(storyline.id, pos, to_dict(storyline), [f"e:{e}" for e in storyline.events])


def _briefing_record(briefing: Briefing, event_pos: dict[str, str]) -> CollectionRecord:
    return CollectionRecord(briefing.event, event_pos.get(briefing.event, UNPLACED), to_dict(briefing))


def _minhash_record(
    article: Article, positions: dict[str, int], terms: dict[str, list[str]]
) -> CollectionRecord:
    return CollectionRecord(article.id, seq_pos(positions.get(article.id, 0)), {}, terms.get(article.id, []))


def _entity_record(entity: Entity, key: str, pos: str, tally: EntityTally) -> CollectionRecord:
    """An entity stored under ``key`` (its ``e1…`` id is numbered per resolution), with the tally an
    incremental run weighs new spellings against, found by its spellings."""
    data = to_dict(entity)
    data["aliases"] = list(dict.fromkeys([*entity.aliases, *tally.counts]))
    data["counts"], data["first"] = tally.counts, tally.first
    return CollectionRecord(key, pos, data, _entity_terms(entity.kind, data["aliases"]))


def _entity_terms(kind: str, aliases: list[str]) -> list[str]:
    """What finds the stored entities a new one may be: its spellings case-folded (the resolution
    merges "SELVO" and "Selvo"), and a person's surname (it merges "Ruvic" into "Ana Ruvic")."""
    terms = {f"alias:{alias.casefold()}" for alias in aliases}
    if kind == "PERSON":
        terms.update(f"surname:{alias.split()[-1].casefold()}" for alias in aliases if alias.split())
    return sorted(terms)


def _same_person(entity: Entity, stored: dict[str, Any]) -> bool:
    """Two full names of a surname are one person only with the same first name."""
    if entity.kind != "PERSON":
        return True
    firsts = {a.split()[0].casefold() for a in entity.aliases or [entity.name] if len(a.split()) > 1}
    theirs = {a.split()[0].casefold() for a in stored.get("aliases", []) if len(a.split()) > 1}
    return not firsts or not theirs or bool(firsts & theirs)


def _entity_keys(entities: list[Entity]) -> list[str]:
    """Kind and canonical name; two entities of one name (told apart by the resolution) get a number."""
    seen: dict[str, int] = {}
    keys = []
    for entity in entities:
        key = f"{entity.kind}:{entity.name}"
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys


def _local_entities(tallies: dict[str, EntityTally]) -> int:
    """How many article-local entities the tallies were counted from (the next one's order)."""
    return 1 + max((order for t in tallies.values() for order in t.first.values()), default=-1)


def _finding_records(
    dossier: Dossier,
    findings: list[Finding],
    event_pos: dict[str, str],
    storyline_pos: dict[str, str],
    positions: dict[str, int],
) -> list[CollectionRecord]:
    """Findings keyed under their owner (event or storyline), placed where a rebuild lists them:
    event findings by event, storyline findings by storyline, quote variants by the first quote of
    their speaker in their event, single voices by event. ``build_dossier`` numbers them in that order."""
    from .findings import _speaker_key

    quote_order = _quote_key_order(dossier, positions)
    quotes = {q.id: q for q in dossier.quotes}
    counters: dict[str, int] = {}
    records = []
    for finding in findings:
        if finding.kind == "quote_variant":
            owner = finding.event or "*"
            quote = quotes.get(finding.items[0].ref or "") if finding.items else None
            major = quote_order.get((owner, _speaker_key(quote)), UNPLACED) if quote else UNPLACED
            section = 2
        elif "storyline" in finding.details:
            owner = str(finding.details["storyline"])
            major, section = storyline_pos.get(owner, UNPLACED), 1
        else:
            owner = finding.event or "*"
            major = event_pos.get(owner, UNPLACED)
            section = 3 if finding.kind == "single_source" and "speaker" in finding.details else 0
        prefix = f"{section}/{major}"
        number = counters[prefix] = counters.get(prefix, -1) + 1
        pos = f"{prefix}/{number:06d}"
        data = to_dict(finding)
        data["id"] = f"{owner}|{pos}"
        records.append(CollectionRecord(data["id"], pos, data, [f"o:{owner}"]))
    return records


def _quote_key_order(dossier: Dossier, positions: dict[str, int]) -> dict[tuple[str, str], str]:
    """(event, speaker key) -> where its first quote stands: the order in which the findings stage
    first meets each speaker of each event (quotes in store order)."""
    from .findings import _comparison_groups, _speaker_key

    groups = _comparison_groups(dossier)
    present = {a.id for a in dossier.articles}
    seen: dict[str, int] = {}
    order: dict[tuple[str, str], str] = {}
    for quote in dossier.quotes:
        index = seen[quote.article] = seen.get(quote.article, -1) + 1
        if (
            quote.article not in present
            or not (quote.speaker or quote.speaker_entity)
            or quote.kind == "indirect"
        ):
            continue
        speaker = _speaker_key(quote)
        for group in groups.get(quote.article, ["*"]):
            order.setdefault((group, speaker), f"{positions.get(quote.article, 0):012d}/{index:06d}")
    return order


def _timeline_records(
    entries: list[TimelineEntry], owners: list[str], event_pos: dict[str, str], storyline_pos: dict[str, str]
) -> list[CollectionRecord]:
    """Entries keyed under their group (storyline, or the event in no storyline), in group order."""
    records = []
    counters: dict[str, int] = {}
    for entry, owner in zip(entries, owners, strict=True):
        section, major = (
            ("0", storyline_pos[owner]) if owner in storyline_pos else ("1", event_pos.get(owner, UNPLACED))
        )
        number = counters[owner] = counters.get(owner, -1) + 1
        pos = f"{section}/{major}/{number:06d}"
        records.append(CollectionRecord(f"{owner}|{number}", pos, to_dict(entry), [f"o:{owner}"]))
    return records


def _event_term_counts(dossier: Dossier, events: list[Event]) -> dict[str, int]:
    from .storylines import profile_terms

    by_id = {a.id: a for a in dossier.articles}
    counts: dict[str, int] = {}
    for event in events:
        for term in profile_terms(by_id, event):
            counts[term] = counts.get(term, 0) + 1
    return counts


class _StoredEntities:
    """Resolves a working set's entities against the stored collection entities: an entity that
    shares a spelling with stored ones takes the canonical name their tallies and the new articles'
    give together (the name a resolution over the whole store would give), never re-reading the
    other analyses. Keeps the entity records the last resolution changed, to save."""

    def __init__(self, store: Storage, new_ids: list[str], start: int) -> None:
        self.store, self.new_ids, self.start = store, set(new_ids), start
        self.next_local = start
        self.records: list[CollectionRecord] = []
        self.retired: list[str] = []

    def resolve(self, analyses: list[ArticleAnalysis]) -> tuple[list[Entity], dict[str, str]]:
        entities, mapping = _resolve_entities(analyses)
        fresh = entity_tallies(analyses, mapping, self.start, self.new_ids)
        self.next_local = self.start + sum(len(a.entities) for a in analyses if a.article in self.new_ids)
        terms = {t for e in entities for t in _entity_terms(e.kind, e.aliases or [e.name])}
        found = self.store.keys_with_terms("entities", terms)
        stored = self.store.get_records("entities", {k for keys in found.values() for k in keys})
        positions = self.store.record_positions("entities", stored)
        groups: dict[str, _EntityGroup] = {}
        for entity in entities:
            matches = sorted(
                {
                    key
                    for term in _entity_terms(entity.kind, entity.aliases or [entity.name])
                    for key in found.get(term, [])
                    if stored[key].get("kind") == entity.kind and _same_person(entity, stored[key])
                },
                key=lambda k: (positions.get(k, ""), k),
            )
            own = fresh.get(entity.id)
            key = matches[0] if matches else f"{entity.kind}:{entity.name}"
            group = groups.get(key)
            if group is None:
                group = groups[key] = _EntityGroup(entity, matches)
                for match in matches:
                    group.tally.add(
                        EntityTally(stored[match].get("counts", {}), stored[match].get("first", {}))
                    )
            if own is not None:
                group.tally.add(own)
                group.gained = True
            if matches:
                entity.name = _canonical_name(group.tally, entity.name)
        # only what the new articles changed is saved: an entity no new article names is as stored
        self.records = [
            _entity_record(g.entity, key, positions.get(key, "1/" + key), g.tally)
            for key, g in groups.items()
            if g.gained
        ]
        saved = {r.key for r in self.records}
        self.retired = sorted({m for g in groups.values() if g.gained for m in g.matches[1:]} - saved)
        return entities, mapping


@dataclass
class _EntityGroup:
    entity: Entity
    matches: list[str]  # the stored entities it takes up (the first one's key is kept)
    tally: EntityTally = field(default_factory=EntityTally)
    gained: bool = False  # a new article names it


def _canonical_name(tally: EntityTally, default: str) -> str:
    try:
        from .entities import canonical_name
    except ImportError:
        return default
    return canonical_name(Counter(tally.counts), tally.first) if tally.counts else default


def _working_dossier(store: Storage, ids: Iterable[str], names: _StoredEntities) -> Dossier:
    """The articles ``ids`` (in store order) with their analyses, entities resolved against the store."""
    positions = store.article_positions(ids)
    ordered = sorted(positions, key=positions.__getitem__)
    dossier = Dossier(articles=list(store.iter_articles(ordered)))
    analyses = list(store.iter_analyses(ordered))
    _merge_analyses(dossier, analyses, names)
    return dossier


def _merge_analyses(dossier: Dossier, analyses: list[ArticleAnalysis], names: _StoredEntities) -> None:
    entities, mapping = names.resolve(analyses)
    _add_analyses(dossier, analyses, entities, mapping)


def _add_analyses(
    dossier: Dossier, analyses: list[ArticleAnalysis], entities: list[Entity], mapping: dict[str, str]
) -> None:
    """The per-article records of ``analyses`` into ``dossier``, pointed at the collection's entities."""
    for analysis in analyses:
        dossier.mentions += analysis.mentions
        dossier.quotes += analysis.quotes
        dossier.claims += analysis.claims
        dossier.opinion += analysis.opinion
    _apply_entity_mapping(dossier, entities, mapping)
    dossier.entities = entities


def _part_of(dossier: Dossier, events: list[Event]) -> Dossier:
    """The part of ``dossier`` that ``events`` hold: their articles and those articles' records."""
    held = {a for event in events for a in event.articles}
    return Dossier(
        articles=[a for a in dossier.articles if a.id in held],
        events=events,
        entities=dossier.entities,
        mentions=[m for m in dossier.mentions if m.article in held],
        quotes=[q for q in dossier.quotes if q.article in held],
        claims=[c for c in dossier.claims if c.article in held],
        opinion=[o for o in dossier.opinion if o.article in held],
    )


@dataclass
class _EventChanges:
    """What the events stage changed this run, against the stored events."""

    before: dict[str, Event]
    after: list[Event]
    changed: list[Event]  # new or modified, in collection order
    removed: list[str]  # merged away
    pos: dict[str, str]  # every event's position after the run
    next_event: int  # the position the next new event takes


def _update_incrementally(
    store: Storage, new_ids: list[str], config: Config, report: RunReport, marker: dict[str, Any]
) -> Dossier:
    started = time.perf_counter()
    positions = store.article_positions(new_ids)
    new_ids = sorted(dict.fromkeys(i for i in new_ids if i in positions), key=positions.__getitem__)
    update = CollectionUpdate()
    stored_events = [from_dict(Event, r) for r in store.get_collection("events")]  # small records
    names = _StoredEntities(store, new_ids, int(marker.get("locals", 0)))
    newcomers = _working_dossier(store, new_ids, names)
    newcomers.events = list(stored_events)
    report.timed("build_dossier", started)
    started = time.perf_counter()
    stage = _update_one(store, newcomers, "events", new_ids, config, report, update.state)
    report.timed("events", started)
    if stage is None:  # the events stage failed: the rebuild places the articles in fallback events
        return rebuild_collection(store, new_ids, config, report)
    events = _event_changes(store, stage, stored_events, marker, update)
    touched = _touched_events(store, events, new_ids)
    started = time.perf_counter()
    wanted = (
        _storyline_neighbourhood(store, events, touched) if "storylines" in config.collection_stages else {}
    )
    in_play = [e for e in events.after if e.id in wanted or e.id in touched]
    work = _working_dossier(store, {*new_ids, *(a for e in in_play for a in e.articles)}, names)
    positions = store.article_positions(a.id for a in work.articles)
    report.timed("build_dossier", started)
    old_storylines: list[Storyline] = []
    new_storylines: list[Storyline] = []
    if "storylines" in config.collection_stages:
        started = time.perf_counter()
        old_storylines, new_storylines = _update_storylines(store, work, events, in_play, report, update)
        report.timed("storylines", started)
    storyline_pos = {s.id: _storyline_pos(s, events.pos) for s in new_storylines}
    held = {e for s in (*old_storylines, *new_storylines) for e in s.events} | touched
    part = _part_of(work, [e for e in events.after if e.id in held])
    part.storylines = new_storylines
    owners = [*(e.id for e in part.events), *(s.id for s in old_storylines), *events.removed]
    if "findings" in config.collection_stages:
        started = time.perf_counter()
        if _update_one(store, part, "findings", new_ids, config, report, update.state) is not None:
            update.delete["findings"] = _owned(store, "findings", owners)
            update.upsert["findings"] = _finding_records(
                part, part.findings, events.pos, storyline_pos, positions
            )
        report.timed("findings", started)
    if "briefings" in config.collection_stages:
        started = time.perf_counter()
        _update_briefings(store, part, events, touched, new_ids, config, report, update)
        report.timed("briefings", started)
    if "timeline" in config.collection_stages:
        started = time.perf_counter()
        _update_timeline(store, part, events, storyline_pos, owners, report, update)
        report.timed("timeline", started)
    if "duplicates" in config.collection_stages:
        started = time.perf_counter()
        part.duplicates = _update_duplicates(store, new_ids, report, update)
        report.timed("duplicates", started)
    started = time.perf_counter()
    update.upsert["entities"] = names.records
    update.delete["entities"] = names.retired
    marker = {**marker, "next_event": events.next_event, "locals": names.next_local}
    update.state[INCREMENTAL_STATE] = json.dumps(marker).encode()
    update.state[FALLBACK_STATE] = b"[]"
    store.apply_collection(update)
    report.timed("save_collection", started)
    return part


def _event_changes(
    store: Storage, stage: Any, stored: list[Event], marker: dict[str, Any], update: CollectionUpdate
) -> _EventChanges:
    """The stored events with the event index's new versions in their places, new events after them
    (the order a rebuild gives), and the record changes that makes."""
    index = stage.index
    before = {e.id: e for e in stored}
    merged = {e.id: e for e in stored if e.id not in index.absorbed}
    merged.update(index.events)
    after = list(merged.values())
    removed = [event_id for event_id in before if event_id not in merged]
    changed = [e for e in after if before.get(e.id) != e]
    pos = store.record_positions("events", before)
    next_event = int(marker.get("next_event", len(before)))
    for event in changed:
        if event.id not in pos:
            pos[event.id] = seq_pos(next_event)
            next_event += 1
    update.upsert["events"] = [_event_record(e, pos[e.id]) for e in changed]
    update.delete["events"] = removed
    return _EventChanges(before, after, changed, removed, pos, next_event)


def _touched_events(store: Storage, events: _EventChanges, new_ids: list[str]) -> set[str]:
    """Events changed this run, and those holding a new article (a revised one stays in its event)."""
    touched = {e.id for e in events.changed}
    holders = store.keys_with_terms("events", [f"a:{a}" for a in new_ids])
    touched.update(e for found in holders.values() for e in found if e not in events.removed)
    return touched


def _postings(store: Storage, names: set[str], events: _EventChanges) -> dict[str, set[str]]:
    """name -> the events holding it after this run: the stored index, with this run's changes."""
    stored = store.keys_with_terms("events", [f"n:{n}" for n in names])
    postings = {n: set(stored.get(f"n:{n}", [])) for n in names}
    for event_id in [*events.removed, *(e.id for e in events.changed)]:
        old = events.before.get(event_id)
        for name in old.entities if old is not None else []:
            if name in postings:
                postings[name].discard(event_id)
    for event in events.changed:
        for name in event.entities:
            if name in postings:
                postings[name].add(event.id)
    return postings


def _storyline_neighbourhood(store: Storage, events: _EventChanges, touched: set[str]) -> set[str]:
    """The events whose storylines this run may change: the touched ones, the events sharing a
    name with them (the storyline stage's candidate pairs), and every event of their storylines."""
    from .storylines import MAX_POSTING

    after = {e.id: e for e in events.after}
    names = {n for event_id in touched for n in after[event_id].entities}
    postings = _postings(store, names, events)
    candidates = {e for members in postings.values() if len(members) <= MAX_POSTING for e in members}
    wanted = touched | _linked_candidates(store, events, touched, candidates - touched)
    wanted.update(m for s in _storylines_holding(store, wanted | set(events.removed)) for m in s.events)
    return {e for e in wanted if e in after}


def _linked_candidates(
    store: Storage, events: _EventChanges, touched: set[str], candidates: set[str]
) -> set[str]:
    """The candidates that link (directly or through one another) to a touched event: only their
    storylines can change. Profiling them reads their articles, not their analyses."""
    from .storylines import build_storylines

    if not candidates:
        return set()
    scope = [e for e in events.after if e.id in touched or e.id in candidates]
    by_id = {a.id: a for a in store.iter_articles({a for e in scope for a in e.articles})}
    stats = _event_stats(store, events, scope, by_id, _term_changes(by_id, events))
    found = build_storylines(Dossier(articles=list(by_id.values()), events=scope), stats)
    return {e for s in found if touched.intersection(s.events) for e in s.events} - touched


def _term_changes(by_id: dict[str, Article], events: _EventChanges) -> dict[str, int]:
    """How this run's event changes move the lead-term counts (old profiles out, new ones in)."""
    from .storylines import profile_terms

    changes: dict[str, int] = {}
    for event_id in [*events.removed, *(e.id for e in events.changed)]:
        if event_id in events.before:
            for term in profile_terms(by_id, events.before[event_id]):
                changes[term] = changes.get(term, 0) - 1
    for event in events.changed:
        for term in profile_terms(by_id, event):
            changes[term] = changes.get(term, 0) + 1
    return changes


def _event_stats(
    store: Storage,
    events: _EventChanges,
    scope: list[Event],
    by_id: dict[str, Article],
    changes: dict[str, int],
) -> EventStats:
    """Collection-wide event frequencies of the names and lead terms of ``scope``, after this run."""
    from .storylines import EventStats, profile_terms

    terms = {t for e in scope for t in profile_terms(by_id, e)}
    term_df = store.get_counts(EVENT_TERMS, terms)
    for term in terms:
        term_df[term] = term_df.get(term, 0) + changes.get(term, 0)
    postings = _postings(store, {n for e in scope for n in e.entities}, events)
    return EventStats(len(events.after), Counter({n: len(m) for n, m in postings.items()}), Counter(term_df))


def _storylines_holding(store: Storage, event_ids: Iterable[str]) -> list[Storyline]:
    found = store.keys_with_terms("storylines", [f"e:{e}" for e in event_ids])
    keys = {k for ks in found.values() for k in ks}
    return [from_dict(Storyline, r) for r in store.get_records("storylines", keys).values()]


def _update_storylines(
    store: Storage,
    work: Dossier,
    events: _EventChanges,
    in_play: list[Event],
    report: RunReport,
    update: CollectionUpdate,
) -> tuple[list[Storyline], list[Storyline]]:
    """Storylines among the events in play, weighed with collection-wide counts; returns the stored
    storylines they replace and the new ones."""
    from .storylines import build_storylines

    by_id = {a.id: a for a in work.articles}
    changes = _term_changes(by_id, events)
    stats = _event_stats(store, events, in_play, by_id, changes)
    old = _storylines_holding(store, [*(e.id for e in in_play), *events.removed])
    try:
        new = build_storylines(Dossier(articles=work.articles, events=in_play), stats)
    except Exception as err:
        log.exception("collection stage storylines failed")
        report.errors.append(f"storylines failed: {type(err).__name__}: {err}")
        return old, old
    update.counts[EVENT_TERMS] = changes
    update.delete["storylines"] = [s.id for s in old]
    update.upsert["storylines"] = [_storyline_record(s, _storyline_pos(s, events.pos)) for s in new]
    return old, new


def _owned(store: Storage, kind: str, owners: list[str]) -> list[str]:
    found = store.keys_with_terms(kind, [f"o:{o}" for o in owners])
    return sorted({k for keys in found.values() for k in keys})


def _update_briefings(
    store: Storage,
    part: Dossier,
    events: _EventChanges,
    touched: set[str],
    new_ids: list[str],
    config: Config,
    report: RunReport,
    update: CollectionUpdate,
) -> None:
    """Briefings of the touched events (the stage keeps one whose event gained nothing)."""
    import dataclasses

    mine = [e for e in part.events if e.id in touched]
    stored = store.get_records("briefings", [e.id for e in mine])
    briefed = dataclasses.replace(
        part, events=mine, briefings=[from_dict(Briefing, r) for r in stored.values()]
    )
    if _update_one(store, briefed, "briefings", new_ids, config, report, update.state) is None:
        return
    part.briefings = briefed.briefings
    update.upsert["briefings"] = [_briefing_record(b, events.pos) for b in briefed.briefings]
    update.delete["briefings"] = list(events.removed)


def _update_timeline(
    store: Storage,
    part: Dossier,
    events: _EventChanges,
    storyline_pos: dict[str, str],
    owners: list[str],
    report: RunReport,
    update: CollectionUpdate,
) -> None:
    """The timeline groups of the events and storylines in play, rebuilt whole."""
    from .timeline import build_timeline_groups

    try:
        groups = build_timeline_groups(part)
    except Exception as err:
        log.exception("collection stage timeline failed")
        report.errors.append(f"timeline failed: {type(err).__name__}: {err}")
        return
    part.timeline = [entry for _, entries in groups for entry in entries]
    entry_owners = [owner for owner, entries in groups for _ in entries]
    update.delete["timeline"] = _owned(store, "timeline", owners)
    update.upsert["timeline"] = _timeline_records(part.timeline, entry_owners, events.pos, storyline_pos)


def _update_duplicates(
    store: Storage, new_ids: list[str], report: RunReport, update: CollectionUpdate
) -> list[DuplicateGroup]:
    """New articles looked up in the stored LSH index; the groups they join are regrouped whole."""
    from .duplicates import band_terms, regroup

    try:
        texts = {a.id: a.text or "" for a in store.iter_articles(new_ids)}
        terms = band_terms(texts)
        found = store.keys_with_terms(MINHASH, [t for ts in terms.values() for t in ts])
        candidates = {a for keys in found.values() for a in keys}
        involved = {*new_ids, *candidates}
        holders = store.keys_with_terms("duplicates", [f"a:{a}" for a in involved])
        old_groups = [
            from_dict(DuplicateGroup, r)
            for r in store.get_records("duplicates", {k for ks in holders.values() for k in ks}).values()
        ]
        involved.update(m.article for g in old_groups for m in g.members)
        positions = store.article_positions(involved)
        articles = list(store.iter_articles(sorted(positions, key=positions.__getitem__)))
        groups = regroup(articles, band_terms({a.id: a.text or "" for a in articles}))
    except Exception as err:
        log.exception("collection stage duplicates failed")
        report.errors.append(f"duplicates failed: {type(err).__name__}: {err}")
        return []
    update.delete["duplicates"] = [g.id for g in old_groups]
    update.upsert["duplicates"] = [_duplicate_record(g, positions) for g in groups]
    update.upsert[MINHASH] = [_minhash_record(a, positions, terms) for a in articles if a.id in texts]
    return groups
