"""Train the CRF attribution tagger (``newsprism.quote_tagger``) on PolNeAR **train** only.

Reproduce (dev is never read here)::

    .venv/bin/python bench/train_quote_tagger.py --parse-cache /tmp/polnear_train_tagger.spacy

Each train article is parsed as the bench parses it (cached as a spaCy DocBin with ``--parse-cache``).
Every paragraph is one sequence; each token is tagged B-/I- CONTENT, SOURCE or CUE or O from the gold
attributions (a source or cue inside a discontinuous content keeps its own tag, so "…," he said, "…"
reads as content, source, cue, content). A linear-chain CRF (python-crfsuite, L-BFGS, elastic net) is
fitted on ``quote_tagger.paragraph_features``; c1/c2 are chosen by document-fold cross-validation on
train, scoring the bench's content-overlap F1 of the tagger alone and of the rules plus the tagger's
spans that overlap no rule quote (what ``quotes_polnear.py --tagger`` measures). The model refitted on
all of train is written gzipped to ``src/newsprism/models/quote_tagger.crfsuite.gz``.

Train 4-fold document CV (840 documents, 741k tokens; rules = the current quotes stage with the
learned cues: content overlap P 0.858 R 0.780 F1 0.817, speaker 0.910):

* 80 iterations, first feature set: c1 0.05/c2 0.01: CRF alone F1 0.711 (P 0.854 R 0.609), best
  rules+CRF 0.820; c1 0.2/c2 0.01: alone 0.707, best mix 0.820.
* 150 iterations, + paragraph context, grand-head and anchor-lemma features (the shipped set):
  c1 0.05/c2 0.01: alone F1 0.719 (P 0.827 R 0.635, speaker 0.723); rules+CRF (every span) 0.815;
  rules+CRF with a tagged cue at confidence >= 0.8: P 0.841 R 0.800 F1 0.820, speaker 0.901 (0.7:
  0.820 at speaker 0.897). c1 0.02/c2 0.05: alone 0.718, best mix 0.819.
* the same, features seen fewer than 10 times dropped (``--min-freq 10``, shipped: 809 kB gzipped,
  was 2.0 MB at 3): alone F1 0.713 (P 0.867 R 0.606, speaker 0.753); rules+CRF with a tagged cue:
  confidence >= 0.0 F1 0.820 (R 0.809, speaker 0.900), >= 0.7 F1 0.820 (P 0.844 R 0.798, speaker
  0.904, shipped), >= 0.8 F1 0.820 (R 0.790, speaker 0.907); rules alone then 0.817 at speaker 0.911.
  Speaker by the rules' ``subject_of`` of the tagged cue instead of the tagged source: +0.001 speaker.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quotes_polnear as bench

KINDS = ("SOURCE", "CUE", "CONTENT")  # a word in two parts takes the first: a source inside a content
MODEL_OUT = Path(__file__).resolve().parents[1] / "src" / "newsprism" / "models" / "quote_tagger.crfsuite.gz"


def gold_labels(doc, indices: list[int], gold: list[bench.Attr]) -> list[str]:
    """B-/I-/O labels of one paragraph's tokens from the gold attributions (char spans)."""
    owners: list[tuple[str, int] | None] = []
    for i in indices:
        start, end = doc[i].idx, doc[i].idx + len(doc[i].text)
        owners.append(_owner(start, end, gold))
    labels = []
    for position, owner in enumerate(owners):
        if owner is None:
            labels.append("O")
        else:
            prefix = "I-" if position and owners[position - 1] == owner else "B-"
            labels.append(prefix + owner[0])
    return labels


def _owner(start: int, end: int, gold: list[bench.Attr]) -> tuple[str, int] | None:
    for kind in KINDS:
        for number, attr in enumerate(gold):
            span = getattr(attr, kind.lower())
            if span and span[0] < end and start < span[1]:
                return kind, number
    return None


def sequences(articles: list, docs: list[bench.Doc]) -> list[list[tuple[list[str], list[str]]]]:
    """Per document, its paragraphs as (features, labels); repeated feature strings are interned."""
    from newsprism import entities, quote_tagger

    out = []
    for article, doc in zip(articles, docs, strict=True):
        parsed = entities.parse(article).doc
        paragraphs = []
        for indices in quote_tagger.paragraphs(parsed):
            rows = quote_tagger.paragraph_features(parsed, indices)
            rows = [[sys.intern(f) for f in row] for row in rows]
            paragraphs.append((rows, gold_labels(parsed, indices, doc.gold)))
        out.append(paragraphs)
    return out


def rule_predictions(articles: list, docs: list[bench.Doc], cache: Path | None) -> list[list[bench.Attr]]:
    """The current system's attributions (rules + learned cues), as the bench scores them."""
    if cache is not None and cache.exists():
        return [
            [bench.Attr(*[tuple(s) if s else None for s in a]) for a in d]
            for d in json.loads(cache.read_text())
        ]
    from newsprism import entities

    analyses = entities._analyse_chunk(articles, None)
    predictions = [bench.attrs_of(a.text, x.quotes) for a, x in zip(articles, analyses, strict=True)]
    if cache is not None:
        cache.write_text(json.dumps([[[a.content, a.source, a.cue] for a in d] for d in predictions]))
    return predictions


