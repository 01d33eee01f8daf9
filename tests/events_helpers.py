"""Builds Articles from the seed files for the event, duplicate and storyline tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from newsprism.events import DIM, ArticleKeys
from newsprism.model import Article

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"


def article_from_text(article_id: str, text: str, **fields: object) -> Article:
    """The cleaned article when the clean stage exists, else the text as is."""
    try:
        from newsprism.clean import clean_document
        from newsprism.model import RawDocument

        raw = RawDocument(
            origin=f"{article_id}.txt",
            format="txt",
            raw_hash=hashlib.sha256(text.encode()).hexdigest(),
            text=text,
            id=article_id,
        )
        article = clean_document(raw)
    except ImportError:
        article = Article(id=article_id, text=text, original=text)
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def seed_articles() -> list[Article]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (expected ../shared/seeds)")
    return [
        article_from_text(path.stem[:3], path.read_text(encoding="utf-8"))
        for path in sorted(SEEDS.glob("*.txt"))
    ]


def synthetic_keys(article_id: str, vector: list[float], names: dict[str, float]) -> ArticleKeys:
    """An undated article whose words are its names and whose dense vector starts with ``vector``."""
    dense = np.zeros(DIM, dtype=np.float32)
    dense[: len(vector)] = vector
    dense /= np.linalg.norm(dense)
    return ArticleKeys(
        id=article_id,
        vector=dense,
        terms=dict(names),
        names=dict(names),
        phrases={},
        day=None,
        title=None,
        fallback_title=article_id,
        outlet=None,
    )


def replayed(
    assignment: dict[str, str], log: list[str], kinds: tuple[str, ...] = ("refine", "link")
) -> dict[str, str]:
    """An article → event assignment with the logged moves and merges of these kinds applied, in order:
    what one-by-one adding becomes once a batch's logged steps are replayed on it."""
    endings = tuple(f"{kind})" for kind in kinds)
    replayed = dict(assignment)
    for line in (line for line in log if line.endswith(endings)):
        moved, _, rest = line.rpartition(": ") if line.startswith("moved ") else ("", "", line)
        source, target = rest.split(" (")[0].split(" -> ")
        for article, event in replayed.items():
            if (article == moved.removeprefix("moved ")) if moved else event == source:
                replayed[article] = target
    return replayed
