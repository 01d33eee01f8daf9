"""Defaults, in one place. Every knob a user may want to turn lives here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DB = "newsprism.sqlite"
DB_ENV_VAR = "NEWSPRISM_DB"


@dataclass
class Config:
    # language detection is limited to these (ISO 639-1); anything else is reported as "und"
    languages: tuple[str, ...] = ("en", "fr", "de", "it", "es", "ru", "uk", "pl", "pt", "nl", "ar", "bg")
    # one article larger than this is skipped with a reason (a JSONL/WARC/feed file may be any size)
    max_article_bytes: int = 20 * 1024 * 1024
    # articles written to the store per transaction
    batch_size: int = 200
    # per-article stages to run, in order, by registry name ("" disables a stage)
    article_stages: tuple[str, ...] = ("entities", "quotes", "claims", "opinion")
    collection_stages: tuple[str, ...] = (
        "duplicates",
        "events",
        "storylines",
        "findings",
        "briefings",
        "timeline",
    )
    engine: str = "local"  # "local" | "dask"
    scheduler: str | None = None  # Dask scheduler address; None starts a local cluster
    workers: int = 2  # local Dask cluster size
    partition_size: int = 50  # articles per Dask task
    # local engine: per-article stages in this many processes (0 = one per core, at most 4; one
    # process whatever this says when there are too few articles to pay for loading the models again)
    processes: int = 0
    briefing_sentences: int = 6
    # "dense" (sentence embeddings: finds the same fact told in other words) or "lexical" (faster);
    # single-article and very large events always use lexical
    briefing_similarity: str = "dense"
    extra: dict[str, object] = field(default_factory=dict)

    def switch(self, key: str, env_var: str, default: bool) -> object:
        """An optional stage's setting: ``extra[key]`` when given (a bool, or an object such as a model to
        use), else the environment variable (``0`` off, anything else on; benchmarks flip it so), else
        ``default``."""
        return self.extra.get(key, os.environ.get(env_var, "1" if default else "0") != "0")


def default_db() -> str:
    return os.environ.get(DB_ENV_VAR, DEFAULT_DB)
