"""Plain-text articles (.txt): one file, one article, id from the file stem.

No title is guessed from the first line: clean decides whether a first line is a repeated headline.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..config import Config
from ..model import RawDocument
from .common import read_article_file, sha256_hex
from .decoding import decode_bytes


def read_text(path: Path, config: Config) -> Iterator[RawDocument]:
    data = read_article_file(path, config.max_article_bytes)
    yield RawDocument(
        origin=str(path),
        format="txt",
        raw_hash=sha256_hex(data),
        text=decode_bytes(data),
        id=path.stem,
    )
