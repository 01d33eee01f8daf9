"""The analyst's report: one self-contained HTML file (inline CSS and SVG, no network) and Markdown.

``write_report(dossier, out_dir)`` renders, per storyline, its timeline; per event, the briefing with
numbered citations, the outlets, the findings with their evidence side by side; who said what (quotes
grouped by speaker); the opinion share per outlet; and two plots (coverage over time per outlet,
findings per outlet). Templates are Jinja2 with autoescaping on: article text is hostile input.
A PDF is not produced (no renderer ships with the core dependencies).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..model import Article, Dossier, Event, Evidence, TimelineEntry
from ..temporal import human_date, parse_anchor
from .plots import coverage_svg, findings_svg

OPINION_THRESHOLD = 0.5


@dataclass
class Citation:
    number: int
    outlet: str
    article: str
    title: str
    published: str
    text: str
    start: int
    end: int


@dataclass
class CitationIndex:
    """Numbers citations per event so the briefing can say [1], [2] and list them below."""

    dossier: Dossier
    items: list[Citation] = field(default_factory=list)
    _numbers: dict[tuple[str, int, int], int] = field(default_factory=dict)

    def number(self, evidence: Evidence) -> int:
        key = (evidence.article, evidence.start, evidence.end)
        if key not in self._numbers:
            article = _article(self.dossier, evidence.article)
            self._numbers[key] = len(self.items) + 1
            self.items.append(
                Citation(
                    len(self.items) + 1,
                    _outlet(article, evidence.article),
                    evidence.article,
                    (article.title if article else None) or evidence.article,
                    (article.published or "")[:10] if article else "",
                    evidence.text,
                    evidence.start,
                    evidence.end,
                )
            )
        return self._numbers[key]


def _article(dossier: Dossier, article_id: str) -> Article | None:
    try:
        return dossier.article(article_id)
    except KeyError:
        return None


def _outlet(article: Article | None, fallback: str) -> str:
    return (article.source if article else None) or fallback


def _entry_view(entry: TimelineEntry, dossier: Dossier, events: dict[str, Event]) -> dict[str, Any]:
    day = parse_anchor(entry.date)
    return {
        "date": human_date(day, entry.precision) if day else entry.date,
        "iso": entry.date,
        "precision": entry.precision,
        "summary": entry.summary,
        "mentioned": entry.mentioned,
        "event": events[entry.event].title if entry.event in events else None,
        "event_id": entry.event,
        "outlets": sorted({_outlet(_article(dossier, a), a) for a in entry.articles}),
        "spans": [
            {"outlet": _outlet(_article(dossier, s.article), s.article), "text": s.text}
            for s in entry.spans
            if s.ref == "date" or not entry.mentioned
        ][:4],
    }


def _storyline_views(dossier: Dossier) -> list[dict[str, Any]]:
    events = {e.id: e for e in dossier.events}
    groups: dict[str | None, list[TimelineEntry]] = defaultdict(list)
    for entry in dossier.timeline:
        groups[entry.storyline].append(entry)
    views = []
    for storyline in dossier.storylines:
        views.append(
            {
                "id": storyline.id,
                "title": storyline.title,
                "evidence": storyline.evidence,
                "events": [events[e].title for e in storyline.events if e in events],
                "timeline": [_entry_view(t, dossier, events) for t in groups.get(storyline.id, [])],
            }
        )
    loose = groups.get(None, [])
    if loose:
        views.append(
            {
                "id": "unlinked",
                "title": "Events in no storyline",
                "evidence": [],
                "events": [],
                "timeline": [_entry_view(t, dossier, events) for t in loose],
            }
        )
    return views


def _finding_view(finding: Any, dossier: Dossier) -> dict[str, Any]:
    return {
        "id": finding.id,
        "kind": finding.kind,
        "kind_label": finding.kind.replace("_", " "),
        "summary": finding.summary,
        "evidence": [
            {
                "outlet": _outlet(_article(dossier, e.article), e.article),
                "published": ((a.published or "")[:10] if (a := _article(dossier, e.article)) else ""),
                "text": e.text,
            }
            for e in finding.items
        ],
    }


def _event_views(dossier: Dossier) -> list[dict[str, Any]]:
    briefings = {b.event: b for b in dossier.briefings}
    dates = {t.event: t for t in dossier.timeline if t.event and not t.mentioned}
    views = []
    for event in dossier.events:
        index = CitationIndex(dossier)
        sentences = []
        if event.id in briefings:
            for sentence in briefings[event.id].sentences:
                numbers = sorted({index.number(c) for c in sentence.citations})
                sentences.append({"text": sentence.text, "citations": numbers})
        entry = dates.get(event.id)
        day = parse_anchor(entry.date) if entry else None
        outlets = event.outlets or sorted({_outlet(_article(dossier, a), a) for a in event.articles})
        views.append(
            {
                "id": event.id,
                "title": event.title,
                "date": human_date(day, entry.precision) if entry and day else (event.start or "")[:10],
                "outlets": outlets,
                "n_articles": len(event.articles),
                "entities": event.entities,
                "briefing": sentences,
                "citations": index.items,
                "findings": [_finding_view(f, dossier) for f in dossier.findings if f.event == event.id],
            }
        )
    return views


def _speaker_views(dossier: Dossier) -> list[dict[str, Any]]:
    by_speaker: dict[str, list[dict[str, str]]] = defaultdict(list)
    for quote in dossier.quotes:
        article = _article(dossier, quote.article)
        by_speaker[quote.speaker or "Unattributed"].append(
            {
                "text": quote.text,
                "kind": quote.kind,
                "outlet": _outlet(article, quote.article),
                "channel": quote.channel or "",
                "published": ((article.published or "")[:10] if article else ""),
            }
        )
    ordered = sorted(by_speaker.items(), key=lambda kv: (kv[0] == "Unattributed", -len(kv[1]), kv[0]))
    return [{"speaker": speaker, "quotes": quotes} for speaker, quotes in ordered]


def _opinion_views(dossier: Dossier) -> list[dict[str, Any]]:
    sentences: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    outlet_of = {a.id: _outlet(a, a.id) for a in dossier.articles}
    for article in dossier.articles:
        sentences[outlet_of[article.id]] += len(article.sentences)
        articles[outlet_of[article.id]] += 1
    for flag in dossier.opinion:
        if flag.score >= OPINION_THRESHOLD and flag.article in outlet_of:
            flagged[outlet_of[flag.article]] += 1
    views = []
    for outlet in sorted(articles):
        share = flagged[outlet] / sentences[outlet] if sentences[outlet] else 0.0
        views.append(
            {
                "outlet": outlet,
                "articles": articles[outlet],
                "sentences": sentences[outlet],
                "opinion": flagged[outlet],
                "share": share,
                "percent": f"{100 * share:.0f}%",
            }
        )
    return sorted(views, key=lambda v: -v["share"])


def _plots(dossier: Dossier) -> dict[str, Any]:
    points = []
    for article in dossier.articles:
        day = parse_anchor(article.published)
        if day:
            points.append((_outlet(article, article.id), day))
    per_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    outlet_of = {a.id: _outlet(a, a.id) for a in dossier.articles}
    for finding in dossier.findings:
        for outlet in {outlet_of.get(a, a) for a in (finding.articles or [e.article for e in finding.items])}:
            per_outlet[outlet][finding.kind] += 1
    rows = sorted(((o, dict(c)) for o, c in per_outlet.items()), key=lambda r: -sum(r[1].values()))
    return {"coverage": coverage_svg(points), "findings": findings_svg(rows)}


def build_view(dossier: Dossier, title: str = "newsprism dossier") -> dict[str, Any]:
    """Everything the templates show, as plain values (no records leak into the templates)."""
    days = sorted(d for a in dossier.articles if (d := parse_anchor(a.published)))
    outlets = sorted({_outlet(a, a.id) for a in dossier.articles})
    return {
        "title": title,
        "generated": dt.date.today().isoformat(),
        "n_articles": len(dossier.articles),
        "outlets": outlets,
        "period": f"{human_date(days[0], 'day')} – {human_date(days[-1], 'day')}" if days else "undated",
        "storylines": _storyline_views(dossier),
        "events": _event_views(dossier),
        "speakers": _speaker_views(dossier),
        "opinion": _opinion_views(dossier),
        "plots": _plots(dossier),
        "findings_total": Counter(f.kind for f in dossier.findings),
        "skipped": [{"origin": s.origin, "reason": s.reason} for s in dossier.skipped],
        "sources": [
            {
                "id": a.id,
                "outlet": _outlet(a, a.id),
                "title": a.title or "",
                "published": (a.published or "")[:10],
                "url": a.url or "",
            }
            for a in sorted(dossier.articles, key=lambda a: (a.published or "", a.id))
        ],
    }


def _md_escape(value: Any) -> str:
    """Text for Markdown: HTML-escaped (Markdown renderers pass raw HTML through) and inline-safe."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in ("\\", "`", "*", "_", "[", "]", "|"):
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("newsprism", "report/templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = _md_escape
    return env


def write_report(dossier: Dossier, out_dir: Path, title: str = "newsprism dossier") -> list[Path]:
    """Write ``report.html`` and ``report.md`` into ``out_dir``; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    view = build_view(dossier, title)
    html = _environment(autoescape=True).get_template("report.html.j2").render(**view)
    markdown = _environment(autoescape=False).get_template("report.md.j2").render(**view)
    html_path, md_path = out_dir / "report.html", out_dir / "report.md"
    html_path.write_text(html, encoding="utf-8")
    md_path.write_text(markdown, encoding="utf-8")
    return [html_path, md_path]
