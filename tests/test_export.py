"""dossier.json: stable keys, a committed schema that matches the model, JSONL that pipes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from newsprism import export
from newsprism.model import Article, Dossier, Event, Quote


def small_dossier() -> Dossier:
    text = "Trump said “we will begin immediately” on Wednesday."
    start = text.index("we will")
    article = Article(id="a1", text=text, original=text, title="Call", content_hash="h")
    quote = Quote(id="a1:q1", article="a1", text="we will begin immediately", start=start, end=start + 25)
    return Dossier(
        articles=[article], quotes=[quote], events=[Event(id="e1", title="Call", articles=["a1"])]
    )


def test_committed_schema_is_generated_from_the_model() -> None:
    # fails when a record changes without `python -m newsprism.export` regenerating the schema file
    assert export.load_schema() == export.build_schema()


def test_every_top_level_key_is_present_even_when_empty(tmp_path: Path) -> None:
    path = export.write_dossier(Dossier(), tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == "1.0"
    for key in export.LIST_KEYS:
        assert data[key] == []
    export.validate(data)


def test_written_dossier_validates_and_spans_are_exact(tmp_path: Path) -> None:
    data = json.loads(export.write_dossier(small_dossier(), tmp_path).read_text(encoding="utf-8"))
    export.validate(data)
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for quote in data["quotes"]:
        assert texts[quote["article"]][quote["start"] : quote["end"]] == quote["text"]


def test_schema_rejects_a_dossier_missing_a_key() -> None:
    data = export.dossier_dict(small_dossier())
    del data["findings"]
    with pytest.raises(jsonschema.ValidationError):
        export.validate(data)


def test_jsonl_tags_each_record_with_its_dossier_key() -> None:
    buffer = io.StringIO()
    count = export.write_jsonl(small_dossier(), buffer)
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert count == len(lines) == 3
    assert [line["record"] for line in lines] == ["articles", "events", "quotes"]


def test_write_is_atomic_no_temp_files_left(tmp_path: Path) -> None:
    export.write_dossier(small_dossier(), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier.json"]
