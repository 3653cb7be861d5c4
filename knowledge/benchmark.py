"""`python -m knowledge bench`: hybrid retrieval against BM25-only and dense-only.

All three run in one process, on one synthetic catalog, over the same dev set,
so their ratios are comparable. Results are written as a Markdown table.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil

from knowledge import machine
from knowledge.catalog.store import Catalog
from knowledge.dense import DenseIndex
from knowledge.encoders import Encoder, create_encoder
from knowledge.evaluation import Metrics, Question, read_questions, score
from knowledge.index import build_index, open_index
from knowledge.peak_memory import PeakMemory
from knowledge.procedure_search import ProcedureHit, ProcedureResult, lexical_text
from knowledge.retriever import load_full_catalog
from knowledge.settings import KnowledgeSettings
from knowledge.synthetic import synthesize
from knowledge.text import normalize_query

DEV_SET = Path("tests/data/dev-questions.jsonl")
Search = Callable[[str], ProcedureResult]


@dataclass(frozen=True)
class Run:
    name: str
    metrics: Metrics
    p50_ms: float
    p95_ms: float


def _timed(questions: Sequence[Question], search: Search, name: str) -> Run:
    for q in questions[:5]:
        search(q.question)
    latencies, pairs = [], []
    for q in questions:
        started = time.perf_counter()
        result = search(q.question)
        latencies.append((time.perf_counter() - started) * 1000)
        pairs.append((q, result))
    cuts = statistics.quantiles(latencies, n=100)
    return Run(name, score(pairs), round(cuts[49], 2), round(cuts[94], 2))


def bm25_only(catalog: Catalog) -> Search:
    """The lexical baseline: bm25s over the same folded text, syllable tokens."""
    import bm25s

    procedures = list(catalog)
    retriever = bm25s.BM25()
    retriever.index([lexical_text(p).split() for p in procedures], show_progress=False)

    def search(query: str) -> ProcedureResult:
        tokens = [t for t in normalize_query(query).split()]
        docs, scores = retriever.retrieve([tokens], k=10, show_progress=False, n_threads=1)
        hits = [
            ProcedureHit(procedures[int(d)].id, procedures[int(d)].name, float(s), 0.0, float(s))
            for d, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]
        return ProcedureResult(query, not hits, 0.0, hits)

    return search


def dense_only(catalog: Catalog, index_dir: Path, encoder: Encoder) -> Search:
    """The dense baseline: the same chunk vectors, best chunk per procedure."""
    texts = json.loads((index_dir / "procedures.json").read_text(encoding="utf-8"))
    owners = np.asarray(texts["owners"], dtype=np.int64)
    index = DenseIndex(np.load(index_dir / "procedures.npy"))
    procedures = list(catalog)

    def search(query: str) -> ProcedureResult:
        sims, rows = index.search(encoder.encode_queries([query]), 100)
        best: dict[int, float] = {}
        for sim, row in zip(sims[0], rows[0], strict=True):
            if row >= 0:
                owner = int(owners[row])
                best[owner] = max(best.get(owner, -1.0), float(sim))
        order = sorted(best, key=lambda o: -best[o])[:10]
        hits = [
            ProcedureHit(procedures[o].id, procedures[o].name, best[o], best[o], 0.0) for o in order
        ]
        return ProcedureResult(query, False, 0.0, hits)

    return search


def _folder_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.iterdir()) / 2**20, 1)


def _edit_one(catalog: Catalog) -> Catalog:
    first = next(iter(catalog))
    changed = first.model_copy(update={"aliases": [*first.aliases, "bản sửa để đo cập nhật"]})
    return Catalog([changed if p.id == first.id else p for p in catalog])


def _table(runs: list[Run]) -> str:
    lines = [
        "| retriever | recall@1 | recall@3 | recall@5 | MRR@10 | abstain acc. | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        m = r.metrics
        lines.append(
            f"| {r.name} | {m.recall_at_1:.3f} | {m.recall_at_3:.3f} | {m.recall_at_5:.3f} "
            f"| {m.mrr_at_10:.3f} | {m.abstain_accuracy:.3f} | {r.p50_ms} | {r.p95_ms} |"
        )
    return "\n".join(lines)


def _load_remark(load: float) -> str:
    cores = psutil.cpu_count() or 1
    if load <= cores:
        return ""
    return f" (above {cores} cores: other work shared them, timings are pessimistic)"


def run_benchmark(settings: KnowledgeSettings, size: int, out: Path) -> str:
    """Run every measurement and write out/retrieval.md; returns the report."""
    load_before = os.getloadavg()[0]
    encoder = create_encoder(settings.encoder)
    questions = read_questions(DEV_SET)
    catalog = synthesize(load_full_catalog(settings), size)
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        with PeakMemory() as memory:
            full = build_index(index_dir, catalog, encoder)
        edited = _edit_one(catalog)
        update = build_index(index_dir, edited, encoder)
        searcher, _ = open_index(index_dir, edited, encoder)
        runs = [
            _timed(questions, lambda q: searcher.search(q, k=10), "hybrid (motcua)"),
            _timed(questions, bm25_only(edited), "BM25 only (bm25s)"),
            _timed(questions, dense_only(edited, index_dir, encoder), "dense only (faiss)"),
        ]
        size_mb = _folder_mb(index_dir)
    load_after = os.getloadavg()[0]
    ours, lexical, dense = (r.metrics.recall_at_3 for r in runs)
    report = "\n".join(
        [
            f"# Retrieval benchmark ({time.strftime('%Y-%m-%d')})",
            "",
            f"Catalog: {len(catalog)} procedures ({len(list(load_full_catalog(settings)))} real, "
            f"the rest synthesised by knowledge/synthetic.py); dev set: {len(questions)} questions "
            f"({DEV_SET}); encoder {encoder.name}; machine: {machine.describe()}. "
            "Latency includes query encoding; one query at a time. "
            f"Load average (1 min) {load_before:.1f} at start, {load_after:.1f} at the end"
            f"{_load_remark(max(load_before, load_after))}.",
            "",
            _table(runs),
            "",
            f"Hybrid recall@3 vs BM25-only: {ours / max(lexical, 1e-9):.2f}x, "
            f"vs dense-only: {ours / max(dense, 1e-9):.2f}x.",
            "",
            "| build | value |",
            "|---|---|",
            f"| full build ({full.chunks} chunks) | {full.seconds:.1f} s |",
            f"| peak memory during build | {memory.peak / 2**20:.0f} MiB |",
            f"| index size on disk | {size_mb} MiB |",
            f"| one changed procedure re-indexed | {update.seconds:.2f} s "
            f"({update.encoded} chunks encoded, {update.reused} reused) |",
        ]
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / "retrieval.md").write_text(report + "\n", encoding="utf-8")
    return report
