"""PostgreSQL restarted mid-ingest: committed batches intact, the run stops cleanly, a rerun resumes."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest

from newsprism import pipeline
from newsprism.config import Config
from newsprism.errors import StoreError
from newsprism.store import open_store

PG_URL = os.environ.get("NEWSPRISM_TEST_PG")
PG_CTL = os.environ.get("NEWSPRISM_TEST_PG_CTL")
CONFIG = Config(article_stages=(), collection_stages=(), batch_size=5)

pytestmark = pytest.mark.skipif(
    not (PG_URL and PG_CTL), reason="needs a PostgreSQL server it may restart (./.ci/run starts one)"
)


def restart_server() -> None:
    # PG_CTL carries -l LOG: the restarted server must not inherit our pipes, or waiting never ends
    command = [*shlex.split(PG_CTL or ""), "-m", "fast", "-w", "restart"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def test_restart_mid_ingest_keeps_committed_batches_and_a_rerun_resumes(tmp_path: Path) -> None:
    from conftest import _fresh_postgres

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(12):
        text = f"Report {n}: dock workers in Vetra met the port authority on day {n}.\n"
        (folder / f"a{n:02d}.txt").write_text(text)
    store = _fresh_postgres(PG_URL or "")
    batches = {"done": 0}
    real_put = store.put_articles

    def put_then_restart(articles):  # the server goes away after the first committed batch
        result = real_put(articles)
        batches["done"] += 1
        if batches["done"] == 1:
            restart_server()
        return result

    store.put_articles = put_then_restart  # type: ignore[method-assign]
    with pytest.raises(StoreError, match="connection lost"):
        pipeline.ingest([folder], store, CONFIG)
    store.close()

    with open_store(PG_URL) as again:
        assert again.count_articles() == 5  # the committed batch, whole; nothing of the failed one
        report = pipeline.ingest([folder], again, CONFIG)
        assert len(report.unchanged) == 5 and len(report.added) == 7
        assert again.count_articles() == 12
