"""Realistic synthetic news streams for the speed benchmarks: perturbed copies of real articles.

Each synthetic article takes a real GVA/ECB+ article, keeps its first sentence (the lead), shuffles the
order of the other sentences, swaps some words for synonyms, and shifts its date by a random number of
days; its vector is the real article's vector plus a little noise (re-encoding 100k texts would measure
the encoder, whose throughput events_speed.py reports separately). Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

SYNONYMS = {
    "said": "stated",
    "shot": "wounded",
    "police": "officers",
    "man": "person",
    "killed": "slain",
    "home": "residence",
    "car": "vehicle",
    "told": "informed",
    "announced": "declared",
    "Monday": "Tuesday",
    "night": "evening",
    "hospital": "medical center",
}
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Synthetic:
    row: dict[str, Any]
    vector: np.ndarray


def perturb_text(text: str, rng: random.Random) -> str:
    sentences = _SENTENCES.split(text)
    head, rest = sentences[:1], sentences[1:]
    rng.shuffle(rest)
    swapped = [
        " ".join(SYNONYMS.get(w, w) if rng.random() < 0.3 else w for w in s.split(" ")) for s in head + rest
    ]
    return " ".join(swapped)


def shifted(published: str | None, rng: random.Random, base: dt.date, span_days: int) -> str:
    """A date spread over ``span_days`` from ``base``, so the stream covers years like a real archive."""
    del published
    return (base + dt.timedelta(days=rng.randrange(span_days))).isoformat()


def stream(
    rows: list[dict[str, Any]], vectors: np.ndarray, n: int, seed: int = 7, span_days: int = 3 * 365
) -> Iterator[Synthetic]:
    """``n`` perturbed articles in date order of generation (dates are drawn, then sorted by the caller)."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    base = dt.date(2020, 1, 1)
    for i in range(n):
        source = rows[i % len(rows)]
        vector = vectors[i % len(rows)] + noise.normal(0, 0.02, vectors.shape[1]).astype(np.float32)
        row = dict(source)
        row["id"] = f"syn{i}"
        row["text"] = perturb_text(source["text"], rng)
        row["published"] = shifted(source.get("published"), rng, base, span_days)
        row["event"] = f"{source['event']}@{i // len(rows)}"
        yield Synthetic(row, vector / np.linalg.norm(vector))
