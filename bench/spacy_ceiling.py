"""The throughput ceiling that spaCy's parse alone puts on the end-to-end pipeline.

    python bench/generate_corpus.py --n 1000 --out /tmp/c1k.jsonl
    python bench/spacy_ceiling.py /tmp/c1k.jsonl --limit 200

The entities and quotes need spaCy's NER and dependency parse of every article (issue 4). This
script parses generated ~700-word articles exactly as the pipeline does (``entities.parse_many``,
one process, paragraph chunks, lemmatizer off, the attribute ruler replaced by ``FastPos``) and
then with single components switched on, and prints CPU milliseconds per article and the most
articles per second two fully used cores could reach if every other stage were free. When that
ceiling is below the end-to-end target (25 articles/s), no change outside the parse can reach it
with ``en_core_web_sm``.
"""

from __future__ import annotations

import argparse
import os
import time

from generate_corpus import read_records

os.environ.setdefault("OMP_NUM_THREADS", "1")  # CPU time of one core, not of a BLAS thread pool


def pipeline_parse_ms(records: list[dict[str, str]]) -> float:
    """CPU ms per article of the parse the pipeline runs (``entities.parse_many``)."""
    from newsprism import entities
    from newsprism.model import Article

    articles = [
        Article(id=f"a{i}", text=r["text"], original=r["text"], language="en", content_hash=f"h{i}")
        for i, r in enumerate(records)
    ]
    entities.parse_many(articles[:5])  # loads the model outside the timed part
    entities._PARSE_CACHE.clear()
    started = time.process_time()
    entities.parse_many(articles)
    return (time.process_time() - started) / len(articles) * 1000


def component_ms(records: list[dict[str, str]], keep: tuple[str, ...]) -> float:
    """CPU ms per article of spaCy with only ``keep`` switched on (empty: the tokenizer alone)."""
    from newsprism import nlp

    pipeline = nlp.spacy_pipeline("en")
    disabled = [name for name in pipeline.pipe_names if name not in keep]
    texts = [r["text"] for r in records]
    list(pipeline.pipe(texts[:5], disable=disabled))
    started = time.process_time()
    for _ in pipeline.pipe(texts, disable=disabled, batch_size=64):
        pass
    return (time.process_time() - started) / len(texts) * 1000


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("corpus", help="JSONL of articles (bench/generate_corpus.py)")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--target", type=float, default=25.0, help="end-to-end articles/s the issue asks for")
    args = parser.parse_args()
    records = read_records(args.corpus, args.limit)
    words = sum(len(r["text"].split()) for r in records) / len(records)
    print(f"{len(records)} articles, {words:.0f} words on average; CPU ms per article, one process")
    rows = [
        ("tokenizer only", component_ms(records, ())),
        ("ner only", component_ms(records, ("ner",))),
        ("tok2vec + tagger + parser", component_ms(records, ("tok2vec", "tagger", "parser"))),
        ("pipeline parse (entities.parse_many)", pipeline_parse_ms(records)),
    ]
    for label, ms in rows:
        ceiling = args.cores * 1000 / ms
        print(f"  {label:<40} {ms:7.1f} ms   ceiling on {args.cores} cores: {ceiling:6.1f} articles/s")
    budget = args.cores * 1000 / args.target
    parse = rows[-1][1]
    verdict = "reachable" if parse < budget else "NOT reachable"
    print(f"target {args.target:g}/s on {args.cores} cores = {budget:.0f} CPU-ms per article for all stages;")
    print(f"the parse alone takes {parse:.0f} ms: the target is {verdict} with this spaCy pipeline")


if __name__ == "__main__":
    main()
