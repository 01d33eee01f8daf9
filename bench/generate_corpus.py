"""Generate a large, realistic English news corpus for ingest and throughput benchmarks.

Reproduce:

    .venv/bin/python bench/generate_corpus.py --n 10000 --out /tmp/c10k.jsonl
    .venv/bin/python bench/generate_corpus.py --n 1000000 --out /tmp/c1m.jsonl --seed 7

Each output line is one article, ``{"id", "title", "text", "published", "source", "url"}``, of about
``--words`` words (700 by default), made by perturbing real text: paragraphs of a base article, topped
up with paragraphs from articles about the same gold event (else any article) until the length is
reached; sentences shuffled inside some paragraphs; synonyms swapped; numbers, dates and weekdays
shifted consistently; people's names swapped for invented ones; scraper boilerplate lines added.

Source text is read from ``../shared/benchmarks/events/{gva_dev,ecbplus_train}.jsonl`` (relative to
the repository root; never committed). When that data is absent (or with ``--source demo``) the
generator falls back to the demo corpus shipped in ``newsprism.demo`` plus ``../shared/seeds``.

Output is deterministic for a given ``--seed`` (article ``i`` depends only on the seed, ``i`` and the
source pool) and streamed line by line, so 1M articles need no more memory than 10.
At the end it prints the source pool and the generated corpus side by side, including the share of
generated sentences that occur verbatim in the sources (how much the perturbation changed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVENTS_DATA = SHARED / "benchmarks" / "events"
BENCHMARK_FILES = ("gva_dev.jsonl", "ecbplus_train.jsonl")
SEEDS_DIR = SHARED / "seeds"
RSS_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"

MIN_PARAGRAPH_WORDS = 8
MAX_PARAGRAPH_WORDS = 250
MIN_SOURCE_WORDS = 60
SENTENCE_END = (".", "!", "?", '"', "”", "’", ":")
SAME_EVENT_TOP_UP = 0.7  # chance that a top-up paragraph comes from the base article's own event
SHUFFLE_PARAGRAPH = 0.3
SYNONYM_SWAP = 0.35
NUMBER_SHIFT = 0.5

MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

FIRST_NAMES_M = (
    "James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew "
    "Anthony Mark Donald Steven Paul Andrew Joshua Kevin Brian George Kenneth Edward Ronald Timothy "
    "Jason Jeffrey Ryan Jacob Gary Eric Jonathan Stephen Larry Justin Scott Brandon Frank Gregory "
    "Raymond Patrick Jack Dennis Jerry Tyler Aaron Henry Peter Walter Carl Arthur Roger Keith Terry "
    "Sean Harold Gerald Albert Joe Willie Billy Bruce Ralph Roy Louis Eugene Russell Bobby Philip "
    "Dave Mike Jim Tom Bob Bill Steve Chris Matt Dan Tony Nick Jeff Greg Ron Ken Duncan Glen"
).split()
FIRST_NAMES_F = (
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty "
    "Margaret Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah "
    "Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela "
    "Nicole Emma Samantha Katherine Christine Debra Rachel Catherine Carolyn Janet Ruth Maria "
    "Heather Diane Virginia Julie Joyce Victoria Kelly Christina Lauren Joan Evelyn Olivia Judith "
    "Kate Sue Jen Liz Beth Meg Kim Tara Lindsay Ellen Megan Tiffany Jasmine Crystal Tina"
).split()
INVENTED_FIRST_M = "Aldo Bram Cass Dorian Elric Fenn Garrick Hollis Ivo Jory Kestrel Lorne Mace Niall".split()
INVENTED_FIRST_F = "Ailsa Brielle Corra Delphine Esme Fenna Greer Halle Isolde Juno Kaia Liora Nell".split()
INVENTED_SURNAMES = (
    "Ashdown Brackley Carrow Dunmore Ellery Farrant Galloway Hartigan Inchley Jessop Kettering "
    "Lockridge Marlow Northcott Orme Pellow Quarrie Rendell Stanmore Thorley Underhill Vance Wexley "
    "Yarrow Ambrose Blackwood Cresswell Draycott Elmsley Fairweather Greaves Holloway Ingram Kilbride"
).split()

OUTLET_PLACES = "Harbour Northfield Eastbrook Riverside Lakeland Summit Westgate Pinecrest Bayview".split()
OUTLET_KINDS = "Gazette Post Herald Courier Tribune Ledger Chronicle Times Observer Record".split()
SLOGANS = (
    "News you can stand on",
    "The voice of the waterfront since 1884",
    "Local news, every day",
    "Independent since 1921",
    "All the news that fits the valley",
)

# One-word swaps that keep a sentence grammatical wherever the word stands.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "explained", "noted"),
    "investigators": ("detectives",),
    "detectives": ("investigators",),
    "injured": ("wounded", "hurt"),
    "wounded": ("injured",),
    "residents": ("locals",),
    "vehicle": ("car",),
    "announced": ("revealed", "disclosed"),
    "approximately": ("about", "roughly"),
    "around": ("about",),
    "arrested": ("detained",),
    "officials": ("authorities",),
    "authorities": ("officials",),
    "hospital": ("medical center",),
    "gun": ("firearm", "weapon"),
    "firearm": ("gun",),
    "large": ("big",),
    "big": ("large",),
    "quickly": ("rapidly", "swiftly"),
    "began": ("started",),
    "started": ("began",),
    "earlier": ("previously",),
    "children": ("kids",),
    "tried": ("attempted",),
    "company": ("firm",),
    "talks": ("negotiations",),
    "agreement": ("deal",),
    "nearly": ("almost",),
    "almost": ("nearly",),
    "died": ("passed away",),
    "scene": ("site",),
    "reported": ("said",),
}
FIRST_NAMES = frozenset(FIRST_NAMES_M + FIRST_NAMES_F)
# Generic patterns filtered in Python: a 140-way alternation is several times slower in `re`.
WORD_RE = re.compile(r"\b[A-Za-z]+\b")
# lookaheads so that "Englishman Robert Buckley" still yields (Robert, Buckley)
NAME_RE = re.compile(r"\b(?=([A-Z][a-z]+)\s+([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b)")
FIRST_WORD_RE = re.compile(r"\b([A-Z][a-z]+)(?=\s+([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b)")
CAPITALISED_RE = re.compile(r"\b[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?\b")
NUMBER_RE = re.compile(r"(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/:]|[.,]\d)")
DATE_RE = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})\b(?:,\s+((?:19|20)\d\d)\b)?")
WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
SENTENCE_SPLIT_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')]))\s+(?=[\"“‘(]?[A-Z0-9])")
ECB_TOKEN_FIXES = (
    (re.compile(r"``\s*"), '"'),
    (re.compile(r"\s*''"), '"'),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
    (re.compile(r"\s+([,.;:!?%)])"), r"\1"),
    (re.compile(r"([($])\s+"), r"\1"),
    (re.compile(r"(\w)\s+-\s+(\w)"), r"\1-\2"),
    (re.compile(r"([.!?,])\s+\"(?=\s|$)", re.M), r'\1"'),  # a straight closing quote left spaced
    (re.compile(r"(\d)\.\s+(\d{1,2}\s*(?:million|billion|percent|per cent|%))"), r"\1.\2"),  # 40. 3 million
    (re.compile(r"(\d):\s+(\d\d)\b"), r"\1:\2"),  # 1: 32 PM
    (re.compile(r"(\d)\s*/\s*(\d)"), r"\1/\2"),  # 9 / 11
)


@dataclass
class SourceDoc:
    """One article of the source pool, already split into paragraphs."""

    title: str | None
    paragraphs: list[str]
    published: str | None
    event: str | None


@dataclass
class Pool:
    docs: list[SourceDoc]
    by_event: dict[str, list[int]] = field(default_factory=dict)
    origin: str = ""

    def __post_init__(self) -> None:
        groups: dict[str, list[int]] = defaultdict(list)
        for index, doc in enumerate(self.docs):
            if doc.event:
                groups[doc.event].append(index)
        self.by_event = {event: members for event, members in groups.items() if len(members) > 1}


# --------------------------------------------------------------------------- reading the source pool


def read_records(path: str, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` records of a generated JSONL corpus (what the other bench scripts read)."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if len(records) >= limit:
                break
            records.append(json.loads(line))
    return records


def detokenize_ecb(text: str) -> str:
    """ECB+ text is PTB-tokenised (`` quotes '' , spaced punctuation); make it read like news again."""
    for pattern, replacement in ECB_TOKEN_FIXES:
        text = pattern.sub(replacement, text)
    return text


def split_paragraphs(text: str) -> list[str]:
    """One paragraph per line, re-joining hard-wrapped lines; short lines (bylines, "Share") go."""
    paragraphs: list[str] = []
    for raw_line in text.split("\n"):
        line = " ".join(raw_line.split())
        if not line:
            continue
        if paragraphs and not paragraphs[-1].endswith(SENTENCE_END) and line[:1].islower():
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return [p for p in paragraphs if MIN_PARAGRAPH_WORDS <= len(p.split()) <= MAX_PARAGRAPH_WORDS]


def make_source_doc(
    text: str, title: str | None, published: str | None, event: str | None
) -> SourceDoc | None:
    paragraphs = split_paragraphs(text)
    if sum(len(p.split()) for p in paragraphs) < MIN_SOURCE_WORDS:
        return None
    return SourceDoc(title=title, paragraphs=paragraphs, published=published, event=event)


def read_benchmark_pool() -> Pool | None:
    paths = [EVENTS_DATA / name for name in BENCHMARK_FILES if (EVENTS_DATA / name).is_file()]
    if not paths:
        return None
    docs = []
    for path in paths:
        is_ecb = path.name.startswith("ecbplus")
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                text = detokenize_ecb(row["text"]) if is_ecb else row["text"]
                event = f"{path.stem}:{row['event']}" if row.get("event") else None
                doc = make_source_doc(text, row.get("title"), row.get("published"), event)
                if doc:
                    docs.append(doc)
    return Pool(docs, origin=", ".join(str(p) for p in paths))


def _html_paragraphs(markup: str) -> str:
    paragraphs = re.findall(r"<p[^>]*>(.*?)</p>", markup, re.S)
    return "\n\n".join(html.unescape(re.sub(r"<[^>]+>", " ", p)) for p in paragraphs)


def read_demo_pool() -> Pool:
    """The demo corpus (with its gold events) plus the seed articles, when present."""
    from newsprism.demo import demo_path, load_expected

    folder = demo_path()
    gold = {entry["id"]: entry for entry in load_expected()["articles"]}
    texts: list[tuple[str, str, str | None]] = []  # (gold id, text, title)
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append((path.stem, text, text.split("\n", 1)[0]))
    for path in sorted([*folder.glob("*.html"), *(folder.parent / "warc_src").glob("*.html")]):
        markup = path.read_text(encoding="utf-8")
        title = re.search(r'<meta property="og:title" content="([^"]+)"', markup)
        texts.append((path.stem, _html_paragraphs(markup), html.unescape(title.group(1)) if title else None))
    for line in (folder / "continental_press_wire.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts.append((row["id"], row["text"], row["title"]))
    channel = ET.parse(folder / "tech_ledger_feed.xml").getroot().find("channel")
    for item in channel.findall("item") if channel is not None else []:
        body = item.findtext(f"{{{RSS_CONTENT_NS}}}encoded") or item.findtext("description")
        texts.append((item.findtext("guid", ""), _html_paragraphs(body or ""), item.findtext("title")))
    docs = []
    for article_id, text, title in texts:
        entry = gold.get(article_id, {})
        if entry.get("language", "en") != "en":
            continue
        doc = make_source_doc(text, title, entry.get("published"), entry.get("event"))
        if doc:
            docs.append(doc)
    for path in sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []:
        doc = make_source_doc(path.read_text(encoding="utf-8"), None, None, "seeds")
        if doc:
            docs.append(doc)
    return Pool(docs, origin=f"{folder} + {SEEDS_DIR}")


def read_pool(source: str) -> Pool:
    if source in ("auto", "benchmarks"):
        pool = read_benchmark_pool()
        if pool is not None:
            return pool
        if source == "benchmarks":
            sys.exit(f"benchmark data not found at {EVENTS_DATA} (expected ../shared/benchmarks/events)")
        print(f"note: {EVENTS_DATA} absent, using the demo corpus and seeds", file=sys.stderr)
    return read_demo_pool()


# --------------------------------------------------------------------------- perturbations


def pick_body(pool: Pool, rng: random.Random, target_words: int) -> tuple[SourceDoc, list[str]]:
    """A base article followed by whole donor articles, from its event when it has one, to the length.

    Donors are appended in their own paragraph order, so the text reads like a follow-up story
    rather than a paragraph salad.
    """
    base = rng.choice(pool.docs)
    paragraphs = list(base.paragraphs)
    words = sum(len(p.split()) for p in paragraphs)
    siblings = [i for i in pool.by_event.get(base.event or "", []) if pool.docs[i] is not base]
    used = {id(base)}
    for _ in range(12):
        if words >= target_words:
            break
        same_event = siblings and rng.random() < SAME_EVENT_TOP_UP
        donor = pool.docs[rng.choice(siblings)] if same_event else rng.choice(pool.docs)
        if id(donor) in used:
            continue
        used.add(id(donor))
        paragraphs += donor.paragraphs
        words += sum(len(p.split()) for p in donor.paragraphs)
    return base, trim_to_words(paragraphs, target_words)


def trim_to_words(paragraphs: list[str], target_words: int) -> list[str]:
    """Cut at the paragraph, then sentence, boundary nearest the target length."""
    kept: list[str] = []
    words = 0
    for paragraph in paragraphs:
        size = len(paragraph.split())
        if words + size <= target_words:
            kept.append(paragraph)
            words += size
            continue
        sentences = SENTENCE_SPLIT_RE.split(paragraph)
        partial = []
        for sentence in sentences:
            if words + len(sentence.split()) > target_words:
                break
            partial.append(sentence)
            words += len(sentence.split())
        if partial:
            kept.append(" ".join(partial))
        break
    return kept or paragraphs[:1]


def shuffle_sentences(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Shuffle sentences inside some paragraphs, never the lede."""
    shuffled = paragraphs[:1]
    for paragraph in paragraphs[1:]:
        sentences = SENTENCE_SPLIT_RE.split(paragraph)
        if len(sentences) > 1 and rng.random() < SHUFFLE_PARAGRAPH:
            rng.shuffle(sentences)
        shuffled.append(" ".join(sentences))
    return shuffled


