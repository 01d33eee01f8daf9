"""Language identification restricted to the configured languages."""

from __future__ import annotations

import pytest

from newsprism.clean.language import UNDETERMINED, detect_language
from newsprism.config import Config

LANGUAGES = Config().languages


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("U.S. President Donald Trump said on Monday that peace talks with Russia would begin.", "en"),
        ("Le président américain a annoncé lundi le début des négociations de paix avec la Russie.", "fr"),
        ("Il presidente americano ha annunciato lunedì l'inizio dei negoziati di pace con la Russia.", "it"),
    ],
)
def test_detects_sentence_language(text: str, code: str) -> None:
    language, confidence = detect_language(text, LANGUAGES)
    assert language == code
    assert confidence > 0.8


def test_three_words_are_too_short_to_judge() -> None:
    language, confidence = detect_language("Trump calls Putin", LANGUAGES)
    assert language == UNDETERMINED or confidence < 0.5


def test_languages_outside_the_configuration_are_never_returned() -> None:
    text = "Il presidente americano ha annunciato lunedì l'inizio dei negoziati di pace con la Russia."
    language, _ = detect_language(text, ("en", "fr", "de"))
    assert language in {"en", "fr", "de", UNDETERMINED}
