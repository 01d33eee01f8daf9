"""Probe: average linkage over newsprism's own article-article evidence, on the fit splits only.

Reproduce (from the repository root; data in ../shared/benchmarks/events):

    .venv/bin/python bench/events_linkage_probe.py           # fit splits: pair models, linkage, objective
    .venv/bin/python bench/events_linkage_probe.py --dev     # then the chosen setting once on ECB+ dev
    .venv/bin/python bench/events_linkage_probe.py --export  # writes src/newsprism/models/events_pair.json.gz
    .venv/bin/python bench/events_linkage_probe.py --split   # the split's cut with cross-fitted pair models

The single pass chains: an undated article placed after its nearest dated one joins that small event with
no rival. The TF-IDF baseline's strength is average linkage (every pair counts, no chaining). Here each
article is a one-article event of an ``EventIndex`` holding the whole split (IDF of the whole split), each
article is scored with ``EventIndex.features`` against its candidates (nearest by vector, rarest names),
and a pair model (logistic, or boosted trees) is fitted on those article-article pairs of the fit splits
(ECB+ non-dev topics, GVA half A; label: same gold event). Each pair's probability comes from a model
fitted on the other of two folds (by ECB+ topic, by GVA incident), both directions averaged; the articles
are clustered by average linkage on 1 - similarity, the similarity blended with the single pass's answer
(``alpha`` times the probability plus the rest where the single pass put the two in one event), cut at a
threshold chosen on the fit splits (B-cubed F1 + ARI summed, the objective of ``events_quality.py
--fit``; the single pass scored 3.4696 there when the linkage was chosen). ``EventIndex.link`` is the chosen
setting, wired in. Rerun against the crowded-field margin rule (single pass without the linkage 3.4848, with
it 3.5213): the same choice, boosted, blended 0.7 at t=0.75 (3.5116 cross-fitted).

Figures (fit objective, cross-fitted): logistic alone 3.4201, blended 0.7 3.4790; boosted (60 trees of
depth 3) alone 3.4899, blended 0.7 at t=0.75 3.4998 (200 trees of 15 leaves: 3.51); the blend cannot split
an event of the single pass at that cut (a pair in one event is at most 0.7 apart): splitting the single
pass's events by linkage first scored 3.489 at best, and moving single articles to the event of highest
mean probability (a refinement by average link; logistic pair model) 3.4784.

The split (``EventIndex.split``, after the linkage) is another cut: one large event at a time, every pair of
its articles, two clusters, kept where the mean probability across them is low. With the shipped model (which
saw the fit pairs) the fit objective goes 3.5213 -> 3.5873 at ``split_max_cross`` 0.45 (0.42-0.6 all
3.587-3.605). ``--split`` checks the cut without that advantage: two boosted models, each fitted on one fold's
pairs (``fold_of``), each fold's articles clustered alone with the other fold's model (single pass, linkage
and split), the objective summed over the four fold terms: no split 6.9113; 0.45, 0.47, 0.5 6.9493; 0.55
6.9018 (the shipped model on the same folds: 6.9336, and 6.9977 at 0.45, 6.9804 at 0.47-0.55).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from events_common import all_metrics, require_data
from events_quality import _fit_sets, _objective, _scored_setting, datasets, prepare, run_newsprism
from newsprism import event_linkage
from newsprism.event_linkage import (
    PAIR_FEATURES,
    PAIR_MODEL_PATH,
    PairModel,
    pair_probabilities,
    save_pair_model,
)
from newsprism.events import FEATURES, EventIndex, EventParams

# the pair model's columns of FEATURES (event_linkage.PAIR_FEATURES: no size, no margins)
PAIR_COLUMNS = [FEATURES.index(f) for f in PAIR_FEATURES]
CANDIDATES = 30  # nearest articles by vector per article, plus those sharing its rarest names
MODELS = ("logistic", "boosted")
ALPHAS = (1.0, 0.7, 0.5)
THRESHOLDS = tuple(round(0.30 + 0.05 * i, 2) for i in range(13))  # cut distances (1 - probability)
# what the exported file says of itself (models/README.md has the rest)
EXPORT_ABOUT = {
    "about": "P(two articles report one event) from newsprism.events' article-article evidence: "
    "60 boosted trees of depth 3",
    "fitted_on": "article pairs of the fit splits only (ECB+ non-dev topics, GVA half A)",
    "command": ".venv/bin/python bench/events_linkage_probe.py --export",
}


@dataclass
class Pairs:
    """The directed article pairs of one split with their feature rows (FEATURES order)."""

    n: int
    first: np.ndarray
    second: np.ndarray
    rows: np.ndarray
    too_far: np.ndarray  # firm dates more than max_span_days apart: never one event


def article_pairs(keys: list[Any], params: EventParams) -> Pairs:
    """Every article as a one-article event of one index, scored against its candidates both ways."""
    size = len(keys) + 1
    index = EventIndex(
        replace(params, max_active=size, freeze_after_days=10**6, rehome_after=None, candidates=CANDIDATES)
    )
    for k in keys:
        index._count(k)
    slots = []
    for k in keys:
        event_id = index._new_event(k)
        index._join(event_id, k)
        slots.append(index.open[event_id].slot)
    position = {slot: i for i, slot in enumerate(slots)}
    neighbours: list[set[int]] = [set() for _ in keys]
    for i, k in enumerate(keys):
        found, _ = index._candidate_slots(k)
        for slot in found:
            j = position[slot]
            if j != i:
                neighbours[i].add(j)
                neighbours[j].add(i)
    first, second, rows, too_far = [], [], [], []
    for i, k in enumerate(keys):
        others = sorted(neighbours[i])
        if not others:
            continue
        other_slots = np.array([slots[j] for j in others], dtype=np.int64)
        dense = index.centroids[other_slots] @ k.vector
        rows.append(index.features(k, index._query(k), other_slots, dense))
        too_far.extend(index._too_far_event(k, index.open[index.slot_event[s]]) for s in other_slots.tolist())
        first.extend([i] * len(others))
        second.extend(others)
    return Pairs(len(keys), np.array(first), np.array(second), np.vstack(rows), np.array(too_far, dtype=bool))


def pair_labels(pairs: Pairs, gold: list[str]) -> np.ndarray:
    both = zip(pairs.first.tolist(), pairs.second.tolist(), strict=True)
    return np.array([gold[a] == gold[b] for a, b in both], dtype=int)


def make_model(kind: str) -> Any:
    """The pair model: the decision's own form (logistic over the evidence) or boosted trees over it."""
    if kind == "logistic":
        return LogisticRegression(C=1.0, fit_intercept=False, max_iter=5000)
    # small enough to read at a glance (models/events_pair.json.gz): 60 trees of depth 3 scored 3.4998 on the
    # fit splits (cross-fitted, blended 0.7, t=0.75) where 200 trees of 15 leaves scored 3.51
    return HistGradientBoostingClassifier(
        max_iter=60,
        learning_rate=0.2,
        max_depth=3,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=0,
    )


