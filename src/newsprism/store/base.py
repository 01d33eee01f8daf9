"""The storage interface every backend implements (SQLite by default, PostgreSQL for shared use).

Stages never talk to a backend directly: the pipeline reads articles and per-article analyses
from here, and writes back what the stages found. Every write method is one transaction, so a
crash leaves either the whole batch or none of it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, ArticleAnalysis

# What a collection stage writes, by dossier key ("events", "findings"…), each a list of records.
COLLECTION_KINDS = ("duplicates", "events", "storylines", "entities", "findings", "briefings", "timeline")


@dataclass
class PutResult:
    """What one ``put_articles`` batch did."""

    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)  # same id or url, new content: a new revision
    unchanged: list[str] = field(default_factory=list)  # same content already stored: nothing written

    @property
    def changed(self) -> list[str]:
        return self.added + self.revised


def plan_revision(article: Article, current: tuple[str, int, str] | None, result: PutResult) -> bool:
    """The revision rule every backend shares; True when ``article`` must be written.

    ``current`` is (id, revision, content_hash) of the stored article with the same id (or, failing
    that, the same URL). Same content: nothing to write. Other content: the next revision of that
    article (``article`` takes over its id). None: a new article, revision 1.
    """
    if current is not None and current[2] == article.content_hash:
        result.unchanged.append(current[0])
        return False
    if current is not None:
        article.id, article.revision = current[0], current[1] + 1
        result.revised.append(article.id)
    else:
        article.revision = 1
        result.added.append(article.id)
    return True


@dataclass
class CollectionRecord:
    """One stored collection record: addressed by ``key`` within its kind, ordered by ``pos`` (the
    place a rebuild of the whole collection gives it), found by its index ``terms`` (the article ids,
    entity names… it holds)."""

    key: str
    pos: str
    data: dict[str, Any]
    terms: list[str] = field(default_factory=list)


@dataclass
class CollectionUpdate:
    """What one collection run changes, written in one transaction with the stages' state: a kill
    leaves the collection either as it was or as the run left it."""

    replace: dict[str, list[CollectionRecord]] = field(default_factory=dict)  # whole kinds
    upsert: dict[str, list[CollectionRecord]] = field(default_factory=dict)  # by key
    delete: dict[str, list[str]] = field(default_factory=dict)  # kind -> keys
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # name -> term -> change
    reset_counts: list[str] = field(default_factory=list)  # names whose counts start again from 0
    state: dict[str, bytes] = field(default_factory=dict)


def record_key(kind: str, record: dict[str, Any], seq: int) -> str:
    """The key a record is stored under when its writer gives none: its id (a briefing: its event)."""
    if kind == "briefings":
        return str(record.get("event"))
    if kind == "timeline" or "id" not in record:
        return seq_pos(seq)
    return str(record["id"])


def seq_pos(seq: int) -> str:
    """A position that sorts as text in the order of ``seq``."""
    return f"{seq:012d}"


@dataclass
class SearchHit:
    kind: str  # "article" | "quote" | "entity"
    id: str
    title: str
    snippet: str


class Storage(ABC):
    """One store of articles, their analyses and the collection results."""

    url: str

    # ----------------------------------------------------------------- articles
    @abstractmethod
    def put_articles(self, articles: list[Article]) -> PutResult:
        """Store a batch atomically; idempotent on content hash; a changed text becomes a new revision."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """The current revision of one article."""

    @abstractmethod
    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Current revisions, in insertion order (or in the order of ``ids``)."""

    @abstractmethod
    def article_ids(self) -> list[str]: ...

    @abstractmethod
    def article_positions(self, ids: Iterable[str]) -> dict[str, int]:
        """Where the current revisions of these articles stand in ``iter_articles``'s order (a number
        that sorts as that order; absent ids are left out)."""

    @abstractmethod
    def count_articles(self) -> int: ...

    @abstractmethod
    def revisions(self, article_id: str) -> list[Article]:
        """Every stored revision of an article, oldest first."""

    # ----------------------------------------------------------------- per-article analyses
    @abstractmethod
    def put_analyses(self, analyses: list[ArticleAnalysis]) -> None: ...

    @abstractmethod
    def iter_analyses(self, ids: Iterable[str] | None = None) -> Iterator[ArticleAnalysis]: ...

    @abstractmethod
    def drop_analyses(self) -> None:
        """Delete every stored analysis (and its quote search rows) in one transaction: the articles
        stay, and the next run analyses them all again (``pipeline.drop_outdated_analyses``)."""

    @abstractmethod
    def unanalysed_ids(self) -> list[str]:
        """Articles whose current revision has no analysis yet (what a resumed run still has to do)."""

    # ----------------------------------------------------------------- collection results
    def put_collection(self, results: dict[str, list[dict[str, Any]]]) -> None:
        """Replace the stored records of each given kind (one transaction for all kinds)."""
        replace = {
            kind: [CollectionRecord(record_key(kind, r, i), seq_pos(i), r) for i, r in enumerate(records)]
            for kind, records in results.items()
        }
        self.apply_collection(CollectionUpdate(replace=replace))

    @abstractmethod
    def get_collection(self, kind: str) -> list[dict[str, Any]]:
        """Every record of ``kind`` in ``pos`` order (a read path: the web UI, export, report)."""

    @abstractmethod
    def apply_collection(self, update: CollectionUpdate) -> None:
        """Replace, upsert and delete records, change counts and save state: one transaction."""

    @abstractmethod
    def get_records(self, kind: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The stored records of ``kind`` with these keys (missing keys are left out)."""

    @abstractmethod
    def record_positions(self, kind: str, keys: Iterable[str]) -> dict[str, str]:
        """key -> ``pos`` of the stored records of ``kind`` with these keys."""

    @abstractmethod
    def keys_with_terms(self, kind: str, terms: Iterable[str]) -> dict[str, list[str]]:
        """term -> keys of the records of ``kind`` indexed under it (terms nothing holds are left out)."""

    @abstractmethod
    def count_records(self, kind: str) -> int: ...

    @abstractmethod
    def get_counts(self, name: str, terms: Iterable[str]) -> dict[str, int]:
        """The running counts of ``name`` for these terms (absent terms count 0 and are left out)."""

    @abstractmethod
    def put_state(self, name: str, value: bytes) -> None: ...

    @abstractmethod
    def get_state(self, name: str) -> bytes | None: ...

    # ----------------------------------------------------------------- search, lifecycle
    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over articles, quotes and entities."""

    def entity_hits(self, query: str) -> list[SearchHit]:
        """Entities whose name or an alias contains ``query`` (the entity list is small: no index)."""
        needle = query.strip().lower()
        hits = []
        for entity in self.get_collection("entities"):
            names = [entity.get("name", ""), *entity.get("aliases", [])]
            if needle and any(needle in name.lower() for name in names):
                hits.append(SearchHit("entity", entity["id"], entity["name"], ", ".join(names[1:4])))
        return hits

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
