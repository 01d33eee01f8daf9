"""Quotation-marked quotes: the cue and speaker of each quote that ``scan_quote_marks`` found.

``DirectRules`` is a mixin of ``quotes._Builder`` (which sets the state that
``quote_syntax.BuilderState`` declares). ``marked_quotes`` walks the
marks in order and tries, per quote (``_attribute_marked``): the speech verb governing the quote, the
nearest cue after it and before it in its sentence frame (the order depends on ``quote_kind``: direct or
partial), any verb with a subject right after or before the quote, "according to"/"From the report:",
the clause a colon closes, a name saying it after the closing mark, the sentence introducing it, a
paragraph ending in a colon, a signature line; else a continuing quote inherits the previous speaker.
``_fill`` turns the cue into the speaker (``speaker`` of ``quote_speakers.SpeakerRules``) and the
channel (``channel``, which ``quote_indirect`` uses too).

It reads the builder's ``doc``, ``text``, ``marks``, ``paragraphs``, ``index``, ``entities`` and
``article``, and adds the cue tokens that speak a direct quotation to ``direct_cues`` (the indirect rules
read it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .model import Quote
from .quote_lexicon import (
    FORMAT_RE,
    LIGHT_FORMS,
    OBJECT_FORMS,
    PLATFORM_RE,
    SIGNATURE_RE,
    SPEECH_FORMS,
    TRUTH_RE,
)
from .quote_marks import MarkedQuote
from .quote_syntax import (
    Attribution,
    BuilderState,
    author_behind,
    cue_span,
    is_cue,
    name_before_colon,
    name_right_after_cue,
    noun_phrase,
    sentence_frames,
    subject_of,
    tokens_between,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


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
    if body[:1].isupper() and before[-1] in ".!?" and (
        body.rstrip()[-1:] in ".!?" or _said_right_after(text, quote)
    ):
        # a short quoted sentence of its own ("… said an official. “But was it criminal?”"), also with its
        # attribution after it ("… in Kyiv. “We are ready,” he said.")
        return "direct"
    return "partial"


def _said_right_after(text: str, quote: MarkedQuote) -> bool:
    """A comma closes the quotation and a word of saying follows within a few words ("” the leader said"),
    unlike a quoted title ("“Breaking Bad,” the series that …")."""
    if quote.close_mark is None or "," not in text[quote.end : quote.close_mark + 1]:
        return False
    after = text[quote.close_mark + 1 : quote.close_mark + 60].split(".")[0]
    return any(word.lower() in SPEECH_FORMS for word in re.findall(r"[A-Za-z]+", after)[:5])


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


class DirectRules(BuilderState):
    """The cue and speaker of each quotation-marked quote."""

    def _cue_in(self, start: int, end: int, nearest_first_from: str) -> Token | None:
        span = tokens_between(self.doc, start, end)
        if span is None:
            return None
        tokens = [t for t in span if not self.index.quoted(t.idx) and is_cue(t)]
        if not tokens:
            return None
        return tokens[0] if nearest_first_from == "left" else tokens[-1]

    def _governing_cue(self, quote: MarkedQuote) -> Token | None:
        span = tokens_between(self.doc, quote.start, quote.end)
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
        span = tokens_between(self.doc, before[0], before[1])
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
        return name_before_colon(span)

    def _attribute_marked(self, quote: MarkedQuote, prev_end: int, next_start: int) -> Attribution | None:
        para = next((p for p in self.paragraphs if p[0] <= quote.start < p[1] + 1), (quote.start, quote.end))
        after, before = sentence_frames(self.text, quote, prev_end, next_start, para)
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
        span = tokens_between(self.doc, *before)
        if span is None:
            return None
        for token in span:
            to = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
            if token.lower_ != "according" or to is None or to.lower_ != "to":
                continue
            source = next((c for c in to.children if c.dep_ == "pobj"), None)
            if source is not None and not self.index.quoted(source.idx):
                return Attribution(None, None, noun_phrase(author_behind(source)))
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
        span = tokens_between(self.doc, *after)
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
        span = tokens_between(self.doc, *before)
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
                return Attribution(None, None, noun_phrase(author_behind(source)))
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
                subject = name_right_after_cue(cue, quote.end)
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
