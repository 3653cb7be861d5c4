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


def main() -> None:
    questions = read_questions(DEV)
    with tempfile.TemporaryDirectory() as tmp:
        retriever = open_retriever(KnowledgeSettings(data_dir=Path(tmp)), update=True)
        tops = [retriever.search_procedures(q.question, k=1).hits[0] for q in questions]
    lexical = np.array([h.lexical for h in tops])
    dense = np.array([h.dense for h in tops])
    outside = np.array([q.expected is None for q in questions])
    order = list(range(len(questions)))
    random.Random(7).shuffle(order)
    folds = [order[i::5] for i in range(5)]
    scores = []
    for held in folds:
        train = np.setdiff1d(order, held)
        best = max(
            itertools.product(LEXICAL, DENSE),
            key=lambda t: np.mean(
                ((lexical[train] >= t[0]) | (dense[train] >= t[1])) != outside[train]
            ),
        )
        answered = (lexical[held] >= best[0]) | (dense[held] >= best[1])
        scores.append(float(np.mean(answered != outside[held])))
    policy = AbstainPolicy()
    chosen = np.mean(((lexical >= policy.lexical_floor) | (dense >= policy.dense_floor)) != outside)
    report = "\n".join(
        [
            "# Abstain decision: cross-validation",
            "",
            f"Dev set: {len(questions)} questions, {int(outside.sum())} outside the catalog.",
            "",
            "| measure | accuracy |",
            "|---|---|",
            f"| committed thresholds (lexical {policy.lexical_floor}, dense {policy.dense_floor}), "
            f"whole dev set | {chosen:.3f} |",
            "| 5-fold CV: thresholds chosen on 4/5, scored on 1/5 (mean) | "
            f"{np.mean(scores):.3f} |",
            f"| 5-fold CV: worst fold | {min(scores):.3f} |",
        ]
    )
    Path("bench/abstain.md").write_text(report + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
