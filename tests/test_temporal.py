"""Date resolution on the hand-written case set and on the seed articles."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from newsprism.temporal import (
    detect_tense,
    find_temporal_expressions,
    format_at_precision,
    resolve,
    resolve_in_text,
)

CASES_PATH = Path(__file__).parent / "fixtures" / "temporal" / "cases.tsv"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
CASES = list(csv.DictReader(CASES_PATH.open(encoding="utf-8"), delimiter="\t"))


def _anchor(value: str) -> dt.date | None:
    return None if value == "NONE" else dt.date.fromisoformat(value)


def _answer(case: dict[str, str]) -> str:
    res = resolve(case["expression"], _anchor(case["anchor"]), context=case["context"])
    if res.date is None or not res.confident:
        return "UNRESOLVED"
    return format_at_precision(res.date, res.precision)


def test_case_set_is_big_enough_and_covers_the_hard_groups() -> None:
    groups = {case["group"] for case in CASES}
    assert len(CASES) >= 40
    assert {"ambiguous", "dateline", "year-edge", "month-edge", "hedged"} <= groups


@pytest.mark.parametrize("case", CASES, ids=[f"{c['expression']}@{c['anchor']}" for c in CASES])
def test_case_resolves_as_expected(case: dict[str, str]) -> None:
    assert _answer(case) == case["expected"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['expression']}@{c['anchor']}" for c in CASES])
def test_case_expression_is_found_in_its_context(case: dict[str, str]) -> None:
    found = find_temporal_expressions(case["context"])
    assert any(case["expression"] in expr.text for expr in found), [e.text for e in found]
    for expr in found:
        assert case["context"][expr.start : expr.end] == expr.text


def test_no_anchor_never_guesses_a_weekday() -> None:
    for weekday in ("Monday", "on Friday", "last Sunday", "next Tuesday"):
        assert resolve(weekday, None).date is None


def test_hedged_years_carry_an_interval() -> None:
    res = resolve("nearly three years ago", dt.date(2025, 2, 13))
    assert res.interval is not None
    earliest, latest = res.interval
    assert earliest == dt.date(2022, 2, 13)
    assert dt.date(2022, 4, 1) <= latest <= dt.date(2022, 6, 1)
    assert res.precision == "year" and res.confident


def test_last_week_stays_at_week_precision() -> None:
    res = resolve("last week", dt.date(2025, 2, 13))
    assert res.precision == "week"
    assert res.date == dt.date(2025, 2, 3)


def test_tense_detection_prefers_the_nearest_cue() -> None:
    sentence = "Trump said Monday he would meet Putin in Saudi Arabia some time next month."
    assert detect_tense(sentence, "Monday") == "past"
    assert detect_tense("Zelensky is set to meet Vance on Friday.", "on Friday") == "future"
    assert detect_tense("Leaders meet on Friday.", "on Friday") == "unknown"


def test_percent_and_money_are_not_years() -> None:
    texts = [e.text for e in find_temporal_expressions("It cost $2024 and 2019% of 1,2020 units.")]
    assert texts == []


def _seed(prefix: str) -> str:
    if not SEEDS.exists():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_seed_february_call_is_wednesday_12_feb() -> None:
    text = _seed("003")
    resolved = {e.text: r for e, r in resolve_in_text(text, dt.date(2025, 2, 13))}
    assert resolved["on Wednesday"].date == dt.date(2025, 2, 12)
    assert resolved["Friday"].date == dt.date(2025, 2, 14)  # the Munich summit, future tense
    assert resolved["nearly three years ago"].iso() == "2022"


def test_seed_may_call_and_istanbul_talks() -> None:
    text = _seed("001")
    resolved = [(e.text, r.iso()) for e, r in resolve_in_text(text, dt.date(2025, 5, 19))]
    assert ("Monday", "2025-05-19") in resolved
    assert ("on Friday", "2025-05-16") in resolved
    # "the first … in three years" is a gap, not a date in 2028
    assert ("in three years", None) in resolved


def test_a_caption_date_is_a_bound_not_an_anchor() -> None:
    import datetime as dt

    from newsprism.model import Article
    from newsprism.temporal import article_anchor

    given = Article(id="a", text="", original="", published="2025-02-13", published_how="metadata")
    bound = Article(id="b", text="", original="", published="2025-02-11", published_how="caption")
    assert article_anchor(given) == dt.date(2025, 2, 13)
    assert article_anchor(bound) is None  # "on Wednesday" must not count from the latest date a caption shows
