"""Who said what: direct, partial and indirect quotes with speaker, cue and channel.

Two layers:

* :func:`scan_quote_marks` (``quote_marks.py``) is language-independent: it pairs quotation marks in
  every common style, one paragraph at a time, before any parse (the rules are in that module's docstring).
* :class:`QuoteStage` attributes each marked quote from the shared spaCy parse: the speech verb governing
  the quote in the dependency tree, else the nearest speech verb in the same sentence outside quotation
  marks (after the quote first), else a colon-introduced quote's clause, else the previous quote's
  speaker for a continuing quote. Speakers are the verb's subject, mapped onto the entity stage's
  mentions (names, "the tycoon", "he"). Indirect speech is a speech verb's clausal complement
  ("Peskov said that …") and "according to X, …". It reads the parse through ``quote_syntax.py`` (cues,
  subjects, noun phrases) and its word lists from ``quote_lexicon.py``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import TYPE_CHECKING

from . import entities
from .model import Article, ArticleAnalysis, Entity, Mention, Quote
from .quote_indirect import IndirectRules
from .quote_lexicon import (
    FORMAT_RE,
    GROUP_NOUNS,
    HEDGE_FORMS,
    LIGHT_FORMS,
    MESSAGE_NOUNS,
    OBJECT_FORMS,
    PLATFORM_RE,
    PRONOUNS,
    SIGNATURE_RE,
    SPEECH_FORMS,
    TRUTH_RE,
)
from .quote_marks import (
    _MARK_RE,
    MarkedQuote,
    _continue_the_last_speaker,
    _paragraph_spans,
    scan_quote_marks,
)
from .quote_patterns import PatternRules
from .quote_syntax import (
    WHEN_ENTITIES,
    Attribution,
    _author_behind,
    _Index,
    _is_dateline,
    _name_before_colon,
    _name_right_after_cue,
    _sentence_frames,
    _tokens_between,
    cue_span,
    is_cue,
    noun_phrase,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .config import Config


class QuoteStage:
    name = "quotes"

    def __init__(self, config: Config) -> None:
        self.config = config

    def prepare(self, articles: list[Article]) -> None:
        """Optional batch hook (shares the entity stage's parse cache; a no-op once it has run)."""
        entities.parse_many(articles)

    def process(self, article: Article, analysis: ArticleAnalysis) -> None:
        text = article.text
        marks = scan_quote_marks(text)
        parsed = entities.parse(article)
        if parsed is None:
            lang = entities.article_language(article)
            unattributed = self._unattributed(article, marks)
            how = "direct quotes found by marks only"
            if lang == "fr":
                _attribute_french_inversions(article, analysis, marks, unattributed)
                how = "direct quotes found by marks, speakers only from inverted cues"
            analysis.notes.append(f"quotes: no parser for language {lang}; {how}")
            analysis.quotes.extend(unattributed)
            return
        builder = _Builder(article, analysis, parsed.doc, marks)
        marked = builder.marked_quotes()
        lines = builder.colon_lines(marked)  # first: a headline's name lends its quotations a speaker
        kept = [q for q in marked if not _scare_quote(q) and not _title_of_a_work(text, q)]
        quotes = kept + lines + builder.indirect_quotes()
        quotes += builder.headline_reports(quotes)
        quotes += builder.records_show(quotes)
        quotes = _without_covered_hedges([q for q in quotes if q.end <= parsed.parsed_chars])
        _end_before_sibling_attributions(quotes, text, _agreeing_conjuncts(parsed.doc, quotes))
        _continue_from_the_participle_in_between(quotes)
        from .quote_cues import gap_quotes  # the learned cues fill the rules' gaps, never overlap them
        from .quote_tagger import enabled as tagger_enabled
        from .quote_tagger import tagged_quotes

        quotes += gap_quotes(builder, quotes, self.config)
        if tagger_enabled(self.config):  # opt-in: more recall, less speaker accuracy (quote_tagger)
            quotes += tagged_quotes(builder, quotes)
        for quote in quotes:
            if quote.speaker_start is None:
                builder.lend_clause_subject(quote)
        quotes.sort(key=lambda q: (q.start, q.end))
        builder.quoted_block_speakers(quotes)
        _continue_the_last_speaker(text, quotes, builder.paragraphs)
        for number, quote in enumerate(quotes, start=1):
            quote.id = f"{article.id}:q{number}"
        analysis.quotes.extend(quotes)

    @staticmethod
    def _unattributed(article: Article, marks: list[MarkedQuote]) -> list[Quote]:
        return [
            Quote(
                f"{article.id}:q{n}",
                article.id,
                article.text[m.start : m.end],
                m.start,
                m.end,
                kind=quote_kind(article.text, m),
            )
            for n, m in enumerate(marks, start=1)
        ]


# --------------------------------------------------------------------------- French with no parser

# the inverted cue after a French quotation: "», a-t-elle affirmé", "», a déclaré le ministre …, Henrik
# Dalvey", "», affirme-t-il", "», dit-elle"; what the writer says next names or stands for the speaker
_FR_PAST = (
    "déclaré affirmé ajouté confié dit expliqué estimé souligné assuré précisé indiqué martelé lancé "
    "insisté prévenu averti répondu reconnu poursuivi rappelé jugé regretté dénoncé annoncé écrit "
    "tweeté promis admis"
).split()
_FR_PRESENT = (
    "déclare affirme ajoute confie dit explique estime souligne assure précise indique martèle lance "
    "insiste prévient avertit répond reconnaît poursuit rappelle juge regrette dénonce annonce écrit"
).split()
_FR_INVERSION_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:"
    r"(?:a|avait|ont|avaient)(?:-t-(?P<past_pronoun>il|elle|ils|elles)[ \t]+|[ \t]+)(?P<past>"
    + "|".join(_FR_PAST)
    + r")|(?P<present>"
    + "|".join(_FR_PRESENT)
    + r")(?:-t)?-(?P<present_pronoun>il|elle|ils|elles))\b(?P<rest>[^.!?«»“”\n]*)"
)
_FR_NAME_RE = re.compile(r"\b[A-ZÀ-Ý][\w’'-]+(?:[ \t]+[A-ZÀ-Ý][\w’'-]+)+")


