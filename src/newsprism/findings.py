"""Cross-source findings: where outlets agree, conflict, stand alone, or quote the same words differently.

Within each event, claims about the same subject and attribute are aligned (one representative per
source) and judged pairwise by a :class:`Judge`; the default :class:`IntervalJudge` is typed interval
logic, so every verdict is explainable ("[74.7, 90] overlaps [79.2, 100.8] minutes"). Facts that do not
change from one event to the next (titles, dates of past happenings, shares) are also compared across the
events of a storyline. Quotes by the same speaker that match fuzzily but not exactly become
``quote_variant`` findings with a word-level diff.

Every finding cites exact spans: ``Evidence.text == article.text[start:end]``.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal, Protocol

from .claims import MARKED_MODIFIERS, PROPOSAL_KINDS, subject_key
from .clean.segment import split_sentences
from .model import Article, Claim, Dossier, Event, Evidence, Finding, Quote
from .quantities import intervals_overlap, strict_bounds

if TYPE_CHECKING:
    from .config import Config

Relation = Literal["compatible", "incompatible", "unrelated"]

# Facts that hold across the events of a storyline; a call's length or a count belongs to one event.
STABLE_ATTRIBUTES = frozenset({"title", "date", "percentage", "sentence"})
# Claims worth flagging when only one outlet makes them.
IMPORTANT_ATTRIBUTES = frozenset({"money", "percentage", "sentence", "count", "age"})
ATTRIBUTE_WORDS = {
    "duration": "the length of the {subject}", "date": "the date of the {subject}",
    "elapsed": "the time since the {subject}", "percentage": "the share of {subject}",
    "money": "the amount for {subject}", "count": "the number of {subject}", "age": "{subject}'s age",
    "sentence": "{subject}'s prison sentence", "title": "{subject}'s title",
    "place": "where the {subject} is", "measure": "the {subject}",
}  # fmt: skip
PROPOSAL_WORDS = "the size of the {subject}"  # a figure that is a demand, an offer or a deal
QUOTE_MATCH_THRESHOLD = 62.0  # rapidfuzz token_set_ratio between two quoted sentences of one speaker
# token_set_ratio alone calls a short sentence "the same" as any longer one holding its words;
# the order-aware token_sort_ratio keeps only sentences that are the same statement throughout.
QUOTE_SAME_STATEMENT = 55.0
# A voice heard in only one outlet is worth pointing out once an event is told by this many outlets;
# with two outlets, most speakers are naturally heard in only one of them.
SINGLE_VOICE_MIN_OUTLETS = 3

FUNCTION_WORDS = frozenset(
    "a an the and or but of in on at to for with by from as is are was were be been being that this these "
    "those it its we i you he she they our my your his her their us me him them just very really so then "
    "also even only will would shall should can could may might must do does did have has had not no "
    "which who whom what when where how there here together all".split()
)
# Pairs outlets swap without changing meaning (translation and paraphrase noise).
SYNONYMS = [
    {"lengthy", "long"}, {"sufficient", "enough"}, {"countries", "nations"}, {"country", "nation"},
    {"push", "pressure"}, {"begin", "start"}, {"immediately", "now"}, {"talk", "conversation", "call"},
    {"big", "large"}, {"said", "stated", "told"}, {"deaths", "killings"}, {"war", "conflict"},
]  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    relation: Relation
    reason: str


class Judge(Protocol):
    """Decides whether two aligned claims can both be true; a model-backed judge can replace the default."""

    def compare(self, a: Claim, b: Claim) -> Verdict: ...


class IntervalJudge:
    """Typed comparison: numbers by interval overlap, titles by what their modifiers assert."""

    def compare(self, a: Claim, b: Claim) -> Verdict:
        if a.attribute != b.attribute or (a.unit or "") != (b.unit or ""):
            return Verdict("unrelated", "different attributes or units")
        if a.attribute == "title":
            return self._titles(a, b)
        if a.attribute == "place":
            same = str(a.value).lower() == str(b.value).lower()
            return Verdict(
                "compatible" if same else "unrelated", "same place" if same else "different places"
            )
        return self._intervals(a, b)

    @staticmethod
    def _titles(a: Claim, b: Claim) -> Verdict:
        title_a, title_b = a.qualifier or "", b.qualifier or ""
        if title_a == title_b:
            return Verdict("compatible", f"both {title_a!r}")
        core_a = [w for w in title_a.split() if w not in MARKED_MODIFIERS]
        core_b = [w for w in title_b.split() if w not in MARKED_MODIFIERS]
        if core_a == core_b:
            return Verdict("incompatible", f"{a.value!r} vs {b.value!r}")
        return Verdict("unrelated", "different offices")

    @staticmethod
    def _intervals(a: Claim, b: Claim) -> Verdict:
        span_a, span_b = (a.low, a.high), (b.low, b.high)
        if span_a == (None, None) or span_b == (None, None):
            return Verdict("unrelated", "no value to compare")
        strict_a = strict_bounds(a.qualifier) if a.attribute != "date" else (False, False)
        strict_b = strict_bounds(b.qualifier) if b.attribute != "date" else (False, False)
        overlap = intervals_overlap(span_a, span_b, strict_a, strict_b)
        reason = f"{_interval_text(a)} {'overlaps' if overlap else 'does not overlap'} {_interval_text(b)}"
        return Verdict("compatible" if overlap else "incompatible", reason)


def _interval_text(claim: Claim) -> str:
    if claim.attribute == "date":
        return str(claim.value)
    low = "-inf" if claim.low is None else f"{claim.low:g}"
    high = "inf" if claim.high is None else f"{claim.high:g}"
    return f"[{low}, {high}] {claim.unit or ''}".strip()


@dataclass
class _Group:
    """Claims from several sources aligned on one (attribute, subject) key."""

    attribute: str
    subject: str
    representatives: dict[str, Claim]  # source -> the claim that stands for it
    consensus: list[str] = field(default_factory=list)  # sources
    dissent: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


class FindingStage:
    """Fills ``dossier.findings`` from the dossier's events, storylines, claims and quotes."""

    name = "findings"

    def __init__(self, config: Config | None = None, judge: Judge | None = None) -> None:
        self.config = config
        self.judge: Judge = judge or IntervalJudge()

    def update(self, dossier: Dossier, new_ids: list[str]) -> None:
        # Findings compare every source of an event, so a new article can change any of them:
        # recompute (cheap: a 100-article event takes well under a second).
        dossier.findings = find_all(dossier, self.judge)


