"""Train the shipped opinion model on CheckThat! 2025 English train + dev (never dev_test).

Reproduce:
    .venv/bin/python bench/train_opinion.py            # writes src/newsprism/models/opinion_lr.json.gz
    .venv/bin/python bench/train_opinion.py --tune     # train on train, report dev macro-F1 per C; no write

Data: ../shared/benchmarks/opinion/checkthat2025/english/{train,dev}_en.tsv (CC BY-NC-SA 4.0).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from newsprism.opinion import MODEL_PATH, build_model, featurize, mask_quotes, save_model

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "opinion" / "checkthat2025"


def read_split(name: str, language: str = "english", code: str = "en") -> tuple[list[str], list[int]]:
    path = DATA / language / f"{name}_{code}.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [mask_quotes(r["sentence"]) for r in rows], [int(r["label"] == "SUBJ") for r in rows]


def best_dev_threshold(model: object, dev_f: object, dev_y: list[int]) -> float:
    """The probability cut-off with the best dev macro-F1 (dev only; dev_test is never looked at)."""
    from sklearn.metrics import f1_score

    probabilities = model.predict_proba(dev_f)[:, 1]  # type: ignore[attr-defined]
    candidates = [t / 100 for t in range(30, 86, 5)]
    scores = {t: f1_score(dev_y, [int(p >= t) for p in probabilities], average="macro") for t in candidates}
    for t, score in scores.items():
        print(f"threshold {t:.2f} dev macro-F1 {score:.4f}")
    return max(scores, key=scores.__getitem__)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tune", action="store_true", help="report dev macro-F1 for a few C values")
    parser.add_argument("--c", type=float, default=1.0)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"CheckThat! data not found at {DATA}; nothing to train on.", file=sys.stderr)
        return 1
    from sklearn.metrics import f1_score

    train_x, train_y = read_split("train")
    dev_x, dev_y = read_split("dev")
    features = featurize(train_x + dev_x)
    train_f, dev_f = features[: len(train_x)], features[len(train_x) :]
    threshold = best_dev_threshold(build_model(args.c).fit(train_f, train_y), dev_f, dev_y)
    if args.tune:
        for c in (0.25, 0.5, 1.0, 2.0, 4.0):
            model = build_model(c).fit(train_f, train_y)
            print(f"C={c:<5} dev macro-F1 {f1_score(dev_y, model.predict(dev_f), average='macro'):.4f}")
        return 0
    model = build_model(args.c).fit(features, train_y + dev_y)
    trained_on = f"CheckThat! 2025 Task 1 English train+dev ({len(features)} sentences), CC BY-NC-SA 4.0"
    save_model(model, trained_on, threshold=threshold)
    print(f"operating threshold (chosen on dev with a train-only model): {threshold:.2f}")
    print(
        f"trained on {len(features)} sentences (train+dev); wrote {MODEL_PATH} "
        f"({MODEL_PATH.stat().st_size / 1e3:.1f} kB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
