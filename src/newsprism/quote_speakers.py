"""Who a quote's subject token names, and who speaks a quote that every rule left without a speaker.

``SpeakerRules`` is a mixin of ``quotes._Builder`` (which sets the state that
``quote_syntax.BuilderState`` declares). Its two halves:

* ``speaker(token)``: a subject token to (name, entity id, start, end): the entity stage's mention at
  it, else through a possessive, an apposition, a relative or plural pronoun's antecedent, else a new
  group/ORG/PERSON entity (``add_entity``) for the phrase. Every family calls it.
* the last resorts, after all the rules have run (``QuoteStage.process`` calls them): ``lend_clause_subject``
  (the doer of the clause above a quotation, an impression's holder or reporter, a headline's opener)
  and ``quoted_block_speakers`` (a colon-introduced paragraph quoted as a block).

It reads the builder's ``doc``, ``text``, ``paragraphs``, ``index``, ``entities``, ``article`` and
``analysis`` (a new entity goes into ``entities`` and, with its mention, into ``analysis``), and calls
``_name_after_closing_mark`` of ``quote_direct.DirectRules``.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from . import entities
from .model import Article, ArticleAnalysis, Entity, Mention, Quote
from .quote_lexicon import (
    GROUP_NOUNS,
    GROUP_QUANTIFIERS,
    HEDGE_FORMS,
    MESSAGE_NOUNS,
    NON_REFERRING,
    PRONOUNS,
)
from .quote_marks import MARK_RE
from .quote_syntax import (
    WHEN_ENTITIES,
    BuilderState,
    is_cue,
    is_dateline,
    noun_phrase,
    subject_of,
    tokens_between,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def add_entity(
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


# words opening a headline before its colon that name no one ("Exclusive: …", "Watch: …")
HEADLINE_LABELS = set("exclusive watch breaking update live video photos opinion analysis".split())


class SpeakerRules(BuilderState):
    """Who a subject token names; the last-resort speakers of quotes left without one."""

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
        if is_dateline(token):  # "CLEVELAND — Former Attorney General Michael Mukasey told …"
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
        named = self._named_before_appositive(token)
        if named is not None:  # "Carlo Masala, a professor …, who is confident": the one named speaks
            if surface is not None:
                start, end = surface.idx, surface.idx + len(surface)
            else:
                start, end = noun_phrase(token)
            name, entity_id, _, _ = self._speaker_of(named)
            return name, entity_id, start, end
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
        members = _members_named(token)
        if members is not None:  # "many of Ukraine's partners are pushing for …": a group that speaks
            return self._new_entity(members, token.idx, noun_phrase(members)[1])
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

    def _named_before_appositive(self, token: Token) -> Token | None:
        """The named person a description stands beside ("Carlo Masala, a professor"): the speaker is
        them, while the description stays the span that names them here."""
        head = token.head
        if token.dep_ != "appos" or token.pos_ != "NOUN" or head.i > token.i:
            return None
        if self.index.mention_at(token.idx) is not None:
            return None
        mention = self.index.mention_at(head.idx)
        person = mention is not None and self.entities.get(mention.entity or "")
        return head if person and person.kind == "PERSON" else None

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
                # "any peacekeeping troops must …", "no officials": nobody in particular, never "they"
                quantified = any(c.dep_ == "det" and c.lower_ in NON_REFERRING for c in candidate.children)
                return None if quantified else candidate
        return None

    def _new_entity(self, token: Token, start: int, end: int) -> tuple[str, str, int, int]:
        phrase = self.text[start:end]
        if phrase.lower().startswith("the "):
            phrase = phrase[4:]
        group = (
            token.tag_ in ("NNS", "NNPS")
            or token.lower_ in GROUP_NOUNS
            or token.ent_type_ in ("ORG", "NORP")
            or phrase.lower() in entities.NEWS_OUTLETS  # "Axios reported", "BILD quotes …"
        )
        kind = (
            "ORG" if group else "PERSON" if token.pos_ == "PROPN" or token.ent_type_ == "PERSON" else "OTHER"
        )
        for entity in self.entities.values():
            if entities.fold(phrase) in {entities.fold(a) for a in [entity.name, *entity.aliases]}:
                return entity.name, entity.id, start, end
        mention_kind = "name" if token.pos_ == "PROPN" else "nominal"
        entity = add_entity(
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
            if MARK_RE.search(self.text, start, end) or "<" in self.text[start:end]:
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
            span = tokens_between(self.doc, quote.start, quote.end)
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


def _members_named(token: Token) -> Token | None:
    """The plural noun a quantifier subject picks from ("many of Ukraine's partners": partners)."""
    if token.lower_ not in GROUP_QUANTIFIERS:
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    members = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if members is None or members.tag_ not in ("NNS", "NNPS"):
        return None
    return members
