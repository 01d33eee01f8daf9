"""Paragraphs and sentences with character offsets into ``Article.text``.

A rule-based splitter (no spaCy: it runs on every article and must take about a millisecond). A
sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus any closing quotes or brackets) followed by
whitespace and a capitalised word, except after a title ("Mr.", "Dr.", "Gen."), an initial
("Donald J. Trump"), a month before a number ("Feb. 12"), or an acronym ("U.S.") unless the next word
is one that starts sentences. Paragraphs are the lines of ``Article.text``; no sentence crosses one.
"""

from __future__ import annotations

import re

from ..model import Paragraph, Sentence

# A candidate end: terminal punctuation, closing quotes/brackets, then whitespace (or the end).
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|[。！？]+")
_OPENERS = "\"'“‘«([„"

# After these a period never ends the sentence ("Mr. Putin", "Gen. Syrskyi", "No. 10").
_TITLES = frozenset(
    "mr mrs ms mx dr prof sr jr st gen lt col sgt capt cmdr adm maj gov sen rep rev hon pres supt det "
    "insp mt ft messrs mme mlle mgr sra srta dott avv sig hr fr vs cf approx dept".split()
)
# Before a number only: "No. 10", "Vol. 3", "pp. 4-5"; "said no. The" still ends a sentence.
_NUMBER_ABBREVIATIONS = frozenset("no nos vol pp fig art sec ch".split())
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Words that begin sentences; after an acronym ("U.S.") only these open a new sentence.
_STARTERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there here but and "
    "or so yet still however meanwhile in on at after before while when if as since although though "
    "for of to with some many most no not what why how who where one two three both each all "
    "le la les il elle ils der die das er sie es el los las".split()
)
# "“Are you serious?” Vance asked." is one sentence: a speech verb soon after a quoted question.
_ATTRIBUTION = re.compile(
    r"\W*(?:\S+\s+){0,5}?(?:said|says|asked|asks|told|added|adds|wrote|writes|stated|explained|"
    r"posted|tweeted|replied|insisted|continued|shouted|declared|remarked)\b"
)
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_INITIAL = re.compile(r"^[A-Z]$")


def segment(text: str) -> tuple[list[Paragraph], list[Sentence]]:
    """Paragraphs (the non-empty lines of ``text``) and their sentences."""
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        stripped_start = start + (len(line) - len(line.lstrip()))
        stripped_end = start + len(line.rstrip())
        if stripped_start >= stripped_end:
            continue
        index = len(paragraphs)
        paragraphs.append(Paragraph(stripped_start, stripped_end))
        for s_start, s_end in split_sentences(text, stripped_start, stripped_end):
            sentences.append(Sentence(s_start, s_end, index))
    return paragraphs, sentences


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text[start:end]``, offsets into ``text``, trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        boundary = match.end()
        if boundary >= end or not _ends_sentence(text, match, end):
            continue
        spans.append((sentence_start, boundary))
        sentence_start = _skip_space(text, boundary, end)
    tail_end = len(text[:end].rstrip())
    if sentence_start < tail_end:
        spans.append((sentence_start, tail_end))
    return [(s, e) for s, e in spans if e > s]


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position


def _next_word(text: str, position: int, end: int) -> str:
    position = _skip_space(text, position, end)
    while position < end and text[position] in _OPENERS:
        position += 1
    match = re.match(r"\w+", text[position:end])
    return match.group(0) if match else text[position : position + 1]


def _starts_sentence(word: str) -> bool:
    first = word[:1]
    # caseless scripts (Arabic, CJK) have no capitals: any letter may open a sentence
    return first.isupper() or first.isdigit() or (first.isalpha() and not first.islower())


def _ends_sentence(text: str, match: re.Match[str], end: int) -> bool:
    punctuation = match.group(0)
    next_word = _next_word(text, match.end(), end)
    if not next_word or not _starts_sentence(next_word):
        return False
    if punctuation[-1] in "\"'”’»" and _ATTRIBUTION.match(text, match.end(), min(end, match.end() + 80)):
        return False
    if not punctuation.startswith(".") or punctuation.startswith("..."):
        return True
    if len(punctuation.rstrip("\"'”’»)]")) > 1 or punctuation[-1] != ".":
        return True  # "said.”" closes a quote: the abbreviation rules do not apply
    token = _token_before(text, match.start()).lstrip(_OPENERS)
    lowered = token.lower()
    if lowered in _TITLES or _INITIAL.match(token):
        return False
    if lowered in _MONTHS or lowered in _NUMBER_ABBREVIATIONS:
        return not next_word[0].isdigit()
    if _ACRONYM.match(token):
        return next_word.lower() in _STARTERS
    return True


def _token_before(text: str, position: int) -> str:
    start = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:position]
