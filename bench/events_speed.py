"""Event clustering speed and memory: the incremental index beside TF-IDF + agglomerative clustering.

Reproduce (from the repository root; data in ../shared/benchmarks/events):

    .venv/bin/python bench/events_speed.py                 # 10k and 100k articles
    .venv/bin/python bench/events_speed.py --sizes 10000   # one size

Articles are perturbed copies of the GVA dev texts (bench/perturb.py), dated over three years and
fed in date order. "keys" is the per-article feature extraction (regex words/names); "add_batch" is the
batch path as the events stage runs it, all but the last 200 articles in one ``EventIndex.add_batch``:
the single pass, and after each chunk of ``refine_chunk`` articles the batch refinement and the batch
linkage, each stage's own CPU printed per article of the batch; "add-one" is then a batch of one, as the
stage adds a single new article. Vectors are precomputed (the encoder's own throughput is printed once).
Peak memory is the resident set size of a fresh child process per measurement. Times are CPU seconds
(process_time) where the machine is shared; wall seconds are printed beside.

Growth: the single pass's CPU µs per article in each tenth of the stream shows whether an article costs
more as the store grows. The default streams span three years whatever their size, so 100k articles are ten
times denser than 10k (a full window, bigger events); ``--span-days`` sets the span (30 years at 100k
gives the density of 10k over three).

The baseline's figure includes its TF-IDF vectorisation, so the fair comparison is keys + add_batch; the
ratio of add_batch alone is printed too.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np

from events_common import as_articles, baseline_tree, cached_vectors, load_jsonl, require_data, tfidf_matrix
from newsprism.events import (
    EventIndex,
    EventParams,
    article_keys,
    encode_texts,
    event_text,
    lead,
    single_threaded_blas,
)
from perturb import stream


def real_rows() -> tuple[list[dict[str, Any]], np.ndarray]:
    # the GVA dev documents in date order: the same texts events_quality.py encodes, so the cache is shared
    rows = sorted(load_jsonl("gva_dev.jsonl"), key=lambda r: r["published"] or "")
    params = EventParams()
    vectors = cached_vectors([event_text(a, params) for a in as_articles(rows)], "lead")
    return rows, vectors


SPAN_DAYS = 3 * 365


def synthetic(n: int, span_days: int = SPAN_DAYS) -> tuple[list[dict[str, Any]], np.ndarray]:
    rows, vectors = real_rows()
    items = stream(rows, vectors, n, span_days=span_days)
    items = sorted(items, key=lambda s: (s.row["published"], s.row["id"]))
    return [s.row for s in items], np.vstack([s.vector for s in items])


class StageTimer:
    """CPU seconds spent in an index's batch refinement and batch linkage, as ``add_batch`` calls them."""

    STAGES = ("refine", "link")

    def __init__(self, index: EventIndex) -> None:
        self.cpu = dict.fromkeys(self.STAGES, 0.0)
        for stage in self.STAGES:  # an instance attribute shadows the method: add_batch calls the wrapper
            setattr(index, stage, self._timed(stage, getattr(index, stage)))

    def _timed(
        self, stage: str, method: Callable[[list[Any]], list[str]]
    ) -> Callable[[list[Any]], list[str]]:
        def timed(batch: list[Any]) -> list[str]:
            started = time.process_time()
            try:
                return method(batch)
            finally:
                self.cpu[stage] += time.process_time() - started

        return timed

    def total(self) -> float:
        return sum(self.cpu.values())


