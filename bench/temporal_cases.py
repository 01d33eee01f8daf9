"""Date-resolution accuracy of newsprism.temporal on the hand-written case set, next to dateparser.

Reproduce:  .venv/bin/python bench/temporal_cases.py

A case is correct when the expected date matches at the expected precision (expected UNRESOLVED:
the answer must be unresolved or not confident). A *confident wrong* answer is a confident date that
differs from the expected one: the target is 0 of those on the ambiguous cases.
The baseline is dateparser 1.5 (RELATIVE_BASE = anchor, PREFER_DATES_FROM = past), which always
answers a day; it is scored the same way, comparing its day at the case's precision.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from newsprism.temporal import format_at_precision, resolve

CASES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "temporal" / "cases.tsv"


def load_cases(path: Path = CASES) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def anchor_of(case: dict[str, str]) -> dt.date | None:
    return None if case["anchor"] == "NONE" else dt.date.fromisoformat(case["anchor"])


def newsprism_answer(case: dict[str, str]) -> str:
    res = resolve(case["expression"], anchor_of(case), context=case["context"])
    if res.date is None or not res.confident:
        return "UNRESOLVED"
    return format_at_precision(res.date, res.precision)


def dateparser_answer(case: dict[str, str]) -> str:
    import dateparser

    anchor = anchor_of(case)
    settings = {"PREFER_DATES_FROM": "past"}
    if anchor:
        settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time(12))
    parsed = dateparser.parse(case["expression"], languages=["en"], settings=settings)
    if parsed is None:
        return "UNRESOLVED"
    return format_at_precision(parsed.date(), case["precision"])  # type: ignore[arg-type]


def score(answers: list[str], cases: list[dict[str, str]]) -> tuple[int, int, int]:
    """(correct, confident wrong overall, confident wrong on ambiguous cases)."""
    correct = wrong = wrong_ambiguous = 0
    for answer, case in zip(answers, cases, strict=True):
        if answer == case["expected"]:
            correct += 1
        elif answer != "UNRESOLVED":
            wrong += 1
            wrong_ambiguous += case["group"] == "ambiguous" or case["expected"] == "UNRESOLVED"
    return correct, wrong, wrong_ambiguous


def main() -> int:
    cases = load_cases()
    ours = [newsprism_answer(case) for case in cases]
    theirs = [dateparser_answer(case) for case in cases]
    print(f"{'expression':26} {'anchor':10} {'expected':11} {'newsprism':11} {'dateparser':11}")
    for case, a, b in zip(cases, ours, theirs, strict=True):
        flag = "" if a == case["expected"] else "  <-- newsprism"
        print(f"{case['expression'][:26]:26} {case['anchor']:10} {case['expected']:11} {a:11} {b:11}{flag}")
    n = len(cases)
    n_amb = sum(c["expected"] == "UNRESOLVED" for c in cases)
    for name, answers in (("newsprism", ours), ("dateparser", theirs)):
        correct, wrong, wrong_amb = score(answers, cases)
        print(
            f"{name:10}: {correct}/{n} correct ({correct / n:.1%}), confident wrong {wrong}, "
            f"confident wrong on the {n_amb} must-stay-unresolved cases {wrong_amb}"
        )
    correct, _, wrong_amb = score(ours, cases)
    return 0 if correct / n >= 0.95 and wrong_amb == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
