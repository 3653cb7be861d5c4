"""Which plan a question names, read through the OCR noise of the plans.

Staff name the plan they mean by its issuer, province or campaign ("Sở Công
Thương Yên Bái", "Đắk Lắk", "đợt cao điểm 45 ngày đêm"), and the passage that
answers rarely repeats the name. Names are runs of syllable pairs, and OCR
garbles them in the very header that carries them ("tỉnh YGn Bii", "Ddk Ldk"),
so each pair of adjacent query syllables is looked up in a document's own pairs,
letting a syllable match its garbled forms there (knowledge.ocr.GarbledForms).

A pair found in few documents is evidence for them, weighted like BM25's idf. A
document earns a pair by having it, not by repeating it: half for one
occurrence, nearly all for many, so a long plan that has "gia lai" once by
chance ("đánh giá lại") gets less than the plan of Gia Lai. Consecutive pairs a
document has form one name and count once, by their best pair, so a long agency
name ("Sở Khoa học và Công nghệ") does not outweigh a short province name.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from knowledge.ocr import GarbledForms, SyllableRepair

Pair = tuple[str, str]


def _pairs(words: Sequence[str]) -> list[Pair]:
    """Adjacent word pairs in order, each once."""
    return list(dict.fromkeys(zip(words, words[1:], strict=False)))


class PairEvidence:
    """The syllable pairs of a set of texts, one text per document."""

    def __init__(self, texts: Sequence[str], lexicon: SyllableRepair | None = None) -> None:
        """`texts`: folded text per document; without a lexicon, pairs match exactly."""
        self.n_docs = len(texts)
        # first word -> second word -> {document: occurrences}
        self._pairs: dict[str, dict[str, dict[int, int]]] = {}
        tokens: set[str] = set()
        for doc, text in enumerate(texts):
            words = text.split()
            tokens.update(words)
            for (first, second), count in Counter(zip(words, words[1:], strict=False)).items():
                self._pairs.setdefault(first, {}).setdefault(second, {})[doc] = count
        self._forms = GarbledForms(tokens, lexicon) if lexicon else None
        # Staff questions share most of their pairs ("thu tuc", "so cong"): look each up once.
        self.counts = lru_cache(maxsize=65536)(self._counts)
        self._weights = lru_cache(maxsize=65536)(self._pair_weights)

    def _variants(self, syllable: str) -> tuple[str, ...]:
        return (syllable, *(self._forms.of(syllable) if self._forms else ()))

    def _counts(self, pair: Pair) -> dict[int, int]:
        """Occurrences of the pair, or of its garbled forms, in each document that has it."""
        counts: dict[int, int] = {}
        seconds = self._variants(pair[1])
        for first in self._variants(pair[0]):
            following = self._pairs.get(first)
            if not following:
                continue
            for second in seconds:
                for doc, count in following.get(second, {}).items():
                    counts[doc] = counts.get(doc, 0) + count
        return counts

    def _pair_weights(self, pair: Pair) -> NDArray[np.float32]:
        weights = np.zeros(self.n_docs, dtype=np.float32)
        counts = self.counts(pair)
        if counts:
            idf = math.log1p((self.n_docs - len(counts) + 0.5) / (len(counts) + 0.5))
            docs = np.fromiter(counts, dtype=np.int64, count=len(counts))
            found = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            weights[docs] = idf * found / (found + 1)
        weights.flags.writeable = False  # shared by every query that has the pair
        return weights

    def scores(self, words: Sequence[str]) -> NDArray[np.float32]:
        """Per document, the best pair of each run of consecutive query pairs it has."""
        scores = np.zeros(self.n_docs, dtype=np.float32)
        run = np.zeros(self.n_docs, dtype=np.float32)
        for pair in _pairs(words):
            here = self._weights(pair)
            ended = (here == 0) & (run > 0)
            scores[ended] += run[ended]
            run = np.where(here > 0, np.maximum(run, here), 0)
        return scores + run


class PlanNames:
    """The documents a question names: by their whole text and by their opening (issuer,
    number, date, title), where a plan states its name."""

    def __init__(
        self, bodies: Sequence[str], openings: Sequence[str], lexicon: SyllableRepair | None
    ) -> None:
        self._bodies = PairEvidence(bodies, lexicon)
        self._openings = PairEvidence(openings, lexicon)
        # A pair names one plan when few plans open with it ("gia lai", not "ke hoach");
        # in a folder of one plan nothing tells it from another.
        self._naming_df = max(1, len(openings) // 4) if len(openings) > 1 else 0

    def scores(self, words: Sequence[str]) -> NDArray[np.float32]:
        """Evidence, per document, that the folded query words name it."""
        return self._bodies.scores(words) + self._openings.scores(words)

    def naming_words(self, words: Sequence[str], doc: int) -> set[str]:
        """The query words that name `doc`: pairs in its opening and in few others'."""
        named: set[str] = set()
        for pair in _pairs(words):
            counts = self._openings.counts(pair)
            if doc in counts and len(counts) <= self._naming_df:
                named.update(pair)
        return named
