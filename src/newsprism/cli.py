"""The ``newsprism`` command. Each subcommand prints a one-line summary on stderr; records go to stdout.

Exit status: 0 everything read, 1 done but some inputs were skipped or a stage failed (see the
summary), 2 bad usage, 3 could not run (store unreadable, missing optional package…).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import __version__, export, pipeline
from .config import DB_ENV_VAR, DEFAULT_DB, Config, default_db
from .errors import NewsprismError
from .model import to_dict
from .store import Storage, open_store

EXIT_OK, EXIT_SKIPPED, EXIT_FATAL = 0, 1, 3
Handler = Callable[[argparse.Namespace], int]

DESCRIPTION = f"""\
newsprism turns a pile of news articles about a developing story into a cited, multi-source dossier:
events and storylines, duplicates, who said what, claims, agreements and conflicts between outlets,
opinion vs reporting, briefings and timelines. Everything runs offline; every output cites exact
character spans of its source articles.

Inputs: files or folders (recursive) of .txt, .html/.htm, .jsonl/.json, RSS/Atom .xml, .warc/.warc.gz.
Store: --db PATH (SQLite file, default ./{DEFAULT_DB}) or --db postgresql://user@host/db;
or set ${DB_ENV_VAR}.
"""

EPILOG = """\
examples:
  newsprism demo                              analyse the bundled demo corpus
  newsprism analyze articles/ --out out/      ingest, analyse, write out/dossier.json
  newsprism ingest feed.xml crawl.warc.gz     add articles to the store (idempotent)
  newsprism export --out out/                 write the dossier of what is stored
  newsprism export --format jsonl | jq .record  stream every record as JSON lines
  newsprism report --out report/              HTML + Markdown report
  newsprism serve                             browse the store in a web page
  newsprism opinion sentences.txt             score sentences for opinion (TSV out)

