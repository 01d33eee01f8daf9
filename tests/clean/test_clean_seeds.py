"""The five real seed articles through clean_document: boilerplate out, every reporting line kept."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from newsprism.clean import clean_document
from newsprism.clean.boilerplate import reads_like_reporting
from newsprism.clean.normalize import normalize_line
from newsprism.model import Article, RawDocument

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

TITLE_002 = "Trump and Putin Agree to Begin Ukraine Peace Talks Immediately"
TITLE_004 = "Trump Calls Putin: “Start Peace Talks Now.” Then He Calls Zelensky Too"
CAPTION_002 = (
    "President Donald J. Trump, Feb. 11, 2025, Ukrainian President Volodymyr Zelenskyy, Feb. 10, 2025 "
    "and Russian President Vladimir Putin, Feb. 7, 2025."
)
# Every boilerplate line the seeds carry (as normalised text) -> the reasons that describe it.
BOILERPLATE: dict[str, dict[str, set[str]]] = {
    "000": {
        "Putin's Ukraine": {"promo"},
        "The End of War and the Price of Russian Occupation": {"promo"},
    },
    "001": {"Contact the author: howard@thewarzone.com": {"contact"}},
    "002": {
        f"{TITLE_002}//": {"title"},
        "News is knowledge, Knowledge is news /": {"slogan"},
        f"//{TITLE_002}//": {"repeated_title"},
        CAPTION_002: {"caption"},
        "Post a Comment": {"widget"},
        "Please Select Embedded Mode To Show The Comment System.*": {"widget"},
        "Previous Post Next Post": {"navigation", "widget"},
    },
    "003": {},
    "004": {
        "Share": {"widget"},
        TITLE_004: {"title", "repeated_title"},
        "comments": {"widget"},
    },
}
# Headings that may go as subheadings (none of them is a sentence of reporting).
SUBHEADINGS = {
    "Shifting U.S. Stance on Ukraine",
    "Trump's Position on Ukraine's Role in Peace Talks",
    "A Path to Peace?",
    "Meeting Set for Munich",
    "The Political Debate Continues",
    "Impact of NATO membership discussions",
    "European involvement and ongoing conflict dynamics",
    "Trump-Putin Phone Call: Agreement on Immediate Negotiations for Ukraine",
    "Russia Confirms Phone Call, Invites Trump to Moscow",
    "Zelensky cautious but optimistic",
    "Trump's Red Lines and the European Position",
}


def _raw(path: Path) -> RawDocument:
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return RawDocument(origin=str(path), format="txt", raw_hash=digest, text=text, id=path.stem)


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared/seeds is not part of the repo)")
    return {path.name[:3]: clean_document(_raw(path)) for path in sorted(SEEDS.glob("*.txt"))}


def test_all_five_seeds_clean(articles: dict[str, Article]) -> None:
    assert sorted(articles) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("seed", sorted(BOILERPLATE))
def test_every_boilerplate_line_is_removed_with_a_sensible_reason(
    articles: dict[str, Article], seed: str
) -> None:
    removed: dict[str, list[str]] = {}
    for line in articles[seed].removed:
        removed.setdefault(normalize_line(line.text), []).append(line.reason)
    for text, reasons in BOILERPLATE[seed].items():
        assert text in removed, f"{seed}: {text!r} was kept"
        assert set(removed[text]) <= reasons, f"{seed}: {text!r} removed as {removed[text]}"


@pytest.mark.parametrize("seed", sorted(BOILERPLATE))
def test_every_other_line_of_the_seed_is_kept(articles: dict[str, Article], seed: str) -> None:
    article = articles[seed]
    original_lines = {normalize_line(line) for line in article.original.splitlines()} - {""}
    kept_lines = set(article.text.split("\n"))
    reporting = original_lines - set(BOILERPLATE[seed]) - SUBHEADINGS
    assert reporting - kept_lines == set()
    assert kept_lines <= original_lines, "cleaning must not invent text"


@pytest.mark.parametrize("seed", sorted(BOILERPLATE))
def test_only_headings_are_removed_beyond_the_listed_boilerplate(
    articles: dict[str, Article], seed: str
) -> None:
    for line in articles[seed].removed:
        text = normalize_line(line.text)
        if text and text not in BOILERPLATE[seed]:
            assert line.reason == "subheading", f"{seed}: {text!r} removed as {line.reason}"
            assert text in SUBHEADINGS
            assert not reads_like_reporting(text)


def test_removed_offsets_point_into_the_original(articles: dict[str, Article]) -> None:
    for article in articles.values():
        for line in article.removed:
            assert article.original[line.start : line.end] == line.text


def test_titles_are_found_in_the_body(articles: dict[str, Article]) -> None:
    assert articles["002"].title == TITLE_002
    assert articles["004"].title == TITLE_004
    # a first line that is a long paragraph is not a headline
    assert articles["000"].title is None
    assert articles["001"].title is None


def test_caption_gives_seed_002_its_date(articles: dict[str, Article]) -> None:
    article = articles["002"]
    assert (article.published, article.published_how) == ("2025-02-11", "caption")
    assert 0 < article.published_confidence <= 0.5


def test_seeds_are_english(articles: dict[str, Article]) -> None:
    for article in articles.values():
        assert article.language == "en"
        assert article.language_confidence > 0.9


def test_seed_segments_index_the_text(articles: dict[str, Article]) -> None:
    for article in articles.values():
        assert len(article.paragraphs) == len(article.text.split("\n"))
        for sentence in article.sentences:
            paragraph = article.paragraphs[sentence.paragraph]
            assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
            assert article.text[sentence.start : sentence.end].strip() == article.span(
                sentence.start, sentence.end
            )


def test_identity_and_hash(articles: dict[str, Article]) -> None:
    for seed, article in articles.items():
        assert article.id.startswith(seed)
        assert article.content_hash == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        assert article.format == "txt"
        assert article.origin.endswith(".txt")
