"""Opinion vs reporting: seed sentences, quote masking, rules, and the CLI's TSV."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsprism.model import Article, ArticleAnalysis
from newsprism.opinion import (
    OpinionStage,
    load_model,
    mask_quotes,
    quoted_regions,
    rule_reasons,
    run_cli,
    score_lines,
    threshold,
)

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
OPINION = [
    "This marks a definite shift in Russia’s war against Ukraine",
    "How does Trump not see that Putin knows how to get what he wants",
]
REPORTING = [
    "The talks in Istanbul lasted less than two hours.",
    "Kremlin spokesperson Dmitry Peskov confirmed that Putin is supportive",
]


@pytest.fixture(scope="module")
def flagged() -> dict[str, list[str]]:
    if not SEEDS.exists():
        pytest.skip(f"seed articles not found at {SEEDS}")
    result = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        article = Article(id=path.stem[:3], text=text, original=text)
        analysis = ArticleAnalysis(article=article.id)
        OpinionStage(None).process(article, analysis)
        for flag in analysis.opinion:
            assert text[flag.start : flag.end] == flag.text and flag.reasons
        result[article.id] = [flag.text for flag in analysis.opinion]
    return result


@pytest.mark.slow
@pytest.mark.parametrize("sentence", OPINION)
def test_seed_opinion_sentences_are_flagged(flagged: dict[str, list[str]], sentence: str) -> None:
    assert any(text.startswith(sentence) for text in flagged["000"])


@pytest.mark.slow
@pytest.mark.parametrize("sentence", REPORTING)
def test_seed_reporting_sentences_are_not_flagged(flagged: dict[str, list[str]], sentence: str) -> None:
    assert not any(text.startswith(sentence) for texts in flagged.values() for text in texts)


@pytest.mark.slow
def test_quoted_speech_is_not_the_outlets_opinion(flagged: dict[str, list[str]]) -> None:
    assert not any("God bless the people" in text for text in flagged["000"])


@pytest.mark.slow
def test_sentence_scores_follow_article_sentences() -> None:
    from newsprism.model import Sentence

    text = "The talks lasted two hours. How can anyone believe this ridiculous plan?"
    article = Article(
        id="a", text=text, original=text, sentences=[Sentence(0, 27, 0), Sentence(28, len(text), 0)]
    )
    analysis = ArticleAnalysis(article="a")
    OpinionStage(None).process(article, analysis)
    assert len(analysis.sentence_scores) == 2
    assert analysis.sentence_scores[1] > analysis.sentence_scores[0]
    assert [f.start for f in analysis.opinion] == [28]


def test_mask_quotes() -> None:
    assert "stretch" not in mask_quotes("He said, “America’s stretch is sufficient,” on X.")
    assert mask_quotes("abc def", [(0, 3)]).split() == ["QUOTED", "def"]


def test_quotes_spanning_sentences_are_masked() -> None:
    text = "“It is time. God bless them!” Trump added."
    assert quoted_regions(text) == [(0, text.index("”") + 1)]


def test_a_quote_left_open_is_masked_to_its_end() -> None:
    """News convention: a quote that runs on into the next paragraph is not closed in this one."""
    assert mask_quotes("“ But the way I look at it, this is a disgrace").split() == ["QUOTED"]
    text = "“The first part is a disgrace.\n“The rest is worse,” he said."
    assert quoted_regions(text) == [(0, text.index("\n")), (text.index("\n") + 1, text.index("”") + 1)]
    assert quoted_regions("He said: “and it goes on") == [(9, 24)]


def test_ptb_style_quotes_are_masked() -> None:
    assert mask_quotes("`` We deserve better,'' the rep told People.").split() == [
        "QUOTED", "the", "rep", "told", "People."
    ]  # fmt: skip
    assert mask_quotes("`` I said, this is awful").split() == ["QUOTED"]


def test_rule_reasons() -> None:
    assert "rhetorical question" in rule_reasons("How does Trump not see the obvious?")
    assert "editorial framing" in rule_reasons("This marks a definite shift in the war.")
    assert rule_reasons("The talks in Istanbul lasted less than two hours.") == []


def test_model_file_is_small_and_documented() -> None:
    model_dir = Path(__file__).resolve().parents[1] / "src" / "newsprism" / "models"
    for name in ("opinion_fast.json.gz", "opinion_use.json.gz", "opinion_e5.json.gz"):
        assert (model_dir / name).stat().st_size < 5_000_000
    for choice in ("fast", "accurate", "e5"):
        model = load_model(choice)
        assert model is not None and "CheckThat" in model.trained_on and 0 < threshold(choice) < 1
    assert "CC BY-NC-SA" in (model_dir / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_run_cli_plain_lines_and_tsv(tmp_path: Path) -> None:
    plain = tmp_path / "s.txt"
    plain.write_text(
        "The talks lasted two hours.\nHow can anyone defend this ridiculous plan?\n", encoding="utf-8"
    )
    out = io.StringIO()
    run_cli(plain, out)
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert rows[0] == ["id", "score", "label"] and [r[0] for r in rows[1:]] == ["1", "2"]
    assert rows[2][2] == "SUBJ" and rows[1][2] == "OBJ"
    tsv = tmp_path / "s.tsv"
    tsv.write_text("sentence_id\tsentence\nx1\tThe talks lasted two hours.\n", encoding="utf-8")
    out = io.StringIO()
    run_cli(tsv, out)
    assert out.getvalue().splitlines()[1].startswith("x1\t")
    assert len(score_lines(["One.", "Two sentences here now."])) == 2


def test_fast_scorer_matches_scikit_learn_features() -> None:
    """The per-article scorer is a shortcut, not a new model: same logits as the sparse TF-IDF path."""
    import numpy as np

    model = load_model("fast")
    assert model is not None
    texts = [
        "The talks in Istanbul lasted less than two hours.",
        "How does Trump not see that Putin knows how to get what he wants?",
        "  QUOTED , he said.  ",
        "a I x, ΣΑΣ Straße 12³ — don't!!",
        "",
        "Ukraine’s   president, Volodymyr Zelensky, said he would go\tto Istanbul.",
    ]
    sparse = model.features(texts) @ model.coef + model.intercept
    assert np.allclose(model.fast_logits(texts), sparse, rtol=0, atol=1e-12)
    char = model.vectorizers["char"]
    scorer = model.ngram_scorer("char", len(model.vectorizers["word"].idf_))
    for word in ("a", "ab", "abc", "abcd", "ukraine’s", "σας", "x" * 9):
        assert scorer.word_char_ngrams(word) == char.build_analyzer()(word)


@pytest.mark.slow
@pytest.mark.parametrize("choice", ["accurate", "e5"])
def test_encoder_models_rank_opinion_above_reporting(choice: str) -> None:
    """Each encoder model scores raw encoder output: the scaling its fit used is folded into its
    weights, so an editorial sentence must still outrank a plain report."""
    from newsprism.errors import MissingExtra
    from newsprism.opinion import predict_proba

    model = load_model(choice)
    assert model is not None and model.ensemble_with in (None, "fast")
    block = next(b for b in model.blocks if b in ("use", "e5"))
    try:
        from newsprism.opinion import encode

        encode(block, ["warm-up"])
    except MissingExtra:
        pytest.skip(f"the {block} encoder is not installed")
    sentences = [*REPORTING, "This is a shameful, reckless betrayal, and we should all be ashamed of it."]
    scores = predict_proba(sentences, choice)
    assert scores is not None
    assert scores[-1] >= threshold(choice) > max(scores[:-1])


def test_articles_in_other_languages_are_scored_by_the_multilingual_encoder_model() -> None:
    from newsprism.opinion import OpinionStage

    stage = OpinionStage()
    assert stage.choice_for("en") == stage.choice_for(None) == "fast"
    assert stage.choice_for("fr") == "accurate"


@pytest.mark.slow
def test_a_french_wire_report_is_not_flagged_as_opinion() -> None:
    from newsprism.clean import clean_document
    from newsprism.config import Config
    from newsprism.demo import demo_path
    from newsprism.model import ArticleAnalysis, RawDocument
    from newsprism.opinion import OpinionStage
    from newsprism.pipeline import read_inputs

    (raw,) = [
        doc
        for doc in read_inputs([demo_path() / "cl_pourparlers_vell.html"], Config())
        if isinstance(doc, RawDocument)
    ]
    article = clean_document(raw, Config())
    assert article.language == "fr"
    analysis = ArticleAnalysis(article=article.id)
    OpinionStage().process(article, analysis)
    assert not [f.text for f in analysis.opinion if f.text.startswith("Les deux délégations")]


# --------------------------------------------------------------------------- the reporting layer
WIRE_LEAD = (
    "SELVO, April 16 (CPA) – The two governments agreed on Tuesday to share river data, but the second "
    "round of talks ended without a deal on how much water must flow downstream."
)
DATED_REPORTS = [
    "The ministry said on Tuesday that the reservoir would be filled over seven years rather than five.",
    "Negotiators from both countries talked for three hours in Brenna on Tuesday, but left without a deal.",
    "“This is a shameful, reckless betrayal,” the opposition leader said on Monday.",
]


def test_news_cues_read_attribution_time_and_speculation() -> None:
    from newsprism.opinion import NEWS_CUES, news_cues

    assert NEWS_CUES == ("credited statement", "quote then speech verb", "time anchors", "speculative modal")
    assert news_cues("The ministry said the dam is safe.")[0] == 1.0
    assert news_cues("According to the company, output fell.")[0] == 1.0
    assert news_cues(" QUOTED , the union leader told members.")[1] == 1.0
    assert news_cues("They met on Tuesday, March 12, in 2024.")[2] == 2.0  # counted up to two
    assert news_cues("Shoppers may soon notice.")[3] == 1.0
    assert news_cues("The plan is a betrayal.") == [0.0, 0.0, 0.0, 0.0]


def test_fast_model_carries_a_reporting_layer_that_sets_its_threshold() -> None:
    """The layer was fitted on CheckThat! out-of-fold probabilities: reporting evidence must pull the
    score down and the layer's CV-chosen cut must be the operating point."""
    model = load_model("fast")
    assert model is not None and model.reporting is not None
    credited, quote_verb, time_anchors, _ = model.reporting.weights
    assert credited < 0 and quote_verb < 0 and time_anchors < 0
    assert threshold("fast") == model.reporting.threshold


