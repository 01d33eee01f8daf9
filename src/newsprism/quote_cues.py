"""Learned attribution cues: the gaps the quote rules leave, filled by a small logistic model.

PolNeAR counts as attribution far more than speech: stances and cognition ("Viguerie argues …", "I
recognized that …", "they would choose Sanders", "took a shot at Clinton"). The rules in ``quotes.py``
cover speech well; this model scores every word that takes a complement (a clause, an infinitive, an
object, a prepositional object) as a possible cue and turns the likely ones into indirect quotes whose
content is that complement and whose speaker is the cue's subject, resolved as the rules resolve theirs.
It only fills gaps: a learned quote never overlaps one the rules found, nor another learned one.

The weights are plain JSON (``models/quote_cues.json.gz``, trained by ``bench/train_quote_cues.py`` on
PolNeAR train; ``models/README.md`` has the features and the cross-validated figures). Scoring is a
dictionary lookup per feature: no scikit-learn at run time.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .quote_lexicon import SPEECH_FORMS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .config import Config
    from .model import Quote
    from .quotes import _Builder

MODEL_PATH = Path(__file__).parent / "models" / "quote_cues.json.gz"
CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
# the complement that carries what is attributed, in order of preference
CLAUSE_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj", "attr", "oprd", "acomp")
PREP_OBJECT_DEPS = ("pobj", "pcomp")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
MARKED_CHILD_DEPS = frozenset({"prep", "prt", "mark", "aux", "auxpass", "neg", "agent", "advmod"})
PERSON_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "who"})


@dataclass(frozen=True)
class CueModel:
    """A logistic model over string features: ``sigmoid(bias + sum(weights[f]))``."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        get = self.weights.get
        logit = self.bias + sum(get(name, 0.0) for name in features)
        return 1.0 / (1.0 + math.exp(-logit))

    @classmethod
    def from_payload(cls, payload: dict) -> CueModel:
        return cls(dict(payload["weights"]), float(payload["bias"]), float(payload["threshold"]))

    def to_payload(self, **about: object) -> dict:
        return {"bias": self.bias, "threshold": self.threshold, "weights": self.weights, **about}


@functools.lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> CueModel | None:
    """The shipped model, or None when its file is absent (the rules then work alone)."""
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return CueModel.from_payload(json.load(handle))


def save_model(model: CueModel, path: Path = MODEL_PATH, **about: object) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(model.to_payload(**about), handle, separators=(",", ":"), sort_keys=True)


# --------------------------------------------------------------------------- candidates and features


def complement_of(token: Token) -> Token | None:
    """The word heading what ``token`` would attribute: a clause or infinitive after it, else its object,
    else the object of its first preposition (one pass over the right children: this runs on every
    content word)."""
    obj = prep = None
    for child in token.rights:
        dep = child.dep_
        if dep in CLAUSE_DEPS:
            return child
        if obj is None and dep in OBJECT_DEPS:
            obj = child
        elif prep is None and dep == "prep":
            prep = child
    if obj is not None or prep is None:
        return obj
    return next((c for c in prep.children if c.dep_ in PREP_OBJECT_DEPS), None)


def subject_token(token: Token) -> Token | None:
    """A plain structural subject for features: the word's own, else its head verb's (xcomp, conj,
    a noun's verb). The quote's speaker is resolved by the rules' own owner logic, not by this."""
    for holder in (token, token.head):
        found = next((c for c in holder.children if c.dep_ in SUBJECT_DEPS), None)
        if found is not None:
            return found
    return next((c for c in token.children if c.dep_ == "poss"), None)


def candidates(doc: Doc) -> Iterator[tuple[Token, Token]]:
    """(cue word, complement head) for every content word that takes a complement."""
    for token in doc:
        if token.pos_ in CUE_POS:
            target = complement_of(token)
            if target is not None:
                yield token, target


