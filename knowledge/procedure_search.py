"""Hybrid search over the procedure catalog, grouped per procedure.

Three signals vote: BM25 over folded syllables and bigrams (names and aliases
weigh double), how closely the question matches one of a procedure's own names
(knowledge/names.py: a name that adds words the question lacks matches less), and
dense cosine over several chunks per procedure (best chunk counts). Their scores
are fused (see Fusion); the encoder is skipped when the words alone are decisive.
Every signal reads the question with everyday words put in the catalog's ("đánh rơi"
is "mất", "bìa đỏ" is "sổ đỏ": knowledge/everyday_words.py), and BM25 and the name
match read the catalog's names and aliases the same way.
Whether to answer at all is decided separately (see AbstainPolicy). Character
trigrams, which help with OCR'd plans, did not help here: measured in
bench/retrieval.md.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from knowledge.catalog.models import Procedure
from knowledge.dense import DenseIndex
from knowledge.encoders import Encoder, EncoderBusy
from knowledge.everyday_words import everyday_words
from knowledge.lexical import BM25, word_terms
from knowledge.names import NameIndex
from knowledge.scoring import above_median, by_max, top_k
from knowledge.text import fold, normalize_query, shorthand_expanded
from knowledge.variants import CANDIDATES, Clarify, clarify

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
    """Answer only when the best procedure shares rare words with the question, is
    very close in meaning, or has a name that says what the question says.

    The BM25 score of the best procedure is an idf-weighted count of matched
    words: off-topic questions match only common ones. The name match
    (knowledge/names.py) settles short questions that are too thin for BM25:
    "tách hộ", "nhập khẩu cho vợ". Thresholds were chosen on
    tests/data/dev-questions.jsonl (see bench/abstain.md for the cross-validated
    accuracy).
    """

    lexical_floor: float = 19.0
    dense_floor: float = 0.88
    name_floor: float = 0.6

    def confidence(self, lexical: float, dense: float, name: float = 0.0) -> float:
        """0..1; at least 0.5 exactly when one of the floors is reached."""
        by_words = min(lexical / (2 * self.lexical_floor), 1.0)
        by_meaning = 0.5 + (dense - self.dense_floor) / (2 * (1 - self.dense_floor))
        by_name = 0.5 + (name - self.name_floor) / (2 * (1 - self.name_floor))
        return float(min(max(by_words, by_meaning, by_name, 0.0), 1.0))

    def settled(self, lexical: float, name: float) -> bool:
        """Answered whatever the encoder says."""
        return lexical >= self.lexical_floor or name >= self.name_floor


@dataclass(frozen=True)
class Fusion:
    """Weighted sum of the signals, each scaled per query.

    Lexical scores are divided by the query's best; the name match is 0..1 already;
    dense cosines are measured above the median procedure, because e5 cosines crowd
    into a narrow band. Magnitudes matter: a lexical match far ahead of the rest
    should win even when the encoder, weak on text without diacritics, disagrees.
    The name match weighs twice the BM25 share: between a base procedure and its
    variant ("xóa", "cấp lại", "có yếu tố nước ngoài"), which BM25 finds about
    equally, the one whose name the question says wins (bench/retrieval.md).
    """

    words: float = 1.0
    names: float = 2.0
    dense: float = 0.15

    def lexical(self, words: NDArray[np.float32], names: NDArray[np.float32]) -> Scores:
        """What the words alone say: BM25 scaled to the best, plus the name match."""
        return (self.words * by_max(words) + self.names * names).astype(np.float32)

    def combine(self, lexical: Scores, dense: NDArray[np.float32]) -> Scores:
        return (lexical + self.dense * above_median(dense)).astype(np.float32)

    def decisive(self, lexical: Scores) -> bool:
        """Whether the encoder cannot change the winner: it adds at most `dense`.

        Ranks 2-3 may then differ from full fusion; bench/retrieval.md measures how
        often the encoder runs.
        """
        if lexical.size < 2:
            return bool(lexical.size)
        second, top = np.partition(lexical, -2)[-2:]
        return bool(top - second >= self.dense)


@dataclass(frozen=True)
class ProcedureHit:
    id: str
    name: str
    score: float
    dense: float
    lexical: float
    name_match: float = 0.0  # F1 of the question with the procedure's closest name


@dataclass(frozen=True)
class Referral:
    """Where a question about a matter outside the catalog goes (knowledge/referrals.py)."""

    matter: str
    label: str
    where: str


@dataclass(frozen=True)
class ProcedureResult:
    query: str
    abstain: bool
    confidence: float
    hits: list[ProcedureHit]
    # True when the question needed the encoder but every encoding slot was busy, so
    # it was ranked by words alone (a server under a burst; see BoundedEncoder).
    lexical_only: bool = False
    # An abstention about a matter the desk does not handle: where it goes instead.
    referral: Referral | None = None
    # The best procedures are variants of one and the question does not say which: ask
    # (knowledge/variants.py). Read from the ranking, never changes it.
    clarify: Clarify | None = None


def lexical_text(procedure: Procedure) -> str:
    """What BM25 sees of a procedure: names weigh twice, in the words questions are read
    with (knowledge/everyday_words.py)."""
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
    return fold(everyday_words(" . ".join(parts)))


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
        self._chunks = list(chunks)
        self._owners = np.array([c.owner for c in chunks], dtype=np.int64)
        self._dense = DenseIndex(vectors)
        texts = [lexical_text(p) for p in self.procedures]
        self._words = BM25([word_terms(t) for t in texts])
        self._names = NameIndex(
            [[everyday_words(name) for name in (p.name, *p.aliases)] for p in self.procedures]
        )

    def without(self, procedure_ids: Collection[str]) -> ProcedureSearcher:
        """The same search over the other procedures only, as if the left-out ones had never
        been indexed (their words do not weigh in BM25); nothing is encoded again."""
        kept = [i for i, p in enumerate(self.procedures) if p.id not in procedure_ids]
        position = {old: new for new, old in enumerate(kept)}
        rows = [r for r, chunk in enumerate(self._chunks) if chunk.owner in position]
        chunks = [Chunk(position[self._chunks[r].owner], self._chunks[r].text) for r in rows]
        vectors = self._dense.vectors()[rows]
        procedures = [self.procedures[i] for i in kept]
        return type(self)(procedures, chunks, vectors, self.encoder, self.policy, self.fusion)

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

    def lexical(self, query: str) -> tuple[Scores, Scores, Scores]:
        """BM25, name match and their fusion per procedure: what the words alone say."""
        return self._lexical(everyday_words(query))

    def _lexical(self, read: str) -> tuple[Scores, Scores, Scores]:
        """`lexical` of a question already read with everyday words."""
        words = self._words.scores(word_terms(normalize_query(read)))
        names = self._names.scores(read)
        return words, names, self.fusion.lexical(words, names)

    def search(self, query: str, k: int = 5) -> ProcedureResult:
        read = everyday_words(query)  # "đánh rơi căn cước" is ranked as "mất căn cước"
        words, names, lexical = self._lexical(read)
        needs_encoder = not self._settled(words, names, lexical)
        scored = self._dense_scores(read) if needs_encoder else None
        lexical_only = needs_encoder and scored is None
        dense = np.zeros_like(words) if scored is None else scored
        fused = self.fusion.combine(lexical, dense)
        ranked = [int(d) for d in top_k(fused, max(k, CANDIDATES)) if fused[d] > 0]
        order = ranked[:k]
        hits = [
            ProcedureHit(
                self.procedures[d].id,
                self.procedures[d].name,
                round(float(fused[d]), 6),
                float(dense[d]),
                float(words[d]),
                round(float(names[d]), 4),
            )
            for d in order
        ]
        if not order:
            return ProcedureResult(query, True, 0.0, [], lexical_only)
        top = order[0]
        confidence = self.policy.confidence(float(words[top]), float(dense[top]), float(names[top]))
        abstain = confidence < 0.5
        asked = None if abstain else self._clarify(read, ranked, fused)
        return ProcedureResult(
            query, abstain, round(confidence, 4), hits, lexical_only, clarify=asked
        )

    def _clarify(self, query: str, ranked: list[int], fused: Scores) -> Clarify | None:
        """Which variant, when the best procedures are variants the question does not pick."""
        best = [(self.procedures[d], float(fused[d])) for d in ranked[:CANDIDATES]]
        return clarify(query, best)

    def _settled(self, words: Scores, names: Scores, lexical: Scores) -> bool:
        """Whether the words alone decide both the winner and whether to answer."""
        if not lexical.size:
            return True
        first = int(np.argmax(lexical))
        answered = self.policy.settled(float(words[first]), float(names[first]))
        return answered and self.fusion.decisive(lexical)
