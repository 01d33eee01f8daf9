"""A learned keep/drop decision over the quotes found so far: PolNeAR's notion of attribution, not ours.

The rules in ``quotes.py`` make an indirect quote of many a verb with an object ("Judicial Watch released
the email", "Sanders is airing ads", "Rubio distanced himself") that PolNeAR does not count as an
attribution; on PolNeAR train those are most of the false contents (412 of the 618 unmatched on one
quarter). A small logistic model over the quote's kind, its cue word, the complement's shape and the
speaker's kind (plus the cue model's own features of the cue) scores every quote at the end of the
learned-cue hook (``quote_cues.gap_quotes``) and the unlikely ones are dropped.

The weights are plain JSON (``models/quote_filter.json.gz``, trained by ``bench/train_quote_filter.py``
on PolNeAR train with document-fold cross-validation; ``models/README.md`` has the figures). The model
file carries which quote kinds it may drop (the shipped one: indirect only); the others are always kept.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .quote_cues import Context, CueModel, crude_stem
from .quote_cues import features as cue_features
from .quote_lexicon import SPEECH_FORMS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .config import Config
    from .model import Quote
    from .quotes import _Builder

MODEL_PATH = Path(__file__).parent / "models" / "quote_filter.json.gz"
# words that open a complement and say what kind it is ("that …", "to …", "whether …")
OPENERS = frozenset({"that", "to", "whether", "if", "how", "why", "what", "who", "when", "where", "about"})
MARKS = '“”"‘’«»'
LENGTHS = (("1", 1), ("2-3", 3), ("4-8", 8), ("9-20", 20))
PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "it", "who", "which", "that"})


@functools.lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> tuple[CueModel, frozenset[str]] | None:
    """The shipped model and the quote kinds it may drop, or None when its file is absent."""
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    return CueModel.from_payload(payload), frozenset(payload.get("kinds", ("indirect",)))


def save_model(model: CueModel, kinds: list[str], path: Path = MODEL_PATH, **about: object) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(model.to_payload(kinds=kinds, **about), handle, separators=(",", ":"), sort_keys=True)


def chosen_model(config: Config) -> tuple[CueModel, frozenset[str]] | None:
    """``config.extra["quote_filter"]`` False (or ``NEWSPRISM_QUOTE_FILTER=0``) keeps every quote; set to
    a (model, kinds) pair, that model judges those kinds; else the shipped file does, when present."""
    choice = config.switch("quote_filter", "NEWSPRISM_QUOTE_FILTER", default=True)
    if choice is False:
        return None
    return choice if isinstance(choice, tuple) else load_model()


def kept(builder: _Builder, found: list[Quote], learned: set[int], config: Config) -> list[Quote]:
    """``found`` without the quotes the model thinks PolNeAR would not count (``learned`` holds the
    ids of the quotes the cue model added, which differ from the rules' in what they can get wrong)."""
    loaded = chosen_model(config)
    if loaded is None:
        return found
    model, kinds = loaded
    context = Context(builder, found)
    return [
        quote
        for quote in found
        if quote.kind not in kinds
        or model.probability(features(quote, id(quote) in learned, builder, context)) >= model.threshold
    ]


# --------------------------------------------------------------------------- features


def features(quote: Quote, learned: bool, builder: _Builder, context: Context) -> list[str]:
    """String features of one quote (see ``models/README.md``)."""
    doc, text = builder.doc, builder.text
    kind = quote.kind
    origin = "cue" if learned else "rule"
    out = ["k=" + kind, "ko=" + kind + "|" + origin]
    content = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    cue = _cue_token(builder, quote)
    out += _speaker_features(builder, quote, kind)
    out += _place_features(text, quote, kind)
    if content is None or len(content) == 0:
        return [*out, "content=none"]
    root = content.root
    out += _content_features(content, root, kind)
    if cue is None:
        return [*out, "cue=none|" + kind]
    word = cue.lower_
    out += [
        "w=" + word + "|" + kind,
        "stem=" + crude_stem(word) + "|" + kind,
        "lex=" + SPEECH_FORMS.get(word, "-") + "|" + kind,
        "cp=" + cue.tag_ + "|" + kind,
        "wt=" + word + "|" + root.dep_,
        "rel=" + _relation(cue, root, content),
        "wroot=" + word + "|" + (root.lower_ if root.pos_ in ("NOUN", "PRON") else root.pos_),
        "cd=" + cue.dep_ + "|" + cue.tag_ + "|" + kind,  # "… airing ads" (acl), "… who published" (relcl)
    ]
    if kind == "indirect":  # what the cue model reads in the same cue and complement
        out += ["cm:" + name for name in cue_features(cue, root, context)]
    return out


def _cue_token(builder: _Builder, quote: Quote) -> Token | None:
    if quote.cue_start is None or quote.cue_end is None:
        return None
    span = builder.doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _speaker_features(builder: _Builder, quote: Quote, kind: str) -> list[str]:
    if quote.speaker_start is None:
        return ["spk=none|" + kind]
    entity = builder.entities.get(quote.speaker_entity or "")
    if entity is not None:
        who = entity.kind
    else:
        words = builder.text[quote.speaker_start : quote.speaker_end].lower().split()
        who = "pron:" + words[0] if len(words) == 1 and words[0] in PRONOUNS else "other"
    return ["spk=" + who + "|" + kind]


def _place_features(text: str, quote: Quote, kind: str) -> list[str]:
    headline = "\n" not in text[: quote.start].strip()
    inside = text[quote.start : quote.end]
    marks = "y" if any(m in inside for m in MARKS) else "n"
    return ["head=" + ("y" if headline else "n") + "|" + kind, "marks=" + marks + "|" + kind]


def _content_features(content: Span, root: Token, kind: str) -> list[str]:
    first = content[0].lower_
    size = len(content)
    bucket = next((name for name, top in LENGTHS if size <= top), "21+")
    finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in content)
    head = root.lower_ if root.pos_ in ("NOUN", "PROPN", "PRON", "NUM") else root.pos_
    return [
        "root=" + head + "|" + kind,  # "the email", "himself", "ads": things, not what anyone holds
        "t=" + root.dep_ + "|" + kind,
        "tp=" + root.tag_ + "|" + kind,
        "first=" + (first if first in OPENERS else content[0].pos_) + "|" + kind,
        "len=" + bucket + "|" + kind,
        "finite=" + ("y" if finite else "n") + "|" + kind,
    ]


def _relation(cue: Token, root: Token, content: Span) -> str:
    """Where the cue stands to what it attributes: governing it, inside it, after it, or elsewhere."""
    if root.head.i == cue.i or (root.head.head.i == cue.i and root.head.dep_ == "prep"):
        return "governs"
    if content.start <= cue.i < content.end:
        return "inside"
    return "after" if cue.i >= content.end else "before"
