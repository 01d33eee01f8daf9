"""People, organisations and places: article-local canonical entities, and their collection-wide merge.

One spaCy parse per article is shared by the entity and quote stages through :func:`parse` (a small
LRU cache keyed by ``(article.id, content_hash)``). Long articles are parsed in paragraph chunks that
are joined back into one ``Doc`` whose text is exactly ``article.text[:parsed_chars]``, so token
offsets are article offsets.

Canonical name rule (documented, used both per article and across the collection):

* persons are grouped by surname (folded: lower case, no accents, transliteration endings
  ``-yy``/``-iy``/``-yi`` → ``-y``, plus a small variant table) with compatible first names
  (equal, a known short form such as Mike/Michael, an initial, or missing); surnames one edit
  apart merge when the two share a first name or a role;
* places and organisations are grouped by their folded name and a small variant table
  (Kiev/Kyiv, US/U.S./United States…);
* the canonical name of a group is its most frequent full form (two or more words), ties broken
  by the longer form and then by first appearance; a group seen only by its surname keeps the
  surname. Titles in front of a name ("President", "Kremlin spokesperson") become roles.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz.distance import Levenshtein

from . import nlp
from .model import Article, ArticleAnalysis, Entity, Mention

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.tokens import Doc, Span, Token

    from .config import Config

# the lemmatizer is the one component nothing here reads; dropping it is ~10 % faster
PARSE_DISABLE = ("lemmatizer",)
CHUNK_CHARS = 6_000  # spaCy input per call; paragraphs are kept whole when they fit
MAX_PARSE_CHARS = 200_000  # beyond this an article is analysed only in part (bounded time)
_CACHE_SIZE = 64

ENTITY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "LOC"}

# Nouns that make a preceding or appositive phrase a title/role rather than part of a name.
TITLE_NOUNS = {
    "president",
    "vice",
    "secretary",
    "minister",
    "chancellor",
    "senator",
    "sen.",
    "rep.",
    "representative",
    "governor",
    "gov.",
    "mayor",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "adviser",
    "advisor",
    "director",
    "ambassador",
    "envoy",
    "general",
    "gen.",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "leader",
    "speaker",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "professor",
    "prof.",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "journalist",
    "reporter",
    "correspondent",
    "analyst",
    "candidate",
    "nominee",
    "chief",
    "commander",
    "officer",
    "official",
    "premier",
    "prosecutor",
    "attorney",
    "lawyer",
    "founder",
    "executive",
    "head",
    "coordinator",
    "aide",
    "strategist",
    "economist",
    "businessman",
    "businesswoman",
    "tycoon",
    "billionaire",
    "author",
    "editor",
    "columnist",
    "host",
    "councillor",
    "councilman",
    "congressman",
    "congresswoman",
    "lawmaker",
    "deputy",
    "former",
    "acting",
    "first",
    "lady",
    "emir",
    "sheikh",
    "treasurer",
    "commissioner",
    "pastor",
}
HONORIFICS = {"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr", "prof.", "sir", "dame", "lord"}

# Transliteration / exonym pairs that no edit-distance rule gets right (folded form → canonical key).
NAME_VARIANTS = {
    "kiev": "kyiv",
    "kharkov": "kharkiv",
    "odessa": "odesa",
    "lvov": "lviv",
    "nikolaev": "mykolaiv",
    "us": "united states",
    "u.s.": "united states",
    "usa": "united states",
    "u.s.a.": "united states",
    "america": "united states",
    "the united states": "united states",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "eu": "european union",
    "e.u.": "european union",
    "the european union": "european union",
    "the kremlin": "kremlin",
    "the white house": "white house",
    "nato": "nato",
}
FIRST_NAME_VARIANTS = {
    "mike": "michael",
    "mick": "michael",
    "bill": "william",
    "will": "william",
    "bob": "robert",
    "rob": "robert",
    "joe": "joseph",
    "jim": "james",
    "jimmy": "james",
    "tom": "thomas",
    "dick": "richard",
    "rick": "richard",
    "ted": "edward",
    "ed": "edward",
    "tony": "anthony",
    "alex": "alexander",
    "sasha": "alexander",
    "vlad": "vladimir",
    "volodymyr": "vladimir",
    "dmitri": "dmitry",
    "dmitriy": "dmitry",
    "sergei": "sergey",
    "sergiy": "serhiy",
    "andrii": "andriy",
    "chris": "christopher",
    "dan": "daniel",
    "dave": "david",
    "steve": "steven",
    "stephen": "steven",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "kate": "katherine",
    "cathy": "catherine",
    "jd": "j.d.",
    "hillary": "hillary",
    "nick": "nicholas",
    "pete": "peter",
    "ben": "benjamin",
    "sam": "samuel",
    "matt": "matthew",
    "don": "donald",
}
KNOWN_PLACES = {k for k, v in NAME_VARIANTS.items() if " " not in k} | set(NAME_VARIANTS.values())
NAME_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}
_POSSESSIVE = ("'s", "’s", "'", "’")


# --------------------------------------------------------------------------- parsing, shared by stages


@dataclass
class Parsed:
    """One article's parse; ``doc.text == article.text[:parsed_chars]``."""

    doc: Doc
    parsed_chars: int
    language: str


