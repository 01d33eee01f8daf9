"""Event clustering quality: newsprism's EventIndex beside a TF-IDF + average-linkage baseline.

Reproduce (from the repository root; data in ../shared/benchmarks/events):

    .venv/bin/python bench/events_quality.py            # ECB+ dev topics and GVA dev, both systems
    .venv/bin/python bench/events_quality.py --fit      # parameter search (ECB+ non-dev, GVA half A)

ECB+: the usual dev topics (2 5 12 18 21 23 34 35) clustered together as one collection, in file order.
GVA: all dev documents in order of publication date (then file order), as a stream would deliver them.
The baseline's threshold is tuned on the very data it is scored on (its best case); newsprism's parameters
were fitted on the ECB+ non-dev topics and on GVA "half A" (incidents whose id hash is even), so the
"GVA half B" row is the held-out figure.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import itertools
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from events_common import (
    ECB_DEV_TOPICS,
    all_metrics,
    as_articles,
    baseline_tree,
    cached_vectors,
    cut,
    load_jsonl,
    require_data,
)
from newsprism.events import EventIndex, EventParams, article_keys, event_text


def datasets() -> dict[str, list[dict[str, Any]]]:
    ecb = load_jsonl("ecbplus_train.jsonl")
    gva = _gva_in_date_order()
    half_a = [r for r in gva if _half(r["event"]) == 0]
    half_b = [r for r in gva if _half(r["event"]) == 1]
    return {
        "ECB+ dev topics": [r for r in ecb if r["topic"] in ECB_DEV_TOPICS],
        "ECB+ non-dev (fit)": [r for r in ecb if r["topic"] not in ECB_DEV_TOPICS],
        "GVA dev (all)": gva,
        "GVA half A (fit)": half_a,
        "GVA half B (held out)": half_b,
    }


def _half(event: Any) -> int:
    return int(hashlib.sha256(str(event).encode()).hexdigest(), 16) % 2


def prepare(rows: list[dict[str, Any]], params: EventParams) -> list[Any]:
    articles = as_articles(rows)
    vectors = [_vector_of(event_text(a, params), params) for a in articles]
    return [article_keys(a, v) for a, v in zip(articles, vectors, strict=True)]


@functools.cache
def _vectors_by_text(lead_chars: int) -> dict[str, Any]:
    """Every benchmark text encoded once (two cached batches), so the subsets share one cache."""
    params = EventParams(lead_chars=lead_chars)
    found: dict[str, Any] = {}
    for rows in (load_jsonl("ecbplus_train.jsonl"), _gva_in_date_order()):
        texts = [event_text(a, params) for a in as_articles(rows)]
        found.update(zip(texts, cached_vectors(texts, "lead"), strict=True))
    return found


def _vector_of(text: str, params: EventParams) -> Any:
    return _vectors_by_text(params.lead_chars)[text]


def _gva_in_date_order() -> list[dict[str, Any]]:
    return sorted(load_jsonl("gva_dev.jsonl"), key=lambda r: r["published"] or "")


def run_newsprism(keys: list[Any], params: EventParams) -> list[str]:
    index = EventIndex(params)
    for k in keys:
        index.add(k)
    return [index.article_event[k.id] for k in keys]  # merges may have moved earlier articles


def baseline_best(rows: list[dict[str, Any]]) -> tuple[float, dict[str, float]]:
    texts = [f"{r.get('title') or ''}\n{r['text']}" for r in rows]
    gold = [str(r["event"]) for r in rows]
    tree = baseline_tree(texts)
    best: tuple[float, dict[str, float]] | None = None
    for step in range(10, 100):
        threshold = step / 100
        scores = all_metrics(gold, cut(tree, threshold))
        if best is None or _objective(scores) > _objective(best[1]):
            best = (threshold, scores)
    assert best is not None
    return best


def _objective(scores: dict[str, float]) -> float:
    return scores["B3-F1"] + scores["ARI"]


def report(names: list[str], data: dict[str, list[dict[str, Any]]], params: EventParams) -> None:
    columns = ["B3-P", "B3-R", "B3-F1", "ARI", "AMI", "pair-F1", "clusters"]
    print(f"{'data set':24} {'system':22} " + " ".join(f"{c:>8}" for c in columns) + f" {'secs':>6}")
    for name in names:
        rows = data[name]
        gold = [str(r["event"]) for r in rows]
        keys = prepare(rows, params)
        started = time.perf_counter()
        ours = all_metrics(gold, run_newsprism(keys, params))
        ours_secs = time.perf_counter() - started
        started = time.perf_counter()
        threshold, base = baseline_best(rows)
        base_secs = time.perf_counter() - started
        gold_clusters = {"clusters": float(len(set(gold)))}
        for system, scores, secs in (
            ("newsprism", ours, ours_secs),
            (f"baseline (t={threshold:.2f})", base, base_secs),
        ):
            cells = " ".join(f"{scores[c]:8.3f}" if c != "clusters" else f"{scores[c]:8.0f}" for c in columns)
            print(f"{name:24} {system:22} {cells} {secs:6.1f}")
        print(f"{'':24} {'gold':22} " + " " * 54 + f"{gold_clusters['clusters']:8.0f}")


def fit(data: dict[str, list[dict[str, Any]]]) -> None:
    base = EventParams()
    sets = {
        n: (prepare(data[n], base), [str(r["event"]) for r in data[n]])
        for n in ("ECB+ non-dev (fit)", "GVA half A (fit)")
    }
    grid = {
        "threshold": [0.34, 0.38, 0.42, 0.46, 0.50],
        "w_dense": [0.3, 0.45, 0.6],
        "w_lex": [0.15, 0.3, 0.45],
        "w_names": [0.3, 0.45, 0.6],
    }
    results = []
    for values in itertools.product(*grid.values()):
        params = replace(base, **dict(zip(grid, values, strict=True)))
        scores = {n: all_metrics(g, run_newsprism(k, params)) for n, (k, g) in sets.items()}
        objective = scores["ECB+ non-dev (fit)"]["B3-F1"] + scores["GVA half A (fit)"]["ARI"]
        results.append((objective, values, scores))
    results.sort(key=lambda item: -item[0])
    for objective, values, scores in results[:10]:
        summary = {n: (round(s["B3-F1"], 3), round(s["ARI"], 3)) for n, s in scores.items()}
        print(f"{objective:.3f} {dict(zip(grid, values, strict=True))} {summary}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fit", action="store_true", help="run the parameter search on the fit splits")
    parser.add_argument("--sets", nargs="*", help="data set names to report (default: all)")
    args = parser.parse_args()
    require_data()
    data = datasets()
    if args.fit:
        fit(data)
        return
    report(args.sets or list(data), data, EventParams())


if __name__ == "__main__":
    main()
