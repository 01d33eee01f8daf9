"""Are briefings and timelines verifiably cited? Runs the whole pipeline on the demo corpus and the seeds.

Reproduce:  .venv/bin/python bench/briefing_checks.py

Prints, per corpus: briefing sentences, how many are verifiably cited (every citation's text equals
``article.text[start:end]`` and the sentence is a citation, a bracketed date note on one, or the fixed
"Outlets differ on" frame around cited spans), how many cite two or more outlets, and how many cite a
sentence the opinion stage flagged; the same for a lead-k baseline (the first k sentences of each
event's first article). Then timeline entries checked the same way, the demo corpus' gold relative
dates (``demo/expected.json``: ``relative_dates``) resolved by newsprism.temporal, and the seed event days.
"""

from __future__ import annotations

import sys
from pathlib import Path

import newsprism
from newsprism.briefing import article_sentences, verify_citations
from newsprism.config import Config
from newsprism.model import Dossier
from newsprism.temporal import parse_anchor, resolve, sentence_around
from newsprism.timeline import verify_timeline

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_DATES = {"001": "2025-05-19"}  # the others: 2025-02-13


def opinion_leaks(dossier: Dossier, spans: list[tuple[str, int]]) -> int:
    flagged = [(f.article, f.start, f.end) for f in dossier.opinion if f.score >= 0.5]
    return sum(any(a == art and s <= start < e for a, s, e in flagged) for art, start in spans)


def briefing_figures(dossier: Dossier) -> dict[str, float]:
    sentences = [s for b in dossier.briefings for s in b.sentences]
    problems = [p for b in dossier.briefings for p in verify_citations(dossier, b)]
    bad_sentences = {p.rsplit(":", 1)[0] for p in problems}
    multi = sum(len({c.article for c in s.citations}) >= 2 for s in sentences)
    cited = [(c.article, c.start) for s in sentences for c in s.citations if c.ref != "date"]
    return {
        "events": len(dossier.events),
        "briefings": len(dossier.briefings),
        "sentences": len(sentences),
        "verified": len(sentences) - len(bad_sentences),
        "multi_source": multi,
        "opinion_leaks": opinion_leaks(dossier, cited),
        "problems": len(problems),
    }


def lead_baseline(dossier: Dossier, k: int) -> dict[str, float]:
    spans = []
    for event in dossier.events:
        articles = sorted((dossier.article(a) for a in event.articles), key=lambda a: a.published or "")
        if articles:
            spans += [(articles[0].id, s.start) for s in article_sentences(articles[0])[:k]]
    return {
        "sentences": len(spans),
        "verified": len(spans),
        "multi_source": 0,
        "opinion_leaks": opinion_leaks(dossier, spans),
    }


def print_briefings(name: str, dossier: Dossier, k: int) -> None:
    ours, base = briefing_figures(dossier), lead_baseline(dossier, k)
    print(f"\n== {name}: {ours['events']} events, {ours['briefings']} briefings")
    print(f"{'':22} {'sentences':>9} {'verified':>9} {'>=2 outlets':>11} {'opinion leaks':>13}")
    for label, fig in (("newsprism briefing", ours), (f"lead-{k} baseline", base)):
        counts = f"{fig['sentences']:>9} {fig['verified']:>9} {fig['multi_source']:>11}"
        print(f"{label:22} {counts} {fig['opinion_leaks']:>13}")
    timeline_problems = verify_timeline(dossier)
    mentioned = sum(t.mentioned for t in dossier.timeline)
    print(
        f"timeline: {len(dossier.timeline)} entries ({mentioned} mentioned), "
        f"{len(timeline_problems)} citation problems"
    )
    for problem in timeline_problems[:5]:
        print("   ", problem)


def demo_relative_dates(dossier: Dossier) -> None:
    from newsprism.demo import load_expected

    gold = load_expected().get("relative_dates", [])
    by_id = {a.id: a for a in dossier.articles}
    correct = wrong = missing = 0
    for item in gold:
        article = by_id.get(item["article"])
        position = article.text.find(item["text"]) if article else -1
        if article is None or position < 0:
            missing += 1
            print(f"   not found: {item['article']} {item['text']!r}")
            continue
        context = sentence_around(article.text, position, position + len(item["text"]))
        res = resolve(item["text"], parse_anchor(article.published), context=context)
        answer = res.date.isoformat() if res.resolved and res.precision == "day" and res.date else None
        if answer == item["resolves_to"]:
            correct += 1
        else:
            wrong += answer is not None
            print(f"   {item['article']} {item['text']!r}: expected {item['resolves_to']}, got {answer}")
    print(f"demo relative dates: {correct}/{len(gold)} correct, {wrong} confident wrong, {missing} not found")


def seed_dossier() -> Dossier | None:
    if not SEEDS.exists():
        return None
    records = [
        {
            "id": p.stem,
            "text": p.read_text(encoding="utf-8"),
            "published": SEED_DATES.get(p.stem[:3], "2025-02-13"),
            "source": f"seed-{p.stem[:3]}",
        }
        for p in sorted(SEEDS.glob("*.txt"))
    ]
    return newsprism.analyze(records)


def main() -> int:
    config = Config()
    from newsprism.demo import demo_path

    demo = newsprism.analyze([demo_path()])
    print_briefings("demo corpus", demo, config.briefing_sentences)
    demo_relative_dates(demo)
    seeds = seed_dossier()
    if seeds is None:
        print(f"\nseeds not found at {SEEDS}: skipped")
        return 0
    print_briefings("seeds", seeds, config.briefing_sentences)
    for entry in seeds.timeline:
        if not entry.mentioned:
            print(
                f"   {entry.date} {entry.precision:5} {entry.summary[:70]!r} ({len(entry.articles)} articles)"
            )
    ok = all(briefing_figures(d)["problems"] == 0 and not verify_timeline(d) for d in (demo, seeds))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
