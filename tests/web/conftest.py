"""Fixtures for the web tests: a seed store with every record kind, and a TestClient over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsprism.web import create_app

from .corpus import build_seed_store


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed articles not found at {seeds} (../shared/seeds is not part of the repo)")
    return build_seed_store(seeds, tmp_path_factory.mktemp("web") / "seeds.sqlite")


@pytest.fixture(scope="module")
def client(seed_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(seed_db)) as test_client:
        yield test_client
