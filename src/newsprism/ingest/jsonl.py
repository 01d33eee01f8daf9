"""JSON records (.jsonl and .json): JSON lines, a JSON array, or one object — read record by record.

A record is an object with any of ``id, title, text, html, published, source, url, language``
(plus ``author``); other fields are ignored. A record must carry ``text`` or ``html``; when it has
both, ``text`` wins because the producer already extracted it. A bad line or record is skipped with
its line number and the rest of the file goes on. Nothing reads more than one record at a time,
so a file of any size streams in bounded memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..config import Config
from ..errors import MalformedInput, TooLargeInput, UnreadableInput
from ..model import RawDocument, SkippedInput
from .common import check_not_empty, file_size, format_mb, read_head, sha256_hex
from .decoding import decode_bytes, looks_binary

_SCALAR_FIELDS = ("title", "published", "url", "language", "author")
_CHUNK = 64 * 1024

Item = RawDocument | SkippedInput


def read_json(path: Path, config: Config) -> Iterator[Item]:
    """Records of a .json/.jsonl file: an array streams element by element, anything else line by line."""
    size = file_size(path)
    check_not_empty(path, size)
    head = read_head(path, 8192)
    if looks_binary(head):
        raise UnreadableInput(str(path), "binary content, not text")
    first = _first_significant_char(head)
    if first is None:
        raise MalformedInput(str(path), "no JSON value in the first 8 KB")
    if first == "[":
        yield from _read_array(path, config.max_article_bytes)
    elif first == "{":
        if path.suffix.lower() == ".json" and size <= config.max_article_bytes:
            single = _single_object(path, size)
            if single is not None:
                yield record_to_document(single[0], str(path), single[1])
                return
        yield from _read_lines(path, config.max_article_bytes)
    else:
        raise MalformedInput(str(path), f"not JSON: starts with {first!r}")


def record_to_document(record: Any, origin: str, raw: bytes) -> Item:
    """One decoded JSON value as a RawDocument, or the reason it cannot be one."""
    if not isinstance(record, dict):
        return SkippedInput(origin, f"not a JSON object but {_json_type(record)}")
    text = _string(record.get("text"))
    html = _string(record.get("html"))
    if not (text and text.strip()) and not (html and html.strip()):
        return SkippedInput(origin, "record has no text or html")
    fields = {name: _string(record.get(name)) for name in _SCALAR_FIELDS}
    return RawDocument(
        origin=origin,
        format="jsonl",
        raw_hash=sha256_hex(raw),
        text=text if text and text.strip() else None,
        html=None if text and text.strip() else html,
        id=_string(record.get("id")),
        source=_source_name(record.get("source")),
        **fields,
    )


def _read_lines(path: Path, limit: int) -> Iterator[Item]:
    with _open_binary(path) as handle:
        line_number = 0
        while True:
            line = handle.readline(limit + 1)
            if not line:
                return
            line_number += 1
            if len(line) > limit and not line.endswith(b"\n"):
                _skip_rest_of_line(handle)
                yield SkippedInput(f"{path}#line {line_number}", f"too large: record over {format_mb(limit)}")
                continue
            yield from _parse_line(path, line_number, line)


def _parse_line(path: Path, line_number: int, line: bytes) -> Iterator[Item]:
    if line_number == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    raw = line.rstrip(b"\r\n")
    if not raw.strip():
        return  # blank lines separate nothing in JSON lines; they are not records
    try:
        record = json.loads(decode_bytes(raw))
    except json.JSONDecodeError as err:
        yield SkippedInput(f"{path}#line {line_number}", f"invalid JSON: {err.msg} (column {err.colno})")
        return
    yield record_to_document(record, f"{path}#{line_number}", raw)


def _skip_rest_of_line(handle: Any) -> None:
    while True:
        chunk = handle.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _single_object(path: Path, size: int) -> tuple[Any, bytes] | None:
    """A .json file holding exactly one (possibly pretty-printed) object, or None for JSON lines."""
    with _open_binary(path) as handle:
        data = handle.read(size)
    try:
        return json.loads(decode_bytes(data)), data
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            return None  # several objects: JSON lines, whose errors are reported per line
        reason = f"invalid JSON: {err.msg} at line {err.lineno} column {err.colno}"
        raise MalformedInput(str(path), reason) from err


def _error_before_end(err: json.JSONDecodeError, buffered: int) -> bool:
    """A parse error well inside the buffer is real; one near its end may be a value cut by chunking."""
    return err.pos < buffered - 16 and not err.msg.startswith("Unterminated string")


def _read_array(path: Path, limit: int) -> Iterator[Item]:
    try:
        handle = path.open(encoding="utf-8-sig", errors="newsprism-cp1252", newline="")
    except FileNotFoundError as err:
        raise UnreadableInput(str(path), "file vanished") from err
    with handle:
        yield from _ArrayStream(handle, str(path), limit)


class _ArrayStream:
    """Yields the elements of a top-level JSON array one at a time from a text stream.

    ``json`` has no incremental parser, so each element is parsed with ``raw_decode`` on a buffer
    that is refilled (doubling) until the element is complete; consumed text is dropped.
    """

    def __init__(self, handle: TextIO, origin: str, limit: int) -> None:
        self.handle = handle
        self.origin = origin
        self.limit = limit
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()

    def __iter__(self) -> Iterator[Item]:
        self._expect("[")
        if self._peek() == "]":
            return
        index = 0
        while True:
            index += 1
            yield self._next_element(index)
            separator = self._peek()
            if separator == ",":
                self.pos += 1
            elif separator == "]":
                return
            else:
                raise MalformedInput(self.origin, f"malformed JSON array after {index} records")

    def _next_element(self, index: int) -> Item:
        self._peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as err:
                if self.eof or _error_before_end(err, len(self.buffer)):
                    raise MalformedInput(
                        self.origin, f"malformed JSON array at record {index}: {err.msg}"
                    ) from err
                if len(self.buffer) - self.pos > self.limit:
                    raise TooLargeInput(
                        self.origin, f"record {index} of the JSON array is over {format_mb(self.limit)}"
                    ) from err
                self._fill(max(_CHUNK, len(self.buffer) - self.pos))
                continue
            if end == len(self.buffer) and not self.eof:
                # a number at the buffer's end may continue in the next chunk; reparse with more
                self._fill(_CHUNK)
                continue
            raw = self.buffer[self.pos : end].encode("utf-8")
            self.pos = end
            return record_to_document(value, f"{self.origin}#{index}", raw)

    def _peek(self) -> str | None:
        """The next non-whitespace character (not consumed), reading more text as needed."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if self.eof:
                return None
            self._fill(_CHUNK)

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise MalformedInput(self.origin, f"expected {char!r} to open a JSON array")
        self.pos += 1

    def _fill(self, size: int) -> None:
        self.buffer = self.buffer[self.pos :]
        self.pos = 0
        chunk = self.handle.read(size)
        if chunk:
            self.buffer += chunk
        else:
            self.eof = True


def _open_binary(path: Path) -> Any:
    try:
        return path.open("rb")
    except FileNotFoundError as err:
        raise UnreadableInput(str(path), "file vanished") from err


def _first_significant_char(head: bytes) -> str | None:
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return chr(text[0]) if text else None


def _string(value: Any) -> str | None:
    """Scalars as strings (an integer id is still an id); objects and lists are not usable here."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _source_name(value: Any) -> str | None:
    # news APIs often nest the outlet: {"source": {"id": "bbc-news", "name": "BBC News"}}
    if isinstance(value, dict):
        return _string(value.get("name"))
    return _string(value)


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
