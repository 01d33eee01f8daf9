"""Findings on a synthetic 100-article event: time of the FindingStage alone (target <= 2 s, 2 cores).

Reproduce:
    .venv/bin/python bench/claims_findings_timing.py

Each article is a different outlet and carries the seed-like sentences below (call length, a title, a
share of territory, an amount, an elapsed time), with the hedges varied, so every alignment group holds
100 sources. Baseline: the same judging done pairwise over all claim pairs with no alignment, the naive
way to compare 100 outlets.
"""

from __future__ import annotations

import sys
import time

from newsprism.claims import extract_claims
from newsprism.findings import FindingStage, IntervalJudge
from newsprism.model import Article, Dossier, Event

HEDGES = ["about", "nearly", "almost", "roughly", ""]
TEMPLATE = (
    "US President Donald Trump spoke with Russian President Vladimir Putin on Wednesday. "
    "The call lasted {hedge} an hour and a half. Russia occupies {hedge} 20 percent of Ukraine. "
    "Trump wants $500 billion of mineral reserves. The war has lasted almost three years. "
    "Kremlin spokesperson Dmitry Peskov confirmed the call. {filler}"
)
FILLER = "Officials said talks would continue. " * 20


def build(n: int = 100) -> Dossier:
    articles = []
    for i in range(n):
        text = TEMPLATE.format(hedge=HEDGES[i % len(HEDGES)], filler=FILLER).replace("  ", " ")
        articles.append(
            Article(id=f"a{i:03}", text=text, original=text, published="2025-02-13", source=f"o{i}")
        )
    claims = [c for a in articles for c in extract_claims(a)]
    return Dossier(
        articles=articles, claims=claims, events=[Event(id="e", title="", articles=[a.id for a in articles])]
    )


def main() -> int:
    dossier = build()
    started = time.perf_counter()
    FindingStage().update(dossier, [a.id for a in dossier.articles])
    elapsed = time.perf_counter() - started
    judge = IntervalJudge()
    started = time.perf_counter()
    pairs = 0
    for a in dossier.claims:
        for b in dossier.claims:
            if a.article < b.article:
                judge.compare(a, b)
                pairs += 1
    naive = time.perf_counter() - started
    kinds = sorted({f.kind for f in dossier.findings})
    print(
        f"100-article event, {len(dossier.claims)} claims -> {len(dossier.findings)} findings "
        f"({', '.join(kinds)})"
    )
    print(f"{'system':44} {'seconds':>8}")
    print(f"{'baseline: judge every claim pair (' + str(pairs) + ')':44} {naive:8.3f}")
    print(f"{'newsprism FindingStage (align, then judge)':44} {elapsed:8.3f}")
    print("target: <= 2 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
