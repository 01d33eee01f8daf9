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
moves the articles so, logging each move; this module only reads the index. The same pair model cuts a
large event of the batch in two where its articles form two communities (``split_sides``, for
``EventIndex.split``): look-alike occurrences that the single pass merged whole.
"""

from __future__ import annotations

import functools
import gzip
import heapq
import json
import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .events import DIM, FEATURES, ArticleKeys, EventParams, OpenEvent

if TYPE_CHECKING:
    from .events import EventIndex, _Query

# The pair model scores article against article: the size of a one-article event means nothing there, nor
# the margins over the best other candidate (between articles, a sibling report)
PAIR_FEATURES = tuple(f for f in FEATURES if f not in ("size", "dense_margin", "names_margin"))
PAIR_MODEL_PATH = Path(__file__).parent / "models" / "events_pair.json.gz"
# names an article is linked by: its rarest few, where they are rare within the chunk too
RAREST_NAMES = 8
COLUMN = {feature: column for column, feature in enumerate(FEATURES)}


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
    """The pair model's probability for each row of FEATURES (each tree walked for all rows at once)."""
    model = model or load_pair_model()
    features = np.asfortranarray(rows, dtype=np.float64)  # a feature's values side by side
    everyone = np.arange(len(rows))
    leaf_values = np.empty((len(rows), len(model.leaves)), dtype=np.float64)
    for tree, (columns, thresholds, leaves) in enumerate(
        zip(model.columns.tolist(), model.thresholds.tolist(), model.leaves, strict=True)
    ):
        path = np.zeros(len(rows), dtype=np.intp)  # the node's place within its level, left to right
        for level in range(model.depth):
            nodes = range(2**level - 1, 2 ** (level + 1) - 1)
            right = np.stack([features[:, columns[node]] > thresholds[node] for node in nodes])
            path = 2 * path + right[path, everyone]
        leaf_values[:, tree] = leaves[path]
    # the trees' leaves summed as one row each, in tree order
    logits = model.base + leaf_values.sum(axis=1)
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


def split_sides(
    index: EventIndex, members: list[ArticleKeys], min_side: int, max_cross: float
) -> tuple[list[int], float] | None:
    """The two communities of one event's ``members`` (in the event's order): average linkage on every
    pair's probability, cut into two clusters. The positions of the side without the first article, and
    the mean probability across the sides, where both hold ``min_side`` articles and that mean is at most
    ``max_cross``; else None."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    similarity = pair_similarity(index, members, len(members))  # every pair: an event is small
    distances = 1.0 - similarity
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(np.clip(distances, 0.0, 1.0), checks=False), method="average")
    sides = fcluster(tree, t=2, criterion="maxclust")
    leaving = sides != sides[0]
    if min(int(leaving.sum()), int((~leaving).sum())) < min_side:
        return None
    cross = float(similarity[np.ix_(~leaving, leaving)].mean())
    return (np.flatnonzero(leaving).tolist(), cross) if cross <= max_cross else None


def pair_similarity(index: EventIndex, members: list[ArticleKeys], candidates: int) -> np.ndarray:
    """The pair model's probability for each pair of nearby articles, both ways averaged; 0 for the
    pairs never scored and for those dated too far apart."""
    count = len(members)
    vectors = np.stack([keys.vector for keys in members])
    dense = (vectors @ vectors.T).astype(np.float64)
    pairs = candidate_pairs(index, members, dense, candidates)
    total, scored = np.zeros((count, count)), np.zeros((count, count))
    if len(pairs[0]):
        rows, too_far = pair_evidence(index, members, pairs, dense)
        probability = pair_probabilities(rows)
        probability[too_far] = 0.0
        total[pairs], scored[pairs] = probability, 1.0  # each ordered pair once
    both, both_scored = total + total.T, scored + scored.T
    return np.divide(both, both_scored, out=np.zeros_like(both), where=both_scored > 0)


def candidate_pairs(
    index: EventIndex, members: list[ArticleKeys], dense: np.ndarray, candidates: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each article with its ``candidates`` nearest by vector and those sharing one of its
    ``RAREST_NAMES`` rarest names in the collection (held by at most that many of them), both ways: the
    ordered pairs as their first and second positions, by first then second."""
    count = len(members)
    k = min(candidates, count - 1)
    holders: dict[str, list[int]] = {}
    for i, keys in enumerate(members):
        for name in keys.names:
            holders.setdefault(name, []).append(i)
    frequency = dict(zip(holders, index._dfs(index.df_names, holders), strict=True))
    near = np.zeros((count, count), dtype=bool)
    ranked = np.argsort(-dense, axis=1, kind="stable")  # at a tie, the earlier article
    near[np.arange(count)[:, None], ranked[:, : k + 1]] = True
    for i, keys in enumerate(members):
        for _, name in heapq.nsmallest(RAREST_NAMES, [(frequency[name], name) for name in keys.names]):
            if len(holders[name]) <= k + 1:
                near[i, holders[name]] = True
    near |= near.T
    np.fill_diagonal(near, False)
    first, second = np.nonzero(near)
    return first, second