def tenths_of_single_pass(keys: list[Any], timer: StageTimer, tenths: list[float]) -> Iterator[Any]:
    """``keys`` as ``add_batch`` reads them, noting the single pass's CPU µs per article in each tenth of
    the stream (the refinement and linkage of the chunks done meanwhile left out)."""
    tenth = max(1, len(keys) // 10)
    mark, staged = time.process_time(), timer.total()
    for i, k in enumerate(keys, 1):
        yield k
        # resumed once add_batch has added article i (and refined and linked its chunk if it closed one)
        if i % tenth == 0 and len(tenths) < 10:
            now, spent = time.process_time(), timer.total()
            tenths.append((now - mark - (spent - staged)) / tenth * 1e6)
            mark, staged = now, spent


def measure_newsprism(n: int, span_days: int, queue: Any) -> None:
    rows, vectors = synthetic(n, span_days)
    articles = as_articles(rows)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with single_threaded_blas():
        started, cpu_started = time.perf_counter(), time.process_time()
        keys = [article_keys(a, v) for a, v in zip(articles, vectors, strict=True)]
        keys_secs = time.perf_counter() - started
        keys_cpu = time.process_time() - cpu_started
        rss_keys = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # every article's keys held at once
        index = EventIndex(EventParams())
        timer, tenths = StageTimer(index), []
        started, cpu_started = time.perf_counter(), time.process_time()
        # the stage's batch path: add, then refine and link each chunk of refine_chunk articles
        moves = index.add_batch(tenths_of_single_pass(keys[:-200], timer, tenths))
        cluster_secs = time.perf_counter() - started
        cluster_cpu = time.process_time() - cpu_started
        batch_cpu = dict(timer.cpu)
        add_one = []
        for k in keys[-200:]:  # one new article at a time, as the stage adds a batch of one
            t0 = time.perf_counter()
            index.add_batch([k])
            add_one.append((time.perf_counter() - t0) * 1000)
        with_keys = []
        for a, v in zip(articles[-50:], vectors[-50:], strict=True):
            a.id += "+again"
            t0 = time.perf_counter()
            index.add_batch([article_keys(a, v)])
            with_keys.append((time.perf_counter() - t0) * 1000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    state = len(index.dump())
    queue.put(
        {
            "n": n,
            "keys_s": keys_secs,
            "keys_cpu_s": keys_cpu,
            "tenths_us": tenths,
            "cluster_s": cluster_secs,
            "cluster_cpu_s": cluster_cpu,
            "refine_cpu_s": batch_cpu["refine"],
            "link_cpu_s": batch_cpu["link"],
            "refine_moves": sum(move.endswith("refine)") for move in moves),
            "link_moves": sum(move.endswith("link)") for move in moves),
            "events": len(index.events),
            "open": len(index.open),
            "add_ms_median": statistics.median(add_one),
            "add_ms_p95": sorted(add_one)[int(0.95 * len(add_one))],
            "add_with_keys_ms": statistics.median(with_keys),
            "peak_rss_mb": rss / 1024,
            "rss_growth_mb": (rss - rss_before) / 1024,
            "rss_keys_mb": (rss_keys - rss_before) / 1024,
            "rss_index_mb": (rss - rss_keys) / 1024,
            "state_mb": state / 1e6,
        }
    )


def measure_baseline(n: int, span_days: int, queue: Any) -> None:
    rows, _ = synthetic(n, span_days)
    texts = [f"{r.get('title') or ''}\n{r['text']}" for r in rows]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu_started = time.process_time()
    tfidf_matrix(texts)  # its reading of the words alone, timed apart (the tree below does it again)
    tfidf_cpu = time.process_time() - cpu_started
    started, cpu_started = time.perf_counter(), time.process_time()
    baseline_tree(texts)
    secs = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put(
        {
            "n": n,
            "cluster_s": secs,
            "cluster_cpu_s": cpu,
            "tfidf_cpu_s": tfidf_cpu,
            "peak_rss_mb": rss / 1024,
            "rss_growth_mb": (rss - rss_before) / 1024,
        }
    )


def in_child(target: Any, n: int, span_days: int) -> dict[str, Any]:
    queue: Any = mp.get_context("fork").Queue()
    process = mp.get_context("fork").Process(target=target, args=(n, span_days, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def encoder_cost_ms() -> tuple[float, float]:
    """Encoder milliseconds per article: the old event text (700 chars, one call each) and the current
    one (title + lead of ``lead_chars``, encoded in batches as the stage does)."""
    articles = as_articles(load_jsonl("ecbplus_train.jsonl")[:200])
    old_texts = [lead(a.text, a.title, 700) for a in articles]
    new_texts = [event_text(a, EventParams()) for a in articles]
    encode_texts(["warm up"])
    started = time.perf_counter()
    for text in old_texts[:50]:
        encode_texts([text])
    old_ms = (time.perf_counter() - started) * 1000 / 50
    started = time.perf_counter()
    encode_texts(new_texts)
    return old_ms, (time.perf_counter() - started) * 1000 / len(new_texts)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--baseline-sizes", nargs="*", type=int, default=[2_500, 5_000, 10_000])
    parser.add_argument("--span-days", type=int, default=SPAN_DAYS, help="days the stream spans")
    args = parser.parse_args()
    require_data()
    real_rows()  # fill the vector cache once, outside the measurements
    old_ms, new_ms = encoder_cost_ms()
    print(
        f"event vector: {new_ms:.1f} ms/article (title + lead, {EventParams().lead_chars} chars, batched); "
        f"was {old_ms:.1f} ms/article (700 chars, one at a time)"
    )
    ours: dict[int, dict[str, Any]] = {}
    for n in args.sizes:
        r = ours[n] = in_child(measure_newsprism, n, args.span_days)
        batch = n - 200
        loop_cpu = r["cluster_cpu_s"] - r["refine_cpu_s"] - r["link_cpu_s"]
        print(
            f"newsprism n={n:>7}: keys {r['keys_s']:.1f}s ({r['keys_cpu_s']:.1f}s CPU, "
            f"{r['keys_cpu_s'] / n * 1e6:.0f} µs CPU/article), add_batch {r['cluster_s']:.1f}s "
            f"({r['cluster_cpu_s']:.1f}s CPU, {r['cluster_cpu_s'] / batch * 1e6:.0f} µs CPU/article: "
            f"single pass {loop_cpu / batch * 1e6:.0f}, refinement {r['refine_cpu_s'] / batch * 1e6:.0f}, "
            f"linkage {r['link_cpu_s'] / batch * 1e6:.0f}; moves: {r['refine_moves']} refine, "
            f"{r['link_moves']} link) "
            f"({batch / r['cluster_s']:.0f} articles/s clustering, "
            f"{batch / (r['cluster_s'] + r['keys_s'] * batch / n):.0f}/s with keys), "
            f"events {r['events']}, open {r['open']}, "
            f"add-one (add_batch of one) {r['add_ms_median']:.2f} ms median / {r['add_ms_p95']:.2f} ms p95 "
            f"({r['add_with_keys_ms']:.2f} ms with keys), peak RSS {r['peak_rss_mb']:.0f} MB "
            f"(+{r['rss_keys_mb']:.0f} MB for all articles' keys held at once, +{r['rss_index_mb']:.0f} MB "
            f"while clustering: the window, the event records, the article → event map), "
            f"state {r['state_mb']:.1f} MB"
        )
        tenths = " ".join(f"{t:.0f}" for t in r["tenths_us"])
        print(f"  single pass µs CPU/article by tenth of the stream: {tenths}")
    for n in args.baseline_sizes:
        r = in_child(measure_baseline, n, args.span_days)
        print(
            f"baseline  n={n:>7}: TF-IDF + average linkage {r['cluster_s']:.1f}s "
            f"({r['cluster_cpu_s']:.1f}s CPU) "
            f"({n / r['cluster_s']:.0f} articles/s), peak RSS {r['peak_rss_mb']:.0f} MB "
            f"(+{r['rss_growth_mb']:.0f} MB)"
        )
        print(
            f"  of which TF-IDF vectorisation {r['tfidf_cpu_s'] / n * 1e6:.0f} µs CPU/article; a 10x "
            f"speed-up leaves {r['cluster_cpu_s'] / n / 10 * 1e6:.0f} µs CPU/article for keys + add_batch"
        )
        if n in ours:
            mine, theirs = ours[n], r["cluster_cpu_s"]
            print(
                f"  speed-up at n={n} (CPU): keys + add_batch "
                f"{theirs / (mine['keys_cpu_s'] + mine['cluster_cpu_s']):.1f}x, "
                f"add_batch alone {theirs / mine['cluster_cpu_s']:.1f}x"
            )
    print("baseline  n= 100000: not run: the dense distance matrix alone needs 100k² × 8 B / 2 = 40 GB")


if __name__ == "__main__":
    main()
