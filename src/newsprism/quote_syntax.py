"""The quote rules' reading of the dependency parse, token by token: whether a word is a cue of saying
(:func:`is_cue`, :func:`cue_span`), who its speaker is (:func:`subject_of` and the fallbacks it tries:
an inverted subject, a passive agent, a name before a colon, the author behind a pronoun), noun phrases,
and the per-document index (:class:`Index`), sentence frames and state (:class:`BuilderState`) the
builder in ``quotes.py`` works on.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import coref
from .quote_lexicon import (
    CONVERSATION_NOUNS,
    EVIDENCE_NOUNS,
    GROUP_NOUNS,
    HEDGE_FORMS,
    MARKED_ONLY,
    PEOPLE_PLURAL_RE,
    PRONOUNS,
    QUANTIFIERS,
    SPEECH_FORMS,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Doc, Span, Token

    from .model import Article, ArticleAnalysis, Entity, Mention
    from .quote_marks import MarkedQuote


@dataclass
class Attribution:
    cue: Token | None
    cue_end: int | None
    speaker: tuple[int, int] | None  # char span of the speaker phrase


def is_cue(token: Token, marked: bool = True) -> bool:
    if token.lower_ in ("put", "puts") and token.i + 1 < len(token.doc):
        after = token.nbor(1).lower_
        if after == "forth":
            return True
        # "As The Post's Dana Milbank puts it, “…”": a manner of saying, only in that frame
        if after == "it" and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            return True
    if token.lower_ in ("read", "reads") and marked:
        return _reading_text(token) is not None
    lemma = SPEECH_FORMS.get(token.lower_)
    verbal = token.tag_.startswith("VB") or token.pos_ in ("VERB", "AUX") or _verb_as_noun(token)
    if lemma is None or not verbal:
        return False
    return marked or lemma not in MARKED_ONLY


# writings whose wording "reads" ("“Friend, let me be blunt,” the email read")
READING_NOUNS = set(
    "email e-mail statement letter editorial sign signs note message tweet post caption headline banner "
    "release text ad memo placard".split()
)


def _reading_text(verb: Token) -> Token | None:
    """The writing that reads ("“…,” the email read", "“…,” read the statement": its wording, quoted):
    the verb's subject or inverted subject, or the noun the tagger fused with a closing "read" ("the
    email read." parsed as a noun phrase)."""
    if verb.tag_.startswith("VB"):
        deps: tuple[str, ...] = ("nsubj", "dobj")
    elif verb.pos_ == "NOUN" and verb.i > 0 and verb.doc[verb.i - 1].head.i == verb.i:
        deps = ("compound", "amod")
    else:
        return None
    return next((c for c in verb.children if c.dep_ in deps and c.lower_ in READING_NOUNS), None)


def _verb_as_noun(token: Token) -> bool:
    """ "Audit files show that …": a verb the tagger read as a noun, betrayed by its subject and clause."""
    if token.pos_ != "NOUN":
        return False
    deps = {c.dep_ for c in token.children}
    return "nsubj" in deps and "ccomp" in deps


def cue_span(token: Token) -> tuple[int, int]:
    end = token.idx + len(token)
    for child in token.rights:  # "pointed out", "put forth"
        if child.dep_ == "prt" and child.i == token.i + 1:
            end = child.idx + len(child)
    return token.idx, end


WHEN_ENTITIES = {"DATE", "TIME"}