def exported(model: Any) -> PairModel:
    """The boosted model as ``event_linkage.PairModel``: each tree completed to depth 3 (a leaf above
    depth 3 is padded into a split that always goes left, threshold inf, over two copies of itself), its
    splits breadth first with sklearn's thresholds exactly (left where the value is at most the threshold,
    ties included), the base and leaf logits to 5 decimals as first shipped, so a re-export of the same fit
    writes the same file."""
    trees = [_complete(predictor[0].nodes, 0, 0) for predictor in model._predictors]
    return PairModel(
        base=_rounded(float(np.ravel(model._baseline_prediction)[0])),
        columns=np.array([[column for column, _ in splits] for splits, _ in trees], dtype=np.intp),
        thresholds=np.array([[threshold for _, threshold in splits] for splits, _ in trees]),
        leaves=np.array([[_rounded(leaf) for leaf in leaves] for _, leaves in trees]),
    )


def _rounded(value: float) -> float:
    return float(f"{value:.5f}")


def _complete(nodes: Any, i: int | None, depth: int) -> tuple[list[tuple[int, float]], list[float]]:
    """One subtree of depth ``3 - depth`` as its splits (breadth first) and leaves; ``i`` the node index
    in sklearn's array (a padded copy of a leaf keeps the leaf's index)."""
    node = nodes[i]
    if depth == 3:
        return [], [float(node["value"])]
    if node["is_leaf"]:
        column, threshold, left, right = 0, math.inf, i, i
    else:
        column = FEATURES.index(PAIR_FEATURES[int(node["feature_idx"])])
        threshold, left, right = float(node["num_threshold"]), int(node["left"]), int(node["right"])
    left_splits, left_leaves = _complete(nodes, left, depth + 1)
    right_splits, right_leaves = _complete(nodes, right, depth + 1)
    return [(column, threshold), *_breadth_first(left_splits, right_splits)], left_leaves + right_leaves


def _breadth_first(left: list[Any], right: list[Any]) -> list[Any]:
    """Two sibling subtrees' splits (each breadth first) merged level by level."""
    merged, width = [], 1
    while left:
        merged += left[:width] + right[:width]
        left, right, width = left[width:], right[width:], width * 2
    return merged


