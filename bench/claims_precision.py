"""Claim extraction precision (and recall) on a hand-labelled sample.

Reproduce:
    .venv/bin/python bench/claims_precision.py

The sample (tests/fixtures/claims/labelled.jsonl) is 36 sentences: 22 from the seed articles (stored as
offsets into ../shared/seeds, never copied; skipped with a message when the seeds are absent) and 14
invented ones covering bad input (labels, phone numbers, times, years in names) and other conventions.
A claim is correct when its attribute and its value phrase (``article.text[value_start:value_end]``)
match a gold claim; subject accuracy is reported over the correct ones. Baseline: "every number is a
claim" (each quantity the parser finds, untyped), the naive extractor a regex would give.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newsprism.claims import extract_claims
from newsprism.model import Article
from newsprism.quantities import find_quantities

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "claims" / "labelled.jsonl"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def load_sample() -> list[dict]:
    """The labelled rows with their sentence text; seed sentences are read from ../shared/seeds."""
    rows = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "seed" in row:
            path = SEEDS / f"{row['seed']}.txt"
            if not path.exists():
                print(f"skipping {row['seed']}: seeds not found at {SEEDS}", file=sys.stderr)
                continue
            row["text"] = path.read_text(encoding="utf-8")[row["start"] : row["end"]]
        rows.append(row)
    return rows


def _key(attribute: str, value: str) -> tuple[str, str]:
    return attribute, value


def main() -> int:
    rows = load_sample()
    tp = fp = fn = subject_ok = 0
    base_tp = base_fp = 0
    errors = []
    for n, row in enumerate(rows):
        text = row["text"]
        article = Article(id=f"s{n}", text=text, original=text, published=row.get("published", "2025-02-13"))
        gold = {_key(c["attribute"], c["value"]): c["subject"] for c in row["claims"]}
        found = {}
        for claim in extract_claims(article):
            found[_key(claim.attribute, text[claim.value_start : claim.value_end])] = claim.subject
        for key, subject in found.items():
            if key in gold:
                tp += 1
                subject_ok += int((subject or "").lower() == gold[key].lower())
            else:
                fp += 1
                errors.append(f"  FP {key} in: {text[:70]}")
        for key in gold.keys() - found.keys():
            fn += 1
            errors.append(f"  FN {key} in: {text[:70]}")
        gold_values = {value for _, value in gold}
        for quantity in find_quantities(text):
            if quantity.text in gold_values:
                base_tp += 1
            else:
                base_fp += 1
    print(f"hand-labelled sample: {len(rows)} sentences, {tp + fn} gold claims")
    print(f"{'system':38} {'precision':>9} {'recall':>7}")
    print(
        f"{'baseline: every number is a claim':38} {base_tp / max(1, base_tp + base_fp):9.3f} "
        f"{base_tp / max(1, tp + fn):7.3f}"
    )
    print(f"{'newsprism claims':38} {tp / max(1, tp + fp):9.3f} {tp / max(1, tp + fn):7.3f}")
    print(f"subject correct on {subject_ok}/{tp} correct claims")
    print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
