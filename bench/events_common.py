"""Shared helpers of the event benchmarks: data loading, the vector cache, clustering metrics, baseline.

Data is read from ``../shared/benchmarks/events/`` relative to the repository root; never committed.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "events"
CACHE = ROOT / "bench" / "results" / "vectors"
ECB_DEV_TOPICS = {2, 5, 12, 18, 21, 23, 34, 35}


def require_data() -> None:
    if not DATA.is_dir():
        sys.exit(f"benchmark data not found at {DATA} (expected ../shared/benchmarks/events)")


def load_jsonl(name: str) -> list[dict[str, Any]]:
    with open(DATA / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def as_articles(rows: Iterable[dict[str, Any]]) -> list[Any]:
    from newsprism.model import Article

    return [
        Article(
            id=str(r["id"]),
            text=r["text"] or "",
            original=r["text"] or "",
            title=r.get("title"),
            published=r.get("published"),
            source=r.get("source"),
            url=r.get("url"),
        )
        for r in rows
    ]


def cached_vectors(texts: list[str], tag: str) -> np.ndarray:
    """Sentence vectors for ``texts`` (encoded in batches, like the stage does), cached on disk."""
    from newsprism.events import encode_texts

    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"{tag}-{digest}.npy"
    if path.exists():
        return np.load(path)
    vectors = encode_texts(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


# --------------------------------------------------------------------------- metrics


def bcubed(gold: list[str], pred: list[str]) -> tuple[float, float, float]:
    pairs = Counter(zip(gold, pred, strict=True))
    gold_sizes, pred_sizes = Counter(gold), Counter(pred)
    n = len(gold)
    precision = sum(c * c / pred_sizes[p] for (_, p), c in pairs.items()) / n
    recall = sum(c * c / gold_sizes[g] for (g, _), c in pairs.items()) / n
    return precision, recall, _f1(precision, recall)


def pairwise_f1(gold: list[str], pred: list[str]) -> float:
    def same_pairs(counts: Iterable[int]) -> int:
        return sum(c * (c - 1) // 2 for c in counts)

    both = same_pairs(Counter(zip(gold, pred, strict=True)).values())
    in_pred, in_gold = same_pairs(Counter(pred).values()), same_pairs(Counter(gold).values())
    precision = both / in_pred if in_pred else 1.0
    recall = both / in_gold if in_gold else 1.0
    return _f1(precision, recall)


def all_metrics(gold: list[str], pred: list[str]) -> dict[str, float]:
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score

    p, r, f = bcubed(gold, pred)
    return {
        "B3-P": p,
        "B3-R": r,
        "B3-F1": f,
        "ARI": adjusted_rand_score(gold, pred),
        "AMI": adjusted_mutual_info_score(gold, pred),
        "pair-F1": pairwise_f1(gold, pred),
        "clusters": float(len(set(pred))),
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# --------------------------------------------------------------------------- baseline


def tfidf_matrix(texts: list[str]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts)


def baseline_clusters(texts: list[str], threshold: float) -> list[str]:
    """TF-IDF cosine + average-linkage agglomerative clustering cut at ``threshold`` cosine distance."""
    if len(texts) < 2:
        return ["0"] * len(texts)
    return cut(baseline_tree(texts), threshold)


def baseline_tree(texts: list[str]) -> Any:
    """The average-linkage dendrogram over TF-IDF cosine distances (rows are L2-normalised)."""
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    matrix = tfidf_matrix(texts)
    distances = 1.0 - (matrix @ matrix.T).toarray()
    np.fill_diagonal(distances, 0.0)
    np.clip(distances, 0.0, 2.0, out=distances)
    return linkage(squareform(distances, checks=False), method="average")


def cut(tree: Any, threshold: float) -> list[str]:
    from scipy.cluster.hierarchy import fcluster

    return [str(c) for c in fcluster(tree, t=threshold, criterion="distance")]


def isnan(x: float) -> bool:
    return math.isnan(x)
