"""A collection run works on the new articles and the events they touch, and gives the dossier that
rebuilding the whole collection gives (the behaviour before runs were incremental)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsprism import pipeline
from newsprism.config import Config
from newsprism.demo import demo_path
from newsprism.model import Article, to_dict
from newsprism.store import Storage, open_store

KINDS = ("events", "duplicates", "storylines", "findings", "briefings", "timeline")
READABLE = {".txt", ".html", ".jsonl", ".xml", ".gz"}


@pytest.fixture(scope="module")
def corpus() -> list[Path]:
    from conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared/seeds is not part of the repo)")
    paths = sorted(demo_path().iterdir()) + sorted(SEEDS.iterdir())
    return [p for p in paths if p.suffix in READABLE]


@pytest.fixture(scope="module")
def analysed(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Storage]:
    """Every article analysed once: the runs below copy the analyses instead of parsing again."""
    store = open_store(tmp_path_factory.mktemp("analysed") / "all.sqlite")
    pipeline.ingest(corpus, store)
    pipeline.analyze_articles(store)
    yield store
    store.close()


def collect(
    store: Storage, analysed: Storage, corpus: list[Path], batches: int, incremental: bool
) -> dict[str, Any]:
    size = -(-len(corpus) // batches)
    update = pipeline.update_collection if incremental else pipeline.rebuild_collection
    for start in range(0, len(corpus), size):
        report = pipeline.ingest(corpus[start : start + size], store)
        store.put_analyses(list(analysed.iter_analyses(store.unanalysed_ids())))
        update(store, report.added + report.revised, Config(), report)
        assert not report.errors
    dossier = to_dict(pipeline.build_dossier(store))
    return {kind: dossier[kind] for kind in KINDS}


def without_link_figures(dossier: dict[str, Any]) -> dict[str, Any]:
    """A storyline that no run touches keeps the topic similarities it was built with (weighed with
    the event counts of that run): its links are compared, not those figures."""
    for storyline in dossier["storylines"]:
        storyline["evidence"] = [re.sub(r"topic similarity [\d.]+", "", e) for e in storyline["evidence"]]
    return dossier


@pytest.mark.slow
@pytest.mark.parametrize("batches", [1, 3])
def test_incremental_runs_give_the_dossier_a_rebuild_gives(
    store: Storage, analysed: Storage, corpus: list[Path], tmp_path: Path, batches: int
) -> None:
    with open_store(tmp_path / "rebuilt.sqlite") as reference:
        rebuilt = collect(reference, analysed, corpus, batches, incremental=False)
    incremental = collect(store, analysed, corpus, batches, incremental=True)
    assert rebuilt["events"] and rebuilt["findings"] and rebuilt["storylines"]
    for kind in KINDS:
        assert without_link_figures(incremental)[kind] == without_link_figures(rebuilt)[kind], kind


class CountingReads:
    """Wraps a store's article reads to see what a run reads."""

    def __init__(self, store: Storage) -> None:
        self.ids: list[str] = []
        self.whole_store = 0
        self._read = store.iter_articles
        store.iter_articles = self.iter_articles  # type: ignore[method-assign]

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is None:
            self.whole_store += 1
        else:
            ids = list(ids)
            self.ids += ids
        return self._read(ids)


@pytest.mark.slow
def test_an_incremental_run_reads_only_what_the_new_article_touches(
    analysed: Storage, corpus: list[Path], tmp_path: Path
) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        collect(store, analysed, corpus[:-1], 1, incremental=True)  # the first run is a rebuild
        reads = CountingReads(store)
        report = pipeline.ingest(corpus[-1:], store)
        store.put_analyses(list(analysed.iter_analyses(report.added)))
        pipeline.update_collection(store, report.added, Config(), report)
        assert reads.whole_store == 0
        assert set(report.added) <= set(reads.ids)
        assert len(set(reads.ids)) < store.count_articles() / 2


@pytest.mark.slow
def test_a_run_that_fails_while_saving_leaves_the_collection_and_state_as_they_were(
    analysed: Storage, corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        collect(store, analysed, corpus[:-2], 1, incremental=True)
        before = {kind: store.get_collection(kind) for kind in KINDS}
        state = store.get_state("events")
        report = pipeline.ingest(corpus[-2:], store)
        store.put_analyses(list(analysed.iter_analyses(report.added)))

        def killed(*_: object) -> None:
            raise KeyboardInterrupt("killed while saving")

        monkeypatch.setattr(store, "apply_collection", killed)
        with pytest.raises(KeyboardInterrupt):
            pipeline.update_collection(store, report.added, Config(), report)
        assert {kind: store.get_collection(kind) for kind in KINDS} == before
        assert store.get_state("events") == state
