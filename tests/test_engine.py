"""Per-article stages on Dask, or in local worker processes, give exactly the single-process result."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism import pipeline
from newsprism.config import Config
from newsprism.model import to_dict
from newsprism.store import open_store


def analyses(db: Path) -> dict[str, dict]:
    with open_store(db) as store:
        return {a.article: to_dict(a) for a in store.iter_analyses()}


@pytest.mark.slow
def test_dask_matches_single_process_on_the_seeds(seeds_dir: Path, tmp_path: Path) -> None:
    results = {}
    for engine in ("local", "dask"):
        config = Config(engine=engine, workers=2, partition_size=2, collection_stages=())
        db = tmp_path / f"{engine}.sqlite"
        with open_store(db) as store:
            pipeline.ingest([seeds_dir], store, config)
            report = pipeline.analyze_articles(store, config)
            assert report.analysed == 5 and not report.errors
            assert store.unanalysed_ids() == []
        results[engine] = analyses(db)
    assert results["dask"] == results["local"]


@pytest.mark.slow
def test_local_worker_processes_match_one_process_on_the_seeds(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "ANALYSIS_BATCH", 2)
    monkeypatch.setattr(pipeline, "MIN_ARTICLES_PER_PROCESS", 1)
    results = {}
    for processes in (1, 2):
        config = Config(processes=processes, collection_stages=())
        db = tmp_path / f"{processes}.sqlite"
        with open_store(db) as store:
            pipeline.ingest([seeds_dir], store, config)
            report = pipeline.analyze_articles(store, config)
            assert report.analysed == 5 and not report.errors
        results[processes] = analyses(db)
    assert results[2] == results[1]


@pytest.mark.slow
def test_the_whole_job_on_dask_gives_the_single_process_dossier_on_the_demo(tmp_path: Path) -> None:
    from newsprism.demo import demo_path

    dossiers = {}
    for engine in ("local", "dask"):
        config = Config(engine=engine, workers=2, partition_size=8, processes=1)
        with open_store(tmp_path / f"{engine}.sqlite") as store:
            dossier, report = pipeline.run([demo_path()], store, config)
            assert report.analysed == len(dossier.articles) == 30 and not report.errors
        dossiers[engine] = to_dict(dossier)
    assert dossiers["dask"] == dossiers["local"]


@pytest.mark.slow
def test_a_dask_worker_killed_mid_run_loses_and_doubles_nothing(tmp_path: Path) -> None:
    import logging
    import os
    import signal

    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    )
    client = Client(cluster)
    config = Config(
        engine="dask",
        scheduler=cluster.scheduler_address,
        partition_size=1,
        article_stages=("opinion",),
        collection_stages=(),
    )
    records = [{"id": f"r{i}", "text": f"Dock workers in port {i} walked out on Monday."} for i in range(40)]
    killed: list[str] = []
    try:
        with open_store(tmp_path / "killed.sqlite") as store:
            pipeline.ingest(records, store, config)
            put_analyses = store.put_analyses

            def put_then_kill_a_worker(analyses: list) -> None:
                put_analyses(analyses)
                if not killed:  # SIGKILL, as the out-of-memory killer would, while partitions are in flight
                    victim, pid = sorted(client.run(os.getpid).items())[0]
                    killed.append(victim)
                    os.kill(pid, signal.SIGKILL)

            store.put_analyses = put_then_kill_a_worker  # type: ignore[method-assign]
            pipeline.analyze_articles(store, config)
            assert killed
            assert store.unanalysed_ids() == []
            assert sorted(a.article for a in store.iter_analyses()) == sorted(r["id"] for r in records)
    finally:
        client.close()
        cluster.close()
