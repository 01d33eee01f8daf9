"""Line-by-line boilerplate removal, each removal with a short stable reason code.

Works the same on plain text and on text extracted from HTML: the unit is one line (one paragraph),
or one block of lines when the input is hard-wrapped. The rules are generic patterns (widget phrases,
shapes of captions, headings, taglines), never lists of one site's strings, and one rule overrides
them all: a line that reads like reporting (final punctuation, or a quote) is never removed unless
it is exactly a widget phrase, a caption or the headline.

Reason codes: ``blank separator title repeated_title widget navigation advert promo subscribe
contact copyright credits tags byline dateline timestamp caption slogan subheading``.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from ..model import RemovedLine
from .normalize import normalize_line

# ----------------------------------------------------------------------------- phrase lists (generic)


def _phrases(block: str) -> frozenset[str]:
    return frozenset(phrase.strip() for phrase in block.split("|"))


# Whole-line phrases (compared on lowercase words only) that are page furniture in any outlet.
_WIDGET_PHRASES = _phrases(
    """share|share this|share this article|share this story|share article|share on facebook|share on twitter
    |share on x|share via email|tweet|email|print|copy link|link copied|comments|comment|post a comment
    |leave a comment|leave a reply|add a comment|add comment|show comments|view comments|hide comments
    |join the conversation|please select embedded mode to show the comment system|comments are closed
    |follow us|follow us on|like us on facebook|listen to this article|save|save article|bookmark
    |partager|commentaires|commenter|condividi|commenti|teilen|kommentare|compartir|comentarios"""
)
_SOCIAL_WORDS = frozenset(
    "facebook twitter x whatsapp email e mail linkedin telegram reddit pinterest print copy link share "
    "messenger flipboard tumblr bluesky threads mastodon vk sms".split()
)
_NAVIGATION_PHRASES = _phrases(
    """previous post next post|previous post|next post|previous article|next article|previous|next
    |older post|newer post|newer post older post|skip to content|skip to main content|back to top
    |menu|main menu|toggle navigation|home|search|close|open menu"""
)
_ADVERT_PHRASES = _phrases(
    """advertisement|advertising|ad|sponsored|sponsored content|paid content|promoted
    |scroll to continue with content|story continues below advertisement|article continues below
    |continue reading below|continue reading the main story|publicité|pubblicità|anzeige|werbung
    |publicidad"""
)
_PROMO_PHRASES = _phrases(
    """related|related articles|related stories|related content|related posts|more on this story
    |recommended|recommended for you|most read|most popular|trending|trending now|you may also like
    |you might also like|more from|more stories|more news|read more|read also|also read|see also
    |latest news|top stories|editor s picks|lire aussi|leggi anche|mehr zum thema|lee también"""
)

_PROMO_PREFIX = re.compile(
    r"^(?:read more|read also|also read|related|see also|more|watch|listen|recommended|explainer"
    r"|lire aussi|leggi anche|lesen sie auch)\s*[:»|>–—-]",
    re.IGNORECASE,
)
_SUBSCRIBE = re.compile(
    r"^(?:sign up|subscribe|get our|join our|register|download our|get the latest)\b.*"
    r"\b(?:newsletter|subscribe|subscription|inbox|app|updates|alerts|free)\b",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"^(?:contact|email|e-mail|write to|reach|send tips|tips|follow)\b[^.!?]*"
    r"(?:@|\bon (?:twitter|x|facebook|instagram|telegram|linkedin)\b)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|all rights reserved", re.IGNORECASE)
_CREDITS = re.compile(
    r"^\(?(?:reporting|writing|editing|additional reporting|compiled|translated)\s+by\b", re.IGNORECASE
)
_TAGS = re.compile(
    r"^(?:tags|topics|filed under|categories|category|keywords|themen|sujets)\s*:", re.IGNORECASE
)
_BYLINE = re.compile(r"^(?i:by|von|par|di|por|door)\s+[A-ZÀ-ÖØ-Þ]")
# A photo credit or caption marker: "(AP Photo/Evan Vucci)", "Photo: Reuters", "Getty Images".
# "(AP)" alone is a dateline's agency, not a caption.
_CAPTION_MARKER = re.compile(
    r"\((?:[^()]{0,60}\b(?:photos?|images?|picture|foto)\s*(?:/|:|by\b|courtesy\b)[^()]{0,60}"
    r"|(?:file|staff|provided|courtesy|submitted|contributed) (?:photos?|images?))\)"
    r"|^(?:photos?|images?|picture|credit|foto)\s*(?:by\b|:)"
    r"|\b(?:getty images|ap photo|afp photo|reuters/|epa-efe|view (?:full )?caption)\b",
    re.IGNORECASE,
)
# Captions are short; a long paragraph that mentions a photo is reporting.
MAX_CAPTION_WORDS = 40
_SHARE_PROMPT = re.compile(r"^(?:read or )?share (?:this|on|via)\b", re.IGNORECASE)
# What may surround a date in a "Posted: Tuesday, Jan. 28, 2014 8:18 PM EST" line.
_TIMESTAMP_WORDS = re.compile(
    r"\b(?:posted|updated|published|last updated|modified|created|on|at|and|by|am|pm|a\.m\.|p\.m\."
    r"|[ecmp][sd]t|et|gmt|utc|bst|cet|cest|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
    r"|\d{1,2}:\d{2}(?::\d{2})?",
    re.IGNORECASE,
)


# ----------------------------------------------------------------------------- shapes of lines

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_FULL_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2})\b"
)
# "WASHINGTON, Feb. 12 (Reuters) -" or "Feb. 12, 2025 —" standing alone on its line.
_DATELINE_ONLY = re.compile(
    rf"^(?:[A-Z][\w.'’ -]{{1,40}},\s*)?(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
    r"\s*(?:\([^)]{1,30}\))?\s*[-—–:]?$"
)
_QUOTES = '"“”„«»‘‚'  # ’ alone is an apostrophe far more often than a quote
_CLOSERS = "\"'”’»)]"
_TERMINAL = ".!?…:;"
_DECORATION = "/|\\~*#=_+<>"  # not "•": a bullet opens a list item, which is content
_LIST_MARKER = re.compile(r"^(?:[•▪◦●■►*–-]\s|\d{1,3}[.)]\s|\(?[a-z]\)\s)")
# Lowercase words that a verb-less line of names ("A, Feb. 1, and B") or a title may contain.
_CONNECTORS = frozenset(
    "and of the in at on for to a an with from by de del della di da von van der den du la le et und e y "
    "al bin".split()
)
_REPORTING_VERBS = re.compile(
    r"\b(?:said|says|told|added|stated|announced|reported|according to|confirmed|claimed|wrote|insisted)\b"
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")

MAX_HEADING_WORDS = 14
MAX_HEADING_CHARS = 120
MAX_TITLE_WORDS = 22
MAX_TITLE_CHARS = 160


@functools.lru_cache(maxsize=8192)
def line_key(text: str) -> str:
    """Lowercase words only: what widget phrases and repeated titles are compared on."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def strip_decoration(text: str) -> str:
    """``text`` without leading/trailing decoration runs ("//Headline//", "Tagline /")."""
    return text.strip(_DECORATION + " ").strip()


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _capitalised_share(words: list[str]) -> float:
    content = [w for w in words if w.lower() not in _CONNECTORS]
    if not content:
        return 0.0
    return sum(1 for w in content if w[0].isupper()) / len(content)


