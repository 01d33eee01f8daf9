"""read_paths over folders: order, hidden files, sniffing, and bad inputs that must not stop the walk."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from newsprism.config import Config
from newsprism.ingest import iter_files, read_paths
from newsprism.model import RawDocument, SkippedInput


def test_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/2.txt", "a.txt", "b/1.txt", ".hidden.txt", ".git/x.txt", "c.txt"):
        (tmp_path / name).write_text(f"article {name}\n")
    names = [path.relative_to(tmp_path).as_posix() for path in iter_files([tmp_path])]  # type: ignore[union-attr]
    assert names == ["a.txt", "b/1.txt", "b/2.txt", "c.txt"]


def test_a_hidden_file_named_explicitly_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text("draft\n")
    assert [item.id for item in read_paths([path])] == [".draft"]  # type: ignore[union-attr]


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere"
    assert list(read_paths([path])) == [SkippedInput(str(path), "no such file or directory")]


def test_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("plain words that are neither HTML nor JSON\n")
    assert list(read_paths([path])) == [SkippedInput(str(path), "unsupported file type .xyz")]


def test_html_and_json_without_a_known_extension_are_sniffed(tmp_path: Path, fixtures_dir: Path) -> None:
    shutil.copy(fixtures_dir / "article.html", tmp_path / "page.php")
    shutil.copy(fixtures_dir / "events_sample.jsonl", tmp_path / "dump.data")
    formats = {item.format for item in read_paths([tmp_path]) if isinstance(item, RawDocument)}
    assert formats == {"html", "jsonl"}


def test_file_that_vanishes_between_listing_and_reading(tmp_path: Path) -> None:
    for name in ("1.txt", "2.txt", "3.txt"):
        (tmp_path / name).write_text(f"article {name}\n")
    items = read_paths([tmp_path])
    first = next(items)  # the folder is listed by now
    (tmp_path / "2.txt").unlink()
    rest = list(items)
    assert isinstance(first, RawDocument) and first.id == "1"
    assert rest[0] == SkippedInput(str(tmp_path / "2.txt"), "file vanished")
    assert isinstance(rest[1], RawDocument) and rest[1].id == "3"


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("article\n")
    (tmp_path / "loop").symlink_to(tmp_path)
    assert [item.id for item in read_paths([tmp_path])] == ["a"]  # type: ignore[union-attr]


def test_a_folder_mixing_everything_lets_the_good_ones_through(
    tmp_path: Path, fixtures_dir: Path, seeds_dir: Path, sample_warc: Callable[..., Path]
) -> None:
    mixed = tmp_path / "mixed"
    shutil.copytree(fixtures_dir, mixed)
    shutil.copytree(seeds_dir, mixed / "seeds")
    shutil.copy(sample_warc("crawl.warc.gz"), mixed / "crawl.warc.gz")
    whole = (mixed / "crawl.warc.gz").read_bytes()
    (mixed / "cut.warc.gz").write_bytes(whole[: len(whole) - 100])
    with (mixed / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    (mixed / "notes.xyz").write_text("neither\n")
    (mixed / ".DS_Store").write_bytes(b"\x00\x01junk")

    items = list(read_paths([mixed], Config()))
    docs = [item for item in items if isinstance(item, RawDocument)]
    skipped = {Path(item.origin).name: item.reason for item in items if isinstance(item, SkippedInput)}

    seed_ids = sorted(path.stem for path in seeds_dir.glob("*.txt"))
    assert [doc.id for doc in docs if "/seeds/" in doc.origin] == seed_ids
    assert {doc.format for doc in docs} == {"txt", "html", "jsonl", "feed", "warc"}
    assert skipped["binary.txt"] == "binary content, not text"
    assert skipped["empty.txt"] == "empty file"
    assert skipped["huge.txt"] == "too large: 200.0 MB > 20.0 MB per-article limit"
    assert skipped["not_a_feed.xml"] == "not an RSS/Atom feed (XML root <catalog>)"
    assert skipped["notes.xyz"] == "unsupported file type .xyz"
    assert skipped["cut.warc.gz"].startswith("truncated WARC after")
    assert skipped["events_sample.jsonl#line 4"].startswith("invalid JSON")
    assert ".DS_Store" not in skipped
    good_files = {Path(doc.origin.split("#")[0]).name for doc in docs}
    assert {
        "windows1252.txt",
        "latin1.txt",
        "invalid_utf8.txt",
        "truncated.html",
        "cut.warc.gz",
    } <= good_files
    # every origin points back to an input under the folder
    assert all(item.origin.startswith(str(mixed)) for item in items)
