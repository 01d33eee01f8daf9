"""Rule-based paragraph and sentence segmentation: exact offsets, abbreviations kept whole."""

from __future__ import annotations

import pytest

from newsprism.clean.segment import segment, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# Each case: the text, and its sentences joined by " | ".
CASES = [
    ("U.S. President Donald Trump said Monday.", "U.S. President Donald Trump said Monday."),
    ("He met Mr. Putin and Dr. Weber.", "He met Mr. Putin and Dr. Weber."),
    ("Donald J. Trump spoke. He left.", "Donald J. Trump spoke. | He left."),
    ("The call was on Feb. 12 in Moscow.", "The call was on Feb. 12 in Moscow."),
    (
        "Talks are set for Feb. 14, 2025. They are in Munich.",
        "Talks are set for Feb. 14, 2025. | They are in Munich.",
    ),
    ("It was agreed in the U.S. The talks start now.", "It was agreed in the U.S. | The talks start now."),
    ("“We will start now.” Zelensky agreed.", "“We will start now.” | Zelensky agreed."),
    (
        "“Are you serious?” Vance asked. Nobody answered.",
        "“Are you serious?” Vance asked. | Nobody answered.",
    ),
    ("“It is time,” he said. “Peace!” Then silence.", "“It is time,” he said. | “Peace!” | Then silence."),
    ("Was it real? Yes! Really… Then no.", "Was it real? | Yes! | Really… | Then no."),
    ("He said no. The talks ended.", "He said no. | The talks ended."),
    ("They met in room No. 5 today.", "They met in room No. 5 today."),
    ("$500 billion of reserves...I think so.", "$500 billion of reserves...I think so."),
    ("No final period here", "No final period here"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences(text: str, expected: str) -> None:
    assert _sentences(text) == expected.split(" | ")


def test_offsets_are_exact_and_sentences_stay_in_their_paragraph() -> None:
    text = "First one. Second one.\nThird, in Mr. Smith's paragraph. Fourth!\n  Fifth  "
    paragraphs, sentences = segment(text)
    assert [text[p.start : p.end] for p in paragraphs] == [
        "First one. Second one.",
        "Third, in Mr. Smith's paragraph. Fourth!",
        "Fifth",
    ]
    assert [(text[s.start : s.end], s.paragraph) for s in sentences] == [
        ("First one.", 0),
        ("Second one.", 0),
        ("Third, in Mr. Smith's paragraph.", 1),
        ("Fourth!", 1),
        ("Fifth", 2),
    ]
    for sentence in sentences:
        paragraph = paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def test_empty_text_has_no_segments() -> None:
    assert segment("") == ([], [])
    assert segment("\n \n") == ([], [])
