"""Each boilerplate rule on small strings, and reporting that only looks like a widget."""

from __future__ import annotations

import pytest

from newsprism.clean.boilerplate import remove_boilerplate

PARAGRAPH = "The talks began on Monday in Munich, officials said."
OTHER_PARAGRAPH = "Both delegations are expected to meet again next week."


def _reasons(body: str, title: str | None = None) -> dict[str, str]:
    result = remove_boilerplate(body, title=title)
    return {line.text.strip(): line.reason for line in result.removed}


def _between_paragraphs(line: str) -> str:
    return f"{PARAGRAPH}\n{line}\n{OTHER_PARAGRAPH}"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share", "widget"),
        ("Share this article", "widget"),
        ("12 Comments", "widget"),
        ("comments", "widget"),
        ("Post a Comment", "widget"),
        ("Please Select Embedded Mode To Show The Comment System.*", "widget"),
        ("Facebook Twitter WhatsApp Email", "widget"),
        ("Previous Post Next Post", "navigation"),
        ("Home » World » Europe", "navigation"),
        ("Advertisement", "advert"),
        ("Read more: Zelensky heads to Munich", "promo"),
        ("Sign up for our daily newsletter", "subscribe"),
        ("Contact the author: howard@example.com", "contact"),
        ("Follow Jane Doe on Twitter", "contact"),
        ("© 2025 Example Media. All rights reserved.", "copyright"),
        ("Reporting by Jane Doe; Editing by John Roe", "credits"),
        ("Tags: Ukraine, Russia, NATO", "tags"),
        ("By Jane Doe", "byline"),
        ("News is knowledge, Knowledge is news /", "slogan"),
        ("* * *", "separator"),
        (
            "Ukrainian President Volodymyr Zelensky, Feb. 10, 2025 and Vladimir Putin, Feb. 7, 2025.",
            "caption",
        ),
        ("Zelensky speaks in Kyiv on Monday. (AP Photo/Efrem Lukatsky)", "caption"),
        ("Meeting Set for Munich", "subheading"),
        ("A Path to Peace?", "subheading"),
    ],
)
def test_rule_removes_line_with_reason(line: str, reason: str) -> None:
    assert _reasons(_between_paragraphs(line)).get(line) == reason


def test_whitespace_only_line_is_blank_and_empty_lines_are_not_listed() -> None:
    result = remove_boilerplate(f"{PARAGRAPH}\n\n\u00a0\n{OTHER_PARAGRAPH}")
    assert [(line.text, line.reason) for line in result.removed] == [("\u00a0", "blank")]
    assert result.paragraphs == [PARAGRAPH, OTHER_PARAGRAPH]


def test_run_of_short_lines_between_paragraphs_is_a_teaser_box() -> None:
    body = f"{PARAGRAPH}\nPutin's Ukraine\nThe End of War and the Price of Occupation\n{OTHER_PARAGRAPH}"
    reasons = _reasons(body)
    assert reasons == {
        "Putin's Ukraine": "promo",
        "The End of War and the Price of Occupation": "promo",
    }


def test_headline_is_the_title_and_its_repeats_go() -> None:
    body = f"//Peace Talks Begin in Munich//\n\n{PARAGRAPH}\nPeace Talks Begin in Munich\n{OTHER_PARAGRAPH}"
    result = remove_boilerplate(body)
    assert result.title == "Peace Talks Begin in Munich"
    assert [line.reason for line in result.removed] == ["title", "repeated_title"]
    assert result.paragraphs == [PARAGRAPH, OTHER_PARAGRAPH]


def test_given_title_is_removed_from_the_body_as_a_repeat() -> None:
    body = f"Peace talks begin in Munich\n{PARAGRAPH}"
    result = remove_boilerplate(body, title="Peace talks begin in Munich | Example News")
    assert result.title is None
    assert [line.reason for line in result.removed] == ["repeated_title"]


def test_long_first_line_is_not_a_headline() -> None:
    result = remove_boilerplate(f"{PARAGRAPH}\n{OTHER_PARAGRAPH}")
    assert result.title is None
    assert result.removed == []


@pytest.mark.parametrize(
    "line",
    [
        "Share prices in Moscow fell 3 percent after the call, traders said.",
        "Comments by the Kremlin spokesman drew criticism in Kyiv.",
        "“Previous talks failed,” Zelensky said.",
        "Contact between the two leaders resumed on Wednesday.",
        "Read the full statement on the Kremlin's website, Peskov told reporters.",
        "Trump called it “a very good conversation”",
        "Ukraine too, can benefit, Trump added",
        "Donald Trump, Vladimir Putin and Volodymyr Zelensky spoke on Feb. 12, 2025.",
    ],
)
def test_reporting_that_looks_like_boilerplate_is_kept(line: str) -> None:
    result = remove_boilerplate(_between_paragraphs(line))
    assert line in result.paragraphs


def test_removed_offsets_index_the_original_with_crlf_line_ends() -> None:
    body = f"Share\r\n{PARAGRAPH}\r\n\r\nAdvertisement\r\n{OTHER_PARAGRAPH}\r\n"
    result = remove_boilerplate(body)
    assert [line.reason for line in result.removed] == ["widget", "advert"]
    for line in result.removed:
        assert body[line.start : line.end] == line.text
    assert result.paragraphs == [PARAGRAPH, OTHER_PARAGRAPH]


def test_hard_wrapped_paragraphs_are_joined_not_removed() -> None:
    body = (
        "The talks began on Monday in Munich after weeks of\n"
        "preparation by both delegations, officials said, and\n"
        "they are expected to last until the end of the week.\n"
        "\n"
        "Both delegations are expected to meet again next week\n"
        "in Istanbul, where the last round ended without a deal\n"
        "on prisoners or on the front line.\n"
    )
    result = remove_boilerplate(body)
    assert result.removed == []
    assert len(result.paragraphs) == 2
    assert result.paragraphs[0].startswith("The talks began on Monday in Munich after weeks of preparation")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "Posted: Tuesday, January 28, 2014 8:18 PM EST Updated: Friday, February 28, 2014 8:27 PM EST",
            "timestamp",
        ),
        ("Jason Forshee (Provided Photo/ Decatur County Jail)", "caption"),
        ("Read or Share this story: http://www.example.com/story/news/", "widget"),
    ],
)
def test_page_furniture_from_local_news_sites(line: str, reason: str) -> None:
    assert _reasons(_between_paragraphs(line)).get(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "CLEVELAND (AP) — A third juror in the trial has been dismissed and replaced with an alternate.",
        "•Joshua Agosto, 25, shot in the chest.",
        "- Hector Martinez, 30, graze wound in the upper back",
    ],
)
def test_agency_datelines_and_list_items_are_kept(line: str) -> None:
    assert line in remove_boilerplate(_between_paragraphs(line)).paragraphs


def test_reporting_that_mentions_a_photo_is_kept() -> None:
    line = "The replica handgun was found next to the man on the ground (photo released)."
    assert line in remove_boilerplate(_between_paragraphs(line)).paragraphs


def test_a_document_of_headlines_only_keeps_them() -> None:
    result = remove_boilerplate("Man sought in connection to deaths\n\nFive found dead in apparent homicide")
    assert result.paragraphs == ["Man sought in connection to deaths", "Five found dead in apparent homicide"]
