"""Ingest from the page: uploads saved under the data directory, the pipeline run in a background thread.

Readers are never blocked: the job opens its own store connection for writing, so the pages go on
reading the last committed state (SQLite WAL / PostgreSQL MVCC) and see the new articles once the
job finishes and the dossier cache is invalidated. Jobs run one at a time (one writer).
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..store import Storage, open_store

log = logging.getLogger("newsprism.web")

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per file
MAX_FILES = 200
MAX_PASTE_CHARS = 5 * 1024 * 1024
_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

# (inputs, writer store, progress) -> a one-line summary of what the run did
Runner = Callable[[list[Any], Storage, Callable[[Iterable[Any], str, int | None], Iterable[Any]]], str]


class UploadTooLarge(ValueError):
    pass


def safe_filename(name: str | None, index: int) -> str:
    """A client-supplied file name reduced to ``[A-Za-z0-9._-]``, never hidden, never a path."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).lstrip("._")[:80]
    return f"{index:03d}-{base or 'upload'}"


def data_dir_for(db_url: str) -> Path:
    """Where uploads go: next to a SQLite file (``news.sqlite`` → ``news-data/``), else ./newsprism-data."""
    if db_url.startswith(("postgresql://", "postgres://")) or db_url == ":memory:":
        return Path.cwd() / "newsprism-data"
    path = Path(db_url.removeprefix("sqlite:///")).resolve()
    return path.with_name(f"{path.stem}-data")


def save_upload(source: BinaryIO, folder: Path, name: str, limit: int = MAX_UPLOAD_BYTES) -> Path:
    """Copy an upload into ``folder`` in chunks; over ``limit`` bytes the partial file is removed."""
    folder.mkdir(parents=True, exist_ok=True)
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise ValueError(f"{name}: not a plain file name")
    written = 0
    with target.open("xb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                break
            out.write(chunk)
    if written > limit:
        target.unlink(missing_ok=True)
        raise UploadTooLarge(f"{name}: larger than {limit // (1024 * 1024)} MB")
    return target


@dataclass
class Job:
    id: str
    inputs: list[Any]
    described: str  # what was submitted, in words
    state: str = "queued"  # queued | running | done | failed
    stage: str = ""
    done: int = 0
    total: int | None = None
    summary: str = ""
    error: str = ""
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "described": self.described,
            "summary": self.summary,
            "error": self.error,
            "started": self.started,
            "finished": self.finished,
        }


def pipeline_runner(inputs: list[Any], store: Storage, progress: Any) -> str:
    from .. import pipeline

    _, report = pipeline.run(inputs, store, progress=progress)
    return report.summary()


class JobManager:
    """Queues ingest jobs and runs them one after another on a worker thread."""

    def __init__(self, db_url: str, on_done: Callable[[], None], runner: Runner | None = None) -> None:
        self.db_url = db_url
        self.data_dir = data_dir_for(db_url)
        self._on_done = on_done
        self._runner = runner or pipeline_runner
        self._jobs: dict[str, Job] = {}
        self._writer = threading.Lock()
        self._lock = threading.Lock()

    def new_folder(self) -> tuple[str, Path]:
        job_id = uuid.uuid4().hex[:12]
        return job_id, self.data_dir / "uploads" / job_id

    def submit(self, job_id: str, inputs: list[Any], described: str) -> Job:
        job = Job(job_id, inputs, described)
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job,), name=f"ingest-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self, limit: int = 10) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.started, reverse=True)[:limit]

    def _run(self, job: Job) -> None:
        with self._writer:
            job.state = "running"
            try:
                with open_store(self.db_url) as writer:
                    job.summary = self._runner(job.inputs, writer, self._progress(job))
                job.state = "done"
            except Exception as err:  # the page must say what went wrong, not leave the job spinning
                log.exception("ingest job %s failed", job.id)
                job.state, job.error = "failed", f"{type(err).__name__}: {err}"
            finally:
                job.finished = time.time()
                self._on_done()

    @staticmethod
    def _progress(job: Job) -> Callable[[Iterable[Any], str, int | None], Iterable[Any]]:
        def track(items: Iterable[Any], label: str, total: int | None = None) -> Iterable[Any]:
            job.stage, job.done, job.total = label, 0, total
            for item in items:
                yield item
                job.done += 1

        return track
