"""Finds time expressions in news text and resolves them against the publication date.

Pure and self-contained: no models, no I/O. Two entry points:

* :func:`find_temporal_expressions` returns every time expression with its character span
  (``text[start:end] == expression.text``).
* :func:`resolve` turns one expression into a :class:`Resolution` given the article's publication
  date (the *anchor*) and, optionally, the sentence it stands in (used to tell past from future).

The rule throughout is *never a confident wrong day*: when the text does not pin a date down (a
weekday with no anchor, "this Friday" with no tense, a weekday in a sentence that mixes past and
future), the result stays unresolved (``date is None``) or carries a coarser precision with
``confident=False`` and the interval of what it could mean.

News conventions applied:

* a bare weekday ("on Wednesday", "said Monday") in a past-tense sentence is the most recent such
  day on or before the anchor; the anchor's own weekday is the anchor itself;
* a weekday in a future-tense sentence is the next such day after the anchor;
* with no context sentence at all, reporting is assumed to be past tense (the news default);
* "last Friday" is the most recent Friday strictly before the anchor, "next Monday" the first one after;
* a hedged span ("nearly three years ago") becomes an interval; it is confident only at the
  precision where both ends of the interval agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

Precision = Literal["day", "week", "month", "year"]
Tense = Literal["past", "future", "mixed", "unknown"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "a couple of": 2, "a few": 3, "several": 4, "a half": 0.5,
}  # fmt: skip
# Vague quantities ("a few years ago") are never confident, whatever the arithmetic says.
VAGUE_NUMBERS = {"a few", "several", "a couple of"}

# Hedge words -> the interval of the true amount, as multiples of the stated amount (older, newer).
HEDGES: dict[str, tuple[float, float]] = {
    "nearly": (1.0, 0.92), "almost": (1.0, 0.92), "just under": (1.0, 0.92), "less than": (1.0, 0.5),
    "under": (1.0, 0.5), "about": (1.1, 0.9), "around": (1.1, 0.9), "roughly": (1.1, 0.9),
    "some": (1.1, 0.9), "approximately": (1.1, 0.9), "more than": (1.3, 1.0), "over": (1.3, 1.0),
    "just over": (1.15, 1.0), "at least": (1.3, 1.0),
}  # fmt: skip

_WD = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_NUM = (
    r"(?P<num>\d+(?:\.\d+)?|a couple of|a few|several|a half|an?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
)
_HEDGE = (
    r"(?:(?P<hedge>nearly|almost|just under|less than|under|about|around|roughly|some|approximately"
    r"|more than|just over|over|at least)\s+)?"
)
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"

# (kind, pattern); earlier patterns win ties of equal length. Case-insensitive except where month
# names must be capitalised ("may" the verb, "march" the verb).
_PATTERNS: list[tuple[str, str, int]] = [
    ("iso", r"\b(?P<year>\d{4})-(?P<m>\d\d)-(?P<day>\d\d)\b", 0),
    ("numeric", r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})\b", 0),
    ("month_day", r"(?:\bon\s+)?\b" + _MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?(?![\d:])", 0),
    ("day_month", r"(?:\bon\s+)?\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b", 0),
    (
        "month_year",
        r"(?:\b(?:in|since|by|until|from|during|(?i:early|mid|late)-?)\s*)?\b"
        + _MONTH
        + r",?\s+"
        + _YEAR
        + r"\b",
        0,
    ),
    (
        "month",
        r"\b(?P<prep>in|since|by|until|from|during|(?i:early|mid|late)-?|(?i:last|next|this))\s*"
        + r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
        + r"\b(?!\s+\d)",
        0,
    ),
    ("ago", r"\b" + _HEDGE + _NUM + r"\s+" + _UNIT + r"\s+ago\b", re.I),
    ("in_future", r"\b(?:with)?in\s+" + _HEDGE + _NUM + r"\s+" + _UNIT + r"(?!\s+(?:ago|of|old))\b", re.I),
    (
        "weekday",
        r"(?:\b(?P<mod>on|last|next|this|this coming|this past|coming|past|on the)\s+)?\b"
        + _WD
        + r"(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?\b",
        0,
    ),
    ("weekday", r"(?:\b(?P<mod>(?i:on|last|next|this|this coming|this past|coming|past))\s+)\b" + _WD, 0),
    (
        "period",
        r"\b(?P<rel>earlier this|later this|last|next|this|this past|early this|late last|earlier last)\s+"
        r"(?P<period>week|weekend|month|year)\b",
        re.I,
    ),
    ("period", r"\b(?P<rel>over the)\s+(?P<period>weekend)\b", re.I),
    (
        "day_word",
        r"\b(?P<word>the day before yesterday|yesterday|today|tonight|tomorrow|last night|this morning"
        r"|this afternoon|this evening|earlier today|later today|earlier in the day|earlier on the day)\b",
        re.I,
    ),
    (
        "year",
        r"(?:\b(?:in|since|by|until|from|during|before|after|of)\s+)?(?<![$€£\d.,])\b"
        + _YEAR
        + r"\b(?![\d%]|,\d|\.\d)",
        0,
    ),
]
_COMPILED = [(kind, re.compile(pattern, flags)) for kind, pattern, flags in _PATTERNS]

_FUTURE_CUES = re.compile(
    r"\b(will|won't|'ll|shall|is set to|are set to|set to|scheduled|plans? to|planning to|is expected to|"
    r"are expected to|expected to|going to|upcoming|to be held|is due to|are due to|intends? to|would|"
    r"could|might|next|coming|ahead of|to meet|to visit|to travel|to hold)\b",
    re.I,
)
_PAST_CUES = re.compile(
    r"\b(said|says|told|met|spoke|was|were|had|did|took|held|began|came|went|made|gave|left|won|lost|"
    r"wrote|ended|announced|called|confirmed|reported|added|stated|agreed|signed|visited|launched|"
    r"killed|died|struck|hit|fell|rose|sent|arrived|returned|follows|followed|following|occurred|happened|"
    r"after|since|recent|recently|earlier|ago|\w+ed)\b",
    re.I,
)
_NOT_PAST = re.compile(r"^(scheduled|expected|planned|based|needed|related|united|alleged|red)$", re.I)


@dataclass(frozen=True)
class TemporalExpression:
    """A time expression found in a text; ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str
    kind: str  # "weekday", "month_day", "ago", "period", "year"… (the pattern that matched)


