"""Indirect speech: reports with no quotation marks, found from a cue token in the parse.

``IndirectRules`` is a mixin of ``quotes._Builder`` (which sets the state that
``quote_syntax.BuilderState`` declares). ``indirect_quotes`` visits
every token outside quotation marks and tries the rule its word and part of speech call for: "according
to X", a speech verb's clausal complement (or the clause before or after it, an "as"-clause, a passive
report, a spoken object), an attitude verb's object, naming ("called him a …"), prepositional cues
("criticism of X"), attitude adjectives and claim nouns with a clause, "in a poll", stances received
("drew criticism from"), "known as", hedges ("appeared to", "reportedly") and any verb of someone named
taking a clause. ``_indirect`` builds each quote (kept in the cue's paragraph, short of a second act of
the speaker's, never mostly a marked quotation); ``_cue_owner`` and ``_can_hold_views`` decide who holds
a stance (``quote_cues`` and ``quote_filter`` call them too).

It reads the builder's ``doc``, ``text``, ``index``, ``entities``, ``article`` and ``direct_cues``, and
calls ``speaker`` of ``quote_speakers.SpeakerRules`` and ``channel`` of ``quote_direct.DirectRules``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import coref
from .model import Quote
from .quote_lexicon import (
    ADJ_CLAUSE_CUES,
    CLAUSE_NOUNS,
    DOCUMENT_NOUNS,
    EVIDENCE_NOUNS,
    GROUP_NOUNS,
    HEDGE_FORMS,
    INTENT_NOUNS,
    KIN_NOUNS,
    LIGHT_FORMS,
    MAKE_FORMS,
    NAMING_FORMS,
    OBJECT_FORMS,
    PASSIVE_HEDGE_FORMS,
    PEOPLE_PLURAL_RE,
    PERSONAL_OBJECTS,
    PREP_CUE_FORMS,
    QUANTIFIERS,
    RAISED_REPORT_FORMS,
    RAISING_FORMS,
    RECEIVED_STANCES,
    RECEIVING_FORMS,
    TOLD_FORMS,
    TOPIC_PREPS,
)
from .quote_marks import trimmed
from .quote_syntax import (
    WHEN_ENTITIES,
    BuilderState,
    antecedent,
    author_behind,
    bare_pronoun,
    cue_span,
    full_clause,
    is_cue,
    own_subject,
    participle_holder,
    passive_agent,
    poll_behind_a_share,
    reporting_conjunct_of,
    subject_of,
    tokens_between,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


# support that someone has or wins "of" its givers ("has the support of women", "won the endorsement of …")
SUPPORT_HELD_OF = {"support", "backing", "endorsement", "endorsements"}
HAVING_FORMS = {"has", "have", "had", "having", "snagged", "secured", "landed", "picked"}


def _within_paragraph(text: str, cue_at: int, start: int, end: int) -> tuple[int, int]:
    """Reported speech stays in its cue's paragraph: a sentence the parser ran across a line break
    ends there (the next paragraph is someone's next quotation, or the writer's own)."""
    if cue_at < end:
        newline = text.find("\n", start, end)
        return (start, newline) if newline > start else (start, end)
    newline = text.rfind("\n", start, end)
    return (newline + 1, end) if newline >= 0 else (start, end)


def _viewer(cue: Token) -> Token | None:
    """ "was seen by some as a demotion", "is viewed more positively by Republicans": the agent of a
    passive impression holds it, so PolNeAR credits it as the source."""
    viewer = passive_agent(cue) if cue.lower_ in PASSIVE_HEDGE_FORMS else None
    if viewer is None or viewer.like_num or viewer.lower_ in ("percent", "%"):
        return None  # "viewed favorably by 50 percent": a poll's share, credited to the poll
    return viewer


def _distinct(quotes: list[Quote]) -> list[Quote]:
    """One quote per content span (two cue rules can find the same clause); nested ones are kept:
    "According to the Kremlin, Putin supported …" attributes both the report and Putin's stance."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for quote in quotes:
        if (quote.start, quote.end) not in seen:
            seen.add((quote.start, quote.end))
            kept.append(quote)
    return kept


