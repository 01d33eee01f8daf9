"""ClaimDiff pairs as a sanity check of the typed judge (not a benchmark of it).

Reproduce:
    .venv/bin/python bench/claimdiff_judge.py

ClaimDiff (Ko et al., 2022) pairs claims from different outlets on one topic, labelled 1 when claim B
strengthens (ClaimDiff-S) or weakens (ClaimDiff-W) claim A. Most pairs carry no typed, comparable
quantity, so the judge abstains on them; the check is (1) how often both sides yield aligned typed claims,
(2) that the verdicts on those are sensible: weakening pairs should show more "incompatible" verdicts than
non-weakening ones. Baseline: "any two numbers that differ conflict" (same aligned pairs, raw values).
Uses the train files only.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from newsprism.claims import extract_claims
from newsprism.findings import IntervalJudge, _key
from newsprism.model import Article

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "claims" / "claimdiff"
FILES = {
    "weakens (W)": "ClaimDiff-W/ClaimDiff-weak-train.json",
    "strengthens (S)": "ClaimDiff-S/ClaimDiff-strength-train.json",
}


def _claims(text: str, article_id: str, published: str | None) -> dict:
    article = Article(id=article_id, text=text, original=text, published=published)
    return {_key(c): c for c in extract_claims(article) if c.subject}


def main() -> int:
    if not DATA.exists():
        print(f"ClaimDiff not found at {DATA}; skipping.", file=sys.stderr)
        return 1
    judge = IntervalJudge()
    for name, relative in FILES.items():
        pairs = json.loads((DATA / relative).read_text(encoding="utf-8"))["data"]
        verdicts: dict[int, Counter] = {0: Counter(), 1: Counter()}
        baseline: dict[int, Counter] = {0: Counter(), 1: Counter()}
        aligned_pairs = 0
        examples: list[str] = []
        for pair in pairs:
            a = _claims(pair["claim_a"], "a", pair.get("date"))
            b = _claims(pair["claim_b"], "b", pair.get("date"))
            shared = a.keys() & b.keys()
            if not shared:
                continue
            aligned_pairs += 1
            label = int(pair["relation"])
            for key in shared:
                verdict = judge.compare(a[key], b[key])
                verdicts[label][verdict.relation] += 1
                if verdict.relation == "incompatible" and len(examples) < 3:
                    examples.append(f"    {key}: {verdict.reason}")
                baseline[label]["incompatible" if a[key].value != b[key].value else "compatible"] += 1
        print(
            f"ClaimDiff {name} train: {len(pairs)} pairs, {aligned_pairs} with aligned typed claims "
            f"({aligned_pairs / len(pairs):.1%})"
        )
        for label in (1, 0):
            total = sum(verdicts[label].values()) or 1
            share = verdicts[label]["incompatible"] / total
            base = baseline[label]["incompatible"] / (sum(baseline[label].values()) or 1)
            print(
                f"  relation={label}: {dict(verdicts[label])}  incompatible {share:.0%} "
                f"(baseline 'numbers differ' {base:.0%})"
            )
        print("  incompatible verdicts, for inspection:")
        print("\n".join(examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
