"""Train the learned quote filter (``newsprism.quote_filter``) on PolNeAR **train** only.

Reproduce (dev is never read here)::

    .venv/bin/python bench/train_quote_filter.py --parse-cache /tmp/polnear_train.spacy [--write]

Each train article is parsed (cached as a spaCy DocBin with ``--parse-cache``) and run through the entity
and quote stages with the learned cues on and the filter off; at the filter's hook the features of every
quote are recorded (``quote_filter.features``), and the stage's final quotes carry them. A quote is
labelled a keeper when its content, as the bench scores it, shares a word with a gold content. A logistic
regression (scikit-learn, train time only) is fitted; which kinds it may drop, C and the threshold are
chosen by 5-fold cross-validation over documents on the real end metric (the bench's content-overlap F1
of the quotes it keeps, with the bench's speaker accuracy, which must not fall below the unfiltered
one to 3 decimals). The model refitted on all of train is written as plain JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quotes_polnear as bench
import train_quote_cues as cue_trainer

FOLDS = 5
C_GRID = (0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 13))  # 0.05 … 0.60
SCOPES = {
    "indirect": ("indirect",),
    "+partial": ("indirect", "partial"),
    "all": ("indirect", "partial", "direct"),
}


@dataclass
class Found:
    quote: object
    features: list[str] | None  # None: a quote made after the hook, which the filter never sees
    keeper: bool


@dataclass
class Article:
    doc: bench.Doc
    found: list[Found] = field(default_factory=list)


def out_of_fold_cue_models(docs: list[bench.Doc], cache: Path | None, threshold: float) -> list:
    """The cue model of each fold, fitted as the shipped one was (its label and C) on the other folds'
    articles: the learned quotes the filter is trained on must be as wrong as they are on unseen text."""
    from newsprism import quote_cues

    with gzip.open(quote_cues.MODEL_PATH, "rt", encoding="utf-8") as handle:
        shipped = json.load(handle)
    cue_articles = cue_trainer.collect(docs, cache)
    models = []
    for fold in range(FOLDS):
        rows = [
            r
            for n, a in enumerate(cue_articles)
            if n % FOLDS != fold
            for r in a.candidates
            if r.quote is not None
        ]
        vectorizer, model = cue_trainer.fit(rows, shipped["label"], float(shipped["c"]))
        models.append(cue_trainer.to_cue_model(vectorizer, model, threshold))
    return models


def collect(docs: list[bench.Doc], cache: Path | None, cue_models: list | None = None) -> list[Article]:
    """Every article's final quotes with the filter's features of each, recorded at its hook; with
    ``cue_models`` (one per fold), each article's learned quotes come from its fold's model."""
    from newsprism import entities, quote_filter, quotes
    from newsprism.config import Config
    from newsprism.model import ArticleAnalysis

    articles = bench.parsed_articles(docs, cache)
    config = Config(extra={"quote_filter": False})
    entity_stage = entities.SpacyEntityStage(config)
    stages = [
        quotes.QuoteStage(Config(extra={"quote_filter": False, "quote_cues": model}))
        for model in (cue_models or [None])
    ]
    seen: dict[int, list[str]] = {}
    original = quote_filter.kept

    def record(builder, found, learned, config):  # type: ignore[no-untyped-def]
        context = quote_filter.Context(builder, found)
        for quote in found:
            seen[id(quote)] = quote_filter.features(quote, id(quote) in learned, builder, context)
        return found

    quote_filter.kept = record
    out = []
    try:
        for n, (doc, article) in enumerate(zip(docs, articles, strict=True)):
            analysis = ArticleAnalysis(article=article.id)
            entity_stage.process(article, analysis)
            seen.clear()
            stages[n % FOLDS if cue_models else 0].process(article, analysis)
            out.append(Article(doc, [_found(doc, q, seen.get(id(q))) for q in analysis.quotes]))
    finally:
        quote_filter.kept = original
    return out


def _found(doc: bench.Doc, quote, features: list[str] | None) -> Found:  # type: ignore[no-untyped-def]
    [attr] = bench.attrs_of(doc.text, [quote])
    words = bench._words(doc.text, attr.content)
    keeper = any(words & bench._words(doc.text, g.content) for g in doc.gold)
    return Found(quote, features, keeper)


# --------------------------------------------------------------------------- the end metric


def end_metric(
    articles: list[Article], probabilities: list[list[float]], kinds: tuple, threshold: float
) -> dict:
    predictions = []
    for article, probs in zip(articles, probabilities, strict=True):
        kept = [
            f.quote
            for f, p in zip(article.found, probs, strict=True)
            if f.features is None or f.quote.kind not in kinds or p >= threshold
        ]
        predictions.append(bench.attrs_of(article.doc.text, kept))
    return bench.score([a.doc for a in articles], predictions)


def _rows(articles: list[Article], kinds: tuple) -> list[Found]:
    return [f for a in articles for f in a.found if f.features is not None and f.quote.kind in kinds]


def fit(rows: list[Found], c: float):  # type: ignore[no-untyped-def]
    candidates = [
        cue_trainer.Candidate(f.features, (0, 0), None, f.keeper, f.keeper, f.keeper, f.keeper) for f in rows
    ]
    return cue_trainer.fit(candidates, "fits", c)


def out_of_fold(articles: list[Article], kinds: tuple, c: float) -> list[list[float]]:
    """Each article's quote probabilities from a model fitted on the other folds' articles."""
    probabilities: list[list[float]] = [[] for _ in articles]
    for fold in range(FOLDS):
        training = [a for n, a in enumerate(articles) if n % FOLDS != fold]
        vectorizer, model = fit(_rows(training, kinds), c)
        scorer = cue_trainer.to_cue_model(vectorizer, model, 0.5)
        for n, article in enumerate(articles):
            if n % FOLDS == fold:
                probabilities[n] = [scorer.probability(f.features or []) for f in article.found]
    return probabilities


def _set_cue_threshold(threshold: float, cv: str) -> None:
    """The cue model keeps its weights; its threshold becomes the one chosen with the filter behind it
    (the filter drops the learned quotes a lower threshold lets in wrongly)."""
    from newsprism import quote_cues

    with gzip.open(quote_cues.MODEL_PATH, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    payload["threshold"] = threshold
    payload["threshold_with_filter"] = f"chosen by bench/train_quote_filter.py --cue-threshold: {cv}"
    with gzip.open(quote_cues.MODEL_PATH, "wt", encoding="utf-8") as handle:
        json.dump(payload, handle, separators=(",", ":"), sort_keys=True)
    print(f"set the cue threshold in {quote_cues.MODEL_PATH} to {threshold}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parse-cache", type=Path, default=None)
    parser.add_argument("--scope", nargs="*", default=list(SCOPES), choices=list(SCOPES))
    parser.add_argument("--c", type=float, nargs="*", default=list(C_GRID))
    parser.add_argument("--write", action="store_true", help="refit on all of train and ship the model")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--in-sample-cues",
        action="store_true",
        help="learned quotes from the shipped cue model (fitted on these articles) instead of each fold's",
    )
    parser.add_argument(
        "--cue-threshold", type=float, default=None, help="the folds' cue threshold (default: shipped)"
    )
    parser.add_argument(
        "--min-speaker",
        type=float,
        default=None,
        help="CV speaker accuracy floor (default: the unfiltered one of this run, to 3 decimals)",
    )
    args = parser.parse_args(argv)
    docs = bench.load("train", None)[: args.limit]
    cue_models = None
    if not args.in_sample_cues:
        from newsprism import quote_cues

        shipped = quote_cues.load_model()
        cue_threshold = args.cue_threshold or (shipped.threshold if shipped else 0.5)
        cue_models = out_of_fold_cue_models(docs, args.parse_cache, cue_threshold)
    articles = collect(docs, args.parse_cache, cue_models)
    unfiltered = end_metric(articles, [[1.0] * len(a.found) for a in articles], (), 0.5)
    print(f"PolNeAR train: {len(articles)} articles, {sum(len(a.found) for a in articles)} quotes")
    print(f"unfiltered:             {cue_trainer.line(unfiltered)}")
    floor = args.min_speaker
    if floor is None:
        floor = round(unfiltered["speaker accuracy (matched)"], 3)
    best = None
    for scope in args.scope:
        kinds = SCOPES[scope]
        for c in args.c:
            probabilities = out_of_fold(articles, kinds, c)
            for threshold in THRESHOLDS:
                result = end_metric(articles, probabilities, kinds, threshold)
                print(f"{scope:9} C {c:<4} threshold {threshold:.2f}: {cue_trainer.line(result)}", flush=True)
                ok = round(result["speaker accuracy (matched)"], 3) >= floor
                if ok and (best is None or result["content overlap F1"] > best[0]):
                    best = (result["content overlap F1"], scope, c, threshold, result)
    if best is None:
        print("no setting met the speaker floor")
        return 1
    _, scope, c, threshold, result = best
    print(
        f"chosen by {FOLDS}-fold CV on train: {scope} C {c} threshold {threshold}: {cue_trainer.line(result)}"
    )
    if args.write:
        from newsprism import quote_filter

        vectorizer, model = fit(_rows(articles, SCOPES[scope]), c)
        scorer = cue_trainer.to_cue_model(vectorizer, model, threshold)
        quote_filter.save_model(
            scorer,
            list(SCOPES[scope]),
            trained_on=f"PolNeAR train ({len(articles)} articles)",
            c=c,
            cv=cue_trainer.line(result),
        )
        print(f"wrote {quote_filter.MODEL_PATH} ({len(scorer.weights)} weights)")
        if cue_models and args.cue_threshold is not None:
            _set_cue_threshold(args.cue_threshold, cue_trainer.line(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