def _ends_like_sentence(text: str) -> bool:
    body = text.rstrip(_CLOSERS + " ")
    return bool(body) and body[-1] in _TERMINAL


def has_quote(text: str) -> bool:
    return any(ch in _QUOTES for ch in text)


def is_widget(text: str) -> bool:
    key = line_key(text)
    if key in _WIDGET_PHRASES or re.fullmatch(r"\d+ (?:comments?|shares?|replies)", key):
        return True
    if len(key.split()) <= 25 and _SHARE_PROMPT.match(text):
        return True
    words = key.split()
    return bool(words) and len(words) <= 8 and all(w in _SOCIAL_WORDS for w in words)


def is_navigation(text: str) -> bool:
    if line_key(text) in _NAVIGATION_PHRASES:
        return True
    # breadcrumbs: "Home » World » Europe", "News | Politics | Ukraine"
    parts = [p.strip() for p in re.split(r"\s*[»›>|]\s*", text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts) and not _ends_like_sentence(text)


def is_advert(text: str) -> bool:
    return line_key(text) in _ADVERT_PHRASES


def is_promo(text: str) -> bool:
    return line_key(text) in _PROMO_PHRASES or bool(_PROMO_PREFIX.match(text))


def is_subscribe(text: str) -> bool:
    return len(text.split()) <= 25 and bool(_SUBSCRIBE.match(text))


def is_contact(text: str) -> bool:
    words = text.split()
    if len(words) > 20:
        return False
    if _CONTACT.match(text):
        return True
    # a line that is little more than an address: "Jane Doe, jane@example.com"
    return bool(_EMAIL.search(text)) and len(words) <= 5


def is_copyright(text: str) -> bool:
    return len(text.split()) <= 25 and bool(_COPYRIGHT.search(text))


def is_credits(text: str) -> bool:
    return len(text.split()) <= 30 and bool(_CREDITS.match(text))


def is_tags(text: str) -> bool:
    return bool(_TAGS.match(text))


def is_byline(text: str) -> bool:
    return len(text.split()) <= 10 and not _ends_like_sentence(text) and bool(_BYLINE.match(text))


def is_dateline_only(text: str) -> bool:
    return bool(_DATELINE_ONLY.match(text))


def is_separator(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)


def is_caption(text: str) -> bool:
    """A photo caption: a credit marker, or a verb-less list of names with dates."""
    if len(text.split()) <= MAX_CAPTION_WORDS and _CAPTION_MARKER.search(text):
        return True
    if not _FULL_DATE.search(text) or has_quote(text):
        return False
    words = _words(_FULL_DATE.sub(" ", text))
    if len(words) < 2:
        return False
    # every remaining word is a name (capitalised) or a connector: there is no verb to report anything
    return all(w[0].isupper() or w.lower() in _CONNECTORS for w in words)


def is_slogan(text: str) -> bool:
    """A decorated tagline ("News is knowledge, Knowledge is news /")."""
    stripped = text.strip()
    decorated = stripped[:1] in _DECORATION or stripped[-1:] in _DECORATION
    return (
        decorated
        and len(stripped.split()) <= 12
        and not has_quote(stripped)
        and not _ends_like_sentence(strip_decoration(stripped))
    )


def is_timestamp(text: str) -> bool:
    """A printed date/time line: "Posted: Tuesday, January 28, 2014 8:18 PM EST Updated: ..." """
    if not _FULL_DATE.search(text) or len(text.split()) > 30:
        return False
    rest = _TIMESTAMP_WORDS.sub(" ", _FULL_DATE.sub(" ", text))
    return not any(ch.isalpha() for ch in rest)


def reads_like_reporting(text: str) -> bool:
    """A line a reader would call a sentence of reporting: never removed as a heading."""
    if has_quote(text) or _REPORTING_VERBS.search(text):
        return True
    if not _ends_like_sentence(text):
        return False
    body = text.rstrip(_CLOSERS + " ")
    # "A Path to Peace?" is a heading: a short title-cased question with no other punctuation
    question_heading = (
        body.endswith("?")
        and len(body.split()) <= 8
        and "," not in body
        and _capitalised_share(_words(body)) >= 0.75
    )
    return not question_heading


def looks_like_heading(text: str) -> bool:
    """A short line without sentence punctuation: a subheading, or one line of a teaser box."""
    words = text.split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and len(text) <= MAX_HEADING_CHARS
        and any(ch.isalpha() for ch in text)
        and not _LIST_MARKER.match(text)
        and not reads_like_reporting(text)
    )


