"""Subjectivity macro-F1 on CheckThat! 2025 English dev_test: newsprism vs trivial baselines.

Reproduce:
    .venv/bin/python bench/train_opinion.py        # trains on train+dev only
    .venv/bin/python bench/opinion_checkthat.py

dev_test is only evaluated here, never used for training or tuning.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsprism.opinion import predict_proba, rule_reasons, score_masked, threshold
from train_opinion import DATA, read_split


def main() -> int:
    if not DATA.exists():
        print(f"CheckThat! data not found at {DATA}; skipping.", file=sys.stderr)
        return 1
    from sklearn.metrics import f1_score

    sentences, gold = read_split("dev_test")
    started = time.perf_counter()
    probabilities = predict_proba(sentences) or [0.0] * len(sentences)
    full = [s.score for s in score_masked(sentences)]
    elapsed = time.perf_counter() - started
    cut = threshold()
    systems = {
        "baseline: majority (OBJ)": [0] * len(sentences),
        "baseline: lexicon rules only": [int(bool(rule_reasons(s))) for s in sentences],
        "newsprism model (USE+lexicon LR)": [int(p >= cut) for p in probabilities],
        "newsprism scorer (model + rules)": [int(p >= cut) for p in full],
    }
    print(f"CheckThat! 2025 English dev_test: {len(gold)} sentences, {sum(gold)} SUBJ")
    print(f"{'system':36} {'macro-F1':>8} {'SUBJ-F1':>8}")
    for name, predicted in systems.items():
        macro = f1_score(gold, predicted, average="macro")
        subj = f1_score(gold, predicted, pos_label=1, zero_division=0)
        print(f"{name:36} {macro:8.4f} {subj:8.4f}")
    print(f"operating threshold {cut:.2f} (stored with the model, chosen on dev)")
    print(f"scoring time: {elapsed:.1f} s for {len(sentences)} sentences (2 cores)")
    print("target: macro-F1 >= 0.80 (best published test figure 0.81)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
