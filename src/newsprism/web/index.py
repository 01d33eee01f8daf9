"""The dossier as the pages need it: built once per store modification, looked up by id per request.

An event page with 1,000 articles must render in well under 300 ms, so nothing here scans the whole
dossier per request: :class:`DossierIndex` groups every record by article, event, entity and
storyline once, and memoises the per-event views (quote variants, evidence columns) on first use.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from ..model import (
    Article,
    Briefing,
    Claim,
    Dossier,
    DuplicateGroup,
    Entity,
    Event,
    Evidence,
    Finding,
    Mention,
    OpinionFlag,
    Quote,
    Storyline,
    TimelineEntry,
)
from ..store import Storage
from .diff import WordOp, word_diff

# Quotes of one speaker whose texts are at least this similar (0-100) are shown as variants of one quote.
VARIANT_SIMILARITY = 70.0


def day_of(iso: str | None) -> str | None:
    """The YYYY-MM-DD part of an ISO date/datetime, or None when it is not one."""
    if not iso or len(iso) < 10:
        return None
    try:
        date.fromisoformat(iso[:10])
    except ValueError:
        return None
    return iso[:10]


def outlet_of(article: Article) -> str:
    return article.outlet or "unknown outlet"


@dataclass
class QuoteVariant:
    quote: Quote
    outlet: str
    published: str | None
    diff: list[WordOp]  # against the group's first quote; empty for the first one


@dataclass
class Wording:
    """One wording of a quote and every article that printed it that way."""

    text: str
    diff: list[WordOp]  # against the group's first wording; empty for the first one
    variants: list[QuoteVariant]


@dataclass
class QuoteGroup:
    """One thing a speaker said, as each outlet worded it."""

    variants: list[QuoteVariant]

    @property
    def differs(self) -> bool:
        return len(self.wordings) > 1

    @cached_property
    def wordings(self) -> list[Wording]:
        """Identical wordings collapsed, so 200 outlets repeating one sentence read as one line."""
        by_text: dict[str, Wording] = {}
        for variant in self.variants:
            key = variant.quote.text.strip()
            if key not in by_text:
                by_text[key] = Wording(variant.quote.text, variant.diff, [])
            by_text[key].variants.append(variant)
        return list(by_text.values())


@dataclass
class SpeakerQuotes:
    speaker: str
    entity: str | None
    groups: list[QuoteGroup]

    @property
    def count(self) -> int:
        return sum(len(g.variants) for g in self.groups)


@dataclass
class EvidenceColumn:
    """A finding's evidence from one outlet (a column of the side-by-side view)."""

    outlet: str
    items: list[tuple[Evidence, Article | None]]


@dataclass
class FindingView:
    finding: Finding
    columns: list[EvidenceColumn]
    diffs: list[tuple[str, list[WordOp]]] = field(default_factory=list)  # quote variants: outlet, diff


@dataclass
class EventSummary:
    """What the home page lists for one event."""

    event: Event
    articles: list[Article]
    outlets: list[str]
    languages: list[str]
    first: str | None
    last: str | None
    conflicts: int
    quote_variants: int
    coverage: list[tuple[str, int]]  # (day, articles that day), consecutive days

    @property
    def sort_key(self) -> str:
        return self.last or self.first or ""


@dataclass
class EventView:
    summary: EventSummary
    briefing: Briefing | None
    findings: dict[str, list[FindingView]]  # by kind, in FINDING_ORDER
    speakers: list[SpeakerQuotes]
    entities: list[tuple[Entity | None, str, int]]  # entity, name, mentions in this event
    duplicates: list[DuplicateGroup]
    storylines: list[Storyline]


FINDING_ORDER = ("conflict", "quote_variant", "outlier", "agreement", "single_source")
FINDING_LABELS = {
    "conflict": "Conflicts",
    "quote_variant": "Quote variants",
    "outlier": "Outliers",
    "agreement": "Agreements",
    "single_source": "Single-source claims and voices",
}


