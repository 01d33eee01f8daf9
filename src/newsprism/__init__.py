"""newsprism: a pile of news articles in, a cited multi-source dossier out.

Python API::

    import newsprism
    dossier = newsprism.analyze(["articles/"], out="out/")   # paths, or dicts with id/title/text/…
    for event in dossier.events:
        print(event.title, event.articles)

Every record is defined in :mod:`newsprism.model`; every span indexes ``Article.text``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .config import Config
from .model import SCHEMA_VERSION, Article, Dossier
from .store import Storage, open_store

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "Article", "Config", "Dossier", "Storage", "analyze", "open_store"]


def analyze(
    inputs: Iterable[str | Path | dict[str, Any]] | str | Path,
    *,
    db: str | Path | None = ":memory:",
    out: str | Path | None = None,
    config: Config | None = None,
) -> Dossier:
    """Ingest ``inputs``, run every stage, and return the :class:`~newsprism.model.Dossier`.

    ``inputs``: files, folders, or dicts with any of id/title/text/html/published/source/url/language.

    ``db`` is the store (``":memory:"`` by default here, a path or a ``postgresql://`` URL to keep it);
    ``out`` writes ``out/dossier.json`` too. Inputs that cannot be read are listed in ``dossier.skipped``.
    """
    from . import export, pipeline

    if isinstance(inputs, str | Path):
        inputs = [inputs]
    with open_store(db) as store:
        dossier, _report = pipeline.run(inputs, store, config)
    if out is not None:
        export.write_dossier(dossier, out)
    return dossier