def subject_of(cue: Token, avoid: tuple[int, int] | None = None) -> Token | None:
    """The speaker token: the cue's subject, its governing verb's subject, or an inverted subject.
    ``avoid`` is the quotation being attributed: a word inside it never speaks it ("“Thanks,” said X")."""
    agent = passive_agent(cue)
    if agent is not None:
        return agent
    if cue.lower_ in ("read", "reads"):
        text = _reading_text(cue)
        if text is not None:
            return text
    inverted = _inverted_subject_lent_away(cue)
    if inverted is not None:
        return inverted
    sayers = _sayers_of_participle(cue)
    if sayers is not None:
        return sayers
    before = _clause_before_participle(cue)
    if before is not None and not (avoid is not None and avoid[0] <= before.idx < avoid[1]):
        return before
    token = reporting_conjunct_of(cue) or cue
    for _ in range(6):  # "took …, was tepid … and distinguished himself by saying": conjuncts chain
        if token is not cue and _name_read_as_verb(token):
            return token
        subjects = [
            c
            for c in token.children
            if c.dep_ in ("nsubj", "nsubjpass")
            and c.tag_ != "EX"
            and (c.ent_type_ not in WHEN_ENTITIES or c.lower_ == "old")  # "said the 46-year-old": an age
            and not (avoid is not None and avoid[0] <= c.idx < avoid[1])
        ]
        if subjects:
            subjects = _not_a_dateline(subjects)
            # "Voters, Clinton suggested, don't have to …": of two subjects, the one beside the cue
            beside = [c for c in subjects if c.i < token.i and token.i - c.right_edge.i == 1]
            return beside[-1] if len(subjects) > 1 and beside else subjects[0]
        if token.dep_ == "acl" and token.tag_ in ("VBD", "VBN") and token.head.pos_ == "PROPN":
            return token.head  # "Trump called Zelensky:" mis-parsed as a reduced relative clause
        swallowed = _subject_swallowed_before(token) if token.i == cue.i else None
        if swallowed is not None:
            return swallowed
        if token.dep_ == "conj" and token.i == cue.i:
            named = _name_right_before_conjunct(token)
            if named is not None:
                return named
        if (
            token.tag_ == "VBG"
            and token.dep_ == "advcl"
            and token.head.dep_ == "ccomp"
            and token.head.head.i < token.i
        ):
            # "Trump argued that a database would …, saying …": the participle is the arguer's, not
            # the reported clause subject's, however the parser attached it; a verb after the
            # participle is no arguer ("Trump ratcheted up his attacks, saying he is “weak …, you
            # know that”": the parser hung the sentence on the quotation's "know")
            token = token.head.head
            continue
        controller = _object_controller(token)
        if controller is not None:
            return controller
        opening = _opening_clause_subject(token)
        if opening is not None:
            return opening
        if token.dep_ in ("conj", "advcl", "xcomp", "acl", "pcomp") and token.head is not token:
            token = token.head
        elif token is not cue and token.dep_ == "acomp" and token.head.pos_ in ("AUX", "VERB"):
            token = token.head  # "Yellen is likely to stress", "he is correct to note"
        elif token.dep_ == "dep" and token.head.pos_ == "VERB" and token.head.i < token.i:
            token = token.head  # "activists clamoring to block Trump say …": a verb the parser left loose
        elif token.dep_ == "parataxis" and token.head.tag_ == "VBG" and token.head.i < token.i:
            token = token.head  # "Durbin, noting the size of Sanders's following, said": read as an aside
        elif token is not cue and token.dep_ == "ccomp" and is_cue(token.head):
            # "Clark said Brooks had begun … but said …": the second "said" hung on the reported clause
            token = token.head
        elif (
            token is not cue
            and token.pos_ in ("ADP", "SCONJ", "NOUN")
            and token.dep_ in ("prep", "dobj", "pobj")
        ):
            # "began by saying", "upon saying" (tagged a subordinator), "put out a statement saying": the
            # speaker is the governing verb's subject
            token = token.head
        else:
            break
    left = _subject_on_the_left(cue)
    if left is not None and not (avoid is not None and avoid[0] <= left.idx < avoid[1]):
        return left
    for child in cue.rights:  # "wrote Zelenskyy", "writes the journalist Nataliya Gumenyuk"
        if child.ent_type_ in WHEN_ENTITIES:  # "said Sunday" is when, not who
            continue
        if avoid is not None and avoid[0] <= child.idx < avoid[1]:
            continue
        if child.dep_ in ("dobj", "attr", "npadvmod", "nsubj", "appos", "dep") and child.pos_ in (
            "PROPN",
            "NOUN",
        ):
            return child
        if child.dep_ == "advmod" and child.i == cue.i + 1 and child.text[:1].isupper() and child.is_alpha:
            return child  # "…,” said Skelly.": a bare surname the parser read as a manner adverb
    return None


