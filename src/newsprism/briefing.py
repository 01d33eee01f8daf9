"""Extractive, cited briefings: a short account of each event built from its articles' own sentences.

For each event the stage picks ``config.briefing_sentences`` sentences (5–8) from the event's articles:

* only reporting: sentences flagged as opinion, questions, headings and unattributed quote-only
  lines are never used;
* corroborated first: near-identical sentences across outlets are grouped (sentence embeddings via
  :func:`newsprism.nlp.encode`, lexical similarity when the encoder is unavailable), and a sentence
  supported by k outlets cites all k spans;
* who/what/when/where: sentences naming the event's main entities, a date or a place score higher;
* the lead goes first, the rest follow the order in which articles tell the story;
* a resolved relative date in the lead is annotated in brackets ("on Wednesday [12 Feb 2025]"),
  cited to the span it resolves;
* disagreements found by the findings stage close the briefing in a fixed frame:
  ``Outlets differ on the duration: “…” (Outlet A) vs “…” (Outlet B).``, each side cited.

No other words are added: every sentence is one of its citations' texts, plus at most the bracketed
date annotation or the fixed "Outlets differ" frame around cited spans.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .clean.segment import segment
from .config import Config
from .model import Article, Briefing, BriefingSentence, Dossier, Event, Evidence, Finding, Sentence
from .temporal import article_anchor, human_date, resolve_in_text

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

MIN_CHARS = 40
MAX_CHARS = 420
OPINION_THRESHOLD = 0.5
# Cosine similarity (multilingual USE) above which two sentences state the same fact.
SUPPORT_COSINE = 0.62
# Lexical fallback (rapidfuzz token_set_ratio / 100) when no encoder is available.
SUPPORT_LEXICAL = 0.75
# A candidate this close to an already chosen sentence adds nothing new.
REDUNDANT_COSINE = 0.80
# ...and share this much of their content words (guards against same-topic, different-fact matches).
SUPPORT_WORD_OVERLAP = 0.35
DIFFER_FRAME = "Outlets differ on"
# Score added per main actor of the event that a sentence names and no chosen sentence has named yet.
ACTOR_COVERAGE_BONUS = 0.35
# Score added to the first sentence that says when the event happened (until one is chosen).
DATE_COVERAGE_BONUS = 0.45
_WHEN = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)\b")
# Above this many candidate sentences an event falls back to lexical similarity (bounded cost).
DENSE_MAX_SENTENCES = 600

_ATTRIBUTION = re.compile(
    r"\b(said|says|told|stated|wrote|added|according to|announced|posted|confirmed|reported|explained|"
    r"claimed|noted|insisted|declared|tweeted|asserted|concluded|urged)\b",
    re.I,
)
_QUOTE_CHARS = '"“”«»„'


@dataclass
class Candidate:
    article: Article
    start: int
    end: int
    position: float  # 0 = first sentence of its article, 1 = last
    index: int  # rank of the sentence within its article's usable sentences
    score: float = 0.0
    support: list[Candidate] = field(default_factory=list)
    agreed: list[Evidence] = field(default_factory=list)  # agreement-finding spans backing this sentence

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    @property
    def outlet(self) -> str:
        return outlet_of(self.article)

    def evidence(self) -> Evidence:
        return Evidence(self.article.id, self.start, self.end, self.text)


def outlet_of(article: Article) -> str:
    return article.outlet or article.id


def fallback_sentences(text: str) -> list[Sentence]:
    """Sentence spans for text that no segmenter has seen: the cleaner's segmenter, run here."""
    return segment(text)[1]


def _opinion_spans(dossier: Dossier) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for flag in dossier.opinion:
        if flag.score >= OPINION_THRESHOLD:
            spans.setdefault(flag.article, []).append((flag.start, flag.end))
    return spans


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def quoted_share(text: str) -> float:
    quoted = sum(len(m.group(0)) for m in re.finditer(r"[\"“][^\"“”]*[\"”]", text))
    return quoted / max(1, len(text))


def is_quote_only(text: str) -> bool:
    """A line that is mostly quotation with nobody named as saying it."""
    if _ATTRIBUTION.search(text):
        return False
    return text.lstrip()[:1] in _QUOTE_CHARS or quoted_share(text) > 0.5