@dataclass(frozen=True)
class Resolution:
    """What an expression means on the calendar.

    ``date`` is the start of the period at ``precision`` (the Monday of a week, the 1st of a month,
    1 January of a year) or None when the text does not allow a date. ``interval`` is the earliest and
    latest day it can mean. ``confident`` says the date is right at ``precision``.
    """

    date: dt.date | None
    precision: Precision
    confident: bool
    interval: tuple[dt.date, dt.date] | None = None
    direction: Literal["past", "future", "present", "absolute"] | None = None
    reason: str = ""

    @property
    def resolved(self) -> bool:
        return self.date is not None and self.confident

    def iso(self) -> str | None:
        """The date as ISO at its precision: 2025-02-12, 2025-W07, 2025-02, 2025."""
        if self.date is None:
            return None
        return format_at_precision(self.date, self.precision)


def format_at_precision(day: dt.date, precision: Precision) -> str:
    if precision == "day":
        return day.isoformat()
    if precision == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def human_date(day: dt.date, precision: Precision) -> str:
    """A date as an analyst reads it: "12 Feb 2025", "week of 10 Feb 2025", "Feb 2025", "2022"."""
    if precision == "day":
        return f"{day.day} {day:%b %Y}"
    if precision == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return f"week of {monday.day} {monday:%b %Y}"
    if precision == "month":
        return f"{day:%b %Y}"
    return f"{day.year}"


# --------------------------------------------------------------------------- finding


def find_temporal_expressions(text: str) -> list[TemporalExpression]:
    """Every time expression in ``text``, in order, longest match winning overlaps."""
    candidates: list[tuple[int, int, int, str]] = []
    for order, (kind, pattern) in enumerate(_COMPILED):
        for match in pattern.finditer(text):
            if match.end() > match.start() and _plausible(kind, match):
                candidates.append((match.start(), match.end(), order, kind))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, _, kind in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, kind))
    taken.sort()
    return [TemporalExpression(start, end, text[start:end], kind) for start, end, kind in taken]