_PARSE_CACHE: OrderedDict[tuple[str, str], Parsed] = OrderedDict()


def article_language(article: Article) -> str:
    lang = (article.language or "en").lower().replace("_", "-").split("-")[0]
    # "und" means the detector had too little text to decide; English parsing is the useful default
    return "en" if lang in ("", "und") else lang


def _cache_key(article: Article) -> tuple[str, str]:
    digest = article.content_hash or hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    return (article.id, digest)


def paragraph_chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Contiguous ``(start, end)`` pieces covering ``text``: one per paragraph (with its newlines).

    Parsing paragraphs apart keeps headlines, captions and datelines from fusing with the next
    paragraph into one sentence or one entity; a paragraph over ``limit`` is cut after a sentence end.
    """
    chunks: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n+", text):
        if match.end() < len(text):
            chunks.extend(_split_long(text, start, match.end(), limit))
            start = match.end()
    if start < len(text):
        chunks.extend(_split_long(text, start, len(text), limit))
    return chunks


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > limit:
        cut = max(text.rfind(". ", start + 1, start + limit), text.rfind(" ", start + 1, start + limit))
        cut = cut + 1 if cut > start else start + limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


# --------------------------------------------------------------------------- fast coarse POS
# spaCy's attribute_ruler maps fine tags to coarse POS through a Matcher over every token, which costs
# as much as the parser. The same rules, applied through a dict cache keyed by (tag, lower, dep), give
# the same POS at ~1 % of the cost; MORPH and LEMMA, which it also sets, are read by nothing here.

_TOKEN_KEYS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


def _value_test(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"IN"}:
            allowed = set(value["IN"])
            return lambda x: x in allowed
        if set(value) == {"NOT_IN"}:
            banned = set(value["NOT_IN"])
            return lambda x: x not in banned
        return None
    return lambda x: x == value


def _token_test(spec: dict[str, Any]) -> Any:
    """A predicate on (tag, lower, dep, is_space) for one Matcher token spec, or None if unsupported."""
    tests = []
    for key, value in spec.items():
        if key not in _TOKEN_KEYS:
            return None
        test = _value_test(value)
        if test is None:
            return None
        tests.append((_TOKEN_KEYS[key], test))
    return lambda features: all(test(features[slot]) for slot, test in tests)


class FastPos:
    """The POS part of an attribute_ruler, applied without the Matcher (see the comment above)."""

    CACHE_LIMIT = 500_000

    def __init__(self, ruler: Any) -> None:
        self.rules: list[tuple[list[Any], int, str]] = []  # (token tests, index of the set token, POS)
        self._tag_tests: list[Any] = []  # the TAG part of each single-token rule's test (None: any tag)
        self.supported = True
        for pattern in ruler.patterns:
            pos = pattern["attrs"].get("POS")
            if pos is None:
                continue
            for sequence in pattern["patterns"]:
                tests = [_token_test(spec) for spec in sequence]
                if any(test is None for test in tests):
                    self.supported = False
                self.rules.append((tests, pattern.get("index", 0) % len(sequence), pos))
                if len(sequence) == 1 and tests[0] is not None:
                    self._tag_tests.append(_value_test(sequence[0]["TAG"]) if "TAG" in sequence[0] else None)
        self._single = [(tests[0], pos) for tests, _, pos in self.rules if len(tests) == 1]
        self._multi = [rule for rule in self.rules if len(rule[0]) > 1]
        self._by_tag: dict[str, list[tuple[Any, str]]] = {}
        self._cache: dict[tuple[int, int, int, int], int] = {}
        self._multi_cache: dict[tuple[int, ...], bool] = {}

    def _pos_of(self, key: tuple[int, int, int, int], strings: Any) -> int:
        found = self._cache.get(key)
        if found is None:
            features = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
            pos = ""
            for test, value in self._rules_for_tag(features[0]):  # later rules win, as in the ruler
                if test(features):
                    pos = value
            if len(self._cache) >= self.CACHE_LIMIT:  # one entry per (tag, word, dep): bound it
                self._cache.clear()
            found = self._cache[key] = strings.add(pos) if pos else 0
        return found

    def _rules_for_tag(self, tag: str) -> list[tuple[Any, str]]:
        """The single-token rules that can match a token tagged ``tag``, in order: a handful of the
        ~130, so a word seen for the first time costs a few tests instead of all of them."""
        rules = self._by_tag.get(tag)
        if rules is None:
            rules = self._by_tag[tag] = [
                rule
                for rule, tag_test in zip(self._single, self._tag_tests, strict=True)
                if tag_test is None or tag_test(tag)
            ]
        return rules

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        keys = [tuple(row) for row in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        values = [self._pos_of(key, strings) for key in keys]  # type: ignore[arg-type]
        for number, (tests, index, pos) in enumerate(self._multi):
            for start in range(len(keys) - len(tests) + 1):
                if all(self._passes(number, k, keys[start + k], strings) for k in range(len(tests))):
                    values[start + index] = strings.add(pos)
        current = doc.to_array([POS]).tolist()
        merged = [value or old for value, old in zip(values, current, strict=True)]
        doc.from_array([POS], np.asarray(merged, dtype=np.uint64).reshape(-1, 1))
        return doc

    def _passes(self, rule: int, slot: int, key: tuple[int, ...], strings: Any) -> bool:
        memo = (rule, slot, *key)
        found = self._multi_cache.get(memo)
        if found is None:
            found = self._multi_cache[memo] = bool(self._multi[rule][0][slot](self._features(key, strings)))
        return found

    @staticmethod
    def _features(key: tuple[int, ...], strings: Any) -> tuple[str, str, str, bool]:
        return strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3])


_FAST_POS: dict[int, FastPos | None] = {}


def _fast_pos(pipeline: Any) -> FastPos | None:
    """The attribute_ruler's POS rules for ``pipeline`` when they can all be applied without it."""
    if id(pipeline) not in _FAST_POS:
        ruler = pipeline.get_pipe("attribute_ruler") if "attribute_ruler" in pipeline.pipe_names else None
        fast = FastPos(ruler) if ruler is not None else None
        _FAST_POS[id(pipeline)] = fast if fast is not None and fast.supported else None
    return _FAST_POS[id(pipeline)]


