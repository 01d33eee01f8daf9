"""The report: self-contained HTML + Markdown, hostile text escaped, renders in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixtures.briefing.seed_dossier import SEEDS, build_seed_dossier
from newsprism.briefing import BriefingStage
from newsprism.model import Article, Briefing, BriefingSentence, Dossier, Event, Evidence, Quote, Sentence
from newsprism.report import write_report
from newsprism.timeline import TimelineStage

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)> **bold** [link](http://evil)"


def hostile_dossier() -> Dossier:
    text = f"Officials said on Monday that the talks failed. {HOSTILE} was posted by a reader."
    article = Article(
        "evil",
        text,
        text,
        title=HOSTILE,
        source="Outlet <b>X</b>",
        published="2025-02-13",
        sentences=[Sentence(0, 47, 0), Sentence(48, len(text), 0)],
    )
    cite = Evidence("evil", 0, 47, text[:47])
    quote_start = text.index("<script>")
    return Dossier(
        articles=[article],
        events=[Event("e1", HOSTILE, ["evil"])],
        briefings=[Briefing("e1", text[:47], [BriefingSentence(text[:47], [cite])])],
        quotes=[Quote("q1", "evil", HOSTILE, quote_start, quote_start + len(HOSTILE), speaker=HOSTILE)],
    )


def test_hostile_text_is_escaped_in_html_and_markdown(tmp_path: Path) -> None:
    html_path, md_path = write_report(hostile_dossier(), tmp_path)
    html, markdown = html_path.read_text(), md_path.read_text()
    assert "<script>" not in html and "<img" not in html and "<b>X</b>" not in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in markdown and "<img" not in markdown
    assert "[link](http://evil)" not in markdown and "\\[link\\]" in markdown


def test_report_is_self_contained(tmp_path: Path) -> None:
    html_path, _ = write_report(hostile_dossier(), tmp_path)
    html = html_path.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "<script" not in html


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    if not SEEDS.exists():
        pytest.skip(f"seed articles not found at {SEEDS}")
    dossier = build_seed_dossier()
    BriefingStage().update(dossier, [a.id for a in dossier.articles])
    TimelineStage().update(dossier, [a.id for a in dossier.articles])
    return write_report(dossier, tmp_path_factory.mktemp("report"))


@pytest.mark.slow
def test_seed_report_has_every_section(seed_report: list[Path]) -> None:
    html = seed_report[0].read_text()
    for needle in (
        "12 Feb 2025",
        "19 May 2025",
        "Who said what",
        "Opinion share per outlet",
        "<svg",
        "mentioned",
    ):
        assert needle in html
    markdown = seed_report[1].read_text()
    assert "## Events" in markdown and "[^e-feb-1]:" in markdown


def _render_in_chromium(html_path: Path, screenshot: Path) -> list[str]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on(
            "request",
            lambda req: errors.append(f"network: {req.url}") if req.url.startswith("http") else None,
        )
        page.goto(html_path.as_uri())
        page.wait_for_load_state("load")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    return errors


@pytest.mark.browser
@pytest.mark.slow
def test_seed_report_renders_in_chromium_without_errors(seed_report: list[Path]) -> None:
    if not CHROMIUM.exists():
        pytest.skip("chromium not found at /usr/bin/chromium (apt-get install -y chromium)")
    errors = _render_in_chromium(seed_report[0], ARTIFACTS / "report-seeds.png")
    assert errors == []


@pytest.mark.browser
def test_hostile_report_runs_no_script_in_chromium(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("chromium not found at /usr/bin/chromium (apt-get install -y chromium)")
    html_path, _ = write_report(hostile_dossier(), tmp_path)
    assert _render_in_chromium(html_path, ARTIFACTS / "report-hostile.png") == []


@pytest.mark.browser
@pytest.mark.slow
def test_demo_corpus_report_through_the_whole_pipeline(tmp_path: Path) -> None:
    """Integration: the stages that exist run on the demo corpus; everything stays cited; it renders."""
    import newsprism
    from newsprism.briefing import verify_citations
    from newsprism.demo import demo_path
    from newsprism.timeline import verify_timeline

    if not CHROMIUM.exists():
        pytest.skip("chromium not found at /usr/bin/chromium (apt-get install -y chromium)")
    dossier = newsprism.analyze([demo_path()])
    assert dossier.briefings and dossier.timeline
    for briefing in dossier.briefings:
        assert verify_citations(dossier, briefing) == []
    assert verify_timeline(dossier) == []
    html_path, _ = write_report(dossier, tmp_path, title="newsprism demo corpus")
    assert _render_in_chromium(html_path, ARTIFACTS / "report-demo.png") == []
