"""Typed claims from sentences: values, hedged intervals, subjects and exact spans."""

from __future__ import annotations

from datetime import date

import pytest

from newsprism.claims import ClaimStage, extract_claims, normalise_title, subject_key
from newsprism.clean import split_sentences
from newsprism.model import Article, ArticleAnalysis, Claim


def claims_of(text: str, published: str | None = "2025-02-13") -> list[Claim]:
    article = Article(id="t", text=text, original=text, published=published)
    claims = extract_claims(article)
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.value_start is not None and claim.value_end is not None
        assert claim.start <= claim.value_start < claim.value_end <= claim.end
    return claims


def only(text: str, attribute: str, published: str | None = "2025-02-13") -> Claim:
    found = [c for c in claims_of(text, published) if c.attribute == attribute]
    assert len(found) == 1, found
    return found[0]


def test_call_duration_with_hedge() -> None:
    claim = only("The phone conversation reportedly lasted nearly an hour and a half.", "duration")
    assert (claim.subject, claim.value, claim.unit, claim.qualifier) == ("call", 90, "minute", "nearly")
    assert claim.low == pytest.approx(74.7) and claim.high == 90


def test_adjectival_duration_names_the_following_noun() -> None:
    claim = only("His statement follows a two-hour phone call with Putin.", "duration")
    assert (claim.subject, claim.value) == ("call", 120)


def test_share_of_a_country() -> None:
    claim = only("Russia still occupies about 20 percent of Ukraine, including all of Crimea.", "percentage")
    assert (claim.subject, claim.value, claim.qualifier) == ("Ukraine", 20, "about")
    fraction = only("They captured approximately one-fifth of Ukraine’s territory.", "percentage")
    assert (fraction.subject, fraction.value) == ("Ukraine", pytest.approx(20))


def test_money() -> None:
    claim = only("Trump wants $500 billion of its mineral reserves.", "money")
    assert (claim.value, claim.unit, claim.subject) == (5e11, "USD", "mineral reserves")


def test_title_attached_to_a_person() -> None:
    claim = only("Former President Donald Trump announced on Wednesday that he had spoken.", "title")
    assert (claim.subject, claim.value, claim.qualifier) == (
        "Donald Trump",
        "Former President",
        "former president",
    )


def test_elapsed_time_and_implied_date() -> None:
    text = "They are in a bloody standoff more than four years after Putin’s full-on invasion."
    elapsed = only(text, "elapsed", "2025-05-19")
    assert (elapsed.subject, elapsed.low, elapsed.high, elapsed.unit) == ("invasion", 4, None, "year")
    implied = only(text, "date", "2025-05-19")
    assert implied.low is None and date.fromordinal(int(implied.high)) <= date(2021, 5, 19)


def test_elapsed_time_without_publication_date_stays_unresolved() -> None:
    claims = claims_of("The conflict has afflicted Ukraine for almost three years.", published=None)
    assert [c.attribute for c in claims] == ["elapsed"]


def test_year_of_a_reference_event() -> None:
    claim = only("Putin gets to keep the country he invaded in 2022.", "date")
    assert claim.subject == "invasion" and claim.value == "2022-01-01/2022-12-31"


def test_prison_sentence_and_age() -> None:
    sentence = only("They freed Marc Fogel, an American teacher sentenced to 14 years in prison.", "sentence")
    assert (sentence.subject, sentence.value, sentence.unit) == ("Marc Fogel", 14, "year")
    age = only("Marc Fogel, a 63-year-old teacher, was freed.", "age")
    assert (age.subject, age.value) == ("Marc Fogel", 63)


def test_meeting_place() -> None:
    claim = only("He stated to reporters, “We’ll meet in Saudi Arabia.”", "place")
    assert claim.value == "Saudi Arabia"


@pytest.mark.parametrize(
    "text",
    [
        "Peacekeepers would not be covered by Article 5.",
        "A return to Ukraine’s pre-2014 borders is unrealistic.",
        "We fought together in World War II.",
        "Call the desk on 555-123-4567 for details.",
        "During the 2024 presidential debate, he refused to answer.",
        "The session opens at 10:30 and closes at 3 p.m.",
        "Many people have died.",
    ],
)
def test_numbers_that_are_not_quantities_make_no_claim(text: str) -> None:
    assert [c for c in claims_of(text) if c.attribute != "title"] == []


def test_duration_without_subject_makes_no_claim() -> None:
    assert claims_of("It lasted about 90 minutes.") == []


def test_narrative_offsets_are_not_durations() -> None:
    assert claims_of("An hour later, Trump posted again.") == []


def test_stage_fills_analysis_with_unique_ids() -> None:
    text = "The call lasted 90 minutes. Former President Donald Trump spoke."
    article = Article(id="a1", text=text, original=text)
    analysis = ArticleAnalysis(article="a1")
    ClaimStage(None).process(article, analysis)
    assert [c.id for c in analysis.claims] == ["a1:c0", "a1:c1"]


def test_helpers() -> None:
    assert normalise_title("US President") == "president"
    assert normalise_title("Former Vice President") == "former vice president"
    assert subject_key("Donald J. Trump") == "trump" and subject_key("Zelenskyy") == subject_key("Zelensky")
    text = "President Donald J. Trump spoke. Then he left."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "President Donald J. Trump spoke.",
        "Then he left.",
    ]


def test_how_long_a_meeting_lasted_is_not_an_elapsed_time() -> None:
    claims = claims_of("The two sides held their first talks on Tuesday, meeting for 90 minutes in Brenna.")
    assert [c.attribute for c in claims if c.attribute in ("elapsed", "date")] == []