def _plausible(kind: str, match: re.Match[str]) -> bool:
    groups = match.groupdict()
    if groups.get("day") and not 1 <= int(groups["day"]) <= 31:
        return False
    if kind == "iso" and not 1 <= int(groups["m"]) <= 12:
        return False
    if kind == "in_future":
        # "in Monday" is not a thing; but "in a statement" must not match: a number is required.
        return groups.get("num") is not None
    return True


def find_with_context(text: str) -> list[tuple[TemporalExpression, str]]:
    """Each expression with the sentence it stands in (for :func:`resolve`'s ``context``)."""
    found = []
    for expr in find_temporal_expressions(text):
        found.append((expr, sentence_around(text, expr.start, expr.end)))
    return found


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (roughly: between terminal punctuation or line breaks) containing a span."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "? ", "! ", "\n"))
    right_candidates = [i for i in (text.find(mark, end) for mark in (". ", "? ", "! ", "\n")) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right + 1].strip()


# --------------------------------------------------------------------------- resolving


def resolve(
    expression: str,
    anchor: dt.date | None,
    context: str | None = None,
    tense_hint: Tense | None = None,
) -> Resolution:
    """Resolve one expression against ``anchor`` (the publication date).

    ``context`` is the sentence the expression stands in; it decides past vs future for weekdays and
    month names. ``tense_hint`` overrides what the context says.
    """
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    parsed = _parse(expression)
    if parsed is None:
        return Resolution(None, "day", False, reason="not a time expression")
    kind, groups = parsed
    tense = tense_hint or (detect_tense(context, expression) if context else None)
    if kind == "in_future" and context and _is_duration(context, expression):
        tense = "duration"  # type: ignore[assignment]
    resolver = _RESOLVERS[kind]
    return resolver(groups, anchor, tense)


def _parse(expression: str) -> tuple[str, dict[str, str | None]] | None:
    stripped = expression.strip()
    best: tuple[str, dict[str, str | None]] | None = None
    best_len = 0
    for kind, pattern in _COMPILED:
        match = pattern.search(stripped)
        if match and _plausible(kind, match) and match.end() - match.start() > best_len:
            best, best_len = (kind, match.groupdict()), match.end() - match.start()
    return best


def detect_tense(context: str, expression: str | None = None) -> Tense:
    """Past or future, judged from the tense cue nearest to the expression in its sentence."""
    position = context.find(expression) if expression else -1
    if position < 0:
        position, length = 0, len(context)
        span = (0, len(context))
    else:
        length = len(expression or "")
        span = (position, position + length)
    future = [m for m in _FUTURE_CUES.finditer(context) if not _inside(m, span)]
    # "will be held": a participle after "be" is not a past tense
    future += [m for m in _PAST_CUES.finditer(context) if re.search(r"\bbe\s+$", context[: m.start()])]
    past = [
        m for m in _PAST_CUES.finditer(context)
        if not _inside(m, span) and not _NOT_PAST.match(m.group(0))
        and not any(f.start() <= m.start() < f.end() for f in future)
    ]  # fmt: skip
    if not future and not past:
        return "unknown"
    if not future:
        return "past"
    if not past:
        return "future"
    near_future = min(_distance(m, span) for m in future)
    near_past = min(_distance(m, span) for m in past)
    if min(near_future, near_past) <= 1 < max(near_future, near_past):
        # "said Monday he would…": a cue right next to the expression governs it
        return "future" if near_future < near_past else "past"
    if abs(near_future - near_past) < 8:
        return "mixed"
    return "future" if near_future < near_past else "past"


_SUPERLATIVE_BEFORE = re.compile(
    r"\b(first|last|biggest|largest|highest|lowest|worst|best|most|least|only|time)\b", re.I
)


def _is_duration(context: str, expression: str) -> bool:
    """ "the first talks in three years": the amount measures a gap, it does not point ahead."""
    position = context.find(expression)
    before = context[:position] if position >= 0 else context
    return bool(_SUPERLATIVE_BEFORE.search(before[-120:]))


def _inside(match: re.Match[str], span: tuple[int, int]) -> bool:
    return span[0] <= match.start() < span[1]