def is_reporting_sentence(text: str) -> bool:
    stripped = text.strip()
    if not MIN_CHARS <= len(stripped) <= MAX_CHARS:
        return False
    if stripped.endswith("?") or not stripped.rstrip(_QUOTE_CHARS + "’)").endswith((".", "!", "…")):
        return False  # questions are rhetoric; no final stop means a heading, caption or widget
    if stripped.count(" ") < 6:
        return False
    if stripped.count('"') % 2 or stripped.count("“") != stripped.count("”"):
        return False  # a fragment cut inside a quotation
    return not is_quote_only(stripped)


def article_sentences(article: Article) -> list[Sentence]:
    return article.sentences or fallback_sentences(article.text)


def _quote_spans(dossier: Dossier) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for quote in dossier.quotes:
        if quote.kind == "direct":
            spans.setdefault(quote.article, []).append((quote.start, quote.end))
    return spans


def inside_quote(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> bool:
    """A sentence in the middle of someone's quotation, with no attribution of its own: out of
    context it reads as the outlet's statement."""
    covered = sum(max(0, min(end, q_end) - max(start, q_start)) for q_start, q_end in quotes)
    return covered >= 0.5 * (end - start) and not _ATTRIBUTION.search(text)


@dataclass(frozen=True)
class ArticleSpans:
    """Opinion and direct-quote spans per article, gathered once for all the events of a run."""

    opinion: dict[str, list[tuple[int, int]]]
    quotes: dict[str, list[tuple[int, int]]]

    @classmethod
    def of(cls, dossier: Dossier) -> ArticleSpans:
        return cls(_opinion_spans(dossier), _quote_spans(dossier))


def candidates_for(dossier: Dossier, event: Event, spans: ArticleSpans | None = None) -> list[Candidate]:
    spans = spans or ArticleSpans.of(dossier)
    opinion, quotes = spans.opinion, spans.quotes
    found: list[Candidate] = []
    for article_id in event.articles:
        try:
            article = dossier.article(article_id)
        except KeyError:
            continue
        sentences = article_sentences(article)
        usable = [
            s
            for s in sentences
            if is_reporting_sentence(article.text[s.start : s.end])
            and not _overlaps(s.start, s.end, opinion.get(article.id, []))
            and not inside_quote(article.text[s.start : s.end], s.start, s.end, quotes.get(article.id, []))
        ]
        for index, sentence in enumerate(usable):
            start, end = _trim(article.text, sentence.start, sentence.end)
            found.append(Candidate(article, start, end, index / max(1, len(usable) - 1), index))
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def in_main_language(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """Keep one language when an event mixes several (English wins ties), if that leaves enough."""
    languages = [c.article.language or "und" for c in candidates]
    if len(set(languages)) < 2:
        return candidates
    counts = {lang: languages.count(lang) for lang in set(languages)}
    main = max(counts, key=lambda lang: (counts[lang], lang == "en"))
    kept = [c for c in candidates if (c.article.language or "und") == main]
    return kept if len(kept) >= limit else candidates


# --------------------------------------------------------------------------- similarity


def similarity_matrix(texts: list[str], dense: bool = False) -> np.ndarray:
    """Pairwise similarity in [0, 1]: lexical overlap by default, sentence-embedding cosine when
    ``dense`` (catches paraphrase, but encoding every sentence of a large event costs seconds)."""
    import numpy as np

    if not dense:
        return lexical_similarity(texts)
    try:
        from . import nlp

        vectors = nlp.encode(texts)
        return np.clip(vectors @ vectors.T, 0.0, 1.0)
    except Exception as err:  # the encoder is optional at run time: fall back, say so once
        log.warning("briefing: sentence encoder unavailable (%s); using lexical similarity", err)
        return lexical_similarity(texts)


def lexical_similarity(texts: list[str]) -> np.ndarray:
    import numpy as np
    from rapidfuzz import fuzz, process

    scores = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, workers=1)
    # rescale so the lexical threshold lines up with the cosine one
    return np.asarray(scores, dtype=np.float32) / 100.0 * (SUPPORT_COSINE / SUPPORT_LEXICAL)


_STOPWORDS = frozenset(
    "the a an and or but of to in on at for with from by as that this which who was were is are be been "
    "his her their its he she they it said also after before about into over than then there have has had "
    "would will could not".split()
)


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in _STOPWORDS}


