"""Cleaning: newsprism's clean_document beside two baselines, for speed and for what each throws away.

Reproduce (from the repository root; data in ../shared/seeds and ../shared/benchmarks/events):

    .venv/bin/python bench/clean_throughput.py              # seeds + the first 500 GVA dev pages
    .venv/bin/python bench/clean_throughput.py --gva 3136   # every GVA dev page

Systems, on the same plain-text bodies:

* ``newsprism``  clean_document: boilerplate removal with reasons, normalisation, language, date, segments.
* ``naive``      NFC + strip each line + a regex sentence split; removes nothing (the speed floor).
* ``justext``    jusText 3.0 (the classic paragraph-level boilerplate classifier, English stoplist) on
                 the lines wrapped in <p>; removal only, no language/date/segments.

"Reporting lines lost" counts removed lines that are plainly sentences of reporting (12+ words and
final punctuation): the loss a cleaner must not cause. "Chars removed" is the share of non-blank
characters taken out. Neither needs gold labels, so both are fair on any corpus; the proxy over-counts
(seed 002's photo caption ends with a period; GVA's "This material may not be published..." copyright
notices are sentences too), so read the "lost" lines themselves before trusting the count.
Throughput depends on machine load: compare systems within one run, not across runs.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from newsprism.clean import clean_document
from newsprism.errors import InputError
from newsprism.model import RawDocument

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
GVA = SHARED / "benchmarks" / "events" / "gva_dev.jsonl"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

Cleaner = Callable[[RawDocument], list[str]]  # returns the removed lines


def _reporting(line: str) -> bool:
    line = line.strip().rstrip("\"'”’)")
    return len(line.split()) >= 12 and line[-1:] in ".!?"


def newsprism_cleaner(raw: RawDocument) -> list[str]:
    try:
        article = clean_document(raw)
    except InputError:
        return [line for line in (raw.text or "").splitlines() if line.strip()]
    return [line.text for line in article.removed if line.text.strip()]


def naive_cleaner(raw: RawDocument) -> list[str]:
    text = unicodedata.normalize("NFC", raw.text or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        _SENTENCE_END.split(line)
    return []


def justext_cleaner(raw: RawDocument) -> list[str]:
    import justext

    lines = [line for line in (raw.text or "").splitlines() if line.strip()]
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    return [p.text for p in paragraphs if p.is_boilerplate]


def load_seeds() -> list[RawDocument]:
    return [
        _raw(path.stem, path.read_text(encoding="utf-8"), str(path)) for path in sorted(SEEDS.glob("*.txt"))
    ]


def load_gva(limit: int) -> list[RawDocument]:
    docs = []
    with GVA.open(encoding="utf-8") as handle:
        for line in handle:
            if len(docs) >= limit:
                break
            record = json.loads(line)
            raw = _raw(record["id"], record["text"] or "", f"{GVA}#{record['id']}")
            raw.title = record.get("title")  # as an ingest reader would pass it on
            docs.append(raw)
    return docs


def _raw(doc_id: str, text: str, origin: str) -> RawDocument:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return RawDocument(origin=origin, format="txt", raw_hash=digest, text=text, id=doc_id)


def measure(name: str, cleaner: Cleaner, docs: list[RawDocument]) -> dict[str, float]:
    cleaner(docs[0])  # load models and caches outside the clock
    start = time.perf_counter()
    removed = [cleaner(doc) for doc in docs]
    elapsed = time.perf_counter() - start
    total_chars = sum(len((doc.text or "").replace("\n", "").strip()) for doc in docs) or 1
    removed_chars = sum(len(line.strip()) for lines in removed for line in lines)
    return {
        "system": name,
        "articles_per_s": len(docs) / elapsed,
        "ms_per_article": 1000 * elapsed / len(docs),
        "lines_removed": sum(len(lines) for lines in removed),
        "reporting_lines_lost": sum(_reporting(line) for lines in removed for line in lines),
        "chars_removed": removed_chars / total_chars,
    }


def report(title: str, docs: list[RawDocument]) -> None:
    print(f"\n{title}: {len(docs)} articles")
    print(f"{'system':10s} {'art/s':>8s} {'ms/art':>8s} {'removed':>8s} {'lost':>6s} {'chars':>7s}")
    for name, cleaner in (
        ("newsprism", newsprism_cleaner),
        ("naive", naive_cleaner),
        ("justext", justext_cleaner),
    ):
        row = measure(name, cleaner, docs)
        print(
            f"{row['system']:10s} {row['articles_per_s']:8.1f} {row['ms_per_article']:8.2f} "
            f"{row['lines_removed']:8d} {row['reporting_lines_lost']:6d} {row['chars_removed']:7.1%}"
        )


def reasons(docs: list[RawDocument]) -> None:
    counts: Counter[str] = Counter()
    for doc in docs:
        try:
            counts.update(line.reason for line in clean_document(doc).removed)
        except InputError as err:
            counts[f"error:{type(err).__name__}"] += 1
    print("newsprism removal reasons:", ", ".join(f"{k}={v}" for k, v in counts.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gva", type=int, default=500, help="how many GVA dev pages to clean")
    args = parser.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"seed articles not found at {SEEDS} (../shared/seeds is not part of the repo)")
    seeds = load_seeds()
    # five short articles run too fast to time once: repeat them
    report("seeds (x40)", seeds * 40)
    reasons(seeds)
    if GVA.is_file():
        gva = load_gva(args.gva)
        report("GVA dev (raw local-news pages)", gva)
        reasons(gva)
    else:
        print(f"\nGVA dev not found at {GVA}: skipped")


if __name__ == "__main__":
    main()
