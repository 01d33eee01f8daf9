"""Publication date inference: metadata, dateline, caption, text, or nothing."""

from __future__ import annotations

from newsprism.clean.dates import infer_publication_date, parse_published
from newsprism.model import RemovedLine

BODY = "Trump said the talks would begin immediately."


def test_metadata_iso_date_wins() -> None:
    found = infer_publication_date("2025-02-12", "WASHINGTON, Feb. 10, 2025 - " + BODY)
    assert (found.value, found.how, found.confidence) == ("2025-02-12", "metadata", 1.0)


def test_metadata_keeps_a_given_time() -> None:
    assert parse_published("2025-02-12T10:30:00Z") == "2025-02-12T10:30:00+00:00"
    assert parse_published("Wed, 12 Feb 2025 10:00:00 GMT") == "2025-02-12T10:00:00+00:00"
    assert parse_published("February 12, 2025") == "2025-02-12"


def test_relative_or_partial_metadata_is_not_a_date() -> None:
    assert parse_published("yesterday") is None
    assert parse_published("February 2025") is None
    assert infer_publication_date("yesterday", BODY).value is None


def test_page_metadata_date() -> None:
    found = infer_publication_date(None, BODY, page_date="2025-02-13")
    assert (found.value, found.how) == ("2025-02-13", "metadata")


def test_dateline_with_year() -> None:
    found = infer_publication_date(None, "KYIV, Ukraine, Feb. 12, 2025 (AP) — " + BODY)
    assert (found.value, found.how) == ("2025-02-12", "dateline")
    found = infer_publication_date(None, "Feb. 12, 2025 — " + BODY)
    assert (found.value, found.how) == ("2025-02-12", "dateline")


def test_dateline_without_year_borrows_one_or_gives_up() -> None:
    alone = infer_publication_date(None, "WASHINGTON, Feb. 12 (Reuters) - " + BODY)
    assert alone.value is None and alone.how is None
    hinted = infer_publication_date(None, "WASHINGTON, Feb. 12 (Reuters) - " + BODY + " On Feb. 11, 2025, he")
    assert (hinted.value, hinted.how) == ("2025-02-12", "dateline")
    assert hinted.confidence < 0.9


def test_latest_caption_date_is_a_lower_bound() -> None:
    caption = RemovedLine(
        text="President Donald J. Trump, Feb. 11, 2025, Russian President Vladimir Putin, Feb. 7, 2025.",
        reason="caption",
        start=0,
        end=89,
    )
    found = infer_publication_date(None, BODY, [caption])
    assert (found.value, found.how) == ("2025-02-11", "caption")
    assert found.confidence <= 0.5


def test_latest_date_in_text() -> None:
    found = infer_publication_date(None, "On 3 March 2024 and again on Feb. 1, 2025, " + BODY)
    assert (found.value, found.how) == ("2025-02-01", "text")
    assert found.confidence <= 0.5


def test_nothing_found_is_none() -> None:
    found = infer_publication_date(None, BODY + " The war began in 2022.")
    assert (found.value, found.how, found.confidence) == (None, None, 0.0)


def test_posted_line_is_a_dateline() -> None:
    stamp = RemovedLine(
        text="Posted: Tuesday, January 28, 2014 8:18 PM EST Updated: Friday, February 28, 2014 8:27 PM EST",
        reason="timestamp",
        start=0,
        end=93,
    )
    found = infer_publication_date(None, BODY, [stamp])
    assert (found.value, found.how) == ("2014-01-28", "dateline")


def test_byline_and_numeric_date_lines_give_the_publication_date() -> None:
    from newsprism.clean.dates import byline_date

    assert byline_date(["By Martin Quayle | 4 March 2024"]).value == "2024-03-04"  # type: ignore[union-attr]
    assert byline_date(["17/04/2024"]).value == "2024-04-17"  # type: ignore[union-attr]
    assert byline_date(["04/05/2024"]) is None  # April 5 or May 4: never guessed
