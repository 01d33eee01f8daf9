"""Dated timelines per storyline: the events of the corpus plus the earlier happenings they mention.

* An event is dated by its occurrence, not its coverage: a relative date in the opening sentences
  of its articles ("said on Wednesday" in an article of Thursday 13 Feb 2025 → 12 Feb 2025) wins a
  vote across articles; without one, the earliest publication date stands in.
* Earlier happenings the articles refer to (the 2022 invasion, Sunday's meeting in Rome, Friday's
  talks in Istanbul) become ``mentioned=True`` entries, each cited to the sentence that mentions it
  and to the time expression itself.

Events in no storyline get a timeline of their own (``storyline=None``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .briefing import article_sentences, is_reporting_sentence
from .config import Config
from .model import Article, Dossier, Event, Evidence, OpinionFlag, TimelineEntry
from .temporal import (
    Precision,
    Resolution,
    article_anchor,
    find_temporal_expressions,
    parse_anchor,
    resolve,
)

OPENING_SENTENCES = 3  # where a report says when its own event happened
RECENT_DAYS = 14  # an occurrence date further back than this from publication is not "the event"
_ABSOLUTE_KINDS = {"iso", "numeric", "month_day", "day_month"}
_RELATIVE_KINDS = {"weekday", "day_word"}


@dataclass
class DatedMention:
    """One resolved time expression in one sentence of one article."""

    article: Article
    sentence_start: int
    sentence_end: int
    expression: Evidence
    resolution: Resolution
    sentence_index: int
    kind: str

    @property
    def sentence(self) -> Evidence:
        text = self.article.text[self.sentence_start : self.sentence_end]
        return Evidence(self.article.id, self.sentence_start, self.sentence_end, text)


@dataclass
class EventDate:
    date: dt.date
    precision: Precision
    spans: list[Evidence] = field(default_factory=list)
    how: str = "publication"  # "text" when resolved from the articles' own words


def dated_mentions(article: Article, opinion: list[OpinionFlag]) -> list[DatedMention]:
    """Every confidently resolved time expression in the article's reporting sentences."""
    anchor = article_anchor(article)
    flagged = [(f.start, f.end) for f in opinion if f.article == article.id and f.score >= 0.5]
    found: list[DatedMention] = []
    index = 0
    for sentence in article_sentences(article):
        text = article.text[sentence.start : sentence.end]
        if not is_reporting_sentence(text) or any(
            sentence.start < e and s < sentence.end for s, e in flagged
        ):
            continue
        expressions = find_temporal_expressions(text)
        if sum(e.kind in _ABSOLUTE_KINDS for e in expressions) >= 2:
            index += 1
            continue  # a caption or list of dates ("Trump, Feb. 11, 2025, Zelenskyy, Feb. 10, 2025")
        for expr in expressions:
            res = resolve(expr.text, anchor, context=text)
            if not res.resolved or res.date is None:
                continue
            start = sentence.start + expr.start
            evidence = Evidence(article.id, start, start + len(expr.text), expr.text, ref="date")
            found.append(DatedMention(article, sentence.start, sentence.end, evidence, res, index, expr.kind))
        index += 1
    return found


def event_date(dossier: Dossier, event: Event, mentions: dict[str, list[DatedMention]]) -> EventDate | None:
    """The day the event happened, voted from its articles' openings; else the first publication date."""
    votes: dict[dt.date, float] = defaultdict(float)
    spans: dict[dt.date, list[Evidence]] = defaultdict(list)
    for article_id in event.articles:
        for mention in mentions.get(article_id, []):
            res = mention.resolution
            anchor = article_anchor(mention.article)
            if mention.sentence_index >= OPENING_SENTENCES or res.precision != "day" or res.date is None:
                continue
            if res.direction == "future" or (anchor and not 0 <= (anchor - res.date).days <= RECENT_DAYS):
                continue
            votes[res.date] += 1.0 if mention.kind in _RELATIVE_KINDS else 0.8
            spans[res.date].append(mention.expression)
    if votes:
        best = max(votes, key=lambda day: (votes[day], -day.toordinal()))
        return EventDate(best, "day", spans[best], "text")
    published = [d for a in event.articles if (d := _published(dossier, a))]
    if published:
        return EventDate(min(published), "day")
    start = parse_anchor(event.start)
    return EventDate(start, "day") if start else None


def _published(dossier: Dossier, article_id: str) -> dt.date | None:
    try:
        return parse_anchor(dossier.article(article_id).published)
    except KeyError:
        return None