def find_all(dossier: Dossier, judge: Judge | None = None) -> list[Finding]:
    judge = judge or IntervalJudge()
    articles = {article.id: article for article in dossier.articles}
    claims_by_article: dict[str, list[Claim]] = defaultdict(list)
    for claim in dossier.claims:
        claims_by_article[claim.article].append(claim)
    findings: list[Finding] = []
    reported: set[tuple[str, str, frozenset[str]]] = set()
    corroborated: set[tuple[str, str, str]] = _storyline_keys(dossier, claims_by_article, articles)
    for event in dossier.events:
        findings.extend(_event_findings(event, articles, claims_by_article, judge, reported, corroborated))
    for storyline in dossier.storylines:
        events = [e for e in dossier.events if e.id in storyline.events]
        findings.extend(
            _storyline_findings(storyline.id, events, articles, claims_by_article, judge, reported)
        )
    findings.extend(_quote_variants(dossier, articles))
    findings.extend(_single_source_speakers(dossier, articles))
    for number, finding in enumerate(findings):
        finding.id = f"f{number}"
    return findings


# --------------------------------------------------------------------------- alignment


def _source(article: Article) -> str:
    return article.source or article.id


def _key(claim: Claim) -> tuple[str, str]:
    # Entity ids are article-local, so names (not ids) align subjects across outlets.
    subject = claim.subject or claim.subject_entity or ""
    if claim.attribute in ("title", "age", "sentence"):
        subject = subject_key(subject)
    return claim.attribute, re.sub(r"['’]s$", "", subject.lower().strip())


def _is_stable(claim: Claim) -> bool:
    """Whether the claim should hold in every event of a storyline.

    A demand, an offer or a deal moves as a negotiation goes on ("first offered 4%", later 5%): one
    event's terms are not the next one's, so they are compared only inside an event.
    """
    if claim.attribute == "percentage" and claim.subject in PROPOSAL_KINDS:
        return False
    return claim.attribute in STABLE_ATTRIBUTES


def _event_claims(article_ids: Iterable[str], claims_by_article: dict[str, list[Claim]]) -> list[Claim]:
    claims = [c for a in article_ids for c in claims_by_article.get(a, []) if c.subject]
    # An elapsed time is only comparable between articles published together; once it is turned
    # into a date (publication date known) the date claim carries the comparison.
    dated = {(c.article, c.subject) for c in claims if c.attribute == "date"}
    return [c for c in claims if not (c.attribute == "elapsed" and (c.article, c.subject) in dated)]