def _name_read_as_verb(token: Token) -> bool:
    """"Trump shared details …, stating that …": the parser read the name opening the sentence as the verb
    "trump" (the root) and the real verb as an adjective, so the participle hangs on the name itself."""
    doc = token.doc
    return (
        token.dep_ == "ROOT"
        and token.i == token.sent.start
        and token.tag_ in ("VB", "VBP")
        and token.text[:1].isupper()
        and token.i + 1 < len(doc)
        and doc[token.i + 1].tag_ in ("VBD", "VBN")
    )


def _clause_before_participle(cue: Token) -> Token | None:
    """The subject of the clause a participle follows after a comma ("as Mrs. Clinton echoed the
    criticism, saying …", "Flea shared the news, writing “…”"): its act, however the parser hung it.
    A complement or relative clause before the comma is passed over for the verb that governs it
    ("Trump argued that a database would …, saying", "called for Trump to drop out, calling him")."""
    doc = cue.doc
    if cue.tag_ != "VBG" or cue.i < 2 or doc[cue.i - 1].text != ",":
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    sent_start = cue.sent.start
    for verb in [doc[cue.i - 2], *doc[cue.i - 2].ancestors]:
        if verb.i >= cue.i or verb.i < sent_start:
            return None
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.dep_ in ("relcl", "acl") or any(c.dep_ == "mark" and c.lower_ != "as" for c in verb.children):
            # a clause inside a noun phrase, or of time or reason ("apologized after they came out,
            # saying", "erupted after the tycoon entered the race, calling"), may or may not hold the
            # participle: the parse decides; "as X echoed it" is X's act
            return None
        if verb.dep_ not in ("ROOT", "advcl", "conj") or any(c.tag_ == "TO" for c in verb.children):
            # a complement or an infinitive however attached ("called for Trump to drop out, calling him")
            continue
        subject = own_subject(verb)
        if subject is not None and subject.tag_ not in ("WP", "WDT") and subject.lower_ != "it":
            return subject
    return None


FINITE_TAGS = {"VBD", "VBZ", "VBP"}


def reporting_conjunct_of(verb: Token) -> Token | None:
    """The cue a verb is really coordinated with when the parser hung it inside that cue's reported
    clause: "Paul said Rubio's plan would give money …, and called him …", "complained Khan had
    attacked him and questioned why …". A conjunct takes its partner's form; one in the cue's form, or
    finite like a finite cue (not in its head's form), and with no subject of its own is a second act of
    the cue's subject."""
    if verb.dep_ != "conj" or verb.pos_ != "VERB" or not verb.tag_.startswith("VB"):
        return None
    if verb.head.tag_ == verb.tag_ or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    child, head = verb.head, verb.head.head
    for _ in range(4):
        if head.i == child.i:
            return None
        # "adds that she has released … and called on …"; never a hedge ("… are tapping into … and seem")
        finite = head.tag_ in FINITE_TAGS and verb.tag_ in FINITE_TAGS and verb.lower_ not in HEDGE_FORMS
        if child.dep_ == "ccomp" and (head.tag_ == verb.tag_ or finite) and is_cue(head, marked=False):
            return head
        if child.dep_ not in ("conj", "xcomp", "ccomp", "advcl"):
            return None
        child, head = head, head.head
    return None