def _attribute_french_inversions(
    article: Article, analysis: ArticleAnalysis, marks: list[MarkedQuote], quotes: list[Quote]
) -> None:
    """Speakers of French quotations when no French parser is installed: the name after an inverted
    cue ("a déclaré le ministre …, Henrik Dalvey"), or for "a-t-elle affirmé" the nearest full name
    earlier in the paragraph (else the one before). A fallback by rule; a parse does better."""
    text = article.text
    paragraphs = _paragraph_spans(text)
    known = {entities.fold(e.name): e for e in analysis.entities}
    by_id = {e.id: e for e in analysis.entities}
    for mark, quote in zip(marks, quotes, strict=True):
        close = mark.close_mark + 1 if mark.close_mark is not None else mark.end
        cue = _FR_INVERSION_RE.match(text, close)
        if cue is None:
            continue
        verb = "past" if cue.group("past") else "present"
        pronoun = cue.group(f"{verb}_pronoun")
        if pronoun is not None:
            where = cue.span(f"{verb}_pronoun")
            opener = mark.open_mark if mark.open_mark is not None else mark.start
            name = _french_name_before(text, paragraphs, opener)
        else:
            name = _FR_NAME_RE.search(text, cue.start("rest"), cue.end("rest"))
            where = name.span() if name is not None else None
        if name is None or where is None:
            continue
        entity = known.get(entities.fold(name.group()))
        if entity is None:
            entity = _add_entity(analysis, by_id, article, name.group(), "PERSON", *name.span(), "name")
            known[entities.fold(entity.name)] = entity
        quote.speaker, quote.speaker_entity = entity.name, entity.id
        quote.speaker_start, quote.speaker_end = where
        quote.cue, quote.cue_start, quote.cue_end = text[cue.start(verb) : cue.end(verb)], *cue.span(verb)


def _add_entity(
    analysis: ArticleAnalysis,
    by_id: dict[str, Entity],
    article: Article,
    phrase: str,
    kind: str,
    start: int,
    end: int,
    mention_kind: str,
) -> Entity:
    """A new entity named ``phrase`` (an id no other entity of the article holds) with its mention at
    [start, end), added to the analysis and to ``by_id``."""
    entity = Entity(f"{article.id}:e{len(analysis.entities) + 1}", phrase, kind, [phrase])
    while entity.id in by_id:
        entity.id += "x"
    analysis.entities.append(entity)
    by_id[entity.id] = entity
    mention = Mention(article.id, start, end, article.text[start:end], entity.id, mention_kind)
    analysis.mentions.append(mention)
    return entity


def _french_name_before(text: str, paragraphs: list[tuple[int, int]], before: int) -> re.Match[str] | None:
    """The last full name before ``before`` in its paragraph, else in the paragraph before it."""
    index = max((n for n, (a, _) in enumerate(paragraphs) if a <= before), default=-1)
    for start, end in [paragraphs[n] for n in (index, index - 1) if n >= 0]:
        names = list(_FR_NAME_RE.finditer(text, start, min(end, before)))
        if names:
            return names[-1]
    return None


# what separates two coordinated reports: ", saying", "…, but he gave", "… and questioned why"; a
# quotation may close right after the comma ('… working together," suggesting that …')
_SIBLING_GAP_RE = re.compile(
    r"(?:\s*[,;—–][”\"’']?|\s+-)\s*(?:(?:and|but|while|though|although|yet|then|also|even as)\s+)*$"
    r"|\s+(?:and|but|while|though|although|yet)(?:\s+(?:then|also))?\s*$"
)
_CONJUNCTION_GAP_RE = re.compile(
    r"(?:\s*[,;—–][”\"’']?|\s+-)?\s+(?:and|but|while|though|although|yet|even as)(?:\s+(?:then|also))?\s*$"
)
RELATIVE_WORDS = {"who", "which", "that", "whom", "whose"}


def _is_relative_word(text: str, start: int | None, end: int | None) -> bool:
    return start is not None and text[start:end].lower() in RELATIVE_WORDS


def _agreeing_conjuncts(doc: Doc, quotes: list[Quote]) -> set[int]:
    """Offsets of the quotes' cues that are verbs coordinated in their partner's form ("she was tired
    … and wanted …"): such a conjunct continues its partner's clause."""
    agreeing = set()
    for quote in quotes:
        if quote.cue_start is None or quote.cue_end is None:
            continue
        span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
        token = span[0] if span is not None and len(span) else None
        if token is None or token.dep_ != "conj":
            continue
        if token.tag_[:2] == "VB" and token.tag_ == token.head.tag_:
            agreeing.add(quote.cue_start)
    return agreeing


def _end_before_sibling_attributions(quotes: list[Quote], text: str, agreeing: set[int]) -> None:
    """Reported speech ends where a coordinated report begins ("Trump argued that …, saying it's …";
    "Reid said X, but he gave …"): the second report is its own attribution, not part of the first's
    content. Relative clauses ("Pagliano, who invoked …") and complements ("said that Klein said …")
    stay inside."""
    inners = [
        (q, q.cue_start, q.speaker_start, _is_relative_word(text, q.speaker_start, q.speaker_end))
        for q in quotes
        if q.cue_start is not None
    ]
    for outer in quotes:
        if outer.kind != "indirect":
            continue
        if outer.cue_start is not None and outer.start <= outer.cue_start < outer.end:
            continue  # "Recently, he said, he has realized …": the cue sits inside its own sentence
        cut = outer.end
        for inner, cue_start, speaker_start, relative in inners:
            if inner is outer or inner.start <= outer.start:
                continue
            aside = _reported_aside(text, outer, inner)
            if aside is not None and len(text[outer.start : aside].split()) >= 2:
                cut = min(cut, aside)
                continue
            if cue_start in agreeing and speaker_start is not None and outer.start <= speaker_start < cut:
                continue  # "said she was tired of X and wanted Y": the reported clause goes on
            gap = _sibling_gap(text, outer.start, cut, cue_start, speaker_start, relative)
            if gap is not None and len(text[outer.start : gap].split()) >= 2:
                cut = gap
        if cut < outer.end:
            outer.end = cut
            outer.text = text[outer.start : cut]


# the participles whose report a later quotation continues (PolNeAR train: "noting" nests in the first
# quotation's attribution as often as it takes the next one, and cost a speaker there)
ADDING_PARTICIPLES = {"adding", "remarking"}


