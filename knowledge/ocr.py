"""Repairing OCR'd Vietnamese syllables against a lexicon of real ones.

Scans of Vietnamese plans come out of OCR with their vowels garbled ("c6ng",
"nh4n", "hiqn", "tgc") while initials and finals mostly survive. A garbled
syllable is replaced by the most frequent real syllable with the same initial
and final whose vowel is closest, so "c6ng" becomes "cong" and BM25 over
syllables can match the question's words again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from knowledge.lexical import split_syllable

_VOWELS = frozenset("aeiouy")
MAX_VOWEL_EDITS = 1.0
# Vowel nuclei of Vietnamese syllables, folded (không dấu): what a repair may produce.
NUCLEI = frozenset((
    "a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa",
    "oe", "oi", "oo", "ua", "ue", "ui", "uo", "uu", "uy", "ieu", "oai", "oay", "oeo", "uay",
    "uoi", "uou", "uya", "uye", "uyu", "ye", "yeu",
))  # fmt: skip
DOMINANCE = 4  # a confident repair's reading is this many times as frequent as the next
MAX_EDIT = 0.5  # ... and differs by one character OCR put in the vowel ("c6ng", "hiqn")


def vowel_distance(garbled: str, real: str) -> float:
    """Edit distance where a non-vowel in the garbled vowel costs half: OCR put it there."""
    rows = [float(j) for j in range(len(real) + 1)]
    for i, ch in enumerate(garbled, start=1):
        previous, rows[0] = rows[0], float(i)
        for j, target in enumerate(real, start=1):
            cost = 0.0 if ch == target else (1.0 if ch in _VOWELS else 0.5)
            previous, rows[j] = rows[j], min(rows[j] + 1, rows[j - 1] + 1, previous + cost)
    return float(rows[-1])


class SyllableRepair:
    """Maps garbled folded syllables to real ones from a lexicon with counts."""

    def __init__(self, counts: Counter[str]) -> None:
        self._known = set(counts)
        self._by_shape: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for syllable, count in counts.most_common():
            initial, vowel, final = split_syllable(syllable)
            self._by_shape.setdefault((initial, final), []).append((vowel, count))
        self.repair = lru_cache(maxsize=65536)(self._repair)

    @classmethod
    def from_texts(cls, folded_texts: Iterable[str]) -> SyllableRepair:
        counts: Counter[str] = Counter()
        for text in folded_texts:
            counts.update(t for t in text.split() if t.isalpha())
        return cls(counts)

    def _repair(self, token: str) -> str:
        if token in self._known or token.isdigit() or len(token) > 7:
            return token
        initial, vowel, final = split_syllable(token)
        candidates = self._by_shape.get((initial, final))
        if not candidates or not vowel:
            return token
        best = min(candidates, key=lambda c: (vowel_distance(vowel, c[0]), -c[1]))
        if vowel_distance(vowel, best[0]) > max(1.5, len(vowel) / 2):
            return token
        return f"{initial}{best[0]}{final}"

    def confident(self, token: str) -> str | None:
        """The real syllable a garbled folded token stands for, only when the garbling is
        plain and one reading clearly wins; else None (shown as OCR gave it).

        Plain: the token starts with a letter, is not a real syllable, and its vowel holds a
        digit or a consonant ("c6ng", "hiqn", "tgc"). Clearly: the closest real vowels
        differ by that one character, and the most frequent of them is at least DOMINANCE times as
        frequent as any other as close ("c6ng" is "cong", but "t6" may be "to" or "tu")."""
        if token in self._known or not token[:1].isalpha() or len(token) > 7:
            return None
        initial, vowel, final = split_syllable(token)
        if not vowel or all(ch in _VOWELS for ch in vowel):
            return None
        if not any(ch in _VOWELS or ch.isdigit() for ch in vowel):
            return None  # "Stt", "hd": an abbreviation as likely as a garbled syllable
        scored = [
            (vowel_distance(vowel, real), count, real)
            for real, count in self._by_shape.get((initial, final)) or []
            if real in NUCLEI
        ]
        if not scored:
            return None
        best = min(distance for distance, _, _ in scored)
        close = sorted(
            (count for distance, count, _ in scored if distance <= best + 0.5), reverse=True
        )
        if best > MAX_EDIT or (len(close) > 1 and close[0] < DOMINANCE * close[1]):
            return None
        real = max((c, v) for d, c, v in scored if d == best)[1]
        return f"{initial}{real}{final}"

    def text(self, folded: str) -> str:
        """Repair every syllable of folded text."""
        return " ".join(self.repair(t) for t in folded.split())

    def knows(self, token: str) -> bool:
        """Whether the token is a real syllable of the lexicon."""
        return token in self._known


class GarbledForms:
    """The garbled tokens of a corpus that may stand for a real syllable: the reverse of
    SyllableRepair, for matching a clean query against OCR text.

    A token is a garbled form of a syllable when it is not itself a real syllable, has
    the same initial and final consonants, and its vowel is at most one edit away
    ("ygn" and "yan" for "yen", "ddk" and "dik" for "dak"); a real syllable such as
    "giai" never stands for "gia".
    """

    def __init__(self, tokens: Iterable[str], lexicon: SyllableRepair) -> None:
        self._by_shape: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for token in set(tokens):
            if lexicon.knows(token) or token.isdigit():
                continue
            initial, vowel, final = split_syllable(token)
            if vowel and any(ch.isalpha() for ch in vowel + final):
                self._by_shape[(initial, final)].append((vowel, token))
        self.of = lru_cache(maxsize=65536)(self._forms)

    def _forms(self, syllable: str) -> tuple[str, ...]:
        initial, vowel, final = split_syllable(syllable)
        if not vowel or not syllable.isalpha():
            return ()
        return tuple(
            token
            for garbled, token in self._by_shape.get((initial, final), ())
            # Each letter more or less is an edit: a cheap bound before the full distance.
            if abs(len(garbled) - len(vowel)) <= MAX_VOWEL_EDITS
            and vowel_distance(garbled, vowel) <= MAX_VOWEL_EDITS
        )
