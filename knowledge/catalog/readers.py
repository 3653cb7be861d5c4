"""Reading a procedure-database export (CSV, JSON or XLSX) into rows of cell text.

Every reader returns one dict per data row, header -> cell text (NFC), with
blank rows kept so that row numbers still match what a person sees in the sheet.
A file that cannot be read at all raises `ImportFileError` with a Vietnamese
message naming the file.
"""

from __future__ import annotations

import csv
import json
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from knowledge.catalog.cells import map_columns


class ImportFileError(ValueError):
    """The export cannot be read at all (format, encoding, layout)."""


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a .csv, .json or .xlsx export as header -> cell text (blank rows kept)."""
    readers = {".csv": _read_csv, ".json": _read_json, ".xlsx": _read_xlsx}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ImportFileError(f"Tệp {path.name}: chỉ nhập được tệp .csv, .json hoặc .xlsx")
    try:
        return reader(path)
    except OSError as exc:
        raise ImportFileError(f"Tệp {path.name}: không mở được ({exc.__class__.__name__})") from exc


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # the BOM Excel writes is dropped
    except UnicodeDecodeError as exc:
        message = f"Tệp {path.name}: không phải UTF-8; hãy lưu lại dạng «CSV UTF-8»"
        raise ImportFileError(message) from exc


def _read_csv(path: Path) -> list[dict[str, str]]:
    text = _read_text(path)
    try:
        # Headers such as "Phí, lệ phí" contain commas, so counting commas on the
        # first line misleads; the delimiter is the one that yields known columns.
        tables = [list(csv.reader(text.splitlines(keepends=True), delimiter=d)) for d in ",;\t"]
    except csv.Error as exc:
        raise ImportFileError(f"Tệp {path.name}: không đọc được dạng CSV ({exc})") from exc
    table = max(tables, key=lambda t: (len(map_columns(t[0] if t else [])), len(t[0]) if t else 0))
    if not table:
        return []
    return _table_rows(path.name, table[0], table[1:])


def _read_json(path: Path) -> list[dict[str, str]]:
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"Tệp {path.name}: JSON lỗi ở dòng {exc.lineno}") from exc
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        message = f'Tệp {path.name}: cần một danh sách đối tượng hoặc {{"data": [...]}}'
        raise ImportFileError(message)
    return [{str(k).strip(): _cell_text(v, path.name) for k, v in item.items()} for item in data]


def _read_xlsx(path: Path) -> list[dict[str, str]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFileError(f"Tệp {path.name}: không phải bảng tính .xlsx đọc được") from exc
    try:
        records = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    while records and not any(_cell_text(v, path.name) for v in records[-1]):
        records.pop()  # sheets often carry formatted but empty rows at the end
    if not records:
        return []
    header = [_cell_text(v, path.name) for v in records[0]]
    # Cells right of the header (a reviewer's notes, say) belong to no column.
    body = [[_cell_text(v, path.name) for v in r[: len(header)]] for r in records[1:]]
    return _table_rows(path.name, header, body)


def _table_rows(
    name: str, header: Sequence[str], body: Iterable[Sequence[str]]
) -> list[dict[str, str]]:
    headers = [unicodedata.normalize("NFC", h).strip() for h in header]
    named = [h for h in headers if h]
    if len(set(named)) != len(named):
        twice = next(h for h in named if named.count(h) > 1)
        raise ImportFileError(f"Tệp {name}: có hai cột cùng tên «{twice}»")
    rows = []
    for number, cells in enumerate(body, start=2):
        extra = [c for c in cells[len(headers) :] if c.strip()]
        if extra:
            raise ImportFileError(f"Tệp {name}: dòng {number} có nhiều ô hơn dòng tiêu đề")
        padded = [*cells, *[""] * (len(headers) - len(cells))][: len(headers)]
        pairs = zip(headers, padded, strict=True)
        rows.append({h: unicodedata.normalize("NFC", c) for h, c in pairs if h})
    return rows


def _cell_text(value: object, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "\n".join(_cell_text(item, name) for item in value)
    if isinstance(value, dict):
        raise ImportFileError(f"Tệp {name}: ô chứa đối tượng lồng nhau, cần văn bản")
    return unicodedata.normalize("NFC", str(value))
