"""The two stage interfaces and the registry that lets a backend replace a default.

* An :class:`ArticleStage` is a pure function of one article: it reads the article (and what earlier
  per-article stages put into the analysis) and adds its records to the analysis. It never looks at
  another article, which is what lets the same code run in one process or on Dask workers.
* A :class:`CollectionStage` works across articles: it reads the dossier built from the store
  (articles plus every per-article record) and fills its own part (events, findings…). It never
  re-parses text.

Stages are registered by name as ``"module:Class"`` strings, so importing this module loads no
model; a stage is imported when a pipeline first asks for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .config import Config
    from .model import Article, ArticleAnalysis, Dossier


@runtime_checkable
class ArticleStage(Protocol):
    name: str

    def process(self, article: Article, analysis: ArticleAnalysis) -> None:
        """Add this stage's records for ``article`` to ``analysis``.

        A stage may also define ``prepare(articles: list[Article]) -> None``: the pipeline calls it
        once per batch before ``process`` (to parse the batch in one go); results must not depend
        on it.
        """


@runtime_checkable
class CollectionStage(Protocol):
    name: str

    def update(self, dossier: Dossier, new_ids: list[str]) -> None:
        """Fill this stage's part of ``dossier``; ``new_ids`` are the articles added since the last run."""


@runtime_checkable
class StatefulStage(Protocol):
    """A collection stage that keeps incremental state between runs (e.g. the event index).

    The pipeline saves ``dump_state()`` in the store after ``update`` and hands it back through
    ``load_state`` before the next run, so adding one article does not recompute the collection.
    """

    def dump_state(self) -> bytes: ...

    def load_state(self, state: bytes) -> None: ...


ARTICLE_STAGES: dict[str, str] = {
    "entities": "newsprism.entities:SpacyEntityStage",
    "quotes": "newsprism.quotes:QuoteStage",
    "claims": "newsprism.claims:ClaimStage",
    "opinion": "newsprism.opinion:OpinionStage",
}

COLLECTION_STAGES: dict[str, str] = {
    "duplicates": "newsprism.duplicates:MinHashDuplicateStage",
    "events": "newsprism.events:EventStage",
    "storylines": "newsprism.storylines:StorylineStage",
    "findings": "newsprism.findings:FindingStage",
    "briefings": "newsprism.briefing:BriefingStage",
    "timeline": "newsprism.timeline:TimelineStage",
}


def register(kind: str, name: str, target: str) -> None:
    """Make ``target`` ("package.module:Class") available as stage ``name`` of ``kind``."""
    registry = ARTICLE_STAGES if kind == "article" else COLLECTION_STAGES
    registry[name] = target


def load_stage(kind: str, name: str, config: Config) -> ArticleStage | CollectionStage | None:
    """Instantiate a registered stage, or None when its module does not exist yet."""
    registry = ARTICLE_STAGES if kind == "article" else COLLECTION_STAGES
    target = registry[name]
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name == module_name:
            return None
        raise
    return getattr(module, class_name)(config)
