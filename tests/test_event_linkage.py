"""The batch linkage of the event index: the pair model file, the clustering, the moves it makes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from events_helpers import replayed, synthetic_keys
from newsprism import event_linkage
from newsprism.event_linkage import (
    PAIR_FEATURES,
    PairModel,
    average_linkage,
    load_pair_model,
    save_pair_model,
)
from newsprism.events import FEATURES, ArticleKeys, EventIndex, EventParams

# a single pass that weighs names and event size only: a bigger event with the same names is likelier
NAMES_DECISION = tuple({"bias": -1.9, "names": 2.0, "size": 4.0}.get(feature, 0.0) for feature in FEATURES)
NEVER_JOINS = tuple(-10.0 if feature == "bias" else 0.0 for feature in FEATURES)


def _index(**overrides: object) -> EventIndex:
    """No re-homing, and no linkage unless ``overrides`` switch it on."""
    settings: dict[str, object] = {"decision": NAMES_DECISION, "link_threshold": None, **overrides}
    return EventIndex(EventParams(rehome_after=None, **settings))  # type: ignore[arg-type]


# the moves tests take the dense cosine as the pair model's probability: groups are drawn by the vectors
def _dense_as_probability(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        event_linkage, "pair_probabilities", lambda rows: rows[:, FEATURES.index("dense")].copy()
    )


def _two_groups() -> list[ArticleKeys]:
    """Three reports near one vector, two near another, no name in common: a single pass that never
    joins leaves five events."""
    first = [synthetic_keys(f"a{i}", [1, 0.05 * i, 0], {f"a{i}": 1.0}) for i in range(1, 4)]
    return [*first, *(synthetic_keys(f"b{i}", [0, 1, 0.05 * i], {f"b{i}": 1.0}) for i in range(1, 3))]


def test_link_merges_what_average_linkage_groups_and_logs_each_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    _dense_as_probability(monkeypatch)
    stream = _two_groups()
    batch = _index(decision=NEVER_JOINS, link_threshold=0.5, link_weight=1.0)
    moves = batch.add_batch(iter(stream))
    assert [event.articles for event in batch.events.values()] == [["a1", "a2", "a3"], ["b1", "b2"]]
    assert moves == batch.merges and [m.split(" (")[0] for m in moves] == [
        "e-a2 -> e-a1",
        "e-a3 -> e-a1",
        "e-b2 -> e-b1",
    ]
    assert all(move.endswith(", link)") for move in moves)
    # one by one (a batch of one each, as EventStage.update gives it) nothing links: the log is the difference
    one_by_one = _index(decision=NEVER_JOINS, link_threshold=0.5, link_weight=1.0)
    for keys in stream:
        assert one_by_one.add_batch([keys]) == []
    assert replayed(one_by_one.article_event, batch.merges, ("link",)) == batch.article_event
    assert _index(decision=NEVER_JOINS).add_batch(iter(_two_groups())) == []  # switched off


def test_link_moves_an_article_the_single_pass_chained_into_a_look_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _dense_as_probability(monkeypatch)
    # y shares x's name, so the single pass joins it to x; its vector and the linkage put it with z1, z2
    stream = [
        synthetic_keys("x", [1, 0, 0], {"p": 1.0}),
        synthetic_keys("y", [0, 1, 0], {"p": 1.0}),
        synthetic_keys("z1", [0, 1, 0.05], {"q": 1.0}),
        synthetic_keys("z2", [0, 1, 0.1], {"q": 1.0}),
    ]
    single = _index()
    single.add_batch(iter(stream))
    assert [event.articles for event in single.events.values()] == [["x", "y"], ["z1", "z2"]]
    index = _index(link_threshold=0.5)
    moves = index.add_batch(iter(stream))
    assert len(moves) == 1 and moves[0].startswith("moved y: e-x -> e-z1 (") and moves[0].endswith(", link)")
    assert [event.articles for event in index.events.values()] == [["x"], ["z1", "z2", "y"]]
    assert index.open["e-x"].n == 1 and index.open["e-x"].names == {"p": 1}
    assert all(set(held) <= index.open.keys() for held in index.name_index.values())


def test_average_linkage_cuts_the_blend_of_the_pair_model_and_the_single_pass() -> None:
    # a1-a2 alike by the pair model; b1-b2 unlike it but one event of the single pass; c alone
    similarity = np.array(
        [
            [1.0, 0.9, 0.0, 0.0, 0.0],
            [0.9, 1.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 1.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 1.0, 0.0],
            [0.0, 0.0, 0.0, 0.0, 1.0],
        ]
    )
    events = ["e-a1", "e-a2", "e-b", "e-b", "e-c"]
    # blended 0.7: a1-a2 at distance 1 - 0.63, b1-b2 at 0.7; both under the cut at 0.75
    assert average_linkage(similarity, events, 0.7, 0.75) == [[0, 1], [2, 3], [4]]
    # the pair model alone splits the single pass's event
    assert average_linkage(similarity, events, 1.0, 0.75) == [[0, 1], [2], [3], [4]]
    assert average_linkage(similarity, events, 0.7, 0.2) == [[0], [1], [2], [3], [4]]


def test_a_chunk_with_one_article_to_link_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    _dense_as_probability(monkeypatch)
    index = _index(decision=NEVER_JOINS, link_threshold=0.5, link_weight=1.0, refine_chunk=1)
    assert index.add_batch(iter(_two_groups())) == []  # each chunk is one article


def test_the_shipped_pair_model_reads_as_trees_of_depth_three() -> None:
    model = load_pair_model()
    assert model.depth == 3 and len(model.leaves) == 60
    assert model.columns.shape == model.thresholds.shape == (60, 7) and model.leaves.shape == (60, 8)
    used = model.columns[np.isfinite(model.thresholds)].tolist()
    assert {FEATURES[c] for c in used} <= set(PAIR_FEATURES)
    rows = np.zeros((2, len(FEATURES)))
    rows[1, [FEATURES.index(f) for f in ("dense", "lex", "names", "rarest_shared", "names_covered")]] = 1.0
    unrelated, alike = event_linkage.pair_probabilities(rows).tolist()
    assert unrelated < 0.1 < 0.9 < alike


def test_a_pair_model_written_and_read_back_scores_the_same(tmp_path: Path) -> None:
    path = tmp_path / "pair.json.gz"
    save_pair_model(load_pair_model(), path, about="test")
    payload = json.loads(gzip.decompress(path.read_bytes()))
    assert payload["about"] == "test" and payload["features"] == list(PAIR_FEATURES)
    again = PairModel.from_payload(payload)
    rows = np.random.default_rng(0).random((200, len(FEATURES)))
    assert np.array_equal(
        event_linkage.pair_probabilities(rows, again), event_linkage.pair_probabilities(rows)
    )


def test_a_padded_split_always_goes_left() -> None:
    """A leaf above the trees' depth is stored as a split with no threshold over two copies of itself."""
    columns = np.zeros((1, 7), dtype=np.intp)
    columns[0, 0] = FEATURES.index("dense")
    thresholds = np.full((1, 7), np.inf)
    thresholds[0, 0] = 0.5
    leaves = np.array([[-1.0, -1.0, -1.0, -1.0, 1.0, 1.0, 1.0, 1.0]])
    model = PairModel.from_payload(PairModel(0.0, columns, thresholds, leaves).to_payload())
    assert model.to_payload()["trees"][0]["splits"][1] == ["bias", None]
    rows = np.zeros((2, len(FEATURES)))
    rows[:, 0], rows[1, FEATURES.index("dense")] = 1.0, 0.9
    low, high = event_linkage.pair_probabilities(rows, model).tolist()
    assert low == pytest.approx(1 / (1 + np.e)) and high == pytest.approx(1 / (1 + np.exp(-1)))


