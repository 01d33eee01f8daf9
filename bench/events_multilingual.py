"""Multilingual same-story similarity: newsprism's pair score against SemEval-2022 Task 8 `Overall` labels.

Reproduce (from the repository root; data in ../shared/benchmarks/events/semeval2022_t8_pairs):

    .venv/bin/python bench/events_multilingual.py

Each pair's two texts are scored like an article against a one-article event (EventIndex.score: the
decision's probability, IDF from all texts of the file); `Overall` runs 1 (same story) … 4 (unrelated),
so a good similarity correlates negatively: the figure printed is Pearson(similarity, -Overall). The
baseline is TF-IDF cosine.
Training-pair files only (~1k characters per text, ~38% machine-translated): a dev signal.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np

from events_common import DATA, cached_vectors, require_data, tfidf_matrix
from newsprism.events import EventIndex, EventParams, article_keys, event_text, single_threaded_blas
from newsprism.model import Article

FILES = ["hfl_subset_training_set_truncated_text.csv", "hfl_subset_testing_set_truncated_text.csv"]


def load_pairs() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in FILES:
        with open(DATA / "semeval2022_t8_pairs" / name, encoding="utf-8", newline="") as handle:
            rows += [r for r in csv.DictReader(handle) if r["text1"].strip() and r["text2"].strip()]
    return rows


def newsprism_scores(rows: list[dict[str, str]]) -> np.ndarray:
    params = EventParams()
    articles = [
        Article(id=f"{i}-{side}", text=r[f"text{side}"], original="", language=r[f"lang{side}"])
        for i, r in enumerate(rows)
        for side in (1, 2)
    ]
    vectors = cached_vectors([event_text(a, params) for a in articles], "semeval")
    keys = [article_keys(a, v) for a, v in zip(articles, vectors, strict=True)]
    index = EventIndex(params)
    for k in keys:
        index._count(k)  # IDF over the whole file, as a collection would have it
    scores = []
    with single_threaded_blas():
        for first, second in zip(keys[::2], keys[1::2], strict=True):
            event_id = index._new_event(first)
            index._join(event_id, first)
            scores.append(index.score(second, index.open[event_id]))
            index._freeze(event_id)
    return np.asarray(scores)


def tfidf_scores(rows: list[dict[str, str]]) -> np.ndarray:
    matrix = tfidf_matrix([t for r in rows for t in (r["text1"], r["text2"])])
    return np.asarray(matrix[::2].multiply(matrix[1::2]).sum(axis=1)).ravel()


def main() -> None:
    require_data()
    rows = load_pairs()
    overall = -np.asarray([float(r["Overall"]) for r in rows])
    cross = np.asarray([r["lang1"] != r["lang2"] for r in rows])
    ours, base = newsprism_scores(rows), tfidf_scores(rows)
    print(f"SemEval-2022 T8 pairs with text: {len(rows)} ({cross.sum()} cross-language)")
    for label, mask in (("all pairs", np.ones(len(rows), bool)), ("cross-language", cross)):
        if mask.sum() > 2:
            r_ours = np.corrcoef(ours[mask], overall[mask])[0, 1]
            r_base = np.corrcoef(base[mask], overall[mask])[0, 1]
            print(f"{label:16} Pearson  newsprism {r_ours:.3f}   baseline TF-IDF cosine {r_base:.3f}")


if __name__ == "__main__":
    main()