def _name_right_before_conjunct(verb: Token) -> Token | None:
    """ "… for teachers unions and both the AFT and the NEA endorsed her": a subjectless conjunct
    verb right after a noun (no "and" between, as "came and endorsed" would have) is that noun's;
    the parser coordinated the nouns elsewhere and lent the verb another clause's subject."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > 0 else None
    while before is not None and before.dep_ in ("advmod", "aux", "neg") and before.i > 0:
        before = doc[before.i - 1]
    if before is None or before.pos_ not in ("NOUN", "PROPN") or before.dep_ in ("compound", "poss"):
        return None
    if before.head.i == verb.i or any(a.i == verb.i for a in before.ancestors):
        return None  # a word of the verb's own phrase
    return before


def own_subject(verb: Token) -> Token | None:
    """A verb's own subject; "WASHINGTON -- President Obama nominated": not the dateline."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return _not_a_dateline(subjects)[0] if subjects else None


def _inverted_subject_lent_away(cue: Token) -> Token | None:
    """ "The contrast with Trump, said Doyle and others, would be clear": the name after a cue set off
    by commas speaks, though the parser made it the subject of the reported clause."""
    doc = cue.doc
    # a comma or a closing quotation mark sets the cue off: "…, said Doyle", "…,'' said Robert Reich"
    if cue.i == 0 or cue.i + 1 >= len(doc) or (doc[cue.i - 1].text != "," and doc[cue.i - 1].tag_ != "''"):
        return None
    after = doc[cue.i + 1]
    while after.dep_ in ("compound", "flat") and after.head.i > after.i:  # "said Robert Reich"
        after = after.head
    if after.dep_ != "nsubj" or after.pos_ not in ("PROPN", "NOUN") or after.head.head.i != cue.i:
        return None
    last = after.right_edge  # the closing comma may hang on the name, or follow it before a relative
    beside = doc[after.i + 1] if after.i + 1 < len(doc) else None
    closing = last if last.text == "," else (doc[last.i + 1] if last.i + 1 < len(doc) else None)
    commas = (getattr(closing, "text", None), getattr(beside, "text", None))
    if after.head.dep_ != "ccomp" or "," not in commas:
        return None
    return after


def name_right_after_cue(cue: Token, quote_end: int) -> Token | None:
    """ "“…,” said retired neurosurgeon Ben Carson, asked about …", "“…,” tweeted Rubio spokesman Alex
    Conant.": a cue right after the closing mark, then a name; the parser, which left the cue without a
    subject, lent the name to a clause or a noun phrase of its own."""
    doc = cue.doc
    if doc.text[quote_end : cue.idx].strip(" \n,.'\"”’") or cue.i + 1 >= len(doc):
        return None
    last = None
    for token in doc[cue.i + 1 : cue.i + 9]:
        if token.pos_ in ("PROPN", "NOUN") and token.ent_type_ not in WHEN_ENTITIES:
            last = token
        elif token.dep_ not in ("det", "amod", "compound", "nmod", "poss", "case") and token.tag_ != "HYPH":
            break
    return last if last is not None and (last.pos_ == "PROPN" or _may_be_people(last)) else None