def _align(claims: list[Claim], articles: dict[str, Article], judge: Judge) -> list[_Group]:
    by_key: dict[tuple[str, str], dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        article = articles.get(claim.article)
        if article is not None:
            by_key[_key(claim)][_source(article)].append(claim)
    groups = []
    for (attribute, subject), per_source in by_key.items():
        if len(per_source) < 2:
            groups.append(_Group(attribute, subject, {s: c[0] for s, c in per_source.items()}))
            continue
        representatives = {s: _representative(c, per_source, s, judge) for s, c in per_source.items()}
        groups.append(_judge_group(_Group(attribute, subject, representatives), judge))
    return groups


def _representative(own: list[Claim], per_source: dict[str, list[Claim]], source: str, judge: Judge) -> Claim:
    """The claim that stands for one source.

    An outlet does not contradict itself on purpose: two different values for one key usually describe
    two things ("the call with Putin" and "the call with Zelenskyy"), so the one that agrees with the
    other sources is the one aligned. For titles an explicit "former" is a deliberate choice and wins.
    """
    if len(own) == 1:
        return own[0]
    if own[0].attribute == "title":
        marked = [c for c in own if any(w in MARKED_MODIFIERS for w in (c.qualifier or "").split())]
        return marked[0] if marked else own[0]
    distinct = list({(c.low, c.high, c.qualifier, str(c.value)): c for c in reversed(own)}.values())[::-1]
    if len(distinct) == 1:
        return own[0]
    # One claim per other source is enough to see which value the others share (and keeps this linear).
    others = [cs[0] for s, cs in per_source.items() if s != source]
    return max(distinct, key=lambda c: sum(judge.compare(c, o).relation == "compatible" for o in others))


def _judge_group(group: _Group, judge: Judge) -> _Group:
    sources = list(group.representatives)
    claims = group.representatives
    verdicts = {(a, b): judge.compare(claims[a], claims[b]) for a in sources for b in sources if a < b}

    def relation(a: str, b: str) -> Relation:
        return verdicts[(a, b) if a < b else (b, a)].relation

    degree = {s: sum(relation(s, o) == "compatible" for o in sources if o != s) for s in sources}
    consensus: list[str] = []
    for source in sorted(sources, key=lambda s: -degree[s]):
        if all(relation(source, c) == "compatible" for c in consensus):
            consensus.append(source)
    group.consensus = consensus
    group.dissent = [
        s for s in sources if s not in consensus and any(relation(s, c) == "incompatible" for c in consensus)
    ]
    group.reasons = [verdicts[(a, b) if a < b else (b, a)].reason for a in group.dissent for b in consensus]
    if not group.reasons:
        group.reasons = [v.reason for v in verdicts.values() if v.relation == "compatible"][:3]
    return group


# --------------------------------------------------------------------------- findings


def _event_findings(
    event: Event,
    articles: dict[str, Article],
    claims_by_article: dict[str, list[Claim]],
    judge: Judge,
    reported: set[tuple[str, str, frozenset[str]]],
    corroborated: set[tuple[str, str, str]],
) -> Iterator[Finding]:
    event_articles = [a for a in event.articles if a in articles]
    sources = {_source(articles[a]) for a in event_articles}
    if len(sources) < 2:
        return  # one outlet cannot agree or disagree with anyone
    for group in _align(_event_claims(event_articles, claims_by_article), articles, judge):
        key = (group.attribute, group.subject)
        if len(group.representatives) == 1:
            claim = next(iter(group.representatives.values()))
            if _is_important(claim) and (*key, claim.article) not in corroborated:
                yield _single_source(event.id, group, articles)
            continue
        finding = _verdict_finding(group, articles, event.id, within_event=True)
        if finding is None:
            continue
        if finding.kind != "agreement":
            reported.add((*key, frozenset(group.dissent)))
        yield finding


def _is_important(claim: Claim) -> bool:
    if claim.attribute not in IMPORTANT_ATTRIBUTES:
        return False
    return claim.attribute != "count" or (claim.value or 0) >= 3


def _storyline_keys(
    dossier: Dossier, claims_by_article: dict[str, list[Claim]], articles: dict[str, Article]
) -> set[tuple[str, str, str]]:
    """(attribute, subject, article) of stable claims another source in the same storyline also makes."""
    corroborated: set[tuple[str, str, str]] = set()
    for storyline in dossier.storylines:
        ids = [a for e in dossier.events if e.id in storyline.events for a in e.articles if a in articles]
        sources_by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
        claims = [c for c in _event_claims(ids, claims_by_article) if _is_stable(c)]
        for claim in claims:
            sources_by_key[_key(claim)].add(_source(articles[claim.article]))
        corroborated |= {(*_key(c), c.article) for c in claims if len(sources_by_key[_key(c)]) > 1}
    return corroborated


def _storyline_findings(
    storyline: str,
    events: list[Event],
    articles: dict[str, Article],
    claims_by_article: dict[str, list[Claim]],
    judge: Judge,
    reported: set[tuple[str, str, frozenset[str]]],
) -> Iterator[Finding]:
    event_of = {a: e.id for e in events for a in e.articles}
    ids = [a for e in events for a in e.articles if a in articles]
    claims = [c for c in _event_claims(ids, claims_by_article) if _is_stable(c)]
    for group in _align(claims, articles, judge):
        if len(group.representatives) < 2:
            continue
        spanned = {event_of[c.article] for c in group.representatives.values()}
        if len(spanned) < 2:
            continue  # a single event: already judged there
        if group.dissent and (group.attribute, group.subject, frozenset(group.dissent)) in reported:
            continue
        finding = _verdict_finding(group, articles, None, within_event=False)
        if finding is not None:
            finding.details["storyline"] = storyline
            finding.details["events"] = sorted(spanned)
            yield finding


def _verdict_finding(
    group: _Group, articles: dict[str, Article], event: str | None, within_event: bool
) -> Finding | None:
    claims = group.representatives
    if not group.dissent:
        # Outlets agreeing on someone's title is expected, not news; only a dissent about it is.
        if len(group.consensus) < 2 or group.attribute == "title":
            return None
        return _finding(
            "agreement",
            group,
            [claims[s] for s in group.consensus],
            articles,
            event,
            _agreement_summary(group, articles),
        )
    kind: Literal["outlier", "conflict"] = (
        "outlier" if within_event and len(group.dissent) == 1 and len(group.consensus) >= 2 else "conflict"
    )
    involved = [claims[s] for s in group.dissent + group.consensus]
    return _finding(kind, group, involved, articles, event, _disagreement_summary(kind, group, articles))


def _single_source(event: str, group: _Group, articles: dict[str, Article]) -> Finding:
    ((source, claim),) = group.representatives.items()
    phrase = _value_text(claim, articles)
    summary = (
        f"Only {source} reports {_what(group)}: “{phrase}”; no other outlet covering this event states it."
    )
    return _finding("single_source", group, [claim], articles, event, summary)


def _finding(
    kind: Literal["agreement", "conflict", "outlier", "quote_variant", "single_source"],
    group: _Group,
    claims: list[Claim],
    articles: dict[str, Article],
    event: str | None,
    summary: str,
) -> Finding:
    items = [_evidence(c, articles[c.article]) for c in claims]
    details = {
        "attribute": group.attribute, "subject": group.subject,
        "consensus": group.consensus, "dissent": group.dissent, "reasons": group.reasons,
        "values": [
            {"article": c.article, "claim": c.id, "text": _value_text(c, articles), "value": c.value,
             "unit": c.unit, "low": c.low, "high": c.high, "qualifier": c.qualifier,
             "sentence": {"start": c.start, "end": c.end}}
            for c in claims
        ],
    }  # fmt: skip
    article_ids = list(dict.fromkeys(c.article for c in claims))
    return Finding(
        id="", kind=kind, summary=summary, event=event, articles=article_ids, items=items, details=details
    )


def _evidence(claim: Claim, article: Article) -> Evidence:
    start = claim.value_start if claim.value_start is not None else claim.start
    end = claim.value_end if claim.value_end is not None else claim.end
    return Evidence(article=article.id, start=start, end=end, text=article.text[start:end], ref=claim.id)


def _value_text(claim: Claim, articles: dict[str, Article]) -> str:
    evidence = _evidence(claim, articles[claim.article])
    return evidence.text


def _what(group: _Group) -> str:
    named = [c.subject for c in group.representatives.values() if c.subject and c.attribute != "date"]
    subject = max(named, key=len) if named else group.subject
    if group.attribute in ("percentage", "measure") and subject in PROPOSAL_KINDS:
        return PROPOSAL_WORDS.format(subject=subject)
    return ATTRIBUTE_WORDS.get(group.attribute, group.attribute + " of {subject}").format(subject=subject)


def _quoted(sources: list[str], group: _Group, articles: dict[str, Article]) -> str:
    parts = []
    for source in sources:
        claim = group.representatives[source]
        text = f"“{_value_text(claim, articles)}”"
        if claim.attribute == "date" and claim.qualifier and claim.qualifier.startswith("implied"):
            text += f" (implies {_date_range(claim)})"
        parts.append(f"{source} {text}")
    return ", ".join(parts)


def _date_range(claim: Claim) -> str:
    low = date.fromordinal(int(claim.low)).isoformat() if claim.low is not None else None
    high = date.fromordinal(int(claim.high)).isoformat() if claim.high is not None else None
    if low and high:
        return f"{low} to {high}"
    return f"before {high}" if high else f"after {low}"


def _agreement_summary(group: _Group, articles: dict[str, Article]) -> str:
    agreeing = _quoted(group.consensus, group, articles)
    return f"{len(group.consensus)} sources agree on {_what(group)}: {agreeing}."


def _disagreement_summary(kind: str, group: _Group, articles: dict[str, Article]) -> str:
    if kind == "outlier":
        return (
            f"{_quoted(group.dissent, group, articles)} stands alone on {_what(group)} against "
            f"{len(group.consensus)} sources that agree: {_quoted(group.consensus, group, articles)}."
        )
    return (
        f"Sources conflict on {_what(group)}: {_quoted(group.dissent, group, articles)} is incompatible "
        f"with {_quoted(group.consensus, group, articles)}."
    )


# --------------------------------------------------------------------------- quote variants


@dataclass(frozen=True)
class _QuotedSentence:
    quote: Quote
    source: str
    start: int  # span in article.text
    end: int
    text: str


def _quote_variants(dossier: Dossier, articles: dict[str, Article]) -> Iterator[Finding]:
    if not dossier.quotes:
        return
    from rapidfuzz import fuzz, process

    group_of = _comparison_groups(dossier)
    by_speaker: dict[tuple[str, str], list[_QuotedSentence]] = defaultdict(list)
    for quote in dossier.quotes:
        article = articles.get(quote.article)
        if article is None or not (quote.speaker or quote.speaker_entity) or quote.kind == "indirect":
            continue  # indirect speech is the outlet's paraphrase: its wording is not the speaker's
        speaker = _speaker_key(quote)
        for group in group_of.get(quote.article, ["*"]):
            by_speaker[(group, speaker)].extend(_quote_sentences(quote, article))
    seen: set[tuple[int, int, str, int, int, str]] = set()
    for (group, speaker), sentences in by_speaker.items():
        if len({s.source for s in sentences}) < 2:
            continue
        texts = [_normalise(s.text) for s in sentences]
        set_scores = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, workers=1)
        sort_scores = process.cdist(texts, texts, scorer=fuzz.token_sort_ratio, workers=1)
        scores = set_scores * (sort_scores >= QUOTE_SAME_STATEMENT)
        for i, j in _best_pairs(sentences, scores):
            a, b = sentences[i], sentences[j]
            key = (a.start, a.end, a.quote.article, b.start, b.end, b.quote.article)
            if texts[i] == texts[j] or key in seen:
                continue
            seen.add(key)
            finding = _quote_variant_finding(a, b, speaker, float(scores[i][j]))
            finding.event = None if group == "*" else group
            yield finding


