"""Collection records one by one: upsert, delete, read by key, find by term, counts; on every backend."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsprism.store import Storage, migrations, open_store
from newsprism.store.base import CollectionRecord, CollectionUpdate


def event(key: str, pos: str, articles: list[str]) -> CollectionRecord:
    data = {"id": key, "title": f"Event {key}", "articles": articles}
    return CollectionRecord(key, pos, data, [f"a:{a}" for a in articles])


def test_records_are_upserted_deleted_and_read_one_by_one(store: Storage) -> None:
    store.apply_collection(
        CollectionUpdate(replace={"events": [event("e1", "1", ["a", "b"]), event("e2", "2", ["c"])]})
    )
    store.apply_collection(
        CollectionUpdate(upsert={"events": [event("e1", "1", ["a"]), event("e3", "0", ["b"])]})
    )
    assert [e["id"] for e in store.get_collection("events")] == ["e3", "e1", "e2"]  # in pos order
    assert store.get_records("events", ["e1", "missing"]) == {
        "e1": {"id": "e1", "title": "Event e1", "articles": ["a"]}
    }
    assert store.keys_with_terms("events", ["a:a", "a:b", "a:c", "a:z"]) == {
        "a:a": ["e1"], "a:b": ["e3"], "a:c": ["e2"]
    }  # fmt: skip
    store.apply_collection(CollectionUpdate(delete={"events": ["e2"]}))
    assert store.count_records("events") == 2
    assert store.keys_with_terms("events", ["a:c"]) == {}  # a deleted record leaves the index too


def test_counts_add_up_and_vanish_at_zero(store: Storage) -> None:
    store.apply_collection(CollectionUpdate(counts={"df": {"kyiv": 2, "talks": 1}}))
    store.apply_collection(CollectionUpdate(counts={"df": {"kyiv": 1, "talks": -1}}))
    assert store.get_counts("df", ["kyiv", "talks", "other"]) == {"kyiv": 3}


def test_records_counts_and_state_are_one_transaction(store: Storage) -> None:
    store.apply_collection(CollectionUpdate(replace={"events": [event("e1", "1", ["a"])]}, state={"s": b"1"}))
    broken = CollectionRecord("e2", "2", {"bad": {1, 2}})  # a set is not JSON: the write fails midway
    with pytest.raises(TypeError):
        store.apply_collection(
            CollectionUpdate(
                upsert={"events": [event("e3", "3", ["c"]), broken]},
                delete={"events": ["e1"]},
                counts={"df": {"x": 1}},
                state={"s": b"2"},
            )
        )
    assert [e["id"] for e in store.get_collection("events")] == ["e1"]
    assert store.get_counts("df", ["x"]) == {}
    assert store.get_state("s") == b"1"


def test_a_version_one_sqlite_store_keeps_its_collection(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(migrations.SQLITE[0] + "\nPRAGMA user_version = 1;")
    rows = [
        ("events", 0, {"id": "e1", "title": "Call", "articles": ["a"]}),
        ("briefings", 0, {"event": "e1", "text": "", "sentences": []}),
        ("timeline", 0, {"date": "2025-02-12", "precision": "day", "summary": "Call"}),
        ("timeline", 1, {"date": "2025-02-13", "precision": "day", "summary": "Talks"}),
    ]
    db.executemany("INSERT INTO collection VALUES (?, ?, ?)", [(k, s, json.dumps(d)) for k, s, d in rows])
    db.commit()
    db.close()
    with open_store(path) as store:
        assert store.get_collection("events") == [rows[0][2]]
        assert store.get_records("briefings", ["e1"]) == {"e1": rows[1][2]}
        assert [t["summary"] for t in store.get_collection("timeline")] == ["Call", "Talks"]
