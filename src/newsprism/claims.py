"""Typed claims: the checkable statements of fact in one article.

A claim is a number or a title an outlet commits to ("lasted nearly an hour and a half", "Former President
Donald Trump", "about 20 percent of Ukraine"), normalised so that outlets can be compared: a value in a
canonical unit, the interval its hedge allows, and a subject key that lines it up with the same claim in
another article. Everything is rule-based and explainable; the sentence span and the value span both index
``article.text`` exactly.

Subjects come from ``analysis.mentions`` when the entities stage ran, else from small heuristics (the
nearest preceding proper name; the event noun a duration measures; the "of X" a share is of).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .clean.segment import segment
from .model import Article, ArticleAnalysis, Claim, Mention
from .quantities import DURATION_MINUTES, Quantity, find_quantities
from .temporal import article_anchor

if TYPE_CHECKING:
    from .config import Config

MINUTES_PER_DAY = 1440.0

# What a duration measures: the nearest of these nouns names the happening ("call" for "phone conversation").
# Talks, negotiations and a meeting are one happening told three ways ("held talks ... meeting for 90
# minutes"), so they share a key; a phone call stays apart. French nouns let a French outlet's figure
# line up with the English ones.
EVENT_NOUNS: dict[str, str] = {
    "call": "call", "calls": "call", "phone call": "call", "conversation": "call", "conversations": "call",
    "dialogue": "call", "talks": "meeting", "negotiations": "meeting", "negotiation": "meeting",
    "discussions": "meeting", "meeting": "meeting", "summit": "meeting", "visit": "visit", "trip": "visit",
    "interview": "interview", "speech": "speech", "session": "session", "hearing": "hearing",
    "trial": "trial", "strike": "strike", "ceasefire": "ceasefire", "truce": "ceasefire", "siege": "siege",
    "blackout": "blackout", "pourparlers": "meeting", "négociations": "meeting", "réunion": "meeting",
    "rencontre": "meeting", "entretien": "meeting", "sommet": "meeting", "appel": "call", "grève": "strike",
}  # fmt: skip
# "talked for three hours", "have spoken for 90 minutes": the verb names the happening without its noun.
_TALK_VERB_FOR_RE = re.compile(
    r"\b(?:talked|talking|spoke|spoken|speaking|met|meeting|conferred|negotiated|chatted|sat)\b"
    r"(?:\s+(?:together|face\s+to\s+face|directly|privately|alone|only|just))?\s+for\s+$",
    re.IGNORECASE,
)
# "14 million crowns a day", "twice a week": a rate, not how long something lasted.
_RATE_RE = re.compile(r"(?:an?|per|each)\s", re.IGNORECASE)
_LASTING_BEFORE_RE = re.compile(
    r"\b(?:for|lasted|lasting|lasts|last|took|takes|take|within|in|over|than|after|spent|spend)\s+$",
    re.IGNORECASE,
)
# A river's flow is the figure water negotiations turn on; its unit is written out in several languages.
FLOW_UNIT = "m3/s"
_FLOW_UNIT_RE = re.compile(
    r"\s*(?:cubic\s+met(?:re|er)s?\s+(?:per|a)\s+second|m(?:3|³)\s*/\s*s\b|m(?:3|³)/sec\b"
    r"|mètres\s+cubes\s+(?:par|à\s+la)\s+seconde|metri\s+cubi\s+al\s+secondo|Kubikmeter\s+pro\s+Sekunde)",
    re.IGNORECASE,
)
# Shares of pay and prices are terms of a negotiation: a union's demand, an employer's offer and the
# deal they sign are three different figures, never one figure stated three ways.
PROPOSAL_KINDS = ("demand", "offer", "deal")
_PROPOSAL_CUES: dict[str, str] = {
    "demand": "demand", "demands": "demand", "demanded": "demand", "demanding": "demand",
    "want": "demand", "wants": "demand", "wanted": "demand", "asking for": "demand", "ask for": "demand",
    "ask": "demand", "asks": "demand", "asked": "demand", "réclamé": "demand", "réclame": "demand",
    "exige": "demand", "exigé": "demand",
    "asked for": "demand", "asks for": "demand", "seek": "demand", "seeks": "demand",
    "seeking": "demand", "sought": "demand", "calls for": "demand", "called for": "demand",
    "calling for": "demand", "claim": "demand", "offer": "offer", "offers": "offer", "offered": "offer",
    "offering": "offer", "proposal": "offer", "proposed": "offer", "proposes": "offer",
    "proposing": "offer", "deal": "deal", "agreement": "deal", "agreed": "deal", "settlement": "deal",
    "settled": "deal", "accept": "deal", "accepted": "deal", "accepts": "deal", "awarded": "deal",
}  # fmt: skip
_CUE_ALT = "|".join(sorted(_PROPOSAL_CUES, key=len, reverse=True))
_PROPOSAL_AFTER_RE = re.compile(
    r"\s*(?:(?:pay|wage|salary)\s+)?(?P<noun>offer|deal|demand|agreement|settlement|proposal)\b"
    r"|\s+(?:\w+\s+){0,3}?(?P<verb>demanded|wanted|sought|asked\s+for|offered|proposed|agreed|accepted)\b",
    re.IGNORECASE,
)
_PROPOSAL_BEFORE_RE = re.compile(rf"\b({_CUE_ALT})\b", re.IGNORECASE)
_CLAUSE_SUBJECT_RE = re.compile(
    r"\s*(?:The|An?|Its|Their|This|That)\s+(?:\w+\s+)?(agreement|deal|offer|settlement|proposal)\b", re.I
)
_MOVEMENT_BEFORE_RE = re.compile(
    r"\b(?:rose|rise|rises|fell|fall|falls|dropped|drop|climbed|jumped|slid|gained|lost|up|down|by)\s+$",
    re.IGNORECASE,
)
# Past happenings that elapsed times and years date ("more than four years after the invasion").
# Synonyms share one key because outlets name the same start differently ("war", "conflict", "invasion").
REFERENCE_EVENTS: dict[str, str] = {
    "invasion": "invasion", "invaded": "invasion", "invade": "invasion", "war": "invasion",
    "conflict": "invasion", "fighting": "invasion", "annexation": "annexation", "annexed": "annexation",
    "election": "election", "elections": "election", "elected": "election", "ousting": "ousting",
    "ousted": "ousting", "revolution": "revolution", "coup": "coup", "attack": "attack",
    "negotiations": "negotiations", "talks": "negotiations", "ceasefire": "ceasefire",
}  # fmt: skip
_REFERENCE_RE = re.compile(r"\b(" + "|".join(sorted(REFERENCE_EVENTS, key=len, reverse=True)) + r")\b", re.I)
_EVENT_RE = re.compile(r"\b(" + "|".join(sorted(EVENT_NOUNS, key=len, reverse=True)) + r")\b", re.I)

ROLE_WORDS = (
    "President", "Vice President", "Prime Minister", "Chancellor", "Secretary of State",
    "Secretary of Defense",
    "Defense Secretary", "Defence Secretary", "Treasury Secretary", "Secretary", "Foreign Minister",
    "Defence Minister", "Defense Minister", "Minister", "Spokesperson", "Spokesman", "Spokeswoman",
    "Ambassador", "Special Envoy", "Envoy", "Director", "Adviser", "Advisor", "National Security Adviser",
    "National Security Advisor", "Senator", "Governor", "Mayor", "General", "Pope", "King", "Queen",
    "Chairman", "Chair", "Speaker", "Leader", "Commissioner", "Professor",
)  # fmt: skip
# Modifiers that change what a title asserts (a "Former President" is not in office); the rest
# ("US", "Russian", "Kremlin") only say which office, and are ignored when comparing.
MARKED_MODIFIERS = ("former", "ex", "acting", "interim", "deputy", "vice", "late", "outgoing", "elect")
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?|[A-Z]\.|[A-Z]{2})"
_ROLE_ALT = "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True))
TITLE_RE = re.compile(
    rf"\b(?P<title>(?:(?:[Ff]ormer|[Ee]x-|[Aa]cting|[Ii]nterim|[Dd]eputy|[Oo]utgoing)\s*)?"
    rf"(?:(?:U\.S\.|US|UK|EU|[A-Z][a-z]+(?:an|ian|ese|ish|ch))\s+)?"
    rf"(?:{_ROLE_ALT}|{_ROLE_ALT.lower()})(?:-elect)?)"
    rf"\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})"
)
_NOT_NAMES = frozenset(
    "The A An And But Or Of In On At To For With By From As If This That These Those It He She They We "
    "I Even Also Said Says Has Had Was Is Will Would Could Should May Might".split()
)
_DEMONYM_RE = re.compile(r"[A-Z][a-z]+(?:an|ian|ese|ish|ch)")
_PROPER_NAME_RE = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_PLACE_RE = re.compile(
    r"\b(?P<event>meet|meets|met|meeting|talks|summit|conference|negotiations)\b[^.;:!?]{0,60}?"
    r"\b(?:in|at)\s+(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
)
_SHARE_OF_RE = re.compile(
    r"\s+(?:of|for)\s+(?:the\s+)?(?P<what>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*|[a-z]+(?:\s+[a-z]+){0,2})"
)
_COUNTED_NOUN_RE = re.compile(r"\s+(?:(?:[A-Z][a-z]+|[a-z]+-[a-z]+)\s+)?(?P<noun>[a-z]{3,}s)\b")
_VAGUE_AFTER_RE = re.compile(r"\s*(?:later|earlier|before|from now|or so|of\b)", re.I)
_SENTENCE_CONTEXT_RE = re.compile(r"(?:sentenced\s+to|jailed\s+for|imprisoned\s+for)\s+$", re.I)
_PRISON_AFTER_RE = re.compile(r"\s+(?:in\s+(?:prison|jail)|behind bars|imprisonment)", re.I)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str


def article_sentences(article: Article) -> list[tuple[int, int]]:
    """Sentence spans: the cleaner's segmentation, or the same segmenter run on ``article.text``."""
    if article.sentences:
        return [(s.start, s.end) for s in article.sentences]
    return [(s.start, s.end) for s in segment(article.text)[1]]