def _speaker_key(quote: Quote) -> str:
    """The key that lines one speaker up across outlets ("Zelenskyy" and "Zelensky" alike)."""
    # Entity ids are article-local; the canonical name is what lines speakers up across outlets.
    return subject_key(quote.speaker) if quote.speaker else str(quote.speaker_entity)


def _single_source_speakers(dossier: Dossier, articles: dict[str, Article]) -> Iterator[Finding]:
    """A person quoted in his or her own words by only one of the outlets that cover an event."""
    people = {e.id for e in dossier.entities if e.kind == "PERSON"}
    quotes_by_article: dict[str, list[Quote]] = defaultdict(list)
    for quote in dossier.quotes:
        if quote.kind != "indirect" and quote.speaker and quote.speaker_entity in people:
            quotes_by_article[quote.article].append(quote)
    for event in dossier.events:
        members = [articles[a] for a in event.articles if a in articles]
        if len({_source(a) for a in members}) < SINGLE_VOICE_MIN_OUTLETS:
            continue
        by_speaker: dict[str, list[tuple[str, Quote]]] = defaultdict(list)
        for article in members:
            for quote in quotes_by_article.get(article.id, []):
                by_speaker[_speaker_key(quote)].append((_source(article), quote))
        for _, heard in sorted(by_speaker.items()):
            if len({source for source, _ in heard}) == 1:
                yield _single_voice_finding(event.id, str(heard[0][1].speaker), heard, articles)