def _disabled(pipeline: Any) -> list[str]:
    names = [name for name in PARSE_DISABLE if name in pipeline.pipe_names]
    return [*names, "attribute_ruler"] if _fast_pos(pipeline) is not None else names


def _finish(pipeline: Any, doc: Doc) -> Doc:
    fast = _fast_pos(pipeline)
    return fast(doc) if fast is not None else doc


def _join_chunks(pipeline: Any, texts: list[str]) -> Doc:
    from spacy.tokens import Doc

    docs = list(pipeline.pipe(texts, disable=_disabled(pipeline), batch_size=64))
    doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
    return _finish(pipeline, doc)


def parse(article: Article) -> Parsed | None:
    """The (cached) parse of ``article``, or None when no spaCy pipeline covers its language."""
    key = _cache_key(article)
    if key in _PARSE_CACHE:
        _PARSE_CACHE.move_to_end(key)
        return _PARSE_CACHE[key]
    language = article_language(article)
    pipeline = nlp.spacy_pipeline(language)
    if pipeline is None:
        return None
    limit = min(len(article.text), MAX_PARSE_CHARS)
    texts = [article.text[a:b] for a, b in paragraph_chunks(article.text[:limit])]
    doc = _join_chunks(pipeline, texts) if texts else pipeline.make_doc("")
    return _remember(key, Parsed(doc, len(doc.text), language))


