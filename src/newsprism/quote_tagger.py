"""A linear-chain CRF that tags attributions token by token: content, source and cue spans.

PolNeAR is univocal (each word belongs to at most one attribution part), so an attribution is a tag
sequence: B-/I- ``CONTENT``, ``SOURCE``, ``CUE`` or ``O`` over the words of a paragraph. The model
(``models/quote_tagger.crfsuite``, a CRFsuite file, no pickle) is trained on PolNeAR train by
``bench/train_quote_tagger.py`` over the string features of ``paragraph_features``: the word, its
shape and parse (POS, tag, dependency, head), entity type, whether it sits inside quotation marks,
the reporting verb it hangs under (and through which dependency), and its neighbours.

``tag_doc(doc)`` returns one ``TaggedAttribution`` per content span: character offsets into
``doc.text`` for the content and, when tagged near it, the source and cue. A content broken by its own
source and cue ("…," he said, "…") is one span from its first to its last piece, as PolNeAR reads it.

In the quote stage the tagger is opt-in (``Config(extra={"quote_tagger": True})`` or
``NEWSPRISM_QUOTE_TAGGER=1``): ``tagged_quotes`` turns its confident spans that overlap no quote found
already into indirect quotes. It trades speaker accuracy for recall (PolNeAR dev: content F1 0.818 ->
0.826, speaker accuracy 0.899 -> 0.893, ~13 CPU ms an article), so it is off by default.
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import MissingExtra

if TYPE_CHECKING:
    from .model import Config, Quote
    from .quotes import _Builder

MODEL_PATH = Path(__file__).parent / "models" / "quote_tagger.crfsuite.gz"
OPENING_MARKS = {"“", "«", "„", "``"}
CLOSING_MARKS = {"”", "»", "''"}
SYMMETRIC_MARKS = {'"'}
# what ``confident`` offers beside the rules: a tagged cue and this mean marginal (4-fold document CV on
# PolNeAR train: 0.0, 0.7 and 0.8 tie on F1 (0.820); 0.7 keeps more recall than 0.8 and more speaker
# accuracy than 0.0)
MIN_CONFIDENCE = 0.7
JOINABLE_GAP = {"PUNCT", "SPACE"}  # between two content pieces only punctuation, a source or a cue


@dataclass(frozen=True)
class TaggedAttribution:
    content: tuple[int, int]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    confidence: float  # the model's mean marginal probability of the content tags over the span


@functools.lru_cache(maxsize=1)
def _cue_lemmas() -> tuple[frozenset[str], frozenset[str]]:
    from .quote_lexicon import OBJECT_CUES, SPEECH_LEMMAS

    return frozenset(SPEECH_LEMMAS), frozenset(OBJECT_CUES)


def paragraphs(doc: Any) -> list[list[int]]:
    """Token indices of each paragraph (whitespace tokens left out; a newline ends a paragraph)."""
    found: list[list[int]] = []
    current: list[int] = []
    for token in doc:
        if token.is_space:
            if "\n" in token.text and current:
                found.append(current)
                current = []
            continue
        current.append(token.i)
        if "\n" in token.whitespace_ and current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def _quote_state(doc: Any, indices: list[int]) -> list[bool]:
    """Whether each token lies inside quotation marks (the marks themselves count as inside)."""
    inside, states = False, []
    for i in indices:
        text = doc[i].text
        if text in OPENING_MARKS or (text in SYMMETRIC_MARKS and not inside):
            inside = True
            states.append(True)
        elif text in CLOSING_MARKS or (text in SYMMETRIC_MARKS and inside):
            states.append(True)
            inside = False
        else:
            states.append(inside)
    return states


def _anchor(token: Any, speech: frozenset[str], objects: frozenset[str]) -> tuple[str, str, int] | None:
    """The nearest ancestor that is a reporting word: (its lemma, the dependency the path arrives
    through, the distance), or None."""
    child, head, depth = token, token.head, 1
    while head.i != child.i:
        lemma = head.lemma_.lower()
        if lemma in speech or lemma in objects:
            return lemma, child.dep_, depth
        child, head, depth = head, head.head, depth + 1
    return None


def _governing_verb(token: Any) -> str | None:
    """The lemma of the nearest verb above ``token`` ("Clinton" in "took a shot at Clinton": take)."""
    child, head = token, token.head
    while head.i != child.i:
        if head.pos_ == "VERB":
            return head.lemma_.lower()
        child, head = head, head.head
    return None


def paragraph_features(doc: Any, indices: list[int]) -> list[list[str]]:
    """String features of each token of one paragraph (see the module docstring)."""
    speech, objects = _cue_lemmas()
    tokens = [doc[i] for i in indices]
    words = [t.lower_ for t in tokens]
    tags = [t.pos_ for t in tokens]
    quoted = _quote_state(doc, indices)
    is_cue = [t.lemma_.lower() in speech for t in tokens]
    sentence_cue: dict[int, list[int]] = {}
    for position, token in enumerate(tokens):
        if is_cue[position] and token.pos_ in ("VERB", "AUX"):
            sentence_cue.setdefault(token.sent.start, []).append(token.i)
    # the paragraph's own marks: quotation marks and reporting verbs anywhere in it
    context = ["pq"] if any(quoted) else []
    if sentence_cue:
        context.append("pc")
    rows = []
    for position, token in enumerate(tokens):
        row = [
            "w=" + words[position],
            "s=" + token.shape_[:4],
            "p=" + tags[position],
            "t=" + token.tag_,
            "d=" + token.dep_,
            "hd=" + token.head.dep_ + ">" + token.dep_,
            "hl=" + token.head.lemma_.lower(),
            "hd2=" + token.head.head.dep_ + ">" + token.head.dep_,
            *context,
        ]
        if token.pos_ == "VERB":
            row.append("l=" + token.lemma_.lower())
        verb = _governing_verb(token)
        if verb is not None:
            row.append("gv=" + verb)
        if token.ent_type_:
            row.append("e=" + token.ent_type_ + ("B" if token.ent_iob_ == "B" else "I"))
        if quoted[position]:
            row.append("q")
        if is_cue[position]:
            row.append("cue")
        elif token.lemma_.lower() in objects:
            row.append("obj")
        if token.is_sent_start:
            row.append("bos")
        anchor = _anchor(token, speech, objects)
        if anchor is not None:
            lemma, dep, depth = anchor
            row += [
                f"a={dep}",
                f"a={dep}|{min(depth, 3)}",
                "al=" + lemma,
                f"ad={lemma}|{dep}",
                f"aq={dep}|{quoted[position]}",
            ]
        cues_here = sentence_cue.get(token.sent.start)
        if cues_here:
            side = "L" if token.i < cues_here[0] else ("R" if token.i > cues_here[-1] else "M")
            row.append("rs=" + side)
        else:
            row.append("rs=N")
        for offset in (-2, -1, 1, 2):
            other = position + offset
            if 0 <= other < len(tokens):
                row.append(f"{offset}w={words[other]}")
                row.append(f"{offset}p={tags[other]}")
            else:
                row.append(f"{offset}w=<edge>")
        rows.append(row)
    return rows


_MODEL_BYTES: dict[Path, bytes] = {}  # an in-memory CRFsuite model reads from these bytes: keep them


@functools.lru_cache(maxsize=2)
def load_tagger(path: Path = MODEL_PATH) -> Any | None:
    """The CRF tagger of ``path`` (a CRFsuite file, gzipped when it ends in .gz), or None when absent."""
    try:
        import pycrfsuite
    except ImportError as err:  # pragma: no cover - a core dependency
        raise MissingExtra("the attribution tagger", "python-crfsuite") from err
    if not path.exists():
        return None
    tagger = pycrfsuite.Tagger()
    if path.suffix == ".gz":
        _MODEL_BYTES[path] = gzip.decompress(path.read_bytes())
        tagger.open_inmemory(_MODEL_BYTES[path])
    else:
        tagger.open(str(path))
    return tagger


def confident(tagged: list[TaggedAttribution], floor: float = MIN_CONFIDENCE) -> list[TaggedAttribution]:
    """The attributions worth adding beside the rules' quotes: with a tagged cue, at ``floor`` or above."""
    return [t for t in tagged if t.cue is not None and t.confidence >= floor]


