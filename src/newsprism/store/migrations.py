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

# 2: collection records addressable one by one (a run saves only what changed), an index from terms
# (article ids, entity names, LSH band hashes) to the records that hold them, and running counts.
# The records keep the order a rebuild of the whole collection gives through ``pos``.
SQLITE.append(
    """
    CREATE TABLE records (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        pos TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    );
    CREATE INDEX records_pos ON records (kind, pos);
    INSERT INTO records (kind, key, pos, data)
        SELECT kind,
               CASE kind WHEN 'briefings' THEN json_extract(data, '$.event')
                         WHEN 'timeline' THEN printf('%012d', seq)
                         ELSE json_extract(data, '$.id') END,
               printf('%012d', seq), data
        FROM collection;
    DROP TABLE collection;
    CREATE TABLE record_terms (
        kind TEXT NOT NULL,
        term TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (kind, term, key)
    );
    CREATE INDEX record_terms_key ON record_terms (kind, key);
    CREATE TABLE counts (
        name TEXT NOT NULL,
        term TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (name, term)
    );
    """
)

POSTGRES.append(
    """
    CREATE TABLE records (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        pos TEXT COLLATE "C" NOT NULL,
        data JSONB NOT NULL,
        PRIMARY KEY (kind, key)
    );
    CREATE INDEX records_pos ON records (kind, pos);
    INSERT INTO records (kind, key, pos, data)
        SELECT kind,
               CASE kind WHEN 'briefings' THEN data->>'event'
                         WHEN 'timeline' THEN lpad(seq::text, 12, '0')
                         ELSE data->>'id' END,
               lpad(seq::text, 12, '0'), data
        FROM collection;
    DROP TABLE collection;
    CREATE TABLE record_terms (
        kind TEXT NOT NULL,
        term TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (kind, term, key)
    );
    CREATE INDEX record_terms_key ON record_terms (kind, key);
    CREATE TABLE counts (
        name TEXT NOT NULL,
        term TEXT NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (name, term)
    );
    """
)