def _single_voice_finding(
    event: str, speaker: str, heard: list[tuple[str, Quote]], articles: dict[str, Article]
) -> Finding:
    source = heard[0][0]
    quotes = [quote for _, quote in heard]
    items = [
        Evidence(q.article, q.start, q.end, articles[q.article].text[q.start : q.end], ref=q.id)
        for q in quotes
    ]
    return Finding(
        id="",
        kind="single_source",
        summary=f"Only {source} quotes {speaker}: “{_shorten(quotes[0].text)}”.",
        event=event,
        articles=list(dict.fromkeys(q.article for q in quotes)),
        items=items,
        details={"speaker": speaker, "quotes": [q.id for q in quotes]},
    )


def _shorten(text: str, words: int = 16) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _comparison_groups(dossier: Dossier) -> dict[str, list[str]]:
    """Which events (and storylines) each article belongs to: quotes are compared inside those."""
    groups: dict[str, list[str]] = defaultdict(list)
    for event in dossier.events:
        for article in event.articles:
            groups[article].append(event.id)
    return groups


def _quote_sentences(quote: Quote, article: Article) -> list[_QuotedSentence]:
    text = article.text[quote.start : quote.end]
    source = _source(article)
    return [
        _QuotedSentence(quote, source, quote.start + s, quote.start + e, text[s:e])
        for s, e in split_sentences(text)
        if len(text[s:e].split()) >= 4
    ]


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", text.lower())))