def _opening_clause_subject(verb: Token) -> Token | None:
    """ "Trump further summed up Clinton as “terrible,” denounced her record … and said …": a finite
    clause opening the sentence, with no subordinating word, that the parser hung on the subjectless
    verb after it is the first of a series of acts; its subject does them all."""
    # "He pledged …, suggested that …": the parser may also hang it as the reported clause of the
    # verb after, when that verb reports a clause of its own on the right
    reports = any(c.dep_ == "ccomp" for c in verb.rights)
    opening = next((c for c in verb.lefts if c.dep_ == "advcl" or (reports and c.dep_ == "ccomp")), None)
    if opening is None or opening.left_edge.i != verb.sent.start or opening.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    if any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in opening.children):
        return None
    subject = next((c for c in opening.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and subject.lower_ != "it" else None


def name_before_colon(span: Span) -> Attribution | None:
    """ "… important for Republican contests - Philip Bump: “…”", "… problematic - Pew Research: “…”": a
    name alone between a dash and the colon introduces the quotation as its author's, however the tagger
    classed it (a title-case headline before a colon is no name: "Trump Addresses Munich Attack:")."""
    tokens = [t for t in span if not t.is_space]
    if len(tokens) < 3 or tokens[-1].text != ":":
        return None
    name: list[Token] = []
    for token in reversed(tokens[:-1]):
        if token.text in ("-", "—", "–", "--"):
            break
        name.append(token)
    else:
        return None  # no dash: not this convention
    if not 1 <= len(name) <= 4 or not all(t.pos_ == "PROPN" for t in name):
        return None
    name.reverse()
    return Attribution(None, None, (name[0].idx, name[-1].idx + len(name[-1])))


def _subject_swallowed_before(cue: Token) -> Token | None:
    """The speaker of a subjectless cue that the parser made the subject of a clause before it:
    "Sanders, who sits at zero endorsements, said that …" ("Sanders … sits" taken as a first
    reported clause), "Trump blasted Disney for …" ("Trump blasted" taken as a name's modifier)."""
    doc = cue.doc
    if cue.dep_ == "amod" and cue.tag_ in ("VBD", "VBN") and cue.head.pos_ == "PROPN" and cue.i > 0:
        before = doc[cue.i - 1]
        if before.dep_ == "compound" and before.head.i == cue.head.i and before.pos_ == "PROPN":
            return before
    before = next((c for c in cue.lefts if c.dep_ in ("ccomp", "advcl")), None)
    if before is None or not any(c.dep_ == "ccomp" for c in cue.rights):
        return None
    named = (c for c in before.children if c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT", "PRP"))
    return next(named, None)


SKIPPED_BEFORE_CUE = {"advmod", "nummod", "aux", "neg"}


def _object_controller(verb: Token) -> Token | None:
    """ "The decline led some allies to worry", "asked him to explain": an infinitive after an object
    is that object's act or attitude, not the main subject's."""
    if verb.dep_ != "xcomp" or verb.head is verb or not any(c.dep_ == "aux" for c in verb.children):
        return None
    objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
    return next((c for c in objects if c.pos_ in ("PROPN", "PRON") or _may_be_people(c)), None)


def _may_be_people(noun: Token) -> bool:
    """ "led some allies to worry" names people; "used this question to demand" names a means, and
    the subject of "used" does the demanding."""
    if noun.pos_ != "NOUN":
        return False
    lower = noun.lower_
    if noun.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or lower in GROUP_NOUNS or lower in QUANTIFIERS:
        return True
    if lower in coref.PERSON_NOUNS or lower.rstrip("s") in coref.PERSON_NOUNS:
        return True
    return noun.tag_ == "NNS" and PEOPLE_PLURAL_RE.search(lower) is not None


def passive_agent(cue: Token) -> Token | None:
    """ "Yellen has been criticized by Wall Street players": the by-phrase holds the stance, not the
    passive subject, who is what the stance is about."""
    if not any(c.dep_ == "auxpass" for c in cue.children):
        return None
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _name_read_as_a_modifier(token: Token, cue: Token) -> bool:
    """ "While Will acknowledges …", "Jolly said he has worked …": a capitalized word right before a
    finite cue, read as a modal (which no finite verb follows) or as an adverb opening the sentence,
    is a surname."""
    if not token.is_title or token.head.i != cue.i:
        return False
    if token.tag_ == "MD":
        # a modal takes a bare verb: "“…,” Will wrote." tagged as a participle after the closing mark
        after_quote = token.i > 0 and token.nbor(-1).tag_ == "''"
        return cue.tag_ in ("VBZ", "VBD") or (cue.tag_ == "VBN" and after_quote)
    return cue.tag_ in ("VBZ", "VBD") and token.tag_ == "RB" and token.i == cue.sent.start


def _subject_on_the_left(cue: Token) -> Token | None:
    """The name right before a subjectless cue, for parses that hang the speaker elsewhere
    ("As part of his plea, Marcel Lehel Lazar, 44, said …", "Sanders, who sits at zero, said …"):
    commas, ages, dates and a relative clause may stand between them."""
    doc, sent_start = cue.doc, cue.sent.start
    i = cue.i - 1
    if i >= sent_start and _name_read_as_a_modifier(doc[i], cue):
        return doc[i]
    for _ in range(40):
        if i < sent_start:
            return None
        token = doc[i]
        if token.text == ")":  # "Sen. Elizabeth Warren (D-MA) said": the name, not its party and state
            opener = next((t for t in reversed(doc[sent_start:i]) if t.text == "("), None)
            if opener is not None:
                i = opener.i - 1
                continue
        if token.tag_ == "CD" and token.dep_ == "nummod" and token.head.i == cue.i:
            return token  # "About 4 in 10 say …": the parser hung the share on the verb
        if token.is_punct or token.ent_type_ in WHEN_ENTITIES or token.dep_ in SKIPPED_BEFORE_CUE:
            i -= 1
            continue
        relative = next((t for t in token.ancestors if t.dep_ == "relcl" and t.i < cue.i), None)
        if relative is not None and relative.head.i < token.i:
            i = relative.head.i  # "Sanders, who sits at zero such endorsements, said"
            continue
        if token.pos_ in ("PROPN", "NOUN") and token.dep_ not in ("pobj", "dobj", "compound", "poss"):
            return token
        apposition = next((t for t in token.ancestors if t.dep_ == "appos" and t.i < cue.i), None)
        if apposition is not None and apposition.head.i < token.i:
            i = apposition.head.i  # "Gene Sperling, a top outside Clinton adviser, said"
            continue
        return None
    return None


def author_behind(source: Token) -> Token:
    """Who stands behind a thing named as a source ("according to an analysis by the Pew Research
    Center", "a tally by the Associated Press", "audio provided by Wyoming Public Radio", "an interview
    with his brother"): that one, as PolNeAR marks it; people and names are their own source."""
    if source.pos_ != "NOUN" or _may_be_people(source):
        return source
    for child in source.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":  # "audio provided by …"
            child = next((c for c in child.children if c.dep_ == "agent"), child)
        by = child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from")
        if by or (child.dep_ == "prep" and child.lower_ == "with" and source.lower_ in CONVERSATION_NOUNS):
            author = next((c for c in child.children if c.dep_ == "pobj"), None)
            if author is not None and (author.pos_ == "PROPN" or _may_be_people(author)):
                return author
    return source


def antecedent(token: Token) -> Token:
    """What a relative pronoun stands for: "a super PAC that backed Rubio", "senators, all of whom
    opposed the deal"; any other token is itself."""
    if token.lower_ in ("all", "both", "some", "many", "most", "none", "each"):
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whom = next((c for c in of.children if c.tag_ in ("WP", "WDT")), None) if of is not None else None
        token = whom if whom is not None else token
    if token.tag_ in ("WDT", "WP") or token.lower_ == "that":
        clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
        if clause is not None and clause.head.i < token.i:
            return clause.head
    return token


def bare_pronoun(token: Token) -> bool:
    """ "it", "those": a pronoun standing alone says nothing; "one of their methods", "those who …" do."""
    return token.lower_ in PRONOUNS and not any(c.dep_ in ("prep", "relcl", "acl") for c in token.children)


def is_dateline(token: Token) -> bool:
    """A place opening a paragraph before a dash or "(AP)" ("CLEVELAND —", "Philadelphia (AFP) –"):
    where, never who."""
    doc = token.doc
    first = token  # a place of several words opens the line with its first ("LA CROSSE, Wisc. —")
    while first.i > 0 and doc[first.i - 1].dep_ == "compound" and doc[first.i - 1].head.i == token.i:
        first = doc[first.i - 1]
    at_start = first.i == 0 or "\n" in doc[first.i - 1].text_with_ws or doc[first.i - 1].is_space
    following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    if not at_start or following not in ("—", "–", "―", "-", "(", ",", "--"):
        return False
    if token.is_upper and len(token) > 2:
        return True
    # a place in ordinary case only when a news agency's tag follows it ("Washington (AFP) –")
    agency = doc[token.i + 2] if token.i + 2 < len(doc) else None
    return following == "(" and token.ent_type_ in ("GPE", "LOC") and agency is not None and agency.is_upper


def _not_a_dateline(subjects: list[Token]) -> list[Token]:
    """ "Washington (AFP) – Democrat Hillary Clinton has taken …": the parser may call the dateline a
    second subject; the other one speaks. So does a name beside a parenthetical "it" ("Mr. Trump, it
    turned out, knew …")."""
    return [s for s in subjects if not is_dateline(s) and s.lower_ != "it"] or subjects


def full_clause(verb: Token) -> bool:
    """A clause with its own subject and no subordinating word: a sentence that a closing "X told Y"
    reports, however the parser hung it ("…, his aide told The Post"), not "If …, X said"."""
    children = list(verb.children)
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in children) and not any(
        c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in children
    )


SHARE_WORDS = {"percent", "%", "majority", "plurality", "half", "third", "thirds", "quarter"}


def poll_behind_a_share(cue: Token, subject: Token | None) -> Token | None:
    """ "In a CNN/ORC poll, 79 percent of Democrats said …", "Some 20 percent of people in a recent poll
    said …": a share of respondents speaks through the poll that measured it, which PolNeAR credits."""
    if subject is None or subject.lower_ not in SHARE_WORDS:
        return None
    for holder in (cue, subject):
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ != "in" or (holder is cue and prep.i > subject.i):
                continue  # "… viewed him favorably in the January poll": the share speaks, the poll is where
            poll = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if poll is not None and poll.lower_ in EVIDENCE_NOUNS:
                return poll
    return None


PROPORTION_WORDS = {"proportion", "share", "percentage", "number", "majority", "plurality", "fraction"}


def _sayers_of_participle(cue: Token) -> Token | None:
    """ "with 50 percent saying she is prepared", "the proportion of GOP primary voters saying they want
    …": people or a share of them, modified by a participle, say what it reports; a share's people are
    named after "of"."""
    if cue.tag_ != "VBG" or cue.dep_ != "acl" or cue.head.pos_ not in ("NOUN", "PROPN"):
        return None
    noun = cue.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "to":  # "a pitch to New York voters saying": whom
        return None
    if noun.lower_ in PROPORTION_WORDS:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        people = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return people
    if noun.pos_ == "PROPN" or _may_be_people(noun) or noun.lower_ in SHARE_WORDS:
        return noun
    return None


def participle_holder(cue: Token) -> Token | None:
    """Who holds a participle's attitude: the noun it modifies ("a new video threatening an attack")
    or, through a clause or coordination, the governing verb's subject ("…, touting her record");
    never a word after the cue."""
    if cue.tag_ == "VBG" and cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return cue.head
    if cue.dep_ not in ("advcl", "conj", "xcomp", "pcomp"):
        return None
    holder = subject_of(cue)
    return holder if holder is not None and holder.i < cue.i else None


def noun_phrase(token: Token) -> tuple[int, int]:
    """The speaker phrase of a subject token: its left modifiers up to the noun, plus a flat name."""
    doc = token.doc
    start = token.left_edge.i
    end = token.i
    while end + 1 < len(doc) and doc[end + 1].dep_ in ("flat", "compound") and doc[end + 1].head == token:
        end += 1
    while start < token.i and (doc[start].is_punct or doc[start].dep_ in ("cc", "preconj")):
        start += 1
    return doc[start].idx, doc[end].idx + len(doc[end])


class Index:
    """Quick lookups of the entity stage's mentions and of quoted regions."""

    def __init__(self, mentions: list[Mention], regions: list[tuple[int, int]], persons: set[str]) -> None:
        self.persons = persons
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]
        self.regions = sorted(regions)
        self.region_starts = [a for a, _ in self.regions]
        # the same regions as disjoint intervals, exactly as quoted() sees them (a position belongs to
        # the last region starting at or before it), so spans are counted and masked a region at a time
        self.visible: list[tuple[int, int]] = []
        for number, (start, end) in enumerate(self.regions):
            following = self.regions[number + 1][0] if number + 1 < len(self.regions) else end
            stop = min(end, following) if number + 1 < len(self.regions) else end
            if stop > start:
                self.visible.append((start, stop))
        self.visible_ends = [b for _, b in self.visible]

    def mention_at(self, pos: int) -> Mention | None:
        index = bisect.bisect_right(self.starts, pos)
        covering = [m for m in self.mentions[max(0, index - 6) : index] if m.start <= pos < m.end]
        # "the American president" (a person) wins over the "American" (NORP) inside it
        return max(covering, key=lambda m: (m.entity in self.persons, m.end - m.start), default=None)

    def quoted(self, pos: int) -> bool:
        index = bisect.bisect_right(self.region_starts, pos) - 1
        return index >= 0 and self.regions[index][0] <= pos < self.regions[index][1]

    def quoted_parts(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quoted stretches of [start, end), clipped to it."""
        parts = []
        for a, b in self.visible[bisect.bisect_right(self.visible_ends, start) :]:
            if a >= end:
                break
            parts.append((max(a, start), min(b, end)))
        return parts


class BuilderState:
    """The state that every rule family of ``quotes._Builder`` reads (its ``__init__`` sets it): the
    article and its analysis (the rules add entities and mentions to it), the parse, the quotation marks
    and paragraphs, the index of mentions and quoted regions, the entities by id, and the cue tokens that
    already speak a direct quotation (the indirect rules leave those alone)."""

    article: Article
    analysis: ArticleAnalysis
    doc: Doc
    text: str
    marks: list[MarkedQuote]
    paragraphs: list[tuple[int, int]]
    index: Index
    entities: dict[str, Entity]
    direct_cues: set[int]


def tokens_between(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="contract") if end > start else None


def sentence_frames(text: str, quote: MarkedQuote, prev_end: int, next_start: int, para: tuple[int, int]):
    """The attribution text after the quote (to the sentence end) and before it (from the sentence start)."""
    close = quote.close_mark + 1 if quote.close_mark is not None else quote.end
    after_end = min(next_start, para[1])
    if text[quote.end - 1 : quote.end] == "." and text[close:after_end].lstrip()[:1].isupper():
        after_end = close  # the quoted sentence ended; what follows is a new sentence
    stop = next(_sentence_stops(text[close:after_end]), None)
    after = (close, close + stop if stop is not None else after_end)
    before_start = max(prev_end, para[0])
    opener = quote.open_mark if quote.open_mark is not None else quote.start
    last_stop = max(_sentence_stops(text[before_start:opener], at_end=False), default=0)
    return after, (before_start + last_stop, opener)


# titles and abbreviations whose period ends no sentence ("…?'' Mrs. Clinton said.")
ABBREVIATIONS = set(
    "mr mrs ms dr sen rep gov gen lt col sgt capt cmdr adm maj jr sr st prof rev mt no vs".split()
)


def _sentence_stops(piece: str, at_end: bool = True) -> Iterator[int]:
    """Ends of the sentences in ``piece``: after a stop followed by a space (or the piece's end), not
    after a title's abbreviation."""
    for match in re.finditer(r"[.!?](?=\s|$)" if at_end else r"[.!?](?=\s)", piece):
        if match.group() == ".":
            word = re.search(r"(\w+)$", piece[: match.start()])
            if word is not None and word.group(1).lower() in ABBREVIATIONS:
                continue
        yield match.end()
