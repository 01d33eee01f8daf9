"""Does the Dask engine give the single-process result on a few thousand articles?

    python bench/generate_corpus.py --n 2000 --out /tmp/c2k.jsonl
    python bench/dask_parity.py /tmp/c2k.jsonl --limit 2000

Runs the whole job (ingest, per-article stages, collection stages) twice on fresh SQLite stores:
one local process, then a local Dask cluster of 2 workers, and compares every stored analysis and
every collection record. Prints how many differ (0 is the claim) and the first difference of each
kind. The test suite checks the same on the seeds and the demo corpus; this is the larger check.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from generate_corpus import read_records


def run_engine(records: list[dict[str, Any]], engine: str, folder: Path) -> dict[str, Any]:
    """Every analysis (by article) and the whole dossier's collection records of one run."""
    from newsprism import pipeline
    from newsprism.config import Config
    from newsprism.model import to_dict
    from newsprism.store import open_store

    config = Config(engine=engine, workers=2, processes=1)
    started = time.perf_counter()
    with open_store(folder / f"{engine}.sqlite") as store:
        dossier, report = pipeline.run(records, store, config)
        analyses = {a.article: to_dict(a) for a in store.iter_analyses()}
    print(f"{engine}: {report.analysed} articles analysed in {time.perf_counter() - started:.0f} s")
    collection = {key: value for key, value in to_dict(dossier).items() if isinstance(value, list)}
    return {"analyses": analyses, **collection}


def compare(first: dict[str, Any], second: dict[str, Any]) -> int:
    """Print the differing records of each kind; return how many differ in all."""
    differing = 0
    for kind in first:
        a, b = first[kind], second[kind]
        if isinstance(a, dict):
            keys = sorted(set(a) | set(b))
            bad = [k for k in keys if a.get(k) != b.get(k)]
        else:
            bad = [i for i in range(max(len(a), len(b))) if i >= len(a) or i >= len(b) or a[i] != b[i]]
        differing += len(bad)
        total = len(a)
        print(f"  {kind:<12} {total:6d} records, {len(bad)} differ")
        if bad:
            key = bad[0]
            left = a.get(key) if isinstance(a, dict) else (a[key] if key < len(a) else None)
            right = b.get(key) if isinstance(b, dict) else (b[key] if key < len(b) else None)
            print(f"    first: local {json.dumps(left)[:240]}\n           dask  {json.dumps(right)[:240]}")
    return differing


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("corpus", help="JSONL of articles (bench/generate_corpus.py)")
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args()
    records = read_records(args.corpus, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        local = run_engine(records, "local", Path(tmp))
        dask = run_engine(records, "dask", Path(tmp))
    differing = compare(local, dask)
    print("identical" if differing == 0 else f"{differing} records differ")


if __name__ == "__main__":
    main()
