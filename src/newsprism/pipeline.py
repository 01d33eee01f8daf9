"""Wires the stages together. The only module that knows their order.

    paths/records → ingest → clean → store → per-article stages → collection stages → Dossier

Each step reads what the previous one stored, so any step can be rerun (or resumed after a crash)
on its own: ``ingest`` then ``analyze_articles`` then ``update_collection``.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import stages as stage_registry
from .config import Config
from .errors import InputError
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


def analyse_article(article: Article, stages: list[stage_registry.ArticleStage]) -> ArticleAnalysis:
    """Run every per-article stage on one article. A failing stage is noted; the others still run."""
    analysis = ArticleAnalysis(article=article.id)
    for stage in stages:
        try:
            stage.process(article, analysis)
        except Exception as err:  # a bug in one stage must not lose the batch
            log.exception("stage %s failed on %s", stage.name, article.id)
            analysis.notes.append(f"{stage.name} failed: {type(err).__name__}: {err}")
    return analysis


def analyse_batch(
    articles: list[Article], stages: list[stage_registry.ArticleStage]
) -> list[ArticleAnalysis]:
    """Per-article stages over a batch: stages with a ``prepare`` hook see the batch first (one
    ``nlp.pipe`` call parses it several times faster than one parse per article)."""
    for stage in stages:
        prepare = getattr(stage, "prepare", None)
        if prepare is not None:
            try:
                prepare(articles)
            except Exception:  # process() will parse one by one, and report what fails
                log.exception("stage %s could not prepare a batch", stage.name)
    return [analyse_article(article, stages) for article in articles]


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
        report.errors.extend(
            f"{a.article}: {note}" for a in analyses for note in a.notes if "failed" in note
        )

    if config.engine == "dask":
        from .engine import analyze_on_dask

        analyze_on_dask(store, pending, config, save)
    else:
        stages = load_article_stages(config)
        batch: list[Article] = []
        for article in progress(store.iter_articles(pending), "analyse", len(pending)):
            batch.append(article)
            if len(batch) >= ANALYSIS_BATCH:
                save(analyse_batch(batch, stages))
                batch = []
        save(analyse_batch(batch, stages))
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
    """Run the collection stages over the store and save what they found."""
    config = config or Config()
    dossier = build_dossier(store, place_every_article=False)
    new_ids = [a.id for a in dossier.articles] if new_ids is None else new_ids
    for name in config.collection_stages:
        stage = stage_registry.load_stage("collection", name, config) if name else None
        if stage is None:
            continue
        state = store.get_state(name)
        if state is not None and isinstance(stage, stage_registry.StatefulStage):
            stage.load_state(state)
        try:
            stage.update(dossier, new_ids)  # type: ignore[union-attr]
        except Exception as err:
            log.exception("collection stage %s failed", name)
            if report is not None:
                report.errors.append(f"{name} failed: {type(err).__name__}: {err}")
            continue
        if isinstance(stage, stage_registry.StatefulStage):
            store.put_state(name, stage.dump_state())
    _ensure_every_article_has_an_event(dossier)
    store.put_collection({kind: to_dict(getattr(dossier, kind)) for kind in COLLECTION_KINDS})
    return dossier


def _ensure_every_article_has_an_event(dossier: Dossier) -> None:
    """Until (or if) event clustering is off, each article is its own event: the dossier promise holds."""
    placed = {a for event in dossier.events for a in event.articles}
    for article in dossier.articles:
        if article.id not in placed:
            dossier.events.append(
                Event(
                    id=f"e-{article.id}",
                    title=article.title or article.text[:80],
                    articles=[article.id],
                    start=article.published,
                    end=article.published,
                    outlets=[article.source] if article.source else [],
                )
            )


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