def _match_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def swap_synonyms(text: str, rng: random.Random) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        choices = SYNONYMS.get(word.lower())
        if choices is None or rng.random() >= SYNONYM_SWAP:
            return word
        return _match_case(word, rng.choice(choices))

    return WORD_RE.sub(replace, text)


def swap_names(text: str, rng: random.Random) -> str:
    """Replace 'Firstname Surname' people (and their later bare surnames) by invented ones, by gender."""
    surnames: dict[str, str] = {}
    firsts: dict[str, str] = {}
    for first, last in NAME_RE.findall(text):
        if first not in FIRST_NAMES or last in MONTHS or last in WEEKDAYS:
            continue
        if first not in firsts:
            firsts[first] = rng.choice(INVENTED_FIRST_F if first in FIRST_NAMES_F else INVENTED_FIRST_M)
        if last not in surnames:
            surnames[last] = rng.choice(INVENTED_SURNAMES)
    if not surnames:
        return text
    # first names first (only where followed by a known surname), then every known surname
    text = FIRST_WORD_RE.sub(
        lambda m: firsts[m.group(1)] if m.group(1) in firsts and m.group(2) in surnames else m.group(0),
        text,
    )
    return CAPITALISED_RE.sub(lambda m: surnames.get(m.group(0), m.group(0)), text)


