"""Per-article stages on Dask: partitions of articles go to workers, analyses come back to the store.

The driver alone talks to the store (SQLite cannot be shared between machines; one writer keeps
every batch one transaction), so a worker that dies loses only its in-flight partition: Dask
retries it elsewhere, or the run stops with a clear message and the store holds every batch
written before. Each worker process loads the stages (and their models) once and keeps them.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from typing import Any

from .config import Config
from .errors import MissingExtra, NewsprismError
from .model import Article, ArticleAnalysis, from_dict, to_dict
from .store import Storage

log = logging.getLogger("newsprism")


class DistributedError(NewsprismError):
    """A partition failed on every worker that tried it."""


@functools.cache
def _worker_stages(stage_names: tuple[str, ...]) -> list[Any]:
    """Loaded once per worker process: the models stay in memory between partitions."""
    from .pipeline import load_article_stages

    return load_article_stages(Config(article_stages=stage_names))


def analyse_partition(articles: list[dict[str, Any]], stage_names: tuple[str, ...]) -> list[dict[str, Any]]:
    """Runs on a worker: plain dicts in and out, so nothing but JSON-able data crosses the wire."""
    from .pipeline import analyse_batch

    stages = _worker_stages(stage_names)
    return [to_dict(a) for a in analyse_batch([from_dict(Article, a) for a in articles], stages)]


def connect(config: Config) -> Any:
    """A client for ``config.scheduler``, or a local cluster of ``config.workers`` processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - dask is a core dependency
        raise MissingExtra("--engine dask", "dask[distributed]") from err
    if config.scheduler:
        return Client(config.scheduler)
    cluster = LocalCluster(
        n_workers=config.workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster)


def _partitions(store: Storage, ids: list[str], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(ids), size):
        yield [to_dict(a) for a in store.iter_articles(ids[start : start + size])]


def analyze_on_dask(
    store: Storage, pending: list[str], config: Config, save: Callable[[list[ArticleAnalysis]], None]
) -> int:
    """Analyse ``pending`` articles on Dask, handing each finished partition to ``save`` (which writes it
    to the store in one transaction); returns how many were analysed."""
    from dask.distributed import as_completed

    client = connect(config)
    stage_names = tuple(config.article_stages)
    size = max(1, config.partition_size)
    in_flight_limit = 2 * max(1, len(client.scheduler_info().get("workers", {})) or config.workers)
    done = 0
    try:
        partitions = _partitions(store, pending, size)
        futures = as_completed()
        for _ in range(in_flight_limit):
            part = next(partitions, None)
            if part is None:
                break
            futures.add(client.submit(analyse_partition, part, stage_names, retries=2, pure=False))
        for future in futures:
            try:
                results = future.result()
            except Exception as err:
                raise DistributedError(f"a partition failed on every worker that tried it ({err})") from err
            save([from_dict(ArticleAnalysis, r) for r in results])
            done += len(results)
            part = next(partitions, None)
            if part is not None:
                futures.add(client.submit(analyse_partition, part, stage_names, retries=2, pure=False))
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and not config.scheduler:
            cluster.close()
    return done
