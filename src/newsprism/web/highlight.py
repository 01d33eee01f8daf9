"""An article's text as HTML with its quotes, claims, entities and opinion sentences marked.

The text is hostile input. It is cut at every annotation boundary and each piece is escaped on
its own; the only markup in the result is what this module writes around the escaped pieces,
with attribute values that are escaped too. Nothing from the article is ever parsed as HTML.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from urllib.parse import quote as url_quote

from markupsafe import Markup, escape

from ..model import Article, Claim, Mention, OpinionFlag, Quote

# Classes in the order they nest visually (outermost first); CSS gives each its own look.
KIND_CLASSES = {
    "opinion": "hl-opinion",
    "claim": "hl-claim",
    "quote": "hl-quote",
    "mention": "hl-ent",
    "cited": "hl-cited",
    "evidence": "hl-ev",
}


@dataclass
class Annotation:
    start: int
    end: int
    kind: str  # a KIND_CLASSES key
    title: str = ""
    href: str | None = None  # only ever a URL this app builds


@dataclass
class Highlighted:
    html: Markup
    anchors: set[tuple[int, int]] = field(default_factory=set)


def path_part(value: str) -> str:
    """An id as one URL path segment: every reserved character percent-encoded."""
    return url_quote(value, safe="")


def article_annotations(
    article: Article,
    quotes: list[Quote],
    claims: list[Claim],
    mentions: list[Mention],
    opinion: list[OpinionFlag],
) -> list[Annotation]:
    notes = [
        Annotation(o.start, o.end, "opinion", f"opinion ({o.score:.0%}): {', '.join(o.reasons)}")
        for o in opinion
    ]
    notes += [Annotation(c.start, c.end, "claim", _claim_title(c)) for c in claims]
    notes += [Annotation(q.start, q.end, "quote", f"quote: {q.speaker or 'unattributed'}") for q in quotes]
    for m in mentions:
        href = f"/entity/{path_part(m.entity)}" if m.entity else None
        notes.append(Annotation(m.start, m.end, "mention", f"{m.kind}: {m.text}", href))
    return [n for n in notes if 0 <= n.start < n.end <= len(article.text)]


def _claim_title(claim: Claim) -> str:
    value = f"{claim.qualifier + ' ' if claim.qualifier else ''}{claim.value}"
    unit = f" {claim.unit}" if claim.unit else ""
    subject = f" ({claim.subject})" if claim.subject else ""
    return f"claim · {claim.attribute}: {value}{unit}{subject}"


def highlight(
    text: str,
    annotations: list[Annotation],
    anchors: set[tuple[int, int]],
    cited: tuple[int, int] | None = None,
) -> Highlighted:
    """``text`` as escaped HTML, each annotated piece wrapped, an ``id="span-S-E"`` at each anchor.

    ``anchors`` are spans other pages link to (``#span-S-E``); ``cited`` is the span the request
    asked to show, highlighted by the server so it works without JavaScript.
    """
    notes = list(annotations)
    valid_anchors = {(s, e) for s, e in anchors if 0 <= s < e <= len(text)}
    notes += [Annotation(s, e, "evidence") for s, e in valid_anchors]
    if cited and 0 <= cited[0] < cited[1] <= len(text):
        notes.append(Annotation(cited[0], cited[1], "cited"))
        valid_anchors.add(cited)
    bounds = sorted({0, len(text), *(n.start for n in notes), *(n.end for n in notes)})
    anchor_starts: dict[int, list[tuple[int, int]]] = {}
    for span in sorted(valid_anchors):
        anchor_starts.setdefault(span[0], []).append(span)
    by_start = sorted(notes, key=lambda n: n.start)
    active: list[Annotation] = []
    pending = 0
    parts: list[str] = []
    for left, right in itertools.pairwise(bounds):
        while pending < len(by_start) and by_start[pending].start <= left:
            active.append(by_start[pending])
            pending += 1
        active = [n for n in active if n.end > left]
        for start, end in anchor_starts.get(left, []):
            parts.append(f'<a class="anchor" id="span-{start}-{end}"></a>')
        parts.append(_segment(text[left:right], left, right, [n for n in active if n.start <= left]))
    return Highlighted(Markup("".join(parts)), valid_anchors)


def _segment(piece: str, start: int, end: int, active: list[Annotation]) -> str:
    escaped = str(escape(piece))
    if not active:
        return escaped
    kinds = {n.kind for n in active}
    classes = " ".join(cls for kind, cls in KIND_CLASSES.items() if kind in kinds)
    titles = " · ".join(dict.fromkeys(n.title for n in active if n.title))
    title = f' title="{escape(titles)}"' if titles else ""
    inner = f'<span class="{classes}" data-s="{start}" data-e="{end}"{title}>{escaped}</span>'
    link = next((n.href for n in active if n.href), None)
    return f'<a class="ent-link" href="{escape(link)}">{inner}</a>' if link else inner
