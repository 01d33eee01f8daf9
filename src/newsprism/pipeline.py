"""Wires the stages together. The only module that knows their order.

    paths/records → ingest → clean → store → per-article stages → collection stages → Dossier

Each step reads what the previous one stored, so any step can be rerun (or resumed after a crash)
on its own: ``ingest`` then ``analyze_articles`` then ``update_collection`` (in ``collection.py``, which
keeps the stored collection records, their index and the stages' state).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import stages as stage_registry

# the collection stages live in collection.py; their entry points stay reachable from here
from .collection import build_dossier as build_dossier
from .collection import rebuild_collection as rebuild_collection
from .collection import update_collection as update_collection
from .config import Config
from .errors import InputError, NewsprismError
from .model import (
    Article,
    ArticleAnalysis,
    Dossier,
    RawDocument,
    RunReport,
    SkippedInput,
    add_seconds,
)
from .store import Storage

log = logging.getLogger("newsprism")

# Articles parsed together: large enough for nlp.pipe to pay, small enough to keep parses in memory.
ANALYSIS_BATCH = 32
# Below this many pending articles the local engine stays in one process: starting workers and
# loading their models costs more than it saves.
MIN_ARTICLES_PER_PROCESS = 64
MAX_AUTO_PROCESSES = 4  # each worker holds its own models (~0.5 GB with spaCy and the encoder)


class AnalysisError(NewsprismError):
    """The per-article analysis could not finish (a worker process died)."""


Progress = Callable[[Iterable[Any], str, int | None], Iterable[Any]]


def no_progress(items: Iterable[Any], _label: str, _total: int | None = None) -> Iterable[Any]:
    return items


def tqdm_progress(items: Iterable[Any], label: str, total: int | None = None) -> Iterable[Any]:
    """A progress bar on stderr when it is a terminal; silent in pipes, tests and CI."""
    from tqdm import tqdm

    return tqdm(items, desc=label, total=total, unit="doc", disable=not sys.stderr.isatty(), leave=False)


# --------------------------------------------------------------------------- ingest + clean


def read_inputs(
    inputs: Iterable[str | Path | dict[str, Any]], config: Config
) -> Iterator[RawDocument | SkippedInput]:
    """Paths through the readers; dicts (the Python API) as JSONL-style records."""
    from .ingest import read_paths
    from .ingest.jsonl import record_to_document

    paths: list[str | Path] = []
    for index, item in enumerate(inputs):
        if isinstance(item, dict):
            if paths:
                yield from read_paths(paths, config)
                paths = []
            payload = json.dumps(item, sort_keys=True, ensure_ascii=False, default=str).encode()
            yield record_to_document(item, f"record#{index + 1}", payload)
        else:
            paths.append(item)
    if paths:
        yield from read_paths(paths, config)


def ingest(
    inputs: Iterable[str | Path | dict[str, Any]],
    store: Storage,
    config: Config | None = None,
    progress: Progress = no_progress,
    report: RunReport | None = None,
) -> RunReport:
    """Read, clean and store. One transaction per batch: a kill loses at most the open batch."""
    from .clean import clean_document

    config = config or Config()
    report = report or RunReport()
    batch: list[Article] = []
    for item in progress(read_inputs(inputs, config), "ingest", None):
        if isinstance(item, SkippedInput):
            report.skipped.append(item)
            continue
        report.read += 1
        try:
            batch.append(clean_document(item, config))
        except InputError as err:
            report.skipped.append(SkippedInput(err.origin, err.reason))
            continue
        if len(batch) >= config.batch_size:
            _flush(store, batch, report)
    _flush(store, batch, report)
    return report


def _flush(store: Storage, batch: list[Article], report: RunReport) -> None:
    if not batch:
        return
    result = store.put_articles(batch)
    report.added += result.added
    report.revised += result.revised
    report.unchanged += result.unchanged
    batch.clear()


# --------------------------------------------------------------------------- per-article stages


def load_article_stages(config: Config) -> list[stage_registry.ArticleStage]:
    loaded = []
    for name in config.article_stages:
        stage = stage_registry.load_stage("article", name, config) if name else None
        if stage is not None:
            loaded.append(stage)
    return loaded  # type: ignore[return-value]


def analyse_article(
    article: Article,
    stages: list[stage_registry.ArticleStage],
    seconds_by_step: dict[str, float] | None = None,
) -> ArticleAnalysis:
    """Run every per-article stage on one article. A failing stage is noted; the others still run.
    ``seconds_by_step`` (when given) gets each stage's time added under its name."""
    analysis = ArticleAnalysis(article=article.id)
    for stage in stages:
        started = time.perf_counter()
        try:
            stage.process(article, analysis)
        except Exception as err:  # a bug in one stage must not lose the batch
            log.exception("stage %s failed on %s", stage.name, article.id)
            analysis.notes.append(f"{stage.name} failed: {type(err).__name__}: {err}")
        if seconds_by_step is not None:
            add_seconds(seconds_by_step, stage.name, started)
    return analysis