class DossierIndex:
    """Every dossier record grouped the way the pages look it up."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.articles: dict[str, Article] = {a.id: a for a in dossier.articles}
        self.events: dict[str, Event] = {e.id: e for e in dossier.events}
        self.storylines: dict[str, Storyline] = {s.id: s for s in dossier.storylines}
        self.entities: dict[str, Entity] = {e.id: e for e in dossier.entities}
        self.quotes: dict[str, Quote] = {q.id: q for q in dossier.quotes}
        self.event_of_article: dict[str, str] = {}
        for event in dossier.events:
            for article_id in event.articles:
                self.event_of_article.setdefault(article_id, event.id)
        self.storylines_of_event: dict[str, list[Storyline]] = _group_many(
            dossier.storylines, lambda s: s.events
        )
        self.quotes_by_article: dict[str, list[Quote]] = _group(dossier.quotes, lambda q: q.article)
        self.claims_by_article: dict[str, list[Claim]] = _group(dossier.claims, lambda c: c.article)
        self.mentions_by_article: dict[str, list[Mention]] = _group(dossier.mentions, lambda m: m.article)
        self.opinion_by_article: dict[str, list[OpinionFlag]] = _group(dossier.opinion, lambda o: o.article)
        self.quotes_by_entity: dict[str, list[Quote]] = _group(
            [q for q in dossier.quotes if q.speaker_entity], lambda q: q.speaker_entity
        )
        self.claims_by_entity: dict[str, list[Claim]] = _group(
            [c for c in dossier.claims if c.subject_entity], lambda c: c.subject_entity
        )
        self.mentions_by_entity: dict[str, list[Mention]] = _group(
            [m for m in dossier.mentions if m.entity], lambda m: m.entity
        )
        self.briefings: dict[str, Briefing] = {b.event: b for b in dossier.briefings}
        self.findings_by_event: dict[str, list[Finding]] = _group(dossier.findings, self._event_of_finding)
        self.duplicates_by_article: dict[str, list[DuplicateGroup]] = _group_many(
            dossier.duplicates, lambda g: [g.original, *(m.article for m in g.members)]
        )
        self.timeline_by_storyline: dict[str, list[TimelineEntry]] = _group(
            [t for t in dossier.timeline if t.storyline], lambda t: t.storyline
        )
        self.timeline_by_event: dict[str, list[TimelineEntry]] = _group(
            [t for t in dossier.timeline if t.event], lambda t: t.event
        )
        self.evidence_by_article: dict[str, set[tuple[int, int]]] = self._collect_evidence_spans()
        self.summaries: dict[str, EventSummary] = {e.id: self._summarise(e) for e in dossier.events}
        self.outlets = sorted({outlet_of(a) for a in dossier.articles})
        self.languages = sorted({a.language for a in dossier.articles if a.language})
        self._views: dict[str, EventView] = {}
        self._names: dict[str, Entity] | None = None
        self._views_lock = threading.Lock()

    # ------------------------------------------------------------------ building
    def _event_of_finding(self, finding: Finding) -> str:
        if finding.event:
            return finding.event
        votes = Counter(self.event_of_article.get(a) for a in finding.articles)
        votes.pop(None, None)
        return votes.most_common(1)[0][0] if votes else ""

    def _collect_evidence_spans(self) -> dict[str, set[tuple[int, int]]]:
        """Every span some page cites, so the article page can give each one an anchor."""
        spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
        cited: list[Evidence] = [e for f in self.dossier.findings for e in f.items]
        cited += [c for b in self.dossier.briefings for s in b.sentences for c in s.citations]
        cited += [e for t in self.dossier.timeline for e in t.spans]
        for evidence in cited:
            spans[evidence.article].add((evidence.start, evidence.end))
        for quote in self.dossier.quotes:
            spans[quote.article].add((quote.start, quote.end))
        return spans

    def _summarise(self, event: Event) -> EventSummary:
        articles = [self.articles[a] for a in event.articles if a in self.articles]
        days = sorted(d for d in (day_of(a.published) for a in articles) if d)
        findings = self.findings_by_event.get(event.id, [])
        return EventSummary(
            event=event,
            articles=articles,
            outlets=sorted({outlet_of(a) for a in articles} | set(event.outlets)),
            languages=sorted({a.language for a in articles if a.language}),
            first=days[0] if days else day_of(event.start),
            last=days[-1] if days else day_of(event.end) or day_of(event.start),
            conflicts=sum(1 for f in findings if f.kind == "conflict"),
            quote_variants=sum(1 for f in findings if f.kind == "quote_variant"),
            coverage=_daily_counts(days),
        )

    # ------------------------------------------------------------------ lookups
    def article_events(self, article_id: str) -> list[Event]:
        return [self.events[e] for e in [self.event_of_article.get(article_id)] if e in self.events]

    def events_newest_first(self, keep: Callable[[Article], bool] | None = None) -> list[EventSummary]:
        summaries = [s for s in self.summaries.values() if keep is None or any(keep(a) for a in s.articles)]
        return sorted(summaries, key=lambda s: (s.sort_key, s.event.id), reverse=True)

    def storyline_summaries(self, visible_events: set[str]) -> list[tuple[Storyline, list[EventSummary]]]:
        rows = []
        for storyline in self.storylines.values():
            events = [self.summaries[e] for e in storyline.events if e in visible_events]
            if events:
                rows.append((storyline, events))
        return sorted(rows, key=lambda row: max((e.sort_key for e in row[1]), default=""), reverse=True)

    def event_view(self, event_id: str) -> EventView:
        """The event page's data, computed once per dossier."""
        with self._views_lock:
            if event_id not in self._views:
                self._views[event_id] = self._build_event_view(self.events[event_id])
            return self._views[event_id]

    def _build_event_view(self, event: Event) -> EventView:
        summary = self.summaries[event.id]
        by_kind: dict[str, list[FindingView]] = {kind: [] for kind in FINDING_ORDER}
        for finding in self.findings_by_event.get(event.id, []):
            by_kind.setdefault(finding.kind, []).append(self._finding_view(finding))
        article_ids = set(event.articles)
        duplicates = {g.id: g for a in event.articles for g in self.duplicates_by_article.get(a, [])}
        return EventView(
            summary=summary,
            briefing=self.briefings.get(event.id),
            findings={kind: views for kind, views in by_kind.items() if views},
            speakers=self._speakers(summary.articles),
            entities=self._event_entities(event, summary.articles),
            duplicates=[g for g in duplicates.values() if g.original in article_ids or g.members],
            storylines=self.storylines_of_event.get(event.id, []),
        )

    def _finding_view(self, finding: Finding) -> FindingView:
        columns: dict[str, EvidenceColumn] = {}
        for evidence in finding.items:
            article = self.articles.get(evidence.article)
            outlet = outlet_of(article) if article else evidence.article
            columns.setdefault(outlet, EvidenceColumn(outlet, [])).items.append((evidence, article))
        view = FindingView(finding, list(columns.values()))
        if finding.kind == "quote_variant" and len(finding.items) > 1:
            base = finding.items[0].text
            for evidence in finding.items[1:]:
                article = self.articles.get(evidence.article)
                outlet = outlet_of(article) if article else evidence.article
                view.diffs.append((outlet, word_diff(base, evidence.text)))
        return view

    def _speakers(self, articles: list[Article]) -> list[SpeakerQuotes]:
        by_speaker: dict[tuple[str, str | None], list[QuoteVariant]] = defaultdict(list)
        for article in articles:
            for quote in self.quotes_by_article.get(article.id, []):
                key = (quote.speaker or "Unattributed", quote.speaker_entity)
                by_speaker[key].append(QuoteVariant(quote, outlet_of(article), article.published, []))
        speakers = [
            SpeakerQuotes(name, entity, _variant_groups(variants))
            for (name, entity), variants in by_speaker.items()
        ]
        return sorted(speakers, key=lambda s: (s.speaker == "Unattributed", -s.count, s.speaker))

    def _event_entities(self, event: Event, articles: list[Article]) -> list[tuple[Entity | None, str, int]]:
        counts: Counter[str] = Counter()
        for article in articles:
            counts.update(m.entity for m in self.mentions_by_article.get(article.id, []) if m.entity)
        rows: list[tuple[Entity | None, str, int]] = [
            (self.entities.get(eid), self.entities[eid].name if eid in self.entities else eid, n)
            for eid, n in counts.most_common(40)
        ]
        listed = {entity.id for entity, _, _ in rows if entity}
        for name in event.entities:
            entity = self._entity_named(name)
            if entity is None:
                rows.append((None, name, 0))
            elif entity.id not in listed:
                rows.append((entity, entity.name, 0))
                listed.add(entity.id)
        return rows

    def _entity_named(self, name: str) -> Entity | None:
        """The entity called ``name`` (an event lists main entities by name), aliases included."""
        if self._names is None:
            self._names = {}
            for entity in self.entities.values():
                for alias in [*entity.aliases, entity.name]:
                    self._names.setdefault(alias, entity)
        return self._names.get(name)


