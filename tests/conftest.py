"""Shared fixtures: paths to shared data, and a store fixture run against every backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.store import Storage, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
BENCHMARKS = SHARED / "benchmarks"
PG_URL = os.environ.get("NEWSPRISM_TEST_PG")


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared/seeds is not part of the repo)")
    return SEEDS


def _fresh_postgres(url: str) -> Storage:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return open_store(url)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    """The same tests against SQLite and (when CI started one) a real PostgreSQL server."""
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("no PostgreSQL server: set NEWSPRISM_TEST_PG (./.ci/run starts one)")
        backend = _fresh_postgres(PG_URL)
    else:
        backend = open_store(tmp_path / "store.sqlite")
    yield backend
    backend.close()