class ClaimStage:
    """Fills ``analysis.claims`` with typed claims from every sentence of the article."""

    name = "claims"

    def __init__(self, config: Config | None = None) -> None:
        self.config = config

    def process(self, article: Article, analysis: ArticleAnalysis) -> None:
        analysis.claims.extend(extract_claims(article, analysis.mentions))


def extract_claims(article: Article, mentions: list[Mention] | None = None) -> list[Claim]:
    """Every claim in ``article``, ids ``<article>:c<n>`` in text order."""
    anchor = article_anchor(article)
    claims: list[Claim] = []
    for start, end in article_sentences(article):
        sentence = _Sentence(start, end, article.text[start:end])
        for claim in _sentence_claims(article, sentence, anchor, mentions or []):
            claim.id = f"{article.id}:c{len(claims)}"
            claims.append(claim)
    return claims


def _sentence_claims(
    article: Article, sentence: _Sentence, anchor: date | None, mentions: list[Mention]
) -> Iterator[Claim]:
    yield from _title_claims(article, sentence, mentions)
    for quantity in find_quantities(sentence.text):
        yield from _quantity_claims(article, sentence, quantity, anchor, mentions)
    yield from _place_claims(article, sentence)


def _claim(
    article: Article, sentence: _Sentence, attribute: str, value_start: int, value_end: int, **fields: object
) -> Claim:
    return Claim(
        id="", article=article.id, text=sentence.text, start=sentence.start, end=sentence.end,
        attribute=attribute, value_start=sentence.start + value_start, value_end=sentence.start + value_end,
        **fields,  # type: ignore[arg-type]
    )  # fmt: skip


