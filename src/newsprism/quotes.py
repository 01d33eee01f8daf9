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
from .quote_direct import DirectRules, quote_kind
from .quote_indirect import IndirectRules
from .quote_lexicon import (
    GROUP_NOUNS,
    HEDGE_FORMS,
    MESSAGE_NOUNS,
    PRONOUNS,
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
    _Index,
    _is_dateline,
    _tokens_between,
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


# words opening a headline before its colon that name no one ("Exclusive: …", "Watch: …")
HEADLINE_LABELS = set("exclusive watch breaking update live video photos opinion analysis".split())


class _Builder(DirectRules, PatternRules, IndirectRules):
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