def looks_like_title(text: str) -> bool:
    """The first line of a plain text file is the headline when it is short and has no final period."""
    body = strip_decoration(text)
    words = _words(body)
    return (
        2 <= len(words) <= MAX_TITLE_WORDS
        and len(body) <= MAX_TITLE_CHARS
        and body.rstrip(_CLOSERS)[-1:] not in ".:;,"
        and not _LIST_MARKER.match(body)
        and not is_byline(body)
        and not is_dateline_only(body)
        and not is_caption(body)
    )


# Context-free rules, in order; the first that matches names the reason.
_LINE_RULES = (
    ("widget", is_widget),
    ("navigation", is_navigation),
    ("advert", is_advert),
    ("promo", is_promo),
    ("subscribe", is_subscribe),
    ("contact", is_contact),
    ("copyright", is_copyright),
    ("credits", is_credits),
    ("tags", is_tags),
    ("byline", is_byline),
    ("dateline", is_dateline_only),
    ("timestamp", is_timestamp),
    ("caption", is_caption),
    ("slogan", is_slogan),
)
_FURNITURE = frozenset({"widget", "navigation", "advert"})


# ----------------------------------------------------------------------------- units of the original


@dataclass
class Unit:
    """A line (or hard-wrapped block) of the original: ``original[start:end]`` and its cleaned text."""

    start: int
    end: int
    clean: str
    reason: str | None = None
    heading: bool = False


_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def split_lines(original: str) -> list[tuple[int, int]]:
    """(start, end) of every line, terminators excluded."""
    spans, position = [], 0
    for match in _LINE_BREAK.finditer(original):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(original)))
    return spans