# --------------------------------------------------------------------------- titles


def _title_claims(article: Article, sentence: _Sentence, mentions: list[Mention]) -> Iterator[Claim]:
    for match in TITLE_RE.finditer(sentence.text):
        name = _clean_name(match.group("name"))
        if not name:
            continue
        title = match.group("title")
        entity = _entity_at(
            mentions, sentence.start + match.start("name"), sentence.start + match.end("name")
        )
        yield _claim(
            article, sentence, "title", match.start("title"), match.start("title") + len(title),
            value=title, qualifier=normalise_title(title), subject=name, subject_entity=entity,
        )  # fmt: skip


def _clean_name(raw: str) -> str | None:
    words = re.sub(r"['’]s$", "", raw).split()
    while words and words[-1] in _NOT_NAMES:
        words.pop()
    if not words or words[0] in _NOT_NAMES:
        return None
    return " ".join(words)


def normalise_title(title: str) -> str:
    """The part of a title that asserts something: "US President" -> "president", "Former President" kept."""
    words = re.findall(r"[A-Za-z]+", title.lower().replace("-elect", " elect"))
    marked = [w for w in words if w in MARKED_MODIFIERS]
    roles = [w for w in words if any(w in r.lower().split() for r in ROLE_WORDS) and w not in marked]
    return " ".join([*marked, *roles])


