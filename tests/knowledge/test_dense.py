import numpy as np

from knowledge.dense import DenseIndex


def _unit(rows: int, dim: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_exact_search_finds_the_vector_itself() -> None:
    vectors = _unit(500, 32, 1)
    scores, ids = DenseIndex(vectors).search(vectors[[7, 42]], 3)
    assert ids[:, 0].tolist() == [7, 42]
    assert np.allclose(scores[:, 0], 1.0, atol=1e-5)


def test_approximate_search_agrees_with_exact() -> None:
    vectors = _unit(5000, 64, 2)
    queries = _unit(50, 64, 3)
    _, exact = DenseIndex(vectors, approximate=False).search(queries, 10)
    _, approx = DenseIndex(vectors, approximate=True).search(queries, 10)
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx, strict=True)])
    assert overlap >= 0.95


def test_empty_index_returns_nothing() -> None:
    scores, ids = DenseIndex(np.zeros((0, 8), dtype=np.float32)).search(_unit(1, 8, 4), 5)
    assert ids.shape == (1, 0)
