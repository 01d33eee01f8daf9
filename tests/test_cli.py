"""The command line: help for every command, one-line summaries, exit status, JSON lines that pipe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.cli import build_parser, main

COMMANDS = ["ingest", "analyze", "export", "demo", "report", "serve", "search", "opinion", "watch"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--db" in out and len(out.splitlines()) > 4


def test_top_level_help_lists_every_command() -> None:
    text = build_parser().format_help()
    for command in COMMANDS:
        assert command in text


def test_ingest_prints_a_summary_and_exit_status_says_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials met in Oslo on Monday to discuss fishing quotas.\n")
    (folder / "b.txt").write_bytes(b"")
    status = main(["ingest", str(folder), "--db", str(tmp_path / "s.sqlite")])
    err = capsys.readouterr().err
    assert status == 1
    assert "b.txt: " in err and "empty" in err
    assert "articles: 1 read, 1 new" in err and "1 skipped" in err

    (folder / "b.txt").unlink()
    assert main(["ingest", str(folder), "--db", str(tmp_path / "s.sqlite")]) == 0
    assert "0 new, 0 revised, 1 unchanged" in capsys.readouterr().err


def test_ingest_jsonl_and_export_jsonl_pipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials met in Oslo on Monday to discuss fishing quotas.\n")
    db = str(tmp_path / "s.sqlite")
    assert main(["ingest", str(folder), "--db", db, "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert json.loads(lines[0])["id"] == "a"
    assert main(["export", "--db", db, "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"articles", "events"} <= {r["record"] for r in records}


def test_an_unreadable_store_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 200)
    assert main(["export", "--db", str(junk), "--out", str(tmp_path / "o")]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "junk.sqlite" in err[0]


@pytest.mark.slow
def test_demo_runs_with_no_arguments_and_says_where_the_dossier_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    err = capsys.readouterr().err
    dossier = tmp_path / "newsprism-demo" / "dossier.json"
    assert str(Path("newsprism-demo") / "dossier.json") in err
    data = json.loads(dossier.read_text(encoding="utf-8"))
    assert len(data["articles"]) >= 20
