"""Quote extraction and speaker attribution on PolNeAR, newsprism beside a regex baseline.

Reproduce (dev is the reported figure; train is for development)::

    .venv/bin/python bench/quotes_polnear.py --split dev
    .venv/bin/python bench/quotes_polnear.py --split train --stride 4
    .venv/bin/python bench/quotes_polnear.py --split train --stride 4 --offset 1   # another quarter

Data: ``../shared/benchmarks/quotes/polnear/{train,dev}/{text,attributions}`` (brat stand-off:
``Source``/``Cue``/``Content`` spans joined by an ``Attribution`` event). Docs annotated by several
annotators are scored once (the alphabetically first annotator).

Metrics, for content, source and cue spans:

* **overlap** P/R/F1: a predicted span matches a gold span when they share at least one word;
  matching is one-to-one, greedy by the size of the shared part;
* **exact** P/R/F1: the same matching but the spans must be equal after trimming whitespace, quotation
  marks and edge punctuation;
* **token** P/R/F1: words inside predicted content that are inside gold content (and vice versa);
* **speaker accuracy**: on overlap-matched contents whose gold attribution has a source, the share whose
  predicted speaker span overlaps the gold source span (same for the cue); "speakers right / judged" are
  the counts behind that share.

PolNeAR is univocal (each word in at most one attribution), so nested newsprism quotes (a partial quote
inside an indirect one) are scored as the outer quote only, and a direct quote is widened to its
quotation marks, which PolNeAR includes. Consecutive quotes sharing one cue ("…," he said. "…") are
scored as one attribution, as PolNeAR annotates them (one discontinuous content). Throughput is
entities + quotes over the split (``entities.analyse_many``: each of ``--processes`` workers parses
its share with ``nlp.pipe`` and runs both stages), in articles per second on this machine;
``--throughput-only`` times 1 and 2 processes on the same articles and skips scoring.

``--stage-ms`` times the quotes stage alone (parses cached, entity stage already run), in CPU ms per
article (``time.process_time``), best of three rounds, and skips scoring.

``--tagger`` adds the CRF tagger's attributions (``quote_tagger.confident``: a tagged cue, mean marginal
at least ``MIN_CONFIDENCE``) whose content overlaps no newsprism quote, speaker = the tagged source, and
prints that mix and the tagger alone (every tagged content) beside newsprism, with the tagger's CPU
ms per article (parse excluded).

``--errors FILE`` writes newsprism's errors for study (use it on train only): gold attributions with no
matched prediction (MISS), predictions matching no gold (FALSE), and matched ones whose speaker does not
overlap the gold source (SPEAKER), each with its source, cue and content text::

    .venv/bin/python bench/quotes_polnear.py --split train --stride 4 --errors /tmp/quote_errors.txt
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "quotes" / "polnear"
WORD = re.compile(r"\w+")
MARKS = "“”\"'‘’«»„`"


@dataclass
class Attr:
    content: tuple[int, int]
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None


@dataclass
class Doc:
    name: str
    text: str
    gold: list[Attr] = field(default_factory=list)


def _span(field_text: str) -> tuple[int, int]:
    pieces = [tuple(map(int, p.split())) for p in field_text.split(";")]
    return min(a for a, _ in pieces), max(b for _, b in pieces)


def load(split: str, limit: int | None) -> list[Doc]:
    folder = DATA / split
    docs = []
    for path in sorted((folder / "text").glob("*.txt"))[:limit]:
        anns = sorted((folder / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        spans: dict[str, tuple[int, int]] = {}
        doc = Doc(path.stem, path.read_text(encoding="utf-8"))
        lines = [line.split("\t") for line in anns[0].read_text(encoding="utf-8").splitlines()]
        for parts in lines:  # text-bound spans may follow the events that use them
            if parts[0].startswith("T") and len(parts) >= 2:
                spans[parts[0]] = _span(parts[1].split(" ", 1)[1])
        for parts in lines:
            if parts[0].startswith("E") and len(parts) >= 2:
                roles = dict(item.split(":") for item in parts[1].split()[1:])
                if roles.get("Content") in spans:
                    doc.gold.append(
                        Attr(
                            spans[roles["Content"]],
                            spans.get(roles.get("Source", "")),
                            spans.get(roles.get("Cue", "")),
                        )
                    )
        docs.append(doc)
    return docs


# --------------------------------------------------------------------------- systems


def newsprism_predict(docs: list[Doc], processes: int) -> tuple[list[list[Attr]], float, float]:
    from newsprism import entities, nlp
    from newsprism.model import Article

    articles = [Article(id=d.name, text=d.text, original=d.text, language="en") for d in docs]
    nlp.spacy_pipeline("en")  # loaded before timing (and before the workers fork, which share it)
    entities.clear_cache()  # a parse left from an earlier run must not be timed as free
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    analyses = entities.analyse_many(articles, n_process=processes)
    rate = len(articles) / (time.perf_counter() - started)
    # the machine is shared: articles per CPU-second (this process and its workers) says what free cores do
    cpu_rate = len(articles) / max(1e-9, _cpu_seconds() - cpu_started)
    predictions = [attrs_of(a.text, x.quotes) for a, x in zip(articles, analyses, strict=True)]
    return predictions, rate, cpu_rate


def attrs_of(text: str, quotes: list) -> list[Attr]:
    """newsprism's quotes of one article as the bench scores them (outermost, marks, joined pieces)."""
    attrs = [
        Attr(
            _with_marks(text, q.start, q.end) if q.kind != "indirect" else (q.start, q.end),
            (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None,
            (q.cue_start, q.cue_end) if q.cue_start is not None else None,
        )
        for q in _outermost(quotes)
    ]
    return _join_split_quotes(attrs)


def tagger_predict(docs: list[Doc]) -> tuple[list[list], float]:
    """The CRF tagger's attributions of each doc (``quote_tagger.tag_doc``) and its CPU ms per article.

    The articles are parsed again here (the entity workers keep their parses); only tagging is timed.
    """
    from newsprism import entities, quote_tagger
    from newsprism.model import Article

    articles = [Article(id=d.name, text=d.text, original=d.text, language="en") for d in docs]
    entities.parse_many(articles, n_process=2)
    parses = [entities.parse(article).doc for article in articles]
    quote_tagger.load_tagger()
    started = time.process_time()
    tagged = [quote_tagger.tag_doc(parsed) for parsed in parses]
    cpu_ms = 1000 * (time.process_time() - started) / max(1, len(docs))
    return tagged, cpu_ms


def tagger_attrs(tagged: list, threshold: float) -> list[Attr]:
    """The tagger's attributions at or above ``threshold`` confidence, as bench attributions."""
    return [Attr(t.content, t.source, t.cue) for t in tagged if t.confidence >= threshold]


def add_tagger_spans(rules: list[Attr], tagged: list, threshold: float) -> list[Attr]:
    """The rules' attributions plus the tagger's contents that overlap none of theirs (the speaker is
    the tagged source, when there is one)."""
    taken = [a.content for a in rules]
    extra = [
        a
        for a in tagger_attrs(tagged, threshold)
        if not any(a.content[0] < end and start < a.content[1] for start, end in taken)
    ]
    return sorted(rules + extra, key=lambda a: a.content)


def quotes_stage_ms(docs: list[Doc], rounds: int = 3) -> float:
    """CPU milliseconds per article of ``QuoteStage.process`` alone, best of ``rounds`` (shared cores)."""
    import copy

    from newsprism import entities
    from newsprism.config import Config
    from newsprism.model import Article, ArticleAnalysis
    from newsprism.quotes import QuoteStage

    articles = [Article(id=d.name, text=d.text, original=d.text, language="en") for d in docs]
    entities.parse_many(articles)
    entity_stage = entities.SpacyEntityStage(Config())
    bases = []
    for article in articles:
        analysis = ArticleAnalysis(article=article.id)
        entity_stage.process(article, analysis)
        bases.append(analysis)
    best = float("inf")
    for _ in range(rounds):
        work, stage = [copy.deepcopy(b) for b in bases], QuoteStage(Config())
        started = time.process_time()  # CPU time: the cores are shared, wall time says little
        for article, analysis in zip(articles, work, strict=True):
            stage.process(article, analysis)
        best = min(best, time.process_time() - started)
    return 1000 * best / max(1, len(articles))


def _cpu_seconds() -> float:
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _outermost(quotes: list) -> list:
    kept = []
    for quote in sorted(quotes, key=lambda q: (q.start, -(q.end - q.start))):
        if kept and quote.start < kept[-1].end:
            continue
        kept.append(quote)
    return kept


JOIN_LOOKBACK = 3  # attributions found between two pieces of one quotation ("…," Trump said, mocking …. "…")


def _join_split_quotes(attrs: list[Attr]) -> list[Attr]:
    """Quotes sharing one cue ("…," he said. "…") are one PolNeAR attribution, whose content is
    discontinuous; the scorer reads such content from its first to its last piece. An attribution
    found between the pieces ("…," Trump said of terrorists, mocking concerns about …. "…") lies inside
    that span, as PolNeAR's own nested one does, and does not split the quotation."""
    joined: list[Attr] = []
    for attr in attrs:
        host = _earlier_piece(joined, attr)
        if host is not None:
            host.content = (host.content[0], max(host.content[1], attr.content[1]))
        else:
            joined.append(attr)
    return joined


def _earlier_piece(joined: list[Attr], attr: Attr) -> Attr | None:
    if attr.cue is None:
        return None
    for candidate in reversed(joined[-JOIN_LOOKBACK:]):
        if candidate.cue == attr.cue:
            return candidate
    return None


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    if start > 0 and text[start - 1] in MARKS:
        start -= 1
    while end < len(text) and text[end] in ",.":
        end += 1
    if end < len(text) and text[end] in MARKS:
        end += 1
    return start, end


_QUOTE_RE = re.compile(r"[“\"]([^”\"\n]{3,}?)[”\"]")
_AFTER_RE = re.compile(
    r"^\s*,?\s*((?:[A-Z][\w.'-]*\s?){1,3}|he|she|they)\s+(said|says|added|told|wrote|asked)\b"
)
_BEFORE_RE = re.compile(
    r"((?:[A-Z][\w.'-]*\s?){1,3}|He|She|They)\s+(said|says|added|told|wrote)[^.“\"]{0,40}$"
)
_INDIRECT_RE = re.compile(
    r"((?:[A-Z][\w.'-]*\s?){1,3}|[Hh]e|[Ss]he|[Tt]hey)\s+(said|says|told \w+|believes|thinks)\s+(that [^.;]+)"
)


def baseline_predict(docs: list[Doc]) -> list[list[Attr]]:
    """A 20-line rule baseline: quoted strings with a name/pronoun + said-verb next to them, and
    "X said that …" indirect speech."""
    predictions = []
    for doc in docs:
        found = []
        for match in _QUOTE_RE.finditer(doc.text):
            after = _AFTER_RE.match(doc.text[match.end() : match.end() + 80])
            before = _BEFORE_RE.search(doc.text[max(0, match.start() - 80) : match.start()])
            source = cue = None
            if after:
                offset = match.end()
                source, cue = (
                    (offset + after.start(1), offset + after.end(1)),
                    (
                        offset + after.start(2),
                        offset + after.end(2),
                    ),
                )
            elif before:
                offset = max(0, match.start() - 80)
                source, cue = (
                    (offset + before.start(1), offset + before.end(1)),
                    (
                        offset + before.start(2),
                        offset + before.end(2),
                    ),
                )
            found.append(Attr((match.start(), match.end()), source, cue))
        for match in _INDIRECT_RE.finditer(doc.text):
            found.append(Attr(match.span(3), match.span(1), match.span(2)))
        predictions.append(_join_split_quotes(_outer_attrs(found)))  # scored as newsprism's are
    return predictions


def _outer_attrs(attrs: list[Attr]) -> list[Attr]:
    kept: list[Attr] = []
    for attr in sorted(attrs, key=lambda a: (a.content[0], -(a.content[1] - a.content[0]))):
        if kept and attr.content[0] < kept[-1].content[1]:
            continue
        kept.append(attr)
    return kept


# --------------------------------------------------------------------------- scoring


def _words(text: str, span: tuple[int, int]) -> set[int]:
    return {m.start() + span[0] for m in WORD.finditer(text[span[0] : span[1]])}


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and (text[start].isspace() or text[start] in MARKS + ",.;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in MARKS + ",.;:—–-"):
        end -= 1
    return start, end


def _match(text: str, pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one greedy matching (pred index, gold index) by shared words."""
    pw, gw = [_words(text, p) for p in pred], [_words(text, g) for g in gold]
    pairs = sorted(
        ((len(pw[i] & gw[j]), i, j) for i in range(len(pred)) for j in range(len(gold)) if pw[i] & gw[j]),
        reverse=True,
    )
    used_p, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _prf(tp_p: float, n_pred: float, tp_g: float, n_gold: float) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(docs: list[Doc], predictions: list[list[Attr]]) -> dict[str, float]:
    totals: dict[str, float] = {}

    def add(key: str, value: float) -> None:
        totals[key] = totals.get(key, 0.0) + value

    for doc, pred in zip(docs, predictions, strict=True):
        text = doc.text
        for part in ("content", "source", "cue"):
            p_spans = [getattr(a, part) for a in pred if getattr(a, part)]
            g_spans = [getattr(a, part) for a in doc.gold if getattr(a, part)]
            pairs = _match(text, p_spans, g_spans)
            add(f"{part}.pred", len(p_spans))
            add(f"{part}.gold", len(g_spans))
            add(f"{part}.overlap", len(pairs))
            add(f"{part}.exact", sum(_trim(text, p_spans[i]) == _trim(text, g_spans[j]) for i, j in pairs))
            if part == "content":
                pw = set().union(*(_words(text, s) for s in p_spans)) if p_spans else set()
                gw = set().union(*(_words(text, s) for s in g_spans)) if g_spans else set()
                add("token.pred", len(pw))
                add("token.gold", len(gw))
                add("token.shared", len(pw & gw))
                for i, j in pairs:
                    gold, guess = doc.gold[j], pred[i]
                    if gold.source:
                        add("speaker.n", 1)
                        ok = guess.source and _words(text, guess.source) & _words(text, gold.source)
                        add("speaker.ok", 1 if ok else 0)
                    if gold.cue:
                        add("cue.n", 1)
                        ok = guess.cue and _words(text, guess.cue) & _words(text, gold.cue)
                        add("cue.ok", 1 if ok else 0)
    out: dict[str, float] = {}
    for part in ("content", "source", "cue"):
        n_pred, n_gold = totals.get(f"{part}.pred", 0), totals.get(f"{part}.gold", 0)
        for how in ("overlap", "exact"):
            tp = totals.get(f"{part}.{how}", 0)
            out[f"{part} {how} P"], out[f"{part} {how} R"], out[f"{part} {how} F1"] = _prf(
                tp, n_pred, tp, n_gold
            )
    shared = totals.get("token.shared", 0)
    out["content token P"], out["content token R"], out["content token F1"] = _prf(
        shared, totals.get("token.pred", 0), shared, totals.get("token.gold", 0)
    )
    out["speaker accuracy (matched)"] = totals.get("speaker.ok", 0) / max(1, totals.get("speaker.n", 0))
    # the counts behind it: a target like 0.90 is decided by one quote, which a rounded share hides
    out["speakers right (matched)"] = totals.get("speaker.ok", 0)
    out["speakers judged (matched)"] = totals.get("speaker.n", 0)
    out["cue accuracy (matched)"] = totals.get("cue.ok", 0) / max(1, totals.get("cue.n", 0))
    out["gold attributions"] = totals.get("content.gold", 0)
    out["predicted"] = totals.get("content.pred", 0)
    return out


def _show(text: str, attr: Attr) -> str:
    def piece(span: tuple[int, int] | None) -> str:
        return repr(text[span[0] : span[1]]) if span else "-"

    return f"source={piece(attr.source)} cue={piece(attr.cue)}\n    content={piece(attr.content)}"


def dump_errors(docs: list[Doc], predictions: list[list[Attr]], path: Path) -> None:
    """Misses, false predictions and speaker mismatches, one block each (see module docstring)."""
    lines: list[str] = []
    for doc, pred in zip(docs, predictions, strict=True):
        text = doc.text
        pairs = _match(text, [a.content for a in pred], [a.content for a in doc.gold])
        matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
        for j, gold in enumerate(doc.gold):
            if j not in matched_g:
                lines.append(f"MISS {doc.name}\n    gold {_show(text, gold)}")
        for i, guess in enumerate(pred):
            if i not in matched_p:
                lines.append(f"FALSE {doc.name}\n    pred {_show(text, guess)}")
        for i, j in pairs:
            gold, guess = doc.gold[j], pred[i]
            if gold.source and not (guess.source and _words(text, guess.source) & _words(text, gold.source)):
                lines.append(
                    f"SPEAKER {doc.name}\n    gold {_show(text, gold)}\n    pred {_show(text, guess)}"
                )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"errors written to {path}")


def parsed_articles(docs: list[Doc], cache: Path | None) -> list:
    """newsprism Articles with their parse in the entity stage's cache, read from ``cache`` (a spaCy DocBin)
    when it is there, else parsed and written to it: the trainers of the learned cues and of the tagger."""
    from spacy.tokens import DocBin

    from newsprism import entities, nlp
    from newsprism.model import Article as NpArticle

    articles = [NpArticle(id=d.name, text=d.text, original=d.text, language="en") for d in docs]
    pipeline = nlp.spacy_pipeline("en")
    if cache is not None and cache.exists():
        stored = DocBin().from_disk(cache).get_docs(pipeline.vocab)
        for article, parsed in zip(articles, stored, strict=False):  # --limit reads the first few
            if not article.text.startswith(parsed.text):
                raise SystemExit(f"{cache} holds other articles; delete it to parse again")
            key = entities._cache_key(article)
            entities._remember(key, entities.Parsed(parsed, len(parsed.text), "en"), bound=len(articles))
        return articles
    entities.parse_many(articles, n_process=2)
    if cache is not None:
        store = DocBin(store_user_data=False)
        for article in articles:
            store.add(entities.parse(article).doc)
        store.to_disk(cache)
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--stride", type=int, default=1, help="every n-th article (spreads a sample over outlets)"
    )
    parser.add_argument(
        "--offset", type=int, default=0, help="first article of the stride (another quarter of train)"
    )
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--throughput-only", action="store_true")
    parser.add_argument("--stage-ms", action="store_true", help="time the quotes stage alone")
    parser.add_argument(
        "--tagger", action="store_true", help="add the CRF tagger's contents that overlap no quote"
    )
    parser.add_argument("--errors", type=Path, default=None, help="write misses/false/speaker errors here")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"PolNeAR not found at {DATA}; nothing to measure", file=sys.stderr)
        return 0
    docs = load(args.split, None)[args.offset :: args.stride][: args.limit]
    if args.stage_ms:
        print(f"quotes stage alone, PolNeAR {args.split}: {quotes_stage_ms(docs):.1f} ms/article (best of 3)")
        return 0
    if args.throughput_only:
        words = sum(len(d.text.split()) for d in docs) / max(1, len(docs))
        print(f"PolNeAR {args.split}: {len(docs)} articles, {words:.0f} words on average")
        for processes in (1, 2):
            _, rate, cpu_rate = newsprism_predict(docs, processes)
            print(
                f"entities+quotes, {processes} process(es): {rate:.1f} articles/s wall, "
                f"{cpu_rate:.1f} per CPU-second (x{processes} = {cpu_rate * processes:.1f}/s on free cores)"
            )
        return 0
    ours, rate, cpu_rate = newsprism_predict(docs, args.processes)
    rows = [("newsprism", score(docs, ours)), ("regex baseline", score(docs, baseline_predict(docs)))]
    if args.tagger:
        from newsprism.quote_tagger import confident

        tagged, tagger_ms = tagger_predict(docs)
        with_tagger = [add_tagger_spans(r, confident(t), 0.0) for r, t in zip(ours, tagged, strict=True)]
        rows.insert(1, ("+CRF tagger", score(docs, with_tagger)))
        rows.insert(2, ("CRF alone", score(docs, [tagger_attrs(t, 0.0) for t in tagged])))
    print(f"PolNeAR {args.split}: {len(docs)} articles")
    print(f"{'metric':32} " + " ".join(f"{name:>15}" for name, _ in rows))
    for key in rows[0][1]:
        print(f"{key:32} " + " ".join(f"{result[key]:15.3f}" for _, result in rows))
    print(f"throughput entities+quotes: {rate:.1f} articles/s wall ({args.processes} proc., incl. parsing)")
    print(f"throughput per CPU-second (all processes): {cpu_rate:.1f} articles/s")
    if args.tagger:
        print(f"CRF tagger alone: {tagger_ms:.1f} CPU ms/article (parse excluded)")
    if args.errors is not None:
        dump_errors(docs, with_tagger if args.tagger else ours, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
