"""`python -m knowledge import FILE...`: recognise each file, import it, report.

- Procedure pages captured from the national portal (.jsonl, or a .json array of
  the same records) become national records (knowledge/catalog/portal).
- Official lists (.xlsx with a "DANH SÁCH THỦ TỤC HÀNH CHÍNH" header) become list
  rows (knowledge/catalog/lists).
- Anything else is a column export, imported as before (knowledge/catalog/importer.py).

Records and list rows go to `$MOTCUA_DATA_DIR/catalog/national.jsonl`. A records file
is all or nothing unless `skip_invalid`; rejected records are counted per reason and
listed. Then the audit is refreshed (differences with curated entries of the same
code) and, when an index exists, the index re-encodes only what changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.catalog.audit import AUDIT_FILE, Difference, Ledger, difference_id
from knowledge.catalog.compare import Variants, differences
from knowledge.catalog.importer import ImportReport, import_file
from knowledge.catalog.lists.entries import read_list
from knowledge.catalog.lists.sheet import looks_like_list
from knowledge.catalog.loading import curated_entries
from knowledge.catalog.merge import pairs
from knowledge.catalog.models import Origin, Procedure
from knowledge.catalog.national import STORE_FILE, Changes, NationalStore, national_procedures
from knowledge.catalog.portal.convert import Rejected, convert
from knowledge.catalog.portal.records import json_records, read_records
from knowledge.catalog.readers import ImportFileError
from knowledge.settings import KnowledgeSettings

RECORDS = "bản ghi thủ tục (Cổng DVC quốc gia)"
EXPORT = "tệp xuất theo cột"
REPEATED = "trùng mã trong tệp"


@dataclass
class FileReport:
    path: Path
    kind: str
    total: int = 0
    imported: int = 0
    rejected: dict[str, list[str]] = field(default_factory=dict)  # reason -> "dòng N: ..."
    notes: dict[str, list[str]] = field(default_factory=dict)  # kind -> codes
    oddities: dict[str, list[int]] = field(default_factory=dict)  # kind -> sheet rows
    changes: Changes | None = None
    export: ImportReport | None = None
    written: bool = False  # this file's data was kept


@dataclass
class AuditSummary:
    shared_codes: int = 0
    open_differences: int = 0
    new_differences: int = 0


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    store_written: bool = False
    records: int = 0
    list_only: int = 0
    audit: AuditSummary = field(default_factory=AuditSummary)

    @property
    def national(self) -> bool:
        """Whether any file was national data (records or a list), not a column export."""
        return any(f.kind != EXPORT for f in self.files)

    @property
    def failed(self) -> bool:
        return any(f.rejected and not f.written for f in self.files) or any(
            f.export is not None and f.export.written is None for f in self.files
        )


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".jsonl" or (suffix == ".json" and json_records(path) is not None):
        return RECORDS
    if suffix == ".xlsx" and looks_like_list(path):
        return "list"
    if suffix in (".csv", ".json", ".xlsx"):
        return EXPORT
    raise ImportFileError(f"Tệp {path.name}: chỉ nhập được tệp .jsonl, .json, .csv hoặc .xlsx")


def import_files(
    paths: list[Path],
    settings: KnowledgeSettings,
    *,
    skip_invalid: bool = False,
    into: Path | None = None,
    now: dt.datetime | None = None,
) -> IngestReport:
    now = now or dt.datetime.now().replace(microsecond=0)
    folder = settings.imported_catalog_dir
    store = NationalStore.read(folder / STORE_FILE)
    report = IngestReport()
    for path in paths:
        kind = kind_of(path)
        if kind == RECORDS:
            report.files.append(_records(path, store, skip_invalid, now.date()))
        elif kind == EXPORT:
            export = import_file(path, into or folder, skip_invalid=skip_invalid)
            report.files.append(
                FileReport(path, EXPORT, export=export, written=bool(export.written))
            )
        else:
            report.files.append(_list(path, store, now.date()))
    if any(f.written and f.kind != EXPORT for f in report.files):
        report.store_written = store.write(folder / STORE_FILE)
    national = national_procedures(store)
    report.records = sum(1 for p in national if p.origin is Origin.NATIONAL)
    report.list_only = sum(1 for p in national if p.origin is Origin.LIST)
    report.audit = refresh_audit(settings, national, now)
    return report


def _records(path: Path, store: NationalStore, skip_invalid: bool, today: dt.date) -> FileReport:
    report = FileReport(path, RECORDS)
    converted: list[tuple[Procedure, list[str]]] = []
    seen: set[str] = set()
    for where, record in read_records(path):
        report.total += 1
        if isinstance(record, str):
            report.rejected.setdefault(record, []).append(where)
            continue
        try:
            result = convert(record, today)
        except Rejected as exc:
            report.rejected.setdefault(exc.kind, []).append(f"{where}: {exc.detail}".rstrip(": "))
            continue
        code = result.procedure.code or ""
        if code in seen:
            report.rejected.setdefault(REPEATED, []).append(f"{where}: {code}")
            continue
        seen.add(code)
        converted.append((result.procedure, result.notes))
        for note in dict.fromkeys(result.notes):
            report.notes.setdefault(note, []).append(code)
    if converted and (skip_invalid or not report.rejected):
        report.changes = store.put_records(path.name, converted, today)
        report.imported, report.written = len(converted), True
    return report


def _list(path: Path, store: NationalStore, today: dt.date) -> FileReport:
    listed = read_list(path)
    store.put_list(path.name, listed.entries, today)
    return FileReport(
        path,
        listed.layout,
        total=listed.rows,
        imported=len(listed.entries),
        oddities=listed.oddities,
        written=True,
    )


def refresh_audit(
    settings: KnowledgeSettings, national: list[Procedure], now: dt.datetime
) -> AuditSummary:
    """Find the differences between curated entries and the records of their codes."""
    curated = curated_entries(settings)
    variants = Variants(p for p in national if p.origin is Origin.NATIONAL)
    found = []
    shared = pairs(curated, national)
    for entry, record in shared:
        for finding in differences(entry, record, variants):
            found.append(
                Difference(
                    id=difference_id(entry.id, finding.field, finding.curated, finding.official),
                    procedure_id=entry.id,
                    code=entry.code or "",
                    name=entry.name,
                    field=finding.field,
                    curated=finding.curated,
                    official=finding.official,
                    official_url=str(record.source_url) if record.source_url else None,
                    found_at=now.isoformat(),
                )
            )
    path = settings.imported_catalog_dir / AUDIT_FILE
    ledger = Ledger.read(path)
    new, _ = ledger.refresh(found, now.isoformat())
    if found or path.is_file():
        ledger.write(path)
    return AuditSummary(len(shared), len(found), new)
