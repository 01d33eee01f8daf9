"""The demo corpus: thirty invented articles about three invented developing stories.

``newsprism demo`` analyses :func:`demo_path` with no arguments. The folder holds only article
files (.txt, .html, one JSONL, one RSS feed, one WARC), so it can be handed to ingest as it is;
the gold answers the pipeline should find live next to it in ``expected.json`` (see README.md).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

ARTICLES_DIR = "articles"
EXPECTED_FILE = "expected.json"


def _package_file(name: str) -> Path:
    resource = resources.files(__name__) / name
    # A zipped install would hand back a Traversable that ingest cannot walk; newsprism is
    # always installed as files on disk (wheel or editable), so say so plainly if not.
    if not isinstance(resource, Path):
        raise RuntimeError(f"newsprism.demo must be installed as files on disk, got {resource!r}")
    return resource


def demo_path() -> Path:
    """The folder of demo articles, ready to pass to ingest."""
    return _package_file(ARTICLES_DIR)


def expected_path() -> Path:
    """The gold file: expected events, duplicate groups and planted findings."""
    return _package_file(EXPECTED_FILE)


def load_expected() -> dict[str, Any]:
    """``expected.json`` as a dict."""
    return json.loads(expected_path().read_text(encoding="utf-8"))