def fold_of(event: str) -> int:
    """Two folds of the fit splits by ECB+ topic and by GVA incident (salted: GVA half A is itself a
    hash half), so each pair's probability comes from a model that never saw its topic or incident."""
    return int(hashlib.sha256(("fold" + event.split("_")[0]).encode()).hexdigest(), 16) % 2


def cross_fitted(kind: str, pairs: list[Pairs], golds: list[list[str]]) -> list[np.ndarray]:
    """Each split's pair probabilities, each fold scored by a model fitted on the other fold."""
    x = [p.rows[:, PAIR_COLUMNS] for p in pairs]
    y = [pair_labels(p, g) for p, g in zip(pairs, golds, strict=True)]
    folds = [np.array([fold_of(g[a]) for a in p.first.tolist()]) for p, g in zip(pairs, golds, strict=True)]
    probabilities = [np.zeros(len(rows)) for rows in x]
    for fold in (0, 1):
        train_x = np.vstack([rows[f != fold] for rows, f in zip(x, folds, strict=True)])
        train_y = np.concatenate([labels[f != fold] for labels, f in zip(y, folds, strict=True)])
        model = make_model(kind).fit(train_x, train_y)
        for rows, f, out in zip(x, folds, probabilities, strict=True):
            out[f == fold] = model.predict_proba(rows[f == fold])[:, 1]
    return probabilities


def fitted_on_all(kind: str, pairs: list[Pairs], golds: list[list[str]]) -> Any:
    x = np.vstack([p.rows[:, PAIR_COLUMNS] for p in pairs])
    y = np.concatenate([pair_labels(p, g) for p, g in zip(pairs, golds, strict=True)])
    return make_model(kind).fit(x, y)


def similarity(pairs: Pairs, probability: np.ndarray) -> np.ndarray:
    """The symmetric matrix of pair probabilities, both directions averaged (0 for pairs never scored or
    too far apart)."""
    probability = np.where(pairs.too_far, 0.0, probability)
    total = np.zeros((pairs.n, pairs.n))
    np.add.at(total, (pairs.first, pairs.second), probability)
    counts = np.zeros((pairs.n, pairs.n))
    np.add.at(counts, (pairs.first, pairs.second), 1.0)
    both, both_counts = total + total.T, counts + counts.T
    return np.divide(both, both_counts, out=np.zeros_like(both), where=both_counts > 0)


def blended(sim: np.ndarray, single: list[str], alpha: float) -> np.ndarray:
    """The hybrid: pair probability weighted ``alpha``, co-membership in the single pass's events the rest."""
    labels = np.array(single)
    return alpha * sim + (1.0 - alpha) * (labels[:, None] == labels[None, :])


def linkage_tree(sim: np.ndarray, method: str) -> Any:
    distances = 1.0 - sim
    np.fill_diagonal(distances, 0.0)
    return linkage(squareform(distances, checks=False), method=method)


def cut_labels(tree: Any, threshold: float) -> list[str]:
    return [str(c) for c in fcluster(tree, t=threshold, criterion="distance")]


def scan(trees: list[Any], golds: list[list[str]], label: str) -> tuple[float, float]:
    """The fit objective at each cut threshold; the best (objective, threshold)."""
    best = (-1.0, 0.0)
    for threshold in THRESHOLDS:
        scores = [all_metrics(g, cut_labels(t, threshold)) for t, g in zip(trees, golds, strict=True)]
        total = sum(_objective(s) for s in scores)
        cells = " ".join(f"{s['B3-P']:.3f}/{s['B3-R']:.3f}/{s['B3-F1']:.3f}/{s['ARI']:.3f}" for s in scores)
        print(f"{label} t={threshold:.2f}: {total:.4f}  {cells}", flush=True)
        best = max(best, (total, threshold))
    print(f"{label} best: {best[0]:.4f} at t={best[1]:.2f}", flush=True)
    return best


SPLIT_CROSSES = (None, 0.45, 0.47, 0.5, 0.55)  # split_max_cross; None: no split