def parse_many(articles: list[Article], n_process: int = 1, batch_size: int = 64) -> None:
    """Parse many articles in one ``nlp.pipe`` call (optionally multi-process) and cache them.

    Per-article stages then find their parse in the cache; this is what makes throughput scale.
    """
    from spacy.tokens import Doc

    todo = [a for a in articles if _cache_key(a) not in _PARSE_CACHE]
    by_language: dict[str, list[Article]] = {}
    for art in todo:
        by_language.setdefault(article_language(art), []).append(art)
    for language, group in by_language.items():
        pipeline = nlp.spacy_pipeline(language)
        if pipeline is None:
            continue
        pieces: list[tuple[int, str]] = []
        for index, art in enumerate(group):
            text = art.text[:MAX_PARSE_CHARS]
            pieces.extend((index, text[a:b]) for a, b in paragraph_chunks(text))
        docs = pipeline.pipe(
            (text for _, text in pieces),
            disable=_disabled(pipeline),
            n_process=n_process,
            batch_size=batch_size,
        )
        grouped: dict[int, list[Doc]] = {}
        for (index, _), doc in zip(pieces, docs, strict=True):
            grouped.setdefault(index, []).append(doc)
        for index, art in enumerate(group):
            parts = grouped.get(index) or [pipeline.make_doc("")]
            doc = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            doc = _finish(pipeline, doc)
            _remember(_cache_key(art), Parsed(doc, len(doc.text), language), bound=len(articles))


def _remember(key: tuple[str, str], parsed: Parsed, bound: int = 0) -> Parsed:
    _PARSE_CACHE[key] = parsed
    while len(_PARSE_CACHE) > max(_CACHE_SIZE, bound):
        _PARSE_CACHE.popitem(last=False)
    return parsed


def clear_cache() -> None:
    _PARSE_CACHE.clear()


# --------------------------------------------------------------------------- name normalisation


# Name keys are pure functions of short strings that recur across a collection: merging the entities of
# 1,000 articles asked for ~300k of them, nearly all repeats (cached, 10x faster; same keys).
_NAME_CACHE = 1 << 16


@functools.lru_cache(maxsize=_NAME_CACHE)
def fold(text: str) -> str:
    """Lower case, no accents, curly apostrophes straightened, inner whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "'")
    return " ".join(text.lower().split())


@functools.lru_cache(maxsize=_NAME_CACHE)
def fold_surname(word: str) -> str:
    """A surname key: folded, variant table, Slavic transliteration endings unified."""
    word = fold(word).strip(".,")
    word = NAME_VARIANTS.get(word, word)
    return re.sub(r"(yy|iy|yi|ij|ii)$", "y", word)


def fold_place(name: str) -> str:
    key = fold(name).strip(".,")
    key = NAME_VARIANTS.get(key, key)
    if key.startswith("the "):
        key = NAME_VARIANTS.get(key[4:], key[4:])
    return key


@functools.lru_cache(maxsize=_NAME_CACHE)
def person_parts(name: str) -> tuple[str | None, str]:
    """(first-name key or None, surname key) of a person's name."""
    words = [w for w in name.split() if fold(w) not in HONORIFICS]
    while len(words) > 1 and fold(words[-1]) in NAME_SUFFIXES:
        words = words[:-1]
    if not words:
        return None, fold(name)
    surname = fold_surname(words[-1])
    if len(words) == 1:
        return None, surname
    first = fold(words[0]).strip(".")
    return FIRST_NAME_VARIANTS.get(first, first), surname


def first_names_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    # an initial ("J." / "JD") matches a first name with the same letter
    return (len(a) <= 2 or len(b) <= 2) and a[0] == b[0]


def surnames_match(a: str, b: str, share_context: bool) -> bool:
    """Equal keys, or (with a shared first name or role) one edit apart on a long enough surname."""
    if a == b:
        return True
    return share_context and min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b) <= 1


# --------------------------------------------------------------------------- name spans and roles


@dataclass
class NameSpan:
    start: int  # token indices into the doc
    end: int
    kind: str
    role: str | None = None


def _strip_name(span: Span) -> tuple[int, int, list[Token]]:
    """Token bounds of the bare name inside ``span`` and the title tokens taken off its front."""
    start, end = span.start, span.end
    doc = span.doc
    while end > start and doc[end - 1].text in _POSSESSIVE:
        end -= 1
    title: list[Token] = []
    while start < end - 1 and (
        doc[start].lower_ in TITLE_NOUNS or doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct
    ):
        if doc[start].lower_ not in ("the", "a", "an") and not doc[start].is_punct:
            title.append(doc[start])
        start += 1
    return start, end, title


def _is_role_word(token: Token) -> bool:
    if token.lower_ in TITLE_NOUNS:
        return True
    # "Defense Secretary", "Kremlin spokesperson", "U.S. President", "Ukrainian President"
    return token.text[:1].isupper() and token.tag_ in ("NNP", "NNPS", "JJ", "NN") and not token.is_sent_start


