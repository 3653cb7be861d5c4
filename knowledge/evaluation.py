"""Retrieval quality on labelled question sets.

Procedure questions: each line is {"question": str, "expected": procedure id or null};
null means the assistant should abstain (the question is outside the catalog).
Staff questions over plan documents: {"question": str, "source": file, "lines": [a, b]};
found when a top-k passage of that file overlaps the lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.document_search import DocumentResult
from knowledge.procedure_search import ProcedureResult
from knowledge.text import has_diacritics


class EvalFileError(ValueError):
    """The question file cannot be read or a line is not a valid question."""


@dataclass(frozen=True)
class Question:
    question: str
    expected: str | None


@dataclass(frozen=True)
class Metrics:
    count: int
    in_scope: int
    recall_at_1: float
    recall_at_3: float
    recall_at_5: float
    mrr_at_10: float
    abstain_accuracy: float

    def row(self, label: str) -> str:
        return (
            f"| {label} | {self.count} | {self.recall_at_1:.3f} | {self.recall_at_3:.3f} | "
            f"{self.recall_at_5:.3f} | {self.mrr_at_10:.3f} | {self.abstain_accuracy:.3f} |"
        )


TABLE_HEADER = (
    "| questions | n | recall@1 | recall@3 | recall@5 | MRR@10 | abstain acc. |\n"
    "|---|---|---|---|---|---|---|"
)


def read_questions(path: Path) -> list[Question]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"Không đọc được tệp {path}: {exc.__class__.__name__}") from exc
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question, expected = item["question"], item["expected"]
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalFileError(
                f'{path.name}, dòng {number}: cần JSON dạng {{"question": ..., "expected": ...}}'
            ) from exc
        if not isinstance(question, str) or not question.strip():
            raise EvalFileError(f"{path.name}, dòng {number}: câu hỏi rỗng")
        if expected is not None and not isinstance(expected, str):
            raise EvalFileError(
                f"{path.name}, dòng {number}: expected phải là mã thủ tục hoặc null"
            )
        questions.append(Question(question, expected))
    if not questions:
        raise EvalFileError(f"{path.name}: không có câu hỏi nào")
    return questions


def score(pairs: Sequence[tuple[Question, ProcedureResult]]) -> Metrics:
    """Recall and MRR over in-scope questions; abstain accuracy over all."""
    in_scope = [(q, r) for q, r in pairs if q.expected is not None]

    def rank(q: Question, r: ProcedureResult) -> int | None:
        ids = [h.id for h in r.hits]
        return ids.index(q.expected) + 1 if q.expected in ids else None

    ranks = [rank(q, r) for q, r in in_scope]
    n = max(len(in_scope), 1)
    correct_abstain = sum((q.expected is None) == r.abstain for q, r in pairs)
    return Metrics(
        count=len(pairs),
        in_scope=len(in_scope),
        recall_at_1=sum(1 for x in ranks if x is not None and x <= 1) / n,
        recall_at_3=sum(1 for x in ranks if x is not None and x <= 3) / n,
        recall_at_5=sum(1 for x in ranks if x is not None and x <= 5) / n,
        mrr_at_10=sum(1 / x for x in ranks if x is not None and x <= 10) / n,
        abstain_accuracy=correct_abstain / max(len(pairs), 1),
    )


def evaluate(
    questions: Sequence[Question], search: Callable[[str], ProcedureResult]
) -> dict[str, Metrics]:
    """Metrics overall and split by questions typed with and without diacritics."""
    pairs = [(q, search(q.question)) for q in questions]
    return {
        "all": score(pairs),
        "with diacritics": score([p for p in pairs if has_diacritics(p[0].question)]),
        "without diacritics": score([p for p in pairs if not has_diacritics(p[0].question)]),
    }


def render(metrics: dict[str, Metrics]) -> str:
    return "\n".join([TABLE_HEADER, *(m.row(label) for label, m in metrics.items())])


@dataclass(frozen=True)
class PassageQuestion:
    question: str
    source: str
    lines: tuple[int, int]


def read_passage_questions(path: Path) -> list[PassageQuestion]:
    """A staff question set (tests/data/staff-questions.jsonl)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"Không đọc được tệp {path}: {exc.__class__.__name__}") from exc
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            start, end = (int(x) for x in item["lines"])
            questions.append(
                PassageQuestion(str(item["question"]), str(item["source"]), (start, end))
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalFileError(
                f"{path.name}, dòng {number}: cần JSON dạng "
                '{"question": ..., "source": ..., "lines": [a, b]}'
            ) from exc
    if not questions:
        raise EvalFileError(f"{path.name}: không có câu hỏi nào")
    return questions


def passages_found(
    questions: Sequence[PassageQuestion], search: Callable[[str], DocumentResult]
) -> list[bool]:
    """Per question: does a returned passage of the right file overlap the answering lines?"""
    found = []
    for q in questions:
        start, end = q.lines
        hits = search(q.question).hits
        found.append(
            any(h.source == q.source and h.lines[0] <= end and start <= h.lines[1] for h in hits)
        )
    return found
