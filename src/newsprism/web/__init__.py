"""The web UI: ``newsprism serve`` → pages over the store, and a JSON API under ``/api/``.

``create_app(db_url)`` builds the FastAPI application (handy for tests and for mounting it in
another server); ``serve(db)`` runs it with uvicorn on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .app import create_app

__all__ = ["LOCAL_HOSTS", "create_app", "serve"]

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the store at ``db`` until interrupted. Binding beyond this machine is said out loud."""
    import uvicorn

    if host not in LOCAL_HOSTS:
        print(
            f"newsprism: WARNING: serving on {host}:{port}, reachable from other machines; the page has "
            "no login and lets anyone who reaches it read the store and add articles",
            file=sys.stderr,
        )
    print(f"newsprism: serving {db} at http://{_display(host)}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(create_app(str(db)), host=host, port=port, log_level="warning")


def _display(host: str) -> str:
    return f"[{host}]" if ":" in host else host