def _variant_groups(variants: list[QuoteVariant]) -> list[QuoteGroup]:
    """Greedy clustering: a quote joins the first group whose first quote reads like it."""
    from rapidfuzz import fuzz, process

    groups: list[QuoteGroup] = []
    bases: list[str] = []
    diffs: dict[tuple[int, str], list[WordOp]] = {}  # one diff per distinct wording
    for variant in sorted(variants, key=lambda v: (v.published or "", v.quote.id)):
        text = variant.quote.text
        best = process.extractOne(text, bases, scorer=fuzz.token_set_ratio, score_cutoff=VARIANT_SIMILARITY)
        if best is None:
            groups.append(QuoteGroup([variant]))
            bases.append(text)
            continue
        number = best[2]
        if (number, text) not in diffs:
            diffs[number, text] = word_diff(bases[number], text)
        variant.diff = diffs[number, text]
        groups[number].variants.append(variant)
    return groups


def _daily_counts(days: list[str]) -> list[tuple[str, int]]:
    """Articles per day over consecutive days (at most 120, the latest kept), zeros included."""
    if not days:
        return []
    counts = Counter(days)
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    span = min((last - first).days, 119)
    start = last - timedelta(days=span)
    return [
        (d.isoformat(), counts.get(d.isoformat(), 0)) for d in (start + timedelta(n) for n in range(span + 1))
    ]


