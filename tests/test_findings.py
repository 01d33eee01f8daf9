"""Cross-source findings on the five seed articles, plus bad input and timing."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from newsprism.claims import extract_claims
from newsprism.findings import FindingStage, IntervalJudge, find_all, meaning_changes, word_diff
from newsprism.model import Article, Claim, Dossier, Event, Finding, Quote, RawDocument, Storyline

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
PUBLISHED = {
    "000": "2025-02-13",
    "001": "2025-05-19",
    "002": "2025-02-13",
    "003": "2025-02-13",
    "004": "2025-02-13",
}


def _seed_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    article_id = path.stem[:3]
    try:
        from newsprism.clean import clean_document

        raw = RawDocument(
            origin=str(path),
            format="txt",
            raw_hash=hashlib.sha256(text.encode()).hexdigest(),
            text=text,
            id=article_id,
        )
        article = clean_document(raw)
    except ImportError:
        article = Article(id=article_id, text=text, original=text)
    article.id = article_id
    article.published = PUBLISHED[article_id]  # as the pipeline would take it from metadata
    return article


def _quote(article: Article, words: str, speaker: str) -> Quote:
    start = article.text.index(words)
    return Quote(
        id=f"{article.id}:q{start}",
        article=article.id,
        text=words,
        start=start,
        end=start + len(words),
        speaker=speaker,
    )


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    if not SEEDS.exists():
        pytest.skip(f"seed articles not found at {SEEDS}")
    articles = [_seed_article(p) for p in sorted(SEEDS.glob("*.txt"))]
    dossier = Dossier(articles=articles)
    for article in articles:
        dossier.claims.extend(extract_claims(article))
    dossier.events = [
        Event(id="feb", title="Trump-Putin call", articles=["000", "002", "003", "004"]),
        Event(id="may", title="May call", articles=["001"]),
    ]
    dossier.storylines = [Storyline(id="s", title="Ukraine talks", events=["feb", "may"])]
    FindingStage().update(dossier, [a.id for a in articles])
    return dossier


def _by(findings: list[Finding], kind: str, attribute: str) -> list[Finding]:
    return [f for f in findings if f.kind == kind and f.details.get("attribute") == attribute]


def _assert_exact_spans(dossier: Dossier, finding: Finding) -> None:
    assert finding.items and finding.summary
    for item in finding.items:
        assert dossier.article(item.article).text[item.start : item.end] == item.text


def test_agreement_on_the_calls_length(dossier: Dossier) -> None:
    (finding,) = [f for f in _by(dossier.findings, "agreement", "duration") if f.event == "feb"]
    assert set(finding.articles) == {"002", "003", "004"}
    assert sorted(i.text for i in finding.items) == sorted(
        ["an hour and a half", "nearly an hour and a half", "about an hour and a half"]
    )
    _assert_exact_spans(dossier, finding)


def test_agreement_on_one_fifth_of_ukraine_across_the_storyline(dossier: Dossier) -> None:
    (finding,) = _by(dossier.findings, "agreement", "percentage")
    assert set(finding.articles) == {"001", "003"}
    assert {i.text for i in finding.items} == {"about 20 percent", "approximately one-fifth"}
    _assert_exact_spans(dossier, finding)


def test_four_years_conflict_on_the_invasion_date(dossier: Dossier) -> None:
    (finding,) = [f for f in dossier.findings if f.kind == "conflict" and f.details["subject"] == "invasion"]
    assert finding.details["dissent"] == ["001"]
    assert {"000", "003", "004"} <= set(finding.details["consensus"])
    assert "more than four years" in {i.text for i in finding.items}
    _assert_exact_spans(dossier, finding)


def test_former_president_outlier(dossier: Dossier) -> None:
    (finding,) = _by(dossier.findings, "outlier", "title")
    assert finding.details["dissent"] == ["002"] and finding.details["subject"] == "trump"
    assert "Former President" in {i.text for i in finding.items}
    _assert_exact_spans(dossier, finding)


def test_every_finding_has_exact_spans(dossier: Dossier) -> None:
    for finding in dossier.findings:
        _assert_exact_spans(dossier, finding)
    assert len({f.id for f in dossier.findings}) == len(dossier.findings)


def test_no_finding_for_the_one_article_event(dossier: Dossier) -> None:
    assert not [f for f in dossier.findings if f.event == "may"]


def test_quote_variants_with_hand_marked_quotes(dossier: Dossier) -> None:
    """The quote stage's job is to find quotes; given them, both 000/004 variants are found and judged."""
    a, b = dossier.article("000"), dossier.article("004")
    quotes = [
        _quote(
            a,
            "I just had a lengthy and highly productive phone call with President Vladimir Putin of Russia",
            "Donald Trump",
        ),
        _quote(
            a,
            "We believe that America’s stretch is sufficient to pressure Russia and Putin into peace.",
            "Volodymyr Zelenskyy",
        ),
        _quote(
            b,
            "I had a long and highly productive phone call with Russian President Vladimir Putin. We "
            "discussed Ukraine, the Middle East",
            "Donald Trump",
        ),
        _quote(
            b,
            "We believe that the strength of America, together with Ukraine and all our partners, is "
            "enough to push Russia towards peace",
            "Volodymyr Zelensky",
        ),
    ]
    findings = find_all(Dossier(articles=dossier.articles, quotes=quotes, events=dossier.events))
    variants = [f for f in findings if f.kind == "quote_variant"]
    assert len(variants) == 2
    by_speaker = {f.details["speaker"]: f for f in variants}
    assert by_speaker["Donald Trump"].details["meaning_changed"] is False
    assert by_speaker["Volodymyr Zelenskyy"].details["meaning_changed"] is True
    assert "stretch" in by_speaker["Volodymyr Zelenskyy"].details["changed_words"]
    for finding in variants:
        _assert_exact_spans(dossier, finding)