def _shift_number(value: int, rng: random.Random) -> int:
    if value < 20:
        return max(1, value + rng.randint(-2, 2))
    shifted = value * rng.uniform(0.8, 1.25)
    keep = max(0, len(str(value)) - 2)  # keep two significant digits, like reporters round
    return max(1, int(round(shifted, -keep)))


def shift_numbers(text: str, rng: random.Random) -> str:
    """Shift counts and amounts, the same number always to the same new number; years stay."""
    mapping: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        token = match.group(1)
        value = int(token.replace(",", ""))
        if token not in mapping:
            is_year = len(token) == 4 and 1000 <= value <= 2100
            keep = is_year or rng.random() >= NUMBER_SHIFT
            new = value if keep else _shift_number(value, rng)
            mapping[token] = f"{new:,}" if "," in token else str(new)
        return mapping[token]

    return NUMBER_RE.sub(replace, text)


def shift_dates(text: str, offset_days: int, base_year: int) -> str:
    """Move 'March 12[, 2014]' and weekday names by the same offset as the publication date."""

    def replace_date(match: re.Match[str]) -> str:
        month, day, year = match.group(1), int(match.group(2)), match.group(3)
        try:
            when = dt.date(int(year or base_year), MONTHS.index(month) + 1, day)
        except ValueError:
            return match.group(0)
        moved = when + dt.timedelta(days=offset_days)
        shown = f"{MONTHS[moved.month - 1]} {moved.day}"
        return f"{shown}, {moved.year}" if year else shown

    text = DATE_RE.sub(replace_date, text)
    return WEEKDAY_RE.sub(lambda m: WEEKDAYS[(WEEKDAYS.index(m.group(1)) + offset_days) % 7], text)