def split_check(sets: dict[str, tuple[list[Any], list[str]]], pairs: list[Pairs], base: EventParams) -> None:
    """The split's cut with cross-fitted pair models: each fold's articles (``fold_of``) clustered alone,
    the pair model fitted on the other fold's pairs, the objective summed over splits and folds."""
    golds = [g for _, g in sets.values()]
    x = [p.rows[:, PAIR_COLUMNS] for p in pairs]
    y = [pair_labels(p, g) for p, g in zip(pairs, golds, strict=True)]
    folds = [np.array([fold_of(g[a]) for a in p.first.tolist()]) for p, g in zip(pairs, golds, strict=True)]
    models = {}
    for fold in (0, 1):
        train_x = np.vstack([rows[f != fold] for rows, f in zip(x, folds, strict=True)])
        train_y = np.concatenate([labels[f != fold] for labels, f in zip(y, folds, strict=True)])
        models[fold] = exported(make_model("boosted").fit(train_x, train_y))
    shipped = event_linkage.load_pair_model
    try:
        for cross in SPLIT_CROSSES:
            params = (
                replace(base, split_min_side=0) if cross is None else replace(base, split_max_cross=cross)
            )
            total, cells = 0.0, []
            for keys, gold in sets.values():
                for fold in (0, 1):
                    chosen = [i for i, g in enumerate(gold) if fold_of(g) == fold]
                    event_linkage.load_pair_model = lambda *_, m=models[fold]: m  # type: ignore[misc]
                    labels = run_newsprism([keys[i] for i in chosen], params)
                    scores = all_metrics([gold[i] for i in chosen], labels)
                    total += _objective(scores)
                    cells.append(f"{scores['B3-F1']:.3f}/{scores['ARI']:.3f}")
            print(f"split_max_cross {cross}: {total:.4f}  " + " ".join(cells), flush=True)
    finally:
        event_linkage.load_pair_model = shipped


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dev", action="store_true", help="score the chosen setting once on ECB+ dev")
    parser.add_argument(
        "--export",
        action="store_true",
        help=f"write the boosted pair model fitted on all fit pairs to {PAIR_MODEL_PATH}",
    )
    parser.add_argument(
        "--split", action="store_true", help="check the split's cut with cross-fitted pair models"
    )
    args = parser.parse_args()
    require_data()
    data = datasets()
    base = EventParams()
    sets = _fit_sets(data, base)
    golds = [g for _, g in sets.values()]
    _scored_setting(sets, base, "current EventIndex (single pass, refinement, batch linkage, split)")
    # the blend's other half: the single pass and refinement without the linkage, as EventIndex.link sees it
    unlinked = replace(base, link_threshold=None, split_min_side=0)  # the split comes after the linkage
    _scored_setting(sets, unlinked, "single pass without the linkage")
    singles = [run_newsprism(k, unlinked) for k, _ in sets.values()]
    pairs = [article_pairs(k, base) for k, _ in sets.values()]
    print("pairs per split:", [len(p.first) for p in pairs], "articles:", [p.n for p in pairs], flush=True)
    if args.split:
        split_check(sets, pairs, base)
        return
    if args.export:
        model = fitted_on_all("boosted", pairs, golds)
        shipped = exported(model)
        save_pair_model(shipped, **EXPORT_ABOUT)
        rows = np.vstack([p.rows for p in pairs])
        gap = np.abs(
            pair_probabilities(rows, shipped) - model.predict_proba(rows[:, PAIR_COLUMNS])[:, 1]
        ).max()
        print(
            f"wrote {PAIR_MODEL_PATH}; largest gap between the file and the fit on the fit pairs: {gap:.2e}"
        )
        return
    results = []
    for kind in MODELS:
        sims = [similarity(p, q) for p, q in zip(pairs, cross_fitted(kind, pairs, golds), strict=True)]
        for alpha in ALPHAS:
            trees = [
                linkage_tree(blended(s, one, alpha), "average") for s, one in zip(sims, singles, strict=True)
            ]
            total, threshold = scan(trees, golds, f"{kind} alpha {alpha}")
            results.append((round(total, 4), kind, alpha, threshold))
    total, kind, alpha, threshold = max(results)
    print(
        f"chosen on the fit splits (cross-fitted): {kind} alpha {alpha} t={threshold:.2f} ({total:.4f}; "
        "compare the single pass without the linkage, printed above)",
        flush=True,
    )
    if args.dev:
        model = fitted_on_all(kind, pairs, golds)
        rows = data["ECB+ dev topics"]
        keys, gold = prepare(rows, base), [str(r["event"]) for r in rows]
        dev_pairs = article_pairs(keys, base)
        single = run_newsprism(keys, base)
        sim = similarity(dev_pairs, model.predict_proba(dev_pairs.rows[:, PAIR_COLUMNS])[:, 1])
        ours = all_metrics(gold, cut_labels(linkage_tree(blended(sim, single, alpha), "average"), threshold))
        for name, s in (("linkage", ours), ("single pass", all_metrics(gold, single))):
            cells = f"B3 P {s['B3-P']:.3f} R {s['B3-R']:.3f} F1 {s['B3-F1']:.3f} ARI {s['ARI']:.3f}"
            print(f"ECB+ dev {name}: {cells}")


if __name__ == "__main__":
    main()