def is_hard_wrapped(original: str, lines: list[tuple[int, int]]) -> bool:
    """Paragraphs broken at a fixed width (email, old wire copy): most lines stop mid-sentence."""
    texts = [original[s:e].strip() for s, e in lines]
    continued = [a for a, b in itertools.pairwise(texts) if a and b]
    if len(continued) < 3:
        return False
    mid_sentence = [t for t in continued if not _ends_like_sentence(t)]
    width = max(len(t) for t in continued)
    # wrapped lines fill the width: few of them are much shorter than the longest
    full = [t for t in continued if len(t) >= 0.6 * width]
    return width <= 100 and len(full) >= 0.8 * len(continued) and len(mid_sentence) >= 0.5 * len(continued)


def split_units(original: str) -> list[Unit]:
    lines = split_lines(original)
    if not is_hard_wrapped(original, lines):
        return [Unit(s, e, normalize_line(original[s:e])) for s, e in lines]
    units: list[Unit] = []
    block: list[tuple[int, int]] = []
    for start, end in lines:
        if original[start:end].strip():
            block.append((start, end))
            continue
        if block:
            units.append(_block_unit(original, block[0][0], block[-1][1]))
            block = []
        units.append(Unit(start, end, ""))
    if block:
        units.append(_block_unit(original, block[0][0], block[-1][1]))
    return units


def _block_unit(original: str, start: int, end: int) -> Unit:
    return Unit(start, end, normalize_line(_LINE_BREAK.sub(" ", original[start:end])))


# ----------------------------------------------------------------------------- the pass


@dataclass
class CleanedBody:
    paragraphs: list[str]  # kept lines, normalised, in order
    removed: list[RemovedLine] = field(default_factory=list)
    title: str | None = None  # headline found in the body (None when a title was given)


def title_keys(title: str) -> set[str]:
    """The title and its parts around " | " / " - " (site names ride along in <title>)."""
    keys = {line_key(strip_decoration(title))}
    for part in re.split(r"\s+[|–—-]\s+", title):
        if len(part.split()) >= 3:
            keys.add(line_key(part))
    keys.discard("")
    return keys


def find_headline(units: list[Unit]) -> Unit | None:
    """The first line, skipping page furniture, when it is shaped like a headline."""
    for unit in units:
        if not unit.clean:
            continue
        if any(rule(unit.clean) for reason, rule in _LINE_RULES if reason in _FURNITURE):
            continue
        return unit if looks_like_title(unit.clean) else None
    return None


def remove_boilerplate(original: str, title: str | None = None) -> CleanedBody:
    """Split ``original`` into kept paragraphs and removed lines (offsets into ``original``)."""
    units = split_units(original)
    headline = None if title else find_headline(units)
    found_title = strip_decoration(headline.clean) if headline else None
    keys = title_keys(title or found_title or "")
    for unit in units:
        unit.reason = _reason_for(unit, headline, keys)
    _mark_headings(units)
    _keep_headline_when_nothing_else(units)
    removed = [
        RemovedLine(text=original[u.start : u.end], reason=u.reason, start=u.start, end=u.end)
        for u in units
        if u.reason and u.end > u.start
    ]
    kept = [u.clean for u in units if not u.reason]
    return CleanedBody(paragraphs=kept, removed=removed, title=found_title)


def _reason_for(unit: Unit, headline: Unit | None, keys: set[str]) -> str | None:
    if not unit.clean:
        return "blank"
    if unit is headline:
        return "title"
    if line_key(unit.clean) in keys:
        return "repeated_title"
    if is_separator(unit.clean):
        return "separator"
    for reason, rule in _LINE_RULES:
        if rule(unit.clean):
            return reason
    unit.heading = looks_like_heading(unit.clean)
    return None


def _keep_headline_when_nothing_else(units: list[Unit]) -> None:
    """A document that is only headlines (a bare feed item, a page of teasers) keeps them as its body."""
    if any(not u.reason for u in units):
        return
    for unit in units:
        if unit.reason in ("title", "repeated_title") or unit.heading:
            unit.reason = None


def _mark_headings(units: list[Unit]) -> None:
    """Single heading lines are subheadings; a run of them between paragraphs is a teaser box."""
    run: list[Unit] = []
    for unit in [*units, None]:
        if unit is not None and unit.reason == "blank":
            continue
        if unit is not None and unit.heading and not unit.reason:
            run.append(unit)
            continue
        for member in run:
            member.reason = "promo" if len(run) >= 2 else "subheading"
        run = []
