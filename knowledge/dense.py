"""Dense vector search with faiss.

Vectors are unit length, so inner product equals cosine. Small indexes are
searched exactly; large ones may use HNSW, checked against exact search in the
tests.
"""

from __future__ import annotations

import faiss
import numpy as np
from numpy.typing import NDArray

HNSW_THRESHOLD = 200_000


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
        self.size = count

    def search(
        self, queries: NDArray[np.float32], k: int
    ) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
        """Top-k (scores, row ids) per query; missing neighbours have id -1."""
        k = max(1, min(k, self.size))
        if self.size == 0:
            empty = np.zeros((len(queries), 0))
            return empty.astype(np.float32), empty.astype(np.int64)
        scores, ids = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores, ids
