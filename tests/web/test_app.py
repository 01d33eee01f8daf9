"""Every page and API route through FastAPI's TestClient, on the seeds with hand-built analyses."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newsprism.store import open_store
from newsprism.web import create_app
from newsprism.web.app import CSP, safe_url

from .corpus import CONFLICT_A, CONFLICT_B, VARIANT_A


def _article_id(client: TestClient, needle: str) -> str:
    for event in client.get("/api/home").json()["events"]:
        for article in client.get(f"/api/events/{event['id']}").json()["articles"]:
            text = client.get(f"/api/articles/{quote(article['id'], safe='')}").json()["article"]["text"]
            if needle in text:
                return article["id"]
    raise AssertionError(needle)


def test_home_lists_events_newest_first_with_counts(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert html.index("Zelensky to meet Vance") < html.index("Trump and Putin agree by phone")
    assert "1 conflict" in html and "1 quote variant" in html
    assert '<svg class="spark"' in html
    assert "Ukraine peace talks" in html  # the storyline
    assert "5 articles from 5 outlets" in html


def test_home_filters_by_outlet_language_and_dates(client: TestClient) -> None:
    only_rome = client.get("/", params={"outlet": "Rome Post"}).text
    assert "Trump and Putin agree by phone" in only_rome and "Zelensky to meet Vance" not in only_rome
    assert "Zelensky to meet Vance" not in client.get("/", params={"since": "2025-02-14"}).text
    assert "No event matches" in client.get("/", params={"language": "fr"}).text
    api = client.get("/api/home", params={"until": "2025-02-12"}).json()
    assert [e["id"] for e in api["events"]] == ["ev-call"]


def test_search_finds_articles_and_quotes(client: TestClient) -> None:
    html = client.get("/", params={"q": "ridiculous"}).text
    assert "Search: “ridiculous”" in html and 'class="kind kind-article"' in html
    hits = client.get("/api/search", params={"q": "COMMON SENSE"}).json()["hits"]
    assert {"article", "quote"} <= {h["kind"] for h in hits}
    quote_hit = next(h for h in hits if h["kind"] == "quote")
    assert re.search(r"\?span=\d+-\d+#span-\d+-\d+$", quote_hit["href"])


def test_event_page_shows_briefing_findings_quotes_entities_articles(client: TestClient) -> None:
    page = client.get("/event/ev-call")
    assert page.status_code == 200
    html = page.text
    assert "Outlets differ on how long it lasted." in html
    assert html.count('class="cite"') == 3
    assert "Conflicts" in html and CONFLICT_A in html and CONFLICT_B in html
    # the quote variant diffed word by word
    assert "<del>lengthy </del><ins>long </ins>" in html and "<ins>Russian </ins>" in html
    assert "Who said what" in html
    assert re.search(r'<h3><a href="/entity/[^"]+">[^<]*Trump[^<]*</a> <span class="count">\d+ quotes', html)
    assert "Vladimir Putin" in html
    assert "Opinion Daily" in html and "2025-02-14" in html
    assert "No duplicate groups" not in html


def test_event_api_mirrors_the_page(client: TestClient) -> None:
    data = client.get("/api/events/ev-call").json()
    assert data["summary"]["articles"] == 4 and data["summary"]["conflicts"] == 1
    assert set(data["findings"]) == {"conflict", "quote_variant", "agreement"}
    assert data["briefing"]["sentences"][1]["citations"][0]["text"] == CONFLICT_A
    assert any(g for s in data["quotes"] for g in s["groups"] if len(g) > 1)
    assert client.get("/api/events/nope").status_code == 404


def test_citations_open_the_cited_span(client: TestClient) -> None:
    event = client.get("/event/ev-call").text
    href = re.search(r'class="cite" href="([^"]+)"', event)[1].replace("&amp;", "&")
    page = client.get(href)
    assert page.status_code == 200
    start, end = map(int, re.search(r"span=(\d+)-(\d+)", href).groups())
    assert f'id="span-{start}-{end}"' in page.text
    cited = re.findall(r'<span class="[^"]*hl-cited[^"]*" data-s="(\d+)" data-e="(\d+)"', page.text)
    assert cited and int(cited[0][0]) == start and int(cited[-1][1]) == end
    article_id = href.split("/article/")[1].split("?")[0]
    text = client.get(f"/api/articles/{article_id}").json()["article"]["text"]
    assert text[start:end] == VARIANT_A


def test_article_page_highlights_and_reveals_removed_lines(client: TestClient, seed_db: str) -> None:
    article_id = _article_id(client, VARIANT_A)
    with open_store(seed_db) as store:
        article = store.get_article(article_id)
    html = client.get(f"/article/{article_id}").text
    assert 'class="hl-quote' in html or "hl-quote" in html
    assert "hl-ent" in html and 'href="/entity/' in html and "hl-opinion" in html
    assert 'href="https://example.org/' in html  # http(s) source link kept
    # the body is the article text, escaped, with only our own tags around it
    body = re.search(r'<div class="body" id="article-body">(.*?)</div>', html, re.S)[1]
    plain = re.sub(r"<[^>]+>", "", body)
    import html as html_lib

    assert html_lib.unescape(plain) == article.text


def test_entity_page_lists_quotes_over_time(client: TestClient) -> None:
    event = client.get("/api/events/ev-call").json()
    trump = next(e for e in event["entities"] if "Trump" in e["name"] and e["id"])
    html = client.get(f"/entity/{trump['id']}").text
    assert "Quotes over time" in html and "Trump" in html and "President" in html
    data = client.get(f"/api/entities/{trump['id']}").json()
    dates = [q["published"] for q in data["quotes"]]
    assert dates == sorted(dates) and len(dates) >= 3
    assert client.get("/entity/nobody").status_code == 404


def test_storyline_page_plots_the_timeline(client: TestClient) -> None:
    html = client.get("/storyline/st-peace").text
    assert '<svg class="timeline-plot"' in html
    assert html.count('<g class="marker') == 2
    assert "Russia invades Ukraine" in html and "(referred to)" in html
    data = client.get("/api/storylines/st-peace").json()
    assert [e["id"] for e in data["events"]] == ["ev-call", "ev-munich"]
    assert client.get("/api/storylines/x").status_code == 404


def test_unknown_pages_are_404(client: TestClient) -> None:
    for path in ("/event/x", "/article/x", "/storyline/x", "/api/articles/x", "/api/ingest/x"):
        assert client.get(path).status_code == 404, path


def test_security_headers_and_offline_docs(client: TestClient) -> None:
    page = client.get("/")
    assert page.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert "<script>" not in page.text  # only external scripts
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/events/{event_id}"]
    assert client.get("/api/dossier").json()["schema_version"]


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example", False),
        ("https:/no-host", False),
    ],
)
def test_only_http_urls_are_linked(url: str, kept: bool) -> None:
    assert (safe_url(url) is not None) is kept


# --------------------------------------------------------------------------- ingest


def _fake_runner(seen: list, release: threading.Event | None = None):
    def run(inputs, store, progress):
        for _ in progress(inputs, "ingest", len(inputs)):
            if release is not None:
                release.wait(5)
        seen.append(inputs)
        return f"articles: {len(inputs)} read"

    return run


def _wait(client: TestClient, job_id: str) -> dict:
    for _ in range(100):
        job = client.get(f"/api/ingest/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def test_ingest_saves_uploads_under_the_data_dir_with_safe_names(tmp_path: Path) -> None:
    seen: list = []
    db = tmp_path / "news.sqlite"
    with TestClient(create_app(str(db), runner=_fake_runner(seen))) as client:
        response = client.post(
            "/api/ingest",
            files=[("files", ("../../etc/.passwd evil.txt", b"Some text.", "text/plain"))],
            data={"text": "Pasted article body.", "title": "Pasted", "urls": "https://example.org/a\n"},
        )
        assert response.status_code == 202, response.text
        job = _wait(client, response.json()["id"])
    assert job["state"] == "done" and job["done"] == 3
    files, record, url = seen[0]
    path = Path(files)
    assert path.is_relative_to(tmp_path / "news-data" / "uploads")
    assert path.name == "001-passwd_evil.txt" and path.read_bytes() == b"Some text."
    assert record["text"] == "Pasted article body." and url == "https://example.org/a"


def test_ingest_refuses_oversized_uploads_bad_urls_and_cross_site_posts(tmp_path: Path, monkeypatch) -> None:
    from newsprism.web import app as app_module

    monkeypatch.setattr(app_module, "MAX_UPLOAD_BYTES", 1000)
    with TestClient(create_app(str(tmp_path / "n.sqlite"), runner=_fake_runner([]))) as client:
        big = client.post("/api/ingest", files=[("files", ("big.txt", b"x" * 5000, "text/plain"))])
        assert big.status_code == 413
        assert not any((tmp_path / "n-data").rglob("*.txt"))
        assert client.post("/api/ingest", data={"urls": "javascript:alert(1)"}).status_code == 400
        assert client.post("/api/ingest", data={}).status_code == 400
        cross = client.post("/api/ingest", data={"text": "x"}, headers={"Origin": "https://evil.example"})
        assert cross.status_code == 403


def test_readers_are_not_blocked_while_a_job_runs(seed_db: str) -> None:
    release = threading.Event()
    with TestClient(create_app(seed_db, runner=_fake_runner([], release))) as client:
        job = client.post("/api/ingest", data={"text": "Pasted."}).json()
        started = time.monotonic()
        assert client.get("/event/ev-call").status_code == 200
        assert time.monotonic() - started < 2
        assert client.get(f"/api/ingest/{job['id']}").json()["state"] in ("queued", "running")
        release.set()
        assert _wait(client, job["id"])["state"] == "done"


def test_form_post_redirects_to_progress_page(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "n.sqlite"), runner=_fake_runner([]))) as client:
        response = client.post("/ingest", data={"text": "Pasted."}, follow_redirects=False)
        assert response.status_code == 303
        page = client.get(response.headers["location"])
        assert page.status_code == 200 and "Progress" in page.text


def test_dossier_is_rebuilt_only_when_the_store_changes(tmp_path: Path, seed_db: str) -> None:
    db = str(tmp_path / "copy.sqlite")
    shutil.copy(seed_db, db)
    app = create_app(db)
    cache = app.state.cache
    first = cache.get()
    assert cache.get() is first
    from newsprism.model import Article

    with open_store(db) as writer:
        writer.put_articles(
            [Article(id="late", text="A late article.", original="A late article.", content_hash="late")]
        )
    assert cache.get() is not first and "late" in cache.get().articles
