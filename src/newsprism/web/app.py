"""The FastAPI application: server-rendered pages and the JSON API that mirrors them.

Pages and API routes share one view layer (``index.py``); the pages render it with Jinja2
(autoescape on for every template), the API returns the same records through ``model.to_dict``.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile as StarletteUploadFile
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from .. import __version__ as VERSION
from ..model import Article, Dossier, to_dict
from ..store import Storage, open_store
from . import highlight as hl
from .index import FINDING_LABELS, DossierCache, DossierIndex, EventSummary, day_of, outlet_of
from .jobs import (
    MAX_FILES,
    MAX_PASTE_CHARS,
    MAX_UPLOAD_BYTES,
    JobManager,
    Runner,
    UploadTooLarge,
    safe_filename,
    save_upload,
)
from .svg import PlotPoint, sparkline, timeline_plot

HERE = Path(__file__).parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline styles on its own elements; scripts still come only from this server.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
_SPAN = re.compile(r"^(\d{1,9})-(\d{1,9})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def create_app(db_url: str, runner: Runner | None = None) -> FastAPI:
    """The web UI over the store at ``db_url`` (opened here; a second connection writes ingests)."""
    from .. import pipeline

    store = open_store(db_url)
    store_lock = threading.RLock()
    cache = DossierCache(store, pipeline.build_dossier, store_lock)
    jobs = JobManager(db_url, lambda: _rebuild(cache), runner)
    app = FastAPI(
        title="newsprism",
        version=VERSION,
        description="Browse a newsprism store: events, storylines, findings, quotes and articles.",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan(store, cache),
    )
    app.state.store, app.state.cache, app.state.jobs = store, cache, jobs
    app.add_middleware(SecurityHeaders)
    swagger = _swagger_assets()
    if swagger is not None:  # before /static, which would otherwise answer for it
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = _templates()
    _add_pages(app, templates, cache, store, store_lock, jobs)
    _add_api(app, cache, store, store_lock, jobs)
    return app


def _rebuild(cache: DossierCache) -> None:
    """After an ingest: the writer thread pays the rebuild, not the next reader."""
    cache.invalidate()
    cache.get()


def _lifespan(store: Storage, cache: DossierCache) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Build the dossier index while the analyst opens the browser (seconds on a large store).
        threading.Thread(target=cache.get, name="warm-dossier", daemon=True).start()
        yield
        with cache.lock:
            store.close()

    return lifespan


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = DOCS_CSP if request.url.path == "/docs" else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def _swagger_assets() -> Path | None:
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["p"] = hl.path_part
    env.filters["safe_url"] = safe_url
    env.filters["day"] = lambda iso: day_of(iso) or "undated"
    env.globals.update(
        outlet_of=outlet_of,
        sparkline=sparkline,
        span_href=span_href,
        FINDING_LABELS=FINDING_LABELS,
        version=VERSION,
    )
    return Jinja2Templates(env=env)


def safe_url(url: str | None) -> str | None:
    """An article-supplied URL if it is plain http(s), else None (no javascript:, data:, …)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def span_href(article_id: str, start: int, end: int) -> str:
    return f"/article/{hl.path_part(article_id)}?span={start}-{end}#span-{start}-{end}"


# --------------------------------------------------------------------------- filters


def _article_filter(outlet: str, language: str, since: str, until: str) -> Any:
    since = since if _DAY.match(since) else ""
    until = until if _DAY.match(until) else ""
    if not (outlet or language or since or until):
        return None

    def keep(article: Article) -> bool:
        day = day_of(article.published)
        return (
            (not outlet or outlet_of(article) == outlet)
            and (not language or article.language == language)
            and (not since or (day is not None and day >= since))
            and (not until or (day is not None and day <= until))
        )

    return keep


