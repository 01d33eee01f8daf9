"""Ingest: turn paths (files and folders) into RawDocuments, one by one.

:func:`read_paths` walks the given files and folders (recursively, sorted by name, hidden entries
skipped), picks a reader per file by extension or, failing that, by content, and yields each document
as soon as it is read. A bad input never stops the walk: it yields a :class:`SkippedInput` with a
one-line reason instead. Large multi-record files (JSON lines, JSON arrays, WARC) are streamed record
by record; one-article files (txt/html) larger than ``config.max_article_bytes`` are refused from
their ``stat`` size without being read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..config import Config
from ..errors import InputError
from ..model import RawDocument, SkippedInput
from .common import is_hidden, read_head
from .feeds import read_feed
from .html import read_html
from .jsonl import read_json
from .sniff import describe_suffix, format_by_content, format_by_name
from .text import read_text
from .urls import is_url, read_url
from .warc import read_warc

__all__ = ["iter_files", "read_file", "read_paths"]

Item = RawDocument | SkippedInput
Reader = Callable[[Path, Config], Iterator[Item]]

READERS: dict[str, Reader] = {
    "txt": read_text,
    "html": read_html,
    "json": read_json,
    "feed": read_feed,
    "warc": read_warc,
}


def read_paths(paths: Iterable[str | Path], config: Config | None = None) -> Iterator[Item]:
    """Every document under ``paths``, streamed, with a SkippedInput for each input that cannot be read."""
    config = config or Config()
    for given in paths:
        if is_url(given):
            yield from read_url(str(given), config)
            continue
        for found in iter_files([given]):
            if isinstance(found, SkippedInput):
                yield found
            else:
                yield from read_file(found, config)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | SkippedInput]:
    """The files named or contained in ``paths``: folders recursively, sorted, hidden entries left out.

    A hidden file named explicitly is read: only the walk skips what is hidden.
    """
    seen_folders: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, seen_folders)
        elif path.exists():
            yield path
        else:
            yield SkippedInput(str(path), "no such file or directory")


def read_file(path: Path, config: Config) -> Iterator[Item]:
    """The documents of one file, or SkippedInputs saying why (not) — never an exception for bad input."""
    origin = str(path)
    try:
        reader = _pick_reader(path)
        if reader is None:
            yield SkippedInput(origin, f"unsupported file type {describe_suffix(path)}")
            return
        yield from reader(path, config)
    except InputError as err:
        yield SkippedInput(err.origin, err.reason)
    except FileNotFoundError:
        yield SkippedInput(origin, "file vanished")
    except PermissionError:
        yield SkippedInput(origin, "permission denied")
    except OSError as err:
        yield SkippedInput(origin, f"unreadable: {err.strerror or err}")
    except Exception as err:  # a reader library choking on odd input must not stop the walk
        yield SkippedInput(origin, f"unreadable: {type(err).__name__}: {_first_line(err)}")


def _pick_reader(path: Path) -> Reader | None:
    fmt = format_by_name(path) or format_by_content(read_head(path))
    return READERS.get(fmt) if fmt else None


def _walk(folder: Path, seen: set[str]) -> Iterator[Path | SkippedInput]:
    # a symlinked folder is followed once; a link back to an ancestor would otherwise loop forever
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except FileNotFoundError:
        yield SkippedInput(str(folder), "folder vanished")
        return
    except PermissionError:
        yield SkippedInput(str(folder), "permission denied")
        return
    for entry in entries:
        if is_hidden(entry.name):
            continue
        path = Path(entry.path)
        if entry.is_dir():
            yield from _walk(path, seen)
        else:
            yield path


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:200] if text else "no details"