def _preceding_role(doc: Doc, start: int) -> str | None:
    """A title written in front of a name: "Ukrainian President", "Secretary of State"."""
    index = start - 1
    words: list[Token] = []
    while index >= 0 and len(words) < 8:
        token = doc[index]
        if (
            (token.lower_ == "of" and words and index > 0 and doc[index - 1].lower_ in TITLE_NOUNS)
            or token.lower_ in TITLE_NOUNS
            or (_is_role_word(token) and token.ent_type_ in ("", "NORP", "GPE", "ORG"))
        ):
            words.insert(0, token)
        else:
            break
        index -= 1
    if not any(w.lower_ in TITLE_NOUNS for w in words):
        return None
    while words and words[-1].lower_ not in TITLE_NOUNS:  # keep the role ending on its head noun
        words.pop()
    while words and words[0].lower_ == "of":
        words.pop(0)
    return doc[words[0].i : words[-1].i + 1].text if words else None


def _appositive_role(doc: Doc, start: int, end: int) -> str | None:
    """ "Carlo Masala, a professor of …" / "The spokesman for the Kremlin, Dmitry Peskov"."""
    root = doc[start:end].root
    for child in root.children:
        if child.dep_ == "appos" and child.lower_ in TITLE_NOUNS and child.i >= end:
            return _role_phrase(doc, child)
    head = root.head
    bracketed = doc[start - 1].text == "," and end < len(doc) and doc[end].text == ","
    if root.dep_ == "appos" and head.lower_ in TITLE_NOUNS and head.i < start - 1 and bracketed:
        left = head.left_edge.i
        while left < head.i and doc[left].lower_ in ("the", "a", "an"):
            left += 1
        return doc[left : start - 1].text if start - 1 - left <= 8 else None
    return None


def _role_phrase(doc: Doc, noun: Token) -> str:
    left = noun.left_edge.i
    while left < noun.i and doc[left].lower_ in ("the", "a", "an"):
        left += 1
    right = min(noun.right_edge.i, noun.i + 8)
    while right > noun.i and (doc[right].is_punct or doc[right].ent_type_ == "PERSON"):
        right -= 1
    return doc[left : right + 1].text


def is_title_line(span: Span) -> bool:
    """A headline or section heading in Title Case, where NER takes capitalised verbs for names."""
    if span.text.rstrip().endswith((".", "?", "!", ".”", '."')) and len(span) > 12:
        return False  # a sentence that happens to be full of names
    words = [t for t in span if t.is_alpha and len(t) > 3 and not t.ent_type_]
    return len(words) >= 2 and sum(t.text[0].isupper() for t in words) >= 0.75 * len(words)


def _line_of(doc: Doc, token: Token) -> Span:
    start = token.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    end = token.i + 1
    while end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
        end += 1
    return doc[start:end]