def fit(train: list, c1: float, c2: float, iterations: int, min_freq: int, path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for paragraphs in train:
        for rows, labels in paragraphs:
            trainer.append(rows, labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.minfreq": min_freq})
    trainer.train(str(path))


def tag_all(articles: list, path: Path) -> list:
    import pycrfsuite

    from newsprism import entities, quote_tagger

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return [quote_tagger.tag_doc(entities.parse(a).doc, tagger) for a in articles]


def report(name: str, docs: list[bench.Doc], predictions: list[list[bench.Attr]]) -> dict:
    result = bench.score(docs, predictions)
    print(
        f"{name:40} content overlap P {result['content overlap P']:.3f} R {result['content overlap R']:.3f} "
        f"F1 {result['content overlap F1']:.3f}  speaker {result['speaker accuracy (matched)']:.3f}  "
        f"n={int(result['predicted'])}",
        flush=True,
    )
    return result


def cross_validate(args, docs, articles, seqs, rules) -> None:
    """Out-of-fold tags for every train document, then the bench's scores at each threshold."""
    for c1, c2 in args.grid:
        tagged: list = [None] * len(docs)
        started = time.time()
        for fold in range(args.folds):
            train = [s for i, s in enumerate(seqs) if i % args.folds != fold]
            held = [i for i in range(len(docs)) if i % args.folds == fold]
            path = args.work / f"cv_{c1}_{c2}_{fold}.crfsuite"
            fit(train, c1, c2, args.iterations, args.min_freq, path)
            for i, found in zip(held, tag_all([articles[i] for i in held], path), strict=True):
                tagged[i] = found
        print(f"c1={c1} c2={c2}: {args.folds} folds in {time.time() - started:.0f}s", flush=True)
        oof = [[[t.content, t.source, t.cue, t.confidence] for t in found] for found in tagged]
        (args.work / f"oof_{c1}_{c2}.json").write_text(json.dumps(oof))  # to score other mixes later
        score_mixes(docs, articles, rules, tagged, args.thresholds)


def score_mixes(
    docs: list[bench.Doc], articles: list, rules: list, tagged: list, thresholds: list[float]
) -> None:
    """The tagger alone and added to the rules, at each confidence floor; added spans with a tagged
    cue only as well (a content with no cue beside it is the tagger's least sure kind), and those with
    the rules' speaker of the tagged cue (``quote_tagger.rule_speaker``) before the tagged source."""
    from dataclasses import replace

    from newsprism import entities, quote_tagger

    with_cue = [[t for t in found if t.cue is not None] for found in tagged]
    resolved = []
    for article, found in zip(articles, with_cue, strict=True):
        parsed = entities.parse(article).doc
        resolved.append([replace(t, source=quote_tagger.rule_speaker(parsed, t) or t.source) for t in found])
    for threshold in thresholds:
        alone = [bench.tagger_attrs(t, threshold) for t in tagged]
        report(f"  CRF alone, conf>={threshold}", docs, alone)
        combined = [bench.add_tagger_spans(r, t, threshold) for r, t in zip(rules, tagged, strict=True)]
        report(f"  rules+CRF, conf>={threshold}", docs, combined)
        combined = [bench.add_tagger_spans(r, t, threshold) for r, t in zip(rules, with_cue, strict=True)]
        report(f"  rules+CRF with a cue, conf>={threshold}", docs, combined)
        combined = [bench.add_tagger_spans(r, t, threshold) for r, t in zip(rules, resolved, strict=True)]
        report(f"  ... and the rules' speaker, conf>={threshold}", docs, combined)


def _pair(text: str) -> tuple[float, float]:
    c1, c2 = text.split(",")
    return float(c1), float(c2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parse-cache", type=Path, default=None)
    parser.add_argument("--parse-only", action="store_true")
    parser.add_argument("--work", type=Path, default=Path("/tmp/quote_tagger"))
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--grid", type=_pair, nargs="*", default=[(0.05, 0.01)], help="c1,c2 pairs")
    parser.add_argument("--thresholds", type=float, nargs="*", default=[0.0, 0.5, 0.7, 0.8])
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--min-freq", type=int, default=10)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-cv", action="store_true", help="only refit on all of train")
    parser.add_argument("--out", type=Path, default=MODEL_OUT)
    parser.add_argument("--rescore", type=Path, default=None, help="score saved out-of-fold tags again")
    args = parser.parse_args(argv)
    docs = bench.load("train", None)
    articles = bench.parsed_articles(docs, args.parse_cache)
    if args.parse_only:
        return 0
    docs, articles = docs[: args.limit], articles[: args.limit]
    args.work.mkdir(parents=True, exist_ok=True)
    seqs = sequences(articles, docs)
    print(f"{len(docs)} train documents, {sum(len(p) for s in seqs for p, _ in s)} tokens", flush=True)
    if args.rescore is not None:
        from newsprism.quote_tagger import TaggedAttribution

        rules = rule_predictions(articles, docs, args.work / f"rules_{len(docs)}.json")
        saved = json.loads(args.rescore.read_text())
        tagged = [
            [TaggedAttribution(*[tuple(x) if isinstance(x, list) else x for x in t]) for t in d]
            for d in saved
        ]
        score_mixes(docs, articles, rules, tagged, args.thresholds)
        return 0
    if not args.no_cv:
        rules = rule_predictions(articles, docs, args.work / f"rules_{len(docs)}.json")
        report("rules (current system)", docs, rules)
        cross_validate(args, docs, articles, seqs, rules)
    c1, c2 = args.grid[0]
    plain = args.work / "quote_tagger.crfsuite"
    fit(seqs, c1, c2, args.iterations, args.min_freq, plain)
    args.out.write_bytes(gzip.compress(plain.read_bytes(), mtime=0))  # same fit, same bytes
    print(f"model written to {args.out} ({args.out.stat().st_size / 1000:.0f} kB), c1={c1} c2={c2}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
