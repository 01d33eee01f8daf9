"""Unicode and whitespace normalisation of one line of body text.

Quote characters are kept exactly as the outlet wrote them: a curly or straight quote is evidence of
what was quoted. :func:`straighten_quotes` maps them to ASCII one character for one character, so a
matcher can compare quotes without shifting any offset.
"""

from __future__ import annotations

import re
import unicodedata

# Curly, low and angle quotes -> their ASCII counterpart; one char to one char so offsets survive.
_QUOTE_MAP = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〝": '"', "〞": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "`": "'",
    }
)  # fmt: skip

# Characters that carry no text: BOM, zero-width space, soft hyphen, word joiner.
_INVISIBLE = re.compile("[\ufeff\u200b\u00ad\u2060]")
# C0/C1 controls except tab (tab is whitespace, collapsed below).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every horizontal space Unicode knows, tab and NBSP included.
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Typical UTF-8-read-as-cp1252 sequences ("â€™", "Ã©"); their presence is the cheap trigger for a repair.
_MOJIBAKE = re.compile("(?:â€|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf])")


def straighten_quotes(text: str) -> str:
    """``text`` with typographic quotes replaced by ASCII ones (same length, for matching only)."""
    return text.translate(_QUOTE_MAP)


def fix_mojibake(text: str) -> str:
    """Undo one round of UTF-8 decoded as cp1252/latin-1, when that is clearly what happened."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if len(_MOJIBAKE.findall(repaired)) < len(_MOJIBAKE.findall(text)):
            return repaired
    return text


def normalize_line(text: str) -> str:
    """One line as stored in ``Article.text``: NFC, no controls or invisibles, single spaces, trimmed."""
    text = fix_mojibake(text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    return text.strip()
