"""Small inline SVG charts, written as strings: no chart library, no script, no inline style.

Every piece of text that ends up in the SVG (tooltips) goes through ``escape``; numbers are
formatted by this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape


def sparkline(counts: list[tuple[str, int]], width: int = 120, height: int = 24) -> Markup:
    """Articles per day as bars; each bar's tooltip says the day and the count."""
    if not counts:
        return Markup(
            '<svg class="spark" width="{0}" height="{1}" role="img" aria-label="no dated articles">'
            '<line x1="0" y1="{2}" x2="{0}" y2="{2}" class="spark-axis"/></svg>'
        ).format(width, height, height - 1)
    peak = max(n for _, n in counts) or 1
    step = width / len(counts)
    bar = min(max(step - 1, 1), 10)  # thin bars: one day of coverage must not read as a solid block
    parts = [
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(_coverage_label(counts))}">',
        f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" class="spark-axis"/>',
    ]
    for i, (day, n) in enumerate(counts):
        if not n:
            continue
        h = max(2.0, (height - 2) * n / peak)
        parts.append(
            f'<rect x="{i * step + (step - bar) / 2:.1f}" y="{height - 1 - h:.1f}" '
            f'width="{bar:.1f}" height="{h:.1f}" '
            f'class="spark-bar"><title>{escape(day)}: {n} article{"s" if n != 1 else ""}</title></rect>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _coverage_label(counts: list[tuple[str, int]]) -> str:
    total = sum(n for _, n in counts)
    return f"{total} articles from {counts[0][0]} to {counts[-1][0]}"


@dataclass
class PlotPoint:
    day: str  # YYYY-MM-DD
    label: str  # short marker text (a number matching the list below the plot)
    title: str  # tooltip
    size: int  # articles
    href: str | None = None
    mentioned: bool = False  # an earlier happening the articles refer to


def timeline_plot(points: list[PlotPoint], width: int = 880, height: int = 150) -> Markup:
    """Events on a time axis. Markers carry numbers, not titles, so labels never overlap: the
    list under the plot gives each number its title. Markers on the same day stack upwards."""
    dated = [p for p in points if _parse(p.day)]
    if not dated:
        return Markup('<p class="muted">No dated events to plot.</p>')
    days = [_parse(p.day) for p in dated]
    first, last = min(days), max(days)  # type: ignore[type-var]
    span = max((last - first).days, 1)  # type: ignore[operator]
    left, right, axis_y = 40, width - 40, height - 34
    parts = [
        f'<svg class="timeline-plot" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="timeline from {first} to {last}">',
        f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" class="axis"/>',
    ]
    for tick in _ticks(first, last):  # type: ignore[arg-type]
        x = left + (right - left) * (tick - first).days / span  # type: ignore[operator]
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" class="axis"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 20}" class="tick" text-anchor="middle">{tick.isoformat()}</text>'
        )
    placed: list[tuple[float, int]] = []
    peak = max(p.size for p in dated) or 1
    for point, day in zip(dated, days, strict=True):
        x = left + (right - left) * (day - first).days / span  # type: ignore[operator]
        level = _free_level(placed, x)
        placed.append((x, level))
        y = axis_y - 18 - level * 26
        r = 7 + 5 * (point.size / peak)
        marker = (
            f'<g class="marker{" mentioned" if point.mentioned else ""}"><title>{escape(point.title)}</title>'
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{y:.1f}" class="stem"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{escape(point.label)}</text></g>'
        )
        if point.href:
            marker = f'<a href="{escape(point.href)}">{marker}</a>'
        parts.append(marker)
    parts.append("</svg>")
    return Markup("".join(parts))


def _free_level(placed: list[tuple[float, int]], x: float, levels: int = 4, gap: float = 26.0) -> int:
    """The lowest row where a marker at ``x`` overlaps none already placed (wraps when all are full)."""
    for level in range(levels):
        if all(abs(x - other) >= gap for other, at in placed if at == level):
            return level
    return len(placed) % levels


def _parse(day: str) -> date | None:
    try:
        return date.fromisoformat(day[:10])
    except (ValueError, TypeError):
        return None


def _ticks(first: date, last: date, most: int = 6) -> list[date]:
    """Up to ``most`` evenly spaced dates, first and last included."""
    span = (last - first).days
    if span == 0:
        return [first]
    count = min(most, span + 1)
    return [date.fromordinal(first.toordinal() + round(span * i / (count - 1))) for i in range(count)]
