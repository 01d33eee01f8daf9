"""The storage contract, run against every backend (see the ``store`` fixture)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsprism.model import Article, ArticleAnalysis, Quote
from newsprism.store import Storage, open_store


def make_article(article_id: str, text: str, url: str | None = None) -> Article:
    return Article(
        id=article_id,
        text=text,
        original=text,
        title=f"Title of {article_id}",
        url=url,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def test_put_is_idempotent_on_content(store: Storage) -> None:
    first = store.put_articles([make_article("a", "Trump called Putin."), make_article("b", "Kyiv waits.")])
    again = store.put_articles([make_article("a", "Trump called Putin."), make_article("b", "Kyiv waits.")])
    assert first.added == ["a", "b"]
    assert again.added == [] and again.revised == [] and again.unchanged == ["a", "b"]
    assert store.count_articles() == 2
    assert [r.revision for r in store.revisions("a")] == [1]


def test_changed_text_at_same_id_is_a_new_revision(store: Storage) -> None:
    store.put_articles([make_article("a", "Trump called Putin.")])
    result = store.put_articles([make_article("a", "Trump called Putin for 90 minutes.")])
    assert result.revised == ["a"]
    assert store.get_article("a").text == "Trump called Putin for 90 minutes."  # type: ignore[union-attr]
    texts = [r.text for r in store.revisions("a")]
    assert texts == ["Trump called Putin.", "Trump called Putin for 90 minutes."]
    assert store.count_articles() == 1


def test_changed_text_at_same_url_is_a_revision_of_that_article(store: Storage) -> None:
    store.put_articles([make_article("h1", "First version.", url="https://example.org/a")])
    result = store.put_articles([make_article("h2", "Second version.", url="https://example.org/a")])
    assert result.revised == ["h1"]
    assert store.article_ids() == ["h1"]


def test_dropping_analyses_keeps_the_articles_and_leaves_them_to_analyse_again(store: Storage) -> None:
    store.put_articles([make_article("a", "He said “hello”."), make_article("b", "Kyiv waits.")])
    quote = Quote(id="a:q1", article="a", text="hello", start=10, end=15)
    store.put_analyses([ArticleAnalysis(article="a", quotes=[quote]), ArticleAnalysis(article="b")])
    assert store.unanalysed_ids() == [] and [h.kind for h in store.search("hello")] == ["article", "quote"]
    store.drop_analyses()
    assert store.unanalysed_ids() == ["a", "b"] and store.count_articles() == 2
    assert list(store.iter_analyses()) == [] and [h.kind for h in store.search("hello")] == ["article"]


def test_analyses_follow_the_current_revision(store: Storage) -> None:
    store.put_articles([make_article("a", "He said “hello”.")])
    assert store.unanalysed_ids() == ["a"]
    quote = Quote(id="a:q1", article="a", text="hello", start=10, end=15)
    store.put_analyses([ArticleAnalysis(article="a", quotes=[quote])])
    assert store.unanalysed_ids() == []
    assert next(store.iter_analyses()).quotes[0].text == "hello"
    store.put_articles([make_article("a", "He said “goodbye”.")])
    assert store.unanalysed_ids() == ["a"]  # the new text needs a new analysis


def test_collection_records_and_state_round_trip(store: Storage) -> None:
    store.put_collection({"events": [{"id": "e1", "title": "Call", "articles": ["a"]}], "findings": []})
    store.put_collection({"events": [{"id": "e2", "title": "Talks", "articles": ["b"]}]})
    assert store.get_collection("events") == [{"id": "e2", "title": "Talks", "articles": ["b"]}]
    store.put_state("events", b"\x00\x01index")
    assert store.get_state("events") == b"\x00\x01index"
    assert store.get_state("missing") is None


def test_search_finds_articles_quotes_and_entities(store: Storage) -> None:
    store.put_articles([make_article("a", "Zelensky spoke with Trump in Munich.")])
    quote = Quote(id="a:q1", article="a", text="We want peace", start=0, end=5, speaker="Volodymyr Zelensky")
    store.put_analyses([ArticleAnalysis(article="a", quotes=[quote])])
    store.put_collection(
        {"entities": [{"id": "p1", "name": "Volodymyr Zelensky", "kind": "PERSON", "aliases": ["Zelenskyy"]}]}
    )
    kinds = {hit.kind for hit in store.search("Zelensky")}
    assert kinds == {"article", "quote", "entity"}
    assert store.search("munich")[0].id == "a"
    assert store.search('"; DROP TABLE articles; --') == []  # punctuation never breaks the query


def test_a_failed_batch_writes_nothing(store: Storage) -> None:
    good = make_article("good", "A good article.")
    bad = make_article("bad", "A bad article.")
    bad.title = object()  # type: ignore[assignment]  # cannot be serialised: the batch must roll back
    with pytest.raises(TypeError):
        store.put_articles([good, bad])
    assert store.count_articles() == 0


def test_sqlite_store_survives_a_kill_mid_ingest(tmp_path: Path) -> None:
    """A process killed while writing leaves a store that opens and holds every committed batch."""
    db = tmp_path / "killed.sqlite"
    script = textwrap.dedent(
        f"""
        import hashlib, os
        from newsprism.model import Article
        from newsprism.store import open_store
        store = open_store({str(db)!r})
        for batch in range(3):
            arts = [Article(id=f"{{batch}}-{{i}}", text=f"text {{batch}} {{i}}", original="",
                            content_hash=hashlib.sha256(f"{{batch}}{{i}}".encode()).hexdigest())
                    for i in range(50)]
            store.put_articles(arts)
        store._db.execute("BEGIN IMMEDIATE")
        store._db.execute("INSERT INTO articles (id, revision, content_hash, data) "
                          "VALUES ('half', 1, 'x', '{{}}')")
        os._exit(9)  # killed mid-transaction, no cleanup
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    with open_store(db) as store:
        assert store.count_articles() == 150
        assert store.get_article("half") is None
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_file_that_is_not_a_store_gives_a_clear_error(tmp_path: Path) -> None:
    from newsprism.errors import StoreError

    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"junk\.sqlite"):
        open_store(junk)