def test_first_talks_in_ten_years_dates_the_previous_talks_not_these() -> None:
    claims = claims_of("They sat down for the first direct talks on the river in more than ten years.")
    elapsed = [c for c in claims if c.attribute == "elapsed"]
    assert elapsed and all(c.subject == "previous negotiations" for c in elapsed)


def test_the_first_strike_in_a_decade_is_not_a_decade_long_strike() -> None:
    claims = claims_of("Dockers began a 48-hour strike, the first strike at the port in more than a decade.")
    assert [(c.subject, c.value) for c in claims if c.attribute == "duration"] == [("strike", 2880.0)]


def test_a_talk_verb_ties_the_duration_to_the_meeting_named_later() -> None:
    claim = only(
        "Negotiators talked for three hours in Brenna on Tuesday in their first face-to-face meeting.",
        "duration",
    )
    assert (claim.subject, claim.value) == ("meeting", 180)


def test_talks_negotiations_and_a_meeting_share_one_key() -> None:
    held = only("They held talks on Tuesday, meeting for 90 minutes.", "duration")
    lasted = only("The talks lasted less than two hours.", "duration")
    assert held.subject == lasted.subject == "meeting"


def test_a_talk_verb_alone_takes_the_happening_the_article_is_about() -> None:
    meeting = "The delegations held their first meeting in Brenna. They have spoken for 90 minutes."
    call = "Trump and Putin held a phone call. The call was friendly. The two leaders spoke for 90 minutes."
    assert only(meeting, "duration").subject == "meeting"
    assert only(call, "duration").subject == "call"


def test_french_duration_of_the_discussions() -> None:
    claim = only("À Brenna, les discussions ont duré environ une heure et demie.", "duration")
    assert (claim.subject, claim.value, claim.qualifier) == ("meeting", 90, "about")
    assert claim.low == pytest.approx(79.2) and claim.high == pytest.approx(100.8)


@pytest.mark.parametrize(
    "text",
    [
        "The strike cost the regional economy an estimated 14 million crowns a day.",
        "The talks resumed twice a week.",
    ],
)
def test_a_rate_is_not_a_duration(text: str) -> None:
    assert [c for c in claims_of(text) if c.attribute == "duration"] == []


def test_a_bare_hour_after_a_lasting_verb_is_still_a_duration() -> None:
    assert only("The call lasted an hour.", "duration").value == 60


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("The union is demanding a 9% pay rise and job guarantees.", "9%", "demand"),
        ("The union wants a 9% pay rise.", "9%", "demand"),
        ("The union had started the dispute asking for 9%.", "9%", "demand"),
        ("The Harwick Port Authority has offered 4%.", "4%", "offer"),
        ("Philip Arends called the 4% offer fair and affordable.", "4%", "offer"),
        ("Morrow said the authority had not moved beyond its offer of 4%.", "4%", "offer"),
        ("The deal gives the 1,200 dockworkers a 6% pay rise over two years.", "6%", "deal"),
        (
            "The agreement, brokered by mediator Samuel Idris, gives the members of the union a 6% rise.",
            "6%",
            "deal",
        ),
        ("The agreement gives a rise of 6%, short of the 9% the union demanded.", "9%", "demand"),
        ("The agreement gives a rise of 6%, well above the 4% first offered.", "4%", "offer"),
    ],
)
def test_a_percentage_in_a_negotiation_is_a_demand_an_offer_or_a_deal(
    text: str, value: str, kind: str
) -> None:
    claims = [c for c in claims_of(text) if c.attribute == "percentage"]
    subjects = {text[c.value_start : c.value_end]: c.subject for c in claims}  # type: ignore[index]
    assert subjects[value] == kind


def test_a_price_movement_after_a_deal_is_not_the_deal() -> None:
    claim = only("After the deal, shares in Lumetra rose 6% in early trading.", "percentage")
    assert claim.subject != "deal"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("For Harwick, almost a third of the grain loaded at the port is grown abroad.", "grain"),
        ("The reservoir could take away one third of the summer water that arrives.", "summer water"),
        ("She said 87% of those who voted had backed the deal.", "those who voted"),
    ],
)
def test_a_share_is_of_the_noun_phrase_not_the_clause_after_it(text: str, subject: str) -> None:
    assert only(text, "percentage").subject == subject


@pytest.mark.parametrize(
    ("text", "value", "subject"),
    [
        (
            "The minister would ask for a guaranteed minimum summer flow of 400 cubic metres per second.",
            "400 cubic metres per second",
            "demand",
        ),
        (
            "Ana Ruvic a réclamé un débit minimal garanti de 400 mètres cubes par seconde pendant l'été.",
            "400 mètres cubes par seconde",
            "demand",
        ),
        ("The minimum of 360 cubic metres per second is below the first.", "360 cubic metres per second",
         "minimum"),
        ("A gap of 80 cubic metres per second may sound technical.", "80 cubic metres per second", "gap"),
    ],
)  # fmt: skip
def test_a_river_flow_is_a_measure_cited_with_its_unit(text: str, value: str, subject: str) -> None:
    claim = only(text, "measure")
    assert text[claim.value_start : claim.value_end] == value  # type: ignore[index]
    assert (claim.subject, claim.unit) == (subject, "m3/s")


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("About 1,200 dockworkers began a strike.", "workers"),
        ("About 1,200 members of the Harwick Dockworkers' Union stopped work.", "workers"),
        ("About 300 members of parliament voted.", "members"),
    ],
)
def test_union_members_are_the_workers_they_count(text: str, subject: str) -> None:
    assert only(text, "count").subject == subject
