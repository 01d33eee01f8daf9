"""Publication date inference, most trustworthy source first, never a silent guess.

1. the input's own metadata (``RawDocument.published``, or the HTML page's metadata): confidence 1.0
   (0.9 for page metadata, which is sometimes a modification date);
2. a dateline at the start of the body ("WASHINGTON, Feb. 12, 2025 (Reuters) -"): 0.9, or 0.6 when the
   dateline has no year and the year is borrowed from a full date elsewhere in the article; then a
   printed "Posted: Tuesday, Jan. 28, 2014" line (also reported as ``"dateline"``): 0.8;
3. the latest full date in a photo caption (0.5) or in the text (0.3): a lower bound, since the article
   cannot predate what it reports;
4. otherwise no date (confidence 0).

Dates are stored as ISO ``YYYY-MM-DD``, or as an ISO datetime when the input gave a time.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..config import Config
from ..model import RemovedLine

DEFAULT_LANGUAGES = Config().languages

_MONTH_NUMBERS = {
    # English
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # French, Italian, German, Spanish (full names: abbreviations there are ambiguous)
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "agosto": 8, "settembre": 9, "ottobre": 10, "dicembre": 12,
    "januar": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "enero": 1, "febrero": 2, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "septiembre": 9,
    "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_MONTH = rf"(?P<month>(?i:{_MONTH_NAMES}))\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|º)?\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# "Feb. 11, 2025" / "11 February 2025" / "11. Februar 2025" / "2025-02-11"
_FULL_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
# A dateline opens the body: optional PLACE, then the date, then an optional (Agency), then a dash.
_PLACE = r"(?:[A-ZÀ-Þ][\w.'’ -]{1,40}(?:,\s*[A-ZÀ-Þ][\w.'’ -]{1,30})?,\s*)?"
_AGENCY_AND_DASH = r"\s*(?:\([^)]{1,30}\))?\s*(?:[-—–:]|$)"
_DATELINES = (
    re.compile(rf"^\s*{_PLACE}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?{_AGENCY_AND_DASH}"),
    re.compile(rf"^\s*{_PLACE}{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?{_AGENCY_AND_DASH}"),
)
_YEAR_ONLY = re.compile(r"(?:19|20)\d{2}")
# "17/04/2024" or "17.04.2024": read only when one part cannot be a month (never guess 04/05/2024)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b")
# removed lines that print the publication date: "By Martin Quayle | 4 March 2024", "17/04/2024"
_DATE_LINE_REASONS = ("byline", "timestamp", "dateline")
# "11 de septiembre de 2025" is the longest written-out date before its year; "2025-02-11" runs on after.
_WINDOW_BEFORE_YEAR = 30
_WINDOW_AFTER_YEAR = 6
_POSTED = re.compile(r"\b(?:posted|published|publié|pubblicato|veröffentlicht|publicado)\b", re.IGNORECASE)
_POSTED_WINDOW = 50
_TIME_GIVEN = re.compile(r"\d{1,2}:\d{2}")
_DATEPARSER_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    # no "relative-time" parser: "yesterday" must not resolve against today's date
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}


@dataclass
class PublicationDate:
    value: str | None = None
    how: str | None = None  # "metadata" | "dateline" | "caption" | "text" | None
    confidence: float = 0.0


def infer_publication_date(
    published: str | None,
    text: str,
    removed: Iterable[RemovedLine] = (),
    page_date: str | None = None,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
) -> PublicationDate:
    """The article's publication date and how it was found (see the module docstring)."""
    removed = list(removed)
    if published and (value := parse_published(published, languages)):
        return PublicationDate(value, "metadata", 1.0)
    if page_date and (value := parse_published(page_date)):
        return PublicationDate(value, "metadata", 0.9)
    captions = [line.text for line in removed if line.reason == "caption"]
    datelines = [line.text for line in removed if line.reason == "dateline"] + [text[:300]]
    for candidate in datelines:
        if found := dateline_date(candidate, lambda: latest_full_date([text, *captions])):
            return found
    if found := posted_date([line.text for line in removed] + [text[:300]]):
        return found
    if found := byline_date(line.text for line in removed if line.reason in _DATE_LINE_REASONS):
        return found
    if latest := latest_full_date(captions):
        return PublicationDate(latest.isoformat(), "caption", 0.5)
    if latest := latest_full_date([text]):
        return PublicationDate(latest.isoformat(), "text", 0.3)
    return PublicationDate()