def _best_pairs(sentences: list[_QuotedSentence], scores: object) -> Iterator[tuple[int, int]]:
    """For each sentence, its best match in each other source, when close enough to be the same words."""
    for i, a in enumerate(sentences):
        best: dict[str, tuple[float, int]] = {}
        for j, b in enumerate(sentences):
            if b.source <= a.source:
                continue
            score = float(scores[i][j])  # type: ignore[index]
            if score >= QUOTE_MATCH_THRESHOLD and score > best.get(b.source, (0.0, -1))[0]:
                best[b.source] = (score, j)
        for _, j in best.values():
            yield i, j


def word_diff(a: str, b: str) -> list[dict[str, str]]:
    """Word-level edit operations turning ``a`` into ``b`` (case and punctuation ignored)."""
    words_a, words_b = _normalise(a).split(), _normalise(b).split()
    matcher = difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False)
    return [
        {"op": op, "a": " ".join(words_a[i1:i2]), "b": " ".join(words_b[j1:j2])}
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def meaning_changes(a: str, b: str) -> list[str]:
    """Content words that one version has and the other lacks, after synonyms and moved words."""
    words_a, words_b = set(_normalise(a).split()), set(_normalise(b).split())
    changed = []
    for word in sorted(words_a ^ words_b):
        other = words_b if word in words_a else words_a
        if word in FUNCTION_WORDS or _has_counterpart(word, other):
            continue
        changed.append(word)
    return changed


def _has_counterpart(word: str, others: set[str]) -> bool:
    stem = word[:5]
    if len(word) >= 5 and any(o[:5] == stem for o in others):  # "Russia"/"Russian", "nation"/"nations"
        return True
    return any(word in group and others & group for group in SYNONYMS)


def _quote_variant_finding(a: _QuotedSentence, b: _QuotedSentence, speaker: str, score: float) -> Finding:
    changes = meaning_changes(a.text, b.text)
    verdict = (
        "meaning-bearing words change (" + ", ".join(changes[:6]) + ")"
        if changes
        else "only the wording differs, not the meaning"
    )
    summary = f"{a.source} and {b.source} quote {a.quote.speaker or speaker} differently: {verdict}."
    items = [
        Evidence(a.quote.article, a.start, a.end, a.text, ref=a.quote.id),
        Evidence(b.quote.article, b.start, b.end, b.text, ref=b.quote.id),
    ]
    details = {
        "speaker": a.quote.speaker or speaker,
        "similarity": round(score, 1),
        "diff": word_diff(a.text, b.text),
        "meaning_changed": bool(changes),
        "changed_words": changes,
    }
    return Finding(
        id="",
        kind="quote_variant",
        summary=summary,
        event=None,
        articles=[a.quote.article, b.quote.article],
        items=items,
        details=details,
    )
