"""Wires the stages together. The only module that knows their order.

    paths/records → ingest → clean → store → per-article stages → collection stages → Dossier

Each step reads what the previous one stored, so any step can be rerun (or resumed after a crash)
on its own: ``ingest`` then ``analyze_articles`` then ``update_collection``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import stages as stage_registry
from .config import Config
from .errors import InputError, NewsprismError
from .model import (
    Article,
    ArticleAnalysis,
    Briefing,
    Dossier,
    DuplicateGroup,
    Entity,
    Event,
    Finding,
    RawDocument,
    SkippedInput,
    Storyline,
    TimelineEntry,
    from_dict,
    to_dict,
)
from .store import COLLECTION_KINDS, Storage

log = logging.getLogger("newsprism")

COLLECTION_RECORDS: dict[str, type] = {
    "duplicates": DuplicateGroup,
    "events": Event,
    "storylines": Storyline,
    "entities": Entity,
    "findings": Finding,
    "briefings": Briefing,
    "timeline": TimelineEntry,
}

# Articles parsed together: large enough for nlp.pipe to pay, small enough to keep parses in memory.
ANALYSIS_BATCH = 32
# Below this many pending articles the local engine stays in one process: starting workers and
# loading their models costs more than it saves.
MIN_ARTICLES_PER_PROCESS = 64
MAX_AUTO_PROCESSES = 4  # each worker holds its own models (~0.5 GB with spaCy and the encoder)
# Articles the collection placed in single-article fallback events because the events stage did not
# run or failed: the next run hands them back to the events stage (see _release_fallback_events).
FALLBACK_STATE = "pipeline:fallback-events"


class AnalysisError(NewsprismError):
    """The per-article analysis could not finish (a worker process died)."""


Progress = Callable[[Iterable[Any], str, int | None], Iterable[Any]]


def no_progress(items: Iterable[Any], _label: str, _total: int | None = None) -> Iterable[Any]:
    return items


def tqdm_progress(items: Iterable[Any], label: str, total: int | None = None) -> Iterable[Any]:
    """A progress bar on stderr when it is a terminal; silent in pipes, tests and CI."""
    from tqdm import tqdm

    return tqdm(items, desc=label, total=total, unit="doc", disable=not sys.stderr.isatty(), leave=False)


@dataclass
class RunReport:
    """What a run did, for the one-line summary and the exit status."""

    read: int = 0
    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)
    analysed: int = 0
    errors: list[str] = field(default_factory=list)  # stage failures (the run went on)
    started: float = field(default_factory=time.monotonic)
    seconds_by_step: dict[str, float] = field(default_factory=dict)  # wall time of each step, summed

    def timed(self, step: str, since: float) -> None:
        """Add the time since ``since`` (a ``time.perf_counter()`` reading) to ``step``."""
        _add_seconds(self.seconds_by_step, step, since)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> str:
        reasons: dict[str, int] = {}
        for item in self.skipped:
            key = item.reason.split(":")[0].split("(")[0].strip()
            reasons[key] = reasons.get(key, 0) + 1
        skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        parts = [
            f"{self.read} read",
            f"{len(self.added)} new",
            f"{len(self.revised)} revised",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.skipped)} skipped" + (f" ({skipped})" if skipped else ""),
        ]
        if self.analysed:
            parts.append(f"{self.analysed} analysed")
        if self.errors:
            parts.append(f"{len(self.errors)} stage errors")
        return "articles: " + ", ".join(parts) + f" in {self.seconds:.1f}s"


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
            _add_seconds(seconds_by_step, stage.name, started)
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
                _add_seconds(seconds_by_step, f"{stage.name}.prepare", started)
    return [analyse_article(article, stages, seconds_by_step) for article in articles]


def _add_seconds(seconds_by_step: dict[str, float], step: str, since: float) -> None:
    seconds_by_step[step] = seconds_by_step.get(step, 0.0) + time.perf_counter() - since


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


# --------------------------------------------------------------------------- collection stages


def build_dossier(store: Storage, place_every_article: bool = True) -> Dossier:
    """Articles, merged per-article records and the stored collection results, as one Dossier.

    ``place_every_article`` puts articles that no event holds yet into events of their own, as the
    dossier promises; the collection stages get the stored events unchanged instead.
    """
    dossier = Dossier(articles=list(store.iter_articles()))
    analyses = list(store.iter_analyses())
    entities, mapping = _resolve_entities(analyses)
    for analysis in analyses:
        dossier.mentions += analysis.mentions
        dossier.quotes += analysis.quotes
        dossier.claims += analysis.claims
        dossier.opinion += analysis.opinion
    _apply_entity_mapping(dossier, entities, mapping)
    dossier.entities = entities
    for kind in COLLECTION_KINDS:
        if kind == "entities":
            continue
        records = [from_dict(COLLECTION_RECORDS[kind], r) for r in store.get_collection(kind)]
        setattr(dossier, kind, records)
    if place_every_article:
        _ensure_every_article_has_an_event(dossier)
    return dossier


def _resolve_entities(analyses: list[ArticleAnalysis]) -> tuple[list[Entity], dict[str, str]]:
    try:
        from .entities import resolve_entities
    except ImportError:
        local = [e for a in analyses for e in a.entities]
        return local, {e.id: e.id for e in local}
    return resolve_entities(analyses)


def _apply_entity_mapping(dossier: Dossier, entities: list[Entity], mapping: dict[str, str]) -> None:
    """Point every mention, quote and claim at the collection-wide entity and its canonical name."""
    names = {e.id: e.name for e in entities}
    for mention in dossier.mentions:
        if mention.entity:
            mention.entity = mapping.get(mention.entity, mention.entity)
    for quote in dossier.quotes:
        if quote.speaker_entity:
            quote.speaker_entity = mapping.get(quote.speaker_entity, quote.speaker_entity)
            quote.speaker = names.get(quote.speaker_entity, quote.speaker)
    for claim in dossier.claims:
        if claim.subject_entity:
            claim.subject_entity = mapping.get(claim.subject_entity, claim.subject_entity)
            claim.subject = names.get(claim.subject_entity, claim.subject)


def update_collection(
    store: Storage,
    new_ids: list[str] | None = None,
    config: Config | None = None,
    report: RunReport | None = None,
) -> Dossier:
    """Run the collection stages over the store and save what they found.

    What a run costs at scale (measured on 1,000 generated articles, 891 events; ``report`` gets
    each step's seconds): the per-run cost is not yet proportional to the new articles plus the
    open window. Still reading the whole store each run: ``build_dossier`` (every article and
    analysis; ~9 ms an article), duplicates (MinHash of every article, ~4 ms an article), storylines
    (candidate pairs of events sharing an entity: quadratic in events per entity), findings and
    timeline (every event / article), briefings (every quote and opinion flag once per run, then
    only the events with new articles). The event stage alone is incremental (bounded open window,
    state in the store).
    """
    config = config or Config()
    report = report if report is not None else RunReport()
    started = time.perf_counter()
    dossier = build_dossier(store, place_every_article=False)
    report.timed("build_dossier", started)
    new_ids = [a.id for a in dossier.articles] if new_ids is None else list(new_ids)
    if "events" in config.collection_stages:
        released = _release_fallback_events(store, dossier)
        listed = set(new_ids)
        new_ids += [article_id for article_id in released if article_id not in listed]
    for name in config.collection_stages:
        started = time.perf_counter()
        _update_one(store, dossier, name, new_ids, config, report)
        report.timed(name, started)
    started = time.perf_counter()
    fallback = _ensure_every_article_has_an_event(dossier)
    # written before the collection: a kill in between leaves a fallback listed twice, never unlisted
    store.put_state(FALLBACK_STATE, json.dumps(fallback).encode())
    store.put_collection({kind: to_dict(getattr(dossier, kind)) for kind in COLLECTION_KINDS})
    report.timed("save_collection", started)
    return dossier


def _update_one(
    store: Storage, dossier: Dossier, name: str, new_ids: list[str], config: Config, report: RunReport
) -> None:
    """One collection stage: its state in, its update, its state out; a failure is reported, not raised."""
    stage = stage_registry.load_stage("collection", name, config) if name else None
    if stage is None:
        return
    state = store.get_state(name)
    if state is not None and isinstance(stage, stage_registry.StatefulStage):
        stage.load_state(state)
    try:
        stage.update(dossier, new_ids)  # type: ignore[union-attr]
    except Exception as err:
        log.exception("collection stage %s failed", name)
        report.errors.append(f"{name} failed: {type(err).__name__}: {err}")
        return
    if isinstance(stage, stage_registry.StatefulStage):
        store.put_state(name, stage.dump_state())


def _release_fallback_events(store: Storage, dossier: Dossier) -> list[str]:
    """Take out of ``dossier.events`` the single-article fallback events an earlier run made (the
    events stage failed or was off) so that the events stage places their articles now; returns them.

    Without this a failed run would be permanent: the events stage treats every stored event as
    placed, so a fallback event would never join the story it belongs to.
    """
    raw = store.get_state(FALLBACK_STATE)
    waiting = set(json.loads(raw)) if raw else set()
    if not waiting:
        return []
    kept, released = [], []
    for event in dossier.events:
        if _is_fallback(event, waiting):
            released.append(event.articles[0])
        else:
            kept.append(event)
    dossier.events = kept
    return released


def _fallback_id(article_id: str) -> str:
    return f"e-{article_id}"


def _is_fallback(event: Event, waiting: set[str]) -> bool:
    return (
        len(event.articles) == 1
        and event.articles[0] in waiting
        and event.id == _fallback_id(event.articles[0])
    )


def _ensure_every_article_has_an_event(dossier: Dossier) -> list[str]:
    """Until (or if) event clustering is off, each article is its own event: the dossier promise holds.
    Returns the articles that got such a fallback event."""
    placed = {a for event in dossier.events for a in event.articles}
    fallback = []
    for article in dossier.articles:
        if article.id not in placed:
            fallback.append(article.id)
            dossier.events.append(
                Event(
                    id=_fallback_id(article.id),
                    title=article.title or article.text[:80],
                    articles=[article.id],
                    start=article.published,
                    end=article.published,
                    outlets=[article.source] if article.source else [],
                )
            )
    return fallback


# --------------------------------------------------------------------------- all together


def run(
    inputs: Iterable[str | Path | dict[str, Any]],
    store: Storage,
    config: Config | None = None,
    progress: Progress = no_progress,
) -> tuple[Dossier, RunReport]:
    """Ingest, analyse and update the collection: the whole job."""
    config = config or Config()
    report = ingest(inputs, store, config, progress)
    analyze_articles(store, config, progress, report)
    dossier = update_collection(store, report.added + report.revised, config, report)
    dossier.skipped = report.skipped
    return dossier, report
