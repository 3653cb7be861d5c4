"""Dossier status (tra cứu hồ sơ): import from the one-stop system's CSV, lookup.

Only what the lookup needs is stored: code, procedure name, the phone's last
four digits, dates and status history. The applicant's name is read from the
export only to be dropped.

Four digits are 10,000 guesses, so wrong digits are counted per code by the lookup
guard (kiosk/services/lookup_guard.py, kind "dossier"): after `failures` within
`minutes` the code answers DossierLookupLocked, even to the right digits.
"""

from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import logging
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kiosk.core.clock import Clock
from kiosk.core.errors import DossierLookupLocked, DossierNotFound, ImportRejected
from kiosk.services.desk import canonical_text
from kiosk.services.lookup_guard import GuardPolicy, LookupGuard
from kiosk.store.db import Database
from kiosk.store.models import Dossier, DossierEvent
from knowledge.text import fold

log = logging.getLogger(__name__)

# Column -> (header shown in reports, folded headers accepted, required).
COLUMNS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "code": ("Mã hồ sơ", ("ma ho so", "so ho so"), True),
    "procedure": ("Tên thủ tục", ("ten thu tuc", "thu tuc"), True),
    "phone": ("Số điện thoại", ("so dien thoai", "dien thoai", "sdt"), True),
    "received": ("Ngày tiếp nhận", ("ngay tiep nhan", "ngay nhan"), True),
    "due": ("Ngày hẹn trả", ("ngay hen tra", "ngay hen tra ket qua"), False),
    "status": ("Trạng thái", ("trang thai", "tinh trang"), True),
    "updated": ("Ngày cập nhật", ("ngay cap nhat", "thoi diem cap nhat"), False),
}
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")
_TIME_SUFFIXES = ("", " %H:%M", " %H:%M:%S", "T%H:%M:%S")


@dataclass(frozen=True)
class DossierRow:
    line: int
    code: str
    procedure_name: str
    phone_last4: str
    received_on: dt.date
    due_on: dt.date | None
    status: str
    updated_at: dt.datetime | None


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class _RowErrors:
    line: int
    errors: list[dict[str, object]] = field(default_factory=list)

    def add(self, column: str, message: str) -> None:
        self.errors.append({"row": self.line, "column": COLUMNS[column][0], "message": message})


def clean_dossier_code(raw: str) -> str:
    return re.sub(r"\s+", "", raw).upper()


def parse_moment(raw: str) -> dt.datetime | None:
    text = raw.strip()
    for date_format in _DATE_FORMATS:
        for suffix in _TIME_SUFFIXES:
            try:
                return dt.datetime.strptime(text, date_format + suffix)
            except ValueError:
                continue
    return None