def subject_key(name: str) -> str:
    """How one person is named across outlets: the surname, lower-cased ("Donald J. Trump" -> "trump")."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", name) if len(w) > 1]
    if not words:
        return name.lower()
    last = re.sub(r"['’]s$", "", words[-1]).lower()
    # Transliterations differ by a trailing letter ("Zelensky"/"Zelenskyy")
    return last[:-1] if last.endswith("yy") else last


def _entity_at(mentions: list[Mention], start: int, end: int) -> str | None:
    for mention in mentions:
        if mention.start < end and start < mention.end and mention.entity:
            return mention.entity
    return None


# --------------------------------------------------------------------------- quantities


def _quantity_claims(
    article: Article, sentence: _Sentence, quantity: Quantity, anchor: date | None, mentions: list[Mention]
) -> Iterator[Claim]:
    text = sentence.text
    before, after = text[: quantity.start], text[quantity.end :]
    if quantity.kind == "duration":
        yield from _duration_claims(article, sentence, quantity, anchor, mentions)
    elif quantity.kind == "year":
        yield from _year_claims(article, sentence, quantity)
    elif quantity.kind == "age":
        subject = _nearest_name(before) or _nearest_name_after(after)
        if subject:
            yield _value_claim(article, sentence, quantity, "age", subject, mentions)
    elif quantity.kind == "money":
        subject = _share_of(after) or _nearest_name(before)
        if subject:
            yield _value_claim(article, sentence, quantity, "money", subject, mentions)
    elif quantity.kind == "percentage":
        # the terms of a negotiation first: "the union wants a 9% pay rise" is the union's demand
        subject = _proposal_kind(before, after)
        subject = subject or _share_of(after) or _nearest_name(before) or _sentence_topic(before)
        if subject:
            yield _value_claim(article, sentence, quantity, "percentage", subject, mentions)
    elif quantity.kind == "number":
        flow = _FLOW_UNIT_RE.match(after)
        if flow:
            subject = _proposal_kind(before, after) or _measured_noun(before)
            yield _flow_claim(article, sentence, quantity, flow.end(), subject)
            return
        noun = _counted_noun(after)
        if noun and not _VAGUE_AFTER_RE.match(after):
            yield _value_claim(article, sentence, quantity, "count", noun, mentions)


def _measured_noun(before: str) -> str:
    """ "a gap of 80 cubic metres per second" -> "gap"; "the minimum of 360" -> "minimum"; else "flow"."""
    named = re.search(r"\b([a-z]{3,})\s+of\s+$", before)
    return named.group(1) if named else "flow"


def _flow_claim(
    article: Article, sentence: _Sentence, quantity: Quantity, unit_end: int, subject: str
) -> Claim:
    """ "400 cubic metres per second", "400 mètres cubes par seconde": the value span takes the unit in,
    so that every outlet's figure is cited with what it measures."""
    return _claim(
        article, sentence, "measure", quantity.start, quantity.end + unit_end, value=quantity.value,
        unit=FLOW_UNIT, low=quantity.low, high=quantity.high, qualifier=quantity.qualifier, subject=subject,
    )  # fmt: skip