def word_overlap(a: str, b: str) -> float:
    """Share of the shorter sentence's content words that the other one uses too."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


# --------------------------------------------------------------------------- scoring and choice


def _w5h1_bonus(candidate: Candidate, event: Event) -> float:
    text = candidate.text
    names = [part for name in event.entities for part in name.split()[-1:]]
    who = sum(1 for name in names if name and name in text)
    when = (
        1
        if re.search(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|\d{4})\b", text)
        else 0
    )
    where = 1 if re.search(r"\b(in|at) [A-Z][a-z]+", text) else 0
    return 0.15 * min(who, 2) + 0.1 * when + 0.05 * where


def score_candidates(candidates: list[Candidate], sims: np.ndarray, event: Event) -> None:
    """Fill each candidate's support (one best match per other outlet) and score."""
    import numpy as np

    centroid = sims.mean(axis=1) if len(candidates) else np.zeros(0)
    for i, cand in enumerate(candidates):
        best: dict[str, tuple[float, int]] = {}
        for j, other in enumerate(candidates):
            if other.outlet == cand.outlet or sims[i, j] < SUPPORT_COSINE:
                continue
            if word_overlap(cand.text, other.text) < SUPPORT_WORD_OVERLAP:
                continue  # embeddings alone join "same topic"; the same fact also shares its words
            if sims[i, j] > best.get(other.outlet, (0.0, -1))[0]:
                best[other.outlet] = (float(sims[i, j]), j)
        cand.support = [candidates[j] for _, j in sorted(best.values(), reverse=True)]
        lead_bonus = 0.3 if cand.index == 0 else 0.15 if cand.index <= 2 else 0.0
        cand.score = (
            0.5 * len(cand.support)
            + float(centroid[i])
            + lead_bonus
            + 0.2 * (1.0 - cand.position)
            + _w5h1_bonus(cand, event)
        )


def attach_agreements(candidates: list[Candidate], dossier: Dossier, event: Event) -> None:
    """Sentences holding an agreement finding's span gain that finding's other outlets as support."""
    for finding in dossier.findings:
        if finding.kind != "agreement" or finding.event not in (event.id, None):
            continue
        for cand in candidates:
            inside = [
                e for e in finding.items if e.article == cand.article.id and cand.start <= e.start < cand.end
            ]
            if not inside:
                continue
            others = [e for e in finding.items if e.article != cand.article.id and _span_ok(dossier, e)]
            outlets = {outlet_of(dossier.article(e.article)) for e in others} - {cand.outlet}
            outlets -= {s.outlet for s in cand.support}
            cand.agreed.extend(others)
            cand.score += 0.5 * len(outlets)


def _span_ok(dossier: Dossier, evidence: Evidence) -> bool:
    try:
        return dossier.article(evidence.article).text[evidence.start : evidence.end] == evidence.text
    except KeyError:
        return False


def choose(
    candidates: list[Candidate], sims: np.ndarray, limit: int, event: Event | None = None
) -> list[int]:
    """Indices of the sentences to use, greedily: best score first, skipping anything already said,
    and favouring a sentence that brings in a main actor of the event no chosen sentence names yet
    (so the briefing covers who did what, not one fact told three ways)."""
    actors = [name.split()[-1] for name in (event.entities if event else [])[:6] if name]
    chosen: list[int] = []
    used_spans: set[tuple[str, int]] = set()
    agreed: list[Evidence] = []  # facts already stated by a chosen sentence, with every outlet's span
    named: set[str] = set()
    dated = [_dates_the_event(c) for c in candidates]
    have_date = False
    remaining = list(range(len(candidates)))
    while remaining and len(chosen) < limit:
        def gain(i: int, have_date: bool = have_date) -> float:
            new_actors = {a for a in actors if a in candidates[i].text} - named
            date_bonus = DATE_COVERAGE_BONUS if dated[i] and not have_date else 0.0
            return candidates[i].score + ACTOR_COVERAGE_BONUS * len(new_actors) + date_bonus

        i = max(remaining, key=lambda k: (gain(k), -k))
        remaining.remove(i)
        cand = candidates[i]
        if (cand.article.id, cand.start) in used_spans:
            continue
        if any(sims[i, j] >= REDUNDANT_COSINE for j in chosen):
            continue
        if any(e.article == cand.article.id and cand.start <= e.start < cand.end for e in agreed):
            continue  # another outlet's sentence already carries this agreed fact
        chosen.append(i)
        used_spans.add((cand.article.id, cand.start))
        used_spans.update((s.article.id, s.start) for s in cand.support)
        agreed.extend(cand.agreed)
        named.update(a for a in actors if a in cand.text)
        have_date = have_date or dated[i]
    return chosen