def analyse_batch(
    articles: list[Article],
    stages: list[stage_registry.ArticleStage],
    seconds_by_step: dict[str, float] | None = None,
) -> list[ArticleAnalysis]:
    """Per-article stages over a batch: stages with a ``prepare`` hook see the batch first (one
    ``nlp.pipe`` call parses it several times faster than one parse per article)."""
    for stage in stages:
        prepare = getattr(stage, "prepare", None)
        if prepare is not None:
            started = time.perf_counter()
            try:
                prepare(articles)
            except Exception:  # process() will parse one by one, and report what fails
                log.exception("stage %s could not prepare a batch", stage.name)
            if seconds_by_step is not None:
                add_seconds(seconds_by_step, f"{stage.name}.prepare", started)
    return [analyse_article(article, stages, seconds_by_step) for article in articles]


def local_processes(config: Config, pending: int) -> int:
    """How many processes the local engine analyses ``pending`` articles in: ``config.processes``
    (0 = one per available core, at most ``MAX_AUTO_PROCESSES``), fewer when there is too little work
    to pay for each worker's model loading."""
    wanted = config.processes or min(_available_cores(), MAX_AUTO_PROCESSES)
    return max(1, min(wanted, pending // MIN_ARTICLES_PER_PROCESS))


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _article_batches(store: Storage, ids: list[str], progress: Progress) -> Iterator[list[Article]]:
    size = ANALYSIS_BATCH
    batch: list[Article] = []
    for article in progress(store.iter_articles(ids), "analyse", len(ids)):
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# One worker process's stages, loaded once by _start_worker: the models stay loaded between batches.
_WORKER_STAGES: list[stage_registry.ArticleStage] = []


def _die_with_driver() -> None:
    """A worker whose driver is killed would wait for work for ever (it holds the task pipe open
    itself): on Linux, ask the kernel to end it with its parent."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _start_worker(config: Config, registry: dict[str, str]) -> None:
    _die_with_driver()
    # a spawned worker starts from the default registry: bring over what the driver registered
    for name, target in registry.items():
        stage_registry.register("article", name, target)
    _WORKER_STAGES[:] = load_article_stages(config)


def _analyse_in_worker(articles: list[Article]) -> tuple[list[ArticleAnalysis], dict[str, float]]:
    seconds_by_step: dict[str, float] = {}
    return analyse_batch(articles, _WORKER_STAGES, seconds_by_step), seconds_by_step


def _analyse_in_processes(
    batches: Iterator[list[Article]],
    config: Config,
    processes: int,
    save: Callable[[list[ArticleAnalysis]], None],
    report: RunReport,
) -> None:
    """Batches to ``processes`` worker processes, at most two each in flight (memory stays bounded);
    the driver alone writes, one transaction per batch, in input order. A worker that dies stops the
    run with a clear message; every batch saved before stays saved."""
    import multiprocessing
    import threading
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork shares the loaded interpreter and needs no importable __main__, but copies other threads'
    # locks in whatever state they are (the web app runs the pipeline in a thread): spawn then
    single_threaded = threading.active_count() == 1
    method = "fork" if single_threaded and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    in_flight: deque[Future[tuple[list[ArticleAnalysis], dict[str, float]]]] = deque()

    def save_oldest() -> None:
        analyses, seconds_by_step = in_flight.popleft().result()
        save(analyses)
        for step, seconds in seconds_by_step.items():
            report.seconds_by_step[step] = report.seconds_by_step.get(step, 0.0) + seconds

    context = multiprocessing.get_context(method)
    registry = {name: stage_registry.ARTICLE_STAGES[name] for name in config.article_stages if name}
    try:
        with ProcessPoolExecutor(
            processes, mp_context=context, initializer=_start_worker, initargs=(config, registry)
        ) as pool:
            for batch in batches:
                in_flight.append(pool.submit(_analyse_in_worker, batch))
                if len(in_flight) >= 2 * processes:
                    save_oldest()
            while in_flight:
                save_oldest()
    except BrokenProcessPool as err:
        raise AnalysisError(
            f"a worker process died during analysis ({err}); every batch saved before is kept, "
            "rerun to analyse the rest"
        ) from err


# Raised whenever a per-article stage gives other output for the same text (rules, models): a store whose
# analyses were made under another version has them redone on its next run, instead of keeping stale quotes
# and entities for every article whose text did not change.
ANALYSIS_VERSION = "2026-12-06.4"
_ANALYSIS_VERSION_STATE = "analysis_version"


def drop_outdated_analyses(store: Storage, report: RunReport | None = None) -> bool:
    """Drop the stored analyses when they were made under another ``ANALYSIS_VERSION`` (or before
    versions were kept); True when the caller must then rebuild the collection from the new ones. The
    version is written by ``mark_analyses_current`` once that rebuild is saved, so a run killed in between
    drops and redoes them again rather than leaving a collection built from stale analyses."""
    stored = store.get_state(_ANALYSIS_VERSION_STATE)
    if stored is not None and stored.decode() == ANALYSIS_VERSION:
        return False
    if len(store.unanalysed_ids()) == store.count_articles():  # nothing analysed: nothing stale
        return False
    old = stored.decode() if stored is not None else "an unversioned newsprism"
    log.warning("stored analyses were made by %s; analysing every article again (%s)", old, ANALYSIS_VERSION)
    store.drop_analyses()
    if report is not None:
        report.reanalysed_all = True
    return True


def mark_analyses_current(store: Storage) -> None:
    current = ANALYSIS_VERSION.encode()
    if store.get_state(_ANALYSIS_VERSION_STATE) != current:  # a read, not a write, on every later run
        store.put_state(_ANALYSIS_VERSION_STATE, current)


def analyze_articles(
    store: Storage,
    config: Config | None = None,
    progress: Progress = no_progress,
    report: RunReport | None = None,
) -> RunReport:
    """Analyse every stored article that has no analysis for its current text (resumable)."""
    config = config or Config()
    report = report or RunReport()
    pending = store.unanalysed_ids()
    if not pending:
        return report

    def save(analyses: list[ArticleAnalysis]) -> None:
        store.put_analyses(analyses)
        report.errors.extend(f"{a.article}: {note}" for a in analyses for note in a.notes if "failed" in note)

    if config.engine == "dask":
        from .engine import analyze_on_dask

        analyze_on_dask(store, pending, config, save)
    elif (processes := local_processes(config, len(pending))) > 1:
        _analyse_in_processes(_article_batches(store, pending, progress), config, processes, save, report)
    else:
        stages = load_article_stages(config)
        for batch in _article_batches(store, pending, progress):
            save(analyse_batch(batch, stages, report.seconds_by_step))
    report.analysed += len(pending)
    return report


# --------------------------------------------------------------------------- all together


def run(
    inputs: Iterable[str | Path | dict[str, Any]],
    store: Storage,
    config: Config | None = None,
    progress: Progress = no_progress,
) -> tuple[Dossier, RunReport]:
    """Ingest, analyse and update the collection: the whole job; returns the whole dossier (reading
    every article: ``watch`` and other callers that need no dossier call ``update_collection``)."""
    config = config or Config()
    report = ingest(inputs, store, config, progress)
    redo = drop_outdated_analyses(store, report)
    analyze_articles(store, config, progress, report)
    update_collection(store, None if redo else report.added + report.revised, config, report)
    mark_analyses_current(store)
    dossier = build_dossier(store)  # the whole collection: what ``analyze`` exports
    dossier.skipped = report.skipped
    return dossier, report
