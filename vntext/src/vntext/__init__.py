"""vntext: the one Vietnamese normaliser of motcua, for questions as citizens type them.

Used by the knowledge layer (retrieval, Python 3.11) and by the Rasa tokenizer and
actions (Python 3.10), so both read a citizen's words the same way: without
diacritics, with typos, chat shorthand (ko, dc, cccd, gplx) and regional words
(sổ đỏ, mần, ở mô). Standard library only.

    >>> normalize_query("thẻ căn cước bị hỏng, làm lại dc ko?")
    'the can cuoc bi hong lam lai duoc khong'
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from vntext.lexicon import ABBREVIATIONS, SENSES, SHORTHAND, Sense
from vntext.marks import collapse_repeats, fold, has_diacritics, strip_marks
from vntext.reading import (
    expand_abbreviations,
    normalize_query,
    normalize_text,
    normalize_token,
    normalize_words,
    readings,
    shorthand_expanded,
)

__all__ = [
    "ABBREVIATIONS",
    "SENSES",
    "SHORTHAND",
    "Sense",
    "collapse_repeats",
    "expand_abbreviations",
    "fingerprint",
    "fold",
    "has_diacritics",
    "normalize_query",
    "normalize_text",
    "normalize_token",
    "normalize_words",
    "readings",
    "shorthand_expanded",
    "strip_marks",
]


def fingerprint() -> str:
    """A hash of this package's code and tables: what a trained model was normalised with
    (Rasa retrains when it changes)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