def _home_data(index: DossierIndex, outlet: str, language: str, since: str, until: str) -> dict[str, Any]:
    keep = _article_filter(outlet, language, since, until)
    events = index.events_newest_first(keep)
    visible = {s.event.id for s in events}
    return {
        "events": events,
        "storylines": index.storyline_summaries(visible),
        "filters": {"outlet": outlet, "language": language, "since": since, "until": until},
        "filtered": keep is not None,
    }


def _search(store: Storage, lock: threading.RLock, index: DossierIndex, query: str) -> list[dict[str, Any]]:
    """Store search hits, each with the page it opens."""
    if not query.strip():
        return []
    with lock:
        hits = store.search(query[:200], limit=20)
    rows = []
    for hit in hits:
        href = None
        if hit.kind == "article" and hit.id in index.articles:
            href = f"/article/{hl.path_part(hit.id)}"
        elif hit.kind == "quote" and hit.id in index.quotes:
            quote = index.quotes[hit.id]
            href = span_href(quote.article, quote.start, quote.end)
        elif hit.kind == "entity" and hit.id in index.entities:
            href = f"/entity/{hl.path_part(hit.id)}"
        rows.append(
            {"kind": hit.kind, "id": hit.id, "title": hit.title, "snippet": hit.snippet, "href": href}
        )
    return rows


def _parse_span(span: str | None) -> tuple[int, int] | None:
    match = _SPAN.match(span or "")
    return (int(match[1]), int(match[2])) if match else None


def _article_data(index: DossierIndex, article: Article, cited: tuple[int, int] | None) -> dict[str, Any]:
    quotes = index.quotes_by_article.get(article.id, [])
    claims = index.claims_by_article.get(article.id, [])
    mentions = index.mentions_by_article.get(article.id, [])
    opinion = index.opinion_by_article.get(article.id, [])
    notes = hl.article_annotations(article, quotes, claims, mentions, opinion)
    anchors = {(n.start, n.end) for n in notes if n.kind != "mention"}
    anchors |= index.evidence_by_article.get(article.id, set())
    return {
        "article": article,
        "body": hl.highlight(article.text, notes, anchors, cited).html,
        "quotes": quotes,
        "claims": claims,
        "opinion": opinion,
        "entities": _article_entities(index, mentions),
        "events": index.article_events(article.id),
        "duplicates": index.duplicates_by_article.get(article.id, []),
        "source_url": safe_url(article.url),
        "cited": cited,
    }


def _article_entities(index: DossierIndex, mentions: list[Any]) -> list[tuple[Any, str, int]]:
    counts: dict[str, int] = {}
    for mention in mentions:
        if mention.entity:
            counts[mention.entity] = counts.get(mention.entity, 0) + 1
    rows = [
        (index.entities.get(e), index.entities[e].name if e in index.entities else e, n)
        for e, n in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row[2], row[1]))


def _entity_data(index: DossierIndex, entity_id: str) -> dict[str, Any]:
    entity = index.entities[entity_id]
    quotes = []
    for quote in index.quotes_by_entity.get(entity_id, []):
        article = index.articles.get(quote.article)
        events = index.article_events(quote.article)
        quotes.append(
            {
                "quote": quote,
                "article": article,
                "outlet": outlet_of(article) if article else quote.article,
                "published": article.published if article else None,
                "event": events[0] if events else None,
            }
        )
    quotes.sort(key=lambda q: (q["published"] or "", q["quote"].id))
    mentions = index.mentions_by_entity.get(entity_id, [])
    event_ids = dict.fromkeys(
        index.event_of_article[m.article] for m in mentions if m.article in index.event_of_article
    )
    event_ids.update(dict.fromkeys(q["event"].id for q in quotes if q["event"]))
    return {
        "entity": entity,
        "quotes": quotes,
        "claims": index.claims_by_entity.get(entity_id, []),
        "events": [index.summaries[e] for e in event_ids if e in index.summaries],
        "mention_count": len(mentions),
        "mention_forms": sorted({m.text for m in mentions} - {entity.name})[:30],
    }


def _storyline_data(index: DossierIndex, storyline_id: str) -> dict[str, Any]:
    storyline = index.storylines[storyline_id]
    events: list[EventSummary] = [index.summaries[e] for e in storyline.events if e in index.summaries]
    entries = sorted(
        index.timeline_by_storyline.get(storyline_id, [])
        + [t for e in storyline.events for t in index.timeline_by_event.get(e, []) if t.storyline is None],
        key=lambda t: t.date,
    )
    points = [
        PlotPoint(
            day=s.first or "",
            label=str(n),
            title=f"{n}. {s.event.title} ({len(s.articles)} articles, {s.first or 'undated'})",
            size=len(s.articles),
            href=f"/event/{hl.path_part(s.event.id)}",
        )
        for n, s in enumerate(events, start=1)
    ]
    return {
        "storyline": storyline,
        "events": events,
        "entries": entries,
        "plot": timeline_plot(points),
    }


# --------------------------------------------------------------------------- pages


def _add_pages(
    app: FastAPI,
    templates: Jinja2Templates,
    cache: DossierCache,
    store: Storage,
    lock: threading.RLock,
    jobs: JobManager,
) -> None:
    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("title", "newsprism")
        return templates.TemplateResponse(request, name, context, status_code=status)

    def not_found(request: Request, what: str) -> HTMLResponse:
        return page(request, "not_found.html", status=404, title="Not found", what=what)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(
        request: Request, q: str = "", outlet: str = "", language: str = "", since: str = "", until: str = ""
    ) -> HTMLResponse:
        index = cache.get()
        data = _home_data(index, outlet, language, since, until)
        return page(
            request,
            "home.html",
            index=index,
            query=q,
            hits=_search(store, lock, index, q),
            article_count=len(index.articles),
            **data,
        )

    @app.get("/event/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        index = cache.get()
        if event_id not in index.events:
            return not_found(request, f"event {event_id}")
        view = index.event_view(event_id)
        return page(request, "event.html", title=view.summary.event.title, view=view, index=index)

    @app.get("/article/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, span: str | None = None) -> HTMLResponse:
        index = cache.get()
        article = index.articles.get(article_id)
        if article is None:
            return not_found(request, f"article {article_id}")
        data = _article_data(index, article, _parse_span(span))
        return page(request, "article.html", title=article.title or article.id, index=index, **data)

    @app.get("/entity/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        index = cache.get()
        if entity_id not in index.entities:
            return not_found(request, f"entity {entity_id}")
        data = _entity_data(index, entity_id)
        return page(request, "entity.html", title=data["entity"].name, index=index, **data)

    @app.get("/storyline/{storyline_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def storyline_page(request: Request, storyline_id: str) -> HTMLResponse:
        index = cache.get()
        if storyline_id not in index.storylines:
            return not_found(request, f"storyline {storyline_id}")
        data = _storyline_data(index, storyline_id)
        return page(request, "storyline.html", title=data["storyline"].title, index=index, **data)

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_page(request: Request, job: str = "") -> HTMLResponse:
        return page(
            request,
            "ingest.html",
            title="Add articles",
            job=jobs.get(job),
            jobs=jobs.recent(),
            max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
            data_dir=str(jobs.data_dir),
        )

    @app.post("/ingest", include_in_schema=False)
    async def ingest_form(request: Request) -> Response:
        job = await _submit_ingest(request, jobs)
        return RedirectResponse(f"/ingest?job={job.id}", status_code=303)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html", title="API docs", swagger=_swagger_assets() is not None)


# --------------------------------------------------------------------------- ingest


async def _submit_ingest(request: Request, jobs: JobManager) -> Any:
    _reject_cross_site(request)
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_UPLOAD_BYTES * 5:
        raise HTTPException(413, f"request larger than {MAX_UPLOAD_BYTES * 5 // (1024 * 1024)} MB")
    form = await request.form(max_files=MAX_FILES, max_part_size=MAX_PASTE_CHARS)
    job_id, folder = jobs.new_folder()
    inputs: list[Any] = []
    saved: list[str] = []
    try:
        uploads = [f for f in form.getlist("files") if isinstance(f, StarletteUploadFile) and f.filename]
        for number, upload in enumerate(uploads, start=1):
            path = save_upload(upload.file, folder, safe_filename(upload.filename, number))
            inputs.append(str(path))
            saved.append(path.name)
    except UploadTooLarge as err:
        raise HTTPException(413, str(err)) from err
    finally:
        await form.close()
    text = str(form.get("text") or "").strip()
    if text:
        title = str(form.get("title") or "").strip() or None
        inputs.append({"text": text, "title": title, "source": str(form.get("source") or "").strip() or None})
    urls = [u.strip() for u in str(form.get("urls") or "").splitlines() if u.strip()]
    bad = [u for u in urls if not safe_url(u)]
    if bad:
        raise HTTPException(400, f"only http(s) URLs can be fetched; not: {bad[0][:100]}")
    inputs += urls
    if not inputs:
        raise HTTPException(400, "nothing to ingest: choose files, paste text or list URLs")
    described = ", ".join(
        part
        for part in (
            f"{len(saved)} file(s)" if saved else "",
            "pasted text" if text else "",
            f"{len(urls)} URL(s)" if urls else "",
        )
        if part
    )
    return jobs.submit(job_id, inputs, described)


def _reject_cross_site(request: Request) -> None:
    """Another web site must not be able to make the analyst's browser post articles here."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise HTTPException(403, "cross-site ingest refused")
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise HTTPException(403, "cross-origin ingest refused")


# --------------------------------------------------------------------------- JSON API


def _event_brief(summary: EventSummary) -> dict[str, Any]:
    return {
        "id": summary.event.id,
        "title": summary.event.title,
        "articles": len(summary.articles),
        "outlets": summary.outlets,
        "languages": summary.languages,
        "first": summary.first,
        "last": summary.last,
        "conflicts": summary.conflicts,
        "quote_variants": summary.quote_variants,
        "coverage": [{"day": d, "articles": n} for d, n in summary.coverage],
    }


def _article_meta(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "language": article.language,
        "url": safe_url(article.url),
    }


INGEST_FORM_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "text": {"type": "string", "description": "one pasted article"},
                        "title": {"type": "string"},
                        "source": {"type": "string", "description": "outlet of the pasted article"},
                        "urls": {"type": "string", "description": "http(s) URLs, one a line"},
                    },
                }
            }
        },
    }
}


def _add_api(
    app: FastAPI, cache: DossierCache, store: Storage, lock: threading.RLock, jobs: JobManager
) -> None:
    @app.get("/api/home", tags=["pages"], summary="Storylines and events, newest first (home page)")
    def api_home(outlet: str = "", language: str = "", since: str = "", until: str = "") -> dict[str, Any]:
        index = cache.get()
        data = _home_data(index, outlet, language, since, until)
        return {
            "articles": len(index.articles),
            "outlets": index.outlets,
            "languages": index.languages,
            "events": [_event_brief(s) for s in data["events"]],
            "storylines": [
                {**to_dict(storyline), "summaries": [_event_brief(s) for s in events]}
                for storyline, events in data["storylines"]
            ],
        }

    @app.get("/api/search", tags=["pages"], summary="Full-text search over articles, quotes and entities")
    def api_search(q: str) -> dict[str, Any]:
        index = cache.get()
        return {"query": q, "hits": _search(store, lock, index, q)}

    @app.get("/api/events/{event_id:path}", tags=["pages"], summary="One event (event page)")
    def api_event(event_id: str) -> dict[str, Any]:
        index = cache.get()
        if event_id not in index.events:
            raise HTTPException(404, f"no event {event_id}")
        view = index.event_view(event_id)
        return {
            "event": to_dict(view.summary.event),
            "summary": _event_brief(view.summary),
            "briefing": to_dict(view.briefing),
            "findings": {kind: [to_dict(f.finding) for f in views] for kind, views in view.findings.items()},
            "quotes": [
                {
                    "speaker": s.speaker,
                    "entity": s.entity,
                    "groups": [
                        [
                            {"quote": to_dict(v.quote), "outlet": v.outlet, "diff": to_dict(v.diff)}
                            for v in g.variants
                        ]
                        for g in s.groups
                    ],
                }
                for s in view.speakers
            ],
            "entities": [
                {"id": e.id if e else None, "name": name, "mentions": n} for e, name, n in view.entities
            ],
            "duplicates": to_dict(view.duplicates),
            "storylines": [s.id for s in view.storylines],
            "articles": [_article_meta(a) for a in view.summary.articles],
        }

    @app.get("/api/articles/{article_id:path}", tags=["pages"], summary="One article with its annotations")
    def api_article(article_id: str) -> dict[str, Any]:
        index = cache.get()
        article = index.articles.get(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id}")
        record = to_dict(article)
        record["url"] = safe_url(article.url)
        return {
            "article": record,
            "quotes": to_dict(index.quotes_by_article.get(article_id, [])),
            "claims": to_dict(index.claims_by_article.get(article_id, [])),
            "mentions": to_dict(index.mentions_by_article.get(article_id, [])),
            "opinion": to_dict(index.opinion_by_article.get(article_id, [])),
            "events": [e.id for e in index.article_events(article_id)],
        }

    @app.get(
        "/api/entities/{entity_id:path}",
        tags=["pages"],
        summary="One entity: quotes over time, aliases, roles",
    )
    def api_entity(entity_id: str) -> dict[str, Any]:
        index = cache.get()
        if entity_id not in index.entities:
            raise HTTPException(404, f"no entity {entity_id}")
        data = _entity_data(index, entity_id)
        return {
            "entity": to_dict(data["entity"]),
            "quotes": [
                {
                    "quote": to_dict(q["quote"]),
                    "outlet": q["outlet"],
                    "published": q["published"],
                    "event": q["event"].id if q["event"] else None,
                }
                for q in data["quotes"]
            ],
            "claims": to_dict(data["claims"]),
            "events": [s.event.id for s in data["events"]],
            "mentions": data["mention_count"],
        }

    @app.get("/api/storylines/{storyline_id:path}", tags=["pages"], summary="One storyline and its timeline")
    def api_storyline(storyline_id: str) -> dict[str, Any]:
        index = cache.get()
        if storyline_id not in index.storylines:
            raise HTTPException(404, f"no storyline {storyline_id}")
        data = _storyline_data(index, storyline_id)
        return {
            "storyline": to_dict(data["storyline"]),
            "events": [_event_brief(s) for s in data["events"]],
            "timeline": to_dict(data["entries"]),
        }

    @app.get("/api/dossier", tags=["export"], summary="The whole dossier (as dossier.json)")
    def api_dossier() -> JSONResponse:
        dossier: Dossier = cache.get().dossier
        return JSONResponse(to_dict(dossier))

    @app.post(
        "/api/ingest",
        tags=["ingest"],
        status_code=202,
        openapi_extra=INGEST_FORM_SCHEMA,
        summary="Upload files (field 'files'), paste 'text', or list 'urls'; returns the job",
    )
    async def api_ingest(request: Request) -> dict[str, Any]:
        # The form is read by hand so that its size limits apply before anything is parsed.
        return (await _submit_ingest(request, jobs)).as_dict()

    @app.get("/api/ingest/{job_id}", tags=["ingest"], summary="Progress of an ingest job")
    def api_job(job_id: str) -> dict[str, Any]:
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id}")
        return job.as_dict()
