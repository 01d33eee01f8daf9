"""Ingest: newsprism's readers beside naive baselines, for speed, memory and decoding accuracy.

Reproduce (from the repository root; data in ../shared/seeds and ../shared/benchmarks/events):

    .venv/bin/python bench/ingest_readers.py              # 100k-line synthetic JSONL, 2,000-page WARC
    .venv/bin/python bench/ingest_readers.py --lines 20000 --pages 500   # quicker

Sections:

Times are of an untraced run; peak memory comes from a second run under tracemalloc.

* **JSONL** (the two event benchmark files, then a generated file): ``newsprism`` is ``read_paths``
  (streaming, per-line errors, RawDocuments); ``naive`` is ``[json.loads(l) for l in f.readlines()]``
  (whole file in memory, first bad line kills the run). Peak memory is tracemalloc's.
* **WARC** (generated: seed articles as HTML pages plus one PNG response per page): ``newsprism`` is
  ``read_paths`` (HTML records only, decoding, page metadata, truncation checks); ``naive`` is a
  warcio loop reading every response payload, nothing else.
* **Decoding**: real seed text and hand-written multilingual sentences written in legacy encodings;
  exact round-trip rate of ``decode_bytes`` beside ``utf-8 errors=replace`` and charset_normalizer's
  best guess.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsprism.ingest import read_paths
from newsprism.ingest.decoding import decode_bytes
from newsprism.model import RawDocument

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVENTS = SHARED / "benchmarks" / "events"

SENTENCES = {
    "de": "Die Bundesregierung äußerte sich am Dienstag über die Lage. Größere Schäden wurden gemeldet.",
    "fr": "Le président a déclaré mercredi que la crise était terminée, après une réunion à l'Élysée.",
    "es": "El presidente afirmó el martes que las negociaciones continuarán la próxima semana en España.",
    "it": "Il ministro ha dichiarato che la crisi è finita e che le trattative proseguiranno lunedì.",
    "pt": "O presidente afirmou que as negociações continuarão na próxima semana, segundo a agência.",
    "pl": "Prezydent powiedział we wtorek, że rozmowy będą kontynuowane w przyszłym tygodniu.",
    "ru": "Президент России заявил во вторник, что переговоры с Украиной продолжатся на следующей неделе.",
    "uk": "Президент України заявив у вівторок, що переговори триватимуть наступного тижня в Стамбулі.",
    "bg": "Президентът заяви във вторник, че преговорите ще продължат следващата седмица в София.",
}
LEGACY = {"de": "cp1252", "fr": "cp1252", "es": "cp1252", "it": "cp1252", "pt": "cp1252", "pl": "cp1250"}
LEGACY.update({"ru": "cp1251", "uk": "cp1251", "bg": "cp1251"})


def measure(run: Callable[[], int]) -> tuple[int, float, int]:
    """Documents, wall seconds (untraced run) and peak traced bytes (second run under tracemalloc)."""
    started = time.perf_counter()
    count = run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, seconds, peak


def newsprism_count(path: Path) -> int:
    return sum(1 for item in read_paths([path]) if isinstance(item, RawDocument))


def naive_jsonl(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return len([json.loads(line) for line in handle.readlines() if line.strip()])


def naive_warc(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response" and record.content_stream().read():
                count += 1
    return count


def row(name: str, system: str, result: tuple[int, float, int], size: int) -> None:
    count, seconds, peak = result
    print(
        f"{name:<22} {system:<10} {count:>8} docs {seconds:>7.2f} s {count / seconds:>9.0f} docs/s "
        f"{size / seconds / 2**20:>7.1f} MB/s  peak {peak / 2**20:>7.1f} MB  (file {size / 2**20:.1f} MB)"
    )


def compare(name: str, path: Path, baseline: Callable[[Path], int]) -> None:
    size = path.stat().st_size
    row(name, "newsprism", measure(lambda: newsprism_count(path)), size)
    row(name, "naive", measure(lambda: baseline(path)), size)


def seed_texts() -> list[str]:
    if not SEEDS.is_dir():
        sys.exit(f"seed articles not found at {SEEDS} (expected ../shared/seeds)")
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def write_jsonl(path: Path, lines: int, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(lines):
            record = {"id": f"doc{n}", "title": f"Story {n}", "source": "Wire", "text": texts[n % len(texts)]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_warc(path: Path, pages: int, texts: list[str]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(pages):
            body = "".join(f"<p>{line}</p>" for line in texts[n % len(texts)].splitlines())
            page = (
                f"<html lang='en'><head><meta charset='utf-8'><title>Story {n}</title>"
                "<meta property='og:site_name' content='Wire'></head>"
                f"<body><article>{body}</article></body></html>"
            ).encode()
            for url, ctype, payload in (
                (f"https://wire.example/{n}", "text/html; charset=utf-8", page),
                (f"https://wire.example/{n}.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(512)),
            ):
                headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    url, "response", payload=io.BytesIO(payload), http_headers=headers
                )
                writer.write_record(record)


def decoding_cases(texts: list[str]) -> list[tuple[str, str, bytes]]:
    """(label, expected text, bytes) for every case; seed text is real news copy with curly quotes."""
    cases: list[tuple[str, str, bytes]] = []
    for text in texts:
        cp1252_text = text.encode("cp1252", errors="replace").decode("cp1252")
        cases.append(("seed cp1252", cp1252_text, cp1252_text.encode("cp1252")))
        # one stray Windows-1252 quote in an otherwise UTF-8 file
        cases.append(("seed utf-8+stray", "\u201c" + text, b"\x93" + text.encode("utf-8")))
        cases.append(("seed utf-8-sig", text, b"\xef\xbb\xbf" + text.encode("utf-8")))
        cases.append(("seed utf-16", text, text.encode("utf-16")))
        latin = "".join(char if ord(char) < 0x100 else "'" for char in text)
        cases.append(("seed latin-1", latin, latin.encode("latin-1")))
    for language, sentence in SENTENCES.items():
        cases.append((f"{language} {LEGACY[language]}", sentence, sentence.encode(LEGACY[language])))
    return cases


def charset_normalizer_guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else ""


def decoding_table(texts: list[str]) -> None:
    systems: dict[str, Callable[[bytes], Any]] = {
        "newsprism": decode_bytes,
        "utf8-replace": lambda data: data.decode("utf-8", errors="replace"),
        "charset_normalizer": charset_normalizer_guess,
    }
    cases = decoding_cases(texts)
    labels = sorted({label for label, _, _ in cases}, key=lambda label: (label.startswith("seed"), label))
    print(f"\n{'decoding case':<20} {'n':>3} " + " ".join(f"{name:>18}" for name in systems))
    totals = dict.fromkeys(systems, 0)
    for label in labels:
        group = [(expected, data) for case_label, expected, data in cases if case_label == label]
        scores = []
        for name, decode in systems.items():
            exact = sum(1 for expected, data in group if decode(data) == expected)
            totals[name] += exact
            scores.append(f"{exact:>15}/{len(group):<2}")
        print(f"{label:<20} {len(group):>3} " + " ".join(scores))
    print(
        f"{'all':<20} {len(cases):>3} " + " ".join(f"{totals[name]:>15}/{len(cases):<2}" for name in systems)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000, help="lines of the generated JSONL")
    parser.add_argument("--pages", type=int, default=2_000, help="HTML pages in the generated WARC")
    args = parser.parse_args()
    texts = seed_texts()
    import trafilatura  # noqa: F401  (import once before timing: it costs ~1 s)

    for name in ("ecbplus_train.jsonl", "gva_dev.jsonl"):
        path = EVENTS / name
        if path.is_file():
            compare(name, path, naive_jsonl)
        else:
            print(f"{name}: not found at {path} (expected ../shared/benchmarks/events), section skipped")
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "generated.jsonl"
        write_jsonl(jsonl, args.lines, texts)
        compare(f"generated {args.lines} lines", jsonl, naive_jsonl)
        jsonl.unlink()
        warc = Path(tmp) / "generated.warc.gz"
        write_warc(warc, args.pages, texts)
        compare(f"WARC {args.pages} pages", warc, naive_warc)
    decoding_table(texts)


if __name__ == "__main__":
    main()