def _dates_the_event(candidate: Candidate) -> bool:
    """Says when: a weekday or date that the article's own publication date can resolve."""
    return bool(_WHEN.search(candidate.text)) and article_anchor(candidate.article) is not None


def narrative_order(chosen: list[Candidate]) -> list[Candidate]:
    """Lead (best-scored among article openings) first, then in the order the articles tell it."""
    if not chosen:
        return []
    openings = [c for c in chosen if c.index <= 1] or chosen
    # a lead in the reporter's own words reads better than one opening on a quotation
    reported = [c for c in openings if quoted_share(c.text) < 0.3] or openings
    lead = max(reported, key=lambda c: c.score)
    rest = [c for c in chosen if c is not lead]
    rest.sort(key=lambda c: sum([c.position, *[s.position for s in c.support]]) / (1 + len(c.support)))
    return [lead, *rest]


# --------------------------------------------------------------------------- sentences


def cited_sentence(candidate: Candidate) -> BriefingSentence:
    citations = [candidate.evidence(), *[s.evidence() for s in candidate.support]]
    seen = {(c.article, c.start, c.end) for c in citations}
    citations += [e for e in candidate.agreed if (e.article, e.start, e.end) not in seen]
    return BriefingSentence(candidate.text, citations)


def annotate_date(sentence: BriefingSentence, candidate: Candidate) -> BriefingSentence:
    """Add "[12 Feb 2025]" after a relative date in the sentence that resolves to one day."""
    anchor = article_anchor(candidate.article)
    if anchor is None:
        return sentence
    for expr, res in resolve_in_text(candidate.text, anchor):
        if expr.kind not in ("weekday", "day_word") or not res.resolved or res.precision != "day":
            continue
        assert res.date is not None
        label = f"{res.date:%A}" if expr.kind == "day_word" else ""
        note = (
            f" [{human_date(res.date, 'day')}]" if not label else f" [{label} {human_date(res.date, 'day')}]"
        )
        text = candidate.text[: expr.end] + note + candidate.text[expr.end :]
        start = candidate.start + expr.start
        date_span = Evidence(candidate.article.id, start, start + len(expr.text), expr.text, ref="date")
        return BriefingSentence(text, [*sentence.citations, date_span])
    return sentence


def differ_sentences(dossier: Dossier, event: Event) -> list[BriefingSentence]:
    """One "Outlets differ on …" sentence per conflict/outlier finding of the event."""
    sentences = []
    for finding in dossier.findings:
        if finding.event != event.id or finding.kind not in ("conflict", "outlier") or len(finding.items) < 2:
            continue
        sentence = differ_sentence(dossier, finding)
        if sentence is not None:
            sentences.append(sentence)
    return sentences


def differ_sentence(dossier: Dossier, finding: Finding) -> BriefingSentence | None:
    sides: list[str] = []
    citations: list[Evidence] = []
    seen_outlets: set[str] = set()
    for item in finding.items:
        try:
            article = dossier.article(item.article)
        except KeyError:
            continue
        if article.text[item.start : item.end] != item.text:
            continue  # never cite a span that does not say what it claims
        outlet = outlet_of(article)
        citations.append(item)
        if outlet not in seen_outlets:
            seen_outlets.add(outlet)
            sides.append(f"“{item.text}” ({outlet})")
    if len(sides) < 2:
        return None
    attribute = str(finding.details.get("attribute") or "").replace("_", " ")
    topic = f"the {attribute}" if attribute else "this"
    return BriefingSentence(f"{DIFFER_FRAME} {topic}: " + " vs ".join(sides) + ".", citations)