def test_reporting_layer_round_trips_and_refuses_other_cues() -> None:
    from newsprism.opinion import ReportingCalibration

    layer = ReportingCalibration(slope=0.5, weights=(-0.6, -0.9, -0.5, 0.2), intercept=0.1, threshold=0.6)
    payload = layer.to_payload()
    assert ReportingCalibration.from_payload(payload) == layer
    with pytest.raises(ValueError):
        ReportingCalibration.from_payload(dict(payload, cues=["time anchors"]))


def test_dated_and_credited_reports_are_not_flagged() -> None:
    scores = score_lines(DATED_REPORTS)
    assert max(scores) < threshold("fast"), scores


def test_a_wire_dateline_lead_is_reporting_unless_a_rule_fires() -> None:
    from newsprism.opinion import DATELINE_CEILING, score_masked

    (lead,) = score_masked([mask_quotes(WIRE_LEAD)])
    assert lead.score <= DATELINE_CEILING and "wire dateline: reporting" in lead.reasons
    (framed,) = score_masked(["BRENNA, May 2 (CPA) – Make no mistake: this plan is a ridiculous gamble."])
    assert framed.score >= threshold("fast") and "editorial framing" in framed.reasons


def test_evaluative_words_inside_quotes_are_the_speakers_not_the_outlets() -> None:
    outlet, speaker = score_lines(
        [
            "The plan is a reckless, shameful betrayal that nobody should ever accept.",
            "Critics said the plan was “a reckless, shameful betrayal that nobody should ever accept”.",
        ]
    )
    assert outlet >= threshold("fast") > speaker
