"""Hybrid search over plan-document passages, with file and line citations.

OCR'd plans lose or garble diacritics, so the lexical side works on folded
syllables plus character trigrams (which still match "thri tuc" to "thu tuc"
in part); the dense side embeds the passage as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from knowledge.dense import DenseIndex
from knowledge.encoders import Encoder
from knowledge.lexical import BM25, char_terms, content_terms, word_terms
from knowledge.text import fold, normalize_query

RRF_K = 20
DEPTH = 60


class PassageLike(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def start_line(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def heading(self) -> str: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class StoredPassage:
    """A passage as kept in the index folder."""

    source: str
    start_line: int
    end_line: int
    heading: str
    text: str


@dataclass(frozen=True)
class DocumentHit:
    source: str
    lines: tuple[int, int]
    heading: str
    text: str
    score: float


@dataclass(frozen=True)
class DocumentResult:
    query: str
    abstain: bool
    hits: list[DocumentHit]


def passage_text(passage: PassageLike) -> str:
    """What is indexed of a passage: its heading chain gives the context."""
    return f"{passage.heading}\n{passage.text}" if passage.heading else passage.text


class DocumentSearcher:
    def __init__(
        self, passages: Sequence[PassageLike], vectors: NDArray[np.float32], encoder: Encoder
    ) -> None:
        self.passages = list(passages)
        self.encoder = encoder
        self._dense = DenseIndex(vectors)
        texts = [fold(passage_text(p)) for p in self.passages]
        self._words = BM25([word_terms(t) for t in texts])
        self._chars = BM25([char_terms(t) for t in texts])

    def search(self, query: str, k: int = 5) -> DocumentResult:
        folded = normalize_query(query)
        terms = content_terms(folded)
        words = self._words.scores(word_terms(" ".join(terms)))
        chars = self._chars.scores(char_terms(" ".join(terms)))
        fused = np.zeros(len(self.passages), dtype=np.float64)
        for weight, scores in ((1.0, words), (1.0, chars)):
            _add_ranks(fused, scores, weight)
        if self._dense.size:
            sims, rows = self._dense.search(self.encoder.encode_queries([query]), DEPTH)
            dense = np.zeros(len(self.passages), dtype=np.float32)
            valid = rows[0] >= 0
            dense[rows[0][valid]] = sims[0][valid]
            _add_ranks(fused, dense, 0.5)
        order = [int(i) for i in np.argsort(-fused, kind="stable")[:k] if fused[i] > 0]
        hits = [self._hit(i, float(fused[i])) for i in order]
        return DocumentResult(query, not hits, hits)

    def _hit(self, index: int, score: float) -> DocumentHit:
        p = self.passages[index]
        return DocumentHit(p.source, (p.start_line, p.end_line), p.heading, p.text, round(score, 6))


def _add_ranks(fused: NDArray[np.float64], scores: NDArray[np.float32], weight: float) -> None:
    positive = np.flatnonzero(scores > 0)
    order = positive[np.argsort(-scores[positive], kind="stable")][:DEPTH]
    fused[order] += weight / (RRF_K + np.arange(len(order)))
