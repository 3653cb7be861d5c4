"""Dense vector search with faiss.

Vectors are unit length, so inner product equals cosine. Small indexes are
searched exactly; large ones may use HNSW, checked against exact search in the
tests.
"""

from __future__ import annotations

import os

import faiss
import numpy as np
from numpy.typing import NDArray

HNSW_THRESHOLD = 200_000
FEW_QUERIES = 8


class DenseIndex:
    """Inner-product search over unit vectors."""

    def __init__(self, vectors: NDArray[np.float32], approximate: bool | None = None) -> None:
        count, dim = vectors.shape if vectors.size else (0, max(vectors.shape[-1], 1))
        self.dim = dim
        index: faiss.Index
        use_hnsw = count >= HNSW_THRESHOLD if approximate is None else approximate
        if use_hnsw:
            index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
            index.hnsw.efSearch = 128
        else:
            index = faiss.IndexFlatIP(dim)
        if count:
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self._index = index
        self._threads = os.cpu_count() or 1
        self.size = count

    def search(
        self, queries: NDArray[np.float32], k: int
    ) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
        """Top-k (scores, row ids) per query; missing neighbours have id -1."""
        k = max(1, min(k, self.size))
        if self.size == 0:
            empty = np.zeros((len(queries), 0))
            return empty.astype(np.float32), empty.astype(np.int64)
        # A scan for a few queries is short: spread over threads it costs more than it
        # saves, and those threads then wait on cores the encoder's threads still spin
        # on (measured on the 10k catalog: p95 13.7 ms right after an encoding, 1.8 ms
        # on one thread). The setting is the calling thread's own (OpenMP).
        faiss.omp_set_num_threads(1 if len(queries) < FEW_QUERIES else self._threads)
        scores, ids = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores, ids

    def vectors(self) -> NDArray[np.float32]:
        """The stored vectors, in the order they were added (read back from faiss, which
        keeps them as given in flat and HNSW-flat indexes)."""
        if self.size == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._index.reconstruct_n(0, self.size), dtype=np.float32)
