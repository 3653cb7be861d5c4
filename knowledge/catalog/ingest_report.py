"""The import report as Vietnamese lines: per file, rejections and notes by kind."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from knowledge.catalog.importer import format_report
from knowledge.catalog.ingest import EXPORT, FileReport, IngestReport

SHOWN = 8  # items listed per kind; the count is always complete


def number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def format_ingest(report: IngestReport) -> str:
    if len(report.files) == 1 and report.files[0].export is not None:
        return format_report(report.files[0].export)  # a column export, reported as always
    lines: list[str] = []
    for file in report.files:
        lines += _file_lines(file)
    if any(f.kind != EXPORT for f in report.files):
        lines += _totals(report)
    return "\n".join(lines)


def _file_lines(file: FileReport) -> list[str]:
    if file.kind == EXPORT and file.export is not None:
        return [f"Tệp {file.path.name} ({EXPORT}):", format_report(file.export)]
    rejected = sum(len(v) for v in file.rejected.values())
    unit = "dòng" if file.oddities or file.kind.startswith("danh sách") else "bản ghi"
    lines = [
        f"Tệp {file.path.name} ({file.kind}): {number(file.total)} {unit}, "
        f"nhập {number(file.imported)}, từ chối {number(rejected)}."
    ]
    if file.rejected and not file.written:
        lines.append(
            "  Không nhập tệp này vì có bản ghi lỗi; sửa rồi nhập lại, hoặc dùng --skip-invalid."
        )
    lines += _grouped("Bị từ chối, theo lý do", file.rejected)
    lines += _grouped("Cần xem lại, theo loại", file.notes)
    lines += _grouped("Điểm bất thường, theo loại (số dòng trong bảng tính)", file.oddities)
    if file.changes is not None:
        c = file.changes
        lines.append(
            f"  Mới {number(len(c.new))}, cập nhật {number(len(c.updated))}, "
            f"không đổi {number(len(c.unchanged))}, không còn trong tệp {number(len(c.removed))}."
        )
    return lines


def _grouped(title: str, groups: Mapping[str, Sequence[object]]) -> list[str]:
    if not groups:
        return []
    lines = [f"  {title}:"]
    for kind, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        shown = ", ".join(str(i) for i in items[:SHOWN])
        more = f", … (+{number(len(items) - SHOWN)})" if len(items) > SHOWN else ""
        lines.append(f"    - {kind}: {number(len(items))} ({shown}{more})")
    return lines


def _totals(report: IngestReport) -> list[str]:
    audit = report.audit
    written = "đã ghi" if report.store_written else "không có gì thay đổi"
    return [
        f"Dữ liệu quốc gia ({written}): {number(report.records)} thủ tục có trang đầy đủ, "
        f"{number(report.list_only)} thủ tục chỉ có trong danh sách.",
        f"Trùng mã với danh mục đã biên soạn: {number(audit.shared_codes)} thủ tục (gộp làm một). "
        f"Khác biệt cần cán bộ quyết định: {number(audit.open_differences)} "
        f"({number(audit.new_differences)} mới) — xem «Đối chiếu danh mục».",
    ]