def _varied_articles() -> list[ArticleKeys]:
    """Articles that exercise every column of the pair evidence: shared, dwelt-on (repeated) and number
    names, weekdays, firm and weak days near and far, languages that do and do not compare words."""
    names = [
        {"genoa": 2.0, "bridge": 1.0, "#43": 1.0, "monday": 1.0, "salvini": 2.0},
        {"genoa": 1.0, "bridge": 1.0, "#43": 1.0, "tuesday": 1.0, "toninelli": 1.0},
        {"genoa": 2.0, "#12": 1.0, "monday": 1.0, "salvini": 1.0, "ponte": 2.0},
        {"quake": 1.0, "chile": 2.0, "#7": 1.0},
        {"chile": 1.0, "quake": 1.0, "santiago": 2.0, "monday": 1.0},
        {"genoa": 1.0},
        {},
    ]
    days = [100, 103, None, 100, 160, 101, 90]
    firm = [True, True, True, False, True, True, True]
    languages = ["en", "en", "fr", None, "en", "it", "en"]
    articles = []
    for i, (held, day, language) in enumerate(zip(names, days, languages, strict=True)):
        vector = synthetic_keys("v", [1, 0.1 * i, 0.05 * i * i], {}).vector
        articles.append(
            ArticleKeys(
                id=f"a{i}",
                vector=vector,
                terms={**held, "report": 1.0 + 0.5 * (i % 3), f"word{i % 2}": 1.0},
                names=held,
                phrases={},
                day=day,
                title=None,
                fallback_title=f"a{i}",
                outlet=None,
                language=language,
                day_is_firm=firm[i],
            )
        )
    return articles


