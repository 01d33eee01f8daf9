"""Language identification with lingua, restricted to the configured languages.

The detector is built once per language set (low-accuracy mode: fast, and plenty for whole articles).
Text that is too short to judge, or a verdict below :data:`MIN_CONFIDENCE`, is reported as ``"und"``.
"""

from __future__ import annotations

import functools
from typing import Any

UNDETERMINED = "und"
MIN_WORDS = 4
MIN_LETTERS = 15
MIN_CONFIDENCE = 0.5
# Enough text to be sure of an article's language; the rest only costs time.
SAMPLE_CHARS = 1500


@functools.cache
def language_detector(languages: tuple[str, ...]) -> Any:
    """A lingua detector for the ISO 639-1 codes in ``languages`` (unknown codes are ignored)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    known = []
    for code in languages:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is not None:
            known.append(Language.from_iso_code_639_1(iso))
    if len(known) < 2:
        # lingua needs two candidates; with one configured language the answer is a yes/no on it
        known.append(Language.ENGLISH if Language.ENGLISH not in known else Language.FRENCH)
    return LanguageDetectorBuilder.from_languages(*known).with_low_accuracy_mode().build()


def detect_language(text: str, languages: tuple[str, ...]) -> tuple[str, float]:
    """(ISO 639-1 code, confidence in [0, 1]) of ``text``; ``("und", c)`` when unsure or too short."""
    sample = text[:SAMPLE_CHARS]
    if len(sample) < 4 * MIN_LETTERS and sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return UNDETERMINED, 0.0
    if len(sample.split(maxsplit=MIN_WORDS)) < MIN_WORDS:
        return UNDETERMINED, 0.0
    values = language_detector(tuple(languages)).compute_language_confidence_values(sample)
    if not values:
        return UNDETERMINED, 0.0
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    confidence = round(float(best.value), 4)
    if code not in languages or confidence < MIN_CONFIDENCE:
        return UNDETERMINED, confidence
    return code, confidence