class Context:
    """What a candidate's features need beyond its parse: the rules' quotes and the entity mentions."""

    def __init__(self, builder: _Builder, existing: list[Quote]) -> None:
        self.builder = builder
        # a cue the rules already use ("said" in "said in a statement that …") must not lend its other
        # complements (the statement) a second attribution
        self.rule_cues = {q.cue_start for q in existing if q.cue_start is not None}
        self.rule_spans = sorted((q.start, q.end) for q in existing)
        self._sentences: dict[int, bool] = {}

    def skipped(self, token: Token) -> bool:
        """Rule cue words, and words inside quotation marks (the quoted speaker's, not the writer's)."""
        return token.idx in self.rule_cues or self.builder.index.quoted(token.idx)

    def sentence_has_quote(self, token: Token) -> bool:
        sent = token.sent
        found = self._sentences.get(sent.start)
        if found is None:
            found = self._sentences[sent.start] = overlaps(self.rule_spans, sent.start_char, sent.end_char)
        return found

    def owner_traits(self, token: Token) -> tuple[str, bool]:
        """Who would speak: the kind of entity the rules' owner of this cue names (else its word class),
        and whether the rules think it can hold views at all (people and groups, not prices)."""
        owner = self.builder._cue_owner(token)
        if owner is None:
            return "none", False
        views = self.builder._can_hold_views(owner)
        mention = self.builder.index.mention_at(owner.idx)
        entity = self.builder.entities.get(mention.entity or "") if mention is not None else None
        if entity is not None:
            return entity.kind, views
        if owner.pos_ == "PRON":
            return "pron:" + owner.lower_, views
        return owner.tag_, views


