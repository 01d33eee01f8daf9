"""Ingest + clean + store throughput and peak memory on a generated corpus (issue: foundation).

    python bench/generate_corpus.py --n 10000 --out /tmp/c10k.jsonl
    python bench/ingest_throughput.py /tmp/c10k.jsonl

Reads the JSONL through the real readers, cleans every article (boilerplate, Unicode, language,
date, sentences) and writes it to a fresh SQLite store in batches, as `newsprism ingest` does.
The baseline reads the same lines with json.loads and stores the raw text with no cleaning.
Peak memory is the process's max RSS (it must not grow with the corpus: everything streams).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from newsprism import pipeline
from newsprism.config import Config
from newsprism.model import Article
from newsprism.store import open_store


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_newsprism(corpus: Path) -> tuple[int, float]:
    config = Config(article_stages=(), collection_stages=())
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.sqlite") as store:
        started = time.perf_counter()
        report = pipeline.ingest([corpus], store, config)
        return len(report.added), time.perf_counter() - started


def run_baseline(corpus: Path) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s.sqlite") as store:
        started = time.perf_counter()
        batch, count = [], 0
        with corpus.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                text = record.get("text") or ""
                digest = hashlib.sha256(text.encode()).hexdigest()
                batch.append(
                    Article(
                        id=str(record.get("id") or digest[:16]), text=text, original=text, content_hash=digest
                    )
                )
                if len(batch) >= 200:
                    count += len(store.put_articles(batch).added)
                    batch = []
        count += len(store.put_articles(batch).added)
        return count, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--system", choices=["both", "newsprism", "baseline"], default="both")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: not found; generate it with bench/generate_corpus.py")
    print(f"{'system':34} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'peak MB':>8}")
    if args.system in ("both", "baseline"):
        row("baseline (json.loads, no cleaning)", *run_baseline(args.corpus))
    if args.system in ("both", "newsprism"):
        row("newsprism ingest+clean+store", *run_newsprism(args.corpus))


def row(name: str, n: int, seconds: float) -> None:
    print(f"{name:34} {n:8d} {seconds:8.1f} {n / seconds:10.1f} {peak_mb():8.0f}")

if __name__ == "__main__":
    main()
