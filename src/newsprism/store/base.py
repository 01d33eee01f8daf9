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
    def unanalysed_ids(self) -> list[str]:
        """Articles whose current revision has no analysis yet (what a resumed run still has to do)."""

    # ----------------------------------------------------------------- collection results
    @abstractmethod
    def put_collection(self, results: dict[str, list[dict[str, Any]]]) -> None:
        """Replace the stored records of each given kind (one transaction for all kinds)."""

    @abstractmethod
    def get_collection(self, kind: str) -> list[dict[str, Any]]: ...

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