def tag_doc(doc: Any, tagger: Any | None = None) -> list[TaggedAttribution]:
    """The attributions the model tags in a parsed spaCy ``doc`` (offsets into ``doc.text``)."""
    tagger = tagger if tagger is not None else load_tagger()
    if tagger is None:
        return []
    found: list[TaggedAttribution] = []
    for indices in paragraphs(doc):
        labels = tagger.tag(paragraph_features(doc, indices))
        if any(label.endswith("CONTENT") for label in labels):
            found += decode(doc, indices, labels, tagger)
    return found


def _runs(labels: list[str]) -> list[tuple[str, int, int]]:
    """(kind, first, last + 1) positions of each tagged run; an I- without its B- starts a run."""
    runs: list[tuple[str, int, int]] = []
    for position, label in enumerate(labels):
        if label == "O":
            continue
        kind = label[2:]
        if label.startswith("I-") and runs and runs[-1][0] == kind and runs[-1][2] == position:
            runs[-1] = (kind, runs[-1][1], position + 1)
        else:
            runs.append((kind, position, position + 1))
    return runs


def _joined_contents(doc: Any, indices: list[int], runs: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """Content runs, two pieces joined when only punctuation, sources and cues lie between them."""
    tagged = {p for kind, a, b in runs if kind != "CONTENT" for p in range(a, b)}
    contents: list[tuple[int, int]] = []
    for kind, first, end in runs:
        if kind != "CONTENT":
            continue
        if contents and _only_attribution_between(doc, indices, contents[-1][1], first, tagged):
            contents[-1] = (contents[-1][0], end)
        else:
            contents.append((first, end))
    return contents


def _only_attribution_between(doc: Any, indices: list[int], start: int, end: int, tagged: set[int]) -> bool:
    gap = range(start, end)
    return any(p in tagged for p in gap) and all(
        p in tagged or doc[indices[p]].pos_ in JOINABLE_GAP for p in gap
    )


def _nearest(runs: list[tuple[str, int, int]], kind: str, first: int, end: int) -> tuple[int, int] | None:
    """The run of ``kind`` closest to positions [first, end), inside it or beside it."""
    best, distance = None, None
    for other, a, b in runs:
        if other != kind:
            continue
        gap = max(0, a - end, first - b)
        if distance is None or gap < distance:
            best, distance = (a, b), gap
    return best


def _chars(doc: Any, indices: list[int], span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    last = doc[indices[span[1] - 1]]
    return doc[indices[span[0]]].idx, last.idx + len(last.text)


def decode(doc: Any, indices: list[int], labels: list[str], tagger: Any) -> list[TaggedAttribution]:
    """Attributions of one tagged paragraph; the tagger must still hold this paragraph's lattice."""
    runs = _runs(list(labels))
    found = []
    for first, end in _joined_contents(doc, indices, runs):
        marginals = [
            tagger.marginal(labels[p], p) for p in range(first, end) if labels[p].endswith("CONTENT")
        ]
        found.append(
            TaggedAttribution(
                content=_chars(doc, indices, (first, end)),
                source=_chars(doc, indices, _nearest(runs, "SOURCE", first, end)),
                cue=_chars(doc, indices, _nearest(runs, "CUE", first, end)),
                confidence=sum(marginals) / max(1, len(marginals)),
            )
        )
    return found


def rule_speaker(doc: Any, attribution: TaggedAttribution) -> tuple[int, int] | None:
    """The rules' speaker of a tagged cue (``quote_syntax.subject_of`` on the cue's head word), as the span of
    that word; None without a cue or a subject. The tagged source is the fallback."""
    from .quote_syntax import subject_of

    if attribution.cue is None:
        return None
    cue = doc.char_span(*attribution.cue, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    subject = subject_of(cue.root, avoid=attribution.content)
    return None if subject is None else (subject.idx, subject.idx + len(subject.text))


def enabled(config: Config) -> bool:
    """Whether the quote stage adds the tagger's spans (off unless asked for)."""
    choice = config.switch("quote_tagger", "NEWSPRISM_QUOTE_TAGGER", default=False)
    return bool(choice)


def tagged_quotes(builder: _Builder, existing: list[Quote]) -> list[Quote]:
    """Indirect quotes from the tagger's confident spans (those with a cue the parse can place) that
    overlap no quote in ``existing``, likeliest first, built by the rules' own maker (paragraph trimming,
    speaker resolution) with the cue's owner as speaker, else the tagged source."""
    from .quote_cues import without_overlap

    proposals = []
    for attribution in sorted(confident(tag_doc(builder.doc)), key=lambda a: -a.confidence):
        cue = builder.doc.char_span(*attribution.cue, alignment_mode="expand") if attribution.cue else None
        if cue is not None and len(cue):
            build = functools.partial(_tagged_quote, builder, attribution, cue)
            proposals.append((attribution.content, build))
    return without_overlap(existing, proposals)


def _tagged_quote(builder: _Builder, attribution: TaggedAttribution, cue: Any) -> Quote | None:
    owner = builder._cue_owner(cue.root)
    if owner is None and attribution.source is not None:
        source = builder.doc.char_span(*attribution.source, alignment_mode="expand")
        owner = source.root if source is not None and len(source) else None
    start, end = attribution.content
    return builder._indirect(cue.root, cue.end_char, start, end, owner)
