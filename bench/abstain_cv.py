"""Cross-validated accuracy of the abstain thresholds (bench/abstain.md).

The thresholds in knowledge.procedure_search.AbstainPolicy were chosen on the
whole dev set; this measures how well that choice generalises: thresholds are
picked on four fifths of the questions and scored on the held-out fifth.
Run: .venv/bin/python bench/abstain_cv.py
"""

from __future__ import annotations

import itertools
import random
import tempfile
from pathlib import Path

import numpy as np

from knowledge.evaluation import read_questions
from knowledge.procedure_search import AbstainPolicy
from knowledge.retriever import open_retriever
from knowledge.settings import KnowledgeSettings

DEV = Path("tests/data/dev-questions.jsonl")
LEXICAL = np.arange(10.0, 31.0, 1.0)
DENSE = (0.86, 0.87, 0.88, 0.89, 0.90, 0.92, 1.01)
NAME = (0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 1.01)  # 1.01: the name match never settles it


def main() -> None:
    questions = read_questions(DEV)
    with tempfile.TemporaryDirectory() as tmp:
        retriever = open_retriever(KnowledgeSettings(data_dir=Path(tmp)), update=True)
        tops = [retriever.procedures.search(q.question, k=1).hits[0] for q in questions]
    lexical = np.array([h.lexical for h in tops])
    dense = np.array([h.dense for h in tops])
    name = np.array([h.name_match for h in tops])

    def answered(rows: np.ndarray, t: tuple[float, float, float]) -> np.ndarray:
        return (lexical[rows] >= t[0]) | (dense[rows] >= t[1]) | (name[rows] >= t[2])

    outside = np.array([q.expected is None for q in questions])
    order = list(range(len(questions)))
    random.Random(7).shuffle(order)
    folds = [order[i::5] for i in range(5)]
    scores = []
    for held in folds:
        train = np.setdiff1d(order, held)
        best = max(
            itertools.product(LEXICAL, DENSE, NAME),
            key=lambda t: np.mean(answered(train, t) != outside[train]),
        )
        scores.append(float(np.mean(answered(held, best) != outside[held])))
    policy = AbstainPolicy()
    every = np.arange(len(questions))
    floors = (policy.lexical_floor, policy.dense_floor, policy.name_floor)
    chosen = np.mean(answered(every, floors) != outside)
    report = "\n".join(
        [
            "# Abstain decision: cross-validation",
            "",
            f"Dev set: {len(questions)} questions, {int(outside.sum())} outside the catalog.",
            "",
            "| measure | accuracy |",
            "|---|---|",
            f"| committed thresholds (lexical {policy.lexical_floor}, dense {policy.dense_floor}, "
            f"name {policy.name_floor}), whole dev set | {chosen:.3f} |",
            "| 5-fold CV: thresholds chosen on 4/5, scored on 1/5 (mean) | "
            f"{np.mean(scores):.3f} |",
            f"| 5-fold CV: worst fold | {min(scores):.3f} |",
        ]
    )
    Path("bench/abstain.md").write_text(report + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