def boilerplate_lines(rng: random.Random, title: str, outlet: str, author: str, other_title: str) -> tuple:
    """(lines above the body, lines inside it, lines below it), as a scraper would leave them."""
    slug = outlet.lower().replace(" ", "")
    top = [title]
    if rng.random() < 0.5:
        top += [f"{outlet} — {rng.choice(SLOGANS)}"]
    if rng.random() < 0.5:
        top += ["Share", title]
    if rng.random() < 0.4:
        top += [f"Photo: {author.split()[0]} {author.split()[-1]}/{outlet}"]
    middle = [line for line in ("Advertisement", f"Read more: {other_title}") if rng.random() < 0.4]
    bottom = []
    if rng.random() < 0.6:
        bottom.append("Previous Post Next Post")
    if rng.random() < 0.5:
        bottom.append(f"Contact the author: {author.split()[0].lower()}@{slug}.example")
    if rng.random() < 0.3:
        bottom.append(f"© {outlet}. All rights reserved.")
    return top, middle, bottom


# --------------------------------------------------------------------------- assembling articles


def _title_for(doc: SourceDoc, paragraphs: list[str]) -> str:
    if doc.title:
        return " ".join(doc.title.split())
    words = paragraphs[0].split()
    return " ".join(words[:12]).rstrip(",.;:") + ("…" if len(words) > 12 else "")


