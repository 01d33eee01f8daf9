"""Outputs at the edge: ``dossier.json`` (versioned, JSON Schema in ``dossier.schema.json``) and JSONL."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import types
import typing
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import IO, Any

from .model import Dossier, to_dict

DOSSIER_FILE = "dossier.json"
# Stable top-level keys: each a list, present even when empty.
LIST_KEYS = (
    "articles",
    "duplicates",
    "events",
    "storylines",
    "entities",
    "mentions",
    "quotes",
    "claims",
    "findings",
    "opinion",
    "briefings",
    "timeline",
    "skipped",
)


def dossier_dict(dossier: Dossier) -> dict[str, Any]:
    data = to_dict(dossier)
    return {"schema_version": data["schema_version"], **{key: data[key] for key in LIST_KEYS}}


def write_dossier(dossier: Dossier, out_dir: str | Path) -> Path:
    """Write ``out_dir/dossier.json`` atomically (a reader never sees half a file)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / DOSSIER_FILE
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=out, delete=False, suffix=".tmp") as tmp:
        json.dump(dossier_dict(dossier), tmp, ensure_ascii=False, indent=1)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, target)
    return target


def iter_jsonl(dossier: Dossier) -> Iterator[str]:
    """One JSON object per line, each tagged with ``record``: the dossier key it belongs to."""
    data = dossier_dict(dossier)
    for key in LIST_KEYS:
        for record in data[key]:
            yield json.dumps({"record": key, **record}, ensure_ascii=False)


def write_jsonl(dossier: Dossier, stream: IO[str]) -> int:
    count = 0
    for line in iter_jsonl(dossier):
        stream.write(line + "\n")
        count += 1
    return count


def load_schema() -> dict[str, Any]:
    return json.loads(resources.files("newsprism").joinpath("dossier.schema.json").read_text("utf-8"))


def validate(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``data`` is not a valid dossier."""
    import jsonschema

    jsonschema.validate(data, load_schema())


def build_schema() -> dict[str, Any]:
    """The JSON Schema of ``dossier.json``, derived from the records in model.py.

    The committed ``dossier.schema.json`` is this function's output (``python -m newsprism.export``);
    a test fails when the two drift apart.
    """
    from . import model

    defs: dict[str, Any] = {}

    def of(hint: Any) -> dict[str, Any]:
        origin = typing.get_origin(hint)
        if hint is Any:
            return {}
        if hint is type(None):
            return {"type": "null"}
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [of(option) for option in typing.get_args(hint)]}
        if origin is typing.Literal:
            return {"enum": list(typing.get_args(hint))}
        if origin is list:
            return {"type": "array", "items": of(typing.get_args(hint)[0])}
        if origin is dict:
            return {"type": "object"}
        if dataclasses.is_dataclass(hint):
            define(hint)
            return {"$ref": f"#/$defs/{hint.__name__}"}
        simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
        return {"type": simple[hint]}

    def define(cls: Any) -> None:
        if cls.__name__ in defs:
            return
        defs[cls.__name__] = {}
        hints = typing.get_type_hints(cls)
        fields = dataclasses.fields(cls)
        defs[cls.__name__] = {
            "type": "object",
            "description": (cls.__doc__ or "").strip().split("\n")[0],
            "properties": {f.name: of(hints[f.name]) for f in fields},
            "required": [f.name for f in fields],
        }

    hints = typing.get_type_hints(model.Dossier)
    properties: dict[str, Any] = {"schema_version": {"const": model.SCHEMA_VERSION}}
    for key in LIST_KEYS:
        properties[key] = of(hints[key])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://newsprism.invalid/dossier.schema.json",
        "title": "newsprism dossier",
        "description": "Spans are start/end into the article's text; text[start:end] is the cited string.",
        "type": "object",
        "properties": properties,
        "required": ["schema_version", *LIST_KEYS],
        "$defs": dict(sorted(defs.items())),
    }


if __name__ == "__main__":
    schema_path = Path(__file__).with_name("dossier.schema.json")
    schema_path.write_text(json.dumps(build_schema(), indent=1) + "\n", encoding="utf-8")
    print(schema_path)