def _continue_from_the_participle_in_between(quotes: list[Quote]) -> None:
    """ "“…,” he said, adding that he had not spoken to them. “We're going to do something …”": the
    quotation after the participle's report goes on from it, under its cue; PolNeAR joins the two."""
    marked = sorted((q for q in quotes if q.kind == "direct" and q.cue_start is not None), key=_start)
    reports = [q for q in quotes if q.kind == "indirect" and (q.cue or "").lower() in ADDING_PARTICIPLES]
    for earlier, later in itertools.pairwise(marked):
        cue_at = earlier.cue_start
        if cue_at is None or later.cue_start != cue_at or cue_at < earlier.end:
            continue  # not a quotation that took the earlier one's cue, after it
        between = [r for r in reports if _reported_between(r, cue_at, later.start, earlier.speaker_start)]
        if between:
            report = between[-1]
            later.cue, later.cue_start, later.cue_end = report.cue, report.cue_start, report.cue_end


def _start(quote: Quote) -> int:
    return quote.start


def _reported_between(report: Quote, after: int, before: int, speaker_start: int | None) -> bool:
    """A report of the same speaker's (or of nobody named) whose cue and content lie in (after, before)."""
    cue_at = report.cue_start
    inside = cue_at is not None and after < cue_at < before and report.end <= before
    return inside and report.speaker_start in (None, speaker_start)


def _reported_aside(text: str, outer: Quote, inner: Quote) -> int | None:
    """Where an aside that reports someone else's words begins inside ``outer``'s content, or None:
    "vetoed a bill that …, which critics said was discriminatory": the comma before "which"."""
    if not outer.start < inner.start < outer.end or inner.speaker_start is None:
        return None
    if outer.start < inner.speaker_start < inner.start and _is_relative_word(
        text, inner.speaker_start, inner.speaker_end
    ):  # "the endorsement of Gordon Humphrey, who told POLITICO he'll …"
        comma = text.rfind(",", outer.start, inner.speaker_start)
        return comma if comma >= 0 and not text[comma + 1 : inner.speaker_start].strip() else None
    first = text[inner.start : inner.end].split(" ", 1)[0].lower()
    if first not in ("which", "who", "what") or not inner.start < inner.speaker_start < inner.end:
        return None
    comma = text.rfind(",", outer.start, inner.start)
    return comma if comma >= 0 and not text[comma + 1 : inner.start].strip() else None


def _sibling_gap(
    text: str, start: int, cut: int, cue_start: int, speaker_start: int | None, relative: bool
) -> int | None:
    """Where a coordinated report cut off the content [start, cut) begins, or None.

    A report led by its own subject needs a conjunction ("…, but he gave"); after a bare comma the
    subject opens the outer report's own clause ("At private courses, members may …"). A speaker
    found inside the content with no such gap before it is the reported clause's subject, which the
    parser lent a coordinated verb ("insists that he will fight on and refuses to answer"): a
    conjunction before the cue then begins the report."""
    gap_re = _SIBLING_GAP_RE
    if speaker_start is not None and start < speaker_start:
        if relative:
            return None
        if start < speaker_start < cut:
            gap = _CONJUNCTION_GAP_RE.search(text, start, speaker_start)
            if gap is not None:
                return gap.start()
        # a bare comma before the cue would split "that Klein, a lawyer, argued …" from its subject
        gap_re = _CONJUNCTION_GAP_RE
    if not start < cue_start < cut:
        return None
    gap = gap_re.search(text, start, cue_start)
    return gap.start() if gap is not None else None


def _is_hedge(quote: Quote) -> bool:
    return quote.speaker is None and (quote.cue or "").lower() in HEDGE_FORMS | {"reportedly"}


def _without_covered_hedges(quotes: list[Quote]) -> list[Quote]:
    """An unattributed impression ("appeared to …") overlapping a quote someone is said to have
    said is part of that quote, not a second attribution."""
    held = [q for q in quotes if not _is_hedge(q)]
    return held + [
        q for q in quotes if _is_hedge(q) and not any(q.start < h.end and h.start < q.end for h in held)
    ]


def _scare_quote(quote: Quote) -> bool:
    """A few quoted words that nobody is said to have said: a scare quote or a title, not a quotation."""
    short = len(quote.text.split()) <= 4
    return quote.kind == "partial" and quote.cue is None and quote.speaker is None and short


TITLE_SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "at", "by", "with", "from"}


def _title_of_a_work(text: str, quote: Quote) -> bool:
    """ "The Art of the Deal", "Secret Lives of the Super Rich": a quoted name of a book, show or film
    in title case, with no cue, names a work; nobody is quoted. In a headline every word has a
    capital, so there title case tells nothing."""
    if quote.cue is not None or "\n" not in text[: quote.start]:
        return False
    words = quote.text
    tokens = re.findall(r"[A-Za-z][\w’'-]*", words)
    if not 2 <= len(tokens) <= 10 or words.isupper():
        return False
    return all(t[0].isupper() or t.lower() in TITLE_SMALL_WORDS for t in tokens) and tokens[0][0].isupper()


def quote_kind(text: str, quote: MarkedQuote) -> str:
    """ "direct" for a quoted sentence, "partial" for quoted words inside the writer's own sentence."""
    opener = quote.open_mark if quote.open_mark is not None else quote.start
    before = text[max(0, opener - 3) : opener].rstrip(" \t")
    if quote.open_mark is None or quote.continued or not before or before[-1] in "\n:,—–-(":
        return "direct"
    body = text[quote.start : quote.end].lstrip("[(…. ")  # "“[Trump] doesn’t have …”" is a sentence too
    if body[:1].isupper() and len(body.split()) >= 6 and re.search(r"[.!?]", body):
        return "direct"
    if body[:1].isupper() and len(body.split()) >= 6 and before[-1] in ".!?":
        return "direct"  # a quote opening the writer's sentence ("… said Devine. ‘We could win …,’ which …")
    if body[:1].isupper() and before[-1] in ".!?" and body.rstrip()[-1:] in ".!?":
        return "direct"  # a short quoted sentence of its own ("… said an official. “But was it criminal?”")
    return "partial"


# words opening a headline before its colon that name no one ("Exclusive: …", "Watch: …")
HEADLINE_LABELS = set("exclusive watch breaking update live video photos opinion analysis".split())
# a person's name right after a closing mark, maybe behind a lowercase title ("screenwriter"), then a
# lowercase verb or an appositive comma: "” Trump barked", "” screenwriter Cole Haddon wrote", "” Trump, …"
_NAME_AFTER_CLOSE_RE = re.compile(
    r"[ \t]*(?:[a-z][\w-]*[ \t]+){0,2}(?P<name>(?:[A-Z][\w.’'-]*[ \t]+){0,3}[A-Z][\w’'-]*)(?=[ \t]+[a-z]|,)"
)

