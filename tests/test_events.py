"""Event clustering on the seeds, incremental vs batch, and bad input."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from events_helpers import FIXTURES, article_from_text, replayed, seed_articles, synthetic_keys
from newsprism import events
from newsprism.config import Config
from newsprism.events import (
    DIM,
    FEATURES,
    ArticleKeys,
    EventIndex,
    EventParams,
    EventStage,
    day_number,
    encode_texts,
    event_text,
    publication_order,
)
from newsprism.model import Article, Dossier

pytestmark = pytest.mark.slow  # encodes with the sentence encoder


def _events(dossier: Dossier) -> list[set[str]]:
    return [set(event.articles) for event in dossier.events]


def _batch(articles: list) -> Dossier:
    dossier = Dossier(articles=list(articles))
    EventStage(Config()).update(dossier, [a.id for a in articles])
    return dossier


def test_seeds_split_into_the_february_and_the_may_call() -> None:
    dossier = _batch(seed_articles())
    assert sorted(_events(dossier), key=len) == [{"001"}, {"000", "002", "003", "004"}]
    feb = next(e for e in dossier.events if "002" in e.articles)
    assert feb.title and feb.entities
    assert any("Putin" in name for name in feb.entities)


def test_one_by_one_with_saved_state_equals_batch() -> None:
    """A batch is assigned in order of publication: articles arriving one by one in that order give the
    same events (arriving in another order they may not: a single pass follows its stream)."""
    articles = seed_articles()
    batch = _batch(articles)
    state = None
    dossier = Dossier()
    for article in _in_publication_order(articles):
        stage = EventStage(Config())
        if state is not None:
            stage.load_state(state)
        dossier.articles.append(article)
        stage.update(dossier, [article.id])
        state = stage.dump_state()
    assert [(e.id, e.articles, e.title) for e in dossier.events] == [
        (e.id, e.articles, e.title) for e in batch.events
    ]


def test_a_batch_of_dated_articles_gives_the_same_events_in_any_input_order() -> None:
    days = {"000": "2025-02-12", "002": "2025-02-13", "003": "2025-02-14", "004": "2025-02-15"}
    articles = seed_articles()
    for article in articles:
        article.published = days.get(article.id, "2025-05-19")
    expected = [(e.id, e.articles) for e in _batch(articles).events]
    assert expected == [("e-000", ["000", "002", "003", "004"]), ("e-001", ["001"])]
    assert [(e.id, e.articles) for e in _batch(articles[::-1]).events] == expected


def _in_publication_order(articles: list[Article]) -> list[Article]:
    vectors = encode_texts([event_text(article, EventParams()) for article in articles])
    return [articles[i] for i in publication_order([day_number(a.published) for a in articles], vectors)]


def test_publication_order_keeps_input_order_within_a_day_and_puts_undated_after_their_nearest() -> None:
    dates = (("u", None), ("b", "2025-02-13T18:00:00"), ("a", "2025-02-12"), ("c", "2025-02-13T09:00:00"))
    names, days = [name for name, _ in dates], [day_number(day) for _, day in dates]
    assert [names[i] for i in publication_order(days)] == ["a", "b", "c", "u"]
    vectors = np.eye(4, dtype=np.float32)
    vectors[0] = vectors[2]  # the undated article reads like "a"
    assert [names[i] for i in publication_order(days, vectors)] == ["a", "u", "b", "c"]


def test_every_article_in_exactly_one_event_and_ids_are_stable() -> None:
    articles = seed_articles()
    first, second = _batch(articles), _batch(articles)
    ids = [a for e in first.events for a in e.articles]
    assert sorted(ids) == sorted(a.id for a in articles)
    assert [e.id for e in first.events] == [e.id for e in second.events]
    assert all(e.id.startswith("e-") for e in first.events)


def test_french_article_joins_its_event() -> None:
    articles = seed_articles()
    french = article_from_text("fr", (FIXTURES / "fr_003.txt").read_text(encoding="utf-8"), language="fr")
    dossier = _batch([*articles, french])
    event = next(e for e in dossier.events if "fr" in e.articles)
    assert "003" in event.articles


@pytest.mark.parametrize("count", [0, 1])
def test_empty_and_single_article_collections(count: int) -> None:
    articles = seed_articles()[:count]
    dossier = _batch(articles)
    assert len(dossier.events) == count


def test_bad_articles_get_an_event_and_no_exception() -> None:
    articles = [
        article_from_text("nodate", "A bridge collapsed in Genoa on Tuesday, killing dozens of people."),
        article_from_text("oneline", "Breaking."),
        article_from_text("thai", "นายกรัฐมนตรีประกาศนโยบายใหม่เกี่ยวกับเศรษฐกิจในวันนี้", language="th"),
    ]
    articles[1].title = None
    articles[0].published = "not a date"
    dossier = _batch(articles)
    assert sorted(a for e in dossier.events for a in e.articles) == ["nodate", "oneline", "thai"]


def test_dates_set_the_event_span() -> None:
    articles = seed_articles()
    articles[2].published = "2025-02-12"
    articles[3].published = "2025-02-13"
    dossier = _batch(articles)
    feb = next(e for e in dossier.events if "002" in e.articles)
    assert (feb.start, feb.end) == ("2025-02-12", "2025-02-13")


def _bridged_stream() -> list[ArticleKeys]:
    """Two pairs that only a whole-event comparison joins: each pair's article scores below the threshold."""
    shared = {"genoa": 1.0, "bridge": 1.0, "#43": 1.0}
    return [
        synthetic_keys("a1", [1, 0, 0], {**shared, "salvini": 1.0}),
        synthetic_keys("a2", [1, 0.1, 0], {**shared, "salvini": 1.0}),
        synthetic_keys("z1", [0, 0, 1], {"quake": 1.0, "chile": 1.0}),
        synthetic_keys("b1", [0.9, 0.3, 0], {**shared, "toninelli": 1.0}),
        synthetic_keys("b2", [0.9, 0.35, 0], {**shared, "toninelli": 1.0}),
    ]