def _value_claim(
    article: Article,
    sentence: _Sentence,
    quantity: Quantity,
    attribute: str,
    subject: str,
    mentions: list[Mention],
) -> Claim:
    entity = _entity_named(mentions, subject)
    return _claim(
        article, sentence, attribute, quantity.start, quantity.end, value=quantity.value, unit=quantity.unit,
        low=quantity.low, high=quantity.high, qualifier=quantity.qualifier, subject=subject,
        subject_entity=entity,
    )  # fmt: skip


def _entity_named(mentions: list[Mention], subject: str) -> str | None:
    for mention in mentions:
        if mention.entity and mention.text == subject:
            return mention.entity
    return None


def _duration_claims(
    article: Article, sentence: _Sentence, quantity: Quantity, anchor: date | None, mentions: list[Mention]
) -> Iterator[Claim]:
    text = sentence.text
    before, after = text[: quantity.start], text[quantity.end :]
    if _SENTENCE_CONTEXT_RE.search(before) or _PRISON_AFTER_RE.match(after):
        subject = _nearest_name(before)
        if subject:
            yield _in_unit(_value_claim(article, sentence, quantity, "sentence", subject, mentions), "year")
        return
    reference = _elapsed_reference(before, after, long_span=quantity.value >= DURATION_MINUTES["month"])
    if reference is not None:
        yield from _elapsed_claims(article, sentence, quantity, reference, anchor)
        return
    if re.match(r"\s*(?:later|earlier|before|from now|ago)\b", after, re.I):
        return  # an offset in the narrative, not a claim about how long something took
    if re.search(r"\bfirst\b.*\bin\s+$", before, re.I):
        return  # "the first strike in more than a decade": the gap since the last one, not this one's length
    if _RATE_RE.match(quantity.text) and not _LASTING_BEFORE_RE.search(before):
        return  # "14 million crowns a day": a rate
    event = _nearest_event_noun(before, after, quantity.adjectival)
    if event is None and _TALK_VERB_FOR_RE.search(before):
        event = _event_noun_after(after) or _dominant_happening(article)
    if event:
        yield _value_claim(article, sentence, quantity, "duration", event, mentions)


def _in_unit(claim: Claim, unit: str) -> Claim:
    factor = DURATION_MINUTES[unit]
    claim.value = None if claim.value is None else claim.value / factor
    claim.low = None if claim.low is None else claim.low / factor
    claim.high = None if claim.high is None else claim.high / factor
    claim.unit = unit
    return claim


def _elapsed_reference(before: str, after: str, long_span: bool = True) -> str | None:
    """The past happening an elapsed time counts from, or None when the duration is not an elapsed time.

    "more than four years after Putin's full-on invasion", "nearly three years ago" (the nearest
    reference noun before it), "has afflicted Ukraine for almost three years", "After three years of war".
    "for N" counts from a happening only over months or years: "meeting for 90 minutes" is how long
    the meeting lasted. "the first talks in ten years" dates the *previous* talks, a different happening.
    """
    follows = re.match(
        r"\s*(?:after|since)\s+((?:\S+\s+){0,3}?\S*?)\b(" + _REFERENCE_RE.pattern[3:-3] + r")", after, re.I
    )
    if follows:
        return REFERENCE_EVENTS[follows.group(2).lower()]
    of_war = re.match(r"\s*of\s+(?:\w+\s+){0,2}?(" + _REFERENCE_RE.pattern[3:-3] + r")\b", after, re.I)
    if of_war and re.search(r"\bafter\s+$", before, re.I):
        return REFERENCE_EVENTS[of_war.group(1).lower()]
    nearest = _nearest_reference(before)
    if nearest is None:
        return None
    if re.match(r"\s*ago\b", after, re.I):
        return nearest
    if long_span and re.search(r"\bfirst\b.*\bin\s+$", before, re.I):
        return f"previous {nearest}"
    if long_span and re.search(r"\bfor\s+$", before, re.I):
        return nearest
    return None


def _nearest_reference(before: str) -> str | None:
    matches = list(_REFERENCE_RE.finditer(before))
    return REFERENCE_EVENTS[matches[-1].group(1).lower()] if matches else None


