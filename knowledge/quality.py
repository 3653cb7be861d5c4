"""Quality gates that hold on any CPU of the kind the project runs on.

The encoder and the vector search compute in floating point whose last bits differ
between CPUs (AVX2 and AVX-512 kernels): a question near a tie can flip from one
machine to another. So a gate is checked in several runs, the real encoder and the
same encoder with noise added to every question vector (`JitteredEncoder`, noise
larger than the difference allowed between machines, see
tests/data/encoder-reference.json), and it must pass in all of them. Each
measurement is recorded with the machine it came from (`Measurement.machine`), and
a gate must stay at least `margin_questions` questions below every recorded
measurement of the same question set: a margin of less than a question is noise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from knowledge import machine
from knowledge.document_search import DocumentResult
from knowledge.encoders import Encoder, Vectors
from knowledge.evaluation import (
    Metrics,
    PassageQuestion,
    Question,
    evaluate,
    passages_found,
)
from knowledge.procedure_search import ProcedureResult

# Noise of each component of a unit query vector (384 components): ten times more
# than the largest difference the encoder reference test allows between machines.
JITTER_SIGMA = 1e-3
JITTER_SEEDS = (1, 2)


class JitteredEncoder:
    """A real encoder whose query vectors get Gaussian noise, renormalised.

    Same name as the encoder it wraps, so it opens the index that encoder built.
    """

    def __init__(self, encoder: Encoder, seed: int, sigma: float = JITTER_SIGMA) -> None:
        self.encoder, self.name, self.dim = encoder, encoder.name, encoder.dim
        self.seed, self.sigma = seed, sigma
        self._random = np.random.default_rng(seed)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        vectors = self.encoder.encode_queries(texts)
        noisy = vectors + self._random.normal(0.0, self.sigma, vectors.shape)
        norms = np.linalg.norm(noisy, axis=1, keepdims=True)
        return np.ascontiguousarray(noisy / np.maximum(norms, 1e-12), dtype=np.float32)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self.encoder.encode_passages(texts)


@dataclass(frozen=True)
class QualityRun:
    """One evaluation of both question sets with one encoder (exact or jittered)."""

    label: str
    procedures: dict[str, Metrics]
    passages: list[bool]

    @property
    def passages_found(self) -> int:
        return sum(self.passages)


def run_sets(
    label: str,
    procedure_questions: Sequence[Question],
    passage_questions: Sequence[PassageQuestion],
    search_procedures: Callable[[str], ProcedureResult],
    search_documents: Callable[[str], DocumentResult],
) -> QualityRun:
    return QualityRun(
        label,
        evaluate(procedure_questions, search_procedures),
        passages_found(passage_questions, search_documents),
    )


def file_digest(path: Path) -> str:
    """SHA-256 of a question file: a measurement counts only for the set it was made on."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Measurement:
    """The worst of the runs on one machine, for one version of the question sets."""

    machine: str
    date: str
    encoder: str
    dev_sha256: str
    staff_sha256: str
    dev_in_scope: int
    dev_count: int
    recall_at_1: float
    recall_at_3: float
    abstain_accuracy: float
    staff_found: int
    staff_total: int
    runs: list[str] = field(default_factory=list)

    @classmethod
    def worst_of(
        cls, runs: Sequence[QualityRun], encoder: str, dev: Path, staff: Path
    ) -> Measurement:
        every = [run.procedures["all"] for run in runs]
        return cls(
            machine=machine.describe(),
            date=dt.date.today().isoformat(),
            encoder=encoder,
            dev_sha256=file_digest(dev),
            staff_sha256=file_digest(staff),
            dev_in_scope=every[0].in_scope,
            dev_count=every[0].count,
            recall_at_1=min(m.recall_at_1 for m in every),
            recall_at_3=min(m.recall_at_3 for m in every),
            abstain_accuracy=min(m.abstain_accuracy for m in every),
            staff_found=min(run.passages_found for run in runs),
            staff_total=len(runs[0].passages),
            runs=[run.label for run in runs],
        )


@dataclass(frozen=True)
class Gates:
    """The targets (issue 2) and how far below any measurement they must stay."""

    recall_at_1: float
    recall_at_3: float
    abstain_accuracy: float
    staff_top3: float
    regression_points: float
    margin_questions: int


@dataclass
class Baseline:
    """tests/data/retrieval-baseline.json: the gates and the measurements by machine."""

    gates: Gates
    measurements: list[Measurement]

    @classmethod
    def read(cls, path: Path) -> Baseline:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(Gates(**data["gates"]), [Measurement(**m) for m in data["measurements"]])

    def write(self, path: Path) -> None:
        data = {
            "gates": asdict(self.gates),
            "measurements": [asdict(m) for m in self.measurements],
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    def for_sets(self, dev: Path, staff: Path) -> list[Measurement]:
        """The measurements made on these versions of the two question sets."""
        digests = (file_digest(dev), file_digest(staff))
        return [m for m in self.measurements if (m.dev_sha256, m.staff_sha256) == digests]

    def record(self, measurement: Measurement) -> None:
        """Replace this machine's measurement of the same sets, or add it."""
        self.measurements = [
            m
            for m in self.measurements
            if (m.machine, m.dev_sha256, m.staff_sha256)
            != (measurement.machine, measurement.dev_sha256, measurement.staff_sha256)
        ] + [measurement]

    def regression_floor(self, measurements: Sequence[Measurement]) -> float:
        """recall@3 may not fall more than `regression_points` below the lowest recorded."""
        return min(m.recall_at_3 for m in measurements) - self.gates.regression_points


def margin_shortfalls(gates: Gates, measurement: Measurement) -> list[str]:
    """Gates closer than `margin_questions` questions to a measurement (empty: all fine)."""
    n, dev_n, staff_n = gates.margin_questions, measurement.dev_in_scope, measurement.staff_total
    checks = [
        ("recall@1", measurement.recall_at_1, gates.recall_at_1, dev_n),
        ("recall@3", measurement.recall_at_3, gates.recall_at_3, dev_n),
        ("abstain", measurement.abstain_accuracy, gates.abstain_accuracy, measurement.dev_count),
        ("staff top-3", measurement.staff_found / staff_n, gates.staff_top3, staff_n),
    ]
    return [
        f"{name}: measured {value:.3f} on {measurement.machine}, gate {gate:.3f} "
        f"needs {value - n / count:.3f} or less ({n} of {count} questions)"
        for name, value, gate, count in checks
        if gate > value - n / count + 1e-9
    ]
