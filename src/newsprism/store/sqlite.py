"""SQLite store: one file, WAL mode, one transaction per batch, FTS5 search."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Article, ArticleAnalysis, from_dict, to_dict
from . import migrations
from .base import CollectionRecord, CollectionUpdate, PutResult, SearchHit, Storage, plan_revision


class SQLiteStorage(Storage):
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.url = str(path)
        if self.url != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # check_same_thread off: the web server reads from worker threads; writes are serialised
            # by SQLite's own locking, and every write method is one transaction.
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{path}: cannot open as a newsprism SQLite store ({err})") from err

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(migrations.SQLITE[version:], start=version + 1):
            # executescript commits on its own; user_version inside the same script keeps the
            # schema change and its version number together.
            self._db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    # ------------------------------------------------------------------ articles
    def put_articles(self, articles: list[Article]) -> PutResult:
        result = PutResult()
        with self._transaction() as db:
            for article in articles:
                self._put_one(db, article, result)
        return result

    def _put_one(self, db: sqlite3.Connection, article: Article, result: PutResult) -> None:
        row = db.execute(
            "SELECT id, revision, content_hash FROM articles WHERE id = ? AND current = 1", (article.id,)
        ).fetchone()
        if row is None and article.url:
            row = db.execute(
                "SELECT id, revision, content_hash FROM articles WHERE url = ? AND current = 1 "
                "ORDER BY pk LIMIT 1",
                (article.url,),
            ).fetchone()
        if not plan_revision(article, row, result):
            return
        if article.revision > 1:
            db.execute("UPDATE articles SET current = 0 WHERE id = ?", (article.id,))
            db.execute("DELETE FROM articles_fts WHERE id = ?", (article.id,))
        db.execute(
            "INSERT INTO articles (id, revision, current, content_hash, raw_hash, url, source, title, "
            "published, language, data) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                json.dumps(to_dict(article), ensure_ascii=False),
            ),
        )
        db.execute(
            "INSERT INTO articles_fts (id, title, text) VALUES (?, ?, ?)",
            (article.id, article.title or "", article.text),
        )

    def get_article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            "SELECT data FROM articles WHERE id = ? AND current = 1", (article_id,)
        ).fetchone()
        return _article(row[0]) if row else None

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is None:
            cursor = self._db.execute("SELECT data FROM articles WHERE current = 1 ORDER BY pk")
            for (data,) in cursor:
                yield _article(data)
            return
        for article_id in ids:
            article = self.get_article(article_id)
            if article is not None:
                yield article

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM articles WHERE current = 1 ORDER BY pk")]

    def article_positions(self, ids: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT id, pk FROM articles WHERE current = 1 AND id IN ({marks})", tuple(chunk)
            )
            found.update((article_id, int(pk)) for article_id, pk in rows)
        return found

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles WHERE current = 1").fetchone()[0])

    def revisions(self, article_id: str) -> list[Article]:
        rows = self._db.execute(
            "SELECT data FROM articles WHERE id = ? ORDER BY revision", (article_id,)
        ).fetchall()
        return [_article(r[0]) for r in rows]

    # ------------------------------------------------------------------ analyses
    def put_analyses(self, analyses: list[ArticleAnalysis]) -> None:
        with self._transaction() as db:
            for analysis in analyses:
                current = db.execute(
                    "SELECT content_hash FROM articles WHERE id = ? AND current = 1", (analysis.article,)
                ).fetchone()
                if current is None:
                    continue
                db.execute(
                    "INSERT OR REPLACE INTO analyses (article, content_hash, data) VALUES (?, ?, ?)",
                    (analysis.article, current[0], json.dumps(to_dict(analysis), ensure_ascii=False)),
                )
                db.execute("DELETE FROM quotes_fts WHERE article = ?", (analysis.article,))
                db.executemany(
                    "INSERT INTO quotes_fts (id, article, speaker, text) VALUES (?, ?, ?, ?)",
                    [(q.id, q.article, q.speaker or "", q.text) for q in analysis.quotes],
                )

    def iter_analyses(self, ids: Iterable[str] | None = None) -> Iterator[ArticleAnalysis]:
        if ids is None:
            cursor = self._db.execute(
                "SELECT an.data FROM analyses an JOIN articles a ON a.id = an.article AND a.current = 1 "
                "AND a.content_hash = an.content_hash ORDER BY a.pk"
            )
            for (data,) in cursor:
                yield from_dict(ArticleAnalysis, json.loads(data))
            return
        for article_id in ids:
            row = self._db.execute("SELECT data FROM analyses WHERE article = ?", (article_id,)).fetchone()
            if row:
                yield from_dict(ArticleAnalysis, json.loads(row[0]))

    def drop_analyses(self) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM analyses")
            db.execute("DELETE FROM quotes_fts")

    def unanalysed_ids(self) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN analyses an ON an.article = a.id "
            "AND an.content_hash = a.content_hash WHERE a.current = 1 AND an.article IS NULL ORDER BY a.pk"
        )
        return [r[0] for r in rows]

    # ------------------------------------------------------------------ collection
    def get_collection(self, kind: str) -> list[dict[str, Any]]:
        rows = self._db.execute("SELECT data FROM records WHERE kind = ? ORDER BY pos", (kind,))
        return [json.loads(r[0]) for r in rows]

    def apply_collection(self, update: CollectionUpdate) -> None:
        with self._transaction() as db:
            for kind, records in update.replace.items():
                db.execute("DELETE FROM records WHERE kind = ?", (kind,))
                db.execute("DELETE FROM record_terms WHERE kind = ?", (kind,))
                self._insert_records(db, kind, records)
            for kind, keys in update.delete.items():
                self._delete_records(db, kind, keys)
            for kind, records in update.upsert.items():
                self._delete_records(db, kind, [r.key for r in records])
                self._insert_records(db, kind, records)
            for name in update.reset_counts:
                db.execute("DELETE FROM counts WHERE name = ?", (name,))
            for name, changes in update.counts.items():
                db.executemany(
                    "INSERT INTO counts (name, term, n) VALUES (?, ?, ?) "
                    "ON CONFLICT (name, term) DO UPDATE SET n = n + excluded.n",
                    [(name, term, n) for term, n in changes.items() if n],
                )
                db.execute("DELETE FROM counts WHERE name = ? AND n = 0", (name,))
            db.executemany(
                "INSERT OR REPLACE INTO state (name, value) VALUES (?, ?)", list(update.state.items())
            )

    @staticmethod
    def _insert_records(db: sqlite3.Connection, kind: str, records: list[CollectionRecord]) -> None:
        db.executemany(
            "INSERT INTO records (kind, key, pos, data) VALUES (?, ?, ?, ?)",
            [(kind, r.key, r.pos, json.dumps(r.data, ensure_ascii=False)) for r in records],
        )
        db.executemany(
            "INSERT OR IGNORE INTO record_terms (kind, term, key) VALUES (?, ?, ?)",
            [(kind, term, r.key) for r in records for term in r.terms],
        )

    @staticmethod
    def _delete_records(db: sqlite3.Connection, kind: str, keys: list[str]) -> None:
        rows = [(kind, key) for key in keys]
        db.executemany("DELETE FROM records WHERE kind = ? AND key = ?", rows)
        db.executemany("DELETE FROM record_terms WHERE kind = ? AND key = ?", rows)

    def get_records(self, kind: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            for key, data in self._db.execute(
                f"SELECT key, data FROM records WHERE kind = ? AND key IN ({marks})", (kind, *chunk)
            ):
                found[key] = json.loads(data)
        return found

    def record_positions(self, kind: str, keys: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, pos FROM records WHERE kind = ? AND key IN ({marks})", (kind, *chunk)
            )
            found.update(rows)
        return found

    def keys_with_terms(self, kind: str, terms: Iterable[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for chunk in _chunks(terms):
            marks = ",".join("?" * len(chunk))
            for term, key in self._db.execute(
                f"SELECT term, key FROM record_terms WHERE kind = ? AND term IN ({marks}) ORDER BY term, key",
                (kind, *chunk),
            ):
                found.setdefault(term, []).append(key)
        return found

    def count_records(self, kind: str) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM records WHERE kind = ?", (kind,)).fetchone()[0])

    def get_counts(self, name: str, terms: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(terms):
            marks = ",".join("?" * len(chunk))
            for term, n in self._db.execute(
                f"SELECT term, n FROM counts WHERE name = ? AND term IN ({marks})", (name, *chunk)
            ):
                found[term] = int(n)
        return found

    def put_state(self, name: str, value: bytes) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO state (name, value) VALUES (?, ?)", (name, value))

    def get_state(self, name: str) -> bytes | None:
        row = self._db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return bytes(row[0]) if row else None

    # ------------------------------------------------------------------ search
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        match = _fts_query(query)
        if not match:
            return []
        hits = [
            SearchHit("article", r[0], r[1] or r[0], r[2])
            for r in self._db.execute(
                "SELECT id, title, snippet(articles_fts, 2, '[', ']', '…', 12) FROM articles_fts "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                (match, limit),
            )
        ]
        hits += [
            SearchHit("quote", r[0], r[1] or "unattributed", r[2])
            for r in self._db.execute(
                "SELECT id, speaker, snippet(quotes_fts, 3, '[', ']', '…', 12) FROM quotes_fts "
                "WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ?",
                (match, limit),
            )
        ]
        return hits + self.entity_hits(query)

    def close(self) -> None:
        self._db.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception (the batch is all or nothing)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _chunks(items: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """Bounded IN lists: SQLite caps the number of parameters of one statement."""
    chunk: list[str] = []
    for item in dict.fromkeys(items):
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _article(data: str) -> Article:
    return from_dict(Article, json.loads(data))


def _fts_query(query: str) -> str:
    """User words as an FTS5 query of quoted prefix terms, so punctuation cannot break the syntax."""
    words = re.findall(r"\w+", query, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)
