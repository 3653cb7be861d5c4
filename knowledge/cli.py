"""Command line: python -m knowledge build|search|eval|import|show|audit|bench."""

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
from knowledge.variants import Clarify
from vntext.masking import MaskedFormatter

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
    imp = sub.add_parser(
        "import", help="nhập trang thủ tục (.jsonl/.json), danh sách TTHC (.xlsx) hoặc tệp xuất"
    )
    imp.add_argument("file", type=Path, nargs="+")
    imp.add_argument("--into", type=Path, help="thư mục cho tệp xuất theo cột")
    imp.add_argument("--skip-invalid", action="store_true")
    imp.add_argument("--no-index", action="store_true", help="không cập nhật chỉ mục")
    show = sub.add_parser("show", help="xem một thủ tục như kiosk trả lời")
    show.add_argument("procedure", metavar="ID_OR_CODE")
    show.add_argument("--json", action="store_true")
    sub.add_parser("audit", help="đối chiếu lại danh mục với dữ liệu quốc gia đã nhập")
    bench = sub.add_parser("bench", help="đo hiệu năng trên danh mục 10.000 thủ tục")
    bench.add_argument("--size", type=int, default=10_000)
    bench.add_argument("--out", type=Path, default=Path("bench"))
    bench.add_argument(
        "--real", action="store_true", help="đo trên danh mục thật: gói sẵn + dữ liệu quốc gia"
    )
    bench.add_argument("--shared", type=Path, default=Path("../shared"), metavar="DIR")
    bench.add_argument("--data", type=Path, default=Path("var/real"), metavar="DIR")
    bench.add_argument("--reuse-vectors", type=Path, metavar="INDEX_DIR")
    bench.add_argument("--names", type=int, default=0, help="số tên thủ tục gõ lại (0: tất cả)")
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
    if kind == "procedure":
        found = _procedures_json(retriever, query, k)
    else:
        documents = retriever.search_documents(query, k=k)
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
        found = {"abstain": documents.abstain, "results": results}
    latency = (time.perf_counter() - started) * 1000
    abstain = found.pop("abstain")
    return {"query": query, "abstain": abstain, "latency_ms": round(latency, 2), **found}


def _procedures_json(retriever: Retriever, query: str, k: int) -> dict[str, object]:
    """Ranked procedures with their codes; where an outside matter goes; which variant."""
    procedures = retriever.search_procedures(query, k=k)
    results = []
    for hit in procedures.hits:
        found = retriever.get_procedure(hit.id)
        code = found.code if found is not None else None
        results.append(
            {"kind": "procedure", "id": hit.id, "code": code, "name": hit.name, "score": hit.score}
        )
    answer: dict[str, object] = {"abstain": procedures.abstain, "results": results}
    if procedures.referral is not None:
        answer["referral"] = {
            "matter": procedures.referral.matter,
            "where": procedures.referral.where,
        }
    answer["clarify"] = _clarify_json(procedures.clarify)
    return answer


def _clarify_json(clarify: Clarify | None) -> dict[str, object] | None:
    if clarify is None:
        return None
    options = [{"id": o.id, "code": o.code, "label": o.label} for o in clarify.options]
    return {"question": clarify.question, "options": options}


def _print_human(answer: dict[str, object]) -> None:
    print(f"? {answer['query']}")
    if answer["abstain"]:
        print("  (không chắc chắn: câu hỏi có thể nằm ngoài danh mục)")
    if "referral" in answer:
        print(f"  (việc ngoài thủ tục hành chính: {answer['referral']['where']})")  # type: ignore[index]
    clarify = answer.get("clarify")
    if isinstance(clarify, dict):
        labels = " | ".join(f"{o['label']} ({o['id']})" for o in clarify["options"])
        print(f"  {clarify['question']}  [{labels}]")
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
    from knowledge.catalog.ingest import import_files
    from knowledge.catalog.ingest_report import format_ingest

    for path in args.file:
        if not path.is_file():
            raise UsageError(f"Không có tệp: {path}")
    started = time.perf_counter()
    report = import_files(args.file, settings, skip_invalid=args.skip_invalid, into=args.into)
    print(format_ingest(report))
    if report.national:  # national data changes the catalog: time it, re-index what changed
        print(f"Thời gian nhập: {time.perf_counter() - started:.1f} s")
        if not args.no_index:
            print(_refresh_index(settings))
    return 1 if report.failed else 0


def _refresh_index(settings: KnowledgeSettings) -> str:
    """Re-encode only what changed, when an index exists; else say how to build one."""
    from knowledge.index import MANIFEST, refresh_procedures

    if not (settings.index_dir / MANIFEST).is_file():
        return "Chưa có chỉ mục: chạy python -m knowledge build (kiosk tự xây khi khởi động)."
    catalog = load_full_catalog(settings)
    _, report = refresh_procedures(settings.index_dir, catalog, create_encoder(settings.encoder))
    return (
        f"Chỉ mục: {report.procedures} thủ tục; mã hóa mới {report.encoded} đoạn, "
        f"dùng lại {report.reused}; {report.seconds:.1f} s"
    )


def _show(settings: KnowledgeSettings, args: argparse.Namespace) -> int:
    from knowledge.catalog.show import render_procedure
    from knowledge.catalog.view import procedure_view

    procedure = load_full_catalog(settings).find(args.procedure)
    if procedure is None:
        raise UsageError(f"Không có thủ tục có mã hoặc định danh «{args.procedure}»")
    view = procedure_view(procedure)
    print(json.dumps(view, ensure_ascii=False, indent=2) if args.json else render_procedure(view))
    return 0


def _audit(settings: KnowledgeSettings, args: argparse.Namespace) -> int:
    import datetime as dt

    from knowledge.catalog.ingest import refresh_audit
    from knowledge.catalog.loading import national_entries, read_ledger

    now = dt.datetime.now().replace(microsecond=0)
    summary = refresh_audit(settings, national_entries(settings), now)
    for difference in read_ledger(settings).newest_first():
        decided = f" [{difference.decision.choice}]" if difference.decision else ""
        print(f"{difference.procedure_id} ({difference.code}) {difference.field}{decided}")
        print(f"    danh mục: {difference.curated}")
        print(f"    quốc gia: {difference.official}")
    print(
        f"{summary.shared_codes} thủ tục trùng mã; {summary.open_differences} khác biệt "
        f"({summary.new_differences} mới)."
    )
    return 0


def _bench(settings: KnowledgeSettings, args: argparse.Namespace) -> int:
    if args.real:
        from knowledge.real_benchmark import run_real_benchmark

        if args.reuse_vectors is not None and not args.reuse_vectors.is_dir():
            raise UsageError(f"Không có thư mục chỉ mục: {args.reuse_vectors}")
        report = run_real_benchmark(
            args.shared,
            args.data,
            args.out,
            settings.encoder,
            reuse_vectors=args.reuse_vectors,
            names_limit=args.names,
        )
        print(report)
        return 0
    from knowledge.benchmark import run_benchmark

    print(run_benchmark(settings, size=args.size, out=args.out))
    return 0


COMMANDS = {
    "build": _build,
    "search": _search,
    "eval": _eval,
    "import": _import,
    "show": _show,
    "audit": _audit,
    "bench": _bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    handler = logging.StreamHandler()
    handler.setFormatter(MaskedFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](KnowledgeSettings(), args)
    except EXPECTED_ERRORS as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
