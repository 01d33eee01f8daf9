"""The cost of adding ONE article to a large PostgreSQL store: the incremental steps, p50/p95.

Reproduce (a throw-away server on loopback; 1M articles need ~15 GB of disk and a long load):

    . .ci/postgres.sh; start_postgres
    .venv/bin/python bench/pg_add_one.py --n 1000000 --db "$NEWSPRISM_TEST_PG"
    stop_postgres

The store is built by realistic perturbation of real articles: a base block of ``--base`` articles comes
from bench/generate_corpus.py (real GVA/ECB+ text with paragraphs trimmed and topped up, sentences
shuffled, synonyms, names, numbers and dates changed); article ``i`` beyond it is base article
``i % base`` perturbed once more (synonyms and numbers again, with its own seed), with its own id, URL
and a publication day that advances ``--per-day`` articles a day. It is bulk-loaded with COPY into an
unlogged staging table and moved into ``articles`` (the migrations' PostgreSQL schema, tsvector
included) by INSERT … SELECT; the GIN and b-tree indexes are rebuilt once at the end, as one would for
any bulk load.

Then ``--additions`` new articles are added one at a time, each timed through the incremental steps:

* ``put``: ``PostgresStorage.put_articles([article])`` (id/URL look-ups, insert, tsvector, all indexes);
* ``lsh``: the article's MinHash signature, the duplicate LSH query and the insert of its signature, in an
  LSH index holding the last ``--lsh-window`` articles (a query costs one hash look-up per band,
  whatever the number of keys; building 1M signatures would measure the build, not the add);
* ``events``: ``EventIndex.add`` on an index built from the last ``--window-articles`` articles, so that
  its open window is full (``max_active`` open events) as in a long stream; its dense vectors are hashed
  projections of the lead's words (see ``_vector``), not the encoder's.

The real sentence encoding of the new article is per-article analysis, the same at any store size; it is
timed and printed apart, not counted in the incremental total. The baseline printed beside it is the same add
done the naive way for the events step: rebuilding the event index over the whole window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import json
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate, read_pool, shift_numbers, swap_synonyms
from newsprism.duplicates import LSH_THRESHOLD, NUM_PERM, shingles
from newsprism.events import (
    DIM,
    EventIndex,
    EventParams,
    article_keys,
    content_terms,
    encode_one,
    lead,
    single_threaded_blas,
)
from newsprism.model import Article, to_dict
from newsprism.store.postgres import PostgresStorage

DAY0 = dt.date(2024, 1, 1)
BATCH = 50_000
INDEXES = [
    "CREATE UNIQUE INDEX articles_current ON articles (id) WHERE current",
    "CREATE INDEX articles_url ON articles (url) WHERE current",
    "CREATE INDEX articles_hash ON articles (content_hash)",
    "CREATE INDEX articles_tsv ON articles USING GIN (tsv) WHERE current",
]


# --------------------------------------------------------------------------- the synthetic stream


class Stream:
    """Article ``i`` of the synthetic corpus, deterministic in ``i``: a perturbed copy of a base article."""

    def __init__(self, base: list[dict[str, Any]], per_day: int) -> None:
        self.base = base
        self.per_day = per_day

    def article(self, i: int) -> Article:
        row = self.base[i % len(self.base)]
        text, title = row["text"], row["title"]
        if i >= len(self.base):
            rng = random.Random(i)
            text = shift_numbers(swap_synonyms(text, rng), rng)
        day = DAY0 + dt.timedelta(days=i // self.per_day)
        return Article(
            id=f"a{i:08d}",
            text=text,
            original=text,
            title=title,
            source=row.get("source"),
            url=f"{row.get('url') or 'https://example.org/a'}?v={i}",
            published=day.isoformat(),
            published_how="metadata",
            published_confidence=1.0,
            language="en",
            language_confidence=1.0,
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            origin="bench/pg_add_one.py",
            format="jsonl",
        )

    def articles(self, start: int, stop: int) -> Iterator[Article]:
        return (self.article(i) for i in range(start, stop))


# --------------------------------------------------------------------------- the bulk load


def bulk_load(store: PostgresStorage, stream: Stream, n: int) -> float:
    """COPY ``n`` articles into the store; returns the seconds it took."""
    db = store._db  # the bench writes below the storage interface: COPY has no place in it
    began = time.perf_counter()
    db.execute("SET maintenance_work_mem = '512MB'")
    db.execute("SET synchronous_commit = off")
    for statement in ("articles_current", "articles_url", "articles_hash", "articles_tsv"):
        db.execute(f"DROP INDEX IF EXISTS {statement}")
    db.execute(
        "CREATE UNLOGGED TABLE IF NOT EXISTS bulk (id TEXT, content_hash TEXT, url TEXT, source TEXT, "
        "title TEXT, published TEXT, language TEXT, data TEXT, text TEXT)"
    )
    for start in range(0, n, BATCH):
        stop = min(n, start + BATCH)
        with db.transaction():
            db.execute("TRUNCATE bulk")
            with db.cursor().copy("COPY bulk FROM STDIN") as copy:
                for article in stream.articles(start, stop):
                    copy.write_row(_bulk_row(article))
            db.execute(
                "INSERT INTO articles (id, revision, current, content_hash, raw_hash, url, source, title, "
                "published, language, data, tsv) SELECT id, 1, TRUE, content_hash, '', url, source, title, "
                "published, language, data::jsonb, "
                "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || to_tsvector('simple', text) "
                "FROM bulk"
            )
        elapsed = time.perf_counter() - began
        print(f"  loaded {stop:>9,} articles  {elapsed:7.0f} s  ({stop / elapsed:,.0f}/s)", flush=True)
    db.execute("DROP TABLE bulk")
    for statement in INDEXES:
        db.execute(statement)
    db.execute("ANALYZE articles")
    return time.perf_counter() - began


def _bulk_row(article: Article) -> tuple[str | None, ...]:
    data = json.dumps(to_dict(article), ensure_ascii=False)
    return (
        article.id,
        article.content_hash,
        article.url,
        article.source,
        article.title,
        article.published,
        article.language,
        data,
        article.text,
    )


# --------------------------------------------------------------------------- the timed add


def build_event_index(stream: Stream, start: int, stop: int, params: EventParams) -> EventIndex:
    index = EventIndex(params)
    for article in stream.articles(start, stop):
        index.add(article_keys(article, _vector(article, params)))
    return index


def _vector(article: Article, params: EventParams) -> np.ndarray:
    """A stand-in for the sentence vector: hashed random projections of the lead's content words.

    Encoding the window with the real encoder would take minutes on this machine and measures the
    encoder, not the add; this keeps similar leads similar, which is all the index's costs depend on.
    """
    total = np.zeros(DIM, dtype=np.float32)
    for term, count in content_terms(lead(article.text, article.title, params.lead_chars)).items():
        total += count * _term_vector(term)
    norm = float(np.linalg.norm(total))
    return total / norm if norm > 0 else total


@functools.lru_cache(maxsize=200_000)
def _term_vector(term: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


def build_lsh(stream: Stream, start: int, stop: int) -> Any:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for article in stream.articles(start, stop):
        lsh.insert(article.id, _signature(article))
    return lsh


def _signature(article: Article) -> Any:
    from datasketch import MinHash

    (signature,) = MinHash.bulk([[s.encode() for s in shingles(article.text)]], num_perm=NUM_PERM, seed=1)
    return signature


def time_additions(
    store: PostgresStorage, stream: Stream, n: int, count: int, index: EventIndex, lsh: Any
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"encode": [], "put": [], "lsh": [], "events": [], "total": []}
    for i in range(n, n + count):
        article = stream.article(i)
        began = time.perf_counter()
        encode_one(lead(article.text, article.title, index.params.lead_chars))  # timed, not used
        encoded = time.perf_counter()
        vector = _vector(article, index.params)
        result = store.put_articles([article])
        assert result.added == [article.id], result
        stored = time.perf_counter()
        signature = _signature(article)
        lsh.query(signature)
        lsh.insert(article.id, signature)
        hashed = time.perf_counter()
        index.add(article_keys(article, vector))
        done = time.perf_counter()
        times["encode"].append(encoded - began)
        times["put"].append(stored - encoded)
        times["lsh"].append(hashed - stored)
        times["events"].append(done - hashed)
        times["total"].append(done - encoded)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(times: dict[str, list[float]], rebuild_s: float, n_store: int, args: argparse.Namespace) -> None:
    print(f"\nadding one article to a PostgreSQL store of {n_store:,} articles ({args.additions} additions)")
    print(f"{'step':<34}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    labels = {
        "put": "store.put_articles([a])",
        "lsh": f"MinHash + LSH query/insert ({args.lsh_window:,} keys)",
        "events": "EventIndex.add (open window)",
        "total": "incremental total (newsprism)",
        "encode": "real encoder on the lead (apart)",
    }
    for step, label in labels.items():
        values = [1000 * t for t in times[step]]
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"{label:<34}{p50:>10.1f}{p95:>10.1f}{max(values):>10.1f}")
    print(f"{'baseline: rebuild the event index':<34}{1000 * rebuild_s:>10.0f}  (once, window only)")
    target = percentile([1000 * t for t in times["total"]], 0.95)
    print(f"target p95 <= 50 ms: {'met' if target <= 50 else 'MISSED'} ({target:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="postgresql:// URL of a database the bench may fill")
    parser.add_argument("--n", type=int, default=1_000_000, help="articles in the store before the adds")
    parser.add_argument("--base", type=int, default=20_000, help="articles made by generate_corpus.py")
    parser.add_argument("--per-day", type=int, default=3000, help="articles published a day")
    parser.add_argument("--additions", type=int, default=50)
    parser.add_argument("--window-articles", type=int, default=6000, help="articles the event index sees")
    parser.add_argument("--lsh-window", type=int, default=20_000)
    parser.add_argument("--reuse", action="store_true", help="keep the bulk-loaded articles of a former run")
    args = parser.parse_args()

    began = time.perf_counter()
    base = list(generate(read_pool("auto"), args.base))
    print(f"base block: {len(base):,} generated articles in {time.perf_counter() - began:.0f} s", flush=True)
    stream = Stream(base, args.per_day)
    store = PostgresStorage(args.db)
    if args.reuse:  # drop the articles a previous run added on top of the bulk load
        store._db.execute("DELETE FROM articles WHERE id >= %s", (f"a{args.n:08d}",))
    if not (args.reuse and store.count_articles() == args.n):
        store._db.execute("TRUNCATE articles")
        print(f"bulk load of {args.n:,} articles into {store.url}", flush=True)
        seconds = bulk_load(store, stream, args.n)
        print(f"bulk load: {seconds:.0f} s ({args.n / seconds:,.0f} articles/s)", flush=True)
    params = EventParams()
    with single_threaded_blas():
        began = time.perf_counter()
        index = build_event_index(stream, max(0, args.n - args.window_articles), args.n, params)
        rebuild_s = time.perf_counter() - began
        print(f"event index: {len(index.open):,} open events (max_active {params.max_active:,})", flush=True)
        lsh = build_lsh(stream, max(0, args.n - args.lsh_window), args.n)
        times = time_additions(store, stream, args.n, args.additions, index, lsh)
    report(times, rebuild_s, store.count_articles() - args.additions, args)
    store.close()


if __name__ == "__main__":
    main()
