"""Per-query score scaling shared by the procedure and document searchers."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def by_max(scores: NDArray[np.float32]) -> NDArray[np.float32]:
    """Scores divided by the query's best (lexical scores have no fixed scale)."""
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else scores


def above_median(scores: NDArray[np.float32]) -> NDArray[np.float32]:
    """Cosines rescaled so the median item is 0 and the best is 1.

    e5 cosines crowd into a narrow band (0.8-0.9), so their raw values say
    little; their distance above the typical item says more.
    """
    if not scores.size:
        return scores
    floor, top = float(np.median(scores)), float(scores.max())
    if top <= floor:
        return np.zeros_like(scores)
    return np.clip((scores - floor) / (top - floor), 0, 1).astype(np.float32)


def top_k(scores: NDArray[np.float32], k: int) -> NDArray[np.intp]:
    """Indices of the k best scores, best first, ties in index order.

    The same order as a stable argsort of the whole array, without sorting it all:
    only the items at or above the k-th best value are sorted.
    """
    if k <= 0 or not scores.size:
        return np.zeros(0, dtype=np.intp)
    if k >= scores.size:
        return np.argsort(-scores, kind="stable")
    kth = np.partition(scores, scores.size - k)[scores.size - k]
    candidates = np.flatnonzero(scores >= kth)
    return candidates[np.argsort(-scores[candidates], kind="stable")][:k]
