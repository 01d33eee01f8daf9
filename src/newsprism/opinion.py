"""Opinion vs reporting, per sentence.

Each sentence gets the probability that it carries the outlet's own opinion rather than reporting. Two
signals are combined, so that every flag has readable reasons:

* a small logistic-regression model over multilingual sentence vectors plus lexicon counts
  (``models/opinion_lr.json.gz``, trained by ``bench/train_opinion.py``; see ``models/README.md`` for what
  it was trained on and what that means for its licence);
* explainable rules for what the model misses on news prose: rhetorical questions, editorial framing
  ("This marks a definite shift…"), evaluative adjectives and adverbs, the author's first person.

Quoted speech is the speaker's opinion, not the outlet's: quotes (from the quote stage when it ran, and
anything between quote marks) are masked before scoring.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .claims import article_sentences
from .model import Article, ArticleAnalysis, OpinionFlag, Quote

if TYPE_CHECKING:
    from .config import Config

MODEL_PATH = Path(__file__).parent / "models" / "opinion_lr.json.gz"
DEFAULT_THRESHOLD = 0.5
QUOTE_PLACEHOLDER = "QUOTED"

EVALUATIVE = frozenset(
    """
    absurd alarming amazing appalling astonishing awful bizarre blatant brilliant catastrophic clearly
    crucial dangerous deplorable disastrous disgraceful disgusting dreadful egregious embarrassing excellent
    extraordinary fantastic fragile foolish frankly glaring great horrible horrific hypocritical ideal
    incredible incredibly inexcusable insane laughable ludicrous magnificent misguided naive obviously
    outrageous pathetic perfect pitiful preposterous questionable reckless remarkable ridiculous sadly
    scandalous senseless shameful shameless shocking silly staggering stunning stupid terrible terrific
    tragic troubling unacceptable unbelievable unfortunately unfortunate unthinkable useless weak wonderful
    worst best worse definite definitely undoubtedly surely arguably disturbing dubious deeply woefully
    """.split()
)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|me|my|mine|we|our|us|let's|let’s)\b")
EDITORIAL_FRAMING = re.compile(
    r"^(?:this|that|it|which)\s+(?:marks|represents|signals|shows|proves|is\s+(?:a|an|the)\s+"
    r"(?:clear|definite|stark|major|troubling|dangerous)|means)\b"
    r"|\b(?:it is (?:clear|obvious|time|worth)|there is no doubt|make no mistake|needless to say|"
    r"the (?:question|truth|reality|problem) is|one (?:can|must|wonders)|of course|should be ashamed)\b",
    re.IGNORECASE,
)
QUESTION_START = re.compile(
    r"^(?:how|why|what|who|where|when|is|are|was|were|do|does|did|can|could|should|would|will|isn't|"
    r"aren't|doesn't|don't|didn't|won't|shouldn't)\b",
    re.IGNORECASE,
)
MODAL_ADVICE = re.compile(r"\b(?:should|must|ought to|need to|has to|have to)\b", re.IGNORECASE)
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|‘[^’]{12,}’")
ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|asked|wrote|added|stated|argued|claimed|according to|tweeted|posted)\b", re.I
)


@dataclass(frozen=True)
class SentenceScore:
    score: float
    reasons: list[str]


# --------------------------------------------------------------------------- features shared with training


def mask_quotes(text: str, spans: Iterable[tuple[int, int]] = ()) -> str:
    """``text`` with quoted speech replaced by a placeholder (the speaker's words are not the outlet's)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = "\0"
    masked = re.sub("\0+", f" {QUOTE_PLACEHOLDER} ", "".join(chars))
    return _QUOTED_RE.sub(f" {QUOTE_PLACEHOLDER} ", masked)


