"""Reading a citizen's words: shorthand and regional words expanded on the word as typed.

A word is looked up *before* its marks are folded away, so "hỏng" (damaged)
never becomes "không" while "hông", "ko" and "k" do; a plain spelling that
could be either ("hong") is read by its neighbours ("bị hong" is damaged,
"được hong" is không). See vntext.lexicon for the tables.

Every function here keeps one reading per input word, so the Rasa tokenizer can
give each token its reading and keep the token's offsets in the message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable, Sequence

from vntext.lexicon import ABBREVIATIONS, NUMBER, SENSES, SHORTHAND, Sense
from vntext.marks import collapse_repeats, fold, has_diacritics, strip_marks

# A word of a message: letters (with their combining marks) and digits.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_NUMBER = re.compile(r"\d[\d.,]*")


def _by_plain_spelling(spellings: Iterable[str]) -> dict[str, str]:
    """Each spelling under its folded form, for words typed without marks."""
    return {strip_marks(spelling): spelling for spelling in spellings}


_PLAIN_SHORTHAND = _by_plain_spelling(SHORTHAND)
_PLAIN_SENSES = _by_plain_spelling(SENSES)


def _spelling(typed: str, table: Container[str], plain: dict[str, str]) -> str | None:
    """The table's spelling a typed word matches: typed so, or typed without marks."""
    if typed in table:
        return typed
    if not has_diacritics(typed):
        return plain.get(typed)
    return None


def _fits(sense: Sense, before: tuple[str, ...], after: str) -> bool:
    number = NUMBER in sense.before and any(_NUMBER.fullmatch(word) for word in before)
    return number or not sense.before.isdisjoint(before) or after in sense.after


def _lookup(typed: str, before: tuple[str, ...], after: str) -> str | None:
    """The reading of one typed word, or None. `before` holds the previous word folded
    and as read ("dk" and "ky"), `after` the next word folded."""
    spelling = _spelling(typed, SENSES, _PLAIN_SENSES)
    if spelling is not None:
        for sense in SENSES[spelling]:
            if _fits(sense, before, after):
                return sense.reading
    spelling = _spelling(typed, SHORTHAND, _PLAIN_SHORTHAND)
    return SHORTHAND[spelling] if spelling is not None else None


def _typed(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower()


def readings(words: Sequence[str]) -> list[str | None]:
    """For each word, what shorthand or a regional word means (folded), else None.

    A word is looked up as typed (without punctuation around it: "ko???") and, if
    that fails, with stretched letters collapsed: "cccd" is shorthand, not a
    stretched "cd", and "kooo" is "ko".
    """
    typed = [_EDGE_PUNCTUATION.sub("", _typed(word)) for word in words]
    folded = [fold(collapse_repeats(word)) for word in typed]
    found: list[str | None] = []
    for index, word in enumerate(typed):
        before = (_last(folded[index - 1]), _last(found[index - 1] or "")) if index else ()
        after = _first(folded[index + 1]) if index + 1 < len(typed) else ""
        reading = _lookup(word, before, after)
        collapsed = collapse_repeats(word)
        if reading is None and collapsed != word:
            reading = _lookup(collapsed, before, after)
        found.append(reading)
    return found


def _first(words: str) -> str:
    return words.split(" ", 1)[0]


def _last(words: str) -> str:
    return words.rsplit(" ", 1)[-1]


def normalize_words(words: Sequence[str]) -> list[str]:
    """One normalised form per word: its reading, or the word lower-cased, with
    stretched letters collapsed and marks folded (characters such as "-" kept).

    A form may hold several words ("cccd" -> "can cuoc cong dan").
    """
    return [
        reading if reading is not None else strip_marks(collapse_repeats(_typed(word)))
        for word, reading in zip(words, readings(words), strict=True)
    ]


def normalize_token(token: str) -> str:
    """One token read alone (no neighbours): lower, repeats collapsed, shorthand, folded."""
    return normalize_words([token])[0]


def normalize_text(text: str) -> str:
    """Normalise every whitespace-separated token of a text, read with its neighbours.

    A token read as shorthand loses the punctuation around it ("ko?" -> "khong"); any
    other keeps its characters ("lh-7k2q9").
    """
    return " ".join(normalize_words(text.split()))


def normalize_query(text: str) -> str:
    """Fold a citizen's question to plain words, shorthand and regional words read."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    return fold(" ".join(normalize_words(words)))


def shorthand_expanded(text: str) -> str:
    """Shorthand read, every other word kept as typed with its diacritics (for the encoder)."""
    tokens = text.split()
    read = readings(tokens)
    return " ".join(token if r is None else r for token, r in zip(tokens, read, strict=True))


def expand_abbreviations(folded: str) -> str:
    """Spell out well-known abbreviations in folded text (TTHC, UBND, ...): plans and
    forms use them too, so the document side is expanded like questions are."""
    return " ".join(
        SHORTHAND[_PLAIN_SHORTHAND[word]] if word in ABBREVIATIONS else word
        for word in folded.split()
    )
