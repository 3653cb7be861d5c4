"""Reading an official list sheet: the header row under the title block, then the rows.

Two layouts are known: the portal's export (Mã số, Tên, Cơ quan ban hành, Cơ quan
thực hiện, Lĩnh vực) and a province's list (STT, Mã TTHC, Mức độ DVC, Tên TTHC,
Lĩnh vực, Quyết định, Mã QR code). Headers are matched without case or
diacritics; cells are kept as the sheet holds them (a code may be a number).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from knowledge.catalog.readers import ImportFileError
from knowledge.text import fold

PORTAL = "danh sách TTHC của Cổng DVC quốc gia"
PROVINCE = "danh sách TTHC của tỉnh"
COLUMNS = {
    "ma so": "code",
    "ma tthc": "code",
    "ma thu tuc": "code",
    "ten": "name",
    "ten tthc": "name",
    "ten thu tuc": "name",
    "co quan ban hanh": "issuer",
    "co quan thuc hien": "agency",
    "linh vuc": "field",
    "muc do dvc": "online_level",
    "muc do": "online_level",
    "quyet dinh": "decision",
}
_HEADER_SCAN = 30  # the title block is a few rows; the header comes before this


@dataclass(frozen=True)
class SheetRow:
    number: int  # as a person sees it in the sheet
    cells: dict[str, object]  # column key -> cell value as read


@dataclass(frozen=True)
class Sheet:
    layout: str
    rows: list[SheetRow]


def looks_like_list(path: Path) -> bool:
    """Whether the first sheet has a list header (so the file is a list, not an export)."""
    try:
        return _header(_records(path)) is not None
    except ImportFileError:
        return False


def read_sheet(path: Path) -> Sheet:
    records = _records(path)
    found = _header(records)
    if found is None:
        raise ImportFileError(
            f"Tệp {path.name}: không thấy dòng tiêu đề của danh sách TTHC "
            "(cần «Mã số»/«Mã TTHC», «Tên»/«Tên TTHC», «Lĩnh vực»)"
        )
    index, columns = found
    layout = PROVINCE if "online_level" in columns.values() else PORTAL
    rows = []
    for offset, record in enumerate(records[index + 1 :], start=index + 2):
        cells = {key: record[col] for col, key in columns.items() if col < len(record)}
        rows.append(SheetRow(offset, cells))
    return Sheet(layout, rows)


def _records(path: Path) -> list[tuple[object, ...]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(f"Tệp {path.name}: không phải bảng tính .xlsx đọc được") from exc
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _header(records: list[tuple[object, ...]]) -> tuple[int, dict[int, str]] | None:
    """(row index, {column index: key}) of the first row naming code, name and field."""
    for index, record in enumerate(records[:_HEADER_SCAN]):
        columns: dict[int, str] = {}
        for col, value in enumerate(record):
            key = COLUMNS.get(fold(value)) if isinstance(value, str) else None
            if key and key not in columns.values():
                columns[col] = key
        if {"code", "name", "field"} <= set(columns.values()):
            return index, columns
    return None