# the merge tests are about the merge step, so they fix the per-article decision they were built with (no
# candidate-margin evidence, which would let b1 join a1 directly in this two-event window)
BRIDGE_DECISION = (
    -6.923,
    1.458,
    5.245,
    7.396,
    1.302,
    -0.067,
    -0.258,
    2.216,
    -3.028,
    -3.016,
    2.852,
    -0.986,
    -1.178,
    0.0,
    0.0,
    0.0,
)


@pytest.mark.parametrize("restart_each", [False, True])
def test_merge_is_logged_keeps_the_older_id_and_batch_equals_one_by_one(restart_each: bool) -> None:
    params = EventParams(threshold=0.995, merge_threshold=0.5, merge_min_articles=2, decision=BRIDGE_DECISION)
    index = EventIndex(params)
    for keys in _bridged_stream():
        if restart_each:
            index = EventIndex.load(index.dump(), params)
        index.add(keys)
    assert index.merges and index.merges[0].startswith("e-b1 -> e-a1")
    assert index.article_event == {"a1": "e-a1", "a2": "e-a1", "b1": "e-a1", "b2": "e-a1", "z1": "e-z1"}
    assert index.events["e-a1"].articles == ["a1", "a2", "b1", "b2"]


def test_frozen_events_are_never_merged() -> None:
    params = EventParams(
        threshold=0.995,
        merge_threshold=0.5,
        merge_min_articles=2,
        freeze_after_days=5,
        decision=BRIDGE_DECISION,
    )
    index = EventIndex(params)
    stream = _bridged_stream()
    for keys in stream[:2]:
        keys.day = 100
        index.add(keys)
    for keys in stream[2:]:
        keys.day = 200  # the first pair is frozen by then
        index.add(keys)
    assert not index.merges
    assert index.events["e-a1"].articles == ["a1", "a2"]


def test_one_by_one_equals_batch_when_events_freeze_between_runs() -> None:
    """A window of one open event: every run hands frozen events to the store and must find them there."""
    config = Config(extra={"events": {"max_active": 1}})
    articles = seed_articles()
    batch = Dossier(articles=list(articles))
    EventStage(config).update(batch, [a.id for a in articles])
    state, dossier = None, Dossier()
    for article in _in_publication_order(articles):
        stage = EventStage(config)
        if state is not None:
            stage.load_state(state)
        dossier.articles.append(article)
        stage.update(dossier, [article.id])
        state = stage.dump_state()
    assert len(batch.events) > 1
    assert [(e.id, e.articles, e.title) for e in dossier.events] == [
        (e.id, e.articles, e.title) for e in batch.events
    ]


def _daily_stream(count: int) -> list[ArticleKeys]:
    """One event a day over a fixed vocabulary: the IDF counters stop growing, frozen events pile up."""
    stream = []
    for i in range(count):
        keys = synthetic_keys(
            f"d{i}", [1.0, float(i % 7), float(i % 5)], {f"k{i % 30}": 1.0, f"k{i % 11}": 1.0}
        )
        keys.day = 1000 + 3 * i
        stream.append(keys)
    return stream