@pytest.mark.slow
def test_quote_variants_from_the_quote_stage(dossier: Dossier) -> None:
    if importlib.util.find_spec("newsprism.quotes") is None:
        pytest.skip("newsprism.quotes (the quote stage) is not written yet")
    from newsprism.config import Config
    from newsprism.model import ArticleAnalysis
    from newsprism.quotes import QuoteStage

    stage = QuoteStage(Config())
    quotes = []
    for article in dossier.articles:
        analysis = ArticleAnalysis(article=article.id)
        stage.process(article, analysis)
        quotes.extend(analysis.quotes)
    findings = find_all(Dossier(articles=dossier.articles, quotes=quotes, events=dossier.events))
    variants = [f for f in findings if f.kind == "quote_variant" and set(f.articles) == {"000", "004"}]
    assert len(variants) >= 2


def test_word_diff_and_meaning() -> None:
    assert {"op": "replace", "a": "lengthy", "b": "long"} in word_diff("a lengthy call", "a long call")
    assert meaning_changes("a lengthy call", "a long call") == []
    assert meaning_changes("America's stretch", "the strength of America") == ["strength", "stretch"]


def _claim(
    article: str,
    attribute: str,
    value: float,
    low: float | None,
    high: float | None,
    subject: str = "call",
    unit: str = "minute",
) -> Claim:
    return Claim(
        id=f"{article}:c0",
        article=article,
        text="x" * 10,
        start=0,
        end=10,
        attribute=attribute,
        value=value,
        unit=unit,
        low=low,
        high=high,
        subject=subject,
        value_start=0,
        value_end=5,
    )


def test_judge_is_typed_interval_logic() -> None:
    judge = IntervalJudge()
    assert (
        judge.compare(_claim("a", "duration", 90, 75, 90), _claim("b", "duration", 90, 80, 100)).relation
        == "compatible"
    )
    assert (
        judge.compare(_claim("a", "duration", 90, 75, 90), _claim("b", "duration", 120, 116, 124)).relation
        == "incompatible"
    )
    assert (
        judge.compare(_claim("a", "duration", 90, 75, 90), _claim("b", "count", 90, 75, 90)).relation
        == "unrelated"
    )


def test_claims_without_subject_or_one_source_make_no_finding() -> None:
    articles = [Article(id=i, text="x" * 10, original="x" * 10) for i in ("a", "b")]
    claims = [
        _claim("a", "duration", 90, 80, 100, subject=""),
        _claim("b", "duration", 30, 25, 35, subject=""),
    ]
    dossier = Dossier(articles=articles, claims=claims, events=[Event(id="e", title="", articles=["a"])])
    assert find_all(dossier) == []
    dossier.events = [Event(id="e", title="", articles=["a", "b"])]
    assert find_all(dossier) == []  # no subject: nothing to align