def _distance(match: re.Match[str], span: tuple[int, int]) -> int:
    if match.end() <= span[0]:
        return span[0] - match.end()
    return max(0, match.start() - span[1])


def _day(day: dt.date, direction: str, reason: str = "") -> Resolution:
    return Resolution(day, "day", True, (day, day), direction, reason)  # type: ignore[arg-type]


def _unresolved(
    precision: Precision, reason: str, interval: tuple[dt.date, dt.date] | None = None
) -> Resolution:
    return Resolution(None, precision, False, interval, None, reason)


def _month_number(name: str | None) -> int:
    return MONTHS[(name or "").lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _resolve_iso(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    day = _safe_date(int(groups["year"]), int(groups["m"]), int(groups["day"]))
    return _day(day, "absolute") if day else _unresolved("day", "not a calendar date")


def _resolve_numeric(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    a, b, year = int(groups["a"]), int(groups["b"]), int(groups["year"])
    if a <= 12 and b <= 12 and a != b:
        # 02/03/2025 is 3 Feb in the US and 2 Mar in Europe: only the month range is certain.
        return _unresolved("day", "day/month order ambiguous")
    month, day_number = (a, b) if b > 12 else (b, a)
    day = _safe_date(year, month, day_number)
    return _day(day, "absolute") if day else _unresolved("day", "not a calendar date")


def _resolve_month_day(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    month, day_number = _month_number(groups["month"]), int(groups["day"])
    if groups.get("year"):
        day = _safe_date(int(groups["year"]), month, day_number)
        return _day(day, "absolute") if day else _unresolved("day", "not a calendar date")
    if anchor is None:
        return _unresolved("day", "no year and no publication date")
    options = [
        d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day_number))
    ]
    if not options:
        return _unresolved("day", "not a calendar date")
    if tense == "past":
        past = [d for d in options if d <= anchor]
        options = past or options
    elif tense == "future":
        future = [d for d in options if d >= anchor]
        options = future or options
    nearest = min(options, key=lambda d: abs((d - anchor).days))
    if abs((nearest - anchor).days) > 183:
        return _unresolved("day", "year of a day-month without year is unclear")
    return _day(nearest, "absolute", "year taken from the publication date")


def _resolve_month_year(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    month, year = _month_number(groups["month"]), int(groups["year"])
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return Resolution(first, "month", True, (first, last), "absolute")


def _resolve_month(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    month = _month_number(groups["month"])
    prep = (groups.get("prep") or "").lower().rstrip("-")
    if anchor is None:
        return _unresolved("month", "month without year and no publication date")
    if prep in ("by", "until"):
        # a deadline: writers name the year when it is not the current one
        year = anchor.year
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return Resolution(first, "month", True, (first, last), "future" if month > anchor.month else "past")
    if prep != "last" and tense == "past" and month > anchor.month:
        # "in April" in a March article with a past verb nearby: last April, or a plan for next month?
        return _unresolved("month", "month after publication in a past-tense sentence")
    if prep == "last" or tense == "past" or (tense is None and prep not in ("next", "this")):
        year = anchor.year if month <= anchor.month else anchor.year - 1
        if prep == "last" and month == anchor.month:
            year -= 1
        direction = "past"
    elif prep == "next" or tense == "future":
        year = anchor.year if month >= anchor.month else anchor.year + 1
        if prep == "next" and month == anchor.month:
            year += 1
        direction = "future"
    elif month == anchor.month:
        year, direction = anchor.year, "present"
    else:
        return _unresolved("month", "month name with no tense: could be last or next")
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return Resolution(first, "month", True, (first, last), direction)  # type: ignore[arg-type]


def _resolve_year(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    year = int(groups["year"])
    return Resolution(
        dt.date(year, 1, 1), "year", True, (dt.date(year, 1, 1), dt.date(year, 12, 31)), "absolute"
    )


def _resolve_weekday(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    weekday = WEEKDAYS.index(groups["weekday"].lower())
    mod = (groups.get("mod") or "").lower()
    if anchor is None:
        return _unresolved("day", "weekday with no publication date")
    back = (anchor.weekday() - weekday) % 7  # days back to the most recent such day, 0 = anchor
    forward = (weekday - anchor.weekday()) % 7
    week_around = (anchor - dt.timedelta(days=6), anchor + dt.timedelta(days=6))
    if mod in ("last", "this past", "past"):
        back = back or 7
        if back == 1:  # "last Friday" said on a Saturday: yesterday, or the week before?
            return _unresolved("week", "'last' + yesterday's weekday is ambiguous", week_around)
        return _day(anchor - dt.timedelta(days=back), "past")
    if mod in ("next", "this coming", "coming"):
        forward = forward or 7
        if forward <= 2:  # "next Monday" said on a Saturday: in two days, or nine?
            return _unresolved("week", "'next' + a weekday this close is ambiguous", week_around)
        return _day(anchor + dt.timedelta(days=forward), "future")
    if mod == "this" and tense in (None, "unknown", "mixed"):
        if back == 0:
            return _day(anchor, "present")
        return _unresolved("week", "'this' + weekday with no tense", week_around)
    effective = tense or "past"  # no context at all: reporting is past tense by convention
    if effective == "future":
        if forward == 0:
            return _unresolved("week", "future weekday equal to the publication weekday", week_around)
        return _day(anchor + dt.timedelta(days=forward), "future")
    if back == 0 and effective != "mixed":
        return _day(anchor, "present")
    if effective == "past":
        return _day(anchor - dt.timedelta(days=back), "past")
    return _unresolved("week", f"weekday in a sentence of {effective} tense", week_around)


def _resolve_period(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    rel, period = groups["rel"].lower(), groups["period"].lower()
    if anchor is None:
        return _unresolved("week" if period.startswith("week") else period, "no publication date")  # type: ignore[arg-type]
    offset = -1 if rel in ("last", "late last", "earlier last", "this past") else 1 if rel == "next" else 0
    direction = "past" if offset < 0 or rel.startswith("earlier") else "future" if offset > 0 else "present"
    if period == "weekend":
        saturday = _weekend(anchor, rel, tense)
        if saturday is None:
            return _unresolved("week", "which weekend is unclear")
        return Resolution(saturday, "day", False, (saturday, saturday + dt.timedelta(days=1)), "past",
                          "a weekend: Saturday or Sunday")  # fmt: skip
    if period == "week":
        if rel == "this past":
            first, last = anchor - dt.timedelta(days=7), anchor
            return Resolution(None, "week", False, (first, last), "past", "the seven days before")
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=offset)
        last = monday + dt.timedelta(days=6)
        if rel.startswith("earlier"):
            last = min(last, anchor)
        return Resolution(monday, "week", True, (monday, last), direction)  # type: ignore[arg-type]
    if period == "month":
        first = add_months(anchor.replace(day=1), offset)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        if rel.startswith("earlier") and offset == 0:
            last = anchor
        return Resolution(first, "month", True, (first, last), direction)  # type: ignore[arg-type]
    first = dt.date(anchor.year + offset, 1, 1)
    last = dt.date(anchor.year + offset, 12, 31)
    return Resolution(first, "year", True, (first, last), direction)  # type: ignore[arg-type]


def _weekend(anchor: dt.date, rel: str, tense: Tense | None) -> dt.date | None:
    last_saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    if rel in ("last", "over the", "this past"):
        if rel == "over the" and tense == "future":
            return last_saturday + dt.timedelta(days=7) if anchor.weekday() < 5 else None
        return (
            last_saturday
            if anchor.weekday() not in (5, 6) or rel != "last"
            else last_saturday - dt.timedelta(7)
        )
    if rel == "next":
        return last_saturday + dt.timedelta(days=7)
    if rel == "this":
        return last_saturday if anchor.weekday() in (5, 6) else last_saturday + dt.timedelta(days=7)
    return None


def _resolve_day_word(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    word = groups["word"].lower()
    if anchor is None:
        return _unresolved("day", "no publication date")
    offsets = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1}
    offset = offsets.get(word, 0)
    direction = "past" if offset < 0 else "future" if offset > 0 else "present"
    return _day(anchor + dt.timedelta(days=offset), direction)


def _amount(groups: dict) -> tuple[float, bool]:
    raw = (groups.get("num") or "").lower()
    if raw in NUMBER_WORDS:
        return float(NUMBER_WORDS[raw]), raw in VAGUE_NUMBERS
    return float(raw), False


def _shift(anchor: dt.date, amount: float, unit: str) -> dt.date:
    """``anchor`` moved by ``amount`` units (negative = into the past), calendar-aware for whole units."""
    if unit == "decade":
        amount, unit = amount * 10, "year"
    if unit == "day":
        return anchor + dt.timedelta(days=round(amount))
    if unit == "week":
        return anchor + dt.timedelta(days=round(amount * 7))
    months = amount * (12 if unit == "year" else 1)
    if months == int(months):
        return add_months(anchor, int(months))
    return anchor + dt.timedelta(days=round(months * 30.4375))


def _unit_precision(unit: str) -> Precision:
    return {"day": "day", "week": "week", "month": "month"}.get(unit, "year")  # type: ignore[return-value]


def _resolve_relative_amount(groups: dict, anchor: dt.date | None, sign: int) -> Resolution:
    unit = groups["unit"].lower()
    precision = _unit_precision(unit)
    if anchor is None:
        return _unresolved(precision, "no publication date")
    amount, vague = _amount(groups)
    hedge = (groups.get("hedge") or "").lower()
    far, near = HEDGES.get(hedge, (1.0, 1.0))
    if vague:
        far, near = 5 / 3 if amount == 3 else 1.5, 2 / 3
    ends = sorted((_shift(anchor, sign * amount * far, unit), _shift(anchor, sign * amount * near, unit)))
    earliest, latest = ends[0], ends[1]
    if (far, near) == (1.0, 1.0) and unit in ("year", "decade"):
        # "two years ago" in news names the calendar year, not an exact day.
        earliest, latest = dt.date(earliest.year, 1, 1), dt.date(earliest.year, 12, 31)
    confident = not vague and _same_period(earliest, latest, precision)
    midpoint = earliest + (latest - earliest) / 2
    direction = "past" if sign < 0 else "future"
    reason = f"{hedge or 'exact'} {amount:g} {unit}(s) {'before' if sign < 0 else 'after'} publication"
    return Resolution(
        period_start(midpoint, precision), precision, confident, (earliest, latest), direction, reason
    )  # type: ignore[arg-type]


def _same_period(a: dt.date, b: dt.date, precision: Precision) -> bool:
    return format_at_precision(a, precision) == format_at_precision(b, precision)


def period_start(day: dt.date, precision: Precision) -> dt.date:
    if precision == "week":
        return day - dt.timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _resolve_ago(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    return _resolve_relative_amount(groups, anchor, -1)


def _resolve_in_future(groups: dict, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    if tense == "duration":
        # "the first talks in three years" is a span of time, not a date three years ahead.
        unit = groups["unit"].lower()
        return _unresolved(_unit_precision(unit), "a duration ('first … in N years'), not a date")
    return _resolve_relative_amount(groups, anchor, 1)


_RESOLVERS = {
    "iso": _resolve_iso,
    "numeric": _resolve_numeric,
    "month_day": _resolve_month_day,
    "day_month": _resolve_month_day,
    "month_year": _resolve_month_year,
    "month": _resolve_month,
    "year": _resolve_year,
    "weekday": _resolve_weekday,
    "period": _resolve_period,
    "day_word": _resolve_day_word,
    "ago": _resolve_ago,
    "in_future": _resolve_in_future,
}


def resolve_in_text(text: str, anchor: dt.date | None) -> list[tuple[TemporalExpression, Resolution]]:
    """Find and resolve every expression of ``text``, each judged in its own sentence."""
    return [
        (expr, resolve(expr.text, anchor, context=sentence)) for expr, sentence in find_with_context(text)
    ]


# Publication dates found this way are lower bounds (the latest date the article mentions), not the day
# it was written: "on Wednesday" must not be resolved against them.
UNANCHORED_HOW = ("caption", "text")


def article_anchor(article: Any) -> dt.date | None:
    """The date an article's relative expressions count from, or None when its date is only a bound."""
    if getattr(article, "published_how", None) in UNANCHORED_HOW:
        return None
    return parse_anchor(getattr(article, "published", None))


def parse_anchor(published: str | None) -> dt.date | None:
    """An article's ``published`` (ISO date or datetime) as a date, or None."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