def _base_date(doc: SourceDoc, rng: random.Random) -> dt.date:
    if doc.published:
        try:
            return dt.date.fromisoformat(doc.published[:10])
        except ValueError:
            pass
    return dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))


def make_article(pool: Pool, index: int, seed: int, mean_words: int) -> dict[str, Any]:
    rng = random.Random(f"{seed}:{index}")
    target = max(200, int(rng.gauss(mean_words, mean_words * 0.15)))
    base, paragraphs = pick_body(pool, rng, target)
    offset = rng.randint(-45, 45)
    base_date = _base_date(base, rng)
    published = base_date + dt.timedelta(days=offset)

    body = "\n\n".join(shuffle_sentences(paragraphs, rng))
    body = shift_dates(body, offset, base_date.year)
    body = swap_names(swap_synonyms(body, rng), rng)
    body = shift_numbers(body, rng)
    title = swap_synonyms(_title_for(base, paragraphs), rng)

    outlet = f"{rng.choice(OUTLET_PLACES)} {rng.choice(OUTLET_KINDS)}"
    author = f"{rng.choice(INVENTED_FIRST_F + INVENTED_FIRST_M)} {rng.choice(INVENTED_SURNAMES)}"
    other_title = _title_for(rng.choice(pool.docs), ["Local news"])
    top, middle, bottom = boilerplate_lines(rng, title, outlet, author, other_title)
    body_paragraphs = body.split("\n\n")
    for line in middle:
        body_paragraphs.insert(rng.randint(1, max(1, len(body_paragraphs) - 1)), line)
    text = "\n\n".join(["\n".join(top), *body_paragraphs, "\n".join(bottom)]).strip() + "\n"

    slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8]) or "story"
    site = outlet.lower().replace(" ", "")
    return {
        "id": f"gen{seed}-{index:07d}",
        "title": title,
        "text": text,
        "published": published.isoformat() if rng.random() < 0.9 else None,
        "source": outlet,
        "url": f"https://www.{site}.example/{published:%Y/%m/%d}/{slug}-{index}",
    }


