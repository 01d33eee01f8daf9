"""Word-by-word differences between two wordings of one quote."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

# Words with their trailing space kept, so joining the pieces gives back the text exactly.
_WORD = re.compile(r"\S+\s*|\s+")


@dataclass
class WordOp:
    op: Literal["same", "added", "removed"]
    text: str


def word_diff(before: str, after: str) -> list[WordOp]:
    """``before`` → ``after`` as runs of kept, removed and added words.

    Words compare case-sensitively but ignore surrounding punctuation and curly/straight quote
    style, so "Peace," and “Peace” count as the same word.
    """
    old, new = _WORD.findall(before), _WORD.findall(after)
    matcher = difflib.SequenceMatcher(a=[_key(w) for w in old], b=[_key(w) for w in new], autojunk=False)
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(ops, "same", "".join(new[j1:j2]))
            continue
        if i2 > i1:
            _append(ops, "removed", "".join(old[i1:i2]))
        if j2 > j1:
            _append(ops, "added", "".join(new[j1:j2]))
    return ops


def _key(word: str) -> str:
    return word.strip().strip("\"'“”‘’«».,;:!?()[]—–-")


def _append(ops: list[WordOp], op: Literal["same", "added", "removed"], text: str) -> None:
    if not text:
        return
    if ops and ops[-1].op == op:
        ops[-1].text += text
    else:
        ops.append(WordOp(op, text))
