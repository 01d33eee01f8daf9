"""The quotation-mark scanner: every quotation in a text by its marks, before any parse.

:func:`scan_quote_marks` is language-independent: it pairs quotation marks in every common style
(“ ” " « » „ “ ‘ ’ and PTB ``…''), one paragraph at a time, so an unbalanced mark can never swallow the
rest of the document. A quote left open at a paragraph end continues only when the next paragraph
opens with a quotation mark (the multi-paragraph convention), at most ``MAX_CONTINUED_PARAGRAPHS``
times; a closing mark with no opener in its paragraph quotes the paragraph up to it.
:func:`continue_the_last_speaker` carries a speaker over to a quotation that is a whole paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .model import Quote

MAX_QUOTE_CHARS = 4_000  # a closed quote longer than this inside one paragraph is not trusted
MAX_UNCLOSED_CHARS = 1_500  # an unclosed quote ending a paragraph is kept only when shorter
MAX_CONTINUED_PARAGRAPHS = 6

OPENERS = {"“": "”", "„": "“”", "«": "»", "``": "''", '"': '"', "''": "''", "‹": "›", "»": "«"}
SYMMETRIC = {'"', "''"}  # the same mark opens and closes (two apostrophes: the NYT archive's style)
CLOSERS = {"”", "»", "''", '"', "›", "«"}
MARK_RE = re.compile(r"``|''|[“”„«»\"‹›]")
# markup left in the text (an embedded tweet's `<tweet author="…">`): its attribute values are no quotations
_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>\n]*)?/?>")
# an apostrophe inside a word ("Don’t") does not close a ‘…’ quotation
_SINGLE_RE = re.compile(r"(?<![\w’'])‘(?=\S)((?:[^‘’\n]|’(?=\w)){1,400}?)(?<=\S)’(?!\w)")


@dataclass
class MarkedQuote:
    """Quoted text between marks: ``start``/``end`` bound the text inside the marks."""

    start: int
    end: int
    open_mark: int | None  # offset of the opening mark (None: closing mark with no opener)
    close_mark: int | None  # offset of the closing mark (None: unclosed at paragraph end)
    paragraph: int
    continued: bool = False  # continues a quote opened in an earlier paragraph
    nested: bool = False  # single marks, or inside another quote


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def _whole_paragraph(text: str, quote: Quote, paragraph: tuple[int, int]) -> bool:
    """The quotation is all its paragraph holds, bar its marks and closing punctuation."""
    before, after = text[paragraph[0] : quote.start].strip(), text[quote.end : paragraph[1]].strip()
    return before in OPENERS and all(ch in MARKS_AND_STOPS for ch in after)


SIGNATURE_START_RE = re.compile(r"\s*[-–—―]\s*[A-Z]")
MARKS_AND_STOPS = set("“”\"'’.,!?»")


def continue_the_last_speaker(text: str, quotes: list[Quote], paragraphs: list[tuple[int, int]]) -> None:
    """A paragraph that is nothing but a quotation, right after a paragraph whose last quotation is a
    direct one attributed by a cue, goes on with that speaker: the newsroom convention of continuing a
    quote across paragraphs without repeating "she said". A dash signature or a headline before it is not
    such a quotation, so an unsigned quotation after one stays without a speaker. ``quotes`` in text
    order, ``paragraphs`` as ``paragraph_spans`` gives them."""
    starts = [start for start, _ in paragraphs]
    for quote in quotes:
        if quote.speaker_start is not None or quote.kind != "direct":
            continue
        at = bisect.bisect_right(starts, quote.start) - 1
        if at >= 0 and quote.start >= paragraphs[at][1]:
            continue  # between paragraphs
        if at <= 0 or not _whole_paragraph(text, quote, paragraphs[at]) or MARK_RE.search(quote.text):
            continue  # a mark inside: mismatched marks may hide an attribution in the middle
        if at + 1 < len(paragraphs) and SIGNATURE_START_RE.match(text, paragraphs[at + 1][0]):
            continue  # signed on the next line ("- Dean Baker"), which the signature rule reads
        before_start, before_end = paragraphs[at - 1]
        previous = [q for q in quotes if before_start <= q.start < before_end and q.end <= before_end]
        said = previous[-1] if previous else None
        if said is None or said.speaker_start is None or said.cue is None or said.kind != "direct":
            continue
        quote.speaker, quote.speaker_entity = said.speaker, said.speaker_entity
        quote.speaker_start, quote.speaker_end = said.speaker_start, said.speaker_end


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _make(text: str, start: int, end: int, **kwargs: object) -> MarkedQuote | None:
    start, end = trimmed(text, start, end)
    if end <= start or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return MarkedQuote(start, end, **kwargs)  # type: ignore[arg-type]


def _closes(opener: str, mark: str, curly_close_follows: bool = True) -> bool:
    """Whether ``mark`` closes a quote opened by ``opener``. Writers mix straight and curly double
    marks ("Trump doesn't understand…,” said Benjamin): a curly close ends a straight open, and a
    straight mark ends a curly open when no curly close follows in the paragraph."""
    if mark in OPENERS.get(opener, ""):
        return True
    if opener == '"' and mark == "”":
        return True
    return opener == "“" and mark == '"' and not curly_close_follows


def _straight_pair_between(text: str, content_start: int, mark: re.Match[str], para_end: int) -> bool:
    """ "“I heard parts of Bernie’s speech," Trump said. "He wants to give away our country.”": a
    straight mark ending a sentence inside a curly quotation, with no straight mark before it in that
    quotation, closes it when another straight mark reopens before the curly close; the curly close
    then ends the reopened quotation."""
    ends_sentence = text[mark.start() - 1 : mark.start()] in (",", ".", "?", "!")
    if not ends_sentence or '"' in text[content_start : mark.start()]:
        return False
    curly = text.find("”", mark.end(), para_end)
    return curly >= 0 and '"' in text[mark.end() : curly]


def _misturned_close(text: str, mark: re.Match[str]) -> bool:
    """ "“Do you want to be associated with a fascist?“ he asked.": an opening curly mark right after
    the stop that ends a quoted sentence and before a space, with a quotation open, is its close
    turned the wrong way."""
    after_stop = text[mark.start() - 1 : mark.start()] in (",", ".", "?", "!")
    return after_stop and text[mark.end() : mark.end() + 1] in (" ", "\t")


def _scan_paragraph(
    text: str, para: tuple[int, int], index: int, carried: bool
) -> tuple[list[MarkedQuote], tuple[int, int, bool] | None]:
    """Quotes in one paragraph, and (mark, content start, continued) of a quote still open at its end."""
    found: list[MarkedQuote] = []
    open_at: re.Match[str] | None = None
    content_start: int | None = None
    continued = False
    tags = [m.span() for m in _TAG_RE.finditer(text, *para)] if "<" in text[para[0] : para[1]] else []
    marks = [m for m in MARK_RE.finditer(text, *para) if not any(a < m.start() < b for a, b in tags)]
    for number, mark in enumerate(marks):
        tok = mark.group()
        if number == 0 and carried and tok in OPENERS and tok not in CLOSERS - SYMMETRIC:
            open_at, content_start, continued = mark, mark.end(), True
            continue
        curly_close_follows = tok != '"' or "”" in text[mark.end() : para[1]]
        if curly_close_follows and tok == '"' and open_at is not None and open_at.group() == "“":
            curly_close_follows = not _straight_pair_between(text, open_at.end(), mark, para[1])
        misturned = (
            tok == "“" and open_at is not None and open_at.group() == "“" and _misturned_close(text, mark)
        )
        if open_at is not None and (_closes(open_at.group(), tok, curly_close_follows) or misturned):
            if mark.start() - content_start <= MAX_QUOTE_CHARS:  # type: ignore[operator]
                quote = _make(
                    text,
                    content_start,
                    mark.start(),
                    open_mark=open_at.start(),
                    close_mark=mark.start(),
                    paragraph=index,
                    continued=continued,
                )
                found.append(quote) if quote else None
            open_at, content_start, continued = None, None, False
        elif tok in OPENERS and (open_at is None or tok not in SYMMETRIC):
            # a second opener while one is open: the first was never closed, so it is dropped
            open_at, content_start, continued = mark, mark.end(), False
        elif tok in CLOSERS and open_at is None and not found and mark.start() - para[0] <= MAX_QUOTE_CHARS:
            # closing mark with no opener in the paragraph: the writer dropped the opening mark
            quote = _make(
                text, para[0], mark.start(), open_mark=None, close_mark=mark.start(), paragraph=index
            )
            found.append(quote) if quote else None
    if open_at is None or content_start is None:
        return found, None
    return found, (open_at.start(), content_start, continued)


def scan_quote_marks(text: str) -> list[MarkedQuote]:
    """Every quotation in ``text`` by its marks, paragraph by paragraph (see module docstring)."""
    paragraphs = paragraph_spans(text)
    quotes: list[MarkedQuote] = []
    carried_chain = 0
    carried = False
    for index, para in enumerate(paragraphs):
        found, still_open = _scan_paragraph(text, para, index, carried)
        quotes.extend(found)
        carried = False
        if still_open is None:
            carried_chain = 0
            continue
        opener, open_from, continued = still_open
        nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        reopens = nxt is not None and text[nxt[0] : nxt[1]].lstrip()[:1] in (
            "“",
            '"',
            "«",
            "„",
            "`",
            "‘",
            "'",
        )
        if (reopens and carried_chain < MAX_CONTINUED_PARAGRAPHS) or para[
            1
        ] - open_from <= MAX_UNCLOSED_CHARS:
            quote = _make(
                text,
                open_from,
                para[1],
                open_mark=opener,
                close_mark=None,
                paragraph=index,
                continued=continued,
            )
            if quote:
                quotes.append(quote)
        if reopens and carried_chain < MAX_CONTINUED_PARAGRAPHS:
            carried, carried_chain = True, carried_chain + 1
        else:
            carried_chain = 0
    quotes.extend(_single_quotes(text, quotes))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _single_quotes(text: str, doubles: list[MarkedQuote]) -> list[MarkedQuote]:
    """‘…’ quotations outside any double-quoted text (inside one, they are part of it)."""
    regions = [(q.open_mark if q.open_mark is not None else q.start, q.end + 1) for q in doubles]
    found = []
    for match in _SINGLE_RE.finditer(text):
        if any(a <= match.start() < b for a, b in regions):
            continue
        quote = _make(
            text,
            match.start(1),
            match.end(1),
            open_mark=match.start(),
            close_mark=match.end(1),
            paragraph=-1,
            nested=True,
        )
        if quote:
            found.append(quote)
    return found
