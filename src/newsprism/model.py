"""The records newsprism speaks, defined once.

Every stage reads and writes these types; nobody invents a parallel dict. A span is always a
pair of character offsets into ``Article.text`` (the cleaned, normalised body), and
``article.text[start:end]`` is exactly the cited string.

Records are plain dataclasses so they serialise with :func:`to_dict` / :func:`from_dict` into the
dossier (``dossier.schema.json``) and into the store.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import time
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar
from urllib.parse import urlparse

SCHEMA_VERSION = "1.0"

T = TypeVar("T")


# --------------------------------------------------------------------------- ingest → clean


@dataclass
class RawDocument:
    """What a reader yields: one document as found, before cleaning.

    Exactly one of ``text`` or ``html`` is set. ``origin`` names where it came from
    (``path`` or ``path#record``) so that every error and every record points back to its input.
    """

    origin: str
    format: Literal["txt", "html", "jsonl", "feed", "warc"]
    raw_hash: str  # sha256 of the original bytes of this document
    text: str | None = None
    html: str | None = None
    id: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date/datetime as given by the input, unparsed
    source: str | None = None  # outlet / site name
    url: str | None = None
    language: str | None = None
    author: str | None = None
    summary_only: bool = False  # a feed item that carried only its summary


@dataclass
class RemovedLine:
    """A line cleaning took out of the body, and why (``reason`` is a short stable code)."""

    text: str
    reason: str
    start: int  # offsets into Article.original
    end: int


@dataclass
class Paragraph:
    start: int
    end: int


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int  # index into Article.paragraphs


@dataclass
class Article:
    """One cleaned article: the unit every per-article stage works on."""

    id: str
    text: str  # cleaned, Unicode-normalised body; every span indexes this
    original: str  # the decoded body before cleaning (for HTML: the extracted text)
    title: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    published_how: str | None = None  # "metadata" | "dateline" | "caption" | "text" | None
    published_confidence: float = 0.0  # 0 = unknown, 1 = given by the input
    language: str | None = None
    language_confidence: float = 0.0
    removed: list[RemovedLine] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    content_hash: str = ""  # sha256 of ``text``: the idempotence key
    raw_hash: str = ""  # sha256 of the original bytes
    origin: str = ""  # path or path#record it was read from
    format: str = ""
    summary_only: bool = False
    revision: int = 1

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    @property
    def outlet(self) -> str | None:
        """Who published it: the source given, else the host of its URL (for an archived copy, the host
        of the page archived, not the archive's)."""
        return self.source or outlet_from_url(self.url)


_ARCHIVED = re.compile(r"^/web/[^/]+/(.+)$")
ARCHIVE_HOSTS = ("web.archive.org", "archive.org", "wayback.archive.org")


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.")
    archived = _ARCHIVED.match(parsed.path) if host in ARCHIVE_HOSTS else None
    if archived:
        original = archived.group(1)
        return outlet_from_url(original if "://" in original else f"http://{original}")
    return host or None


# --------------------------------------------------------------------------- per-article stages


@dataclass
class Entity:
    """A canonical entity: what several mentions (in one or many articles) refer to."""

    id: str
    name: str  # canonical name, e.g. "Volodymyr Zelensky"
    kind: Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "OTHER"]
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # "President", "Kremlin spokesperson"
    gender: Literal["m", "f", "n", "?"] = "?"


@dataclass
class Mention:
    article: str
    start: int
    end: int
    text: str
    entity: str | None  # Entity.id
    kind: Literal["name", "nominal", "pronoun"] = "name"
    role: str | None = None  # a title stripped off the name ("President")


@dataclass
class Quote:
    id: str
    article: str
    text: str
    start: int
    end: int
    kind: Literal["direct", "indirect", "partial"] = "direct"
    speaker: str | None = None  # canonical name
    speaker_entity: str | None = None  # Entity.id
    speaker_start: int | None = None  # span of the mention naming the speaker here ("he", "the tycoon")
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    channel: str | None = None  # "Truth Social", "X", "Telegram", "video statement"


@dataclass
class Claim:
    """A typed, normalised statement of fact found in one sentence."""

    id: str
    article: str
    text: str  # the sentence
    start: int  # sentence span
    end: int
    # "duration", "count", "money", "percentage", "date", "elapsed", "age", "sentence", "title", "place"
    attribute: str
    value: Any = None  # normalised value (number in ``unit``, ISO date, title string…)
    unit: str | None = None
    low: float | None = None  # interval for hedged numbers; None = unbounded
    high: float | None = None
    qualifier: str | None = None  # "about", "nearly", "more than"…
    subject: str | None = None  # canonical entity name or a topic key
    subject_entity: str | None = None
    value_start: int | None = None  # span of the value phrase itself
    value_end: int | None = None


@dataclass
class OpinionFlag:
    article: str
    text: str
    start: int
    end: int
    score: float  # probability the sentence is the outlet's opinion, not reporting
    reasons: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- collection stages


@dataclass
class Evidence:
    """A cited span: ``text == article.text[start:end]``."""

    article: str
    start: int
    end: int
    text: str
    ref: str | None = None  # id of the claim/quote this evidence stands for


@dataclass
class DuplicateMember:
    article: str
    similarity: float


@dataclass
class DuplicateGroup:
    id: str
    original: str  # earliest article of the group
    members: list[DuplicateMember] = field(default_factory=list)


@dataclass
class Event:
    id: str
    title: str
    articles: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    outlets: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # main entities, canonical names


@dataclass
class Storyline:
    id: str
    title: str
    events: list[str] = field(default_factory=list)  # in time order
    evidence: list[str] = field(default_factory=list)  # why the events are linked, in words


@dataclass
class Finding:
    id: str
    kind: Literal["agreement", "conflict", "outlier", "quote_variant", "single_source"]
    summary: str
    event: str | None = None
    articles: list[str] = field(default_factory=list)
    items: list[Evidence] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # e.g. a word diff for quote variants


@dataclass
class BriefingSentence:
    text: str
    citations: list[Evidence] = field(default_factory=list)


@dataclass
class Briefing:
    event: str
    text: str
    sentences: list[BriefingSentence] = field(default_factory=list)


@dataclass
class TimelineEntry:
    date: str
    precision: Literal["day", "week", "month", "year"]
    summary: str
    event: str | None = None
    storyline: str | None = None
    articles: list[str] = field(default_factory=list)
    spans: list[Evidence] = field(default_factory=list)
    mentioned: bool = False  # an earlier happening that articles refer to, not an event in the corpus


@dataclass
class SkippedInput:
    """An input that could not be read, with a one-line reason."""

    origin: str
    reason: str


@dataclass
class Dossier:
    """Everything newsprism knows about a collection, as exported to ``dossier.json``."""

    schema_version: str = SCHEMA_VERSION
    articles: list[Article] = field(default_factory=list)
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    storylines: list[Storyline] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    opinion: list[OpinionFlag] = field(default_factory=list)
    briefings: list[Briefing] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)


