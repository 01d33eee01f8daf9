"""Rule-based coreference for nominal references and pronouns, behind a replaceable interface.

No coreference model with weights installs offline, so :class:`RuleCoref` resolves from the parse:

* a nominal "the X" (``X`` a person noun: president, leader, tycoon, spokesperson…) resolves to the
  most salient person in the preceding context whose roles and nationality are compatible. Roles come
  from the article ("Ukrainian President Volodymyr Zelensky" makes Zelensky a Ukrainian president);
  a person with no known role is compatible with any head noun, a person with roles only with a head
  noun their roles carry ("leader" goes with any head-of-state title), and a nationality adjective
  ("the Russian leader") must not contradict the nationality in the person's roles. "The tycoon" /
  "the businessman" go to the most salient person with no conflicting (political) role.
* a pronoun "he"/"she" resolves to the nearest compatible person: same gender or unknown gender,
  recent, subjects preferred over objects, mentions inside quotation marks discounted.

Salience = sum over a person's earlier mentions of (2 if grammatical subject else 1) × (0.25 if inside
a quotation) × a decay with the distance in characters. Another resolver (a learned model) only has to
implement :class:`CorefResolver`.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from .model import Article, Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# nationality adjectives / nouns → country key (a small general table, not about any one story)
NATIONALITY = {
    "american": "united states",
    "u.s.": "united states",
    "u.s": "united states",
    "us": "united states",
    "america": "united states",
    "white": "united states",
    "russian": "russia",
    "kremlin": "russia",
    "moscow": "russia",
    "russia": "russia",
    "ukrainian": "ukraine",
    "ukraine": "ukraine",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "british": "united kingdom",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "french": "france",
    "france": "france",
    "german": "germany",
    "germany": "germany",
    "italian": "italy",
    "italy": "italy",
    "chinese": "china",
    "china": "china",
    "beijing": "china",
    "israeli": "israel",
    "israel": "israel",
    "iranian": "iran",
    "iran": "iran",
    "turkish": "turkey",
    "polish": "poland",
    "finnish": "finland",
    "spanish": "spain",
    "japanese": "japan",
    "indian": "india",
    "canadian": "canada",
    "mexican": "mexico",
    "brazilian": "brazil",
    "saudi": "saudi arabia",
    "syrian": "syria",
    "palestinian": "palestine",
    "belarusian": "belarus",
    "hungarian": "hungary",
    "european": "europe",
    "nato": "nato",
}
# person nouns a nominal "the X" may have as its head
PERSON_NOUNS = {
    "president",
    "leader",
    "tycoon",
    "businessman",
    "businesswoman",
    "billionaire",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "minister",
    "chancellor",
    "secretary",
    "premier",
    "senator",
    "governor",
    "candidate",
    "nominee",
    "envoy",
    "ambassador",
    "diplomat",
    "official",
    "mayor",
    "king",
    "queen",
    "general",
    "commander",
    "adviser",
    "advisor",
    "professor",
    "journalist",
    "analyst",
    "expert",
    "politician",
    "lawmaker",
    "congressman",
    "congresswoman",
    "director",
    "chief",
    "head",
    "pope",
    "executive",
    "chairman",
    "chairwoman",
    "chair",
    "prosecutor",
    "judge",
}
HEAD_OF_STATE = {"president", "leader", "prime", "premier", "chancellor", "king", "queen", "emir", "head"}
BUSINESS_NOUNS = {"tycoon", "businessman", "businesswoman", "billionaire", "magnate", "mogul"}
# role words that make a person something other than a businessman for "the tycoon"
POLITICAL_ROLE_WORDS = {
    "secretary",
    "minister",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chancellor",
    "senator",
    "governor",
    "ambassador",
    "general",
    "professor",
    "journalist",
    "vice",
}
MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
MALE_TITLES = {"mr.", "mr", "king", "prince", "sir", "lord", "spokesman", "businessman", "congressman"}
FEMALE_TITLES = {
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "queen",
    "princess",
    "dame",
    "lady",
    "spokeswoman",
    "businesswoman",
    "congresswoman",
}
# A short list of frequent first names; anything else gets its gender from pronoun use or stays "?".
MALE_FIRST_NAMES = set(
    "donald vladimir volodymyr joe joseph mike michael john james robert william bill david richard thomas "
    "charles george paul mark steven steve peter pete kevin brian jeff jeffrey marco ted ron rand chris "
    "christopher barack bernie mitch jd j.d. dmitry sergey sergei emmanuel olaf friedrich keir boris rishi "
    "benjamin xi recep viktor antony tony lloyd jake scott karl carlo alexander alexei andriy oleksandr "
    "dmytro mikhail nikolai ivan pavel yuri elon jared eric hunter lindsey ".split()
)
FEMALE_FIRST_NAMES = set(
    "hillary kamala nancy elizabeth ursula giorgia angela theresa marine karoline mary jennifer sarah "
    "susan linda patricia barbara melania ivanka nikki kristi tulsi liz maria anna olena yulia nataliya "
    "natalia kaja annalena emma laura alexandria ilhan michelle jill condoleezza madeleine".split()
)


class CorefResolver(Protocol):
    def resolve(
        self,
        article: Article,
        doc: Doc,
        entities: list[Entity],
        mentions: list[Mention],
        quoted: list[tuple[int, int]],
    ) -> list[Mention]:
        """New nominal/pronoun mentions pointing at ``entities``; may set ``Entity.gender``."""


@dataclass
class _Person:
    entity: Entity
    countries: set[str] = field(default_factory=set)
    role_words: set[str] = field(default_factory=set)


@dataclass
class _Seen:
    start: int
    entity: str
    subject: bool
    quoted: bool


def _in_regions(pos: int, regions: list[tuple[int, int]], starts: list[int]) -> bool:
    index = bisect.bisect_right(starts, pos) - 1
    return index >= 0 and regions[index][0] <= pos < regions[index][1]


def _countries(words: set[str]) -> set[str]:
    return {NATIONALITY[w] for w in words if w in NATIONALITY}


def _role_words(roles: list[str]) -> set[str]:
    return {w.strip(".,").lower() for role in roles for w in role.replace("-", " ").split()}


def gender_from_name(entity: Entity) -> str:
    for alias in entity.aliases:
        first = alias.split()[0].lower() if len(alias.split()) > 1 else ""
        if first in MALE_FIRST_NAMES:
            return "m"
        if first in FEMALE_FIRST_NAMES:
            return "f"
    words = _role_words(entity.roles)
    if words & MALE_TITLES:
        return "m"
    if words & FEMALE_TITLES:
        return "f"
    return "?"


class RuleCoref:
    """Nominal and pronoun resolution from roles, nationality, gender, recency and syntax."""

    window_chars = 2_500
    recent_chars = 300  # about the sentence before: a definite description refers to the latest holder

    def resolve(
        self,
        article: Article,
        doc: Doc,
        entities: list[Entity],
        mentions: list[Mention],
        quoted: list[tuple[int, int]],
    ) -> list[Mention]:
        regions = sorted(quoted)
        starts = [a for a, _ in regions]
        persons = {e.id: self._person(e) for e in entities if e.kind == "PERSON"}
        if not persons:
            return []
        by_start = {m.start: m for m in mentions if m.kind == "name"}
        seen = [
            _Seen(m.start, m.entity, self._is_subject(doc, m.start), _in_regions(m.start, regions, starts))
            for m in mentions
            if m.entity in persons
        ]
        self._infer_genders(doc, persons, seen, regions, starts)
        found: list[Mention] = []
        for token in doc:
            if token.idx in by_start or _in_regions(token.idx, regions, starts):
                continue
            new = self._nominal(article, token, persons, seen) or self._pronoun(article, token, persons, seen)
            if new is not None:
                found.append(new)
                seen.append(_Seen(new.start, new.entity or "", token.dep_.startswith("nsubj"), False))
                seen.sort(key=lambda s: s.start)
        return found

    # ------------------------------------------------------------------ pieces

    @staticmethod
    def _person(entity: Entity) -> _Person:
        words = _role_words(entity.roles)
        return _Person(entity, _countries(words), words)

    @staticmethod
    def _is_subject(doc: Doc, start: int) -> bool:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None or not len(span):
            return False
        token = span[0]
        while token.dep_ in ("compound", "flat") and token.head is not token:
            token = token.head
        return token.dep_.startswith("nsubj")

    def _infer_genders(
        self, doc: Doc, persons: dict[str, _Person], seen: list[_Seen], regions: list, starts: list[int]
    ) -> None:
        """Name lists first; else the pronouns of sentences that name only this one person."""
        votes: dict[str, list[str]] = {pid: [] for pid in persons}
        for sent in doc.sents:
            named = {s.entity for s in seen if sent.start_char <= s.start < sent.end_char and not s.quoted}
            if len(named) != 1:
                continue
            for token in sent:
                if _in_regions(token.idx, regions, starts):
                    continue
                if token.lower_ in MALE_PRONOUNS:
                    votes[next(iter(named))].append("m")
                elif token.lower_ in FEMALE_PRONOUNS:
                    votes[next(iter(named))].append("f")
        for pid, person in persons.items():
            if person.entity.gender != "?":
                continue
            gender = gender_from_name(person.entity)
            if gender == "?" and votes[pid]:
                male = votes[pid].count("m")
                gender = "m" if male * 2 > len(votes[pid]) else "f" if male * 2 < len(votes[pid]) else "?"
            person.entity.gender = gender  # type: ignore[assignment]

    def _salience(self, pos: int, seen: list[_Seen], window: int, scale: float = 600) -> dict[str, float]:
        scores: dict[str, float] = {}
        for item in seen:
            if item.start >= pos or pos - item.start > window:
                continue
            weight = (2.0 if item.subject else 1.0) * (0.25 if item.quoted else 1.0)
            scores[item.entity] = scores.get(item.entity, 0.0) + weight * math.exp(
                -(pos - item.start) / scale
            )
        return scores

    def _best(self, pos: int, seen: list[_Seen], ok: set[str], window: int, scale: float = 600) -> str | None:
        scores = {pid: s for pid, s in self._salience(pos, seen, window, scale).items() if pid in ok}
        return max(scores, key=lambda pid: scores[pid]) if scores else None

    @staticmethod
    def _latest(pos: int, seen: list[_Seen], ok: set[str], since: int, subject: bool = False) -> str | None:
        """The compatible person named last before ``pos``, when that was at or after ``since`` (and as a
        subject, when ``subject``): "Water Minister Ana Ruvic … the minister said" is Ruvic even when the
        Foreign Minister was named three times before her."""
        for item in reversed(seen):
            if item.start >= pos or item.quoted:
                continue
            if item.start < since:
                return None
            if item.entity in ok and (item.subject or not subject):
                return item.entity
        return None

    @staticmethod
    def _previous_sentence_start(token: Token) -> int:
        sentence = token.sent
        return (token.doc[sentence.start - 1].sent if sentence.start > 0 else sentence).start_char

    def _nominal(
        self, article: Article, token: Token, persons: dict[str, _Person], seen: list[_Seen]
    ) -> Mention | None:
        if token.lower_ not in PERSON_NOUNS or token.tag_ not in ("NN", "NNP"):
            return None
        det = [c for c in token.children if c.dep_ == "det" and c.lower_ == "the"]
        appositive = any(c.dep_ == "appos" and c.tag_ != "PRP" for c in token.children)
        if not det or appositive or token.dep_ == "appos":
            return None
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if nxt is not None and (nxt.ent_type_ == "PERSON" or nxt.tag_ == "NNP"):
            return None  # "the Ukrainian president Zelensky": a title in front of a name
        if self._before_appositive_name(token):
            return None  # "The spokesman for the Kremlin, Dmitry Peskov, …"
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
            return None  # "the president of the commission": a described office, not a back-reference
        modifiers = {c.lower_.strip(".") if c.lower_ != "u.s." else "u.s." for c in token.lefts}
        modifiers |= {c.lower_ for c in token.lefts}
        countries = _countries(modifiers)
        ok = {pid for pid, p in persons.items() if self._compatible(token.lower_, countries, modifiers, p)}
        # a person whose roles name the nationality ("Russian President") beats one with no known nationality
        strong = {pid for pid in ok if countries & persons[pid].countries}
        # and those whose roles carry the noun itself ("Mayor Eric Adams … the mayor") beat the persons with
        # no known role, who are only compatible for want of evidence
        ok = {pid for pid in ok if token.lower_ in persons[pid].role_words} or ok
        entity = (
            self._best(token.idx, seen, strong, self.window_chars)
            or self._latest(token.idx, seen, ok, token.idx - self.recent_chars)
            or self._best(token.idx, seen, ok, self.window_chars)
            or self._best(token.idx, seen, ok, 10**9)
        )
        if entity is None:
            return None
        start, end = det[0].idx, token.idx + len(token)
        return Mention(article.id, start, end, article.text[start:end], entity, "nominal", None)

    @staticmethod
    def _before_appositive_name(token: Token) -> bool:
        doc = token.doc
        inside = {t.i for t in token.subtree}
        for index in range(token.i + 1, min(len(doc) - 1, token.i + 7)):
            if doc[index].text == ",":
                return doc[index + 1].ent_type_ == "PERSON"
            if index not in inside or doc[index].dep_ == "cc":
                return False
        return False

    @staticmethod
    def _compatible(head: str, countries: set[str], modifiers: set[str], person: _Person) -> bool:
        if countries and person.countries and not countries & person.countries:
            return False
        if "vice" in person.role_words and "vice" not in modifiers:
            return False
        words = person.role_words
        if head in BUSINESS_NOUNS:  # a businessman may have become a head of state, not a spokesman
            return not (words & POLITICAL_ROLE_WORDS)
        if not words:
            return True
        if head == "leader":
            return bool(words & HEAD_OF_STATE)
        if head in ("spokesperson", "spokesman", "spokeswoman"):
            return bool(words & {"spokesperson", "spokesman", "spokeswoman"})
        return head in words

    def _pronoun(
        self, article: Article, token: Token, persons: dict[str, _Person], seen: list[_Seen]
    ) -> Mention | None:
        lower = token.lower_
        if lower not in ("he", "she") and not (lower in ("him", "her") and token.dep_ != "poss"):
            return None
        gender = "m" if lower in MALE_PRONOUNS else "f"
        ok = {pid for pid, p in persons.items() if p.entity.gender in (gender, "?")}
        # pronouns refer back over a short distance: recency dominates frequency, and the subject of
        # this or the sentence before ("Tomasz Wren … said …. 'We could smell it,' he said") comes first
        since = self._previous_sentence_start(token)
        entity = self._latest(token.idx, seen, ok, since, subject=True) or self._best(
            token.idx, seen, ok, 1_500, scale=200
        )
        if entity is None:
            return None
        person = persons[entity].entity
        if person.gender == "?":
            # "he said" fixes the gender: a later "she" cannot be him (Dalvey ... he; Ruvic ... she)
            person.gender = gender  # type: ignore[assignment]
        return Mention(article.id, token.idx, token.idx + len(token), token.text, entity, "pronoun", None)


_DEFAULT: CorefResolver | None = None


def default_resolver() -> CorefResolver:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RuleCoref()
    return _DEFAULT