class IndirectRules(BuilderState):
    """Reports without quotation marks, from cue tokens in the parse."""

    def indirect_quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        doc = self.doc
        for token in doc:
            if self.index.quoted(token.idx):
                continue
            lower, pos = token.lower_, token.pos_  # read once: each read builds a new string
            if lower == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                quote = self._according_to(token)
            elif token.i in self.direct_cues:
                # "“Really,” she added when …": the quotation is what was said; only a clause of its
                # own ("said “…” and that …") is a second report
                quote = self._complement_clause(token)
                if quote is None:
                    continue
            elif is_cue(token, marked=False):
                quote = self._passive_report(token)
                quote = quote or self._reported_clause(token) or self._reported_object(token)
                if quote is None:
                    quote = self._spoken_object(token)
            elif lower in OBJECT_FORMS and token.tag_.startswith("VB"):
                quote = self._reported_object(token)
            else:
                quote = None
            if quote is None and lower in NAMING_FORMS and pos == "VERB":
                quote = self._naming(token)
            if quote is None and lower in PREP_CUE_FORMS.get(pos, {}):
                quote = self._prepositional(token)
            if quote is None and lower in ADJ_CLAUSE_CUES and pos == "ADJ":
                quote = self._attitude_clause(token)
            if quote is None and lower in CLAUSE_NOUNS and pos == "NOUN":
                quote = self._claim_clause(token)
            if quote is None and lower == "in" and token.i - token.sent.start <= 1:
                quote = self._in_a_poll(token)
            if quote is None and lower in RECEIVED_STANCES and pos == "NOUN":
                quote = self._stance_received(token)
            if quote is None and lower == "known" and token.tag_ == "VBN":
                quote = self._known_as(token)
            if quote is None and (lower in HEDGE_FORMS or lower == "reportedly"):
                quote = self._hedged_clause(token)
            if quote is None and pos == "VERB" and lower not in LIGHT_FORMS:
                quote = self._stance_of_someone_named(token)
            if quote is not None:
                quotes.append(quote)
        return _distinct(quotes)

    def _cue_owner(self, cue: Token) -> Token | None:
        """Who holds the attitude a cue word expresses: a verb's subject, a noun's possessor or the
        subject of the verb it is the object of ("Trump voiced criticism of …"), an adjective's subject."""
        if cue.pos_ in ("VERB", "AUX"):
            return subject_of(cue)
        if cue.pos_ == "NOUN":
            owner = next((c for c in cue.children if c.dep_ == "poss"), None)
            if owner is not None and owner.tag_ == "PRP$":
                # "Trump is doubling down on his support for …": "his" is the subject named just before
                named = self._governing_subject(cue)
                # "Pence is not alone in his contention that …": a copula does nothing; "his" holds it
                named = None if named is not None and named.head.pos_ == "AUX" else named
                known = named is not None and self.index.mention_at(named.idx) is not None
                return named if known and named.pos_ in ("PROPN", "NOUN") else owner  # type: ignore[union-attr]
            if owner is not None:
                return owner
            if cue.dep_ in ("dobj", "attr") and cue.head.pos_ in ("VERB", "AUX"):
                return subject_of(cue.head)
            return None
        if cue.pos_ == "ADJ" and cue.dep_ in ("acomp", "oprd") and cue.head.pos_ in ("VERB", "AUX"):
            return subject_of(cue.head)
        return None

    @staticmethod
    def _governing_subject(noun: Token) -> Token | None:
        """The subject of the verb a noun hangs on, directly or through one preposition."""
        head = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
        if noun.dep_ not in ("dobj", "pobj") or head.pos_ not in ("VERB", "AUX"):
            return None
        return next((c for c in head.children if c.dep_ == "nsubj" and c.i < noun.i), None)

    def _names_someone(self, token: Token | None) -> bool:
        """A person or organisation by name, or "he"/"she"."""
        if token is None:
            return False
        if token.lower_ in ("he", "she"):
            return True
        mention = self.index.mention_at(token.idx)
        entity = self.entities.get(mention.entity or "") if mention is not None else None
        return entity is not None and entity.kind in ("PERSON", "ORG")

    def _prepositional(self, cue: Token) -> Quote | None:
        """ "talked about X", "his criticism of X", "is critical of X", "called for X": the object."""
        if cue.lower_ in SUPPORT_HELD_OF and cue.pos_ == "NOUN":
            received = self._stance_received(cue)
            if received is not None:
                return received
        preps = PREP_CUE_FORMS.get(cue.pos_, {}).get(cue.lower_, set())
        for child in cue.rights:
            if child.dep_ == "prep" and child.lower_ in preps and child.i - cue.i <= 8:
                target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if target is None or bare_pronoun(target) or target.ent_type_ in ("DATE", "TIME"):
                    return None
                owner = self._cue_owner(cue)
                if owner is None:
                    return None
                last = target.right_edge
                cue_end = child.idx + len(child) if child.i - cue.i <= 2 else cue_span(cue)[1]
                # "called on the government to block the visit": the addressee is asked to do the infinitive
                asked = next((c for c in cue.rights if c.dep_ == "xcomp" and c.i > last.i), None)
                if asked is not None and asked.left_edge.lower_ == "to":
                    first, last = asked.left_edge, asked.right_edge
                    return self._indirect(cue, cue_end, first.idx, last.idx + len(last), owner)
                return self._indirect(cue, cue_end, target.left_edge.idx, last.idx + len(last), owner)
        return self._prepositional_clause(cue, preps)

    def _prepositional_clause(self, cue: Token, preps: set[str]) -> Quote | None:
        """ "She called for all candidates to lay out specifics": the preposition introduces a clause
        with its own subject (the parser makes it the clause's marker); the clause is the content."""
        for clause in cue.rights:
            if clause.dep_ not in ("advcl", "ccomp"):
                continue
            mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in preps), None)
            owner = self._cue_owner(cue)
            if mark is None or mark.i - cue.i > 2 or owner is None:
                return None
            first, last = cue.doc[mark.i + 1], clause.right_edge
            while last.i > clause.i and last.is_punct:
                last = cue.doc[last.i - 1]
            return self._indirect(cue, mark.idx + len(mark), first.idx, last.idx + len(last), owner)
        return None

    def _attitude_clause(self, adjective: Token) -> Quote | None:
        """ "Some backers are concerned that …", "Cruz has been acutely aware that …", "is not sure she
        can vote …": the clause or infinitive of an attitude adjective, held by the verb's subject."""
        # "made it clear they didn't agree", "has made clear that he expects": the parser hangs the
        # clause on "clear" as an adverbial clause or on "made"
        made_clear = adjective.lower_ == "clear" and adjective.head.lower_ in MAKE_FORMS
        if not made_clear and adjective.dep_ not in ("acomp", "oprd"):
            return None
        if adjective.head.pos_ not in ("VERB", "AUX"):
            return None
        clause_deps = ("ccomp", "xcomp", "advcl") if made_clear else ("ccomp", "xcomp")
        clause = next((c for c in adjective.rights if c.dep_ in clause_deps), None)
        if clause is None and made_clear:
            clause = next((c for c in adjective.head.rights if c.dep_ == "ccomp" and c.i > adjective.i), None)
        owner = subject_of(adjective.head)
        if clause is None or owner is None or owner.i > adjective.i or not self._can_hold_views(owner):
            return None
        last = clause.right_edge
        cue_end = adjective.idx + len(adjective)
        return self._indirect(adjective, cue_end, clause.left_edge.idx, last.idx + len(last), owner)

    def _claim_clause(self, noun: Token) -> Quote | None:
        """ "his claim that …", "Trump's assertion that …": the clause, held by the noun's owner."""
        clause = next(
            (
                c
                for c in noun.rights
                if c.dep_ in ("acl", "ccomp", "relcl")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ),
            None,
        )
        if clause is None and noun.lower_ in INTENT_NOUNS:  # "Trump's decision to seize on …"
            clause = next((c for c in noun.rights if c.dep_ in ("acl", "xcomp") and c.tag_ == "VB"), None)
        if clause is None:
            return None
        owner = self._cue_owner(noun)
        if owner is None:
            return None
        last = clause.right_edge
        return self._indirect(noun, noun.idx + len(noun), clause.left_edge.idx, last.idx + len(last), owner)

    def _mostly_marked(self, start: int, end: int) -> bool:
        """True when the clause is itself a marked direct quote (attributed already)."""
        inside = sum(b - a for a, b in self.index.quoted_parts(start, end))
        return inside > 0.6 * (end - start)

    def _indirect(
        self, cue: Token, cue_end: int, start: int, end: int, subject: Token | None
    ) -> Quote | None:
        start, end = _within_paragraph(self.text, cue.idx, start, end)
        end = self._before_reporting_conjunct(cue, start, end)
        start, end = trimmed(self.text, start, end)
        while end > start and self.text[end - 1] in ".;:":
            end -= 1
        named = self.index.mention_at(start)  # "Obama endorsed Cruz": one named holds a stance on another
        # a stance verb's object is often just a name or "him" ("she criticized Singer", "backed him")
        someone = (
            (named is not None and (named.start, named.end) == (start, end))
            or (
                cue.lower_ in OBJECT_FORMS
                and (self.text[start].isupper() or self.text[start:end].lower() in PERSONAL_OBJECTS)
            )
            or (cue.lower_ in OBJECT_FORMS and " " in self.text[start:end])
        )  # "opposed the tax"
        short_ok = (
            someone and cue.lower_ != "according" and subject is not None and self._can_hold_views(subject)
        )
        if (end - start < 3 and not short_ok) or self._mostly_marked(start, end):
            return None
        quote = Quote("", self.article.id, self.text[start:end], start, end, kind="indirect")
        quote.cue, quote.cue_start, quote.cue_end = self.text[cue.idx : cue_end], cue.idx, cue_end
        subject = poll_behind_a_share(cue, subject) or subject
        quote.speaker, quote.speaker_entity, quote.speaker_start, quote.speaker_end = self.speaker(subject)
        quote.channel = self.channel(cue.sent.start_char, cue.sent.end_char)
        return quote

    def _before_reporting_conjunct(self, cue: Token, start: int, end: int) -> int:
        """Where the content ends when a second act of the speaker's was parsed into it (see
        ``reporting_conjunct_of``): before that act's conjunction."""
        span = tokens_between(self.doc, start, end)
        if span is None:
            return end
        for token in span:
            governing = reporting_conjunct_of(token) if token.dep_ == "conj" else None
            if governing is not None and governing.i == cue.i:  # spaCy makes a new Token on each access
                joint = next((c for c in token.head.children if c.dep_ == "cc" and c.i < token.i), None)
                first = joint if joint is not None and joint.idx >= start else token
                return first.idx if first.idx > start else end
        return end

    def _passive_report(self, cue: Token) -> Quote | None:
        """ "The proposal was rejected by the Senate": what a passive cue reports on is its subject,
        before it; the by-phrase, if any, holds the stance. A passive with a clause of its own ("it
        was announced that …") or a person told something ("was asked") is read as the others are."""
        if cue.tag_ != "VBN" or cue.lower_ in TOLD_FORMS or cue.lower_ == "expected":
            return None
        deps = {c.dep_ for c in cue.children}
        if "auxpass" not in deps or deps & {"ccomp", "xcomp", "oprd"}:
            return None
        preps = {c.lower_ for c in cue.children if c.dep_ == "prep"}
        if preps & {"of", "for"}:  # "is known for speaking her mind": the phrase is what is reported
            return None
        subject = next((c for c in cue.children if c.dep_ == "nsubjpass" and c.i < cue.i), None)
        if subject is None or subject.pos_ == "PRON":
            return None
        first, last = subject.left_edge, subject.right_edge
        return self._indirect(cue, cue_span(cue)[1], first.idx, last.idx + len(last), passive_agent(cue))

    def _as_reported(self, cue: Token) -> Quote | None:
        """ "As the Post reported today, the inspector general issued subpoenas …": the clause that an
        "as"-clause cue modifies is what was reported."""
        if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
            return None
        own = {t.i for t in cue.subtree}
        kept = [t for t in cue.head.subtree if t.i not in own and not t.is_punct and t.dep_ != "cc"]
        after = [t for t in kept if t.i > cue.right_edge.i]
        # the clause on the far side of "Of course, as Pollak observed, …" / "…, as Sanders proposes"
        kept = after if len(after) >= 3 else [t for t in kept if t.i < cue.left_edge.i]
        subject = subject_of(cue)
        if not kept or subject is None or subject.i > cue.i:
            return None
        return self._indirect(cue, cue_span(cue)[1], kept[0].idx, kept[-1].idx + len(kept[-1]), subject)

    def _spoken_object(self, cue: Token) -> Quote | None:
        """ "stating state and local authorities …", "announced his candidacy", "noted the irony": what a
        speech verb's direct object names is what was said (not whom it was told to)."""
        if cue.lower_ in TOLD_FORMS or cue.lower_ in OBJECT_FORMS:
            return None
        target = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
        subject = own_subject(cue)
        subject = subject if subject is not None else participle_holder(cue)
        if target is None or subject is None or subject.i > cue.i or not self._can_hold_views(subject):
            return None
        if bare_pronoun(target) or target.ent_type_ in WHEN_ENTITIES:
            return None
        last = target.right_edge
        return self._indirect(cue, cue_span(cue)[1], target.left_edge.idx, last.idx + len(last), subject)

    def _complement_clause(self, cue: Token) -> Quote | None:
        clause = next((c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i), None)
        if clause is None:
            return None
        last, subject = clause.right_edge, subject_of(cue)
        return self._indirect(cue, cue_span(cue)[1], clause.left_edge.idx, last.idx + len(last), subject)

    def _reported_clause(self, cue: Token) -> Quote | None:
        if cue.i == cue.sent.start and cue.tag_ == "VB":  # an imperative ("Note: …", "Say what you will")
            return None
        reported = self._as_reported(cue)
        if reported is not None:
            return reported
        clauses = [c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i]
        if clauses:
            clause = clauses[0]
            start = clause.left_edge.idx
            last = clause.right_edge
            return self._indirect(cue, cue_span(cue)[1], start, last.idx + len(last), subject_of(cue))
        following = self._following_clause(cue)
        if following is not None:
            return self._indirect(cue, cue_span(cue)[1], *following, subject_of(cue))
        preceding = self._preceding_clause(cue)
        if preceding is not None:
            return self._indirect(cue, cue_span(cue)[1], *preceding, subject_of(cue))
        if cue.dep_ == "parataxis" and subject_of(cue) is not None:  # "Russia, he said, will …"
            sent = cue.sent
            own = {t.i for t in cue.subtree}
            kept = [t for t in sent if t.i not in own and not t.is_punct]
            if kept:
                return self._indirect(
                    cue, cue_span(cue)[1], kept[0].idx, kept[-1].idx + len(kept[-1]), subject_of(cue)
                )
        return None

    @staticmethod
    def _preceding_clause(cue: Token) -> tuple[int, int] | None:
        """ "Prices will rise, the minister said." / "…, said Robert Egge": the clause before the cue,
        when a comma separates them and the cue ends its sentence (no complement of its own after it)."""
        clause = next((c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i), None)
        if clause is None:  # "Sanders remains committed …, his top aide told The Huffington Post."
            before = (c for c in cue.children if c.dep_ == "advcl" and c.i < cue.i and full_clause(c))
            clause = next(before, None)
        if clause is None:
            return IndirectRules._sentence_before_tag(cue)
        if subject_of(cue) is None:
            return None
        doc = cue.doc
        last = clause.right_edge
        # the separating comma may hang on the clause's last word ("… his colleagues, a source said")
        while last.i > clause.i and (last.is_punct or last.is_space):
            last = doc[last.i - 1]
        between = doc[last.i + 1 : cue.i]
        if not any(t.text in (",", "—", "–") for t in between):
            return None
        first = clause.left_edge
        while first.i < clause.i and (first.is_punct or first.is_space):
            first = doc[first.i + 1]
        return first.idx, last.idx + len(last)

    @staticmethod
    def _sentence_before_tag(cue: Token) -> tuple[int, int] | None:
        """ "…, but it is under pressure from imports, said the chief executive, John Ferriola.": a
        closing "said X" that the parser coordinated with the reported sentence instead of taking that
        sentence as its complement; the sentence up to the comma is what was said."""
        if cue.dep_ not in ("conj", "ROOT", "parataxis") or cue.tag_ not in ("VBD", "VBZ", "VBP"):
            return None
        subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if subject is None or any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in cue.children):
            return None
        doc, sent = cue.doc, cue.sent
        comma = (subject.left_edge.i if subject.i < cue.i else cue.i) - 1
        if comma <= sent.start + 2 or doc[comma].text not in (",", "—", "–"):
            return None
        if subject.i < cue.i and any(not t.is_punct for t in doc[cue.i + 1 : sent.end]):
            return None  # "…, he said on Tuesday that …": the words after the cue are its own
        if subject.i > cue.i and cue.right_edge.i < sent.end - 2:
            return None  # the sentence goes on past the speaker's phrase
        first = sent[0]
        while first.i < comma and (first.is_punct or first.is_space):
            first = doc[first.i + 1]
        last = doc[comma - 1]
        return first.idx, last.idx + len(last)

    @staticmethod
    def _following_clause(cue: Token) -> tuple[int, int] | None:
        """The words after "He says …" when the parser did not attach them as a clausal complement."""
        doc = cue.doc
        first = cue.i + 1
        while first < len(doc) and doc[first].dep_ == "prt":
            first += 1
        last = cue.right_edge
        if first >= len(doc) or last.i < first + 2 or cue.dep_ == "parataxis":
            return None
        if doc[first].pos_ in ("ADP", "PUNCT") and doc[first].lower_ != "that":
            return None
        tail = doc[first : last.i + 1]
        subject = subject_of(cue)
        if not any(t.pos_ in ("VERB", "AUX") for t in tail) or subject is None:
            return None
        if subject.i > cue.i:  # "…, said Charlie Sykes, who argued …": the words after are the speaker
            return None
        short = IndirectRules._before_own_conjunct(cue)
        last = short if short.i >= first else last
        return doc[first].idx, last.idx + len(last)

    @staticmethod
    def _before_own_conjunct(cue: Token) -> Token:
        """The last word of what follows a cue, short of a verb coordinated with the cue itself: "she
        criticized Singer and challenged him to a debate" is two acts of hers, and PolNeAR gives the
        second its own attribution."""
        doc, last = cue.doc, cue.right_edge
        conjunct = next((c for c in cue.rights if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")), None)
        if conjunct is None:
            return last
        joints = [c.i for c in cue.rights if c.dep_ in ("cc", "punct") and c.i < conjunct.left_edge.i]
        boundary = min([conjunct.left_edge.i, *joints])
        while boundary > cue.i + 1 and (doc[boundary - 1].is_punct or doc[boundary - 1].dep_ == "cc"):
            boundary -= 1
        return doc[boundary - 1] if boundary > cue.i + 1 else last

    def _naming(self, cue: Token) -> Quote | None:
        """ "Osman called him a kind, loving and admirable person": the object and what it is called."""
        target = next((c for c in cue.children if c.dep_ == "dobj"), None)
        called = next((c for c in cue.children if c.dep_ == "oprd"), None)
        subject = subject_of(cue)
        if target is None or called is None or subject is None or called.i <= target.i:
            return None
        if target.pos_ not in ("PRON", "PROPN", "NOUN") or called.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
        last = called.right_edge
        return self._indirect(cue, cue_span(cue)[1], target.left_edge.idx, last.idx + len(last), subject)

    def _reported_object(self, cue: Token) -> Quote | None:
        """ "wants to lose", "praised the plan": an attitude towards an infinitive or object, by a subject."""
        if cue.lower_ not in OBJECT_FORMS:
            return None
        subject = own_subject(cue)
        if subject is None:
            subject = participle_holder(cue)
        target = next((c for c in cue.children if c.dep_ in ("xcomp", "dobj") and c.i > cue.i), None)
        if (
            subject is None
            or target is None
            or (bare_pronoun(target) and target.lower_ not in PERSONAL_OBJECTS)
            or not self._can_hold_views(subject)
        ):
            return None
        last = target.right_edge
        # "sees the party as too weak": what the object is seen as belongs to the attributed content
        role = next((c for c in cue.rights if c.dep_ == "prep" and c.lower_ == "as" and c.i > last.i), None)
        last = role.right_edge if role is not None else last
        return self._indirect(cue, cue_span(cue)[1], target.left_edge.idx, last.idx + len(last), subject)

    def _stance_received(self, noun: Token) -> Quote | None:
        """ "Trump's comments have drawn criticism from Berlin", "Rubio has won support from members of
        Congress": the stance is the from-phrase's, and what it is about is the receiving subject."""
        verb = noun.head
        held_of = noun.lower_ in SUPPORT_HELD_OF
        received = verb.lower_ in RECEIVING_FORMS or (held_of and verb.lower_ in HAVING_FORMS)
        if noun.dep_ != "dobj" or not received:
            return None
        # "Cruz won the endorsement of Vander Plaats": of-phrase of a support received names its giver
        preps = ("from", "among", "of") if held_of else ("from", "among")
        prep = next((c for c in (*noun.rights, *verb.rights) if c.dep_ == "prep" and c.lower_ in preps), None)
        holder = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if holder is None or subject is None or subject.i > verb.i or subject.tag_ in ("WDT", "WP"):
            return None
        last = subject.right_edge
        return self._indirect(verb, noun.idx + len(noun), subject.left_edge.idx, last.idx + len(last), holder)

    def _known_as(self, known: Token) -> Quote | None:
        """ "the string of contests known as Super Tuesday", "he is better known as a Cowboys fan": a
        name or reputation that nobody in particular gives; the thing named and its name."""
        doc = known.doc
        after = doc[known.i + 1] if known.i + 1 < len(doc) else None
        if after is None or after.lower_ not in ("as", "for"):
            return None
        if known.dep_ == "acl" and known.head.pos_ in ("NOUN", "PROPN"):
            first = known.head.left_edge
        else:
            first = next((c for c in known.children if c.dep_ == "nsubjpass"), None)
            if first is None or first.tag_ in ("WDT", "WP"):
                return None
            first = first.left_edge
        last = known.right_edge
        return self._indirect(known, after.idx + len(after), first.idx, last.idx + len(last), None)

    def _hedged_clause(self, cue: Token) -> Quote | None:
        """ "Clinton appeared to be locked in a close race", "Sanders is seen as …", "he reportedly
        …": the writer hedges the whole clause as an impression or a report with no named source."""
        verb = cue.head if cue.lower_ == "reportedly" else cue
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        if cue.lower_ in PASSIVE_HEDGE_FORMS and not any(c.dep_ == "auxpass" for c in cue.children):
            return None
        if cue.lower_ in RAISING_FORMS:
            raised = self._raised_report(cue)
            if raised is not None:
                return raised
            if not any(
                c.dep_ in ("xcomp", "acomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "like")
                for c in cue.children
            ):  # "seemed to confirm", "seems stable", "seems like a fine idea"
                return None
        first, last = verb.left_edge, verb.right_edge
        while first.i < verb.i and (first.is_punct or first.dep_ in ("cc", "mark", "advmod")):
            first = verb.doc[first.i + 1]
        while last.i > verb.i and last.is_punct:
            last = verb.doc[last.i - 1]
        return self._indirect(cue, cue.idx + len(cue), first.idx, last.idx + len(last), _viewer(cue))

    def _raised_report(self, cue: Token) -> Quote | None:
        """ "She appeared to imply that …": a subject that only seems to say something is still the
        one saying it; the cue runs to the saying verb and the content is what it says."""
        subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ in ("it", "there", "this", "that"):
            return None
        saying = next((c for c in cue.rights if c.dep_ == "xcomp" and c.lower_ in RAISED_REPORT_FORMS), None)
        if saying is None:
            return None
        said = next((c for c in saying.rights if c.dep_ in ("ccomp", "dobj", "xcomp")), None)
        if said is None:
            return None
        last = saying.right_edge
        cue_end = saying.idx + len(saying)  # "appeared to imply": the seeming and the saying
        return self._indirect(cue, cue_end, said.left_edge.idx, last.idx + len(last), subject)

    def _stance_of_someone_named(self, verb: Token) -> Quote | None:
        """Any verb of a named person or group taking a clause, an infinitive or an object ("Clinton
        unveiled a proposal to …", "Rubio sought to …"): PolNeAR attributes such stances and acts of a
        named source, so a named subject is what makes an ordinary verb a cue."""
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or not self._names_someone(subject):
            return None
        target = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i), None)
        if target is None:  # "Cruz railed about …": a topic of a named person's verb
            prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS), None)
            target = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep else None
        if target is None or bare_pronoun(target):
            return None
        last = target.right_edge
        return self._indirect(verb, cue_span(verb)[1], target.left_edge.idx, last.idx + len(last), subject)

    def _can_hold_views(self, token: Token) -> bool:
        """People, groups and institutions want, oppose or threaten things; floods and prices do not."""
        if token.lower_ in ("who", "whom"):  # "a poultry magnate who backed Huckabee": only people are "who"
            return True
        if token.lower_ in KIN_NOUNS or token.lower_.rstrip("s") in KIN_NOUNS:  # "his mother refused to"
            return True
        if token.lower_ in QUANTIFIERS:
            # "Most in Miami want …", "Neither wanted …": a share of people, or of what its of-phrase names
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "in")), None)
            whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            return whole is None or of.lower_ == "in" or self._can_hold_views(whole)  # type: ignore[union-attr]
        token = antecedent(token)
        if self._names_someone(token) or token.tag_ in ("PRP", "NNP", "NNPS", "WP"):
            return True
        if token.lower_ in DOCUMENT_NOUNS:  # "The legislation seeks to …", "a video threatening …"
            return True
        # plural nouns of people by their ending ("Millennials still embrace …", "residents want …"),
        # not floods, prices or costs
        if token.tag_ == "NNS" and PEOPLE_PLURAL_RE.search(token.lower_):
            return True
        if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return True
        return (
            token.lower_ in GROUP_NOUNS
            or token.lower_ in coref.PERSON_NOUNS
            or token.lower_.rstrip("s") in coref.PERSON_NOUNS
        )

    def _in_a_poll(self, token: Token) -> Quote | None:
        """ "In a Des Moines Register poll, Mr. Cruz had a lead": the rest of the sentence, by the poll."""
        source = next((c for c in token.children if c.dep_ == "pobj"), None)
        if source is None or source.lower_ not in EVIDENCE_NOUNS:
            return None
        sent = token.sent
        first = token.right_edge.i + 1
        while first < sent.end and self.doc[first].is_punct:
            first += 1
        if first >= sent.end or is_cue(token.head):  # "In a statement, X said …" is the verb's
            return None
        cue_end = token.idx + len(token)
        return self._indirect(token, cue_end, self.doc[first].idx, sent.end_char, source)

    def _according_to(self, token: Token) -> Quote | None:
        to = self.doc[token.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        sent = token.sent
        phrase_end = max(t.i for t in token.subtree) if token.i < to.i else to.right_edge.i
        phrase_end = max(phrase_end, source.right_edge.i)
        # "According to X, …" and "Over the long term, according to the budget office, the rise …": the
        # clause after the phrase; "…, according to X." the one before it
        if token.i - sent.start <= 1 or sent.root.i > phrase_end:
            first = phrase_end + 1
            while first < sent.end and self.doc[first].is_punct:
                first += 1
            if first >= sent.end:
                return None
            start, end = self.doc[first].idx, sent.end_char
        else:  # "…, according to X."
            start, end = sent.start_char, token.idx
        quote = self._indirect(token, to.idx + len(to), start, end, author_behind(source))
        return quote
