"""End-to-end throughput and peak memory: single process vs Dask with 1 and 2 workers.

    python bench/generate_corpus.py --n 2000 --out /tmp/c2k.jsonl
    python bench/scale_end_to_end.py /tmp/c2k.jsonl --engines local1,local,dask1,dask2 --steps

Each engine runs the whole job on a fresh SQLite store in a subprocess of its own (so peak RSS is
that run's alone): ingest + clean, the per-article stages (entities, quotes, claims, opinion), the
collection stages. Prints seconds and articles/s per phase and the peak RSS of the driver and of
the largest worker process. Engines: ``local1`` one process; ``local`` the default local engine
(worker processes, one per core, when there are enough articles); ``local2`` two worker processes;
``dask1``/``dask2`` a local Dask cluster of 1 or 2 workers. ``--steps`` adds each step's time in
ms per article (per-article stages: summed over the processes that ran them, so CPU-like; Dask
workers do not report theirs; collection steps: wall time in the driver).

Adding a few articles to a stored collection (the cost of one ``analyze``/``watch`` run at scale):

    python bench/scale_end_to_end.py /tmp/c10k.jsonl --add-to /tmp/s1k.sqlite,/tmp/s2k.sqlite --add 10

Each store (built beforehand from the same corpus, e.g. its first 1,000 and 2,000 articles) is copied,
and the copy gets ``--add`` articles from ``--add-from`` on (articles it does not hold) through the
normal path: ingest, the per-article stages, ``update_collection`` (``--full``: ``rebuild_collection``,
what every run did before runs were incremental). Prints, per store, the wall and
CPU seconds of the run and of its collection update, and the run's peak RSS (a subprocess each). A
store is first rebuilt once by this code, untimed, on a copy kept beside it (``STORE.primed``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (worker processes, once reaped): on a
    shared machine it says what the work cost when wall time says how busy the others were."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(corpus: str, engine: str, limit: int | None, collection: bool = True) -> dict[str, float]:
    from newsprism import pipeline
    from newsprism.config import Config
    from newsprism.store import open_store

    workers = {"local1": 1, "local": 0, "local2": 2, "dask1": 1, "dask2": 2}[engine]
    if engine.startswith("dask"):
        config = Config(engine="dask", workers=workers)
    else:
        config = Config(engine="local", processes=workers)
    records = []
    with open(corpus, encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if limit is not None and i >= limit:
                break
            records.append(json.loads(line))
    phases: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.sqlite") as store:
        started, cpu = time.perf_counter(), cpu_seconds()
        report = pipeline.ingest(records, store, config)
        phases["ingest_s"], phases["ingest_cpu"] = time.perf_counter() - started, cpu_seconds() - cpu
        started, cpu = time.perf_counter(), cpu_seconds()
        pipeline.analyze_articles(store, config, report=report)
        phases["per_article_s"] = time.perf_counter() - started
        phases["per_article_cpu"] = cpu_seconds() - cpu
        started, cpu = time.perf_counter(), cpu_seconds()
        if collection:
            pipeline.update_collection(store, None, config, report)
        phases["collection_s"] = time.perf_counter() - started
        phases["collection_cpu"] = cpu_seconds() - cpu
    phases["articles"] = len(report.added)
    phases.update({f"step:{step}": seconds for step, seconds in report.seconds_by_step.items()})
    phases["driver_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    phases["child_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return phases


def add_one_batch(store_path: str, corpus: str, first: int, count: int, full: bool) -> dict[str, float]:
    """Add ``count`` corpus articles from line ``first`` on to the store; time it (run in a subprocess)."""
    from newsprism import pipeline
    from newsprism.config import Config
    from newsprism.store import open_store

    records = []
    with open(corpus, encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if first <= i < first + count:
                records.append(json.loads(line))
    config = Config()
    with open_store(store_path) as store:
        stored = store.count_articles()
        started, cpu = time.perf_counter(), cpu_seconds()
        report = pipeline.ingest(records, store, config)
        pipeline.analyze_articles(store, config, report=report)
        collect_started, collect_cpu = time.perf_counter(), cpu_seconds()
        update = pipeline.rebuild_collection if full else pipeline.update_collection
        update(store, report.added + report.revised, config, report)
        ended, ended_cpu = time.perf_counter(), cpu_seconds()
    return {
        "stored": stored,
        "added": len(report.added),
        "run_s": ended - started,
        "run_cpu": ended_cpu - cpu,
        "collection_s": ended - collect_started,
        "collection_cpu": ended_cpu - collect_cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "errors": len(report.errors),
    }


def prime(store_path: str) -> str:
    """A copy of the store whose collection an incremental run can update in place: rebuilt once by
    this code, events clustered afresh (an event state of another version may not load)."""
    import shutil
    import sqlite3

    from newsprism import pipeline
    from newsprism.store import open_store

    primed = store_path + ".primed"
    if not Path(primed).exists():
        shutil.copy(store_path, primed + ".tmp")
        with sqlite3.connect(primed + ".tmp") as db:
            db.execute("DELETE FROM state")
        with open_store(primed + ".tmp") as store:
            pipeline.rebuild_collection(store, [])  # briefings of unchanged events are kept
        Path(primed + ".tmp").rename(primed)
    return primed


def add_mode(args: argparse.Namespace) -> None:
    import shutil

    print(
        f"{'store':>8} {'added':>6} {'run s':>7} {'run CPU s':>10} {'collect s':>10} "
        f"{'collect CPU s':>14} {'peak MB':>8}"
    )
    for store_path in args.add_to.split(","):
        source = prime(store_path)
        with tempfile.TemporaryDirectory() as tmp:
            copy = str(Path(tmp) / "store.sqlite")
            shutil.copy(source, copy)
            cmd = [sys.executable, __file__, args.corpus, "--add-one", copy, "--add", str(args.add)]
            cmd += ["--add-from", str(args.add_from)] + (["--full"] if args.full else [])
            out = (
                subprocess.run(cmd, capture_output=True, text=True, check=True)
                .stdout.strip()
                .splitlines()[-1]
            )
        r = json.loads(out)
        print(
            f"{r['stored']:8.0f} {r['added']:6.0f} {r['run_s']:7.1f} {r['run_cpu']:10.1f} "
            f"{r['collection_s']:10.1f} {r['collection_cpu']:14.1f} {r['peak_mb']:8.0f}"
            + (f"  ({r['errors']:.0f} stage errors)" if r["errors"] else ""),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", help="JSONL from bench/generate_corpus.py")
    parser.add_argument("--engines", default="local,dask1,dask2")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--steps", action="store_true", help="also print ms/article of every step")
    parser.add_argument(
        "--skip-collection",
        action="store_true",
        help="leave out the collection stages (the same driver-side code whatever the engine): "
        "compares the engines on ingest and the per-article stages alone; total/s then excludes it",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one engine and print JSON
    parser.add_argument("--add-to", help="stores (comma-separated) to add --add articles to, each timed")
    parser.add_argument("--add", type=int, default=10, help="articles added to each --add-to store")
    parser.add_argument("--add-from", type=int, default=5000, help="corpus line of the first added article")
    parser.add_argument(
        "--full",
        action="store_true",
        help="update the collection as before incremental runs (rebuild_collection: the whole store)",
    )
    parser.add_argument("--add-one", help=argparse.SUPPRESS)  # internal: one timed addition, JSON out
    args = parser.parse_args()
    if args.add_one:
        print(json.dumps(add_one_batch(args.add_one, args.corpus, args.add_from, args.add, args.full)))
        return
    if args.add_to:
        add_mode(args)
        return
    if args.one:
        print(json.dumps(run_one(args.corpus, args.one, args.limit, not args.skip_collection)))
        return
    print(
        f"{'engine':8} {'articles':>8} {'ingest/s':>9} {'per-art/s':>10} {'collect s':>10} "
        f"{'total/s':>8} {'driver MB':>10} {'worker MB':>10} {'CPU ms/art: ingest':>19} "
        f"{'per-art':>8} {'collect':>8}"
    )
    steps: dict[str, dict[str, float]] = {}
    for engine in args.engines.split(","):
        cmd = [sys.executable, __file__, args.corpus, "--one", engine]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        if args.skip_collection:
            cmd.append("--skip-collection")
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        r = json.loads(out)
        steps[engine] = {k[5:]: 1000 * v / r["articles"] for k, v in r.items() if k.startswith("step:")}
        n = r["articles"]
        total = r["ingest_s"] + r["per_article_s"] + r["collection_s"]
        print(
            f"{engine:8} {n:8.0f} {n / r['ingest_s']:9.1f} {n / r['per_article_s']:10.1f} "
            f"{r['collection_s']:10.1f} {n / total:8.1f} "
            f"{r['driver_peak_mb']:10.0f} {r['child_peak_mb']:10.0f} "
            f"{1000 * r['ingest_cpu'] / n:19.1f} {1000 * r['per_article_cpu'] / n:8.1f} "
            f"{1000 * r['collection_cpu'] / n:8.1f}",
            flush=True,
        )
    if args.steps:
        print_steps(steps)


def print_steps(steps: dict[str, dict[str, float]]) -> None:
    """One row per step, one column per engine: ms per article."""
    engines = list(steps)
    names = list(dict.fromkeys(name for by_step in steps.values() for name in by_step))
    print(f"\n{'ms/article':22}" + "".join(f"{engine:>10}" for engine in engines))
    for name in names:
        cells = "".join(f"{steps[e][name]:10.1f}" if name in steps[e] else f"{'-':>10}" for e in engines)
        print(f"{name:22}{cells}")


if __name__ == "__main__":
    main()
