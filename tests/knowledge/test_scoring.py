"""Score scaling and top-k selection."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.scoring import top_k


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("k", [1, 3, 10, 49, 50, 80])
def test_top_k_is_the_head_of_a_stable_sort(seed: int, k: int) -> None:
    # Few distinct values, so ties straddle the k-th place often.
    scores = np.random.default_rng(seed).integers(0, 6, 50).astype(np.float32)
    expected = np.argsort(-scores, kind="stable")[:k]
    assert top_k(scores, k).tolist() == expected.tolist()


def test_top_k_of_nothing() -> None:
    assert top_k(np.zeros(0, dtype=np.float32), 5).tolist() == []
    assert top_k(np.ones(3, dtype=np.float32), 0).tolist() == []
