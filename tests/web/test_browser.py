"""The pages in a real browser (headless Debian chromium via Playwright): what an analyst sees.

Each test clicks through home → event → article → entity, checks the console stayed clean (CSP
violations show up there too), and saves screenshots to test-artifacts/web/.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from newsprism.store import open_store
from newsprism.web import create_app

from .corpus import CONFLICT_A, CONFLICT_B, PAYLOAD, VARIANT_A, put_hostile

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed at /usr/bin/chromium (apt-get install -y chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@contextmanager
def serving(db: str, **app_options: Any) -> Iterator[str]:
    """uvicorn on 127.0.0.1 on a free port, in a thread, for the length of the block."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db, **app_options), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)


class Watched:
    """A page whose console errors, uncaught exceptions and dialogs are recorded."""

    def __init__(self, browser: Any, name: str) -> None:
        self.context = browser.new_context(viewport={"width": 1366, "height": 860})
        self.page = self.context.new_page()
        self.name = name
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, step: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{step}.png"), full_page=False)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any, request: pytest.FixtureRequest) -> Iterator[Watched]:
    tab = Watched(browser, request.node.name.removeprefix("test_"))
    yield tab
    tab.close()


def test_seeds_home_event_article_entity(watched: Watched, seed_db: str) -> None:
    page = watched.page
    with serving(seed_db) as base:
        page.goto(base + "/")
        events = page.locator("ol.events > li.event-row a.event-title")
        assert "Trump and Putin agree by phone to start Ukraine talks" in events.all_inner_texts()
        assert "Zelensky to meet Vance and Rubio in Munich as NATO seat fades" in events.all_inner_texts()
        assert page.locator(".badge.conflict").first.is_visible()
        watched.shot("1-home")

        page.locator("section:has(h2:text('Events')) a.event-title", has_text="Trump and Putin agree").click()
        page.wait_for_url("**/event/ev-call")
        conflict = page.locator("article.finding-conflict")
        columns = conflict.locator(".column")
        assert columns.count() == 2
        assert CONFLICT_A in columns.nth(0).inner_text() + columns.nth(1).inner_text()
        assert CONFLICT_B in columns.nth(0).inner_text() + columns.nth(1).inner_text()
        variant = page.locator("article.finding-quote_variant .diff-row").first
        assert variant.locator("del").first.inner_text().strip() == "lengthy"
        assert variant.locator("ins").first.inner_text().strip() == "long"
        watched.shot("2-event")
        page.locator("article.finding-quote_variant").scroll_into_view_if_needed()
        watched.shot("2b-event-findings")

        page.locator(".briefing a.cite").first.click()
        page.wait_for_url("**/article/**")
        cited = page.locator("#article-body .hl-cited")
        assert "".join(cited.all_text_contents()) == VARIANT_A
        assert cited.first.is_visible()
        watched.shot("3-article")
        page.locator("details.removed").count()  # present only when cleaning removed lines

        page.locator("#article-body a.ent-link", has_text="Putin").first.click()
        page.wait_for_url("**/entity/**")
        assert "Putin" in page.locator("h1").inner_text()
        assert page.locator("dl.facts").is_visible()
        watched.shot("4-entity")

        page.goto(base + "/storyline/st-peace")
        assert page.locator("svg.timeline-plot g.marker").count() == 2
        watched.shot("5-storyline")
    assert watched.errors == []


def test_hostile_article_runs_nothing(watched: Watched, tmp_path: Path) -> None:
    db = str(tmp_path / "hostile.sqlite")
    with open_store(db) as store:
        article = put_hostile(store)
    page = watched.page
    with serving(db) as base:
        page.goto(base + "/")
        assert PAYLOAD[:30] in page.locator("a.event-title").first.inner_text()
        page.locator("a.event-title").first.click()
        page.wait_for_load_state()
        assert "<script>window.__pwned = 1</script>" in page.locator(".briefing").inner_text()
        watched.shot("1-event")
        page.locator("ol, table.article-table").locator("a", has_text="Port news").first.click()
        page.wait_for_load_state()
        body = page.locator("#article-body")
        assert PAYLOAD in body.inner_text()
        assert page.locator("#article-body img, #article-body script, #article-body svg").count() == 0
        assert page.locator("a[href^='javascript:' i]").count() == 0
        assert page.locator("a.source").count() == 0  # the javascript: source URL is not linked
        watched.shot("2-article")
        body.locator("a.ent-link").first.click()
        page.wait_for_load_state()
        assert PAYLOAD in page.locator("h1").inner_text()
        page.goto(base + "/storyline/st-h")
        page.goto(base + "/?q=pwned")
        assert page.locator("textarea").count() == 0
        pwned = page.evaluate("() => typeof window.__pwned")
        inline = page.evaluate("() => document.querySelectorAll('script:not([src])').length")
        watched.shot("3-search")
    assert pwned == "undefined" and inline == 0
    assert watched.dialogs == []
    assert article.id.startswith("hostile<script>")
    assert [e for e in watched.errors if "__pwned" in e] == []