def mentioned_entries(
    events: list[Event],
    dated: dict[str, EventDate],
    mentions: dict[str, list[DatedMention]],
    storyline: str | None,
) -> list[TimelineEntry]:
    """Earlier happenings the storyline's articles refer to, one entry per date, each cited."""
    event_days = {d.date for d in dated.values()}
    groups: dict[tuple[str, str], list[DatedMention]] = defaultdict(list)
    for event in events:
        if event.id not in dated:
            continue
        own_day = dated[event.id].date
        for article_id in event.articles:
            for mention in mentions.get(article_id, []):
                res = mention.resolution
                assert res.date is not None
                end_of_period = res.interval[1] if res.interval else res.date
                if end_of_period >= own_day or res.date in event_days:
                    continue  # part of (or after) the event that mentions it, or a corpus event itself
                if res.direction == "future" or mention.kind == "period" or _inside_quotation(mention):
                    continue  # plans, "last year" and what a speaker recalls are not dated happenings
                groups[(res.date.isoformat(), res.precision)].append(mention)
    entries = []
    for (date, precision), group in groups.items():
        # "in 2014" names a happening; "pre-2014 borders" only alludes to one
        shortest = min(group, key=lambda m: (not _names_a_time(m), m.sentence_end - m.sentence_start))
        spans: list[Evidence] = []
        for mention in group:
            for evidence in (mention.sentence, mention.expression):
                if all(
                    (e.article, e.start, e.end) != (evidence.article, evidence.start, evidence.end)
                    for e in spans
                ):
                    spans.append(evidence)
        articles = sorted({m.article.id for m in group})
        entries.append(
            TimelineEntry(
                date, precision, shortest.sentence.text, None, storyline, articles, spans, mentioned=True
            )  # type: ignore[arg-type]
        )
    return entries


def _inside_quotation(mention: DatedMention) -> bool:
    before = mention.article.text[mention.sentence_start : mention.expression.start]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _names_a_time(mention: DatedMention) -> bool:
    return mention.expression.text.split()[0].lower() in ("in", "on", "since", "during", "last", "yesterday")


def build_timeline(dossier: Dossier) -> list[TimelineEntry]:
    return [entry for _, entries in build_timeline_groups(dossier) for entry in entries]


def build_timeline_groups(dossier: Dossier) -> list[tuple[str, list[TimelineEntry]]]:
    """The timeline per group, in order: (storyline id, its entries) for each storyline, then (event id,
    its entries) for each event in no storyline. A group is rebuilt whole or kept whole."""
    opinion_by_article: dict[str, list[OpinionFlag]] = {}
    for flag in dossier.opinion:
        opinion_by_article.setdefault(flag.article, []).append(flag)
    mentions = {a.id: dated_mentions(a, opinion_by_article.get(a.id, [])) for a in dossier.articles}
    by_id = {e.id: e for e in dossier.events}
    in_storyline = {eid for s in dossier.storylines for eid in s.events}
    groups: list[tuple[str, str | None, list[Event]]] = [
        (s.id, s.id, [by_id[eid] for eid in s.events if eid in by_id]) for s in dossier.storylines
    ]
    groups += [(e.id, None, [e]) for e in dossier.events if e.id not in in_storyline]
    timeline: list[tuple[str, list[TimelineEntry]]] = []
    for owner, storyline, events in groups:
        dated = {e.id: d for e in events if (d := event_date(dossier, e, mentions))}
        entries = [
            TimelineEntry(
                dated[e.id].date.isoformat(),
                dated[e.id].precision,
                e.title,
                e.id,
                storyline,
                list(e.articles),
                dated[e.id].spans,
            )
            for e in events
            if e.id in dated
        ]
        entries += mentioned_entries(events, dated, mentions, storyline)
        entries.sort(key=lambda t: (t.date, t.mentioned is False, t.summary))
        timeline.append((owner, entries))
    return timeline


class TimelineStage:
    """CollectionStage: dated entries per storyline (events + mentioned earlier happenings)."""

    name = "timeline"

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.owners: list[str] = []  # per entry of the last update: the storyline or event it belongs to

    def update(self, dossier: Dossier, new_ids: list[str]) -> None:
        # Cheap (regexes over reporting sentences), and storylines may have been regrouped: rebuild.
        # (An incremental collection run hands it only the events it touched.)
        groups = build_timeline_groups(dossier)
        dossier.timeline = [entry for _, entries in groups for entry in entries]
        self.owners = [owner for owner, entries in groups for _ in entries]


def verify_timeline(dossier: Dossier) -> list[str]:
    """Problems with timeline citations: every span must be ``article.text[start:end]``."""
    problems = []
    for entry in dossier.timeline:
        if entry.mentioned and not entry.spans:
            problems.append(f"{entry.date} {entry.summary[:40]!r}: mentioned entry without a span")
        for span in entry.spans:
            try:
                text = dossier.article(span.article).text[span.start : span.end]
            except KeyError:
                problems.append(f"{entry.date}: unknown article {span.article}")
                continue
            if text != span.text:
                problems.append(f"{entry.date}: span text differs in {span.article}")
        if entry.mentioned and entry.summary not in [s.text for s in entry.spans]:
            problems.append(f"{entry.date}: summary is not a cited sentence")
    return problems
