"""Subjectivity macro-F1 on CheckThat! 2025 English dev_test: newsprism's two models vs trivial baselines.

Reproduce:
    .venv/bin/python bench/train_opinion.py        # fits on train(+dev), selects on dev only
    .venv/bin/python bench/opinion_checkthat.py

dev_test is only evaluated here, never used for training or selection. Also prints the scoring cost per
article-sized batch (35 sentences), the figure that decides which model runs by default, twice for the fast
model: on dev_test batches (the historical figure) and at first sight, over 50 articles' worth of train+dev
sentences each scored once in a fresh process (no word seen before: the scorer's per-word cache is cold).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsprism.opinion import predict_proba, rule_reasons, score_masked, threshold
from train_opinion import DATA, read_split

ARTICLE = 35  # sentences in a typical article


def per_article_ms(sentences: list[str], choice: str) -> float:
    """CPU milliseconds to score one article's worth of sentences (after a warm-up call)."""
    score_masked(sentences[:ARTICLE], choice)
    batches = [sentences[i : i + ARTICLE] for i in range(0, ARTICLE * 6, ARTICLE)]
    started = time.process_time()
    for batch in batches:
        score_masked(batch, choice)
    return (time.process_time() - started) / len(batches) * 1000


def first_sight_ms(articles: int = 50) -> float:
    """CPU milliseconds per 35-sentence article over sentences the scorer has never seen."""
    sentences = read_split("train").texts + read_split("dev").texts
    batches = [sentences[i : i + ARTICLE] for i in range(0, ARTICLE * articles, ARTICLE)]
    score_masked(["The model is loaded before timing starts."], "fast")
    started = time.process_time()
    for batch in batches:
        score_masked(batch, "fast")
    return (time.process_time() - started) / len(batches) * 1000


def main() -> int:
    if not DATA.exists():
        print(f"CheckThat! data not found at {DATA}; skipping.", file=sys.stderr)
        return 1
    from sklearn.metrics import f1_score

    cold_ms = first_sight_ms()  # first, before any other scoring warms the caches
    split = read_split("dev_test")
    sentences, gold = split.texts, split.labels
    systems: dict[str, list[int]] = {
        "baseline: majority (OBJ)": [0] * len(sentences),
        "baseline: lexicon rules only": [int(bool(rule_reasons(s))) for s in sentences],
    }
    costs = {}
    for choice in ("fast", "accurate"):
        cut = threshold(choice)
        model = predict_proba(sentences, choice) or [0.0] * len(sentences)
        systems[f"newsprism {choice} model"] = [int(p >= cut) for p in model]
        systems[f"newsprism {choice} scorer (model + rules)"] = [
            int(s.score >= cut) for s in score_masked(sentences, choice)
        ]
        costs[choice] = per_article_ms(sentences, choice)
    print(f"CheckThat! 2025 English dev_test: {len(gold)} sentences, {sum(gold)} SUBJ")
    print(f"{'system':40} {'macro-F1':>8} {'SUBJ-F1':>8}")
    for name, predicted in systems.items():
        macro = f1_score(gold, predicted, average="macro")
        subj = f1_score(gold, predicted, pos_label=1, zero_division=0)
        print(f"{name:40} {macro:8.4f} {subj:8.4f}")
    for choice, ms in costs.items():
        print(
            f"{choice:8} threshold {threshold(choice):.2f} (chosen on dev); "
            f"{ms:.1f} ms CPU per {ARTICLE}-sentence article"
        )
    print(f"fast     {cold_ms:.1f} ms CPU per {ARTICLE}-sentence article at first sight (50 unseen articles)")
    print("target: macro-F1 >= 0.80 (best published test figure 0.81); fast scorer <= 10 ms per article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
