"""Command line: python -m knowledge build|search|eval|import|bench."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from knowledge.catalog.store import CatalogError
from knowledge.encoders import EncoderError, create_encoder
from knowledge.evaluation import EvalFileError, evaluate, read_questions, render
from knowledge.index import IndexStaleError, build_index
from knowledge.retriever import Retriever, load_full_catalog, open_retriever
from knowledge.settings import KnowledgeSettings

EXPECTED_ERRORS = (CatalogError, EncoderError, EvalFileError, IndexStaleError, OSError, ValueError)


class UsageError(ValueError):
    """A wrong argument, reported in one line."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description="Tri thức motcua")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="xây hoặc cập nhật chỉ mục")
    build.add_argument("--documents", action="append", type=Path, default=None, metavar="DIR")
    search = sub.add_parser("search", help="tìm thủ tục hoặc đoạn văn bản")
    search.add_argument("query", nargs="?")
    search.add_argument("--batch", type=Path)
    search.add_argument("--kind", choices=["procedure", "document"], default="procedure")
    search.add_argument("-k", type=int, default=5)
    search.add_argument("--json", action="store_true")
    search.add_argument("--documents", action="append", type=Path, default=None, metavar="DIR")
    ev = sub.add_parser("eval", help="đánh giá trên tệp câu hỏi JSONL")
    ev.add_argument("file", type=Path)
    imp = sub.add_parser("import", help="nhập thủ tục từ tệp CSV/JSON/XLSX")
    imp.add_argument("file", type=Path)
    imp.add_argument("--into", type=Path)
    imp.add_argument("--skip-invalid", action="store_true")
    bench = sub.add_parser("bench", help="đo hiệu năng trên danh mục 10.000 thủ tục")
    bench.add_argument("--size", type=int, default=10_000)
    bench.add_argument("--out", type=Path, default=Path("bench"))
    return parser


def _queries(args: argparse.Namespace) -> list[str]:
    if args.batch is not None:
        try:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"Không đọc được tệp {args.batch}: {exc.__class__.__name__}") from exc
        queries = [line.strip() for line in lines if line.strip()]
        if not queries:
            raise UsageError(f"Tệp {args.batch} không có câu hỏi nào")
        return queries
    if args.query is None or not args.query.strip():
        raise UsageError("Câu hỏi rỗng: hãy nhập nội dung cần tìm")
    return [args.query.strip()]


def _result_json(retriever: Retriever, kind: str, query: str, k: int) -> dict[str, object]:
    started = time.perf_counter()
    results: list[dict[str, object]]
    referral = None
    if kind == "procedure":
        procedures = retriever.search_procedures(query, k=k)
        abstain = procedures.abstain
        results = [
            {"kind": "procedure", "id": h.id, "name": h.name, "score": h.score}
            for h in procedures.hits
        ]
        if procedures.referral is not None:
            referral = {"matter": procedures.referral.matter, "where": procedures.referral.where}
    else:
        documents = retriever.search_documents(query, k=k)
        abstain = documents.abstain
        results = [
            {
                "kind": "document",
                "source": h.source,
                "lines": list(h.lines),
                "text": h.text,
                "score": h.score,
            }
            for h in documents.hits
        ]
    latency = (time.perf_counter() - started) * 1000
    answer = {"query": query, "abstain": abstain, "latency_ms": round(latency, 2)}
    return {**answer, "results": results, **({"referral": referral} if referral else {})}


def _print_human(answer: dict[str, object]) -> None:
    print(f"? {answer['query']}")
    if answer["abstain"]:
        print("  (không chắc chắn: câu hỏi có thể nằm ngoài danh mục)")
    if "referral" in answer:
        print(f"  (việc ngoài thủ tục hành chính: {answer['referral']['where']})")  # type: ignore[index]
    for item in answer["results"]:  # type: ignore[attr-defined]
        if item["kind"] == "procedure":
            print(f"  {item['score']:.4f}  {item['id']}  {item['name']}")
        else:
            start, end = item["lines"]
            snippet = " ".join(item["text"].split())[:160]
            print(f"  {item['score']:.4f}  {item['source']}:{start}-{end}  {snippet}")


def _search(settings: KnowledgeSettings, args: argparse.Namespace) -> int:
    if args.k < 1:
        raise UsageError("-k phải là số nguyên dương")
    queries = _queries(args)
    retriever = open_retriever(
        settings,
        document_dirs=args.documents,
        update=args.documents is not None or not (settings.index_dir / "manifest.json").exists(),
    )
    for query in queries:
        answer = _result_json(retriever, args.kind, query, args.k)
        if args.json:
            print(json.dumps(answer, ensure_ascii=False))
        else:
            _print_human(answer)
    return 0


def _build(settings: KnowledgeSettings, args: argparse.Namespace) -> int:
    folders = args.documents if args.documents is not None else settings.document_dirs
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"Không có thư mục văn bản: {folder}")
    report = build_index(
        settings.index_dir, load_full_catalog(settings), create_encoder(settings.encoder), folders
    )
    print(
        f"Đã xây chỉ mục tại {settings.index_dir}: {report.procedures} thủ tục, "
        f"{report.passages} đoạn văn bản; mã hóa mới {report.encoded}, dùng lại {report.reused}; "
        f"{report.seconds:.1f} s"
    )
    return 0


def _eval(settings: KnowledgeSettings, args: argparse.Namespace) -> int:
    questions = read_questions(args.file)
    retriever = open_retriever(settings, update=True)
    unknown = sorted({q.expected for q in questions if q.expected} - set(retriever.catalog.ids()))
    if unknown:
        raise UsageError(f"Mã thủ tục không có trong danh mục: {', '.join(unknown[:5])}")
    print(render(evaluate(questions, lambda q: retriever.search_procedures(q, k=10))))
    return 0


def _import(settings: KnowledgeSettings, args: argparse.Namespace) -> int:
    from knowledge.catalog.importer import format_report, import_file

    report = import_file(
        args.file, args.into or settings.imported_catalog_dir, skip_invalid=args.skip_invalid
    )
    print(format_report(report))
    return 1 if report.rejected and not args.skip_invalid else 0


def _bench(settings: KnowledgeSettings, args: argparse.Namespace) -> int:
    from knowledge.benchmark import run_benchmark

    print(run_benchmark(settings, size=args.size, out=args.out))
    return 0


COMMANDS = {"build": _build, "search": _search, "eval": _eval, "import": _import, "bench": _bench}


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](KnowledgeSettings(), args)
    except EXPECTED_ERRORS as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