exit status: 0 ok, 1 some inputs skipped or a stage failed, 2 bad usage, 3 could not run
"""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if not args.verbose else logging.INFO, format="%(message)s")
    # trafilatura logs every page it finds no body in at ERROR; our own skip line already says so
    logging.getLogger("trafilatura").setLevel(logging.INFO if args.verbose else logging.CRITICAL)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except NewsprismError as err:
        print(f"newsprism: {err}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        print("newsprism: interrupted; every committed batch is in the store", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsprism",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsprism {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument(
            "--db",
            default=None,
            help=f"store: SQLite file or postgresql:// URL (default: ${DB_ENV_VAR} or ./{DEFAULT_DB})",
        )
        cmd.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
        cmd.set_defaults(handler=handler)
        return cmd

    ingest = command("ingest", cmd_ingest, "Read and clean articles into the store (no analysis).")
    ingest.add_argument("paths", nargs="+", help="files or folders to read")
    ingest.add_argument(
        "--format", choices=["summary", "jsonl"], default="summary", help="jsonl: print each stored article"
    )

    analyze = command("analyze", cmd_analyze, "Ingest PATHs, run every stage, and write the dossier.")
    analyze.add_argument("paths", nargs="*", help="files or folders to read (none: analyse what is stored)")
    analyze.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: ./out)")
    analyze.add_argument(
        "--engine", choices=["local", "dask"], default="local", help="where per-article work runs"
    )
    analyze.add_argument("--scheduler", help="Dask scheduler address (default: a local cluster)")

    exp = command("export", cmd_export, "Write the dossier of everything in the store.")
    exp.add_argument("--out", type=Path, help="output folder for dossier.json")
    exp.add_argument(
        "--format", choices=["json", "jsonl"], default="json", help="jsonl: one record a line on stdout"
    )

    demo = command("demo", cmd_demo, "Analyse the bundled demo corpus and say where the dossier is.")
    demo.add_argument(
        "--out", type=Path, default=Path("newsprism-demo"), help="output folder (default: ./newsprism-demo)"
    )

    report = command("report", cmd_report, "Write a self-contained HTML and a Markdown report of the store.")
    report.add_argument("--out", type=Path, default=Path("report"), help="output folder (default: ./report)")

    serve = command("serve", cmd_serve, "Browse the store in a web page (and its JSON API under /api/).")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")

    search = command("search", cmd_search, "Full-text search over articles, quotes and entities.")
    search.add_argument("query", help="words to find")
    search.add_argument("--limit", type=int, default=20)

    opinion = command("opinion", cmd_opinion, "Score sentences for opinion vs reporting; writes TSV.")
    opinion.add_argument("file", type=Path, help="one sentence per line, or a TSV with a 'sentence' column")
    opinion.add_argument("--out", type=Path, help="TSV output (default: stdout)")

    watch = command("watch", cmd_watch, "Keep adding new articles from folders or feed URLs as they appear.")
    watch.add_argument("sources", nargs="+", help="folders, files or RSS/Atom feed URLs")
    watch.add_argument("--interval", type=float, default=60.0, help="seconds between polls (default: 60)")
    watch.add_argument("--once", action="store_true", help="poll once and exit")
    return parser


# --------------------------------------------------------------------------- handlers


def _open(args: argparse.Namespace) -> Storage:
    return open_store(args.db or default_db())


def _config(args: argparse.Namespace) -> Config:
    return Config(engine=getattr(args, "engine", "local"), scheduler=getattr(args, "scheduler", None))


def _finish(report: pipeline.RunReport, extra: str = "") -> int:
    for item in report.skipped:
        print(f"skipped {item.origin}: {item.reason}", file=sys.stderr)
    for error in report.errors:
        print(f"error {error}", file=sys.stderr)
    print(report.summary() + extra, file=sys.stderr)
    return EXIT_SKIPPED if report.skipped or report.errors else EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    with _open(args) as store:
        report = pipeline.ingest(args.paths, store, _config(args), pipeline.tqdm_progress)
        if args.format == "jsonl":
            for article in store.iter_articles(report.added + report.revised):
                print(json.dumps(to_dict(article), ensure_ascii=False))
    return _finish(report)


def cmd_analyze(args: argparse.Namespace) -> int:
    with _open(args) as store:
        dossier, report = pipeline.run(args.paths, store, _config(args), pipeline.tqdm_progress)
    path = export.write_dossier(dossier, args.out)
    return _finish(report, f"; {len(dossier.events)} events; dossier: {path}")


def cmd_export(args: argparse.Namespace) -> int:
    started = time.monotonic()
    with _open(args) as store:
        dossier = pipeline.build_dossier(store)
    if args.format == "jsonl":
        count = export.write_jsonl(dossier, sys.stdout)
        print(f"exported {count} records in {time.monotonic() - started:.1f}s", file=sys.stderr)
        return EXIT_OK
    path = export.write_dossier(dossier, args.out or Path("out"))
    print(
        f"exported {len(dossier.articles)} articles, {len(dossier.events)} events to {path}", file=sys.stderr
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import demo_path

    args.out.mkdir(parents=True, exist_ok=True)
    db = args.db or str(args.out / "demo.sqlite")
    with open_store(db) as store:
        dossier, report = pipeline.run([demo_path()], store, Config(), pipeline.tqdm_progress)
        path = export.write_dossier(dossier, args.out)
        extra = ""
        try:
            from .report import write_report
        except ImportError:
            pass
        else:
            written = write_report(dossier, args.out / "report")
            extra = f"; report: {written[0]}"
    status = _finish(report, f"; {len(dossier.events)} events; dossier: {path}{extra}")
    print(f"demo store: {db} (browse it: newsprism serve --db {db})", file=sys.stderr)
    # the demo corpus plants bad inputs on purpose; they are reported above, not a failure of the demo
    return EXIT_OK if not report.errors else status


def cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report

    with _open(args) as store:
        dossier = pipeline.build_dossier(store)
    written = write_report(dossier, args.out)
    print(f"report: {', '.join(str(p) for p in written)}", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .web import serve

    serve(args.db or default_db(), host=args.host, port=args.port)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as store:
        hits = store.search(args.query, args.limit)
    for hit in hits:
        print(json.dumps(to_dict(hit), ensure_ascii=False))
    print(f"{len(hits)} hits", file=sys.stderr)
    return EXIT_OK


def cmd_opinion(args: argparse.Namespace) -> int:
    from .opinion import run_cli

    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    try:
        run_cli(args.file, out)
    finally:
        if args.out:
            out.close()
    return EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    from .watch import watch

    with _open(args) as store:
        return watch(args.sources, store, _config(args), interval=args.interval, once=args.once)


if __name__ == "__main__":
    sys.exit(main())
