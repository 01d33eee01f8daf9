"""Continuous ingestion: keep adding what appears in folders and feeds, and resume after a restart.

What was already taken is remembered in the store (state ``watch``): for a file its size and
modification time, for a feed URL the fetched items' content hashes. After a restart the same
state says where to go on, and the store's content-hash idempotence is the second guard: an item
seen twice is reported as unchanged, never stored twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import pipeline
from .config import Config
from .ingest.urls import fetch, fetch_error, is_url, looks_like_feed
from .store import Storage

log = logging.getLogger("newsprism")
STATE_KEY = "watch"
FEED_TIMEOUT_S = 20.0
# Half-written files usually carry a temporary suffix (.part, .tmp, .crdownload): wait for the rename.
WATCHED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".json", ".xml", ".rss", ".atom", ".warc", ".warc.gz")


@dataclass
class WatchState:
    files: dict[str, list[float]] = field(default_factory=dict)  # path -> [size, mtime]
    feeds: dict[str, str] = field(default_factory=dict)  # url -> sha256 of the last body fetched

    @classmethod
    def load(cls, store: Storage) -> WatchState:
        raw = store.get_state(STATE_KEY)
        return cls(**json.loads(raw)) if raw else cls()

    def save(self, store: Storage) -> None:
        store.put_state(STATE_KEY, json.dumps({"files": self.files, "feeds": self.feeds}).encode())


def new_files(source: Path, state: WatchState) -> list[Path]:
    """Files under ``source`` not seen before, or changed since (size or mtime)."""
    candidates = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    found = []
    for path in candidates:
        if path.name.startswith(".") or not path.name.lower().endswith(WATCHED_SUFFIXES):
            continue
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue  # vanished between listing and looking: the next poll decides
        if state.files.get(str(path)) != [stat.st_size, stat.st_mtime]:
            found.append(path)
    return found


def fetch_feed(url: str, spool: Path, timeout: float = FEED_TIMEOUT_S) -> Path:
    """Download a feed into the spool folder; raise ValueError with a one-line reason when it is not one."""
    body, content_type = fetch(url, 50 * 1024 * 1024, timeout)
    if not looks_like_feed(body, content_type):
        raise ValueError(f"returned {content_type or 'something'} (HTML?), not an RSS/Atom feed")
    spool.mkdir(parents=True, exist_ok=True)
    path = spool / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}.xml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(body)
    tmp.replace(path)
    return path


def poll_once(sources: list[str], store: Storage, config: Config, spool: Path) -> pipeline.RunReport:
    """One pass over every source: ingest what is new, analyse it, update events incrementally."""
    state = WatchState.load(store)
    report = pipeline.RunReport()
    paths: list[Path] = []
    for source in sources:
        if is_url(source):
            try:
                path = fetch_feed(source, spool)
            except (OSError, ValueError) as err:
                report.skipped.append(pipeline.SkippedInput(source, f"feed not read: {fetch_error(err)}"))
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if state.feeds.get(source) == digest:
                continue  # nothing new since the last poll
            state.feeds[source] = digest
            paths.append(path)
        else:
            paths += new_files(Path(source), state)
    if paths:
        pipeline.ingest(paths, store, config, report=report)
        redo = pipeline.drop_outdated_analyses(store, report)
        pipeline.analyze_articles(store, config, report=report)
        if redo or report.added or report.revised:
            pipeline.update_collection(store, None if redo else report.added + report.revised, config, report)
        pipeline.mark_analyses_current(store)
    for path in paths:
        if not is_url(str(path)) and path.exists():
            stat = path.stat()
            state.files[str(path)] = [stat.st_size, stat.st_mtime]
    # saved only after the articles are committed: a crash before this line re-reads those paths,
    # which the store's idempotence turns into "unchanged"
    state.save(store)
    return report


def watch(
    sources: list[str],
    store: Storage,
    config: Config,
    interval: float = 60.0,
    once: bool = False,
    spool: Path | None = None,
    on_poll: Callable[[pipeline.RunReport], Any] | None = None,
) -> int:
    """Poll ``sources`` every ``interval`` seconds until interrupted (or once)."""
    if spool is None:
        on_disk = not str(store.url).startswith((":", "postgres"))
        spool = Path(f"{store.url}.feeds" if on_disk else ".newsprism-feeds")
    print(f"watching {len(sources)} source(s) every {interval:g}s; Ctrl-C stops", file=sys.stderr)
    while True:
        report = poll_once(sources, store, config, spool)
        for item in report.skipped:
            print(f"skipped {item.origin}: {item.reason}", file=sys.stderr)
        if report.read or report.skipped:
            print(report.summary(), file=sys.stderr)
        if on_poll is not None:
            on_poll(report)
        if once:
            return 1 if report.skipped else 0
        time.sleep(interval)