def build_briefing(
    dossier: Dossier, event: Event, limit: int, dense: bool = False, spans: ArticleSpans | None = None
) -> Briefing:
    candidates = candidates_for(dossier, event, spans)
    differ = differ_sentences(dossier, event)[: max(0, limit - 3)]
    sentences: list[BriefingSentence] = []
    if candidates:
        candidates = in_main_language(candidates, limit)
        use_dense = dense and len(event.articles) > 1 and len(candidates) <= DENSE_MAX_SENTENCES
        sims = similarity_matrix([c.text for c in candidates], use_dense)
        score_candidates(candidates, sims, event)
        attach_agreements(candidates, dossier, event)
        chosen = [candidates[i] for i in choose(candidates, sims, limit - len(differ), event)]
        ordered = narrative_order(chosen)
        sentences = [annotate_date(cited_sentence(c), c) for c in ordered]
    sentences.extend(differ)
    return Briefing(event.id, " ".join(s.text for s in sentences), sentences)


class BriefingStage:
    """CollectionStage: one cited, extractive briefing per event."""

    name = "briefings"

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()

    @property
    def dense(self) -> bool:
        return self.config.briefing_similarity == "dense"

    @property
    def limit(self) -> int:
        return max(5, min(8, self.config.briefing_sentences))

    def update(self, dossier: Dossier, new_ids: list[str]) -> None:
        # Briefings depend on every article of an event and on the findings: rebuild those touched,
        # keep the others (an event with no new article keeps its briefing).
        # A run with nothing new rebuilds nothing: the briefings are the most expensive stage.
        new = set(new_ids)
        existing = {b.event: b for b in dossier.briefings}
        spans = ArticleSpans.of(dossier)
        briefings = []
        for event in dossier.events:
            kept = existing.get(event.id)
            if kept is not None and not new.intersection(event.articles) and _cites_only(kept, event):
                briefings.append(kept)
                continue
            briefings.append(build_briefing(dossier, event, self.limit, self.dense, spans))
        dossier.briefings = briefings


def _cites_only(briefing: Briefing, event: Event) -> bool:
    """Whether every article the briefing cites is still in the event (a split moves articles out)."""
    members = set(event.articles)
    return all(c.article in members for s in briefing.sentences for c in s.citations)


def verify_citations(dossier: Dossier, briefing: Briefing) -> list[str]:
    """Problems with a briefing's citations (empty when every sentence is verifiably cited)."""
    problems = []
    for number, sentence in enumerate(briefing.sentences, 1):
        if not sentence.citations:
            problems.append(f"{briefing.event} sentence {number}: no citation")
        for cite in sentence.citations:
            try:
                text = dossier.article(cite.article).text[cite.start : cite.end]
            except KeyError:
                problems.append(f"{briefing.event} sentence {number}: unknown article {cite.article}")
                continue
            if text != cite.text:
                problems.append(f"{briefing.event} sentence {number}: span text differs in {cite.article}")
        if not _sentence_is_covered(sentence):
            problems.append(f"{briefing.event} sentence {number}: words no citation supports")
    return problems


def _sentence_is_covered(sentence: BriefingSentence) -> bool:
    """The sentence is a cited span, the same with a bracketed date note, or the fixed differ frame."""
    texts = [c.text for c in sentence.citations]
    if sentence.text in texts:
        return True
    without_note = re.sub(r" \[[A-Za-z]*\s?\d{1,2} [A-Z][a-z]{2} \d{4}\]", "", sentence.text)
    if without_note in texts:
        return True
    if sentence.text.startswith(DIFFER_FRAME):
        rest = re.sub(r"“[^”]*” \([^)]*\)", "", sentence.text.split(":", 1)[-1])
        quoted = re.findall(r"“([^”]*)”", sentence.text)
        return all(q in texts for q in quoted) and set(rest) <= set(" vs.")
    return False
