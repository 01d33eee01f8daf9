"""The batch linkage of the event index: which of a batch's articles belong together, by average linkage.

The single pass (``events.EventIndex.add``) chains: an article joins the event it meets first, on the
evidence of that event alone, and an undated report placed after a look-alike joins it with no rival.
Average linkage weighs every pair: two groups become one event only where their articles, on average,
look like reports of one occurrence. So once a chunk of a batch is in and refined, ``linkage_clusters``
scores each of its articles against its nearby articles (``candidate_pairs``: the nearest by vector and
those sharing its rarest names) on the index's own article-event evidence, each article taken as a
one-article event (``pair_evidence``), turns each row into the probability that the two report one event
with a small boosted pair model (``PairModel``, the file ``models/events_pair.json.gz``, fitted on the
fit splits' pairs by ``bench/events_linkage_probe.py --export``; ``models/README.md``), blends it with the
single pass's answer and cuts an average-linkage tree (``average_linkage``). ``EventIndex.link`` then
moves the articles so, logging each move; this module only reads the index.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .events import DIM, FEATURES, LEX, ArticleKeys, EventParams, OpenEvent

if TYPE_CHECKING:
    from .events import EventIndex, _Query

# The pair model scores article against article: the size of a one-article event means nothing there, nor
# the margins over the best other candidate (between articles, a sibling report)
PAIR_FEATURES = tuple(f for f in FEATURES if f not in ("size", "dense_margin", "names_margin"))
PAIR_MODEL_PATH = Path(__file__).parent / "models" / "events_pair.json.gz"
# names an article is linked by: its rarest few, where they are rare within the chunk too
RAREST_NAMES = 8


@dataclass(frozen=True)
class PairModel:
    """Boosted trees of one depth, each complete: its splits breadth first (a column of FEATURES and a
    threshold; the row goes left where its value is at most the threshold), then its leaf logits."""

    base: float  # the logit before any tree
    columns: np.ndarray  # trees x (2**depth - 1)
    thresholds: np.ndarray  # trees x (2**depth - 1); inf: a padded split that always goes left
    leaves: np.ndarray  # trees x 2**depth

    @property
    def depth(self) -> int:
        return int(self.leaves.shape[1]).bit_length() - 1

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> PairModel:
        """The model from its JSON form: ``base`` and ``trees``, each ``splits`` ([feature name,
        threshold or null], breadth first) and ``leaves``."""
        trees = payload["trees"]
        columns = [[FEATURES.index(name) for name, _ in tree["splits"]] for tree in trees]
        thresholds = [[math.inf if t is None else t for _, t in tree["splits"]] for tree in trees]
        return cls(
            base=float(payload["base"]),
            columns=np.array(columns, dtype=np.intp),
            thresholds=np.array(thresholds, dtype=np.float64),
            leaves=np.array([tree["leaves"] for tree in trees], dtype=np.float64),
        )

    def to_payload(self, **about: object) -> dict[str, Any]:
        trees = [
            {
                "splits": [
                    [FEATURES[c], None if math.isinf(t) else t]
                    for c, t in zip(columns.tolist(), thresholds.tolist(), strict=True)
                ],
                "leaves": leaves.tolist(),
            }
            for columns, thresholds, leaves in zip(self.columns, self.thresholds, self.leaves, strict=True)
        ]
        return {**about, "features": list(PAIR_FEATURES), "base": self.base, "trees": trees}


@functools.lru_cache(maxsize=1)
def load_pair_model(path: Path = PAIR_MODEL_PATH) -> PairModel:
    """The shipped pair model, read once."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return PairModel.from_payload(json.load(handle))


def save_pair_model(model: PairModel, path: Path = PAIR_MODEL_PATH, **about: object) -> None:
    # mtime 0: the same model writes the same bytes, so a re-export that changes nothing shows no diff
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(json.dumps(model.to_payload(**about), separators=(",", ":")).encode("utf-8"))


def pair_probabilities(rows: np.ndarray, model: PairModel | None = None) -> np.ndarray:
    """The pair model's probability for each row of FEATURES (every tree walked for all rows at once)."""
    model = model or load_pair_model()
    trees = np.arange(len(model.columns))
    node = np.zeros((len(rows), len(trees)), dtype=np.intp)
    for _ in range(model.depth):
        values = np.take_along_axis(rows, model.columns[trees, node], axis=1)
        node = 2 * node + 1 + (values > model.thresholds[trees, node])
    logits = model.base + model.leaves[trees, node - model.columns.shape[1]].sum(axis=1)
    return 1.0 / (1.0 + np.exp(-logits))


# --------------------------------------------------------------------------- the linkage of one chunk