def test_the_pair_evidence_of_all_pairs_at_once_is_the_index_evidence_of_each_pair() -> None:
    """The vectorised rows against ``EventIndex._evidence`` of each article with the other as a
    one-article event: the same values, the sums over shared keys up to their order of addition."""
    members = _varied_articles()
    index = EventIndex(EventParams(max_span_days=30.0))
    for keys in members:
        index.add(keys)
    vectors = np.stack([keys.vector for keys in members])
    dense = (vectors @ vectors.T).astype(np.float64)
    first, second = np.nonzero(~np.eye(len(members), dtype=bool))
    rows, too_far = event_linkage.pair_evidence(index, members, (first, second), dense)
    expected, expected_far = [], []
    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        keys, other = members[i], index._profile(event_linkage._lone_event(members[j]), [members[j]])
        query = index._query(keys)
        row, compare = index._evidence(keys, query, other, float(dense[i, j]))
        if compare:
            row[FEATURES.index("lex")] = index._word_cosine_with(query, other)
        expected.append(row)
        expected_far.append(index._too_far_event(keys, other))
    summed = [FEATURES.index(f) for f in ("lex", "names", "names_covered")]
    exact = [c for c in range(len(FEATURES)) if c not in summed]
    assert np.array_equal(rows[:, exact], np.array(expected)[:, exact])
    assert np.allclose(rows[:, summed], np.array(expected)[:, summed], rtol=1e-12, atol=0.0)
    assert too_far.tolist() == expected_far and any(expected_far)
    # every column of the pair model is exercised: some pairs differ from others in each
    pair_columns = [FEATURES.index(f) for f in event_linkage.PAIR_FEATURES if f != "bias"]
    assert all(len(set(rows[:, c].tolist())) > 1 for c in pair_columns)


def test_candidate_pairs_are_the_nearest_by_vector_and_the_holders_of_a_rare_name_both_ways() -> None:
    members = [
        synthetic_keys("a0", [1, 0, 0], {"p": 1.0, "q": 1.0}),
        synthetic_keys("a1", [1, 0.1, 0], {"r": 1.0}),
        synthetic_keys("a2", [0, 1, 0], {"q": 1.0}),
        synthetic_keys("a3", [0, 1, 0.1], {"p": 1.0}),
        synthetic_keys("a4", [0, 0, 1], {"q": 1.0}),
    ]
    index = EventIndex(EventParams())
    for keys in members:
        index.add(keys)
    vectors = np.stack([keys.vector for keys in members])
    first, second = event_linkage.candidate_pairs(index, members, vectors @ vectors.T, candidates=1)
    # the nearest of each (a4's is a3), and p, held by two: as rare as one nearest allows; q, by three, is not
    expected = [(0, 1), (0, 3), (1, 0), (2, 3), (3, 0), (3, 2), (3, 4), (4, 3)]
    assert list(zip(first.tolist(), second.tolist(), strict=True)) == expected


def test_pair_probabilities_walk_each_tree_as_its_splits_say() -> None:
    model = load_pair_model()
    rng = np.random.default_rng(3)
    rows = rng.random((300, len(FEATURES)))
    rows[::7, model.columns[0, 0]] = model.thresholds[0, 0]  # at a threshold: left
    expected = []
    for row in rows.tolist():
        logit = model.base
        for columns, thresholds, leaves in zip(model.columns, model.thresholds, model.leaves, strict=True):
            node = 0
            while node < len(columns):
                node = 2 * node + (2 if row[columns[node]] > thresholds[node] else 1)
            logit += leaves[node - len(columns)]
        expected.append(1 / (1 + np.exp(-logit)))
    assert np.allclose(event_linkage.pair_probabilities(rows), expected, rtol=1e-12, atol=0.0)
