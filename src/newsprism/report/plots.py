"""Small inline SVG plots, drawn by hand so the report needs no plotting library and no network.

Every label goes through :func:`markupsafe.escape`: outlet names and titles are hostile input.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from markupsafe import Markup, escape

FONT = "font-family='system-ui, -apple-system, Segoe UI, Roboto, sans-serif' font-size='12'"
INK = "#1f2933"
MUTED = "#7b8794"
GRID = "#e4e7eb"
COLORS = {"agreement": "#2f855a", "conflict": "#c53030", "outlier": "#dd6b20", "quote_variant": "#6b46c1"}
ACCENT = "#2b6cb0"


def _label_width(labels: list[str]) -> int:
    return min(220, 16 + 7 * max((len(label) for label in labels), default=4))


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def coverage_svg(points: list[tuple[str, dt.date]], title: str = "Coverage over time per outlet") -> Markup:
    """Dots per (outlet, day), sized by the number of articles; ``points`` is (outlet, published day)."""
    if not points:
        return Markup("")
    counts = Counter(points)
    outlets = sorted({o for o, _ in points})
    days = sorted({d for _, d in points})
    first, last = days[0], days[-1]
    span = max(1, (last - first).days)
    left = _label_width([_short(o) for o in outlets])
    width, row, top = 760, 26, 8
    plot_w = width - left - 90  # room for the last date label
    height = top + row * len(outlets) + 40

    def x_of(day: dt.date) -> float:
        return left + 10 + plot_w * ((day - first).days / span if span else 0.5)

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{escape(title)}' {FONT}>",
        f"<title>{escape(title)}</title>",
    ]
    for i, outlet in enumerate(outlets):
        y = top + row * i + row / 2
        parts.append(f"<line x1='{left}' x2='{width - 20}' y1='{y}' y2='{y}' stroke='{GRID}'/>")
        parts.append(
            f"<text x='{left - 8}' y='{y + 4}' text-anchor='end' fill='{INK}'>{escape(_short(outlet))}</text>"
        )
    for (outlet, day), n in sorted(counts.items()):
        y = top + row * outlets.index(outlet) + row / 2
        radius = 4 + 2.5 * min(n, 6)
        parts.append(
            f"<circle cx='{x_of(day):.1f}' cy='{y}' r='{radius}' fill='{ACCENT}' fill-opacity='0.75'>"
            f"<title>{escape(outlet)}: {n} article(s) on {day.isoformat()}</title></circle>"
        )
    axis_y = top + row * len(outlets) + 14
    for day in _ticks(days):
        parts.append(
            f"<text x='{x_of(day):.1f}' y='{axis_y}' text-anchor='middle' fill='{MUTED}'>"
            f"{day:%d %b %Y}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _ticks(days: list[dt.date], most: int = 5) -> list[dt.date]:
    if len(days) <= most:
        return days
    step = (len(days) - 1) / (most - 1)
    return [days[round(i * step)] for i in range(most)]


def findings_svg(rows: list[tuple[str, dict[str, int]]], title: str = "Findings per outlet") -> Markup:
    """Horizontal stacked bars: per outlet, how many findings of each kind involve it."""
    rows = [(outlet, counts) for outlet, counts in rows if sum(counts.values())]
    if not rows:
        return Markup("")
    kinds = [k for k in COLORS if any(c.get(k) for _, c in rows)]
    most = max(sum(c.values()) for _, c in rows)
    left = _label_width([_short(o) for o, _ in rows])
    width, row, top = 760, 26, 34
    plot_w = width - left - 60
    height = top + row * len(rows) + 12
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{escape(title)}' {FONT}>",
        f"<title>{escape(title)}</title>",
    ]
    legend_x = left
    for kind in kinds:
        parts.append(f"<rect x='{legend_x}' y='6' width='12' height='12' rx='2' fill='{COLORS[kind]}'/>")
        parts.append(f"<text x='{legend_x + 17}' y='16' fill='{INK}'>{escape(kind.replace('_', ' '))}</text>")
        legend_x += 30 + 8 * len(kind)
    for i, (outlet, counts) in enumerate(rows):
        y = top + row * i
        parts.append(
            f"<text x='{left - 8}' y='{y + 15}' text-anchor='end' fill='{INK}'>"
            f"{escape(_short(outlet))}</text>"
        )
        x = float(left)
        for kind in kinds:
            n = counts.get(kind, 0)
            if not n:
                continue
            w = plot_w * n / most
            parts.append(
                f"<rect x='{x:.1f}' y='{y + 3}' width='{w:.1f}' height='{row - 8}' rx='2' "
                f"fill='{COLORS[kind]}'>"
                f"<title>{escape(outlet)}: {n} {escape(kind)}</title></rect>"
            )
            x += w
        parts.append(f"<text x='{x + 6:.1f}' y='{y + 15}' fill='{MUTED}'>{sum(counts.values())}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))
