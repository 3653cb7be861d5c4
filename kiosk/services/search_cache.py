"""Procedure searches remembered per question, in front of the knowledge layer's retriever.

Kiosks ask the same things over and over (khai sinh, chứng thực, kết hôn, ...). A
search the lexical ranker cannot settle runs the text encoder, 15-20 ms of CPU; a
remembered one costs nothing (bench/kiosk.md). Entries are keyed by the question in
canonical form (NFC, single spaces), which gives the same ranking as the raw text: the
lexical side folds it anyway and the encoder's tokenizer normalises Unicode and
spaces. Each entry holds the deepest ranking the API serves and is sliced to the `k`
asked for (the top of a ranking, and so the abstain decision, do not depend on k).

The catalog cannot change under a running retriever: an edit makes the knowledge handle
serve a new one (kiosk/services/knowledge_handle.py), whose cache starts empty.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from kiosk.services.desk import canonical_text
from knowledge.procedure_search import ProcedureResult
from knowledge.retriever import Retriever

DEPTH = 20  # the largest k of GET /procedures/search


@dataclass
class CachedRetriever(Retriever):
    """A Retriever whose procedure searches are remembered (least recently used first out)."""

    cache_size: int = 4096
    _entries: OrderedDict[str, ProcedureResult] = field(
        default_factory=OrderedDict, init=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def around(cls, retriever: Retriever, cache_size: int) -> CachedRetriever:
        """The retriever with a cache in front (itself when it already has one)."""
        if isinstance(retriever, CachedRetriever):
            return retriever
        return cls(
            retriever.catalog,
            retriever.procedures,
            retriever.documents,
            retriever.referrals,
            cache_size=cache_size,
        )

    def search_procedures(self, query: str, k: int = 5) -> ProcedureResult:
        if k > DEPTH or self.cache_size == 0:
            return super().search_procedures(query, k)
        key = canonical_text(query)
        with self._lock:
            result = self._entries.get(key)
            if result is not None:
                self._entries.move_to_end(key)
        if result is None:
            # Outside the lock: searches run in parallel (the encoder releases the GIL).
            result = super().search_procedures(key, DEPTH)
            if not result.lexical_only:  # ranked without the busy encoder: ask again next time
                with self._lock:
                    self._entries[key] = result
                    while len(self._entries) > self.cache_size:
                        self._entries.popitem(last=False)
        return replace(result, query=query, hits=result.hits[:k])

    @property
    def cached(self) -> int:
        """How many questions are remembered."""
        return len(self._entries)