def _trust_title_lines(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """Keep a headline's names only where they (or a part of them) are names in the body too."""
    in_title = [is_title_line(_line_of(doc, doc[s.start])) for s in spans]
    known = {doc[s.start : s.end].text for s, title in zip(spans, in_title, strict=True) if not title}
    known |= {doc[s.end - 1].text for s, title in zip(spans, in_title, strict=True) if not title}
    kept: list[NameSpan] = []
    for span, title in zip(spans, in_title, strict=True):
        if not title or doc[span.start : span.end].text in known:
            kept.append(span)
            continue
        for size in range(span.end - span.start - 1, 0, -1):
            part = next(
                (i for i in range(span.start, span.end - size + 1) if doc[i : i + size].text in known), None
            )
            if part is not None:
                kept.append(NameSpan(part, part + size, span.kind, span.role))
                break
    return kept


def name_spans(doc: Doc) -> list[NameSpan]:
    spans: list[NameSpan] = []
    for ent in doc.ents:
        kind = ENTITY_LABELS.get(ent.label_)
        if kind is None:
            continue
        newline = next((t.i for t in ent if "\n" in t.text_with_ws[:-1] or t.is_space), None)
        if newline is not None:
            ent = doc[ent.start : newline]
            if not len(ent):
                continue
        start, end, title = _strip_name(ent)
        if end <= start or not any(ch.isalpha() for ch in doc[start:end].text):
            continue
        role = None
        if kind == "PERSON":
            front = _preceding_role(doc, ent.start)
            role = " ".join(t for t in (front, " ".join(w.text for w in title)) if t) or None
            role = role or _appositive_role(doc, start, end)
        spans.append(NameSpan(start, end, kind, role))
    return _trust_title_lines(doc, _join_cut_surnames(doc, spans))


# Particles inside surnames ("Ursula von der Leyen", "Ludwig van Beethoven", "Luiz Inácio Lula da Silva")
NAME_PARTICLES = frozenset("von van der den de da di du del della dos das ter ten bin al".split())


def _join_cut_surnames(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """A person's name that NER cut after a particle ("Ursula von der" + "Leyen", the rest read as a
    place) takes the capitalised word after it, and that word's own span goes."""
    joined: list[NameSpan] = []
    taken: set[int] = set()
    for span in spans:
        if span.start in taken:
            continue
        end = span.end
        cut = span.kind == "PERSON" and end - span.start >= 2 and doc[end - 1].lower_ in NAME_PARTICLES
        if cut and end < len(doc) and doc[end].is_title and doc[end].is_alpha:
            taken.add(end)
            end += 1
        joined.append(NameSpan(span.start, end, span.kind, span.role))
    return joined


# Occupations that make "Name Surname, a technician, said" a person even when NER misses the name.
PERSON_APPOSITIVES = TITLE_NOUNS | {
    "technician", "worker", "engineer", "resident", "farmer", "driver", "nurse", "doctor", "teacher",
    "student", "lawyer", "attorney", "spokesman", "spokeswoman", "spokesperson", "researcher", "scientist",
    "economist", "analyst", "professor", "historian", "activist", "owner", "manager", "founder", "officer",
    "official", "executive", "employee", "witness", "survivor", "veteran", "mother", "father", "pilot",
    "firefighter", "miner", "fisherman", "shopkeeper", "trader", "journalist", "writer", "author", "coach",
}


def _unlabelled_people(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """People NER missed: "Tomasz Wren, a technician who was on shift, said" — a two- or three-word
    proper name followed by an appositive that names an occupation."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    extra = []
    for token in doc:
        name = token.head
        if token.dep_ != "appos" or token.lower_ not in PERSON_APPOSITIVES or token.i < name.i:
            continue
        start = name.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == name.i:
            start -= 1
        words = doc[start : name.i + 1]
        if not 2 <= len(words) <= 3 or any(t.i in covered for t in words):
            continue
        if all(t.pos_ == "PROPN" and t.is_alpha and t.is_title for t in words):
            extra.append(NameSpan(start, name.i + 1, "PERSON", _role_phrase(doc, token)))
            covered.update(t.i for t in words)
    return sorted(spans + extra, key=lambda s: s.start)


def _propagate_aliases(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """Name mentions NER missed: a proper noun spelled exactly like a person's surname found elsewhere."""
    surnames = {doc[s.end - 1].text: s for s in spans if s.kind == "PERSON"}
    covered = {i for s in spans for i in range(s.start, s.end)}
    extra = [
        NameSpan(t.i, t.i + 1, "PERSON")
        for t in doc
        if t.text in surnames and t.i not in covered and t.tag_ in ("NNP", "NNPS", "NN")
    ]
    return sorted(spans + extra, key=lambda s: s.start)


# --------------------------------------------------------------------------- clustering


@dataclass
class _Group:
    kind: str
    names: Counter[str] = field(default_factory=Counter)
    first_seen: dict[str, int] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # indices of the items in this group
    gender: str = "?"

    def add_name(self, name: str, order: int, count: int = 1) -> None:
        self.names[name] += count
        self.first_seen.setdefault(name, order)

    def add_role(self, role: str | None) -> None:
        if role and fold(role) not in {fold(r) for r in self.roles}:
            self.roles.append(role)


def canonical_name(names: Counter[str], first_seen: dict[str, int]) -> str:
    """Most frequent full form (2+ words), then the longer, then the first seen (module docstring)."""
    return max(
        names,
        key=lambda n: (len(n.split()) >= 2, names[n], len(n.split()), len(n), -first_seen.get(n, 0)),
    )


def _person_key(group: _Group) -> tuple[set[str | None], set[str]]:
    parts = [person_parts(n) for n in group.names]
    return {f for f, _ in parts if f}, {s for _, s in parts}


def _persons_compatible(a: _Group, b: _Group) -> bool:
    firsts_a, surnames_a = _person_key(a)
    firsts_b, surnames_b = _person_key(b)
    if firsts_a and firsts_b and not any(first_names_compatible(x, y) for x in firsts_a for y in firsts_b):
        return False
    share = bool(firsts_a & firsts_b) or bool({fold(r) for r in a.roles} & {fold(r) for r in b.roles})
    return any(surnames_match(x, y, share) for x in surnames_a for y in surnames_b)


def _merge_into(target: _Group, other: _Group) -> None:
    for name, count in other.names.items():
        target.add_name(name, other.first_seen.get(name, 0), count)
    for role in other.roles:
        target.add_role(role)
    target.members.extend(other.members)
    if target.gender == "?":
        target.gender = other.gender


def cluster_groups(groups: list[_Group]) -> list[_Group]:
    """Merge groups naming the same entity; full names absorb surname-only groups."""
    persons = sorted(
        (g for g in groups if g.kind == "PERSON"),
        key=lambda g: (-max(len(n.split()) for n in g.names), min(g.first_seen.values(), default=0)),
    )
    merged: list[_Group] = []
    by_surname: dict[str, list[_Group]] = {}
    for group in persons:
        _, surnames = _person_key(group)
        candidates = {id(c): c for s in surnames for c in by_surname.get(s[:3], [])}
        target = next((c for c in candidates.values() if _persons_compatible(c, group)), None)
        if target is None:
            merged.append(group)
            target = group
        else:
            _merge_into(target, group)
        for surname in _person_key(target)[1]:
            bucket = by_surname.setdefault(surname[:3], [])
            if target not in bucket:
                bucket.append(target)
    others: dict[tuple[str, str], _Group] = {}
    for group in groups:
        if group.kind == "PERSON":
            continue
        key = fold_place(canonical_name(group.names, group.first_seen))
        # an ORG/GPE label on a person's surname is spaCy mislabelling that person
        person = (
            next(
                (
                    p
                    for p in by_surname.get(fold_surname(key)[:3], [])
                    if fold_surname(key) in _person_key(p)[1]
                ),
                None,
            )
            if " " not in key
            else None
        )
        if person is not None:
            _merge_into(person, group)
        elif (group.kind, key) in others:
            _merge_into(others[(group.kind, key)], group)
        else:
            others[(group.kind, key)] = group
    return merged + list(others.values())


# --------------------------------------------------------------------------- the stage


# News organisations NER often takes for people when they report ("Axios reported", "BILD quotes …")
NEWS_OUTLETS = frozenset(
    "reuters|associated press|ap|afp|agence france-presse|axios|bloomberg|cnn|bbc|nbc|abc|cbs|fox news|"
    "politico|bild|der spiegel|spiegel|le monde|tass|ria novosti|interfax|al jazeera|the guardian|guardian|"
    "new york times|the new york times|washington post|the washington post|wall street journal|"
    "the wall street journal|financial times|the economist|npr|sky news|euronews|kyiv independent|"
    "the kyiv independent|ukrinform|dpa|ansa|efe|xinhua|kyodo|yonhap|the hill|semafor|punchbowl news"
    .split("|")
)


def _entity_from_group(group: _Group, entity_id: str) -> Entity:
    name = canonical_name(group.names, group.first_seen)
    if group.kind == "PERSON" and not group.roles and fold_place(name) in KNOWN_PLACES:
        group.kind = "GPE"  # NER sometimes calls "Kiev" a person
    if group.kind == "PERSON" and not group.roles and name.lower() in NEWS_OUTLETS:
        group.kind = "ORG"
    aliases = sorted(group.names, key=lambda n: group.first_seen.get(n, 0))
    return Entity(entity_id, name, group.kind, aliases, list(group.roles), group.gender)  # type: ignore[arg-type]


def extract_entities(article: Article, doc: Doc) -> tuple[list[Entity], list[Mention]]:
    """Article-local canonical entities and their name mentions (exact spans)."""
    spans = _propagate_aliases(doc, _unlabelled_people(doc, name_spans(doc)))
    groups: list[_Group] = []
    for index, span in enumerate(spans):
        group = _Group(span.kind, members=[index])
        group.add_name(doc[span.start : span.end].text, doc[span.start].idx)
        group.add_role(span.role)
        groups.append(group)
    entities: list[Entity] = []
    owner: dict[int, str] = {}
    for number, group in enumerate(cluster_groups(groups), start=1):
        entity = _entity_from_group(group, f"{article.id}:e{number}")
        entities.append(entity)
        owner.update((member, entity.id) for member in group.members)
    mentions = []
    for index, span in enumerate(spans):
        start, end = doc[span.start].idx, doc[span.end - 1].idx + len(doc[span.end - 1])
        mentions.append(
            Mention(article.id, start, end, article.text[start:end], owner[index], "name", span.role)
        )
    return entities, mentions


class SpacyEntityStage:
    """Entities, name mentions and resolved nominal/pronoun mentions of one article."""

    name = "entities"

    def __init__(self, config: Config) -> None:
        self.config = config

    def prepare(self, articles: list[Article]) -> None:
        """Optional batch hook: parse ``articles`` in one ``nlp.pipe`` call before ``process`` is
        called on each of them (several times faster than one parse per ``process`` call)."""
        parse_many(articles)

    def process(self, article: Article, analysis: ArticleAnalysis) -> None:
        parsed = parse(article)
        if parsed is None:
            analysis.notes.append(f"entities: no parser for language {article_language(article)}")
            return
        if parsed.parsed_chars < len(article.text):
            analysis.notes.append(
                f"entities: only the first {parsed.parsed_chars} of {len(article.text)} characters analysed"
            )
        from . import coref, quote_marks

        entities, mentions = extract_entities(article, parsed.doc)
        quoted = [(q.start, q.end) for q in quote_marks.scan_quote_marks(article.text)]
        mentions += coref.default_resolver().resolve(article, parsed.doc, entities, mentions, quoted)
        mentions.sort(key=lambda m: (m.start, m.end))
        analysis.entities.extend(entities)
        analysis.mentions.extend(mentions)


# --------------------------------------------------------------------------- collection level


def resolve_entities(analyses: Iterable[ArticleAnalysis]) -> tuple[list[Entity], dict[str, str]]:
    """Merge article-local entities into collection-wide ones; returns (entities, local id → global id).

    Global ids are ``e1, e2…`` in order of first appearance; each global entity lists every spelling
    (aliases) and role seen, and takes its name by the rule in the module docstring, weighting each
    spelling by how many mentions used it.
    """
    locals_: list[Entity] = []
    groups: list[_Group] = []
    for analysis in analyses:
        counts = Counter(m.text for m in analysis.mentions if m.kind == "name")
        for entity in analysis.entities:
            group = _Group(entity.kind, members=[len(locals_)], gender=entity.gender)
            for alias in entity.aliases or [entity.name]:
                group.add_name(alias, len(locals_), max(1, counts.get(alias, 0)))
            for role in entity.roles:
                group.add_role(role)
            locals_.append(entity)
            groups.append(group)
    merged = sorted(cluster_groups(groups), key=lambda g: min(g.members))
    entities: list[Entity] = []
    mapping: dict[str, str] = {}
    for number, group in enumerate(merged, start=1):
        entity = _entity_from_group(group, f"e{number}")
        entity.aliases = sorted(set(entity.aliases), key=entity.aliases.index)
        genders = {locals_[m].gender for m in group.members} - {"?"}
        entity.gender = genders.pop() if len(genders) == 1 else "?"  # type: ignore[assignment]
        entities.append(entity)
        mapping.update((locals_[m].id, entity.id) for m in group.members)
    return entities, mapping


# --------------------------------------------------------------------------- many articles at once


def analyse_many(
    articles: list[Article], n_process: int = 1, config: Config | None = None
) -> list[ArticleAnalysis]:
    """Entities and quotes of many articles (one analysis each, in order), ``n_process`` processes.

    Each worker parses its share of the articles in one ``nlp.pipe`` call and runs both stages on
    it, so only the small records travel between processes, never a parse.
    """
    if n_process <= 1 or len(articles) < 2:
        return _analyse_chunk(articles, config)
    import multiprocessing

    size = -(-len(articles) // (n_process * 4))  # a few chunks per worker evens out long articles
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with context.Pool(n_process) as pool:
        parts = pool.starmap(_analyse_chunk, [(chunk, config) for chunk in chunks])
        pool.close()  # workers exit and are reaped here, so their CPU time is accounted to us
        pool.join()
    return [analysis for part in parts for analysis in part]


def _analyse_chunk(articles: list[Article], config: Config | None) -> list[ArticleAnalysis]:
    from .config import Config
    from .quotes import QuoteStage

    config = config or Config()
    entity_stage, quote_stage = SpacyEntityStage(config), QuoteStage(config)
    parse_many(articles)
    analyses = []
    for article in articles:
        analysis = ArticleAnalysis(article=article.id)
        entity_stage.process(article, analysis)
        quote_stage.process(article, analysis)
        analyses.append(analysis)
    return analyses
