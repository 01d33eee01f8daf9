"""Schema migrations, numbered, one list per backend. A store records the last one applied.

To change the schema, append a migration to both lists; never edit one that has shipped.
"""

from __future__ import annotations

SQLITE: list[str] = [
    # 1: articles with revisions, analyses, collection records, stage state, full-text search
    """
    CREATE TABLE articles (
        pk INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        current INTEGER NOT NULL DEFAULT 1,
        content_hash TEXT NOT NULL,
        raw_hash TEXT,
        url TEXT,
        source TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        data TEXT NOT NULL,
        UNIQUE (id, revision)
    );
    CREATE INDEX articles_current ON articles (id) WHERE current = 1;
    CREATE INDEX articles_url ON articles (url) WHERE current = 1;
    CREATE INDEX articles_hash ON articles (content_hash);
    CREATE TABLE analyses (
        article TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE collection (
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, seq)
    );
    CREATE TABLE state (name TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, title, text, tokenize='unicode61');
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        id UNINDEXED, article UNINDEXED, speaker, text, tokenize='unicode61'
    );
    """,
]

POSTGRES: list[str] = [
    """
    CREATE TABLE articles (
        pk BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        current BOOLEAN NOT NULL DEFAULT TRUE,
        content_hash TEXT NOT NULL,
        raw_hash TEXT,
        url TEXT,
        source TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        data JSONB NOT NULL,
        tsv TSVECTOR,
        UNIQUE (id, revision)
    );
    CREATE UNIQUE INDEX articles_current ON articles (id) WHERE current;
    CREATE INDEX articles_url ON articles (url) WHERE current;
    CREATE INDEX articles_hash ON articles (content_hash);
    CREATE INDEX articles_tsv ON articles USING GIN (tsv) WHERE current;
    CREATE TABLE analyses (
        article TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        data JSONB NOT NULL
    );
    CREATE TABLE quotes_search (
        id TEXT PRIMARY KEY,
        article TEXT NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL,
        tsv TSVECTOR
    );
    CREATE INDEX quotes_search_article ON quotes_search (article);
    CREATE INDEX quotes_search_tsv ON quotes_search USING GIN (tsv);
    CREATE TABLE collection (
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data JSONB NOT NULL,
        PRIMARY KEY (kind, seq)
    );
    CREATE TABLE state (name TEXT PRIMARY KEY, value BYTEA NOT NULL);
    """,
]
