"""Event page latency with 1,000 articles in one event (target: p95 ≤ 300 ms on 2 cores).

Reproduce:
    .venv/bin/python bench/web_latency.py                # 1,000 articles, 50 renders
    .venv/bin/python bench/web_latency.py --articles 2000 --renders 100

Generates a SQLite store (in a temporary folder) with N synthetic articles from 40 outlets in one
event, each with entity mentions, two quotes (near-identical wordings across outlets, so the
quote-variant grouping has real work), a claim and an opinion sentence, plus findings and a cited
briefing written directly with ``store.put_collection``. Then it renders ``/event/<id>`` through the
whole ASGI stack (FastAPI TestClient) N times and prints p50/p95.

Side by side:
* newsprism: the dossier index built once per store modification (the first request pays it;
  reported separately as "cold"), every later request only looks up and renders.
* baseline: what a naive server does, rebuilding the dossier from the store on every request
  (``pipeline.build_dossier`` + index + render), measured over fewer renders because it is slow.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from newsprism.model import (
    Article,
    ArticleAnalysis,
    Briefing,
    BriefingSentence,
    Claim,
    Entity,
    Event,
    Evidence,
    Finding,
    Mention,
    OpinionFlag,
    Quote,
    to_dict,
)
from newsprism.store import open_store
from newsprism.web import create_app

PEOPLE = ["Ana Ribeiro", "Tomas Vell", "Mara Holt", "Ilya Brandt", "Sofia Mendez"]
SAID = [
    "We will not accept any deal that leaves the harbour workers without a contract",
    "The talks were long and difficult but we made real progress tonight",
    "Nobody should expect the port to reopen before the end of the month",
]


def make_article(n: int) -> Article:
    speaker = PEOPLE[n % len(PEOPLE)]
    quote = SAID[n % len(SAID)].replace("real", ["real", "some", "genuine"][n % 3])
    text = (
        f"{speaker} spoke to reporters on day {n % 28 + 1}. "
        f"“{quote},” {speaker} said. "
        f"The strike has lasted {10 + n % 5} days, according to union figures. "
        "Surely this is the worst way to run a port. "
        f"Officials from outlet {n % 40} said talks would resume. "
        f"“{SAID[(n + 1) % len(SAID)]},” a spokesperson added."
    )
    return Article(
        id=f"a{n:05d}",
        text=text,
        original=text,
        title=f"Port strike talks, report {n}",
        source=f"Outlet {n % 40}",
        published=f"2025-03-{n % 28 + 1:02d}",
        language="en",
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def analyse(article: Article) -> ArticleAnalysis:
    text, aid = article.text, article.id
    speaker = next(p for p in PEOPLE if text.startswith(p))
    entity = Entity(f"{aid}:p", speaker, "PERSON", aliases=[speaker])
    mentions = []
    start = text.find(speaker)
    while start >= 0:
        mentions.append(Mention(aid, start, start + len(speaker), speaker, entity.id))
        start = text.find(speaker, start + 1)
    quotes = []
    start = text.find("“")
    while start >= 0:
        end = text.find("”", start)
        quotes.append(
            Quote(
                f"{aid}:q{len(quotes) + 1}",
                aid,
                text[start + 1 : end],
                start + 1,
                end,
                speaker=speaker if not quotes else None,
                speaker_entity=entity.id if not quotes else None,
            )
        )
        start = text.find("“", end)
    c0 = text.find("The strike has lasted")
    c1 = text.find(".", c0) + 1
    o0 = text.find("Surely")
    o1 = text.find(".", o0) + 1
    return ArticleAnalysis(
        article=aid,
        entities=[entity],
        mentions=mentions,
        quotes=quotes,
        claims=[Claim(f"{aid}:c1", aid, text[c0:c1], c0, c1, "duration", 10, "day")],
        opinion=[OpinionFlag(aid, text[o0:o1], o0, o1, 0.8, ["intensifier"])],
    )


def evidence(article: Article, needle: str) -> Evidence:
    start = article.text.find(needle)
    return Evidence(article.id, start, start + len(needle), needle)


def build_store(db: Path, count: int) -> str:
    articles = [make_article(n) for n in range(count)]
    with open_store(db) as store:
        store.put_articles(articles)
        store.put_analyses([analyse(a) for a in articles])
        ids = [a.id for a in articles]
        findings = [
            Finding(
                f"f{n}",
                kind,
                f"finding {n}",
                "big",
                ids[n : n + 2],
                [
                    evidence(articles[n], "The strike has lasted"),
                    evidence(articles[n + 1], "The strike has lasted"),
                ],
            )
            for n, kind in enumerate(["conflict", "agreement", "outlier", "single_source"] * 10)
        ]
        briefing = Briefing(
            "big",
            "Talks resumed.",
            [BriefingSentence("Talks resumed.", [evidence(a, "talks would resume") for a in articles[:5]])],
        )
        store.put_collection(
            {
                "events": to_dict(
                    [
                        Event(
                            "big",
                            "Port strike talks",
                            ids,
                            "2025-03-01",
                            "2025-03-28",
                            sorted({a.source or "" for a in articles}),
                        )
                    ]
                ),
                "findings": to_dict(findings),
                "briefings": to_dict([briefing]),
            }
        )
    return str(db)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_renders(
    client: TestClient, path: str, renders: int, before: Callable[[], None] | None = None
) -> list[float]:
    samples = []
    for _ in range(renders):
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--baseline-renders", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        db = build_store(Path(folder) / "bench.sqlite", args.articles)
        print(f"store: {args.articles} articles in one event, built in {time.perf_counter() - started:.1f}s")
        app = create_app(db)
        with TestClient(app) as client:
            started = time.perf_counter()
            first = client.get("/event/big")
            cold = (time.perf_counter() - started) * 1000
            size = len(first.content)
            ours = time_renders(client, "/event/big", args.renders)

            # the baseline: no cache, so every request rebuilds the dossier from the store
            baseline = time_renders(client, "/event/big", args.baseline_renders, app.state.cache.invalidate)
    print(f"page: {size / 1024:.0f} KiB of HTML; first (cold) request {cold:.0f} ms")
    print(f"{'':28}{'p50 ms':>10}{'p95 ms':>10}{'renders':>10}")
    print(
        f"{'newsprism (cached index)':28}{statistics.median(ours):>10.1f}{percentile(ours, 0.95):>10.1f}"
        f"{len(ours):>10}"
    )
    print(
        f"{'baseline (rebuild/request)':28}{statistics.median(baseline):>10.1f}"
        f"{percentile(baseline, 0.95):>10.1f}{len(baseline):>10}"
    )
    target = percentile(ours, 0.95) <= 300
    print(f"target p95 ≤ 300 ms: {'met' if target else 'MISSED'}")
    return 0 if target else 1


if __name__ == "__main__":
    sys.exit(main())