@dataclass
class ArticleAnalysis:
    """What the per-article stages found in one article (stored per article, merged into a Dossier)."""

    article: str
    entities: list[Entity] = field(default_factory=list)  # article-local entities
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    sentence_scores: list[float] = field(default_factory=list)  # opinion score per Article.sentences
    opinion: list[OpinionFlag] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not analysed and why


# --------------------------------------------------------------------------- (de)serialisation


def to_dict(record: Any) -> Any:
    """A record (or list/dict of records) as plain JSON-able data."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list | tuple):
        return [to_dict(item) for item in record]
    if isinstance(record, dict):
        return {key: to_dict(value) for key, value in record.items()}
    return record


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record from :func:`to_dict` output; unknown keys are ignored."""
    kwargs = {}
    for name, hint in _field_hints(cls):
        if name in data:
            kwargs[name] = _coerce(hint, data[name])
    return cls(**kwargs)


@functools.cache
def _field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    # get_type_hints evaluates every annotation string on each call: ~0.7 ms a record, most of the
    # time of loading a large store
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _coerce(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        return [_coerce(item_hint, item) for item in value]
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(hint):
            if option is not type(None):
                return _coerce(option, value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return from_dict(hint, value)
    return value


@dataclass
class RunReport:
    """What a run did, for the one-line summary and the exit status."""

    read: int = 0
    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)
    analysed: int = 0
    errors: list[str] = field(default_factory=list)  # stage failures (the run went on)
    started: float = field(default_factory=time.monotonic)
    seconds_by_step: dict[str, float] = field(default_factory=dict)  # wall time of each step, summed
    reanalysed_all: bool = False  # the stored analyses were from another analysis version: all redone

    def timed(self, step: str, since: float) -> None:
        """Add the time since ``since`` (a ``time.perf_counter()`` reading) to ``step``."""
        add_seconds(self.seconds_by_step, step, since)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> str:
        reasons: dict[str, int] = {}
        for item in self.skipped:
            key = item.reason.split(":")[0].split("(")[0].strip()
            reasons[key] = reasons.get(key, 0) + 1
        skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        parts = [
            f"{self.read} read",
            f"{len(self.added)} new",
            f"{len(self.revised)} revised",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.skipped)} skipped" + (f" ({skipped})" if skipped else ""),
        ]
        if self.analysed:
            again = " (all again: a newer analysis version)" if self.reanalysed_all else ""
            parts.append(f"{self.analysed} analysed{again}")
        if self.errors:
            parts.append(f"{len(self.errors)} stage errors")
        return "articles: " + ", ".join(parts) + f" in {self.seconds:.1f}s"


def add_seconds(seconds_by_step: dict[str, float], step: str, since: float) -> None:
    seconds_by_step[step] = seconds_by_step.get(step, 0.0) + time.perf_counter() - since
