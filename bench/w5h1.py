"""Who/when/where precision of newsprism's event lead against the Giveme5W1H gold standard.

Reproduce:  .venv/bin/python bench/w5h1.py [--limit N]

Each gold article (title + description + body) is treated as a one-article event. newsprism's answer:
  who   = the named actor (PERSON/ORG/NORP/GPE) heading the subject of the briefing's lead sentence,
  when  = the expression the timeline dated the event by (else the lead's first time expression),
  where = the first place (GPE/LOC/FAC) in the lead, else in the first three reporting sentences.
Baseline: spaCy's first PERSON/ORG, first DATE/TIME and first GPE/LOC anywhere in the article.
An answer counts as correct when it and a gold phrase contain one another or share half their words
(token F1 >= 0.5); for *when*, also when its resolved day equals the gold ``parsed`` day.
Precision = correct / answered. Reference: Giveme5W1H 0.82 on who/what/when/where (human-judged,
so not strictly comparable with this automatic string match).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from newsprism import nlp
from newsprism.briefing import build_briefing, fallback_sentences
from newsprism.model import Article, Dossier, Event, Paragraph
from newsprism.temporal import find_temporal_expressions, parse_anchor, resolve
from newsprism.timeline import dated_mentions, event_date

GOLD = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "benchmarks"
    / "w5h1"
    / "giveme5w1h_gold"
    / "gold_standard"
    / "data"
)
ACTOR = {"PERSON", "ORG", "NORP", "GPE"}
PLACE = {"GPE", "LOC", "FAC"}


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def matches(answer: str, golds: list[str]) -> bool:
    a = " ".join(tokens(answer))
    for gold in golds:
        g = " ".join(tokens(gold))
        if not a or not g:
            continue
        if a in g or g in a:
            return True
        ta, tg = tokens(answer), tokens(gold)
        common = len(set(ta) & set(tg))
        if common and 2 * common / (len(set(ta)) + len(set(tg))) >= 0.5:
            return True
    return False


def article_of(doc: dict) -> Article:
    parts = [doc.get("title") or "", doc.get("description") or "", doc.get("text") or ""]
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    return Article(
        id=doc["dId"][:16],
        text=text,
        original=text,
        source=doc.get("publisher"),
        published=(doc.get("date_publish") or "")[:10] or None,
        paragraphs=[Paragraph(0, len(text))],
        sentences=fallback_sentences(text),
    )


def subject_actor(doc_span) -> str | None:
    roots = [t for t in doc_span if t.dep_ == "ROOT"]
    for root in roots:
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                subtree = {t.i for t in child.subtree}
                for ent in doc_span.ents:
                    if ent.label_ in ACTOR and ent.start in subtree:
                        return ent.text
                # a subject that is no named actor ("the tram", "police"): better no answer than a guess
                return " ".join(t.text for t in child.subtree) if child.pos_ == "PROPN" else None
    firsts = [e.text for e in doc_span.ents if e.label_ in ACTOR]
    return firsts[0] if firsts else None


def newsprism_answers(doc: dict, spacy_nlp) -> dict[str, tuple[str, object] | None]:
    article = article_of(doc)
    event = Event("e", doc.get("title") or "", [article.id])
    dossier = Dossier(articles=[article], events=[event])
    briefing = build_briefing(dossier, event, 5)
    lead = briefing.sentences[0].citations[0] if briefing.sentences else None
    lead_text = lead.text if lead else article.text[:300]
    parsed = spacy_nlp(lead_text)
    who = subject_actor(parsed)
    dated = event_date(dossier, event, {article.id: dated_mentions(article, [])})
    when: tuple[str, object] | None = None
    if dated and dated.spans:
        when = (dated.spans[0].text, dated.date)
    else:
        expressions = find_temporal_expressions(lead_text)
        if expressions:
            res = resolve(expressions[0].text, parse_anchor(article.published), context=lead_text)
            when = (expressions[0].text, res.date if res.resolved else None)
    where = next((e.text for e in parsed.ents if e.label_ in PLACE), None)
    if where is None:
        opening = " ".join(article.text[s.start : s.end] for s in article.sentences[:3])
        where = next((e.text for e in spacy_nlp(opening).ents if e.label_ in PLACE), None)
    return {"who": (who, None) if who else None, "when": when, "where": (where, None) if where else None}


def baseline_answers(doc: dict, spacy_nlp) -> dict[str, tuple[str, object] | None]:
    parsed = spacy_nlp(article_of(doc).text[:5000])
    first = {
        "who": next((e.text for e in parsed.ents if e.label_ in ("PERSON", "ORG")), None),
        "when": next((e.text for e in parsed.ents if e.label_ in ("DATE", "TIME")), None),
        "where": next((e.text for e in parsed.ents if e.label_ in ("GPE", "LOC")), None),
    }
    return {k: (v, None) if v else None for k, v in first.items()}


def correct(kind: str, answer: tuple[str, object], gold: dict) -> bool:
    annotated = gold["fiveWoneH"][kind]["annotated"]
    phrases = [a["text"] for a in annotated if a.get("text")]
    if matches(answer[0], phrases):
        return True
    if kind == "when" and answer[1] is not None:
        return any(str(answer[1]) == (a.get("parsed") or "")[:10] for a in annotated)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if not GOLD.exists():
        print(f"Giveme5W1H gold not found at {GOLD}: nothing to measure", file=sys.stderr)
        return 2
    spacy_nlp = nlp.spacy_pipeline("en")
    files = sorted(GOLD.glob("*.json"))[: args.limit or None]
    totals = {name: {k: [0, 0] for k in ("who", "when", "where")} for name in ("newsprism", "baseline")}
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        for name, answers in (
            ("newsprism", newsprism_answers(gold, spacy_nlp)),
            ("baseline", baseline_answers(gold, spacy_nlp)),
        ):
            for kind, answer in answers.items():
                has_gold = any(a.get("text") for a in gold["fiveWoneH"][kind]["annotated"])
                if answer is None or not has_gold:
                    continue
                totals[name][kind][0] += correct(kind, answer, gold)
                totals[name][kind][1] += 1
    print(f"Giveme5W1H gold, {len(files)} articles; precision = correct / answered (answered)")
    print(f"{'':10} {'who':>14} {'when':>14} {'where':>14} {'overall':>14}")
    for name, per in totals.items():
        cells = [f"{c / n:.2f} ({n})" if n else "-" for c, n in per.values()]
        c_all, n_all = sum(c for c, _ in per.values()), sum(n for _, n in per.values())
        print(
            f"{name:10} {cells[0]:>14} {cells[1]:>14} {cells[2]:>14} {c_all / max(1, n_all):>9.2f} ({n_all})"
        )
    print("reference: Giveme5W1H 0.82 on who/what/when/where (human judgement)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