def _elapsed_claims(
    article: Article, sentence: _Sentence, quantity: Quantity, reference: str, anchor: date | None
) -> Iterator[Claim]:
    elapsed = _in_unit(
        _claim(article, sentence, "elapsed", quantity.start, quantity.end, value=quantity.value,
               unit="minute", low=quantity.low, high=quantity.high, qualifier=quantity.qualifier,
               subject=reference),
        "year",
    )  # fmt: skip
    yield elapsed
    if anchor is None:
        return  # without a publication date the reference event's date stays unresolved
    # The later the elapsed time, the earlier the event: the bounds swap.
    latest = anchor - timedelta(days=(quantity.low or 0) / MINUTES_PER_DAY)
    earliest = None if quantity.high is None else anchor - timedelta(days=quantity.high / MINUTES_PER_DAY)
    yield _date_claim(
        article,
        sentence,
        quantity.start,
        quantity.end,
        reference,
        earliest,
        latest,
        f"implied: {quantity.text} before {anchor.isoformat()}",
    )


def _date_claim(
    article: Article,
    sentence: _Sentence,
    start: int,
    end: int,
    reference: str,
    earliest: date | None,
    latest: date | None,
    qualifier: str,
) -> Claim:
    value = f"{earliest.isoformat() if earliest else '..'}/{latest.isoformat() if latest else '..'}"
    return _claim(
        article, sentence, "date", start, end, value=value, unit="day",
        low=None if earliest is None else float(earliest.toordinal()),
        high=None if latest is None else float(latest.toordinal()), qualifier=qualifier, subject=reference,
    )  # fmt: skip


def _year_claims(article: Article, sentence: _Sentence, quantity: Quantity) -> Iterator[Claim]:
    """ "invaded in 2022", "Russia's 2022 invasion": the year a reference event happened.

    A year next to no reference event ("the 2024 presidential debate") is a date mention, not a claim.
    """
    text = sentence.text
    window_before = text[max(0, quantity.start - 30) : quantity.start]
    window_after = text[quantity.end : quantity.end + 25]
    found = list(_REFERENCE_RE.finditer(window_before))
    reference = None
    if found and re.search(r"\b(?:in|since)\s+$", window_before):
        reference = REFERENCE_EVENTS[found[-1].group(1).lower()]
    else:
        following = re.match(
            r"\s+(?:[a-z-]+\s+)?(" + _REFERENCE_RE.pattern[3:-3] + r")\b", window_after, re.I
        )
        if following:
            reference = REFERENCE_EVENTS[following.group(1).lower()]
    if reference is None:
        return
    year = int(quantity.value)
    yield _date_claim(
        article,
        sentence,
        quantity.start,
        quantity.end,
        reference,
        date(year, 1, 1),
        date(year, 12, 31),
        f"in {year}",
    )


# --------------------------------------------------------------------------- subject heuristics


def _nearest_name(before: str) -> str | None:
    """The last proper name before the value (sentence-initial capitals and function words excluded)."""
    for match in reversed(list(_PROPER_NAME_RE.finditer(before))):
        name = _clean_name(match.group(0))
        if name and _DEMONYM_RE.fullmatch(name):
            continue
        if name and match.start() > 0:
            return re.sub(r"['’]s$", "", name)
        if name and name.split()[0] not in _NOT_NAMES and len(name.split()) > 1:
            return re.sub(r"['’]s$", "", name)
    return None


def _sentence_topic(before: str) -> str | None:
    """The sentence's grammatical subject when it is one leading noun ("Inflation rose to 3.5 %")."""
    match = re.match(r"\s*([A-Z][a-z]+)\s+(?:was|is|rose|fell|reached|stood|grew|dropped|climbed)\b", before)
    return match.group(1) if match and match.group(1) not in _NOT_NAMES else None


def _nearest_name_after(after: str) -> str | None:
    match = _PROPER_NAME_RE.search(after[:40])
    return _clean_name(match.group(0)) if match else None


def _share_of(after: str) -> str | None:
    """ "about 20 percent of Ukraine" -> "Ukraine"; "one-fifth of Ukraine's territory" -> "Ukraine"."""
    match = _SHARE_OF_RE.match(after)
    if not match:
        return None
    what = re.sub(r"['’]s\b.*$", "", match.group("what"))
    what = re.sub(r"^(?:its|their|his|her|our|your|my)\s+", "", what).strip()
    return _noun_phrase_head(what) or None