@pytest.mark.slow
def test_hostile_paste_through_the_ingest_page(watched: Watched, tmp_path: Path) -> None:
    """The real pipeline on a pasted hostile article, with progress polled by the page."""
    try:
        from newsprism.clean import clean_document  # noqa: F401
    except ImportError:
        pytest.skip("newsprism.clean is not available yet: the pipeline cannot ingest")
    db = str(tmp_path / "paste.sqlite")
    page = watched.page
    with serving(db, runner=_ingest_only) as base:
        page.goto(base + "/ingest")
        page.fill("input[name=title]", f"Pasted {PAYLOAD}")
        page.fill("textarea[name=text]", f"Officials said the port reopened. {PAYLOAD} Talks go on.")
        page.click("form#ingest-form button[type=submit]")
        page.locator("#progress-done").wait_for(state="visible", timeout=60_000)
        assert "done" in page.locator("#progress-text").inner_text()
        watched.shot("1-ingest")
        page.click("#progress-done a")
        page.locator("a.event-title").first.click()
        page.wait_for_load_state()
        page.locator("table.article-table a").first.click()
        page.wait_for_load_state()
        assert "</textarea>" in page.locator("#article-body").inner_text()
        watched.shot("2-article")
        pwned = page.evaluate("() => typeof window.__pwned")
    assert pwned == "undefined" and watched.dialogs == [] and watched.errors == []


def _ingest_only(inputs: list[Any], store: Any, progress: Any) -> str:
    """Ingest and the collection step without the model-loading per-article stages (fast, same escaping)."""
    from newsprism import pipeline
    from newsprism.config import Config

    config = Config(article_stages=())
    report = pipeline.ingest(inputs, store, config, progress)
    pipeline.update_collection(store, report.added + report.revised, config, report)
    return report.summary()


@pytest.mark.slow
def test_demo_corpus_click_through(watched: Watched, tmp_path: Path) -> None:
    """The bundled demo corpus through the whole pipeline, then home → event → article → entity."""
    try:
        from newsprism import pipeline
        from newsprism.demo import demo_path
    except ImportError as err:
        pytest.skip(f"demo corpus or pipeline not available yet: {err}")
    db = str(tmp_path / "demo.sqlite")
    with open_store(db) as store:
        pipeline.run([demo_path()], store)
    page = watched.page
    with serving(db) as base:
        page.goto(base + "/")
        titles = page.locator("a.event-title")
        assert titles.count() >= 3
        watched.shot("1-home")
        page.locator("section:has(h2:text('Events')) a.event-title").first.click()
        page.wait_for_load_state()
        assert page.locator("table.article-table tbody tr").count() >= 1
        watched.shot("2-event")
        page.locator("table.article-table a").first.click()
        page.wait_for_load_state()
        assert page.locator("#article-body").inner_text().strip()
        watched.shot("3-article")
        entity = page.locator("#article-body a.ent-link")
        if entity.count():
            entity.first.click()
            page.wait_for_load_state()
            assert page.locator("dl.facts").is_visible()
            watched.shot("4-entity")
    assert watched.errors == []


def test_api_docs_load_offline(watched: Watched, seed_db: str) -> None:
    """Swagger UI from locally served assets, under the CSP, with no request leaving the machine."""
    page = watched.page
    outside: list[str] = []
    page.on("request", lambda r: "127.0.0.1" not in r.url and outside.append(r.url))
    with serving(seed_db) as base:
        page.goto(base + "/docs")
        page.locator(".opblock").first.wait_for(timeout=15_000)
        assert page.locator(".opblock").count() >= 8
        watched.shot("1-docs")
    assert outside == [] and watched.errors == []