def _last4(raw: str) -> str | None:
    digits = re.sub(r"[\s.\-()]", "", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits[-4:] if re.fullmatch(r"0\d{9,10}", digits) else None


def _header_map(header: list[str]) -> tuple[dict[str, int], list[dict[str, object]]]:
    folded = [fold(h) for h in header]
    found: dict[str, int] = {}
    missing: list[dict[str, object]] = []
    for key, (shown, names, required) in COLUMNS.items():
        index = next((i for i, h in enumerate(folded) if h in names), None)
        if index is not None:
            found[key] = index
        elif required:
            missing.append({"row": 1, "column": shown, "message": "thiếu cột bắt buộc"})
    return found, missing


def _parse_row(
    line: int, cells: dict[str, str], seen: set[str]
) -> DossierRow | list[dict[str, object]]:
    report = _RowErrors(line)
    code = clean_dossier_code(cells.get("code", ""))
    if not code or len(code) > 64:
        report.add("code", "mã hồ sơ trống hoặc dài quá 64 ký tự")
    elif code in seen:
        report.add("code", f"mã hồ sơ {code} lặp lại trong tệp")
    name = canonical_text(cells.get("procedure", ""))
    if not 3 <= len(name) <= 500:
        report.add("procedure", "tên thủ tục trống hoặc dài quá 500 ký tự")
    last4 = _last4(cells.get("phone", ""))
    if last4 is None:
        report.add("phone", "số điện thoại không hợp lệ")
    received = parse_moment(cells.get("received", ""))
    if received is None:
        report.add("received", "ngày không hợp lệ (dùng dd/mm/yyyy)")
    due_text = cells.get("due", "").strip()
    due = parse_moment(due_text) if due_text else None
    if due_text and due is None:
        report.add("due", "ngày không hợp lệ (dùng dd/mm/yyyy)")
    elif due and received and due.date() < received.date():
        report.add("due", "ngày hẹn trả trước ngày tiếp nhận")
    status = canonical_text(cells.get("status", ""))
    if not 1 <= len(status) <= 100:
        report.add("status", "trạng thái trống hoặc dài quá 100 ký tự")
    updated_text = cells.get("updated", "").strip()
    updated = parse_moment(updated_text) if updated_text else None
    if updated_text and updated is None:
        report.add("updated", "thời điểm không hợp lệ (dùng dd/mm/yyyy hh:mm)")
    if report.errors or received is None or last4 is None:
        return report.errors
    seen.add(code)
    return DossierRow(
        line, code, name, last4, received.date(), due.date() if due else None, status, updated
    )


def parse_export(data: bytes) -> list[DossierRow]:
    """Every row of a CSV export, or ImportRejected listing every bad row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [{"row": None, "column": None, "message": "tệp phải là CSV mã hóa UTF-8"}]
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise ImportRejected([{"row": 1, "column": None, "message": "tệp trống"}])
    columns, errors = _header_map(header)
    if errors:
        raise ImportRejected(errors)
    rows: list[DossierRow] = []
    seen: set[str] = set()
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {key: record[i] if i < len(record) else "" for key, i in columns.items()}
        parsed = _parse_row(line, cells, seen)
        if isinstance(parsed, DossierRow):
            rows.append(parsed)
        else:
            errors.extend(parsed)
    if errors:
        raise ImportRejected(errors)
    return rows


class DossierService:
    def __init__(self, db: Database, clock: Clock, policy: GuardPolicy | None = None) -> None:
        self.db, self.clock = db, clock
        self.guard = LookupGuard(db, "dossier", policy, locked=DossierLookupLocked)

    def import_export(self, data: bytes) -> ImportReport:
        """All rows or none: one transaction, after every row has been validated.

        Imports running side by side take the dossiers they update (row locks) and
        create the new ones in code order, so the later one sees the earlier one's
        result; one that loses the race to create a dossier is run again.
        """
        rows = sorted(parse_export(data), key=lambda r: r.code)

        def attempt(session: Session) -> ImportReport:
            report = ImportReport()
            existing = _existing(session, [r.code for r in rows])
            for row in rows:
                self._apply(session, existing.get(row.code), row, report)
            session.flush()
            return report

        report = self.db.write_retrying(attempt)
        log.info(
            "dossier import: %d new, %d updated, %d unchanged",
            report.created,
            report.updated,
            report.unchanged,
        )
        return report

    def lookup(self, code: str, phone_last4: str) -> Dossier:
        """The dossier, if the code exists and the phone digits match; else one same 404;
        DossierLookupLocked after too many wrong digits for this code."""
        code = clean_dossier_code(code)[:64]
        now = self.clock()
        with self.db.write() as session:
            self.guard.check(session, code, now)
            dossier = session.scalars(
                select(Dossier).options(selectinload(Dossier.events)).where(Dossier.code == code)
            ).one_or_none()
            found = dossier is not None and hmac.compare_digest(dossier.phone_last4, phone_last4)
            if not found:
                self.guard.fail(session, code, now)
        if dossier is None or not found:  # raised after the failure is committed
            log.info("dossier lookup: wrong code or digits")
            raise DossierNotFound()
        return dossier

    def _apply(
        self, session: Session, dossier: Dossier | None, row: DossierRow, report: ImportReport
    ) -> None:
        now = row.updated_at or self.clock()
        if dossier is None:
            dossier = Dossier(code=row.code, status=row.status, updated_at=now)
            dossier.events.append(DossierEvent(status=row.status, recorded_at=now))
            session.add(dossier)
            report.created += 1
        elif dossier.status != row.status:
            dossier.status, dossier.updated_at = row.status, now
            dossier.events.append(DossierEvent(status=row.status, recorded_at=now))
            report.updated += 1
        else:
            report.unchanged += 1
        dossier.procedure_name, dossier.phone_last4 = row.procedure_name, row.phone_last4
        dossier.received_on, dossier.due_on = row.received_on, row.due_on


def _existing(session: Session, codes: list[str]) -> dict[str, Dossier]:
    """The dossiers with these (sorted) codes, locked in code order for the transaction."""
    found: dict[str, Dossier] = {}
    for start in range(0, len(codes), 500):  # stay under bound-parameter limits
        chunk = codes[start : start + 500]
        query = (
            select(Dossier)
            .options(selectinload(Dossier.events))
            .where(Dossier.code.in_(chunk))
            .order_by(Dossier.code)
            .with_for_update(of=Dossier)
        )
        found.update({d.code: d for d in session.scalars(query)})
    return found