def lexicon_features(text: str) -> list[float]:
    """Counts the model sees next to its n-grams; the same cues drive the rules' reasons."""
    words = re.findall(r"[A-Za-z’']+", text)
    lower = [w.lower() for w in words]
    return [
        float(sum(w in EVALUATIVE for w in lower)),
        float(len(FIRST_PERSON.findall(text))),
        float(text.rstrip().endswith("?")),
        float(text.count("!")),
        float(bool(EDITORIAL_FRAMING.search(text))),
        float(len(MODAL_ADVICE.findall(text))),
        float(bool(ATTRIBUTION.search(text))),
        float(text.count(QUOTE_PLACEHOLDER)),
        min(len(words), 60) / 60.0,
    ]


def featurize(masked: Sequence[str]) -> Any:
    """Sentence vectors (multilingual USE, via ``nlp.encode``) next to the lexicon counts."""
    import numpy as np

    from . import nlp

    vectors = nlp.encode(list(masked))
    lexicon = np.asarray([lexicon_features(t) for t in masked], dtype=np.float32).reshape(len(masked), -1)
    return np.hstack([vectors, lexicon])


def build_model(c: float = 1.0) -> Any:
    """The untrained classifier: logistic regression over :func:`featurize` output."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000)


def save_model(model: Any, trained_on: str, threshold: float = 0.5, path: Path = MODEL_PATH) -> None:
    """Plain JSON weights: no pickle to trust, and readable by any future scikit-learn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "kind": "logistic-regression over USE-multilingual vectors + lexicon counts",
        "trained_on": trained_on,
        "coef": [round(float(w), 6) for w in model.coef_[0]],
        "intercept": float(model.intercept_[0]),
        "threshold": threshold,
    }
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(payload, handle)


@functools.lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> dict[str, Any] | None:
    """The shipped weights, or None when the file is absent (the rules then score alone)."""
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def threshold() -> float:
    """The operating point stored with the model (chosen on dev), else 0.5."""
    weights = load_model()
    return float(weights.get("threshold", DEFAULT_THRESHOLD)) if weights else DEFAULT_THRESHOLD


def predict_proba(masked: Sequence[str]) -> list[float] | None:
    """Model probability of opinion per masked sentence; None when no model or no encoder is available."""
    import numpy as np

    from .errors import MissingExtra

    weights = load_model()
    if weights is None or not masked:
        return None
    try:
        features = featurize(masked)
    except MissingExtra:
        return None
    logits = features @ np.asarray(weights["coef"], dtype=np.float32) + weights["intercept"]
    return [float(p) for p in 1.0 / (1.0 + np.exp(-logits))]


# --------------------------------------------------------------------------- scoring


def rule_reasons(masked: str) -> list[str]:
    """Readable cues of the author's own voice in a sentence whose quotes are already masked."""
    text = masked.strip()
    reasons = []
    if text.endswith("?") and QUESTION_START.match(text) and not ATTRIBUTION.search(text):
        reasons.append("rhetorical question")
    if EDITORIAL_FRAMING.search(text):
        reasons.append("editorial framing")
    evaluative = sorted({w for w in re.findall(r"[a-z]+", text.lower()) if w in EVALUATIVE})
    if evaluative:
        reasons.append("evaluative words: " + ", ".join(evaluative))
    if FIRST_PERSON.search(text) and not ATTRIBUTION.search(text):
        reasons.append("first-person author voice")
    if MODAL_ADVICE.search(text) and not ATTRIBUTION.search(text):
        reasons.append("prescriptive modal")
    return reasons


# How far each cue moves the score: questions and framing are decisive in news prose, single words are not.
RULE_FLOOR = {"rhetorical question": 0.8, "editorial framing": 0.75}


def score_masked(masked: Sequence[str]) -> list[SentenceScore]:
    probabilities = predict_proba(masked)
    scores = []
    for i, text in enumerate(masked):
        reasons = rule_reasons(text)
        stripped = text.replace(QUOTE_PLACEHOLDER, "").strip(" ,.:;—–-")
        if len(re.findall(r"[A-Za-z]+", stripped)) < 3:
            scores.append(SentenceScore(0.0, ["quoted speech only"] if QUOTE_PLACEHOLDER in text else []))
            continue
        base = probabilities[i] if probabilities is not None else _rule_only_score(reasons)
        floor = max((RULE_FLOOR.get(r, 0.0) for r in reasons), default=0.0)
        score = max(base, floor)
        if probabilities is not None:
            reasons = [f"model {base:.2f}", *reasons]
        scores.append(SentenceScore(round(score, 4), reasons))
    return scores


def _rule_only_score(reasons: list[str]) -> float:
    return min(0.95, 0.2 + 0.3 * len(reasons)) if reasons else 0.1


def score_lines(lines: Sequence[str]) -> list[float]:
    """Opinion probability for each sentence (quotes inside a line are masked first)."""
    return [s.score for s in score_masked([mask_quotes(line) for line in lines])]


class OpinionStage:
    """Fills ``analysis.sentence_scores`` (one per ``article.sentences``) and ``analysis.opinion``."""

    name = "opinion"

    def __init__(self, config: Config | None = None) -> None:
        self.config = config

    def process(self, article: Article, analysis: ArticleAnalysis) -> None:
        spans = article_sentences(article)
        quoted = quoted_regions(article.text, analysis.quotes)
        masked = [_masked_sentence(article, start, end, quoted) for start, end in spans]
        scores = score_masked(masked)
        if article.sentences:
            analysis.sentence_scores = [s.score for s in scores]
        for (start, end), scored in zip(spans, scores, strict=True):
            if scored.score >= threshold():
                analysis.opinion.append(
                    OpinionFlag(
                        article=article.id,
                        text=article.text[start:end],
                        start=start,
                        end=end,
                        score=scored.score,
                        reasons=scored.reasons,
                    )
                )


def _masked_sentence(article: Article, start: int, end: int, quoted: list[tuple[int, int]]) -> str:
    local = [(s - start, e - start) for s, e in quoted if s < end and start < e]
    return mask_quotes(article.text[start:end], local)


def quoted_regions(text: str, quotes: Iterable[Quote] = ()) -> list[tuple[int, int]]:
    """Spans of quoted speech across sentence boundaries: “…” pairs, straight quotes paired within a
    paragraph, plus the quote stage's spans. A quote of several sentences is masked in each of them."""
    regions = [(q.start, q.end) for q in quotes]
    open_at: int | None = None
    straight_at: int | None = None
    for i, char in enumerate(text):
        if char == "“" and open_at is None:
            open_at = i
        elif char == "”" and open_at is not None:
            regions.append((open_at, i + 1))
            open_at = None
        elif char == '"':
            if straight_at is None:
                straight_at = i
            else:
                regions.append((straight_at, i + 1))
                straight_at = None
        elif char == "\n":
            open_at = straight_at = None  # an unclosed quote does not run into the next paragraph
    return regions


# --------------------------------------------------------------------------- command line


def read_sentences(path: Path) -> list[tuple[str, str]]:
    """(id, sentence) pairs from a TSV with a ``sentence`` column, else one sentence per line."""
    text = path.read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    header = [h.strip().lower() for h in first.split("\t")]
    if "sentence" in header:
        reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
        id_column = next((h for h in reader.fieldnames or [] if h.lower() in ("id", "sentence_id")), None)
        column = next(h for h in reader.fieldnames or [] if h.strip().lower() == "sentence")
        return [
            (row[id_column] if id_column else str(n), row[column] or "")
            for n, row in enumerate(reader, start=1)
        ]
    return [(str(n), line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def write_scores(rows: list[tuple[str, str]], scores: list[float], out: TextIO) -> None:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(["id", "score", "label"])
    cut = threshold()
    for (row_id, _), score in zip(rows, scores, strict=True):
        writer.writerow([row_id, f"{score:.4f}", "SUBJ" if score >= cut else "OBJ"])


def run_cli(path: Path | str, out: TextIO) -> None:
    """``newsprism opinion FILE``: score each sentence of ``path`` and write ``id, score, label`` TSV."""
    rows = read_sentences(Path(path))
    write_scores(rows, score_lines([sentence for _, sentence in rows]), out)
