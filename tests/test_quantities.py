"""Number and quantity parsing: one small case per rule."""

from __future__ import annotations

import math

import pytest

from newsprism.quantities import (
    find_quantities,
    hedge_interval,
    intervals_overlap,
    parse_digits,
    parse_fraction,
    parse_number,
    parse_words,
    strict_bounds,
)


def only(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    quantity = found[0]
    assert text[quantity.start : quantity.end] == quantity.text
    return quantity


@pytest.mark.parametrize(
    ("token", "expected"),
    [("20", 20), ("2.5", 2.5), ("1,234", 1234), ("1,234.5", 1234.5), ("1.234,5", 1234.5),
     ("1.234.567", 1234567), ("1 234,5", 1234.5), ("20,5", 20.5)],
)  # fmt: skip
def test_parse_digits_both_conventions(token: str, expected: float) -> None:
    assert parse_digits(token) == pytest.approx(expected)


def test_parse_digits_forced_decimal_mark() -> None:
    assert parse_digits("1.234", decimal=".") == pytest.approx(1.234)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("twenty-five", 25), ("a hundred", 100), ("two million", 2e6), ("one and a half", 1.5),
     ("three hundred and twelve", 312), ("a dozen", 12), ("fourteen", 14)],
)  # fmt: skip
def test_parse_words(phrase: str, expected: float) -> None:
    assert parse_words(phrase) == pytest.approx(expected)


def test_parse_words_rejects_non_numbers() -> None:
    assert parse_words("several") is None
    assert parse_number("2 and a half") == 2.5


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("one-fifth", 0.2), ("two thirds", 2 / 3), ("a quarter", 0.25), ("half", 0.5), ("3/4", 0.75)],
)
def test_parse_fraction(phrase: str, expected: float) -> None:
    assert parse_fraction(phrase) == pytest.approx(expected)


def test_hedges_become_intervals() -> None:
    low, high = hedge_interval(90, "about")
    assert 78 <= low <= 82 and 98 <= high <= 102
    low, high = hedge_interval(90, "nearly")
    assert 73 <= low <= 77 and high == 90
    assert hedge_interval(4, "more than") == (4, None)
    assert strict_bounds("more than") == (True, False)


def test_interval_overlap_respects_strict_bounds() -> None:
    assert intervals_overlap((4, None), (3, 5))
    assert not intervals_overlap((4, None), (2.5, 4), (True, False), (False, False))
    assert intervals_overlap((None, None), (1, 2))


@pytest.mark.parametrize(
    ("text", "minutes", "qualifier"),
    [("an hour and a half", 90, None), ("nearly an hour and a half", 90, "nearly"),
     ("about an hour and a half", 90, "about"), ("90 minutes", 90, None), ("one and a half hours", 90, None),
     ("less than two hours", 120, "less than")],
)  # fmt: skip
def test_durations_in_minutes(text: str, minutes: float, qualifier: str | None) -> None:
    quantity = only(text)
    assert (quantity.kind, quantity.value, quantity.qualifier) == ("duration", minutes, qualifier)


def test_adjectival_duration() -> None:
    quantity = only("a two-hour phone call")
    assert quantity.value == 120 and quantity.adjectival and quantity.text == "two-hour"


def test_more_than_four_years_is_open_interval() -> None:
    quantity = only("more than four years after the invasion")
    assert quantity.low == quantity.value == 4 * 525960 and quantity.high is None


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("$500 billion", 5e11, "USD"), ("€2.5 million", 2.5e6, "EUR"), ("1.234,5 euros", 1234.5, "EUR"),
     ("300 million dollars", 3e8, "USD")],
)  # fmt: skip
def test_money(text: str, value: float, unit: str) -> None:
    quantity = only(text)
    assert (quantity.kind, quantity.value, quantity.unit) == ("money", pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "value"),
    [("about 20 percent", 20), ("20 %", 20), ("20%", 20), ("12 per cent", 12),
     ("approximately one-fifth of Ukraine", 20), ("a third of voters", 100 / 3)],
)  # fmt: skip
def test_percentages_and_fractions(text: str, value: float) -> None:
    quantity = only(text)
    assert quantity.kind == "percentage" and quantity.value == pytest.approx(value)


def test_about_20_percent_and_approximately_one_fifth_overlap() -> None:
    a, b = only("about 20 percent"), only("approximately one-fifth of it")
    assert intervals_overlap((a.low, a.high), (b.low, b.high))


def test_age() -> None:
    quantity = only("a 45-year-old man")
    assert (quantity.kind, quantity.value) == ("age", 45)


@pytest.mark.parametrize(
    "text",
    ["Article 5", "pre-2014 borders", "World War II", "call 555-123-4567 now", "at 3 p.m.", "at 10:30",
     "hundreds of thousands", "a few minutes", "the 5th fleet", "Resolution 2231", "+44 20 7946 0958"],
)
def test_non_quantities(text: str) -> None:
    assert [q for q in find_quantities(text) if q.kind != "year"] == []


def test_year_in_a_name_is_a_year_not_a_count() -> None:
    (quantity,) = find_quantities("the 2024 presidential debate")
    assert quantity.kind == "year" and quantity.low == quantity.high == 2024


def test_infinity_is_not_used_for_open_bounds() -> None:
    assert all(not (q.high is not None and math.isinf(q.high)) for q in find_quantities("over 3 days"))


@pytest.mark.parametrize(
    ("text", "minutes", "qualifier"),
    [("environ une heure et demie", 90, "about"), ("près de deux heures", 120, "nearly"),
     ("plus de trois ans", 3 * 525960, "more than"), ("6 mois", 6 * 43830, None),
     ("deux minutes", 2, None)],
)  # fmt: skip
def test_french_durations(text: str, minutes: float, qualifier: str | None) -> None:
    quantity = only(text)
    assert (quantity.kind, quantity.value, quantity.qualifier, quantity.text) == (
        "duration", minutes, qualifier, text,
    )  # fmt: skip


def test_french_duration_keeps_english_neighbours_in_order() -> None:
    found = find_quantities("dix heures, then 90 minutes and about 20 percent")
    assert [(q.text, q.kind) for q in found] == [
        ("dix heures", "duration"), ("90 minutes", "duration"), ("about 20 percent", "percentage"),
    ]  # fmt: skip
