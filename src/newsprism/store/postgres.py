"""PostgreSQL store: the shared backend for several readers and large corpora.

Same contract as the SQLite store (the same tests run against both). Full-text search uses
PostgreSQL's own tsvector/GIN with the ``simple`` configuration, so names in any language match
as written. Point newsprism at a server with ``--db postgresql://user:pass@host:5432/dbname`` or
``NEWSPRISM_DB``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ..errors import MissingExtra, StoreError
from ..model import Article, ArticleAnalysis, from_dict, to_dict
from . import migrations
from .base import CollectionRecord, CollectionUpdate, PutResult, SearchHit, Storage, plan_revision

# Any constant: serialises concurrent migrations of the same database.
_MIGRATION_LOCK = 727_001

F = TypeVar("F", bound=Callable[..., Any])


def _clear_errors(method: F) -> F:
    """A lost connection (server restarted, network gone) becomes one StoreError line; every batch
    committed before it is in the store, and rerunning the same command resumes."""

    @functools.wraps(method)
    def wrapper(self: PostgresStorage, *args: Any, **kwargs: Any) -> Any:
        import psycopg

        try:
            return method(self, *args, **kwargs)
        except psycopg.OperationalError as err:
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise StoreError(
                f"{self.url}: connection lost ({reason}); committed batches are kept, rerun to resume"
            ) from err

    return wrapper  # type: ignore[return-value]


class PostgresStorage(Storage):
    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as err:  # pragma: no cover - psycopg is a core dependency
            raise MissingExtra("the PostgreSQL store", "psycopg[binary]") from err
        self.url = _redact(url)
        try:
            self._db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as err:
            raise StoreError(f"{self.url}: cannot connect ({str(err).strip().splitlines()[0]})") from err
        self._migrate()

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        with self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            self._db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")
            row = self._db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
            version = int(row[0]) if row else 0
            for number, script in enumerate(migrations.POSTGRES[version:], start=version + 1):
                self._db.execute(script)  # type: ignore[arg-type]
                self._db.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (number,))

    @property
    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ articles
    @_clear_errors
    def put_articles(self, articles: list[Article]) -> PutResult:
        result = PutResult()
        with self._db.transaction():
            for article in articles:
                self._put_one(article, result)
        return result

    def _put_one(self, article: Article, result: PutResult) -> None:
        db = self._db
        row = db.execute(
            "SELECT id, revision, content_hash FROM articles WHERE id = %s AND current FOR UPDATE",
            (article.id,),
        ).fetchone()
        if row is None and article.url:
            row = db.execute(
                "SELECT id, revision, content_hash FROM articles WHERE url = %s AND current "
                "ORDER BY pk LIMIT 1 FOR UPDATE",
                (article.url,),
            ).fetchone()
        if not plan_revision(article, row, result):
            return
        if article.revision > 1:
            db.execute("UPDATE articles SET current = FALSE WHERE id = %s", (article.id,))
        db.execute(
            "INSERT INTO articles (id, revision, current, content_hash, raw_hash, url, source, title, "
            "published, language, data, tsv) VALUES (%s, %s, TRUE, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, "
            "setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s))",
            (
                article.id,
                article.revision,
                article.content_hash,
                article.raw_hash,
                article.url,
                article.source,
                article.title,
                article.published,
                article.language,
                _json(to_dict(article)),
                article.title or "",
                article.text,
            ),
        )

    @_clear_errors
    def get_article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            "SELECT data FROM articles WHERE id = %s AND current", (article_id,)
        ).fetchone()
        return from_dict(Article, row[0]) if row else None

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is None:
            # a named (server-side) cursor streams: a million articles never sit in memory at once
            with self._db.transaction(), self._db.cursor(name="iter_articles") as cursor:
                cursor.execute("SELECT data FROM articles WHERE current ORDER BY pk")
                for (data,) in cursor:
                    yield from_dict(Article, data)
            return
        for article_id in ids:
            article = self.get_article(article_id)
            if article is not None:
                yield article

    @_clear_errors
    def article_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM articles WHERE current ORDER BY pk")]

    @_clear_errors
    def article_positions(self, ids: Iterable[str]) -> dict[str, int]:
        rows = self._db.execute("SELECT id, pk FROM articles WHERE current AND id = ANY(%s)", (list(ids),))
        return {article_id: int(pk) for article_id, pk in rows}

    @_clear_errors
    def count_articles(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM articles WHERE current").fetchone()
        return int(row[0]) if row else 0

    @_clear_errors
    def revisions(self, article_id: str) -> list[Article]:
        rows = self._db.execute(
            "SELECT data FROM articles WHERE id = %s ORDER BY revision", (article_id,)
        ).fetchall()
        return [from_dict(Article, r[0]) for r in rows]

    # ------------------------------------------------------------------ analyses
    @_clear_errors
    def put_analyses(self, analyses: list[ArticleAnalysis]) -> None:
        db = self._db
        with db.transaction():
            for analysis in analyses:
                current = db.execute(
                    "SELECT content_hash FROM articles WHERE id = %s AND current", (analysis.article,)
                ).fetchone()
                if current is None:
                    continue
                db.execute(
                    "INSERT INTO analyses (article, content_hash, data) VALUES (%s, %s, %s::jsonb) "
                    "ON CONFLICT (article) DO UPDATE SET content_hash = EXCLUDED.content_hash, "
                    "data = EXCLUDED.data",
                    (analysis.article, current[0], _json(to_dict(analysis))),
                )
                db.execute("DELETE FROM quotes_search WHERE article = %s", (analysis.article,))
                for quote in analysis.quotes:
                    db.execute(
                        "INSERT INTO quotes_search (id, article, speaker, text, tsv) VALUES "
                        "(%s, %s, %s, %s, to_tsvector('simple', %s || ' ' || %s)) "
                        "ON CONFLICT (id) DO NOTHING",
                        (quote.id, quote.article, quote.speaker, quote.text, quote.speaker or "", quote.text),
                    )

    def iter_analyses(self, ids: Iterable[str] | None = None) -> Iterator[ArticleAnalysis]:
        if ids is None:
            with self._db.transaction(), self._db.cursor(name="iter_analyses") as cursor:
                cursor.execute(
                    "SELECT an.data FROM analyses an JOIN articles a ON a.id = an.article AND a.current "
                    "AND a.content_hash = an.content_hash ORDER BY a.pk"
                )
                for (data,) in cursor:
                    yield from_dict(ArticleAnalysis, data)
            return
        for article_id in ids:
            row = self._db.execute("SELECT data FROM analyses WHERE article = %s", (article_id,)).fetchone()
            if row:
                yield from_dict(ArticleAnalysis, row[0])

    @_clear_errors
    def drop_analyses(self) -> None:
        with self._db.transaction():
            self._db.execute("DELETE FROM analyses")
            self._db.execute("DELETE FROM quotes_search")

    @_clear_errors
    def unanalysed_ids(self) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN analyses an ON an.article = a.id "
            "AND an.content_hash = a.content_hash WHERE a.current AND an.article IS NULL ORDER BY a.pk"
        )
        return [r[0] for r in rows]

    # ------------------------------------------------------------------ collection
    @_clear_errors
    def get_collection(self, kind: str) -> list[dict[str, Any]]:
        rows = self._db.execute("SELECT data FROM records WHERE kind = %s ORDER BY pos", (kind,))
        return [r[0] for r in rows]

    @_clear_errors
    def apply_collection(self, update: CollectionUpdate) -> None:
        db = self._db
        with db.transaction(), db.cursor() as cursor:
            for kind, records in update.replace.items():
                cursor.execute("DELETE FROM records WHERE kind = %s", (kind,))
                cursor.execute("DELETE FROM record_terms WHERE kind = %s", (kind,))
                self._insert_records(cursor, kind, records)
            for kind, keys in update.delete.items():
                self._delete_records(cursor, kind, keys)
            for kind, records in update.upsert.items():
                self._delete_records(cursor, kind, [r.key for r in records])
                self._insert_records(cursor, kind, records)
            for name in update.reset_counts:
                cursor.execute("DELETE FROM counts WHERE name = %s", (name,))
            for name, changes in update.counts.items():
                rows = [(name, term, n) for term, n in sorted(changes.items()) if n]
                if rows:
                    cursor.executemany(
                        "INSERT INTO counts (name, term, n) VALUES (%s, %s, %s) "
                        "ON CONFLICT (name, term) DO UPDATE SET n = counts.n + EXCLUDED.n",
                        rows,
                    )
                cursor.execute("DELETE FROM counts WHERE name = %s AND n = 0", (name,))
            if update.state:
                cursor.executemany(
                    "INSERT INTO state (name, value) VALUES (%s, %s) ON CONFLICT (name) DO UPDATE SET "
                    "value = EXCLUDED.value",
                    list(update.state.items()),
                )

    @staticmethod
    def _insert_records(cursor: Any, kind: str, records: list[CollectionRecord]) -> None:
        if not records:
            return
        cursor.executemany(
            "INSERT INTO records (kind, key, pos, data) VALUES (%s, %s, %s, %s::jsonb)",
            [(kind, r.key, r.pos, _json(r.data)) for r in records],
        )
        terms = [(kind, term, r.key) for r in records for term in dict.fromkeys(r.terms)]
        if terms:
            cursor.executemany(
                "INSERT INTO record_terms (kind, term, key) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", terms
            )

    @staticmethod
    def _delete_records(cursor: Any, kind: str, keys: list[str]) -> None:
        if keys:
            cursor.execute("DELETE FROM records WHERE kind = %s AND key = ANY(%s)", (kind, keys))
            cursor.execute("DELETE FROM record_terms WHERE kind = %s AND key = ANY(%s)", (kind, keys))

    @_clear_errors
    def get_records(self, kind: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        rows = self._db.execute(
            "SELECT key, data FROM records WHERE kind = %s AND key = ANY(%s)", (kind, list(keys))
        )
        return {key: data for key, data in rows}

    @_clear_errors
    def record_positions(self, kind: str, keys: Iterable[str]) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT key, pos FROM records WHERE kind = %s AND key = ANY(%s)", (kind, list(keys))
        )
        return {key: pos for key, pos in rows}

    @_clear_errors
    def keys_with_terms(self, kind: str, terms: Iterable[str]) -> dict[str, list[str]]:
        rows = self._db.execute(
            "SELECT term, key FROM record_terms WHERE kind = %s AND term = ANY(%s) "
            'ORDER BY term COLLATE "C", key COLLATE "C"',
            (kind, list(terms)),
        )
        found: dict[str, list[str]] = {}
        for term, key in rows:
            found.setdefault(term, []).append(key)
        return found

    @_clear_errors
    def count_records(self, kind: str) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM records WHERE kind = %s", (kind,)).fetchone()
        return int(row[0]) if row else 0

    @_clear_errors
    def get_counts(self, name: str, terms: Iterable[str]) -> dict[str, int]:
        rows = self._db.execute(
            "SELECT term, n FROM counts WHERE name = %s AND term = ANY(%s)", (name, list(terms))
        )
        return {term: int(n) for term, n in rows}

    @_clear_errors
    def put_state(self, name: str, value: bytes) -> None:
        self._db.execute(
            "INSERT INTO state (name, value) VALUES (%s, %s) ON CONFLICT (name) DO UPDATE SET value = "
            "EXCLUDED.value",
            (name, value),
        )

    @_clear_errors
    def get_state(self, name: str) -> bytes | None:
        row = self._db.execute("SELECT value FROM state WHERE name = %s", (name,)).fetchone()
        return bytes(row[0]) if row else None

    # ------------------------------------------------------------------ search
    @_clear_errors
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        words = re.findall(r"\w+", query, flags=re.UNICODE)
        if not words:
            return []
        tsquery = " & ".join(f"{w.lower()}:*" for w in words)
        hits = [
            SearchHit("article", r[0], r[1] or r[0], r[2])
            for r in self._db.execute(
                "SELECT id, title, ts_headline('simple', data->>'text', q, "
                "'StartSel=[,StopSel=],MaxFragments=1,MaxWords=18,MinWords=6') "
                "FROM articles, to_tsquery('simple', %s) q WHERE current AND tsv @@ q "
                "ORDER BY ts_rank(tsv, q) DESC, pk LIMIT %s",
                (tsquery, limit),
            )
        ]
        hits += [
            SearchHit("quote", r[0], r[1] or "unattributed", r[2])
            for r in self._db.execute(
                "SELECT id, speaker, text FROM quotes_search, to_tsquery('simple', %s) q "
                "WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT %s",
                (tsquery, limit),
            )
        ]
        return hits + self.entity_hits(query)

    def close(self) -> None:
        self._db.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def _json(data: Any) -> str:
    # serialised here, not by the driver, so a bad record fails the same way on every backend
    return json.dumps(data, ensure_ascii=False)