def test_state_size_does_not_grow_with_frozen_events() -> None:
    params = EventParams(max_active=5, freeze_after_days=4)
    sizes = []
    for count in (60, 600):
        index = EventIndex(params)
        for keys in _daily_stream(count):
            index.add(keys)
        assert len(index.events) - len(index.open) > count // 2  # most events froze
        state = index.dump()
        assert len(EventIndex.load(state, params).events) == len(index.open)
        sizes.append(len(state))
    assert sizes[1] < 1.1 * sizes[0], sizes


def test_the_merge_bound_is_never_below_the_whole_event_similarity() -> None:
    """Partners are skipped on ``_similarity_bound``: it must bound ``event_similarity`` from above."""
    index = EventIndex(EventParams(threshold=0.999))  # every article opens an event of its own
    for keys in _bridged_stream() + _daily_stream(12):
        index.add(keys)
    events = list(index.open.values())
    for first in events:
        names = index._pooled_names(first)
        for second in events:
            if first is not second:
                bound = index._similarity_bound(index._merge_parts(first, second, names))
                assert bound >= index.event_similarity(first, second) - 1e-9


def test_stop_words_come_from_spacys_lists_without_importing_the_language_packages() -> None:
    import subprocess
    import sys

    from newsprism.events import stop_words

    assert {"the", "le", "der", "il", "el", "said"} <= stop_words()
    # the French package compiles its tokenizer exceptions on import: seconds per worker process
    check = (
        "from newsprism.events import stop_words; stop_words(); import sys; "
        "print('spacy.lang.fr' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


class _CheckedIndex(EventIndex):
    """Checks every pruned choice against scoring all candidates in full (the plain argmax)."""

    def _best_event(self, keys, query, admissible=None, threshold=None):  # type: ignore[no-untyped-def]
        got = super()._best_event(keys, query, admissible, threshold)
        if admissible is not None:  # a re-homing: checked by its own tests
            return got
        slots, dense = self._candidates(keys)
        expected: tuple[str | None, float] = (None, float("-inf"))
        if len(slots):
            rows = self.features(keys, query, slots, dense)
            probabilities = 1.0 / (1.0 + np.exp(-(rows @ np.asarray(self.params.decision))))
            near = [not self._too_far_event(keys, self.open[self.slot_event[s]]) for s in slots.tolist()]
            probabilities[~np.array(near)] = 0.0
            best = int(np.argmax(probabilities))
            if probabilities[best] >= self.params.threshold:
                expected = (self.slot_event[slots[best]], float(probabilities[best]))
        if expected[0] is None:
            assert got[0] is None or got[1] < self.params.threshold
        else:
            assert got[0] == expected[0] and got[1] == pytest.approx(expected[1])
        return got


@pytest.mark.parametrize("threshold", [0.05, 0.3, 0.6])
def test_skipping_the_word_cosine_never_changes_the_chosen_event(threshold: float) -> None:
    index = _CheckedIndex(EventParams(threshold=threshold))
    for keys in _bridged_stream() + _daily_stream(40):
        index.add(keys)
    assert len(index.events) < 45


def test_weekday_conflict_is_evidence_against_joining() -> None:
    index = EventIndex(EventParams())
    call = synthetic_keys("feb", [1, 0, 0], {"trump": 1.0, "putin": 1.0, "wednesday": 1.0})
    index.add(call)
    for day, expected in (("monday", 1.0), ("wednesday", 0.0)):
        article = synthetic_keys(f"a-{day}", [1, 0.1, 0], {"trump": 1.0, "putin": 1.0, day: 1.0})
        index._count(article)
        slots, dense = index._candidates(article)
        row = index.features(article, index._query(article), slots, dense)[0]
        assert row[FEATURES.index("weekday_conflict")] == expected


def test_the_open_window_is_capped_by_count() -> None:
    index = EventIndex(EventParams(max_active=7, threshold=0.999))
    for keys in _daily_stream(50):
        keys.day = 1000  # all on one day: only the count cap can freeze them
        index.add(keys)
        assert len(index.open) <= 7
    assert len(index.events) == 50


def _row(index: EventIndex, article: ArticleKeys) -> dict[str, float]:
    index._count(article)
    slots, dense = index._candidates(article)
    rows = index.features(article, index._query(article), slots, dense)
    events = [index.slot_event[slot] for slot in slots.tolist()]
    return {event: dict(zip(FEATURES, row, strict=True)) for event, row in zip(events, rows, strict=True)}


def test_names_the_article_dwells_on_and_the_event_lacks_are_evidence_against() -> None:
    index = EventIndex(EventParams())
    index.add(synthetic_keys("jackson", [1, 0, 0], {"chargers": 1.0, "dui": 1.0, "jackson": 1.0 + np.log(3)}))
    williams = synthetic_keys(
        "williams", [1, 0.1, 0], {"chargers": 1.0, "dui": 1.0, "williams": 1.0 + np.log(3)}
    )
    assert _row(index, williams)["e-jackson"]["dwelt_missing"] == pytest.approx(1.0)
    again = synthetic_keys(
        "jackson-2", [1, 0.1, 0], {"chargers": 1.0, "dui": 1.0, "jackson": 1.0 + np.log(2)}
    )
    assert _row(index, again)["e-jackson"]["dwelt_missing"] == 0.0


def test_margins_compare_each_candidate_with_the_best_other_one() -> None:
    index = EventIndex(EventParams(threshold=0.999, margin_crowd=None))
    index.add(synthetic_keys("quake", [1, 0, 0], {"chile": 1.0, "quake": 1.0}))
    index.add(synthetic_keys("flood", [0, 1, 0], {"peru": 1.0, "flood": 1.0}))
    row = _row(index, synthetic_keys("quake-2", [1, 0.2, 0], {"chile": 1.0, "quake": 1.0}))
    quake, flood = row["e-quake"], row["e-flood"]
    assert quake["dense_margin"] == pytest.approx(quake["dense"] - flood["dense"])
    assert flood["dense_margin"] == pytest.approx(-quake["dense_margin"])
    assert quake["names_margin"] > 0 > flood["names_margin"]


def test_a_lone_look_alike_beside_unrelated_events_gets_no_margin_credit() -> None:
    # the second quake's first report: the first quake's event is the only look-alike open, the runner-up
    # (a flood) shares no name and little of the vector, so the quake "standing out" says nothing
    index = EventIndex(EventParams(threshold=0.999, margin_crowd=0.35))
    index.add(synthetic_keys("quake", [1, 0, 0], {"chile": 1.0, "quake": 1.0}))
    index.add(synthetic_keys("flood", [0, 1, 0], {"peru": 1.0, "flood": 1.0}))
    lone = _row(index, synthetic_keys("quake-2", [1, 0.2, 0], {"chile": 1.0, "quake": 1.0}))
    assert lone["e-quake"]["dense_margin"] == 0.0 == lone["e-quake"]["names_margin"]
    assert lone["e-flood"]["dense_margin"] < 0  # the runner-up still trails
    # a crowded field: a second quake event open, so the best one standing out is evidence again
    index.add(synthetic_keys("quake-peru", [0.9, 0.4, 0], {"peru": 1.0, "quake": 1.0}))
    crowded = _row(index, synthetic_keys("quake-3", [1, 0.2, 0], {"chile": 1.0, "quake": 1.0}))
    assert crowded["e-quake"]["dense_margin"] > 0 and crowded["e-quake"]["names_margin"] > 0


def test_undated_articles_are_placed_in_blocks_with_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsprism.events as events

    rng = np.random.default_rng(7)
    days = [None if i % 3 else 1000 + i % 27 for i in range(60)]
    vectors = rng.normal(size=(60, 8)).astype(np.float32)
    whole = publication_order(days, vectors)
    monkeypatch.setattr(events, "NEAREST_CHUNK", 7)
    assert publication_order(days, vectors) == whole
    assert sorted(whole) == list(range(60))


# the key extraction as first written, one word at a time: the cached, split-based one must equal it
def _reference_content_terms(text: str) -> Counter[str]:
    stops = events.stop_words()
    terms: Counter[str] = Counter()
    for word in events.words(text):
        low = word.lower()
        if low in stops or (len(low) < 3 and not events._HAS_DIGIT.search(low)):
            continue
        terms[events.crude_stem(low)] += 1
    return terms


def _reference_name_keys(text: str) -> Counter[str]:
    stops = events.stop_words()
    keys: Counter[str] = Counter()
    head = text[: events.MAX_TEXT_CHARS]
    for match in events._WORD.finditer(head):
        word = match.group(0)
        low = word.lower()
        if low in stops:
            continue
        if events._HAS_DIGIT.search(word):
            keys["#" + low] += 1
        elif word[0].isupper() and len(word) > 1:
            before = head[max(0, match.start() - 4) : match.start()].rstrip(" \t\"'“‘(")
            if not before or before[-1] in ".!?:\n…|/" or (word.isupper() and len(word) > 4):
                continue
            keys[events.fold_spelling(events.crude_stem(low))] += 1
    return keys


def _reference_name_phrases(text: str) -> Counter[str]:
    stops = events.stop_words()
    phrases: Counter[str] = Counter()
    for match in events._NAME_PHRASE.finditer(text[: events.MAX_TEXT_CHARS]):
        tokens = match.group(0).split()
        while tokens and (tokens[0].lower() in stops or not tokens[0][0].isupper()):
            tokens.pop(0)
        if tokens and tokens[0][0].isupper() and len(" ".join(tokens)) > 2:
            phrases[" ".join(tokens)] += 1
    return phrases


_TRICKY_TEXTS = [
    "",
    "Putin",
    "  Putin called Trump. \"Zelenskyy said\" (Kyiv) on Monday: NATO's PEACE plan! x's 43 killed",
    "A. B Zelensky\n\tParis delta de Gaulle, Juan de Dios; van Gogh… Élysée É ÉLYSÉE",
    "O'Neil-Smith rock'n'roll x-Ab y'Cd -Ef 'Gh ’Ij deAb Cd x delta Ab the de Gaulle x The de",
    "a'-b 3-2 U.S. officials’ Le Monde (AFP) — “Macron” ‘Merkel’ |Berlin /Rome ?Madrid !Oslo 2025-02-12",
    'x  Ab   Cd\tEf  "  Gh ((Ij.  Kl',
]


def _random_texts(count: int) -> list[str]:
    rng = np.random.default_rng(3)
    pieces = [
        "Putin",
        "putin",
        "PUTIN",
        "NATO",
        "de",
        "van",
        "the",
        "The",
        "said",
        "43",
        "x",
        "O'Neil",
        "É",
        "Élysée",
        "Kyiv's",
        "cars",
        "glass",
        ".",
        "!",
        "?",
        ":",
        "…",
        "|",
        "/",
        "(",
        '"',
        "“",
        "‘",
        "'",
        " ",
        " ",
        " ",
        "  ",
        "\t",
        "\n",
        "-",
        "—",
        ",",
        "ab",
        "Ab",
        "Zz",
        "Zelenskyy",
        "Trump",
        "talks",
    ]
    return ["".join(rng.choice(pieces, size=int(rng.integers(1, 120)))) for _ in range(count)]


def test_cached_key_extraction_equals_the_word_by_word_one() -> None:
    texts = _TRICKY_TEXTS + _random_texts(400) + [f"{a.title}\n{a.text}" for a in seed_articles()]
    for text in texts:
        terms, names = events.terms_and_names(text)
        for name, found, expected in [
            ("content_terms", events.content_terms(text), _reference_content_terms(text)),
            ("terms_and_names terms", terms, _reference_content_terms(text)),
            ("terms_and_names names", names, _reference_name_keys(text)),
            ("name_phrases", events.name_phrases(text), _reference_name_phrases(text)),
        ]:
            assert found == expected and list(found) == list(expected), (name, text)


def test_article_keys_read_words_and_names_as_the_public_extractors_do() -> None:
    for article in seed_articles():
        keys = events.article_keys(article, np.zeros(DIM, dtype=np.float32))
        head = f"{article.title or ''}\n{article.text}"[: events.KEY_CHARS]
        assert list(keys.terms) == list(_reference_content_terms(head))
        assert list(keys.names) == list(_reference_name_keys(head))
        assert keys.terms == {t: 1.0 + math.log(c) for t, c in _reference_content_terms(head).items()}


def _scalar_pooled_weights(index: EventIndex, keys: Counter, n: int, df: np.ndarray, local: dict | None):
    """The pooled weights one key at a time, as first written: the array version must give the same bits."""
    weights = {}
    for key, count in keys.items():
        weight = events.idf(int(df[events.key_ids([key])[0]]), index.n_docs) * count / max(n, 1)
        if local is not None:
            weight *= events.idf(len(local.get(key, ())), len(index.open))
        weights[key] = weight
    return weights, sum(v * v for v in weights.values())


def _scalar_norm(index: EventIndex, keys: Counter, df: np.ndarray) -> float:
    base = index.log1[index.n_docs] + 1.0
    dfs = [int(df[events.key_ids([key])[0]]) for key in keys]
    pairs = zip(dfs, keys.values(), strict=True)
    return math.sqrt(sum([((base - index.log1[d]) * v) ** 2 for d, v in pairs]))


def test_array_pooling_and_norms_equal_the_key_by_key_figures_exactly() -> None:
    rng = np.random.default_rng(5)
    index = EventIndex(EventParams())
    for copy in range(4):
        for article in seed_articles():
            vector = rng.normal(size=DIM).astype(np.float32)
            article.id = f"{article.id}-{copy}"
            index.add(events.article_keys(article, vector / np.linalg.norm(vector)))
    assert any(event.n > 1 for event in index.open.values())
    for event in index.open.values():
        names = _scalar_pooled_weights(index, event.names, event.n, index.df_names, index.name_index)
        assert index._pooled_names(event) == names
        assert index._pooled_terms(event) == _scalar_pooled_weights(
            index, event.terms, event.n, index.df_terms, None
        )
        assert index._norm(event.terms, index.df_terms) == _scalar_norm(index, event.terms, index.df_terms)
        assert index._norm(event.names, index.df_names) == _scalar_norm(index, event.names, index.df_names)


def test_an_untitled_article_names_its_event_by_its_first_sentence() -> None:
    index = EventIndex(EventParams())
    vector = np.zeros(DIM, dtype=np.float32)
    titled, untitled = seed_articles()[:2]
    titled.title, untitled.title = " Putin and Trump speak ", "  "
    untitled.id = "untitled"
    for article in (titled, untitled):
        index.add(events.article_keys(article, vector))
    titles = {event.articles[0]: event.title for event in index.events.values()}
    assert titles[titled.id] == "Putin and Trump speak"
    assert titles["untitled"] == events.first_sentence(untitled.text)


def _rehoming(**overrides: object) -> EventParams:
    """No article joins an event directly (no probability reaches 1.01): only the re-homing joins them."""
    settings: dict = {"threshold": 1.01, "rehome_after": 3, "rehome_max_articles": 1, "rehome_threshold": 0.3}
    return EventParams(**{**settings, **overrides})  # type: ignore[arg-type]


def _look_alike_stream() -> list[ArticleKeys]:
    """s and b report one bridge collapse; z1..z3 are unrelated."""
    bridge = {"genoa": 1.0, "bridge": 1.0, "#43": 1.0, "salvini": 1.0}
    return [
        synthetic_keys("s", [1, 0, 0], bridge),
        synthetic_keys("z1", [0, 0, 1], {"quake": 1.0, "chile": 1.0}),
        synthetic_keys("b", [1, 0.1, 0], bridge),
        synthetic_keys("z2", [0, 1, 0], {"flood": 1.0, "peru": 1.0}),
        synthetic_keys("z3", [0, 1, 1], {"fire": 1.0, "lisbon": 1.0}),
    ]


@pytest.mark.parametrize("restart_each", [False, True])
def test_a_small_event_is_rehomed_into_a_newer_one_when_due_logged_and_alike_one_by_one(
    restart_each: bool,
) -> None:
    params = _rehoming()
    index = EventIndex(params)
    for keys in _look_alike_stream():
        if restart_each:
            index = EventIndex.load(index.dump(), params)
        index.add(keys)
        if keys.id == "z1":  # s is due only three articles after it began
            assert index.article_event["s"] == "e-s" and "e-b" not in index.events
    assert [m for m in index.merges if m.endswith("rehome)")] == [index.merges[0]]
    assert index.merges[0].startswith("e-b -> e-s (")  # the older id stays
    assert index.article_event == {"s": "e-s", "b": "e-s", "z1": "e-z1", "z2": "e-z2", "z3": "e-z3"}
    assert index.events["e-s"].articles == ["s", "b"]


def test_no_rehoming_without_it_or_below_its_threshold() -> None:
    for params in (_rehoming(rehome_after=None), _rehoming(rehome_threshold=1.0)):
        index = EventIndex(params)
        for keys in _look_alike_stream():
            index.add(keys)
        assert not index.merges and len(index.events) == 5


def test_a_small_event_is_never_rehomed_into_an_older_event() -> None:
    """The older events were its candidates when it arrived; a second look at them, grown broader since,
    is how look-alike reports chain into one catch-all event."""
    bridge = {"genoa": 1.0, "bridge": 1.0, "#43": 1.0, "salvini": 1.0}
    index = EventIndex(_rehoming(threshold=0.5))
    stream = [synthetic_keys(f"a{i}", [1, 0.05 * i, 0], bridge) for i in range(3)]  # one event of three
    stream += [synthetic_keys("late", [1, 0.3, 0], {**bridge, "toninelli": 2.0}), *_look_alike_stream()[1:2]]
    stream += [synthetic_keys(f"z{i}", [0, 1, 0.1 * i], {f"other{i}": 1.0}) for i in range(4)]
    for keys in stream:
        index.add(keys)
        if keys.id == "late":  # it did not join when it arrived, yet as a whole it would join now
            assert index.article_event == {"a0": "e-a0", "a1": "e-a0", "a2": "e-a0", "late": "e-late"}
            pooled = index._pooled_keys(index.open["e-late"])
            assert index.score(pooled, index.open["e-a0"]) > index.params.rehome_threshold
    assert index.article_event["late"] == "e-late" and not index.merges


# the refinement tests weigh names and event size only: a bigger event with the same names is likelier
REFINE_DECISION = tuple({"bias": -1.9, "names": 2.0, "size": 4.0}.get(feature, 0.0) for feature in FEATURES)
_GENOA = {"genoa": 1.0, "bridge": 1.0, "salvini": 1.0}


def _early_report_stream(first: list[ArticleKeys]) -> list[ArticleKeys]:
    """``first``, then four reports that grow an event of their own, then an unrelated one."""
    reports = [synthetic_keys(f"a{i}", [1, 0, 0.1 * i], {**_GENOA, "toninelli": 1.0}) for i in range(1, 5)]
    return [*first, *reports, synthetic_keys("z1", [0, 0, 1], {"quake": 1.0, "chile": 1.0})]


def _refining_index(**overrides: object) -> EventIndex:
    """The refinement alone, unless ``overrides`` switch the batch linkage on."""
    settings: dict[str, object] = {"decision": REFINE_DECISION, "link_threshold": None, **overrides}
    return EventIndex(EventParams(rehome_after=None, **settings))  # type: ignore[arg-type]


def test_refine_merges_a_lone_early_report_into_the_event_that_grew_after_it() -> None:
    stream = _early_report_stream([synthetic_keys("x0", [1, 0.2, 0], {**_GENOA, "ponte": 1.0})])
    index = _refining_index()
    for keys in stream:
        index.add(keys)
    assert index.article_event["x0"] == "e-x0" and index.article_event["a1"] == "e-a1"
    moves = index.refine(stream)
    assert moves == index.merges and moves[0].startswith("e-a1 -> e-x0 (") and moves[0].endswith(", refine)")
    assert index.events["e-x0"].articles == ["x0", "a1", "a2", "a3", "a4"]
    assert index.article_event["z1"] == "e-z1"
    assert _refining_index(refine_max_articles=0).refine(stream) == []


def test_refine_moves_an_article_out_of_a_pair_and_rebuilds_the_rest() -> None:
    twins = {**_GENOA, "ponte": 1.0}
    stream = _early_report_stream(
        [synthetic_keys("y0", [1, 0.3, 0], twins), synthetic_keys("x0", [1, 0.2, 0], twins)]
    )
    index = _refining_index()
    for keys in stream:
        index.add(keys)
    assert index.events["e-y0"].articles == ["y0", "x0"]
    moves = index.refine(stream)
    # y0 leaves the pair for the grown event; x0, alone then, follows as a merge (the older id is kept)
    assert moves[0].startswith("moved y0: e-y0 -> e-a1 (") and moves[1].startswith("e-a1 -> e-y0 (")
    assert index.events["e-y0"].articles == ["x0", "a1", "a2", "a3", "a4", "y0"]
    assert all(event.n == len(index.events[event.id].articles) for event in index.open.values())
    assert all(set(events) <= index.open.keys() for events in index.name_index.values())
    assert index.open["e-y0"].names["ponte"] == 2 and index.open["e-y0"].names["toninelli"] == 4


def test_batch_and_one_by_one_differ_by_the_logged_refinement_only() -> None:
    stream = _early_report_stream([synthetic_keys("x0", [1, 0.2, 0], {**_GENOA, "ponte": 1.0})])
    batch, one_by_one = _refining_index(), _refining_index()
    for keys in stream:
        batch.add(keys)
        one_by_one.add(keys)
        one_by_one.refine([keys])  # what EventStage.update does with a batch of one
    before = dict(batch.article_event)
    assert one_by_one.article_event == before and not one_by_one.merges
    batch.refine(stream)
    assert batch.article_event != before
    assert replayed(one_by_one.article_event, batch.merges) == batch.article_event


def test_add_batch_refines_chunk_by_chunk_so_a_large_batch_holds_few_keys() -> None:
    stream = _early_report_stream([synthetic_keys("x0", [1, 0.2, 0], {**_GENOA, "ponte": 1.0})])
    whole, chunked = _refining_index(), _refining_index(refine_chunk=2)
    assert whole.add_batch(iter(stream)) == whole.merges and whole.article_event["x0"] == "e-x0"
    assert whole.events["e-x0"].articles == ["x0", "a1", "a2", "a3", "a4"]
    refined: list[list[str]] = []
    original = chunked.refine
    chunked.refine = lambda batch: refined.append([k.id for k in batch]) or original(batch)  # type: ignore[method-assign]
    chunked.add_batch(iter(stream))
    assert refined == [["x0", "a1"], ["a2", "a3"], ["a4", "z1"], []]
    # x0 and a1 are refined together, before the reports that made a1's event grow: no move yet
    assert chunked.article_event["x0"] == "e-x0" and chunked.article_event["a2"] == "e-a1"


JOIN_ALL = tuple(10.0 if feature == "bias" else 0.0 for feature in FEATURES)  # every article joins


_BRIDGE = {"genoa": 1.0, "ponte": 1.0, "toninelli": 1.0, "morandi": 1.0}
_QUAKE = {"chile": 1.0, "santiago": 1.0, "bachelet": 1.0, "valparaiso": 1.0}


def _reports(prefix: str, axis: int, names: dict[str, float]) -> list[ArticleKeys]:
    """Four reports of one occurrence: the same names, vectors near one axis."""
    return [synthetic_keys(f"{prefix}{i}", [0.1 * i, *([0] * axis), 1], names) for i in range(1, 5)]


def _two_occurrences() -> list[ArticleKeys]:
    """Four reports of a bridge collapse, then four of an earthquake: two communities of articles."""
    return _reports("a", 1, _BRIDGE) + _reports("b", 2, _QUAKE)


def _splitting_index(**overrides: object) -> EventIndex:
    """A decision that puts every article in one event; the split alone, unless ``overrides`` say more."""
    settings: dict[str, object] = {"decision": JOIN_ALL, "link_threshold": None, "split_min_side": 4}
    return EventIndex(EventParams(rehome_after=None, **{**settings, **overrides}))  # type: ignore[arg-type]


def test_split_cuts_an_event_of_two_occurrences_in_two_and_logs_each_move() -> None:
    stream = _two_occurrences()
    index = _splitting_index()
    for keys in stream:
        index.add(keys)
    assert set(index.article_event.values()) == {"e-a1"}
    moves = index.split(stream)
    assert moves == index.merges and len(moves) == 4
    assert all(
        move.startswith(f"moved b{i}: e-a1 -> e-b1 (") and move.endswith(", split)")
        for i, move in enumerate(moves, start=1)
    )
    assert index.events["e-a1"].articles == ["a1", "a2", "a3", "a4"]
    assert index.events["e-b1"].articles == ["b1", "b2", "b3", "b4"]
    assert all(event.n == len(index.events[event.id].articles) for event in index.open.values())
    assert all(set(events) <= index.open.keys() for events in index.name_index.values())
    assert "chile" not in index.open["e-a1"].names and index.open["e-b1"].names["chile"] == 4


def test_no_split_when_switched_off_one_occurrence_or_a_side_too_small() -> None:
    stream = _two_occurrences()
    for index, batch in (
        (_splitting_index(split_min_side=0), stream),
        (_splitting_index(), stream[:4] + _reports("c", 1, _BRIDGE)),
        (_splitting_index(split_min_side=5), stream),
        (_splitting_index(split_max_articles=7), stream),
    ):
        for keys in batch:
            index.add(keys)
        assert index.split(batch) == [] and len(index.events) == 1


def test_batch_and_one_by_one_differ_by_the_logged_split_only() -> None:
    stream = _two_occurrences()
    batch, one_by_one = _splitting_index(link_threshold=0.75), _splitting_index(link_threshold=0.75)
    for keys in stream:
        one_by_one.add_batch([keys])  # a batch of one article splits nothing
    assert not one_by_one.merges and len(one_by_one.events) == 1
    assert batch.add_batch(iter(stream)) == batch.merges
    assert any(line.endswith(", split)") for line in batch.merges)
    kinds = ("refine", "link", "split")
    assert replayed(one_by_one.article_event, batch.merges, kinds) == batch.article_event
    assert len(set(batch.article_event.values())) == 2


_HASH_SEED_PROBE = """
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
from events_helpers import seed_articles
from newsprism import events
from newsprism.events import DIM, EventIndex, EventParams

rng = np.random.default_rng(5)
index = EventIndex(EventParams())
stream = []
for copy in range(3):
    for article in seed_articles():
        vector = rng.normal(size=DIM).astype(np.float32)
        article.id = f"{article.id}-{copy}"
        keys = events.article_keys(article, vector / np.linalg.norm(vector))
        stream.append(keys)
        index.add(keys)
scores = [index.score(keys, event) for keys in stream for event in index.open.values()]
print(repr(scores), sorted(index.events), repr(index.merges))
batch = EventIndex(EventParams())
batch.add_batch(stream)  # the single pass, refinement and linkage
print(sorted((event.id, event.articles) for event in batch.events.values()), repr(batch.merges))
"""


def test_scores_do_not_depend_on_the_process_string_hash(tmp_path) -> None:
    """Sums over shared keys visit a set, whose order follows the per-process string hash; they are exactly
    rounded so that the same input order gives bit-identical scores and events in every process."""
    script = tmp_path / "probe.py"
    script.write_text(_HASH_SEED_PROBE)
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, str(script), str(Path(__file__).parent)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