_CLAUSE_WORDS = frozenset(
    "that which who whom whose where when at in on to from by for with is are was were has have had will "
    "would can could may might".split()
)


def _noun_phrase_head(words: str) -> str:
    """ "grain loaded at" -> "grain", "summer water that" -> "summer water": the clause after the noun
    phrase says something about it but is not part of its name."""
    if words.split()[:1] in (["those"], ["all"]):
        return words  # "87% of those who voted": the clause is the whole name
    kept: list[str] = []
    for word in words.split():
        if kept and (word in _CLAUSE_WORDS or (word.endswith("ed") and word.islower())):
            break
        kept.append(word)
    return " ".join(kept)


def _counted_noun(after: str) -> str | None:
    match = _COUNTED_NOUN_RE.match(after)
    if not match or match.group("noun") in ("years", "months", "days", "hours", "minutes", "times"):
        return None
    noun = match.group("noun")
    # "1,200 dockworkers" and "1,200 members of the Dockworkers' Union" count the same people
    if noun.endswith("workers") or (noun == "members" and _OF_A_UNION_RE.match(after, match.end())):
        return "workers"
    return noun


_OF_A_UNION_RE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?[\w'’ -]{0,40}?\b(?:[Uu]nion|guild)\b")


def _nearest_event_noun(before: str, after: str, adjectival: bool) -> str | None:
    if adjectival:
        following = _EVENT_RE.match(after.lstrip()) or re.match(
            r"\s*\w+\s+(" + _EVENT_RE.pattern[3:-3] + r")\b", after, re.I
        )
        if following:
            return EVENT_NOUNS[following.group(1).lower()]
    found = list(_EVENT_RE.finditer(before))
    return EVENT_NOUNS[found[-1].group(1).lower()] if found else None


def _event_noun_after(after: str) -> str | None:
    found = _EVENT_RE.search(after)
    return EVENT_NOUNS[found.group(1).lower()] if found else None


def _dominant_happening(article: Article) -> str:
    """Whether the article is about a call or a meeting, for a talk verb whose sentence names neither."""
    counts = {"call": 0, "meeting": 0}
    for match in _EVENT_RE.finditer(article.text):
        key = EVENT_NOUNS[match.group(1).lower()]
        if key in counts:
            counts[key] += 1
    return "call" if counts["call"] > counts["meeting"] else "meeting"


def _proposal_kind(before: str, after: str) -> str | None:
    """ "is demanding a 9% pay rise" -> "demand"; "the 4% offer" -> "offer"; "the 9% the union demanded"."""
    following = _PROPOSAL_AFTER_RE.match(re.split(r"[,;:]", after, maxsplit=1)[0])
    if following:
        cue = (following.group("noun") or following.group("verb")).lower()
        return _PROPOSAL_CUES[re.sub(r"\s+", " ", cue)]
    clause = re.split(r"[;:]", before)[-1]
    if _MOVEMENT_BEFORE_RE.search(clause):
        return None  # "shares rose 6% after the deal": a price movement, not the deal's terms
    recent = " ".join(clause.split()[-8:])
    cues = list(_PROPOSAL_BEFORE_RE.finditer(recent))
    if cues:
        return _PROPOSAL_CUES[re.sub(r"\s+", " ", cues[-1].group(1).lower())]
    subject = _CLAUSE_SUBJECT_RE.match(clause)
    return _PROPOSAL_CUES[subject.group(1).lower()] if subject else None


# --------------------------------------------------------------------------- places


def _place_claims(article: Article, sentence: _Sentence) -> Iterator[Claim]:
    for match in _PLACE_RE.finditer(sentence.text):
        place = match.group("place")
        if place.split()[0] in _NOT_NAMES or place in _MONTHS_AND_DAYS:
            continue
        event = EVENT_NOUNS.get(match.group("event").lower(), "meeting")
        yield _claim(
            article, sentence, "place", match.start("place"), match.end("place"), value=place, subject=event
        )


_MONTHS_AND_DAYS = frozenset(
    "January February March April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday".split()
)