def linkage_clusters(
    index: EventIndex, members: list[ArticleKeys], params: EventParams
) -> tuple[np.ndarray, list[list[int]]]:
    """The pair similarity of ``members`` (their events open and wholly among them) and the clusters that
    average linkage cuts at ``params.link_threshold``, as positions in ``members``, each in order and the
    clusters in order of their first article."""
    threshold = params.link_threshold
    assert threshold is not None, "the linkage is switched off"
    similarity = pair_similarity(index, members, params.link_candidates)
    events = [index.article_event[keys.id] for keys in members]
    return similarity, average_linkage(similarity, events, params.link_weight, threshold)


def average_linkage(
    similarity: np.ndarray, events: list[str], weight: float, threshold: float
) -> list[list[int]]:
    """Average linkage on 1 - similarity, the similarity of two articles ``weight`` times the pair
    model's plus the rest where the single pass put them in one event (``events``), cut at ``threshold``;
    the clusters as positions, in order of their first."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    labels = np.array(events)
    distances = 1.0 - (weight * similarity + (1.0 - weight) * (labels[:, None] == labels[None, :]))
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(np.clip(distances, 0.0, 1.0), checks=False), method="average")
    clusters = fcluster(tree, t=threshold, criterion="distance").tolist()
    groups: dict[int, list[int]] = {}
    for position, cluster in enumerate(clusters):
        groups.setdefault(cluster, []).append(position)
    return list(groups.values())


def pair_similarity(index: EventIndex, members: list[ArticleKeys], candidates: int) -> np.ndarray:
    """The pair model's probability for each pair of nearby articles, both ways averaged; 0 for the
    pairs never scored and for those dated too far apart."""
    count = len(members)
    vectors = np.stack([keys.vector for keys in members])
    dense = (vectors @ vectors.T).astype(np.float64)
    pairs = candidate_pairs(index, members, dense, candidates)
    total, scored = np.zeros((count, count)), np.zeros((count, count))
    if pairs:
        rows, too_far = pair_evidence(index, members, pairs, dense)
        probability = pair_probabilities(rows)
        probability[too_far] = 0.0
        first, second = zip(*pairs, strict=True)
        np.add.at(total, (first, second), probability)
        np.add.at(scored, (first, second), 1.0)
    both, both_scored = total + total.T, scored + scored.T
    return np.divide(both, both_scored, out=np.zeros_like(both), where=both_scored > 0)


def candidate_pairs(
    index: EventIndex, members: list[ArticleKeys], dense: np.ndarray, candidates: int
) -> list[tuple[int, int]]:
    """Each article with its ``candidates`` nearest by vector and those sharing one of its
    ``RAREST_NAMES`` rarest names in the collection (held by at most that many of them), both ways, in
    order."""
    k = min(candidates, len(members) - 1)
    holders: dict[str, list[int]] = {}
    for i, keys in enumerate(members):
        for name in keys.names:
            holders.setdefault(name, []).append(i)
    near: list[set[int]] = [set() for _ in members]
    ranked = np.argsort(-dense, axis=1, kind="stable")
    for i, keys in enumerate(members):
        found = {j for j in ranked[i, : k + 1].tolist() if j != i}
        rarity = zip(index._dfs(index.df_names, keys.names), keys.names, strict=True)
        for _, name in sorted(rarity)[:RAREST_NAMES]:
            if len(holders[name]) <= k + 1:
                found.update(holders[name])
        found.discard(i)
        for j in found:
            near[i].add(j)
            near[j].add(i)
    return [(i, j) for i in range(len(members)) for j in sorted(near[i])]


def pair_evidence(
    index: EventIndex, members: list[ArticleKeys], pairs: list[tuple[int, int]], dense: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's row of FEATURES, the first article scored as ``EventIndex.features`` scores an article
    against an event, the second taken as a one-article event (the margins left at 0: there is no rival
    between two articles), and whether the two are dated too far apart to be one event."""
    lone = [index._profile(_lone_event(keys), [keys]) for keys in members]
    rows, too_far = [], []
    queries: dict[int, _Query] = {}
    for i, j in pairs:
        keys, other = members[i], lone[j]
        query = queries.get(i) or queries.setdefault(i, index._query(keys))
        row, compare = index._evidence(keys, query, other, float(dense[i, j]))
        if compare:
            row[LEX] = index._word_cosine_with(query, other)
        rows.append(row)
        too_far.append(index._too_far_event(keys, other))
    return np.array(rows, dtype=np.float64), np.array(too_far, dtype=bool)


def _lone_event(keys: ArticleKeys) -> OpenEvent:
    """A blank event outside the index, for an article's one-article profile (``EventIndex._profile``)."""
    return OpenEvent(id=keys.id, slot=-1, vector_sum=np.zeros(DIM, dtype=np.float32))