def parse_published(value: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
    """A date/datetime given by the input as ISO text; None when it cannot be read as a full date."""
    value = value.strip()
    if not value:
        return None
    parsed = _parse_iso(value) or _parse_rfc2822(value) or _parse_with_dateparser(value, languages)
    if parsed is None:
        return None
    if isinstance(parsed, dt.datetime) and not _TIME_GIVEN.search(value):
        parsed = parsed.date()
    return parsed.isoformat()


def _parse_iso(value: str) -> dt.date | dt.datetime | None:
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _parse_rfc2822(value: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _parse_with_dateparser(value: str, languages: tuple[str, ...]) -> dt.datetime | None:
    import dateparser

    # naming the languages spares dateparser from trying all of its ~200 locales
    return dateparser.parse(value, languages=list(languages), settings=_DATEPARSER_SETTINGS)


def full_dates(text: str) -> list[dt.date]:
    """Every day-month-year date written out in ``text`` ("Feb. 11, 2025", "2025-02-11")."""
    dates = []
    for window in _windows_around_years(text):
        for pattern in _FULL_DATE_PATTERNS:
            for match in pattern.finditer(window):
                if found := _date_from_match(match):
                    dates.append(found)
    return dates


def _windows_around_years(text: str) -> list[str]:
    """Short stretches of ``text`` ending at each year: scanning only those keeps this fast."""
    windows: list[str] = []
    last_end = 0
    for match in _YEAR_ONLY.finditer(text):
        start = max(last_end, match.start() - _WINDOW_BEFORE_YEAR)
        windows.append(text[start : match.end() + _WINDOW_AFTER_YEAR])
        last_end = match.end()
    return windows


def latest_full_date(texts: Iterable[str]) -> dt.date | None:
    dates = [d for text in texts for d in full_dates(text)]
    return max(dates) if dates else None


def dateline_date(text: str, year_hint: Callable[[], dt.date | None]) -> PublicationDate | None:
    """The date of a dateline opening ``text``; a dateline without a year borrows ``year_hint()``'s."""
    match = next((m for pattern in _DATELINES if (m := pattern.match(text))), None)
    if match is None:
        return None
    if match.group("year"):
        found = _date_from_match(match)
        return PublicationDate(found.isoformat(), "dateline", 0.9) if found else None
    hint = year_hint()
    if hint is None:
        return None  # "Feb. 12" alone: the year would be a guess
    found = _date_from_match(match, year=hint.year)
    return PublicationDate(found.isoformat(), "dateline", 0.6) if found else None


def posted_date(texts: Iterable[str]) -> PublicationDate | None:
    """The date a page prints after "Posted:" / "Published:" (not "Updated:", which comes later)."""
    for text in texts:
        for keyword in _POSTED.finditer(text):
            window = text[keyword.end() : keyword.end() + _POSTED_WINDOW]
            dates = full_dates(window)
            if dates:
                return PublicationDate(dates[0].isoformat(), "dateline", 0.8)
    return None


def byline_date(texts: Iterable[str]) -> PublicationDate | None:
    """The first date printed on a byline or a date-only line at the top of the article."""
    for text in texts:
        dates = full_dates(text) or [d for d in map(numeric_date, _NUMERIC_DATE.finditer(text)) if d]
        if dates:
            return PublicationDate(dates[0].isoformat(), "dateline", 0.8)
    return None


def numeric_date(match: re.Match[str]) -> dt.date | None:
    """Day-first or month-first, only when the numbers leave no doubt; None otherwise."""
    first, second, year = (int(g) for g in match.groups())
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_from_match(match: re.Match[str], year: int | None = None) -> dt.date | None:
    month_text = match.group("month").lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else _MONTH_NUMBERS.get(month_text)
    try:
        return dt.date(year or int(match.group("year")), month or 0, int(match.group("day")))
    except (TypeError, ValueError):
        return None
