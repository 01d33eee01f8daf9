"""Numbers and quantities in running text, as pure functions.

News states quantities loosely ("nearly an hour and a half", "about 20 percent", "one-fifth",
"$500 billion", "more than four years"). Comparing outlets needs each of them as a number in a canonical
unit plus an interval that says how loosely it was stated: a hedge is information, not noise.

Everything here is pure and model-free so that every rule has a small test. Durations are normalised to
minutes, money to units of its currency, shares to percent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

INF = math.inf

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "bn": 1e9, "m": 1e6, "k": 1e3, "tn": 1e12,
}  # fmt: skip
DENOMINATORS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip

DURATION_MINUTES: dict[str, float] = {
    "second": 1 / 60, "minute": 1, "min": 1, "hour": 60, "hr": 60, "day": 1440, "week": 10080,
    "month": 43830, "year": 525960, "decade": 5259600,
}  # fmt: skip

# Hedge word -> (low factor, high factor) around the stated value; None = unbounded on that side.
# "about 90" ≈ [80, 100], "nearly 90" ≈ [75, 90]: a writer who rounds says "about", one who stops
# short says "nearly".
HEDGES: dict[str, tuple[float | None, float | None]] = {
    "about": (0.88, 1.12), "around": (0.88, 1.12), "approximately": (0.88, 1.12), "roughly": (0.88, 1.12),
    "some": (0.88, 1.12), "an estimated": (0.85, 1.15), "estimated": (0.85, 1.15), "close to": (0.83, 1.0),
    "nearly": (0.83, 1.0), "almost": (0.83, 1.0), "just under": (0.9, 1.0), "just over": (1.0, 1.1),
    "more than": (1.0, None), "over": (1.0, None), "upwards of": (1.0, None), "at least": (1.0, None),
    "less than": (0.0, 1.0), "fewer than": (0.0, 1.0), "under": (0.0, 1.0), "up to": (0.0, 1.0),
    "at most": (0.0, 1.0), "as many as": (0.0, 1.0), "no more than": (0.0, 1.0),
}  # fmt: skip
# A number stated plainly is still rounded by the writer; a small tolerance keeps "90 minutes" and
# "an hour and a half" (and "an hour and a half" and "nearly an hour and a half") compatible.
PLAIN_TOLERANCE = (0.97, 1.03)

_QUALIFIER_RE = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))
_WORDNUM = "|".join(sorted([*UNITS, *TENS, "hundred", "thousand", "million", "billion", "trillion", "dozen"],
                           key=len, reverse=True))  # fmt: skip
# Digits in either convention: 1,234.5 / 1.234,5 / 1 234,5 / 20 / 2.5
_DIGITS = r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
# "a"/"an" count only before a scale ("a hundred") or as the whole number ("an hour"): "a two-hour call"
_WORDS = (
    rf"(?:(?:an?[\s-]+(?=(?:hundred|thousand|million|billion|dozen)\b))?(?:{_WORDNUM})\b"
    rf"(?:[\s-]+(?:and[\s-]+)?(?:{_WORDNUM})\b)*|an?\b)"
)
_HALF = r"(?:\s+and\s+a\s+half)"
_NUMBER = rf"(?:{_DIGITS}|{_WORDS}){_HALF}?"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|tn|m|k)\b"
_DURATION_UNIT = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|decades?)"

QUANTITY_RE = re.compile(
    rf"""
    (?:(?P<qual>{_QUALIFIER_RE})\s+)?
    (?:
        (?P<cur>[$€£])\s?(?P<mnum>{_DIGITS}|{_WORDS})(?:\s*(?P<mscale>{_SCALE}))?
      | (?P<frac>(?:{_WORDS}|\d+)[\s-](?:{"|".join(DENOMINATORS)})|a\s+half|half)(?=\s+of\b)
      | (?P<num>{_NUMBER})
        (?:
            (?P<pct>\s*%|\s+per\s?cent\b|\s+percentage\s+points?\b)
          | (?P<adjsep>-|\s)(?P<dunit>{_DURATION_UNIT})\b(?P<half2>{_HALF})?(?P<old>-old\b)?
          | \s+(?P<cword>dollars|euros|pounds|rubles|roubles|hryvnias?|yuan)\b
          | \s*(?P<nscale>{_SCALE})(?:\s+(?P<scword>dollars|euros|pounds|rubles|roubles|people))?
        )?
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

CURRENCIES = {
    "$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR", "pounds": "GBP",
    "rubles": "RUB", "roubles": "RUB", "hryvnia": "UAH", "hryvnias": "UAH", "yuan": "CNY",
}  # fmt: skip

# Words before a number that make it a label, not a quantity: "Article 5", "Resolution 2231".
LABEL_WORDS = frozenset(
    "article section chapter clause paragraph resolution amendment no number room flight route gate "
    "platform bus line page vol volume episode season level phase stage round title item point rule "
    "highway interstate apollo air force boeing airbus f su mig".split()
)
_PHONE_RE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{2,4}[\s.-]\d{2,5}")
_TIME_OF_DAY_RE = re.compile(r"\s*(?::\d{2}|[ap]\.?m\.?\b|o'clock\b|h\d{2}\b)", re.IGNORECASE)


# French durations ("environ une heure et demie", "près de deux heures"): outlets in other languages
# report the same event, so their figures must line up with the English ones. The hedges map onto the
# English ones so that one interval table serves both.
FRENCH_NUMBERS: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60,
}  # fmt: skip
FRENCH_UNITS: dict[str, str] = {
    "seconde": "second", "minute": "minute", "heure": "hour", "jour": "day", "semaine": "week",
    "mois": "month", "an": "year", "année": "year", "décennie": "decade",
}  # fmt: skip
FRENCH_HEDGES: dict[str, str] = {
    "environ": "about", "près de": "nearly", "presque": "almost", "quelque": "some", "plus de": "more than",
    "moins de": "less than", "au moins": "at least", "jusqu'à": "up to", "à peine": "just under",
}  # fmt: skip
_FR_NUMBER = "|".join(sorted(FRENCH_NUMBERS, key=len, reverse=True))
_FR_HEDGE = "|".join(sorted((re.escape(h) for h in FRENCH_HEDGES), key=len, reverse=True))
# Anchored on the unit word (rare in English text) and read backwards: one pass of a literal alternation
# per sentence instead of trying a number pattern at every character.
FRENCH_UNIT_RE = re.compile(
    r"\b(?P<unit>secondes?|minutes?|heures?|jours?|semaines?|mois|ans|an|années?|décennies|décennie)\b"
    r"(?P<half>\s+et\s+demie?)?",
    re.IGNORECASE,
)
_FRENCH_LEAD_RE = re.compile(
    rf"(?:(?P<qual>{_FR_HEDGE})\s+)?(?P<num>\d+(?:,\d+)?|\b(?:{_FR_NUMBER}))\s+$", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    """One quantity found in text: ``text[start:end]`` is the whole phrase, hedge included."""

    kind: str  # "duration" | "money" | "percentage" | "number" | "age" | "year"
    value: float
    unit: str | None
    low: float | None
    high: float | None
    qualifier: str | None
    start: int
    end: int
    text: str
    adjectival: bool = False  # "two-hour call": the number modifies the following noun


def parse_digits(token: str, decimal: str | None = None) -> float | None:
    """A digit string in English ("1,234.5") or continental ("1.234,5", "1 234,5") convention.

    ``decimal`` forces the decimal mark; otherwise it is inferred: a separator followed by exactly
    three digits is a thousands separator unless both kinds appear.
    """
    token = token.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if not token or not token[0].isdigit():
        return None
    if decimal is None:
        decimal = _infer_decimal_mark(token)
    thousands = "," if decimal == "." else "."
    cleaned = token.replace(" ", "").replace(thousands, "").replace(decimal, ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _infer_decimal_mark(token: str) -> str:
    last_dot, last_comma = token.rfind("."), token.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        return "." if last_dot > last_comma else ","
    mark = "." if last_dot >= 0 else "," if last_comma >= 0 else "."
    position = max(last_dot, last_comma)
    if position < 0:
        return "."
    digits_after = len(token) - position - 1
    groups = re.split(r"[.,]", token)
    # "1,234" / "1.234" / "1.234.567" are groupings; "2.5" / "20,5" are decimals
    if digits_after == 3 and (len(groups) > 2 or len(groups[0]) <= 3):
        return "," if mark == "." else "."
    return mark


def parse_words(phrase: str) -> float | None:
    """A number written in words: "twenty-five", "a hundred", "two million", "one and a half"."""
    words = [w for w in re.split(r"[\s-]+", phrase.lower().strip()) if w]
    if not words:
        return None
    half = 0.0
    if words[-3:] == ["and", "a", "half"]:
        half, words = 0.5, words[:-3]
        if not words:
            return None
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word in ("a", "an"):
            current, seen = max(current, 1.0), True
        elif word == "and":
            continue
        elif word in UNITS:
            current, seen = current + UNITS[word], True
        elif word in TENS:
            current, seen = current + TENS[word], True
        elif word == "dozen":
            current, seen = max(current, 1.0) * 12, True
        elif word == "hundred":
            current, seen = max(current, 1.0) * 100, True
        elif word in SCALES and len(word) > 2:
            total, current, seen = total + max(current, 1.0) * SCALES[word], 0.0, True
        else:
            return None
    return total + current + half if seen else None


def parse_number(phrase: str, decimal: str | None = None) -> float | None:
    """Digits (either convention) or words, with an optional trailing "and a half"."""
    phrase = phrase.strip()
    half = 0.0
    match = re.search(r"\s+and\s+a\s+half$", phrase, re.IGNORECASE)
    if match and phrase[0].isdigit():
        half, phrase = 0.5, phrase[: match.start()]
    if phrase[:1].isdigit():
        value = parse_digits(phrase, decimal)
        return None if value is None else value + half
    return parse_words(phrase)


def parse_fraction(phrase: str) -> float | None:
    """ "one-fifth" -> 0.2, "two thirds" -> 0.667, "a quarter" -> 0.25, "half" -> 0.5, "3/4" -> 0.75."""
    phrase = phrase.lower().strip()
    if re.fullmatch(r"\d+\s*/\s*\d+", phrase):
        num, den = (float(p) for p in phrase.split("/"))
        return num / den if den else None
    words = [w for w in re.split(r"[\s-]+", phrase) if w]
    if words in (["half"], ["a", "half"]):
        return 0.5
    if len(words) < 2 or words[-1] not in DENOMINATORS:
        return None
    numerator = parse_number(" ".join(words[:-1]))
    if numerator is None:
        return None
    return numerator / DENOMINATORS[words[-1]]


def hedge_interval(value: float, qualifier: str | None) -> tuple[float | None, float | None]:
    """The interval a hedged number stands for; ``None`` marks an unbounded side."""
    low_factor, high_factor = HEDGES.get((qualifier or "").lower(), PLAIN_TOLERANCE)
    low = None if low_factor is None else value * low_factor
    high = None if high_factor is None else value * high_factor
    return low, high


def strict_bounds(qualifier: str | None) -> tuple[bool, bool]:
    """Whether the low/high bound is exclusive: "more than four years" is (4, ∞), not [4, ∞)."""
    q = (qualifier or "").lower()
    return q in ("more than", "over", "upwards of", "just over"), q in ("less than", "fewer than", "under")


def intervals_overlap(a: tuple[float | None, float | None], b: tuple[float | None, float | None],
                      a_strict: tuple[bool, bool] = (False, False),
                      b_strict: tuple[bool, bool] = (False, False)) -> bool:  # fmt: skip
    """Whether two intervals share a point (``None`` = unbounded)."""
    a_low, a_high = (-INF if a[0] is None else a[0]), (INF if a[1] is None else a[1])
    b_low, b_high = (-INF if b[0] is None else b[0]), (INF if b[1] is None else b[1])
    if a_low > b_high or b_low > a_high:
        return False
    if a_low == b_high and (a_strict[0] or b_strict[1]):
        return False
    return not (b_low == a_high and (b_strict[0] or a_strict[1]))


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` in order; labels, years, phone numbers and times of day are skipped."""
    return list(_iter_quantities(text))


def _iter_quantities(text: str) -> Iterator[Quantity]:
    phone_spans = [m.span() for m in _PHONE_RE.finditer(text)]
    found: list[Quantity] = []
    for match in QUANTITY_RE.finditer(text):
        if not _starts_on_word_boundary(text, match.start()):
            continue
        if any(s <= match.start() < e for s, e in phone_spans):
            continue
        quantity = _quantity_from_match(text, match)
        if quantity is not None:
            found.append(quantity)
    french = list(_french_durations(text))
    if not french:
        yield from found
        return
    # "6 mois": the English pattern sees a bare number inside the French duration
    found = [f for f in found if not (f.kind == "number" and any(q.start <= f.start < q.end for q in french))]
    french = [q for q in french if not any(q.start < f.end and f.start < q.end for f in found)]
    yield from sorted(found + french, key=lambda q: q.start)


def _french_durations(text: str) -> Iterator[Quantity]:
    for unit_match in FRENCH_UNIT_RE.finditer(text):
        window_start = max(0, unit_match.start() - 40)
        lead = _FRENCH_LEAD_RE.search(text, window_start, unit_match.start())
        if lead is None or not _starts_on_word_boundary(text, lead.start()):
            continue
        number, unit_word = lead.group("num").lower(), unit_match.group("unit").lower()
        if number.isdigit() and unit_word.startswith("minute"):
            continue  # "90 minutes" reads the same in English and is parsed there
        value = float(FRENCH_NUMBERS[number]) if number in FRENCH_NUMBERS else float(number.replace(",", "."))
        if unit_match.group("half"):
            value += 0.5
        unit = FRENCH_UNITS[unit_word.rstrip("s") if unit_word != "mois" else unit_word]
        hedge = lead.group("qual")
        qualifier = FRENCH_HEDGES[hedge.lower()] if hedge else None
        low, high = hedge_interval(value * DURATION_MINUTES[unit], qualifier)
        yield Quantity(
            "duration", value * DURATION_MINUTES[unit], "minute", low, high, qualifier,
            lead.start(), unit_match.end(), text[lead.start() : unit_match.end()],
        )  # fmt: skip


def _starts_on_word_boundary(text: str, position: int) -> bool:
    return position == 0 or not (text[position - 1].isalnum() or text[position - 1] in "-/.,:")


def _quantity_from_match(text: str, match: re.Match[str]) -> Quantity | None:
    qualifier = match.group("qual").lower() if match.group("qual") else None
    groups = match.groupdict()
    if groups["cur"] or groups["cword"] or (groups["scword"] and groups["scword"].lower() != "people"):
        return _money(match, qualifier)
    if groups["frac"]:
        fraction = parse_fraction(groups["frac"])
        if fraction is None:
            return None
        return _make("percentage", fraction * 100, "percent", qualifier, match)
    number_text = groups["num"]
    if number_text is None:
        return None
    value = parse_number(number_text)
    if value is None:
        return None
    if groups["pct"]:
        unit = "percentage point" if "point" in groups["pct"].lower() else "percent"
        return _make("percentage", value, unit, qualifier, match)
    if groups["dunit"]:
        return _duration(match, value, qualifier)
    if groups["nscale"]:
        return _make("number", value * SCALES[groups["nscale"].lower()], None, qualifier, match)
    return _bare_number(text, match, value, number_text, qualifier)


def _money(match: re.Match[str], qualifier: str | None) -> Quantity | None:
    groups = match.groupdict()
    if groups["cur"]:
        amount = parse_number(groups["mnum"])
        scale = groups["mscale"]
        currency = CURRENCIES[groups["cur"]]
    else:
        amount = parse_number(groups["num"])
        scale = groups["nscale"]
        currency = CURRENCIES[(groups["cword"] or groups["scword"]).lower()]
    if amount is None:
        return None
    amount *= SCALES[scale.lower()] if scale else 1
    return _make("money", amount, currency, qualifier, match)


def _duration(match: re.Match[str], value: float, qualifier: str | None) -> Quantity | None:
    unit_word = match.group("dunit").lower().rstrip("s")
    unit_word = {"min": "minute", "hr": "hour"}.get(unit_word, unit_word)
    if match.group("half2"):
        value += 0.5
    if match.group("old"):
        return _make("age", value, "year", qualifier, match)
    adjectival = match.group("adjsep") == "-"
    return _make("duration", value * DURATION_MINUTES[unit_word], "minute", qualifier, match, adjectival)


def _bare_number(text: str, match: re.Match[str], value: float, number_text: str,
                 qualifier: str | None) -> Quantity | None:  # fmt: skip
    words = number_text.lower().split()
    if words and words[0] in ("a", "an") and len(words) == 1:
        return None  # the article "a", not a number
    if _is_label(text, match.start("num")):
        return None
    after = text[match.end() : match.end() + 8]
    if _TIME_OF_DAY_RE.match(after):
        return None
    if number_text.isdigit() and len(number_text) == 4 and 1800 <= value <= 2100:
        start, end = match.span()
        return Quantity("year", value, "year", value, value, None, start, end, match.group(0))
    if number_text[:1].isdigit() and re.match(r"\s*(?:st|nd|rd|th)\b", after):
        return None  # an ordinal ("the 5th")
    return _make("number", value, None, qualifier, match)


def _is_label(text: str, number_start: int) -> bool:
    """ "Article 5", "pre-2014", "No. 3": the number names something instead of counting it."""
    before = text[max(0, number_start - 24) : number_start]
    if re.search(r"(?:pre|post|mid|late|early|non|anti)-$", before, re.IGNORECASE):
        return True
    previous = re.search(r"([A-Za-z]+)\.?\s*#?$", before)
    return bool(previous and previous.group(1).lower() in LABEL_WORDS and previous.group(1)[0].isupper())


def _make(kind: str, value: float, unit: str | None, qualifier: str | None, match: re.Match[str],
          adjectival: bool = False) -> Quantity:  # fmt: skip
    low, high = hedge_interval(value, qualifier)
    start, end = match.span()
    return Quantity(kind, value, unit, low, high, qualifier, start, end, match.group(0), adjectival)
