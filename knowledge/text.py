"""Vietnamese text for the knowledge layer: the shared normaliser and the terms retrieval
indexes.

Folding, shorthand, abbreviations and regional words come from `vntext`, the one
normaliser the Rasa tokenizer uses too, so a citizen's words mean the same to the
assistant and to retrieval ("bị hỏng" stays damaged, "dc ko" is "được không").
Only what retrieval adds lives here: syllables, syllable bigrams, character n-grams.
"""

from __future__ import annotations

from collections.abc import Iterable

from vntext import (
    expand_abbreviations,
    fold,
    has_diacritics,
    normalize_query,
    shorthand_expanded,
    strip_marks,
)

__all__ = [
    "char_ngrams",
    "expand_abbreviations",
    "fold",
    "has_diacritics",
    "normalize_query",
    "shorthand_expanded",
    "strip_marks",
    "syllable_bigrams",
    "syllables",
]


def syllables(folded: str) -> list[str]:
    """Split folded text into syllables."""
    return folded.split()


def syllable_bigrams(tokens: list[str]) -> list[str]:
    """Adjacent syllable pairs: Vietnamese words are mostly two syllables."""
    return [f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def char_ngrams(tokens: Iterable[str], n: int = 3) -> list[str]:
    """Character n-grams inside each syllable, with boundary marks, for OCR noise and typos."""
    grams: list[str] = []
    for token in tokens:
        padded = f"#{token}#"
        if len(padded) <= n:
            grams.append(padded)
            continue
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams
