"""Reports found by the shape of the text more than by the parse: "Name: words" lines, headlines and
"…, records show" tags.

``PatternRules`` is a mixin of ``quotes._Builder`` (which sets the state that
``quote_syntax.BuilderState`` declares):

* ``colon_lines``: a line opened by a speaker's name and a colon (transcripts, "Obama: I'm optimistic"
  headlines); a line that is mostly a quotation lends the name to that quotation instead;
* ``headline_reports``: a short first line "Someone <cue-verb> something" (``HEADLINE_CUE_FORMS``);
* ``records_show``: "…, records show." and the like, which the parser often misreads.

It reads the builder's ``doc``, ``text``, ``paragraphs``, ``index``, ``entities`` and ``article``, and
calls ``speaker``/``_new_entity`` of ``quote_speakers.SpeakerRules`` and ``_mostly_marked`` of
``quote_indirect.IndirectRules``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import entities
from .model import Entity, Mention, Quote
from .quote_lexicon import (
    _COLON_LINE_RE,
    COLON_LINE_STOP,
    EVIDENCE_NOUNS,
    HEADLINE_CLAUSE_RE,
    HEADLINE_CUE_FORMS,
    HEADLINE_MAX_WORDS,
    HEADLINE_NOT_A_SUBJECT_END,
    HEADLINE_WORD_RE,
)
from .quote_marks import trimmed
from .quote_syntax import BuilderState

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Span


# a tag of documents showing: "…, records show." / "…, F.A.A. records show, …"
_RECORDS_SHOW_RE = re.compile(
    r"[,—–] (?P<holder>(?:[\w.&'’-]+ ){0,4}(?:records|documents|data|filings|figures|statistics|reports))"
    r" (?P<cue>show|shows|showed|indicate|indicated)(?P<stop>[,.\n])"
)


class PatternRules(BuilderState):
    """ "Name: words" lines, headline reports and "records show" tags."""

    def colon_lines(self, marked: list[Quote]) -> list[Quote]:
        """A line opened by a speaker's name and a colon (transcripts, "Obama: I'm optimistic" headlines).
        A line that is mostly a quotation ("Trump: ‘I’m the Worst Thing …’") is that quotation's: its
        unattributed marked quotes get the name before the colon instead of a second, line-wide quote."""
        quotes = []
        for line_start, content_start, content_end, colon, speaker in self._colon_line_speakers():
            if self._mostly_marked(content_start, content_end):
                for quote in marked:
                    # a cue outside the line was borrowed from another paragraph; the name here wins
                    borrowed = quote.cue_start is None or not line_start <= quote.cue_start < content_end
                    if content_start <= quote.start < content_end and (quote.speaker is None or borrowed):
                        quote.cue, quote.cue_start, quote.cue_end = ":", colon, colon + 1
                        quote.speaker, quote.speaker_entity, quote.speaker_start, quote.speaker_end = speaker
                continue
            quote = Quote(
                "",
                self.article.id,
                self.text[content_start:content_end],
                content_start,
                content_end,
                kind="direct",
            )
            quote.cue, quote.cue_start, quote.cue_end = ":", colon, colon + 1
            quote.speaker, quote.speaker_entity, quote.speaker_start, quote.speaker_end = speaker
            quotes.append(quote)
        return quotes

    def _colon_line_speakers(self) -> Iterator[tuple[int, int, int, int, tuple]]:
        """(line start, content start, content end, colon offset, speaker) per line opened by "Name:"."""
        for start, end in self.paragraphs:
            match = _COLON_LINE_RE.match(self.text, start, end)
            if match is None or self.index.quoted(match.start(1)):
                continue
            name = match.group(1)
            if {w.lower().strip(".’'") for w in name.split()} & COLON_LINE_STOP:
                continue
            content_start, content_end = trimmed(self.text, match.end(), end)
            if len(self.text[content_start:content_end].split()) < 3:
                continue
            speaker = self._colon_speaker(match.start(1), match.end(1), name)
            if speaker is not None:
                yield start, content_start, content_end, self.text.index(":", match.end(1)), speaker

    def _colon_speaker(
        self, start: int, end: int, name: str
    ) -> tuple[str | None, str | None, int | None, int | None] | None:
        """The speaker before a line's colon: a known person/organisation, or a name in capitals."""
        found = self._span_and_entity(start, end)
        if found is None:
            return None
        span, mention, entity = found
        # the whole name before the colon is one person/organisation ("Trump Calls Putin:" is a headline)
        if mention is not None and entity is not None and entity.kind in ("PERSON", "ORG"):
            title = self.text[start : mention.start].split()
            before = [t for t in span if t.idx < mention.start]
            # a description of the name ("Republican pollster Daron Shaw:", "Hacker Guccifer:"), no verb
            described = all(t.pos_ in ("PROPN", "NOUN", "ADJ") and t.tag_[:2] != "VB" for t in before)
            if mention.end == end and (
                all(w.lower().strip(".") in entities.TITLE_NOUNS for w in title) or described
            ):
                return entity.name, entity.id, mention.start, mention.end
        if name.isupper() and len(name) >= 3 and all(t.pos_ == "PROPN" or t.is_upper for t in span):
            return self._new_entity(span.root, start, end)
        # "Sanders: Endorsements prove …": a headline's bare surname, of a person the article names in full
        bearer = self._person_by_surname(name) if " " not in name else None
        if bearer is not None:
            return bearer.name, bearer.id, start, end
        if name.lower() in EVIDENCE_NOUNS:  # "Poll: Sanders Leads Clinton Nationally" reports a finding
            found = self._new_entity(span.root, start, end)
            if self.entities[found[1]].name.lower() in EVIDENCE_NOUNS:
                self.entities[found[1]].kind = "OTHER"  # a headline's capital does not make a poll a person
            return found
        return None

    def _person_by_surname(self, surname: str) -> Entity | None:
        """The one person of the article whose full name ends in ``surname``."""
        bearers = [
            e
            for e in self.entities.values()
            if e.kind == "PERSON" and " " in e.name and e.name.rsplit(" ", 1)[1] == surname
        ]
        return bearers[0] if len(bearers) == 1 else None

    def records_show(self, found: list[Quote]) -> list[Quote]:
        """ "The plane was insured for $35 million in 2011, records show." / "During that stretch, F.A.A.
        records show, the Cessna flew 216 hours": a tag of documents showing, which the parser often
        misreads ("records show" as a noun phrase), reports its sentence."""
        quotes = []
        for match in _RECORDS_SHOW_RE.finditer(self.text):
            start = max(self.text.rfind(stop, 0, match.start()) for stop in (". ", "\n", "? ", "! "))
            start = 0 if start < 0 else start + 1
            end = match.start() if match.group("stop") in ".\n" else self.text.find(".", match.end())
            start, end = trimmed(self.text, start, end if end > 0 else match.end())
            if end - start < 15 or any(q.start < end and start < q.end for q in found):
                continue
            holder = self.doc.char_span(*match.span("holder"), alignment_mode="expand")
            quote = Quote("", self.article.id, self.text[start:end], start, end, kind="indirect")
            quote.cue, quote.cue_start, quote.cue_end = match.group("cue"), *match.span("cue")
            quote.speaker, quote.speaker_entity, quote.speaker_start, quote.speaker_end = self.speaker(
                holder[-1] if holder is not None and len(holder) else None
            )
            quotes.append(quote)
        return quotes

    def headline_reports(self, found: list[Quote]) -> list[Quote]:
        """ "Carly Fiorina Endorses Ted Cruz.", "Obama rips rhetoric over 'radical Islam'": a short
        first line whose clause is "Someone <cue-verb> something" reports that someone's act, when
        nothing found already covers it (see ``HEADLINE_CUE_FORMS``)."""
        if not self.paragraphs:
            return []
        line_start, line_end = self.paragraphs[0]
        if len(self.text[line_start:line_end].split()) > HEADLINE_MAX_WORDS:
            return []
        reports = []
        for clause in HEADLINE_CLAUSE_RE.finditer(self.text, line_start, line_end):
            quote = self._headline_clause(clause.start(), clause.end())
            if quote is not None and not any(q.start < quote.end and quote.start < q.end for q in found):
                reports.append(quote)
        return reports

    def _headline_clause(self, start: int, end: int) -> Quote | None:
        words = list(HEADLINE_WORD_RE.finditer(self.text, start, end))
        for n, word in enumerate(words[1:-1], start=1):
            if word.group().lower() not in HEADLINE_CUE_FORMS:
                continue
            before, after = words[n - 1].group().lower(), words[n + 1].group().lower()
            if before in HEADLINE_NOT_A_SUBJECT_END or after == "of":  # "Trump's Plans", "Calls of …"
                return None
            if self._modified_plural_noun(word.start(), word.end()):  # "TV shows", "Criminal charges"
                return None
            # the subject starts after a comma ("After 39-hour filibuster, Missouri Senate passes …")
            subject_start = max(start, self.text.rfind(",", start, word.start()) + 1)
            subject_start, subject_end = trimmed(self.text, subject_start, word.start())
            if not subject_start < subject_end or len(self.text[subject_start:subject_end].split()) > 5:
                return None
            cue_end = word.end()
            if after in ("for", "on", "about", "against", "with", "over"):
                cue_end = words[n + 1].end()
            content_start, content_end = trimmed(self.text, cue_end, end)
            if content_end <= content_start:
                return None
            speaker = self._headline_speaker(subject_start, subject_end)
            if speaker is None:
                return None
            content = self.text[content_start:content_end]
            quote = Quote("", self.article.id, content, content_start, content_end, kind="indirect")
            cue_start = word.start()
            quote.cue, quote.cue_start, quote.cue_end = self.text[cue_start:cue_end], cue_start, cue_end
            quote.speaker, quote.speaker_entity, quote.speaker_start, quote.speaker_end = speaker
            return quote
        return None

    def _modified_plural_noun(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) != 1:
            return False
        token = span[0]
        # "DNC issues", "Obama rips": a name before the verb is its subject, whatever the tagger says
        modifier = token.doc[token.i - 1] if token.i > 0 else None
        if modifier is None or modifier.head.i != token.i or modifier.pos_ == "PROPN":
            return False
        return token.tag_ in ("NNS", "NNPS") and modifier.dep_ in ("compound", "amod")

    def _headline_speaker(
        self, start: int, end: int
    ) -> tuple[str | None, str | None, int | None, int | None] | None:
        found = self._span_and_entity(start, end)
        if found is None:
            return None
        span, mention, entity = found
        if mention is not None and entity is not None:
            return entity.name, entity.id, mention.start, mention.end
        return self._new_entity(span[-1], start, end)

    def _span_and_entity(self, start: int, end: int) -> tuple[Span, Mention | None, Entity | None] | None:
        """The tokens of ``text[start:end]``, the mention at its last token and that mention's entity
        (either may be None); None when the characters cover no token."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        mention = self.index.mention_at(span[-1].idx)
        entity = self.entities.get(mention.entity or "") if mention is not None else None
        return span, mention, entity
