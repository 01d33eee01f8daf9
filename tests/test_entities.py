"""Entities: names, roles, article-local clusters, the collection-wide resolver, bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsprism.config import Config
from newsprism.entities import (
    SpacyEntityStage,
    canonical_name,
    paragraph_chunks,
    parse,
    person_parts,
    resolve_entities,
)
from newsprism.model import Article, ArticleAnalysis, Entity, Mention
from newsprism.quotes import QuoteStage

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


# --------------------------------------------------------------------------- fast: no model


def _analysis(article: str, entities: list[Entity]) -> ArticleAnalysis:
    mentions = [Mention(article, 0, len(a), a, e.id) for e in entities for a in e.aliases]
    return ArticleAnalysis(article=article, entities=entities, mentions=mentions)


def test_resolver_merges_spelling_variants_and_short_forms() -> None:
    analyses = [
        _analysis(
            "a",
            [
                Entity("a:e1", "Volodymyr Zelenskyy", "PERSON", ["Volodymyr Zelenskyy", "Zelenskyy"]),
                Entity("a:e2", "Mike Waltz", "PERSON", ["Mike Waltz"], ["National Security Adviser"]),
                Entity("a:e3", "Kiev", "GPE", ["Kiev"]),
            ],
        ),
        _analysis(
            "b",
            [
                Entity("b:e1", "Volodymyr Zelensky", "PERSON", ["Volodymyr Zelensky", "Zelensky"]),
                Entity("b:e2", "Michael Waltz", "PERSON", ["Michael Waltz"]),
                Entity("b:e3", "Kyiv", "GPE", ["Kyiv"]),
                Entity("b:e4", "Zelensky", "PERSON", ["Zelensky"]),
            ],
        ),
    ]
    entities, mapping = resolve_entities(analyses)
    assert mapping["a:e1"] == mapping["b:e1"] == mapping["b:e4"]
    assert mapping["a:e2"] == mapping["b:e2"]
    assert mapping["a:e3"] == mapping["b:e3"]
    zelensky = next(e for e in entities if e.id == mapping["a:e1"])
    assert {"Zelensky", "Zelenskyy", "Volodymyr Zelensky"} <= set(zelensky.aliases)
    waltz = next(e for e in entities if e.id == mapping["a:e2"])
    assert waltz.roles == ["National Security Adviser"]


def test_resolver_keeps_different_people_with_one_surname_apart() -> None:
    analyses = [
        _analysis(
            "a",
            [
                Entity("a:e1", "Donald Trump", "PERSON", ["Donald Trump"]),
                Entity("a:e2", "Melania Trump", "PERSON", ["Melania Trump"]),
                Entity("a:e3", "Marco Rubio", "PERSON", ["Marco Rubio"]),
                Entity("a:e4", "Marco Rubin", "PERSON", ["Marco Rubin"]),
            ],
        )
    ]
    _, mapping = resolve_entities(analyses)
    assert mapping["a:e1"] != mapping["a:e2"]
    assert mapping["a:e3"] == mapping["a:e4"]  # one edit apart with a shared first name: documented rule


def test_canonical_name_rule() -> None:
    from collections import Counter

    names = Counter({"Trump": 9, "Donald Trump": 3, "Donald J. Trump": 1})
    assert canonical_name(names, {"Trump": 0, "Donald Trump": 5, "Donald J. Trump": 9}) == "Donald Trump"
    assert person_parts("Mike Waltz") == person_parts("Michael Waltz")


def test_paragraph_chunks_cover_the_text_exactly() -> None:
    text = "Title\n\nFirst paragraph. " + "Long sentence here. " * 50 + "\nLast."
    chunks = paragraph_chunks(text, limit=200)
    assert "".join(text[a:b] for a, b in chunks) == text
    assert all(b - a <= 200 for a, b in chunks)


def test_language_without_parser_is_noted_not_raised() -> None:
    article = Article(id="x", text="Текст без парсера.", original="", language="ru")
    analysis = ArticleAnalysis(article="x")
    SpacyEntityStage(Config()).process(article, analysis)
    assert analysis.entities == [] and analysis.notes == ["entities: no parser for language ru"]


# --------------------------------------------------------------------------- seeds (spaCy)


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[Article, ArticleAnalysis]]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (shared data is not part of the repo)")
    stage = SpacyEntityStage(Config())
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        article = Article(id=path.stem[:3], text=text, original=text)
        analysis = ArticleAnalysis(article=article.id)
        stage.process(article, analysis)
        out[article.id] = (article, analysis)
    return out


def _entity(analysis: ArticleAnalysis, name: str) -> Entity:
    return next(e for e in analysis.entities if e.name == name)


@pytest.mark.slow
def test_every_mention_span_is_exact(seeds: dict) -> None:
    for article, analysis in seeds.values():
        ids = {e.id for e in analysis.entities}
        for mention in analysis.mentions:
            assert article.text[mention.start : mention.end] == mention.text
            assert mention.entity in ids


@pytest.mark.slow
def test_titles_become_roles(seeds: dict) -> None:
    _, analysis = seeds["001"]
    assert "Russian President" in _entity(analysis, "Vladimir Putin").roles
    assert "Vice President" in _entity(analysis, "JD Vance").roles
    _, analysis = seeds["002"]
    assert "Kremlin spokesperson" in _entity(analysis, "Dmitry Peskov").roles
    _, analysis = seeds["000"]
    assert any("National Security Adviser" in r for r in _entity(analysis, "Mike Waltz").roles)


@pytest.mark.slow
def test_collection_resolution_on_seeds(seeds: dict) -> None:
    entities, mapping = resolve_entities([analysis for _, analysis in seeds.values()])
    by_alias = {alias: e for e in entities for alias in e.aliases}
    assert by_alias["Zelensky"] is by_alias["Zelenskyy"] is by_alias["Volodymyr Zelenskyy"]
    assert by_alias["Mike Waltz"] is by_alias["Michael Waltz"]
    assert by_alias["Kiev"] is by_alias["Kyiv"]
    assert by_alias["Trump"].name == "Donald Trump"
    assert all(local in mapping for _, a in seeds.values() for local in (e.id for e in a.entities))


@pytest.mark.slow
def test_huge_article_runs_in_bounded_time() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    body = (SEEDS / "001_57a13b51bf676c42.txt").read_text(encoding="utf-8")
    text = "\n".join([body] * (50_000 // len(body.split()) + 1)) + "\nAn open quote “that never closes"
    assert len(text.split()) >= 50_000
    article = Article(id="huge", text=text, original=text)
    analysis = ArticleAnalysis(article="huge")
    start = time.perf_counter()
    SpacyEntityStage(Config()).process(article, analysis)
    QuoteStage(Config()).process(article, analysis)
    assert time.perf_counter() - start < 90
    assert any("only the first" in note for note in analysis.notes)
    assert all(q.end - q.start < 5_000 for q in analysis.quotes)
    assert parse(article) is not None


# --------------------------------------------------------------------------- batch parsing


@pytest.mark.slow
def test_fast_pos_equals_the_attribute_ruler(seeds: dict) -> None:
    from newsprism import nlp

    pipeline = nlp.spacy_pipeline("en")
    for article, _ in seeds.values():
        ours = parse(article).doc  # type: ignore[union-attr]
        for chunk in paragraph_chunks(article.text)[:12]:
            full = pipeline(article.text[chunk[0] : chunk[1]], disable=["lemmatizer"])
            theirs = ours.char_span(chunk[0], chunk[1], alignment_mode="expand")
            if theirs is None or [t.text for t in theirs] != [t.text for t in full]:
                continue
            assert [t.pos_ for t in theirs] == [t.pos_ for t in full]


def _records(analysis: ArticleAnalysis) -> tuple:
    return (
        [(e.name, e.kind) for e in analysis.entities],
        [(m.start, m.end, m.kind) for m in analysis.mentions],
        [(q.start, q.end, q.speaker, q.cue) for q in analysis.quotes],
    )


@pytest.mark.slow
def test_prepare_and_analyse_many_give_the_per_article_records(seeds: dict) -> None:
    from newsprism import entities

    articles = [article for article, _ in seeds.values()][:3]
    stage, quotes = SpacyEntityStage(Config()), QuoteStage(Config())

    def one_by_one() -> list[tuple]:
        out = []
        for article in articles:
            analysis = ArticleAnalysis(article=article.id)
            stage.process(article, analysis)
            quotes.process(article, analysis)
            out.append(_records(analysis))
        return out

    entities.clear_cache()
    expected = one_by_one()
    entities.clear_cache()
    stage.prepare(articles)
    assert one_by_one() == expected
    for processes in (1, 2):
        entities.clear_cache()
        got = entities.analyse_many(articles, n_process=processes)
        assert [_records(a) for a in got] == expected


@pytest.mark.slow
def test_a_name_the_ner_misses_is_a_person_when_an_occupation_follows_it() -> None:
    from newsprism.entities import SpacyEntityStage

    text = (
        "Tomasz Wren, a technician who was on shift, said the alarm sounded at about twenty to midnight. "
        "Brightway Motors, a carmaker, said it would recall cars."
    )
    article = Article(id="t", text=text, original=text)
    analysis = ArticleAnalysis(article="t")
    SpacyEntityStage(Config()).process(article, analysis)
    people = {e.name: e for e in analysis.entities if e.kind == "PERSON"}
    assert "Tomasz Wren" in people and "technician" in " ".join(people["Tomasz Wren"].roles)
    assert "Brightway Motors" not in people


@pytest.mark.slow
def test_a_surname_with_a_particle_that_ner_cut_is_joined_whole() -> None:
    # en_core_web_sm reads "Ursula von der" as a person and "Leyen" as a place
    text = "Trump said he spoke with “Ursula von der Leyen, President of the European Commission.”"
    article = Article(id="particle", text=text, original=text, language="en")
    analysis = ArticleAnalysis(article="particle")
    SpacyEntityStage(Config()).process(article, analysis)
    names = {e.name: e.kind for e in analysis.entities}
    assert names.get("Ursula von der Leyen") == "PERSON" and "Leyen" not in names
    assert any(m.text == "Ursula von der Leyen" for m in analysis.mentions)