def test_same_outlet_is_one_source() -> None:
    articles = [Article(id=i, text="x" * 10, original="x" * 10, source="Wire") for i in ("a", "b")]
    claims = [_claim("a", "duration", 90, 80, 100), _claim("b", "duration", 30, 25, 35)]
    dossier = Dossier(articles=articles, claims=claims, events=[Event(id="e", title="", articles=["a", "b"])])
    assert find_all(dossier) == []


def test_hundred_article_event_agrees_across_all_sources() -> None:
    # its speed is measured by bench/claims_findings_timing.py, not asserted here
    sentence = (
        "The call lasted about an hour and a half, US President Donald Trump said, and "
        "about 20 percent of Ukraine is occupied; $500 billion of minerals were discussed."
    )
    articles, claims = [], []
    for n in range(100):
        text = " ".join([sentence] * 8)
        article = Article(id=f"a{n}", text=text, original=text, published="2025-02-13", source=f"outlet{n}")
        articles.append(article)
        claims.extend(extract_claims(article))
    dossier = Dossier(
        articles=articles, claims=claims, events=[Event(id="e", title="", articles=[a.id for a in articles])]
    )
    findings = find_all(dossier)
    assert any(f.kind == "agreement" and len(f.articles) == 100 for f in findings)


def test_a_different_statement_sharing_words_is_not_a_quote_variant() -> None:
    short = "We want to make peace now."
    long = "We want peace, said nobody, but now the question is how to make the war end on our terms."
    paraphrase = "Trump said that they want to make peace now."
    a = Article(id="a", text=f"“{short}” Trump said.", original="", source="A")
    b = Article(id="b", text=f"“{long}” Trump said. {paraphrase}", original="", source="B")
    quotes = [
        _quote(a, short, "Donald Trump"),
        _quote(b, long, "Donald Trump"),
        Quote(id="b:i", article="b", text=paraphrase, start=b.text.index(paraphrase),
              end=b.text.index(paraphrase) + len(paraphrase), kind="indirect", speaker="Donald Trump"),
    ]
    dossier = Dossier(articles=[a, b], quotes=quotes, events=[Event(id="e", title="", articles=["a", "b"])])
    assert [f for f in find_all(dossier) if f.kind == "quote_variant"] == []


# Two outlets whose only numbers are labels, names, phone numbers and years in names, all different
# between them, plus a duration with no subject: a naive "every number is a claim" judge would call
# each pair a conflict.
NOT_QUANTITIES = {
    "a": (
        "Peacekeepers would not be covered by Article 5. A return to Ukraine's pre-2014 borders is "
        "unrealistic. Veterans of World War II attended the talks. Call the press desk on 555-123-4567. "
        "The Euro 2024 final drew crowds. During the 2024 presidential debate, he refused to answer. "
        "Saudi Vision 2030 came up, as did the COVID-19 pandemic and the G20 summit. "
        "It lasted about 90 minutes."
    ),
    "b": (
        "Peacekeepers would be covered by Article 4. A return to the pre-2022 borders is unrealistic. "
        "Veterans of World War I attended the talks. Call the press desk on 555-987-6543. "
        "The Euro 2020 final drew crowds. During the 2020 presidential debate, he refused to answer. "
        "Saudi Vision 2035 came up, as did the COVID-20 pandemic and the G7 summit. It lasted three hours."
    ),
}


def test_numbers_that_are_not_quantities_make_no_finding_between_two_outlets() -> None:
    articles = [
        Article(id=i, text=t, original=t, published="2025-02-13", source=i.upper())
        for i, t in NOT_QUANTITIES.items()
    ]
    claims = [c for a in articles for c in extract_claims(a)]
    dossier = Dossier(articles=articles, claims=claims, events=[Event(id="e", title="", articles=["a", "b"])])
    assert claims == []
    assert find_all(dossier) == []


def test_an_event_of_one_article_makes_no_finding_not_even_single_source() -> None:
    text = (
        "The call lasted about 90 minutes. Former President Donald Trump said Kyiv owes $500 billion "
        "in minerals, and 1,200 dockworkers went on strike for a 9% pay rise; about 20 percent of "
        "Ukraine is occupied."
    )
    article = Article(id="a", text=text, original=text, published="2025-02-13", source="A")
    claims = extract_claims(article)
    assert {"duration", "title", "money", "count", "percentage"} <= {c.attribute for c in claims}
    dossier = Dossier(articles=[article], claims=claims, events=[Event(id="e", title="", articles=["a"])])
    dossier.storylines = [Storyline(id="s", title="", events=["e"])]
    assert find_all(dossier) == []


