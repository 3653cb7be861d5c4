"""Hybrid search over the procedure catalog, grouped per procedure.

Three rankers vote: BM25 over syllables and bigrams, BM25 over character
trigrams (typos) and dense cosine over several chunks per procedure (best chunk
counts). Their scores are fused (see Fusion); whether to answer at
all is decided separately from how much of the question the best procedure
covers and how close it is in meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from knowledge.catalog.models import Procedure
from knowledge.dense import DenseIndex
from knowledge.encoders import Encoder
from knowledge.lexical import BM25, canonical, char_terms, content_terms, word_terms
from knowledge.text import fold, normalize_query, shorthand_expanded

DEPTH = 50


@dataclass(frozen=True)
class Chunk:
    """A piece of text embedded for one procedure."""

    owner: int
    text: str


@dataclass(frozen=True)
class AbstainPolicy:
    """Answer only when the best procedure is close enough to the question.

    Tuned on the dev set (tests/data/dev-questions.jsonl); see bench/README.md.
    """

    coverage_weight: float = 0.5
    dense_floor: float = 0.80
    dense_span: float = 0.10
    threshold: float = 0.5

    def confidence(self, coverage: float, dense: float) -> float:
        scaled = min(max((dense - self.dense_floor) / self.dense_span, 0.0), 1.0)
        return self.coverage_weight * coverage + (1 - self.coverage_weight) * scaled


@dataclass(frozen=True)
class Fusion:
    """Weighted sum of each ranker's scores, scaled per query.

    Lexical scores are divided by the query's best; dense cosines are measured
    above the median procedure, because e5 cosines crowd into a narrow band.
    Magnitudes matter: a lexical match far ahead of the rest should win even
    when the encoder, weak on text without diacritics, disagrees.
    """

    words: float = 1.0
    chars: float = 0.25
    dense: float = 0.4

    def combine(
        self, words: NDArray[np.float32], chars: NDArray[np.float32], dense: NDArray[np.float32]
    ) -> NDArray[np.float32]:
        fused = self.words * _by_max(words) + self.chars * _by_max(chars)
        if dense.size:
            floor = float(np.median(dense))
            top = float(dense.max())
            if top > floor:
                fused = fused + self.dense * np.clip((dense - floor) / (top - floor), 0, 1)
        return fused.astype(np.float32)


def _by_max(scores: NDArray[np.float32]) -> NDArray[np.float32]:
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else scores


@dataclass(frozen=True)
class ProcedureHit:
    id: str
    name: str
    score: float
    dense: float
    lexical: float


@dataclass(frozen=True)
class ProcedureResult:
    query: str
    abstain: bool
    confidence: float
    hits: list[ProcedureHit]


def lexical_text(procedure: Procedure) -> str:
    """What BM25 sees of a procedure: names weigh twice."""
    parts = [
        procedure.name,
        procedure.name,
        *procedure.aliases,
        *procedure.aliases,
        procedure.field,
        procedure.result,
        procedure.code or "",
    ]
    return fold(" . ".join(parts))


def procedure_chunks(procedure: Procedure) -> list[str]:
    """Texts embedded for a procedure: its name, its aliases, and a folded form for
    questions typed without diacritics."""
    aliases = "; ".join(procedure.aliases)
    chunks = [f"{procedure.name}. Lĩnh vực {procedure.field}", procedure.name]
    if aliases:
        chunks.append(aliases)
    chunks.append(fold(f"{procedure.name}; {aliases}"))
    return chunks


class ProcedureSearcher:
    """Search over a fixed list of procedures and their chunk vectors."""

    def __init__(
        self,
        procedures: Sequence[Procedure],
        chunks: Sequence[Chunk],
        vectors: NDArray[np.float32],
        encoder: Encoder,
        policy: AbstainPolicy | None = None,
        fusion: Fusion | None = None,
    ) -> None:
        self.procedures = list(procedures)
        self.encoder = encoder
        self.policy = policy or AbstainPolicy()
        self.fusion = fusion or Fusion()
        self._owners = np.array([c.owner for c in chunks], dtype=np.int64)
        self._dense = DenseIndex(vectors)
        texts = [lexical_text(p) for p in self.procedures]
        self._words = BM25([word_terms(t) for t in texts])
        self._chars = BM25([char_terms(t) for t in texts])
        self._vocab = [set(canonical(t).split()) for t in texts]

    def _dense_scores(self, query: str) -> NDArray[np.float32]:
        vector = self.encoder.encode_queries([shorthand_expanded(query)])
        scores, rows = self._dense.search(vector, DEPTH * 4)
        best = np.zeros(len(self.procedures), dtype=np.float32)
        valid = rows[0] >= 0
        np.maximum.at(best, self._owners[rows[0][valid]], scores[0][valid])
        return best

    def _coverage(self, terms: list[str], doc: int) -> float:
        if not terms:
            return 0.0
        total = sum(self._words.idf_of(t) for t in terms)
        found = sum(self._words.idf_of(t) for t in terms if t in self._vocab[doc])
        return found / total if total else 0.0

    def search(self, query: str, k: int = 5) -> ProcedureResult:
        folded = normalize_query(query)
        words = self._words.scores(word_terms(folded))
        chars = self._chars.scores(char_terms(folded))
        dense = self._dense_scores(query)
        fused = self.fusion.combine(words, chars, dense)
        order = [int(d) for d in np.argsort(-fused, kind="stable")[:k] if fused[d] > 0]
        hits = [
            ProcedureHit(
                self.procedures[d].id,
                self.procedures[d].name,
                round(float(fused[d]), 6),
                float(dense[d]),
                float(words[d]),
            )
            for d in order
        ]
        if not order:
            return ProcedureResult(query, True, 0.0, [])
        coverage = self._coverage(content_terms(folded), order[0])
        confidence = self.policy.confidence(coverage, float(dense[order[0]]))
        return ProcedureResult(query, confidence < self.policy.threshold, confidence, hits)
