"""Everyday words read as the catalog's words, before a question is ranked.

Citizens say "đánh rơi căn cước" where the catalog says "mất", "bìa đỏ" and "sổ hồng"
where it says "sổ đỏ", type "oto" for "ô tô" and "thường chú" for "thường trú". The
encoder (multilingual-e5-small, offline) does not supply such meanings reliably, and
BM25 and the name match (knowledge/names.py) only see the words typed. So both sides
are rewritten with one table before ranking: the question, and the names and aliases
the procedure search indexes (an alias "làm bìa đỏ" means what "làm sổ đỏ" means).

A phrase matches words typed exactly so (lower case) or typed with no mark at all and
folding to it, as in vntext: "đánh rơi" matches "đánh rơi" and "danh roi", never
"đánh rổi". Its replacement keeps marks when the phrase was typed with marks, so the
name match still compares marked words with marks.

This is retrieval's table, not the shared normaliser's (vntext): it changes what words
mean ("đánh rơi" becomes "mất"), which the assistant's intent classifier does not need,
and a change to vntext retrains the Rasa model.
"""

from __future__ import annotations

import re
import unicodedata

from knowledge.text import fold, has_diacritics

# Everyday phrase (as spelled, lower case) -> the catalog's words.
EVERYDAY_WORDS: dict[str, str] = {
    # The same thing in everyday words.
    "đánh rơi": "mất", "đánh mất": "mất", "làm rơi": "mất", "thất lạc": "mất",
    "bìa đỏ": "sổ đỏ", "sổ hồng": "sổ đỏ", "bìa hồng": "sổ đỏ",
    "xe hơi": "ô tô", "nơi ở": "nơi cư trú", "bank": "ngân hàng",
    # Spellings: words run together, ch/tr and s/x confused, a final consonant slipped.
    "oto": "ô tô", "ôtô": "ô tô",
    "thường chú": "thường trú", "tạm chú": "tạm trú", "cư chú": "cư trú",
    "trít lục": "trích lục", "chích lục": "trích lục", "cải chín": "cải chính",
    "căn cướt": "căn cước", "sác nhận": "xác nhận",
}  # fmt: skip

_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


def _by_folded_phrase() -> dict[str, list[tuple[list[str], str]]]:
    """The table's phrases under their folded form ("oto" holds "oto" and "ôtô")."""
    phrases: dict[str, list[tuple[list[str], str]]] = {}
    for spelled, meaning in EVERYDAY_WORDS.items():
        phrases.setdefault(fold(spelled), []).append((spelled.split(), meaning))
    return phrases


_PHRASES = _by_folded_phrase()
_LONGEST = max(len(folded.split()) for folded in _PHRASES)


def _runs(words: list[str], start: int) -> list[str]:
    """The runs of words from `start`, the longest a phrase can be first, down to one."""
    return [" ".join(words[start : start + n]) for n in range(_LONGEST, 0, -1)]


def _matches(typed: str, spelled: str) -> bool:
    """A typed word (lower case) is the spelled one, or that word typed without marks."""
    return typed == spelled or (not has_diacritics(typed) and typed == fold(spelled))


def _phrase_at(words: list[str], folded: list[str], start: int) -> tuple[int, str] | None:
    """The longest table phrase starting at words[start]: (its length, its meaning)."""
    for run in _runs(folded, start):
        for spelled, meaning in _PHRASES.get(run, ()):
            typed = words[start : start + len(spelled)]
            if all(_matches(t, w) for t, w in zip(typed, spelled, strict=True)):
                marked = any(has_diacritics(word) for word in typed)
                return len(spelled), meaning if marked else fold(meaning)
    return None


def everyday_words(text: str) -> str:
    """The text with every table phrase replaced by the catalog's words; the rest as typed."""
    plain = fold(text).split()
    if all(_PHRASES.keys().isdisjoint(_runs(plain, i)) for i in range(len(plain))):
        return text  # most texts: no phrase of the table, even typed otherwise
    text = unicodedata.normalize("NFC", text)
    spans = list(_WORD.finditer(text))
    words = [span.group().lower() for span in spans]
    folded = [fold(word) for word in words]
    pieces: list[str] = []
    kept = 0  # text[:kept] is already in pieces
    start = 0
    while start < len(words):
        found = _phrase_at(words, folded, start)
        if found is None:
            start += 1
            continue
        length, meaning = found
        pieces += [text[kept : spans[start].start()], meaning]
        kept = spans[start + length - 1].end()
        start += length
    return "".join(pieces) + text[kept:]
