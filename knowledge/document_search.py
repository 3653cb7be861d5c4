"""Hybrid search over plan-document passages, with file and line citations.

OCR'd plans lose or garble diacritics, so the lexical side works on folded
syllables plus character trigrams (which still match "thri tuc" to "thu tuc"
in part); the dense side embeds the passage as it is. Which plan a question
names is judged apart (knowledge.document_names), and the words that name it
are left out when its passages are ranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from knowledge.dense import HNSW_THRESHOLD, DenseIndex
from knowledge.document_names import PlanNames
from knowledge.documents.metadata import DocumentInfo
from knowledge.encoders import Encoder, EncoderBusy
from knowledge.lexical import (
    BM25,
    canonical,
    char_terms,
    content_terms,
    skeleton_terms,
    word_terms,
)
from knowledge.ocr import SyllableRepair
from knowledge.scoring import above_median, by_max, top_k
from knowledge.text import expand_abbreviations, fold, normalize_query

DEPTH = 60  # dense neighbours kept when the index is approximate (HNSW)


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


@dataclass(frozen=True)
class DocumentFusion:
    """Weights of the passage rankers and of the document prior.

    Staff name the plan they mean ("Sở Công Thương Yên Bái", "Đắk Lắk"), while
    the passage that answers rarely repeats it: the evidence that the question
    names a document (knowledge.document_names) lifts that document's passages.
    """

    words: float = 1.0
    chars: float = 0.5
    dense: float = 0.5
    document: float = 2.0
    skeletons: float = 2.0


class DocumentSearcher:
    def __init__(
        self,
        passages: Sequence[PassageLike],
        vectors: NDArray[np.float32],
        encoder: Encoder,
        fusion: DocumentFusion | None = None,
        repair: SyllableRepair | None = None,
        infos: Mapping[str, DocumentInfo] | None = None,
    ) -> None:
        self.passages = list(passages)
        self.infos = dict(infos or {})  # what each cited file is: "Kế hoạch 68/KH-SCT, ..."
        self.encoder = encoder
        self.fusion = fusion or DocumentFusion()
        self._dense = DenseIndex(vectors)
        texts = [expand_abbreviations(fold(passage_text(p))) for p in self.passages]
        # Words are matched on repaired syllables; trigrams and skeletons on what OCR gave.
        repaired = [repair.text(t) for t in texts] if repair else texts
        self._words = BM25([word_terms(t) for t in repaired])
        self._chars = BM25([char_terms(t) for t in texts])
        self._skeletons = BM25([skeleton_terms(t) for t in texts])
        sources = sorted({p.source for p in self.passages})
        self._source_of = np.array([sources.index(p.source) for p in self.passages], dtype=np.int64)
        self._names = _plan_names(self.passages, sources, repair)
        # An exact index scores every passage anyway: keeping all cosines lets
        # above_median put its zero at the typical passage, not at an unranked one.
        self._depth = len(self.passages) if len(self.passages) < HNSW_THRESHOLD else DEPTH

    def _dense_scores(self, query: str) -> NDArray[np.float32]:
        dense = np.zeros(len(self.passages), dtype=np.float32)
        if self._dense.size:
            try:
                vector = self.encoder.encode_queries([query])
            except EncoderBusy:  # a server under a burst: words and trigrams alone
                return dense
            sims, rows = self._dense.search(vector, self._depth)
            valid = rows[0] >= 0
            dense[rows[0][valid]] = sims[0][valid]
        return dense

    def _prior_and_terms(self, folded: str, terms: list[str]) -> tuple[NDArray[np.float32], str]:
        """The document prior, and the content words left to rank passages by: the
        words that name the likeliest document picked it and would otherwise lift
        its header and every passage that repeats the name above the answer."""
        words = canonical(folded).split()
        prior = self._names.scores(words)
        named = self._names.naming_words(words, int(np.argmax(prior))) if prior.any() else set()
        rest = [t for t in terms if t not in named]
        return prior, " ".join(rest or terms)

    def search(self, query: str, k: int = 5) -> DocumentResult:
        folded = normalize_query(query)
        content = content_terms(folded)
        if not content or not self.passages:
            return DocumentResult(query, True, [])
        f = self.fusion
        prior, terms = self._prior_and_terms(folded, content)
        fused = (
            f.words * by_max(self._words.scores(word_terms(terms)))
            + f.chars * by_max(self._chars.scores(char_terms(terms)))
            + f.skeletons * by_max(self._skeletons.scores(skeleton_terms(terms)))
            + f.dense * above_median(self._dense_scores(query))
            + f.document * by_max(prior)[self._source_of]
        )
        order = [int(i) for i in top_k(fused, k) if fused[i] > 0]
        hits = [self._hit(i, float(fused[i])) for i in order]
        return DocumentResult(query, not hits, hits)

    def info(self, source: str) -> DocumentInfo | None:
        """The cited document's kind, number, issuer and date, as read from its header."""
        return self.infos.get(source)

    def _hit(self, index: int, score: float) -> DocumentHit:
        p = self.passages[index]
        return DocumentHit(p.source, (p.start_line, p.end_line), p.heading, p.text, round(score, 6))


def _plan_names(
    passages: Sequence[PassageLike], sources: list[str], repair: SyllableRepair | None
) -> PlanNames:
    """Each document's folded body text and its opening (its first passage)."""
    bodies: dict[str, list[str]] = {source: [] for source in sources}
    for passage in passages:
        bodies[passage.source].append(canonical(expand_abbreviations(fold(passage.text))))
    return PlanNames(
        [" ".join(bodies[s]) for s in sources], [bodies[s][0] for s in sources], repair
    )
