"""One storage switch: the same interface on SQLite (default, one file) or PostgreSQL (shared).

``open_store("newsprism.sqlite")``, ``open_store(":memory:")`` or
``open_store("postgresql://user@host/db")``.
"""

from __future__ import annotations

from pathlib import Path

from ..config import default_db
from .base import COLLECTION_KINDS, PutResult, SearchHit, Storage

__all__ = ["COLLECTION_KINDS", "PutResult", "SearchHit", "Storage", "open_store"]


def open_store(url: str | Path | None = None) -> Storage:
    """Open (create or migrate) the store at ``url``; default ``$NEWSPRISM_DB`` or ./newsprism.sqlite."""
    target = str(url) if url is not None else default_db()
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStorage

        return PostgresStorage(target)
    from .sqlite import SQLiteStorage

    return SQLiteStorage(target.removeprefix("sqlite:///"))