def generate(pool: Pool, n: int, seed: int = 0, mean_words: int = 700) -> Iterator[dict[str, Any]]:
    """Yield ``n`` articles one at a time; nothing is kept after it is yielded."""
    for index in range(n):
        yield make_article(pool, index, seed, mean_words)


# --------------------------------------------------------------------------- CLI and report


def _sentence_hashes(pool: Pool) -> set[bytes]:
    return {
        hashlib.blake2b(sentence.encode(), digest_size=8).digest()
        for doc in pool.docs
        for paragraph in doc.paragraphs
        for sentence in SENTENCE_SPLIT_RE.split(paragraph)
    }


@dataclass
class Tally:
    articles: int = 0
    words: int = 0
    min_words: int = 10**9
    max_words: int = 0
    sentences: int = 0
    verbatim: int = 0
    size_bytes: int = 0

    def add(self, article: dict[str, Any], line: str, known: set[bytes]) -> None:
        words = len(article["text"].split())
        self.articles += 1
        self.words += words
        self.min_words = min(self.min_words, words)
        self.max_words = max(self.max_words, words)
        self.size_bytes += len(line.encode())
        for paragraph in article["text"].split("\n\n"):
            for sentence in SENTENCE_SPLIT_RE.split(" ".join(paragraph.split())):
                self.sentences += 1
                self.verbatim += hashlib.blake2b(sentence.encode(), digest_size=8).digest() in known


def write_corpus(pool: Pool, out: TextIO, n: int, seed: int, mean_words: int) -> Tally:
    known = _sentence_hashes(pool)
    tally = Tally()
    for article in generate(pool, n, seed, mean_words):
        line = json.dumps(article, ensure_ascii=False) + "\n"
        out.write(line)
        tally.add(article, line, known)
    return tally


def print_report(pool: Pool, tally: Tally, seconds: float) -> None:
    pool_words = [sum(len(p.split()) for p in doc.paragraphs) for doc in pool.docs]
    generated_mean = tally.words / max(1, tally.articles)
    rows = [
        ("articles", f"{len(pool.docs):,}", f"{tally.articles:,}"),
        ("mean words", f"{sum(pool_words) / len(pool_words):.0f}", f"{generated_mean:.0f}"),
        (
            "min / max words",
            f"{min(pool_words)} / {max(pool_words)}",
            f"{tally.min_words} / {tally.max_words}",
        ),
        ("events with ≥2 docs", f"{len(pool.by_event):,}", "—"),
        ("sentences verbatim from source", "100%", f"{100 * tally.verbatim / max(1, tally.sentences):.1f}%"),
        ("size", "—", f"{tally.size_bytes / 1e6:.1f} MB"),
        ("time", "—", f"{seconds:.1f} s ({tally.articles / max(seconds, 1e-9):,.0f} articles/s)"),
    ]
    print(f"source pool: {pool.origin}", file=sys.stderr)
    print(f"{'':32} {'source pool':>18} {'generated':>28}", file=sys.stderr)
    for name, source, generated in rows:
        print(f"{name:32} {source:>18} {generated:>28}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--out", required=True, help="JSONL path to write ('-' for stdout)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--words", type=int, default=700, help="mean article length in words")
    parser.add_argument("--source", choices=("auto", "benchmarks", "demo"), default="auto")
    args = parser.parse_args(argv)

    pool = read_pool(args.source)
    started = time.perf_counter()
    if args.out == "-":
        tally = write_corpus(pool, sys.stdout, args.n, args.seed, args.words)
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            tally = write_corpus(pool, out, args.n, args.seed, args.words)
    print_report(pool, tally, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
