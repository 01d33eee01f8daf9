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

The rules live by family in mixins of ``_Builder``: ``quote_speakers.py`` (who a subject token names, and
the last-resort speakers), ``quote_direct.py`` (quotation-marked quotes, ``quote_kind``),
``quote_patterns.py`` ("Name: words" lines, headline reports, "records show" tags) and
``quote_indirect.py`` (indirect speech). This module keeps ``QuoteStage`` (the order the families run
in, and the clean-up across them), the French fallback for articles with no parser, and ``_Builder``'s
shared state.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from . import entities
from .model import Article, ArticleAnalysis, Quote
from .quote_direct import DirectRules, quote_kind
from .quote_indirect import IndirectRules
from .quote_lexicon import HEDGE_FORMS
from .quote_marks import MarkedQuote, continue_the_last_speaker, paragraph_spans, scan_quote_marks
from .quote_patterns import PatternRules
from .quote_speakers import SpeakerRules, add_entity
from .quote_syntax import Index

if TYPE_CHECKING:
    from spacy.tokens import Doc

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
        continue_the_last_speaker(text, quotes, builder.paragraphs)
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
    paragraphs = paragraph_spans(text)
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
            entity = add_entity(analysis, by_id, article, name.group(), "PERSON", *name.span(), "name")
            known[entities.fold(entity.name)] = entity
        quote.speaker, quote.speaker_entity = entity.name, entity.id
        quote.speaker_start, quote.speaker_end = where
        quote.cue, quote.cue_start, quote.cue_end = text[cue.start(verb) : cue.end(verb)], *cue.span(verb)


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


class _Builder(SpeakerRules, DirectRules, PatternRules, IndirectRules):
    """One article's parse, marks and entities, shared by the rule families, one mixin a module:
    ``quote_speakers`` (a subject token to a speaker; the last-resort speakers), ``quote_direct``
    (quotation-marked quotes), ``quote_patterns`` ("Name:" lines, headlines, "records show") and
    ``quote_indirect`` (reports without marks). The families call one another's methods through
    ``self``; each module's docstring says which of this state (``quote_syntax.BuilderState``) it reads."""

    def __init__(
        self, article: Article, analysis: ArticleAnalysis, doc: Doc, marks: list[MarkedQuote]
    ) -> None:
        self.article, self.analysis, self.doc, self.marks = article, analysis, doc, marks
        self.text = article.text
        self.paragraphs = paragraph_spans(self.text)
        regions = [
            (
                m.open_mark if m.open_mark is not None else m.start,
                m.close_mark + 1 if m.close_mark is not None else m.end,
            )
            for m in marks
        ]
        persons = {e.id for e in analysis.entities if e.kind == "PERSON"}
        self.index = Index(analysis.mentions, regions, persons)
        self.entities = {e.id: e for e in analysis.entities}
        self.direct_cues: set[int] = set()  # cue tokens already speaking a direct quotation