# "Stated Stone:" alone on the line before a quotation's paragraph
_INVERTED_COLON_LINE_RE = re.compile(
    r"(?:^|\n)[ \t]*(?P<verb>[A-Z][a-z]+)[ \t]+(?P<name>(?:[A-Z][\w.’'-]*[ \t]+){0,3}[A-Z][\w’'-]*)[ \t]*:$"
)

# "From the report:", "More from the report:", "- Excerpts from the ruling:" closing a quotation's frame
_FROM_SOURCE_RE = re.compile(
    r"(?:^\s*|[-–—―]\s*|[.!?]\s+)(?:(?:More|Excerpts?|An excerpt)\s+from|From)"
    r"\s+(?P<source>[^:\n]{2,80}?)\s*:\s*$"
)

_NAME_SAYING_RE = re.compile(
    r"[ \t]*(?P<name>(?:[A-Z][\w.’'-]*[ \t]+){0,3}[A-Z][\w’'-]*)[ \t]+(?P<verb>[a-z]+)\b(?![’'-])"
)


class _Builder(PatternRules, IndirectRules):
    def __init__(
        self, article: Article, analysis: ArticleAnalysis, doc: Doc, marks: list[MarkedQuote]
    ) -> None:
        self.article, self.analysis, self.doc, self.marks = article, analysis, doc, marks
        self.text = article.text
        self.paragraphs = _paragraph_spans(self.text)
        regions = [
            (
                m.open_mark if m.open_mark is not None else m.start,
                m.close_mark + 1 if m.close_mark is not None else m.end,
            )
            for m in marks
        ]
        persons = {e.id for e in analysis.entities if e.kind == "PERSON"}
        self.index = _Index(analysis.mentions, regions, persons)
        self.entities = {e.id: e for e in analysis.entities}
        self.direct_cues: set[int] = set()  # cue tokens already speaking a direct quotation

    # ------------------------------------------------------------------ speakers

    def speaker(self, token: Token | None) -> tuple[str | None, str | None, int | None, int | None]:
        """(name, entity id, start, end) for a subject token, creating a group/ORG entity when needed."""
        if token is None:
            return None, None, None, None
        if token.lower_ in MESSAGE_NOUNS and token.pos_ == "NOUN":
            # "Their joint statement … stating" → their; "The DNC released a statement offering …" →
            # the DNC; with no owner the document itself is the source ("the report said")
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None and token.dep_ == "dobj" and token.head.pos_ == "VERB":
                owner = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            token = owner if owner is not None else token
        if _is_dateline(token):  # "CLEVELAND — Former Attorney General Michael Mukasey told …"
            # the named one after the dash, not the agency in brackets ("Philadelphia (AFP) – Obama")
            appositions = [c for c in token.children if c.dep_ == "appos"]
            named = next((c for c in appositions if c.ent_type_ == "PERSON"), None)
            named = named if named is not None else (appositions[-1] if appositions else None)
            if named is None:
                return None, None, None, None
            token = named
        # a relative or plural pronoun ("they", "them", "their") is the mention that names the speaker
        # here, like "he": its
        # span is kept while the name and entity come from its antecedent (a relative keeps it also
        # when the antecedent names no one: "those who view", "some who warned"); a restrictive "that" is
        # part of the phrase that names the speaker ("a super PAC that backed Rubio"): the phrase speaks
        relative = token.tag_ in ("WP", "WDT") and token.lower_ != "that"
        surface = token if relative or token.lower_ in ("they", "them", "their") else None
        if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":  # "those who argue"
            antecedent = token.head.head
            token = (
                antecedent
                if antecedent.pos_ in ("NOUN", "PROPN", "PRON") and antecedent.lower_ != "it"
                else self._previous_mention_token(token) or token
            )
        token = self._appositive_name(token) or token
        if token.lower_ in ("they", "their", "them"):
            token = self._plural_antecedent(token) or token
        found = self._speaker_of(token)
        if surface is not None and surface is not token and (found[0] is not None or relative):
            return found[0], found[1], surface.idx, surface.idx + len(surface)
        return found

    def _speaker_of(self, token: Token) -> tuple[str | None, str | None, int | None, int | None]:
        mention = self.index.mention_at(token.idx)
        if mention is not None and mention.entity in self.entities:
            entity = self.entities[mention.entity]
            return entity.name, entity.id, mention.start, mention.end
        start, end = noun_phrase(token)
        if token.tag_ == "PRP$":  # "his support for …": whose, from the people named just before
            entity = self._possessor(token)
            return (entity.name, entity.id, start, end) if entity is not None else (None, None, start, end)
        if token.lower_ in PRONOUNS:
            return None, None, start, end
        return self._new_entity(token, start, end)

    def _possessor(self, token: Token) -> Entity | None:
        """The person "his"/"her" stands for: the latest named person of a compatible gender in this
        sentence or the one before; never an entity named after the pronoun itself."""
        gender = {"his": "m", "her": "f"}.get(token.lower_)
        if gender is None:
            return None
        sent = token.sent
        since = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for mention in reversed(self.index.mentions[: bisect.bisect_left(self.index.starts, token.idx)]):
            if mention.start < self.doc[since].idx:
                break
            entity = self.entities.get(mention.entity or "")
            if entity is not None and entity.kind == "PERSON" and entity.gender in (gender, "?"):
                return entity
        return None

    def _appositive_name(self, token: Token) -> Token | None:
        """The name in "The spokesman for the Kremlin, Dmitry Peskov, confirmed", however it was parsed."""
        if token.pos_ != "NOUN" or self.index.mention_at(token.idx) is not None:
            return None
        for inner in token.subtree:
            if inner.i > token.i and inner.dep_ == "appos" and inner.ent_type_ == "PERSON":
                return inner
        return None

    def _previous_mention_token(self, token: Token) -> Token | None:
        for candidate in reversed(self.doc[token.sent.start : token.i]):
            mention = self.index.mention_at(candidate.idx)
            if mention is not None and mention.entity in self.entities:
                return candidate
        return None

    def _plural_antecedent(self, token: Token) -> Token | None:
        sent_start = token.sent.start
        for candidate in reversed(self.doc[max(0, sent_start - 80) : sent_start]):
            if candidate.dep_ == "nsubj" and (
                candidate.tag_ in ("NNS", "NNPS") or candidate.ent_type_ == "ORG"
            ):
                return candidate
        return None

    def _new_entity(self, token: Token, start: int, end: int) -> tuple[str, str, int, int]:
        phrase = self.text[start:end]
        if phrase.lower().startswith("the "):
            phrase = phrase[4:]
        group = (
            token.tag_ in ("NNS", "NNPS") or token.lower_ in GROUP_NOUNS or token.ent_type_ in ("ORG", "NORP")
        )
        kind = (
            "ORG" if group else "PERSON" if token.pos_ == "PROPN" or token.ent_type_ == "PERSON" else "OTHER"
        )
        for entity in self.entities.values():
            if entities.fold(phrase) in {entities.fold(a) for a in [entity.name, *entity.aliases]}:
                return entity.name, entity.id, start, end
        mention_kind = "name" if token.pos_ == "PROPN" else "nominal"
        entity = _add_entity(
            self.analysis, self.entities, self.article, phrase, kind, start, end, mention_kind
        )
        return entity.name, entity.id, start, end

    # ------------------------------------------------------------------ direct and partial

    def _cue_in(self, start: int, end: int, nearest_first_from: str) -> Token | None:
        span = _tokens_between(self.doc, start, end)
        if span is None:
            return None
        tokens = [t for t in span if not self.index.quoted(t.idx) and is_cue(t)]
        if not tokens:
            return None
        return tokens[0] if nearest_first_from == "left" else tokens[-1]

    def _governing_cue(self, quote: MarkedQuote) -> Token | None:
        span = _tokens_between(self.doc, quote.start, quote.end)
        if span is None:
            return None
        for token in span:
            head, steps = token.head, 0
            if quote.start <= head.idx < quote.end:
                continue
            while (steps < 4 and head is not head.head) or steps == 0:
                if is_cue(head) and not self.index.quoted(head.idx):
                    return head
                if head is head.head:
                    break
                head, steps = head.head, steps + 1
        return None

    def _colon_clause(self, before: tuple[int, int]) -> Attribution | None:
        if not self.text[before[0] : before[1]].rstrip().endswith(":"):
            return None
        span = _tokens_between(self.doc, before[0], before[1])
        if span is None or not len(span):
            return None
        verbs = [t for t in span if t.pos_ == "VERB" and not self.index.quoted(t.idx)]
        for verb in reversed(verbs):
            subject = subject_of(verb)
            if subject is not None:
                return Attribution(verb, cue_span(verb)[1], noun_phrase(subject))
        for token in span:
            mention = self.index.mention_at(token.idx)
            if mention is not None and token.ent_type_ == "PERSON":
                return Attribution(None, None, (mention.start, mention.end))
        return _name_before_colon(span)

    def _attribute_marked(self, quote: MarkedQuote, prev_end: int, next_start: int) -> Attribution | None:
        para = next((p for p in self.paragraphs if p[0] <= quote.start < p[1] + 1), (quote.start, quote.end))
        after, before = _sentence_frames(self.text, quote, prev_end, next_start, para)
        kind = quote_kind(self.text, quote)
        order = ["governing", "after", "before"] if kind == "partial" else ["after", "before", "governing"]
        colon_first = kind == "direct" and self.text[before[0] : before[1]].rstrip().endswith(":")
        if colon_first and self._cue_in(*after, nearest_first_from="left") is None:
            # "“…,” Ebeling said, and her husband cut in: “…”": with no cue after the quote, the clause
            # its colon closes speaks, not an earlier cue in the same frame
            colon = self._colon_clause(before)
            if colon is not None and colon.cue is not None:
                return colon
        for how in order:
            if how == "governing":
                cue = self._governing_cue(quote)
            elif how == "after":
                cue = self._cue_in(*after, nearest_first_from="left")
            else:
                cue = self._cue_in(*before, nearest_first_from="right")
            if cue is not None and how == "before" and kind == "direct":
                cue = self._main_verb_over(cue, quote, before)
            if cue is not None:
                cue = self._reporting_cue(cue)
                return Attribution(cue, cue_span(cue)[1], None)
        if kind == "direct":
            verb = self._verb_after_quote(quote, after) or self._verb_before_quote(quote, before)
            if verb is not None:
                return Attribution(verb, cue_span(verb)[1], None)
            according = self._according_to_before(before) or self._from_source_before(before)
            if according is not None:
                return according
        according = self._according_to_in_sentence(quote)
        if according is not None:
            return according
        colon = self._colon_clause(before)
        if colon is None and kind == "partial":
            return self._sentence_subject(quote)
        if colon is None and not quote.continued:
            named = self._name_saying_after_close(quote.end) if kind == "direct" else None
            if named is not None:  # "“…,” Bozell answers.": the parser read the verb as a noun
                return Attribution(None, None, (named.idx, named.idx + len(named)))
            return (
                self._introducing_sentence(quote)
                or self._colon_paragraph(quote)
                or self._signature_line(quote)
            )
        return colon

    def _main_verb_over(self, cue: Token, quote: MarkedQuote, before: tuple[int, int]) -> Token:
        """ "After Jerry Brown criticized Bill Clinton, Hillary shot back, “…”": a cue inside a clause
        hung on the verb that opens the quotation does not say it; that verb, whatever it is, does."""
        verb = self._verb_before_quote(quote, before)
        if verb is None or verb is cue or not verb.is_ancestor(cue):
            return cue
        return verb

    def _according_to_before(self, before: tuple[int, int]) -> Attribution | None:
        """ "According to the Daily Caller, “…”", "According to HuffPo: “…”": with no verb to say it,
        the source named right before the quotation speaks it."""
        if not self.text[before[0] : before[1]].rstrip().endswith((",", ":")):
            return None
        span = _tokens_between(self.doc, *before)
        if span is None:
            return None
        for token in span:
            to = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
            if token.lower_ != "according" or to is None or to.lower_ != "to":
                continue
            source = next((c for c in to.children if c.dep_ == "pobj"), None)
            if source is not None and not self.index.quoted(source.idx):
                return Attribution(None, None, noun_phrase(_author_behind(source)))
        return None

    def _from_source_before(self, before: tuple[int, int]) -> Attribution | None:
        """ "From the report: “…”", "More from the report: “…”": with no verb to say it, the source a
        quotation is taken from, named alone before its colon (after a dash, if any), speaks it."""
        frame = self.text[before[0] : before[1]]
        found = _FROM_SOURCE_RE.search(frame)
        if found is None:
            return None
        start, end = before[0] + found.start("source"), before[0] + found.end("source")
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None or not len(span) or any(t.pos_ in ("VERB", "AUX") for t in span):
            return None
        return Attribution(None, None, (span.root.idx, span.root.idx + len(span.root)))

    def _reporting_cue(self, cue: Token) -> Token:
        """The outermost report around a cue: in "Trump said he wants “a total shutdown”" the words are
        Trump's report of his own wish, so "said" (and its subject) attributes them, not "wants"."""
        found, token, through_clause = cue, cue, False
        for _ in range(4):
            if token.dep_ not in ("ccomp", "conj", "xcomp") or token.head is token:
                break
            through_clause = through_clause or token.dep_ == "ccomp"
            token = token.head
            if (
                through_clause
                and is_cue(token, marked=False)
                and not self.index.quoted(token.idx)
                and subject_of(token) is not None
            ):
                found = token
        return found

    def _colon_paragraph(self, quote: MarkedQuote) -> Attribution | None:
        """ "President Clinton released the following statement:" / "Stated Stone:" ending the paragraph
        before a quote: the verb the colon closes introduces it, whatever the verb."""
        opener = quote.open_mark if quote.open_mark is not None else quote.start
        head = self.text[max(0, opener - 400) : opener]
        stripped = head.rstrip()
        if not stripped.endswith(":") or "\n" not in head[len(stripped) :]:
            return None
        colon_at = opener - len(head) + len(stripped) - 1
        inverted = _INVERTED_COLON_LINE_RE.search(stripped)
        if inverted is not None and inverted.group("verb").lower() in SPEECH_FORMS:
            # "Stated Stone:": the tagger reads the inverted verb as part of a name
            name_end = colon_at - (len(stripped) - 1 - inverted.end("name"))
            name_start = name_end - len(inverted.group("name"))
            return Attribution(None, None, (name_start, name_end))
        span = self.doc.char_span(colon_at, colon_at + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        verb = span[0].head
        for _ in range(3):
            if verb.pos_ == "VERB" or verb is verb.head:
                break
            verb = verb.head
        if verb.pos_ != "VERB" or verb.lower_ in LIGHT_FORMS or self.index.quoted(verb.idx):
            return None
        subject = subject_of(verb)
        if subject is None or self.index.quoted(subject.idx):
            return None
        return Attribution(verb, cue_span(verb)[1], None)

    def _verb_after_quote(self, quote: MarkedQuote, after: tuple[int, int]) -> Token | None:
        """ "“…,” the judge exclaimed": a quote closed by a comma, question or exclamation mark and
        followed by a subject and its verb names its speaker, whatever the verb."""
        closing = self.text[quote.close_mark - 1 : quote.close_mark] if quote.close_mark else ""
        if closing not in (",", "?", "!"):
            return None
        span = _tokens_between(self.doc, *after)
        if span is None:
            return None
        for token in list(span)[:6]:
            if token.is_punct:
                break
            if token.pos_ != "VERB" or token.lower_ in LIGHT_FORMS:
                continue
            subject = subject_of(token)
            # "…,’ which votes June 7": a relative clause about what the quote mentions
            relative = subject is not None and subject.tag_ in ("WDT", "WP")
            if subject is not None and after[0] <= subject.idx < after[1] and not relative:
                return token
        return None

    def _verb_before_quote(self, quote: MarkedQuote, before: tuple[int, int]) -> Token | None:
        """ "Mrs. Clinton then boomed, “Today, you …”": a verb with a subject right before the comma or
        colon that opens a quote introduces it, whatever the verb."""
        if not self.text[before[0] : before[1]].rstrip().endswith((",", ":")):
            return None
        span = _tokens_between(self.doc, *before)
        if span is None:
            return None
        words = [t for t in span if not t.is_punct]
        if not words:
            return None
        verb = words[-1] if words[-1].pos_ == "VERB" else words[-1].head
        if verb.pos_ != "VERB" or verb.lower_ in LIGHT_FORMS or verb.i < words[0].i:
            return None
        if self.index.quoted(verb.idx):
            return None
        if words[-1].i - verb.i > 3:  # "then boomed, …", "told reporters, …": the verb ends the frame
            return None
        subject = subject_of(verb)
        return verb if subject is not None and not self.index.quoted(subject.idx) else None

    def _introducing_sentence(self, quote: MarkedQuote) -> Attribution | None:
        """ "Cruz tweeted a warning. “Missouri: remember …”": the sentence right before a quote that
        stands alone, when its verb is a speech or attitude cue with a subject, introduces it."""
        opener = quote.open_mark if quote.open_mark is not None else quote.start
        span = self.doc.char_span(opener, opener + 1, alignment_mode="expand")
        if span is None or not len(span) or span[0].sent.start == 0:
            return None
        previous = self.doc[span[0].sent.start - 1].sent
        if self.text[previous.end_char : opener].strip() or self.index.quoted(previous.root.idx):
            return None
        root = previous.root
        if not (is_cue(root) or (root.lower_ in OBJECT_FORMS and root.tag_.startswith("VB"))):
            return None
        subject = subject_of(root)
        if subject is None or subject.i > root.i or self.index.quoted(subject.idx):
            return None
        return Attribution(root, cue_span(root)[1], None)

    def _signature_line(self, quote: MarkedQuote) -> Attribution | None:
        """A quotation closing its paragraph and signed on the next line by a dash and a name, as in
        fact checks and notebooks ("“…”\n\n- Sanders.", "-President Obama, tweeting after …")."""
        if quote.close_mark is None:
            return None
        found = SIGNATURE_RE.match(self.text, quote.close_mark + 1)
        if found is None:
            return None
        span = self.doc.char_span(found.start(1), found.end(1), alignment_mode="expand")
        names = [t for t in span if t.pos_ == "PROPN"] if span is not None else []
        if not names:
            return None
        return Attribution(None, None, (names[-1].idx, names[-1].idx + len(names[-1])))

    def _according_to_in_sentence(self, quote: MarkedQuote) -> Attribution | None:
        """ "Over the long term, according to the budget office, the rise in deficits ''is mainly
        attributable to …''": with no verb to say it, a quotation in a sentence that names its source by
        "according to" is that source's (the clause, mostly quotation, is no report of its own)."""
        span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        sent = span[0].sent
        for token in sent[:-1]:
            if token.lower_ != "according" or self.doc[token.i + 1].lower_ != "to":
                continue
            if self.index.quoted(token.idx):
                continue
            source = next((c for c in self.doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if source is not None and not self.index.quoted(source.idx):
                return Attribution(None, None, noun_phrase(_author_behind(source)))
        return None

    def _sentence_subject(self, quote: MarkedQuote) -> Attribution | None:
        """A partial quote with no speech verb: the person the sentence is about ("He thanked X “for …”")."""
        span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        root = span[0].sent.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subject is None or self.index.quoted(subject.idx):
            return None
        mention = self.index.mention_at(subject.idx)
        if mention is None or self.entities.get(mention.entity or "", None) is None:
            return None
        if self.entities[mention.entity].kind != "PERSON":  # type: ignore[index]
            return None
        return Attribution(None, None, (mention.start, mention.end))

    def marked_quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        previous: Quote | None = None
        previous_paragraph = -10
        doubles = [m for m in self.marks if not m.nested]
        for number, mark in enumerate(self.marks):
            if mark.nested and any(d.start <= mark.start < d.end for d in doubles):
                continue
            neighbours = [m for m in self.marks if not m.nested]
            prev_end = max(
                (m.end + 1 for m in neighbours if m.end <= mark.start and m is not mark), default=0
            )
            next_start = min(
                (m.open_mark or m.start for m in neighbours if m.start > mark.end), default=len(self.text)
            )
            attribution = self._attribute_marked(mark, prev_end, next_start)
            quote = Quote(
                "",
                self.article.id,
                self.text[mark.start : mark.end],
                mark.start,
                mark.end,
                kind=quote_kind(self.text, mark),
            )  # type: ignore[arg-type]
            if attribution is not None:
                self._fill(quote, attribution)
            elif previous is not None and (
                mark.continued or self._continues(previous, mark, previous_paragraph)
            ):
                self._inherit(quote, previous)
            if quote.cue is not None or quote.speaker is not None:
                previous, previous_paragraph = quote, mark.paragraph
            quotes.append(quote)
            del number
        return quotes

    def _continues(self, previous: Quote, mark: MarkedQuote, previous_paragraph: int) -> bool:
        if mark.paragraph not in (previous_paragraph, previous_paragraph + 1) and mark.paragraph != -1:
            return False
        gap = self.text[previous.end : mark.open_mark or mark.start]
        return len(gap) <= 200 and quote_kind(self.text, mark) == "direct"

    @staticmethod
    def _inherit(quote: Quote, previous: Quote) -> None:
        for attr in (
            "speaker",
            "speaker_entity",
            "speaker_start",
            "speaker_end",
            "cue",
            "cue_start",
            "cue_end",
            "channel",
        ):
            setattr(quote, attr, getattr(previous, attr))

    def _fill(self, quote: Quote, attribution: Attribution) -> None:
        cue = attribution.cue
        if cue is not None:
            start, end = cue_span(cue)
            quote.cue, quote.cue_start, quote.cue_end = self.text[start:end], start, end
            if quote.kind == "direct":
                self.direct_cues.add(cue.i)
            subject = subject_of(cue, avoid=(quote.start, quote.end))
            if subject is None and quote.kind == "direct":
                subject = _name_right_after_cue(cue, quote.end)
            relayed = self._relayed_by(cue)
            if relayed is not None:  # "“…,” Sanders said, according to CNN": CNN reports the quote
                (cue_start, cue_end), subject = relayed
                quote.cue, quote.cue_start, quote.cue_end = self.text[cue_start:cue_end], cue_start, cue_end
            quote.speaker, quote.speaker_entity, quote.speaker_start, quote.speaker_end = self.speaker(
                subject
            )
            quote.channel = self.channel(cue.sent.start_char, cue.sent.end_char)
        elif attribution.speaker is not None:
            token = self.doc.char_span(*attribution.speaker, alignment_mode="expand")
            if token is not None and len(token):
                quote.speaker, quote.speaker_entity, quote.speaker_start, quote.speaker_end = self.speaker(
                    token.root
                )

    def lend_clause_subject(self, quote: Quote) -> None:
        """A quotation left with no speaker by every rule is the clause's doer, the last resort before
        none at all ("The agency declined to detail the investigation's “specific focus …”", "A friend
        referred to him as “…”", "Trump, refusing to concede that …"): the subject of the nearest verb
        above the quotation (or its cue) that has one, or the owner of a noun that holds it ("her
        comment that, “…”"). A quotation that is its own sentence has nothing above it and stays."""
        holder = self._impression_holder(quote)
        subject = (
            holder
            or self._reporter_of_hedge(quote)
            or self._clause_subject_above(quote)
            or self._name_after_closing_mark(quote)
            or self._headline_opener(quote)
        )
        if subject is None:
            return
        name, entity, start, end = self.speaker(subject)
        if start is None or (holder is None and quote.start <= start < quote.end):
            return
        quote.speaker, quote.speaker_entity, quote.speaker_start, quote.speaker_end = name, entity, start, end

    def _hedge_cue(self, quote: Quote) -> Token | None:
        """The cue token of an impression ("seems", "is considered"), or None for any other quote."""
        if quote.cue_start is None or (quote.cue or "").lower() not in HEDGE_FORMS:
            return None
        end = quote.cue_end or quote.cue_start + 1
        marked = self.doc.char_span(quote.cue_start, end, alignment_mode="expand")
        return marked.root if marked is not None and len(marked) else None

    def _impression_holder(self, quote: Quote) -> Token | None:
        """Whom an unattributed impression ("seems", "appears", "is considered") is had by: the people
        it seems so to or among ("To the party's leaders, it must have seemed a smart move", "more
        credible to the public", "echoing among her detractors") or its by-agent ("appears to be
        understated by public counts"). What merely seems so ("The vote appeared to be slipping")
        holds no view and stays unattributed."""
        cue = self._hedge_cue(quote)
        if cue is None:
            return None
        for token in cue.sent:
            if token.lower_ not in ("to", "among", "by") or self.index.quoted(token.idx):
                continue
            if token.lower_ == "by" and token.dep_ != "agent":
                continue
            if cue in (token.head, token.head.head):
                held = next((c for c in token.children if c.dep_ == "pobj"), None)
                if held is not None and held.pos_ in ("NOUN", "PROPN", "PRON"):
                    # a share ("by 50 percent of voters") is left to the poll; a date holds nothing
                    counted = held.ent_type_ in WHEN_ENTITIES or held.ent_type_ in ("PERCENT", "CARDINAL")
                    return None if counted else held
        return None

    def quoted_block_speakers(self, quotes: list[Quote]) -> None:
        """ "Hewitt writes:" / "The movie mentions neither the president nor …": a paragraph without
        quotation marks after one that ends in a cue with a subject and a colon is that speaker's block
        quotation; the reports found inside it are the speaker's words, as written."""
        for (_, before_end), (start, end) in zip(self.paragraphs, self.paragraphs[1:], strict=False):
            inside = [q for q in quotes if start <= q.start and q.end <= end and q.kind == "indirect"]
            if not inside or self.text[before_end - 1 : before_end] != ":":
                continue
            if _MARK_RE.search(self.text, start, end) or "<" in self.text[start:end]:
                continue
            colon = self.doc.char_span(before_end - 1, before_end, alignment_mode="expand")
            if colon is None or not len(colon):
                continue
            verb = colon[0].sent.root
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if not is_cue(verb, marked=False) or subject is None:
                continue
            if any(c.dep_ == "dobj" and c.pos_ not in ("PRON", "DET") for c in verb.children):
                continue  # "CNN also noted the sparse attendance:" shows it; "argued that:" quotes
            if self.index.quoted(subject.idx):
                continue
            speaker = self.speaker(subject)
            for quote in inside:
                quote.speaker, quote.speaker_entity, quote.speaker_start, quote.speaker_end = speaker

    def _reporter_of_hedge(self, quote: Quote) -> Token | None:
        """ "Victims of domestic violence would be considered a distinct group, Sanders said, …": an
        impression that is the clause of a report is the reporter's."""
        cue = self._hedge_cue(quote)
        if cue is None:
            return None
        report = cue.head
        if cue.dep_ != "ccomp" or not is_cue(report, marked=False) or self.index.quoted(report.idx):
            return None
        subject = subject_of(report)
        return subject if subject is not None and not self.index.quoted(subject.idx) else None

    def _headline_opener(self, quote: Quote) -> Token | None:
        """ "Trump Addresses Munich Attack: ‘This Cannot Continue.’", "Milbank: Republicans ‘Waving The
        Flag Of Surrender’": a quotation after a colon in the headline is the one the headline opens
        with, whom the parser cannot find in title case; a label ("Exclusive:") names no one."""
        line_end = self.text.find("\n")
        before = self.text[: quote.start]
        if "\n" in before or ":" not in before or (0 <= line_end < quote.end):
            return None
        first = next((t for t in self.doc if t.is_alpha), None)
        if first is None or first.idx >= before.index(":") or not first.text[:1].isupper():
            return None
        return None if first.lower_ in HEADLINE_LABELS else first

    def _name_after_closing_mark(self, quote: Quote) -> Token | None:
        """ "“Go back to Univision,” Trump barked", "“…,” screenwriter Cole Haddon wrote on Twitter":
        a sentence that goes on past the closing mark (a comma, "?" or "!" inside it) and names someone
        straight after it, before a lowercase word or a comma, names the one who said it, whatever the
        parser made of the verb."""
        return self._name_after_close(quote.end) if quote.kind == "direct" else None

    def _name_saying_after_close(self, end: int) -> Token | None:
        """ "“…,” Bozell answers.", "“…,” CNN reports": a name right after the closing mark and
        before a word of saying, whatever the tagger made of either, says the quotation."""
        close = re.match(r"[,?!\"”’']{1,3}", self.text[end : end + 3])
        ends = (close.group() if close else "") + self.text[end - 1 : end]
        if close is None or not any(mark in ends for mark in ",?!"):
            return None
        match = _NAME_SAYING_RE.match(self.text, end + close.end())
        if match is None or match.group("verb") not in SPEECH_FORMS:
            return None
        span = self.doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
        if span is None or not len(span) or not all(t.pos_ == "PROPN" for t in span):
            return None
        return span.root

    def _name_after_close(self, end: int) -> Token | None:
        """The name straight after the closing mark of a direct quotation ending at ``end``, as
        ``_name_after_closing_mark`` reads it."""
        close = re.match(r"[,?!\"”’']{1,3}", self.text[end : end + 3])
        ends = (close.group() if close else "") + self.text[end - 1 : end]
        if close is None or not any(mark in ends for mark in ",?!"):
            return None
        match = _NAME_AFTER_CLOSE_RE.match(self.text, end + close.end())
        if match is None:
            return None
        mention = self.index.mention_at(match.start("name"))
        if mention is not None:  # a named organisation or place after the mark is not taken
            named = mention.entity in self.index.persons and mention.end == match.end("name")
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand") if named else None
        else:  # a name the entity stage missed ("” Trump barked"): proper nouns with no other entity type
            span = self.doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
            plain = span is not None and all(
                t.pos_ == "PROPN" and t.ent_type_ in ("", "PERSON") for t in span
            )
            span = span if plain else None
        return span.root if span is not None and len(span) else None

    def _clause_subject_above(self, quote: Quote) -> Token | None:
        if quote.cue_start is not None:
            cue = self.doc.char_span(
                quote.cue_start, quote.cue_end or quote.cue_start + 1, alignment_mode="expand"
            )
            token = cue.root if cue is not None and len(cue) else None
        else:
            span = _tokens_between(self.doc, quote.start, quote.end)
            token = span.root.head if span is not None and len(span) else None
        if token is None or quote.start <= token.idx < quote.end:
            return None
        for step in [token, *token.ancestors]:
            holder = next((c for c in step.children if c.dep_ in ("nsubj", "poss")), None)
            if (
                holder is not None
                and step.pos_ in ("VERB", "AUX", "NOUN")
                and not (quote.start <= holder.idx < quote.end or self.index.quoted(holder.idx))
            ):
                return holder if holder.dep_ == "nsubj" or step.pos_ == "NOUN" else None
        return None

    def _relayed_by(self, cue: Token) -> tuple[tuple[int, int], Token] | None:
        """(span of "according to", source) of an "according to X" in the cue's sentence: PolNeAR
        credits the outer source of a relayed quotation."""
        sent = cue.sent
        for token in sent:
            if token.lower_ != "according" or token.i + 1 >= sent.end or self.index.quoted(token.idx):
                continue
            to = self.doc[token.i + 1]
            source = next((c for c in to.children if c.dep_ == "pobj"), None)
            if to.lower_ == "to" and source is not None:
                return (token.idx, to.idx + len(to)), source
        return None

    def channel(self, start: int, end: int) -> str | None:
        chars = list(self.text[start:end])
        for a, b in self.index.quoted_parts(start, end):
            chars[a - start : b - start] = " " * (b - a)
        outside = "".join(chars)
        match = TRUTH_RE.search(outside) or PLATFORM_RE.search(outside)
        if match:
            return match.group(1) if match.groups() else match.group(0)
        match = FORMAT_RE.search(outside)
        return match.group(1) if match else None