def _group(records: list[Any], key: Callable[[Any], Hashable]) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for record in records:
        grouped[key(record)].append(record)
    return dict(grouped)


def _group_many(records: list[Any], keys: Callable[[Any], list[Any]]) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for record in records:
        for key in dict.fromkeys(keys(record)):
            grouped[key].append(record)
    return dict(grouped)


# --------------------------------------------------------------------------- cache


class DossierCache:
    """One :class:`DossierIndex` per store modification, shared by every request.

    SQLite tells a reader connection that another connection committed (``PRAGMA data_version``);
    the file's size and mtime back that up. Other backends are re-checked every few seconds by
    article count. ``invalidate()`` (called when an ingest from the page finishes) forces a rebuild.
    """

    RECHECK_SECONDS = 5.0

    def __init__(self, store: Storage, build: Callable[[Storage], Dossier], lock: threading.RLock) -> None:
        self._store = store
        self._build = build
        self.lock = lock  # also guards every other use of the reader connection
        self._index: DossierIndex | None = None
        self._stamp: object = None
        self._generation = 0
        self._checked_at = 0.0
        self._count = 0

    def invalidate(self) -> None:
        with self.lock:
            self._generation += 1

    def get(self) -> DossierIndex:
        with self.lock:
            stamp = self._fingerprint()
            if self._index is None or stamp != self._stamp:
                self._index = DossierIndex(self._build(self._store))
                self._stamp = stamp
            return self._index

    def _fingerprint(self) -> object:
        connection = getattr(self._store, "_db", None)
        path = Path(self._store.url)
        if hasattr(connection, "execute") and type(connection).__module__ == "sqlite3":
            version = connection.execute("PRAGMA data_version").fetchone()[0]  # type: ignore[union-attr]
            return (self._generation, version, _stat(path), _stat(path.with_name(path.name + "-wal")))
        now = time.monotonic()
        if self._index is None or now - self._checked_at >= self.RECHECK_SECONDS:
            self._checked_at = now
            self._count = self._store.count_articles()
        return (self._generation, self._count)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)
