"""Diacritics and letter case: folding Vietnamese to plain lower-case ASCII words.

Citizens type with or without marks, and OCR'd plans lose or garble them, so
everything lexical compares *folded* text: lower case, no tone or vowel marks,
"đ" as "d", only ASCII letters and digits separated by single spaces.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters only: dossier codes such as "000.00.12.H12-251120-0001" keep their zeros.
_REPEATED_LETTERS = re.compile(r"([^\W\d_])\1{2,}")


def strip_marks(text: str) -> str:
    """Remove Vietnamese tone and vowel marks, keeping case; "đ" becomes "d".

    Length-preserving on NFC text (one character out per character in).
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Fold text to lower-case ASCII words separated by single spaces."""
    lowered = strip_marks(unicodedata.normalize("NFC", text)).lower()
    return _NON_ALNUM.sub(" ", lowered).strip()


def has_diacritics(text: str) -> bool:
    """Whether the text carries any Vietnamese mark (used to split evaluations)."""
    composed = unicodedata.normalize("NFC", text)
    return strip_marks(composed) != composed


def collapse_repeats(text: str) -> str:
    """Collapse a letter typed three or more times in a row to one ("alooo" -> "alo")."""
    return _REPEATED_LETTERS.sub(r"\1", text)