def crude_stem(word: str) -> str:
    """One form for "argue", "argues", "argued", "arguing" (the parse has no lemmatizer): rare verbs
    then share what their commoner forms taught."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.rstrip("e") or word


def _length_bucket(target: Token) -> str:
    size = target.right_edge.i - target.left_edge.i + 1
    return "1" if size == 1 else "2-3" if size <= 3 else "4-8" if size <= 8 else "9+"


def features(token: Token, target: Token, context: Context) -> list[str]:
    """String features of a candidate cue (see ``models/README.md``)."""
    word, pos, dep = token.lower_, token.pos_, token.dep_
    head = token.head
    owner, views = context.owner_traits(token)
    holder = "y" if views else "n"
    quoted_sentence = "y" if context.sentence_has_quote(token) else "n"
    out = [
        "w=" + word,
        "stem=" + crude_stem(word),
        "stemo=" + crude_stem(word) + "|" + owner,
        "lex=" + SPEECH_FORMS.get(word, "-"),
        "p=" + token.tag_,
        "d=" + dep,
        "wd=" + word + "|" + dep,
        "hd=" + dep + "|" + head.pos_,
        "t=" + target.dep_,
        "wt=" + word + "|" + target.dep_,
        "pt=" + pos + "|" + target.dep_,
        "tp=" + target.tag_,
        "len=" + _length_bucket(target),
        "o=" + owner,
        "wo=" + word + "|" + owner,
        "sq=" + quoted_sentence,
        "wsq=" + word + "|" + quoted_sentence,
        "v=" + holder,
        "wv=" + word + "|" + holder,
        "ov=" + owner + "|" + holder + "|" + quoted_sentence,
        "otd=" + owner + "|" + target.dep_,
    ]
    if target.dep_ in PREP_OBJECT_DEPS:
        out.append("prep=" + target.head.lower_)
        out.append("wprep=" + word + "|" + target.head.lower_)
    for child in token.children:
        out.append("c=" + child.dep_)
        if child.dep_ in MARKED_CHILD_DEPS:
            out.append("cw=" + child.dep_ + "|" + child.lower_)
    mark = next((c for c in target.children if c.dep_ == "mark"), None)
    if mark is not None:
        out.append("tm=" + mark.lower_)
    subject = subject_token(token)
    if subject is None:
        out.append("s=none")
    else:
        lower = subject.lower_
        out.append("s=" + subject.dep_ + "|" + subject.tag_)
        out.append("se=" + (subject.ent_type_ or "-"))
        if subject.pos_ == "PRON":
            out.append("sw=" + lower)
        person = lower in PERSON_PRONOUNS or subject.ent_type_ == "PERSON"
        out.append("sp=" + ("person" if person else "other"))
        out.append("ws=" + word + "|" + ("ent" if subject.ent_type_ else subject.pos_))
    return out


# --------------------------------------------------------------------------- quotes


def gap_quotes(builder: _Builder, existing: list[Quote], config: Config) -> list[Quote]:
    """Indirect quotes for the likely cues whose content overlaps no quote found so far (the rules'
    ``existing`` ones, then the likelier learned ones). ``config.extra["quote_cues"]`` set to False
    (or ``NEWSPRISM_QUOTE_CUES=0`` in the environment, for benchmarks) turns the model off: the rules
    alone; set to a ``CueModel``, that model is used.

    Then the learned filter (``quote_filter.kept``) judges the rules' quotes and the learned ones alike:
    the learned ones it drops are not returned, and the rules' ones it drops are removed from
    ``existing`` in place (the stage's own list)."""
    added = _learned_quotes(builder, existing, config)
    from .quote_filter import kept  # imported here: it builds on this module

    survivors = {id(q) for q in kept(builder, existing + added, {id(q) for q in added}, config)}
    # the filter drops rule quotes too; the hook only returns what it adds, so those go in place
    existing[:] = [q for q in existing if id(q) in survivors]
    return [q for q in added if id(q) in survivors]


def _learned_quotes(builder: _Builder, existing: list[Quote], config: Config) -> list[Quote]:
    choice = config.switch("quote_cues", "NEWSPRISM_QUOTE_CUES", default=True)
    if choice is False:
        return []
    model = choice if isinstance(choice, CueModel) else load_model()
    if model is None:
        return []
    proposals = (
        (content_span(target), functools.partial(build_quote, builder, token, target))
        for _, token, target in scored_candidates(Context(builder, existing), model)
    )
    return without_overlap(existing, proposals)


def without_overlap(
    existing: list[Quote], proposals: Iterable[tuple[tuple[int, int], Callable[[], Quote | None]]]
) -> list[Quote]:
    """The quotes built from ``proposals`` (raw content span, builder; likeliest first) that overlap no
    quote in ``existing`` nor one added before them. The raw span is checked before building, since
    building resolves (and may create) the speaker's entity; the built quote, trimmed, is checked again.
    The learned cues, the opt-in tagger and the cue trainer's replay all fill gaps this way."""
    taken = [(q.start, q.end) for q in existing]
    added: list[Quote] = []
    for (start, end), build in proposals:
        if overlaps(taken, start, end):
            continue
        quote = build()
        if quote is None or overlaps(taken, quote.start, quote.end):
            continue
        taken.append((quote.start, quote.end))
        added.append(quote)
    return added


def scored_candidates(context: Context, model: CueModel) -> list[tuple[float, Token, Token]]:
    """Candidates at or above the model's threshold, likeliest first. One whose complement overlaps a
    rule quote could never be added, so it is not scored (most of the cost is the features)."""
    found = []
    for token, target in candidates(context.builder.doc):
        if context.skipped(token) or overlaps(context.rule_spans, *content_span(target)):
            continue
        probability = model.probability(features(token, target, context))
        if probability >= model.threshold:
            found.append((probability, token, target))
    found.sort(key=lambda item: -item[0])
    return found


def content_span(target: Token) -> tuple[int, int]:
    return target.left_edge.idx, target.right_edge.idx + len(target.right_edge)


def build_quote(builder: _Builder, token: Token, target: Token) -> Quote | None:
    """The rules' own indirect-quote maker: paragraph trimming, length checks, speaker resolution."""
    start, end = content_span(target)
    return builder._indirect(token, _cue_end(token), start, end, builder._cue_owner(token))


def _cue_end(token: Token) -> int:
    end = token.idx + len(token)
    for child in token.rights:  # "pointed out", "took aim at"
        if child.dep_ == "prt" and child.i == token.i + 1:
            end = child.idx + len(child)
    return end


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)
