"""Repairing OCR'd Vietnamese syllables against a lexicon of real ones.

Scans of Vietnamese plans come out of OCR with their vowels garbled ("c6ng",
"nh4n", "hiqn", "tgc") while initials and finals mostly survive. A garbled
syllable is replaced by the most frequent real syllable with the same initial
and final whose vowel is closest, so "c6ng" becomes "cong" and BM25 over
syllables can match the question's words again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from knowledge.lexical import split_syllable

_VOWELS = frozenset("aeiouy")


def _vowel_distance(garbled: str, real: str) -> float:
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
        best = min(candidates, key=lambda c: (_vowel_distance(vowel, c[0]), -c[1]))
        if _vowel_distance(vowel, best[0]) > max(1.5, len(vowel) / 2):
            return token
        return f"{initial}{best[0]}{final}"

    def text(self, folded: str) -> str:
        """Repair every syllable of folded text."""
        return " ".join(self.repair(t) for t in folded.split())
