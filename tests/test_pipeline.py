"""The whole job on real input: the seeds in, a valid dossier out; re-ingesting changes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import newsprism
from newsprism import export, pipeline
from newsprism.config import Config
from newsprism.store import open_store

SEED_IDS = [
    "000_2e6b3800635728ee",
    "001_57a13b51bf676c42",
    "002_cbfccc0950cc24d7",
    "003_61228cb969e75afa",
    "004_d87aaedd19d71ee9",
]
INGEST_ONLY = Config(article_stages=(), collection_stages=())


@pytest.fixture(scope="module")
def seed_dossier(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    out = tmp_path_factory.mktemp("seed-out")
    newsprism.analyze([SEEDS], db=out / "store.sqlite", out=out)
    return json.loads((out / "dossier.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_seed_dossier_is_valid_and_keeps_the_file_stem_ids(seed_dossier: dict) -> None:
    export.validate(seed_dossier)
    assert sorted(a["id"] for a in seed_dossier["articles"]) == SEED_IDS
    placed = [a for event in seed_dossier["events"] for a in event["articles"]]
    assert sorted(placed) == SEED_IDS  # every article in exactly one event


@pytest.mark.slow
def test_seed_boilerplate_is_listed_and_reporting_is_intact(seed_dossier: dict) -> None:
    articles = {a["id"]: a for a in seed_dossier["articles"]}
    removed = {a: {r["text"].strip() for r in art["removed"]} for a, art in articles.items()}
    assert "Previous Post Next Post" in removed["002_cbfccc0950cc24d7"]
    assert "Contact the author: howard@thewarzone.com" in removed["001_57a13b51bf676c42"]
    assert "Share" in removed["004_d87aaedd19d71ee9"]
    assert "The talks in Istanbul lasted less than two hours." in articles["001_57a13b51bf676c42"]["text"]
    assert "Previous Post" not in articles["002_cbfccc0950cc24d7"]["text"]


@pytest.mark.slow
def test_every_span_in_the_seed_dossier_is_exact(seed_dossier: dict) -> None:
    texts = {a["id"]: a["text"] for a in seed_dossier["articles"]}
    for key in ("quotes", "claims", "opinion"):
        for record in seed_dossier[key]:
            assert texts[record["article"]][record["start"] : record["end"]] == record["text"], key
    for mention in seed_dossier["mentions"]:
        assert texts[mention["article"]][mention["start"] : mention["end"]] == mention["text"]
    for finding in seed_dossier["findings"]:
        for item in finding["items"]:
            assert texts[item["article"]][item["start"] : item["end"]] == item["text"]
    for briefing in seed_dossier["briefings"]:
        for sentence in briefing["sentences"]:
            for cite in sentence["citations"]:
                assert texts[cite["article"]][cite["start"] : cite["end"]] == cite["text"]


def _dump(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, revision, current, content_hash FROM articles ORDER BY pk").fetchall()
    con.close()
    return rows


def test_ingesting_the_same_folder_twice_changes_nothing(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "twice.sqlite"
    with open_store(db) as store:
        first = pipeline.ingest([seeds_dir], store, INGEST_ONLY)
    before = _dump(db)
    with open_store(db) as store:
        second = pipeline.ingest([seeds_dir], store, INGEST_ONLY)
    assert len(first.added) == 5
    assert second.added == [] and second.revised == [] and len(second.unchanged) == 5
    assert _dump(db) == before


def test_a_changed_file_becomes_a_new_revision(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("Talks began in Geneva on Monday. Both sides attended.\n")
    with open_store(tmp_path / "rev.sqlite") as store:
        pipeline.ingest([folder], store, INGEST_ONLY)
        (folder / "story.txt").write_text("Talks began in Geneva on Tuesday. Both sides attended.\n")
        report = pipeline.ingest([folder], store, INGEST_ONLY)
        assert report.revised == ["story"]
        assert [a.revision for a in store.revisions("story")] == [1, 2]


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("Negotiators met in Vienna on Friday and agreed to meet again.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "broken.jsonl").write_text('{"id": "j1", "text": "A fine record about the talks."}\n{"id": \n')
    with open_store(tmp_path / "bad.sqlite") as store:
        report = pipeline.ingest([folder], store, INGEST_ONLY)
        assert sorted(report.added) == ["good", "j1"]
        origins = " ".join(s.origin for s in report.skipped)
        assert "empty.txt" in origins and "junk.txt" in origins and "broken.jsonl" in origins
        assert all(s.reason and "\n" not in s.reason for s in report.skipped)
    assert "3 skipped" in report.summary()


def test_records_from_python_are_articles_too(tmp_path: Path) -> None:
    records = [{"id": "r1", "title": "Port strike", "text": "Dock workers walked out on Monday.", "x": 1}]
    dossier = newsprism.analyze(records, config=INGEST_ONLY)
    assert [a.id for a in dossier.articles] == ["r1"]
    assert [e.articles for e in dossier.events] == [["r1"]]


def test_a_stage_that_fails_is_reported_not_fatal(tmp_path: Path) -> None:
    from newsprism import stages

    stages.register("article", "broken", "test_pipeline:BrokenStage")
    try:
        config = Config(article_stages=("broken",), collection_stages=())
        with open_store(tmp_path / "s.sqlite") as store:
            _dossier, report = pipeline.run(
                [{"id": "r1", "text": "Dock workers walked out on Monday."}], store, config
            )
        assert report.errors and "RuntimeError" in report.errors[0]
    finally:
        stages.ARTICLE_STAGES.pop("broken")


class BrokenStage:
    name = "broken"

    def __init__(self, config: Config) -> None:
        pass

    def process(self, article: object, analysis: object) -> None:
        raise RuntimeError("this stage is broken on purpose")


def test_python_records_go_through_the_jsonl_reader_rules() -> None:
    import datetime

    records = [
        {"id": 5, "text": "Dock workers walked out on Monday.", "published": datetime.date(2025, 2, 13)},
        {"id": "empty", "text": ""},
    ]
    dossier = newsprism.analyze(records, config=INGEST_ONLY)
    assert [(a.id, a.published) for a in dossier.articles] == [("5", "2025-02-13")]
    assert [(s.origin, s.reason) for s in dossier.skipped] == [("record#2", "record has no text or html")]


# --------------------------------------------------------------------------- local worker processes


class PidStage:
    """Notes which process analysed the article: shows the work was shared out."""

    name = "pid"

    def __init__(self, config: Config) -> None:
        pass

    def process(self, article: object, analysis: object) -> None:
        import os
        import time

        time.sleep(0.05)  # long enough that one worker cannot take every batch before the other starts
        analysis.notes.append(f"pid {os.getpid()}")  # type: ignore[attr-defined]


class DyingStage(PidStage):
    """Kills its worker process on one article, as an out-of-memory kill would."""

    name = "dying"

    def process(self, article: object, analysis: object) -> None:
        import os

        if article.id == "r7":  # type: ignore[attr-defined]
            os._exit(1)


@pytest.fixture
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprism import stages

    monkeypatch.setattr(pipeline, "ANALYSIS_BATCH", 2)
    monkeypatch.setattr(pipeline, "MIN_ARTICLES_PER_PROCESS", 1)
    monkeypatch.setitem(stages.ARTICLE_STAGES, "pid", "test_pipeline:PidStage")
    monkeypatch.setitem(stages.ARTICLE_STAGES, "dying", "test_pipeline:DyingStage")


def _records(n: int) -> list[dict]:
    return [
        {"id": f"r{i}", "text": f"Dock workers in port number {i} walked out on Monday."} for i in range(n)
    ]


def test_analyses_from_another_analysis_version_are_redone_once_with_the_collection(
    tiny_batches: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config(article_stages=("pid",), collection_stages=("events",), processes=1)
    with open_store(tmp_path / "v.sqlite") as store:
        _, first = pipeline.run(_records(3), store, config)
        _, same = pipeline.run(_records(3), store, config)
        assert first.analysed == 3 and same.analysed == 0 and not same.reanalysed_all
        rebuilt: list[object] = []
        update = pipeline.update_collection

        def noted(store: object, ids: object, *rest: object) -> object:
            rebuilt.append(ids)  # None: the whole collection is rebuilt
            return update(store, ids, *rest)  # type: ignore[arg-type]

        monkeypatch.setattr(pipeline, "update_collection", noted)
        monkeypatch.setattr(pipeline, "ANALYSIS_VERSION", "a later one")
        _, upgraded = pipeline.run(_records(3), store, config)
        assert upgraded.analysed == 3 and upgraded.reanalysed_all and rebuilt == [None]
        assert "all again" in upgraded.summary() and store.unanalysed_ids() == []
        assert store.get_state("analysis_version") == b"a later one"
        _, again = pipeline.run(_records(3), store, config)
        assert again.analysed == 0 and rebuilt == [None, []]


def test_too_few_articles_stay_in_one_process() -> None:
    assert pipeline.local_processes(Config(processes=2), pipeline.MIN_ARTICLES_PER_PROCESS) == 1
    assert pipeline.local_processes(Config(processes=2), 10 * pipeline.MIN_ARTICLES_PER_PROCESS) == 2
    assert pipeline.local_processes(Config(processes=1), 10 * pipeline.MIN_ARTICLES_PER_PROCESS) == 1


def test_local_processes_share_the_articles_and_save_every_one(tiny_batches: None, tmp_path: Path) -> None:
    import os

    config = Config(article_stages=("pid",), collection_stages=(), processes=2)
    with open_store(tmp_path / "p.sqlite") as store:
        pipeline.ingest(_records(12), store, config)
        report = pipeline.analyze_articles(store, config)
        assert report.analysed == 12 and store.unanalysed_ids() == []
        pids = {note for analysis in store.iter_analyses() for note in analysis.notes}
    assert len(pids) == 2 and f"pid {os.getpid()}" not in pids
    assert report.seconds_by_step["pid"] > 0  # the workers' stage times come back to the report


def test_a_worker_that_dies_stops_the_run_cleanly_and_a_rerun_finishes(
    tiny_batches: None, tmp_path: Path
) -> None:
    config = Config(article_stages=("dying",), collection_stages=(), processes=2)
    with open_store(tmp_path / "d.sqlite") as store:
        pipeline.ingest(_records(12), store, config)
        with pytest.raises(pipeline.AnalysisError, match="worker process died"):
            pipeline.analyze_articles(store, config)
        left = store.unanalysed_ids()
        assert "r7" in left
        assert all(a.article not in left for a in store.iter_analyses())  # no partial article
        report = pipeline.analyze_articles(store, Config(article_stages=("pid",), processes=2))
        assert sorted(report.errors) == [] and store.unanalysed_ids() == []


# --------------------------------------------------------------------------- events stage faults


class FailingEvents:
    name = "events"

    def __init__(self, config: Config) -> None:
        pass

    def update(self, dossier: object, new_ids: list[str]) -> None:
        raise RuntimeError("the event index is broken on purpose")


class OneStoryEvents(FailingEvents):
    """Puts every article that no stored event holds into one new event, as the real stage would
    treat stored events as settled."""

    def update(self, dossier: object, new_ids: list[str]) -> None:
        from newsprism.model import Event

        placed = {a for event in dossier.events for a in event.articles}  # type: ignore[attr-defined]
        loose = [a.id for a in dossier.articles if a.id not in placed]  # type: ignore[attr-defined]
        if loose:
            dossier.events.append(Event(id=f"story-{len(dossier.events)}", title="story", articles=loose))  # type: ignore[attr-defined]


@pytest.mark.parametrize("later_articles", [0, 1])
def test_articles_left_in_fallback_events_by_a_failed_events_stage_are_regrouped_later(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, later_articles: int
) -> None:
    from newsprism import stages

    config = Config(article_stages=(), collection_stages=("events", "briefings"))
    records = _records(3)
    with open_store(tmp_path / "f.sqlite") as store:
        monkeypatch.setitem(stages.COLLECTION_STAGES, "events", "test_pipeline:FailingEvents")
        dossier, report = pipeline.run(records[:2], store, config)
        assert any("events failed" in error for error in report.errors)
        assert sorted(e.id for e in dossier.events) == ["e-r0", "e-r1"]  # the dossier promise holds

        monkeypatch.setitem(stages.COLLECTION_STAGES, "events", "test_pipeline:OneStoryEvents")
        if later_articles:
            dossier, report = pipeline.run(records[2:], store, config)
        else:
            dossier = pipeline.update_collection(store, [], config)
        expected = ["r0", "r1", "r2"][: 2 + later_articles]
        assert [e.articles for e in dossier.events] == [expected]
        assert [b.event for b in dossier.briefings] == [dossier.events[0].id]  # rebuilt, not stale
        again = pipeline.update_collection(store, [], config)  # nothing left to release: no change
        assert [e.articles for e in again.events] == [expected]


def test_local_processes_started_from_a_thread_are_spawned_and_see_registered_stages(
    tiny_batches: None, tmp_path: Path
) -> None:
    import threading

    config = Config(article_stages=("pid",), collection_stages=(), processes=2)
    reports: list[pipeline.RunReport] = []
    with open_store(tmp_path / "t.sqlite") as store:
        pipeline.ingest(_records(6), store, config)
        worker = threading.Thread(target=lambda: reports.append(pipeline.analyze_articles(store, config)))
        worker.start()
        worker.join()
        assert reports and reports[0].analysed == 6 and store.unanalysed_ids() == []


@pytest.mark.slow
def test_the_real_event_stage_regroups_what_a_failed_run_left_as_the_run_that_never_failed_would(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsprism import stages

    config = Config(article_stages=(), collection_stages=("events",))
    seeds = sorted(seeds_dir.iterdir())
    groupings = {}
    for fails in (False, True):
        with open_store(tmp_path / f"{fails}.sqlite") as store:
            pipeline.run(seeds[:2], store, config)
            if fails:
                monkeypatch.setitem(stages.COLLECTION_STAGES, "events", "test_pipeline:FailingEvents")
            pipeline.run(seeds[2:4], store, config)
            monkeypatch.undo()
            pipeline.update_collection(store, [], config)
            dossier = pipeline.build_dossier(store)
        groupings[fails] = sorted(sorted(event.articles) for event in dossier.events)
    assert groupings[True] == groupings[False]
