"""What every reader needs: bounded file reads, hashing, and the one-line reasons for bad files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import EmptyInput, TooLargeInput, UnreadableInput
from .decoding import looks_binary

_MB = 1024 * 1024


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def format_mb(size: int) -> str:
    """A size for a reason line: "200.0 MB", or "2.0 KB" for limits set low (tests, tight configs)."""
    return f"{size / _MB:.1f} MB" if size >= _MB else f"{size / 1024:.1f} KB"


def file_size(path: Path) -> int:
    """Size from ``stat``, so that limits are checked before a single byte is read."""
    try:
        return path.stat().st_size
    except FileNotFoundError as err:
        raise UnreadableInput(str(path), "file vanished") from err
    except PermissionError as err:
        raise UnreadableInput(str(path), "permission denied") from err


def check_not_empty(path: Path, size: int) -> None:
    if size == 0:
        raise EmptyInput(str(path), "empty file")


def check_article_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise TooLargeInput(str(path), f"too large: {format_mb(size)} > {format_mb(limit)} per-article limit")


def check_file_size(path: Path, size: int, limit: int, what: str) -> None:
    if size > limit:
        raise TooLargeInput(str(path), f"too large: {format_mb(size)} > {format_mb(limit)} limit for {what}")


def read_bytes(path: Path, limit: int) -> bytes:
    """Read at most ``limit`` bytes (the file may have grown since ``stat``)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError as err:
        raise UnreadableInput(str(path), "file vanished") from err
    except PermissionError as err:
        raise UnreadableInput(str(path), "permission denied") from err
    except IsADirectoryError as err:
        raise UnreadableInput(str(path), "is a directory") from err
    if len(data) > limit:
        raise TooLargeInput(str(path), f"too large: more than {format_mb(limit)} per-article limit")
    return data


def read_article_file(path: Path, limit: int) -> bytes:
    """The bytes of a one-article file, after the empty/too-large/binary checks."""
    size = file_size(path)
    check_not_empty(path, size)
    check_article_size(path, size, limit)
    data = read_bytes(path, limit)
    check_text_bytes(str(path), data)
    return data


def check_text_bytes(origin: str, data: bytes) -> None:
    if not data:
        raise EmptyInput(origin, "empty file")
    if looks_binary(data):
        raise UnreadableInput(origin, "binary content, not text")
    if not data.strip():
        raise EmptyInput(origin, "empty file (whitespace only)")


def read_head(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except FileNotFoundError as err:
        raise UnreadableInput(str(path), "file vanished") from err
    except PermissionError as err:
        raise UnreadableInput(str(path), "permission denied") from err


def is_hidden(name: str) -> bool:
    return name.startswith(".")
