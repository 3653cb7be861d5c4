"""Hybrid search over the procedure catalog, grouped per procedure.

Two rankers vote: BM25 over folded syllables and bigrams (names and aliases
weigh double) and dense cosine over several chunks per procedure (best chunk
counts). Their scores are fused (see Fusion); the encoder is skipped when the
lexical winner is decisive. Whether to answer at all is decided separately
(see AbstainPolicy). Character trigrams, which help with OCR'd plans, did not
help here: measured in bench/retrieval.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from knowledge.catalog.models import Procedure
from knowledge.dense import DenseIndex
from knowledge.encoders import Encoder, EncoderBusy
from knowledge.lexical import BM25, word_terms
from knowledge.scoring import above_median, by_max, top_k
from knowledge.text import fold, normalize_query, shorthand_expanded

DEPTH = 50
# The encoder sees a question's first words only. Its cost grows with every token
# (0.8 ms of CPU each here) and long rambling questions run to 90 tokens, while BM25
# still reads every word. On the dev set, the questions that reach the encoder, cut
# at 12 words: recall@1 0.891 -> 0.897, recall@3 0.985 either way, abstain 0.956 ->
# 0.959, mean tokens 25 -> 18, the longest 88 -> 24.
ENCODED_WORDS = 12
Scores = NDArray[np.float32]


@dataclass(frozen=True)
class Chunk:
    """A piece of text embedded for one procedure."""

    owner: int
    text: str


@dataclass(frozen=True)
class AbstainPolicy:
    """Answer only when the best procedure shares rare words with the question,
    or is very close in meaning.

    The BM25 score of the best procedure is an idf-weighted count of matched
    words: off-topic questions match only common ones. Thresholds were chosen on
    tests/data/dev-questions.jsonl (see bench/abstain.md for the cross-validated
    accuracy).
    """

    lexical_floor: float = 19.0
    dense_floor: float = 0.88

    def confidence(self, lexical: float, dense: float) -> float:
        """0..1; at least 0.5 exactly when one of the two floors is reached."""
        by_words = min(lexical / (2 * self.lexical_floor), 1.0)
        by_meaning = 0.5 + (dense - self.dense_floor) / (2 * (1 - self.dense_floor))
        return float(min(max(by_words, by_meaning, 0.0), 1.0))


@dataclass(frozen=True)
class Fusion:
    """Weighted sum of each ranker's scores, scaled per query.

    Lexical scores are divided by the query's best; dense cosines are measured
    above the median procedure, because e5 cosines crowd into a narrow band.
    Magnitudes matter: a lexical match far ahead of the rest should win even
    when the encoder, weak on text without diacritics, disagrees.
    """

    words: float = 1.0
    dense: float = 0.15
    # Skip the encoder when it cannot change the answer. Dense adds at most
    # `dense` (0.15) to a lexical score scaled to 1, so a runner-up below
    # 1 - 0.15 = 0.85 of the winner (ratio 1/0.85 = 1.18) cannot overtake it; and a
    # winner at the abstain policy's lexical floor (19) is answered whatever the
    # encoder says. Ranks 2-3 may differ from full fusion: dev-set recall@3 0.988 ->
    # 0.985, recall@1 and abstain unchanged; the encoder runs for a third of the
    # questions instead of two thirds (bench/retrieval.md).
    decisive_score: float = 19.0
    decisive_ratio: float = 1.18

    def combine(self, words: NDArray[np.float32], dense: NDArray[np.float32]) -> Scores:
        return (self.words * by_max(words) + self.dense * above_median(dense)).astype(np.float32)

    def decisive(self, words: NDArray[np.float32]) -> bool:
        """Whether the best lexical match leaves the runner-up far behind."""
        if words.size < 2:
            return bool(words.size)
        second, top = np.partition(words, -2)[-2:]
        return bool(top >= self.decisive_score and top >= self.decisive_ratio * second)


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
    # True when the question needed the encoder but every encoding slot was busy, so
    # it was ranked by words alone (a server under a burst; see BoundedEncoder).
    lexical_only: bool = False


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
        *procedure.subjects,  # national records: who the procedure is for (Đối tượng)
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

    def _dense_scores(self, query: str) -> NDArray[np.float32] | None:
        """Best chunk cosine per procedure; None when the encoder is busy."""
        words = shorthand_expanded(query).split()[:ENCODED_WORDS]
        try:
            vector = self.encoder.encode_queries([" ".join(words)])
        except EncoderBusy:
            return None
        scores, rows = self._dense.search(vector, DEPTH * 4)
        best = np.zeros(len(self.procedures), dtype=np.float32)
        valid = rows[0] >= 0
        np.maximum.at(best, self._owners[rows[0][valid]], scores[0][valid])
        return best

    def search(self, query: str, k: int = 5) -> ProcedureResult:
        folded = normalize_query(query)
        words = self._words.scores(word_terms(folded))
        needs_encoder = not self.fusion.decisive(words)
        scored = self._dense_scores(query) if needs_encoder else None
        lexical_only = needs_encoder and scored is None
        dense = np.zeros_like(words) if scored is None else scored
        fused = self.fusion.combine(words, dense)
        order = [int(d) for d in top_k(fused, k) if fused[d] > 0]
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
            return ProcedureResult(query, True, 0.0, [], lexical_only)
        confidence = self.policy.confidence(float(words[order[0]]), float(dense[order[0]]))
        return ProcedureResult(query, confidence < 0.5, round(confidence, 4), hits, lexical_only)