def test_demand_and_deal_figures_are_not_a_conflict() -> None:
    texts = {
        "a": "Dockworkers went on strike. The union is demanding a 9% pay rise.",
        "b": "Dockworkers went on strike. The deal gives dockworkers a 6% pay rise.",
    }
    articles = [Article(id=i, text=t, original=t, source=i.upper()) for i, t in texts.items()]
    claims = [c for a in articles for c in extract_claims(a)]
    assert {c.subject for c in claims if c.attribute == "percentage"} == {"demand", "deal"}
    dossier = Dossier(articles=articles, claims=claims, events=[Event(id="e", title="", articles=["a", "b"])])
    assert [f for f in find_all(dossier) if f.kind in ("conflict", "outlier")] == []


def test_a_meeting_length_told_with_a_verb_conflicts_with_one_told_with_a_noun() -> None:
    texts = {
        "a": "Negotiators talked for three hours in Brenna in their first meeting.",
        "b": "Delegations held talks in Brenna, meeting for 90 minutes.",
    }
    articles = [Article(id=i, text=t, original=t, source=i.upper()) for i, t in texts.items()]
    claims = [c for a in articles for c in extract_claims(a)]
    dossier = Dossier(articles=articles, claims=claims, events=[Event(id="e", title="", articles=["a", "b"])])
    (finding,) = find_all(dossier)
    assert finding.kind == "conflict" and {i.text for i in finding.items} == {"three hours", "90 minutes"}


def _voices_dossier(outlets: list[str]) -> Dossier:
    """One event told by ``outlets``; Ann Lee speaks in every outlet, Tom Wren only in the first."""
    from newsprism.model import Entity

    articles, quotes = [], []
    for number, outlet in enumerate(outlets):
        text = f"“We will rebuild the plant,” Ann Lee said. Crews worked overnight at site {number}."
        if number == 0:
            text += " “We could smell it before we heard it,” technician Tom Wren said."
        article = Article(id=f"a{number}", text=text, original=text, source=outlet)
        articles.append(article)
        for speaker, entity, words in [("Ann Lee", "lee", "We will rebuild the plant"),
                                       ("Tom Wren", "wren", "We could smell it before we heard it")]:
            start = text.find(words)
            if start >= 0:
                quotes.append(Quote(id=f"a{number}:q{entity}", article=article.id, text=words, start=start,
                                    end=start + len(words), speaker=speaker, speaker_entity=entity))
    return Dossier(
        articles=articles,
        quotes=quotes,
        entities=[
            Entity(id="lee", name="Ann Lee", kind="PERSON"),
            Entity(id="wren", name="Tom Wren", kind="PERSON"),
        ],
        events=[Event(id="fire", title="Fire", articles=[a.id for a in articles])],
    )


def test_a_person_quoted_by_only_one_outlet_is_a_single_source_finding() -> None:
    dossier = _voices_dossier(["Post", "Herald", "Ledger"])
    found = [f for f in find_all(dossier) if f.kind == "single_source"]
    assert len(found) == 1
    (finding,) = found
    assert finding.summary.startswith("Only Post quotes Tom Wren")
    (item,) = finding.items
    assert dossier.article(item.article).text[item.start : item.end] == "We could smell it before we heard it"


def test_no_single_voice_finding_when_only_two_outlets_cover_the_event() -> None:
    dossier = _voices_dossier(["Post", "Herald"])
    assert not [f for f in find_all(dossier) if f.kind == "single_source"]


def test_a_speaker_spelled_two_ways_by_two_outlets_is_not_a_single_voice() -> None:
    dossier = _voices_dossier(["Post", "Herald", "Ledger"])
    for quote in dossier.quotes:
        if quote.article == "a1" and quote.speaker == "Ann Lee":
            quote.speaker = "ann lee"  # another outlet's casing of the same canonical name
    found = [f for f in find_all(dossier) if f.kind == "single_source"]
    assert [f.details["speaker"] for f in found] == ["Tom Wren"]