def pair_evidence(
    index: EventIndex, members: list[ArticleKeys], pairs: tuple[np.ndarray, np.ndarray], dense: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's row of FEATURES, the first article scored as ``EventIndex._evidence`` scores an article
    against an event, the second taken as a one-article event (the margins left at 0: there is no rival
    between two articles), and whether the two are dated too far apart to be one event.

    All pairs at once: each sum over the keys two articles share is a product of sparse article-by-key
    matrices, so it adds the same products as ``_evidence`` in key-id order, where ``_evidence`` rounds
    its sums exactly (``math.fsum``): the cosines may differ from it in the last bits; the counts, the
    days and the rarest shared name are exact."""
    first, second = pairs
    lone = [index._profile(_lone_event(keys), [keys]) for keys in members]
    queries = [index._query(keys) for keys in members]
    rows = np.zeros((len(first), len(FEATURES)), dtype=np.float64)
    rows[:, COLUMN["bias"]] = 1.0
    rows[:, COLUMN["dense"]] = dense[first, second]
    rows[:, COLUMN["size"]] = math.log(1) / math.log(100)  # the second is one article
    _name_evidence(index, members, queries, lone, (first, second), rows)
    _word_evidence(members, queries, lone, (first, second), rows)
    return rows, _day_evidence(index, members, (first, second), rows)


def _name_evidence(
    index: EventIndex,
    members: list[ArticleKeys],
    queries: list[_Query],
    lone: list[OpenEvent],
    pairs: tuple[np.ndarray, np.ndarray],
    rows: np.ndarray,
) -> None:
    """The name columns: cosine, rarest shared name, numbers shared or in conflict, names covered,
    weekdays in conflict, names dwelt on that the second lacks."""
    first, second = pairs
    ids = [keys.name_ids for keys in members]
    held = _by_key(ids, [np.ones(len(i)) for i in ids])  # the second's side
    both = list(zip(members, queries, strict=True))

    def shared(values: list[np.ndarray]) -> np.ndarray:
        """Each pair's sum of the first article's ``values`` (one per name) over the names the second
        holds."""
        return (_by_key(ids, values, held.shape[1]) @ held.T).toarray()[first, second]

    def flags(chosen: Callable[[_Query], Collection[str]]) -> list[np.ndarray]:
        """Per article, 1 for each of its names among ``chosen`` of its query, else 0."""
        found = []
        for keys, query in both:
            among = chosen(query)
            found.append(
                np.fromiter((n in among for n in keys.names), dtype=np.float64, count=len(keys.names))
            )
        return found

    weighted = [np.fromiter(q.names.values(), dtype=np.float64, count=len(q.names)) for q in queries]
    query_norms = _of(first, [q.names_norm for q in queries])
    event_norms = _of(second, [e.names_norm for e in lone])
    scored = (shared([np.ones(len(i)) for i in ids]) > 0) & (query_norms > 0) & (event_norms > 0)
    query_norms, event_norms = np.where(scored, query_norms, 1.0), np.where(scored, event_norms, 1.0)
    names = shared(weighted) / (query_norms * event_norms)
    covered = np.sqrt(shared([w * keys.name_values for w, keys in zip(weighted, members, strict=True)]))
    rows[:, COLUMN["names"]] = np.where(scored, names, 0.0)
    rows[:, COLUMN["names_covered"]] = np.where(scored, covered / query_norms, 0.0)
    rows[:, COLUMN["rarest_shared"]] = np.where(scored, _rarest_shared(index, held, pairs), 0.0)

    has_numbers = _of(first, [bool(q.numbers) for q in queries]) > 0
    numbers = np.where(has_numbers, shared(flags(lambda q: q.numbers)), 0.0)
    rows[:, COLUMN["numbers_shared"]] = np.minimum(numbers, 3.0) / 3
    conflict = has_numbers & (numbers == 0) & (_of(second, [e.numbers for e in lone]) > 0)
    rows[:, COLUMN["numbers_conflict"]] = conflict.astype(np.float64)
    both_weekdays = (_of(first, [bool(q.weekdays) for q in queries]) > 0) & (
        _of(second, [e.weekdays for e in lone]) > 0
    )
    other_day = both_weekdays & (shared(flags(lambda q: q.weekdays)) == 0)
    rows[:, COLUMN["weekday_conflict"]] = other_day.astype(np.float64)

    # the weight of the names the first dwells on and the second lacks, summed in the first's order as
    # _evidence sums it: all of them where the second holds none, a few pairs summed one by one otherwise
    dwelt_shared = shared(flags(lambda q: frozenset(q.dwelt)))
    lacking = _of(first, [len(q.dwelt) for q in queries]) > dwelt_shared
    weights = [[q.names[k] * q.raw_names[k] for k in q.dwelt] for q in queries]
    missing = _of(first, [sum(w) for w in weights])
    for p in np.flatnonzero(lacking & (dwelt_shared > 0)).tolist():
        i, names = int(first[p]), members[int(second[p])].names
        missing[p] = sum([w for k, w in zip(queries[i].dwelt, weights[i], strict=True) if k not in names])
    dwelt_norms = _of(first, [q.dwelt_norm for q in queries])
    lacking &= dwelt_norms > 0
    rows[:, COLUMN["dwelt_missing"]] = np.where(
        lacking, np.sqrt(missing) / np.where(lacking, dwelt_norms, 1.0), 0.0
    )


def _rarest_shared(index: EventIndex, held: Any, pairs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Each pair's IDF of the rarest name both hold, over the largest IDF (0 where they share none):
    ``held`` is the articles-by-name matrix of ones."""
    base = index.log1[index.n_docs] + 1.0
    scores = held.copy()  # each name's score for the rarest, decreasing with its document frequency
    scores.data = (base - index.log1_array[index.df_names[held.indices]]) / base
    first, second = pairs
    return np.asarray(scores[first].multiply(held[second]).max(axis=1).todense()).ravel()


def _word_evidence(
    members: list[ArticleKeys],
    queries: list[_Query],
    lone: list[OpenEvent],
    pairs: tuple[np.ndarray, np.ndarray],
    rows: np.ndarray,
) -> None:
    """The word cosine where the two can be compared by words; across languages the vector's cosine."""
    first, second = pairs
    ids = [keys.term_ids for keys in members]
    weighted = _by_key(ids, [np.fromiter(q.terms.values(), np.float64, len(q.terms)) for q in queries])
    counts = _by_key(ids, [np.fromiter(e.terms.values(), np.float64, len(e.terms)) for e in lone])
    dot = (weighted @ counts.T).toarray()[first, second]
    query_norms, event_norms = (
        _of(first, [q.terms_norm for q in queries]),
        _of(second, [e.terms_norm for e in lone]),
    )
    scored = (query_norms != 0.0) & (event_norms != 0.0)
    norms = np.where(scored, query_norms, 1.0) * np.where(scored, event_norms, 1.0)
    cosine = np.where(scored, dot / norms, 0.0)
    languages = sorted({keys.language or "" for keys in members} | {e.language or "" for e in lone})
    code = {language: c for c, language in enumerate(languages)}
    comparable = np.array(
        [[not (a and b and a not in b.split(",")) for b in languages] for a in languages], dtype=bool
    )
    compare = comparable[
        np.array([code[keys.language or ""] for keys in members])[first],
        np.array([code[e.language or ""] for e in lone])[second],
    ]
    rows[:, COLUMN["lex"]] = np.where(compare, cosine, rows[:, COLUMN["dense"]])


def _day_evidence(
    index: EventIndex, members: list[ArticleKeys], pairs: tuple[np.ndarray, np.ndarray], rows: np.ndarray
) -> np.ndarray:
    """The day columns (both dated, the gap over ``max_gap_days`` and over 45 days, capped at 1), and
    whether the two are firmly dated more than ``max_span_days`` apart."""
    first, second = pairs
    dated = np.array([keys.day is not None for keys in members])
    firm = dated & np.array([bool(keys.day_is_firm) for keys in members])
    days = np.array([keys.day if keys.day is not None else 0 for keys in members], dtype=np.int64)
    both = dated[first] & dated[second]
    gap = np.abs(days[first] - days[second]).astype(np.float64)
    rows[:, COLUMN["dated"]] = both.astype(np.float64)
    rows[:, COLUMN["gap"]] = np.where(both, np.minimum(1.0, gap / index.params.max_gap_days), 0.0)
    rows[:, COLUMN["gap_month"]] = np.where(both, np.minimum(1.0, gap / 45.0), 0.0)
    limit = index.params.max_span_days
    if limit is None:
        return np.zeros(len(first), dtype=bool)
    return firm[first] & firm[second] & (gap > limit)


def _by_key(ids: list[np.ndarray], values: list[np.ndarray], width: int | None = None) -> Any:
    """A sparse article-by-key matrix: each article's ``values`` at its keys' process-wide ids (``key_ids``,
    unique within an article), ``width`` columns or as many as the largest id needs."""
    from scipy.sparse import csr_matrix

    if width is None:
        width = 1 + max((int(article.max()) for article in ids if len(article)), default=0)
    indptr = np.cumsum([0, *(len(article) for article in ids)])
    data, indices = np.concatenate(values), np.concatenate(ids)
    return csr_matrix((data, indices, indptr), shape=(len(ids), width))


def _of(positions: np.ndarray, values: list[Any]) -> np.ndarray:
    """Each pair's value of its first (or second) article, from the articles' ``values``."""
    return np.array(values, dtype=np.float64)[positions]


def _lone_event(keys: ArticleKeys) -> OpenEvent:
    """A blank event outside the index, for an article's one-article profile (``EventIndex._profile``)."""
    return OpenEvent(id=keys.id, slot=-1, vector_sum=np.zeros(DIM, dtype=np.float32))
