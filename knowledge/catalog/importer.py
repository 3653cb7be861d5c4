"""Importing procedures from a procedure-database export (CSV, JSON or XLSX).

Exports from the national procedure database (Cơ sở dữ liệu quốc gia về TTHC)
and provincial one-stop systems have one procedure per row under Vietnamese
headers. Each row becomes a `Procedure`; nothing in it is taken as checked
against the legal texts, so every fact field is marked unverified. A file is
imported all or nothing unless the caller asks to skip invalid rows, and the
output is written atomically, so a failed import never leaves a partial file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from knowledge.catalog.models import (
    FACT_FIELDS,
    CopyKind,
    DossierItem,
    Fee,
    LegalBasis,
    Level,
    Online,
    Postal,
    Procedure,
    ProcessingTime,
    Source,
    Verification,
)
from knowledge.catalog.store import BUNDLED_DIR, load_bundled
from knowledge.text import fold, strip_marks


class ImportFileError(ValueError):
    """The export cannot be read at all (format, encoding, layout)."""


class _CellError(ValueError):
    """One cell cannot be understood; the message is the Vietnamese reason."""


@dataclass(frozen=True)
class Rejection:
    row: int  # as a person sees it in the sheet: header = 1, first data row = 2
    field: str  # the Vietnamese column name
    reason: str  # Vietnamese


@dataclass(frozen=True)
class ImportReport:
    imported: list[str]
    rejected: list[Rejection]
    written: Path | None = None


@dataclass(frozen=True)
class Column:
    key: str  # the Procedure field (or agency sub-field) this column fills
    label: str  # the usual Vietnamese header, used when the file lacks the column
    headers: tuple[str, ...]  # accepted headers, folded
    required: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("id", "Mã định danh", ("ma dinh danh", "id"), required=False),
    Column("code", "Mã thủ tục", ("ma thu tuc", "ma tthc", "ma so thu tuc"), required=False),
    Column("name", "Tên thủ tục", ("ten thu tuc", "ten tthc", "ten thu tuc hanh chinh")),
    Column("field", "Lĩnh vực", ("linh vuc", "linh vuc thuc hien")),
    Column("level", "Cấp thực hiện", ("cap thuc hien",)),
    Column("agency", "Cơ quan thực hiện", ("co quan thuc hien", "co quan giai quyet")),
    Column(
        "submit_at",
        "Địa chỉ tiếp nhận",
        (
            "dia chi tiep nhan",
            "dia chi tiep nhan ho so",
            "dia chi tiep nhan hs",
            "noi tiep nhan",
            "noi tiep nhan ho so",
            "noi nop ho so",
            "dia chi tiep nhan noi tiep nhan",
        ),
    ),
    Column("decides", "Cơ quan có thẩm quyền", ("co quan co tham quyen",), required=False),
    Column("dossier", "Thành phần hồ sơ", ("thanh phan ho so", "thanh phan so luong ho so")),
    Column("steps", "Trình tự thực hiện", ("trinh tu thuc hien",)),
    Column(
        "processing_time", "Thời hạn giải quyết", ("thoi han giai quyet", "thoi gian giai quyet")
    ),
    Column("fees", "Phí, lệ phí", ("phi le phi", "le phi", "phi", "muc phi le phi", "le phi phi")),
    Column("legal_basis", "Căn cứ pháp lý", ("can cu phap ly",)),
    Column(
        "conditions",
        "Yêu cầu, điều kiện",
        ("yeu cau dieu kien", "yeu cau dieu kien thuc hien"),
        required=False,
    ),
    Column("result", "Kết quả thực hiện", ("ket qua thuc hien", "ket qua giai quyet", "ket qua")),
    Column(
        "online",
        "Mức độ",
        (
            "muc do",
            "muc do dvc",
            "muc do dich vu cong",
            "dich vu cong truc tuyen",
            "muc do dich vu cong truc tuyen",
            "dvc truc tuyen",
        ),
    ),
    Column("aliases", "Tên gọi khác", ("ten goi khac", "ten khac"), required=False),
)
_BY_KEY = {column.key: column for column in COLUMNS}

# ---------------------------------------------------------------- reading files


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


def map_columns(headers: Iterable[str]) -> dict[str, list[str]]:
    """Known column key -> the file's headers for it, matched without case or diacritics."""
    found: dict[str, list[str]] = {}
    for header in headers:
        folded = fold(header)
        for column in COLUMNS:
            if folded in column.headers:
                found.setdefault(column.key, []).append(header)
    return found


# ---------------------------------------------------------------- parsing cells

_BULLET = re.compile(
    r"^\s*(?:[-–—•·*+>]+|(?:bước|buoc)\s*\d+\s*[:.)–-]?"
    r"|\(?\d{1,2}(?:\.\d{1,2})*[.)](?!\d)|\(?[a-zđ][.)](?=\s))\s*",
    re.IGNORECASE,
)
_AMOUNT = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|vnđ|vnd|đ)(?!\w)", re.IGNORECASE)
_SCALED = re.compile(r"(\d+(?:[.,]\d+)?)\s*(triệu|nghìn|ngàn)(?:\s*đồng)?", re.IGNORECASE)
_WORKING_DAYS = re.compile(r"(\d+(?:[.,]\d+)?)\s*ngay\s+lam\s+viec")
# 60/2014/QH13, 123/2015/NĐ-CP, and provincial decisions without a year: 1234/QĐ-UBND.
_DOC_NUMBER = re.compile(r"\b\d{1,5}/(?:\d{4}/[A-ZĐ][A-ZĐ0-9]*|[A-ZĐ]+(?=-))(?:-[A-ZĐ][A-ZĐ0-9]*)*")
_COUNT_PAREN = re.compile(r"\s*\([^()]*?\b(\d{1,2})\s*(?:bản|ban)\b[^()]*\)", re.IGNORECASE)
_COUNT_WORDS = re.compile(
    r"[\s,;.(]*(?:số lượng|so luong)\s*:?\s*(\d{1,2})[^,;()]*\)?", re.IGNORECASE
)
_CONDITIONAL = ("truong hop", "neu", "doi voi")


def split_items(text: str) -> list[str]:
    """Split a multi-item cell into items without bullets or numbering.

    Items are one per line; a cell on a single line is split on ";" instead,
    so a step that uses ";" inside its sentence is not cut apart.
    """
    parts = text.splitlines() if "\n" in text.strip() else text.split(";")
    items = [_unbullet(part).rstrip(";,").strip() for part in parts]
    return [item for item in items if item]


def _unbullet(line: str) -> str:
    """Drop leading bullets and numbering, also stacked ones such as "- Bước 1: "."""
    previous = None
    while previous != line:
        previous, line = line, _BULLET.sub("", line, count=1).strip()
    return line


def _one_line(text: str) -> str:
    return "; ".join(split_items(text)) if "\n" in text.strip() else " ".join(text.split())


def parse_fee(text: str, name: str = "Phí, lệ phí") -> Fee:
    """A fee cell: the amount when it names exactly one VND amount, 0 when free."""
    original = text.strip()
    label, colon, _ = original.partition(":")
    if colon and fold(label).startswith(("phi", "le phi", "muc thu")) and len(label) <= 80:
        name = label.strip()
    amounts = _amounts(original)
    amount = amounts.pop() if len(amounts) == 1 else None
    if not amounts and amount is None and fold(original).startswith(("khong", "mien")):
        amount = 0
    return Fee(name=name, amount_vnd=amount, note=original)


def _amounts(text: str) -> set[int]:
    scale = {"triệu": 1_000_000, "nghìn": 1_000, "ngàn": 1_000}
    found = {round(float(n.replace(",", ".")) * scale[u.lower()]) for n, u in _SCALED.findall(text)}
    found |= {int(re.sub(r"\D", "", number)) for number in _AMOUNT.findall(_SCALED.sub(" ", text))}
    return found


def parse_processing_time(text: str) -> ProcessingTime:
    """The time limit as written, with the largest "N ngày làm việc" it names."""
    days = _WORKING_DAYS.findall(strip_marks(text).lower())
    working_days = max(float(d.replace(",", ".")) for d in days) if days else None
    return ProcessingTime(text=_one_line(text), working_days=working_days)


def parse_legal_basis(line: str) -> LegalBasis:
    """A legal-basis line with its document number (e.g. 123/2015/NĐ-CP) when present."""
    match = _DOC_NUMBER.search(line)
    return LegalBasis(title=line.strip().rstrip("."), number=match.group(0) if match else None)


def parse_dossier_item(line: str) -> DossierItem:
    """A dossier component: kind and count from its wording; conditional when it says when."""
    kind = _copy_kind(fold(line))
    count = 1
    for pattern in (_COUNT_PAREN, _COUNT_WORDS):
        match = pattern.search(line)
        if match:
            count = int(match.group(1))
            line = pattern.sub("", line, count=1)
    name = line.strip().rstrip(";,.").strip()
    if not fold(name).startswith(_CONDITIONAL):
        return DossierItem(name=name, kind=kind, count=count, form=None, condition=None)
    clause, rest = _split_condition(name)
    return DossierItem(
        name=rest, kind=kind, count=count, form=None, required=False, condition=clause
    )


def _copy_kind(folded: str) -> CopyKind:
    if "ban sao co chung thuc" in folded or "ban sao chung thuc" in folded:
        return CopyKind.CERTIFIED_COPY
    if "xuat trinh" in folded:
        return CopyKind.PRESENT
    if "ban chinh" in folded and "ban sao" in folded:
        return CopyKind.ORIGINAL_OR_COPY
    if "ban sao" in folded:
        return CopyKind.COPY
    return CopyKind.ORIGINAL if "ban chinh" in folded else CopyKind.ORIGINAL_OR_COPY


def _split_condition(line: str) -> tuple[str, str]:
    """'Trường hợp ủy quyền: Văn bản ủy quyền' -> (clause, component)."""
    for separator in (":", ","):
        clause, found, rest = line.partition(separator)
        if found and len(rest.strip()) >= 3:
            rest = rest.strip()
            return clause.strip(), rest[0].upper() + rest[1:]
    return line, line


def parse_level(text: str) -> Level:
    """Cấp thực hiện -> Level; the district level is refused, it no longer exists."""
    padded = f" {fold(text)} "
    if " huyen " in padded or " cap quan " in padded:
        raise _CellError(
            "cấp huyện không còn từ ngày 1/7/2025 (chính quyền địa phương chỉ còn "
            "tỉnh và xã); ghi cấp của cơ quan đang nhận nhiệm vụ này"
        )
    words = {
        Level.PROVINCE: ("tinh",),
        Level.COMMUNE: ("xa", "phuong", "dac khu"),
        Level.CENTRAL: ("trung uong", "bo"),
    }
    found = [level for level, keys in words.items() if any(f" {k} " in padded for k in keys)]
    if len(found) != 1:
        raise _CellError(f"cần đúng một cấp: tỉnh, xã hoặc trung ương (đang ghi «{text.strip()}»)")
    return found[0]


def parse_online(text: str) -> Online:
    """Mức độ / Dịch vụ công trực tuyến -> toàn trình, một phần or không."""
    folded = fold(text)
    rules = (
        (Online.FULL, ("toan trinh", "muc do 4", "4")),
        (Online.PARTIAL, ("mot phan", "muc do 3", "3")),
        (
            Online.NONE,
            ("khong", "muc do 2", "muc do 1", "2", "1", "truc tiep", "thong tin truc tuyen"),
        ),
    )
    for online, keys in rules:
        if any(folded == k or f" {k} " in f" {folded} " for k in keys):
            return online
    raise _CellError(f"không hiểu «{text.strip()}»: cần toàn trình, một phần hoặc không")


def _each(
    parse: Callable[[str], object], keep: Callable[[str], bool] = bool
) -> Callable[[str], list[object]]:
    """Apply a line parser to every kept item of a cell, naming the item that fails."""

    def parse_all(text: str) -> list[object]:
        parsed = []
        for number, item in enumerate(filter(keep, split_items(text)), start=1):
            try:
                parsed.append(parse(item))
            except ValidationError as exc:
                raise _CellError(f"mục {number}: {_describe(exc.errors()[0])}") from exc
        return parsed

    return parse_all


def _is_component(item: str) -> bool:
    """Headings ("Hồ sơ gồm:") and dossier totals ("Số lượng hồ sơ: 01 bộ") are not components."""
    return not item.endswith(":") and not fold(item).startswith("so luong ho so")


def _conditions(text: str) -> list[str]:
    return [] if fold(text) in ("khong", "khong co", "khong quy dinh") else split_items(text)


def _aliases(text: str) -> list[str]:
    unique: dict[str, str] = {}
    for alias in split_items(text):
        unique.setdefault(alias.lower(), alias)
    return list(unique.values())


_PARSERS: dict[str, Callable[[str], object]] = {
    "level": parse_level,
    "online": parse_online,
    "dossier": _each(parse_dossier_item, _is_component),
    "steps": split_items,
    "processing_time": parse_processing_time,
    "legal_basis": _each(parse_legal_basis),
    "conditions": _conditions,
    "aliases": _aliases,
}

# ---------------------------------------------------------------- rows to procedures

_MESSAGES = {
    "missing": "thiếu giá trị",
    "string_too_short": "quá ngắn (cần ít nhất {min_length} ký tự)",
    "too_short": "cần ít nhất {min_length} mục",
    "string_pattern_mismatch": "sai dạng mã: chữ thường không dấu, số, gạch nối và dấu chấm "
    "(ví dụ ho-tich.khai-sinh)",
    "greater_than_equal": "phải từ {ge} trở lên",
    "less_than_equal": "không được quá {le}",
}
_AGENCY_KEYS = {"name": "agency", "submit_at": "submit_at", "decides": "decides"}
_FILLER = {"cho", "va", "cua", "tai", "ve", "theo", "doi", "voi", "tu", "o", "trong", "tren"}


def _describe(error: ErrorDetails) -> str:
    """A pydantic error in Vietnamese (the schema's own validators already speak it)."""
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    template = _MESSAGES.get(error["type"], "giá trị không hợp lệ")
    return template.format(**error.get("ctx", {}))


def _column_of(loc: tuple[int | str, ...]) -> str:
    """The column key behind an error location; model-level errors concern the agency."""
    if not loc:
        return "agency"
    if loc[0] == "agency":
        return _AGENCY_KEYS.get(str(loc[1]), "agency") if len(loc) > 1 else "agency"
    return str(loc[0])


class _Ids:
    """Ids in use (bundled catalog, other imports, earlier rows) and derivation of new ones."""

    def __init__(self, taken: dict[str, str], reserved: set[str]) -> None:
        self._taken = taken  # id -> where it is used, in Vietnamese
        self._reserved = reserved  # explicit ids of this file, kept free for their own rows

    def claim(self, procedure_id: str, row: int) -> str | None:
        """Take an explicit id; the reason it cannot be taken, if so."""
        where = self._taken.get(procedure_id)
        if where is not None:
            return f"mã «{procedure_id}» trùng với {where}"
        self._taken[procedure_id] = f"dòng {row}"
        return None

    def derive(self, field_name: str, name: str, row: int) -> str:
        """`<field slug>.<name slug>`, with -2, -3... when already used."""
        base = f"{_slug(field_name, 24)}.{_slug(name, 32)}"
        candidate, suffix = base, 1
        while candidate in self._taken or candidate in self._reserved:
            suffix += 1
            candidate = f"{base}-{suffix}"
        self._taken[candidate] = f"dòng {row}"
        return candidate


def _slug(text: str, limit: int) -> str:
    """Folded words up to `limit` characters, cut before commas and brackets."""
    words = fold(re.split(r"[,(;:]", text)[0]).split() or fold(text).split()
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1] in _FILLER:
        kept.pop()
    return "-".join(kept) or (words[0][:limit] if words else "thu-tuc")


def _parse_row(
    row: dict[str, str], columns: dict[str, list[str]], errors: dict[str, str]
) -> dict[str, object]:
    """Parsed values by column key; a missing or unreadable cell goes into `errors`."""
    values: dict[str, object] = {}
    for column in COLUMNS:
        headers = columns.get(column.key, [])
        filled = [(h, row.get(h, "").strip()) for h in headers if row.get(h, "").strip()]
        if not filled:
            if column.required:
                errors[column.key] = "thiếu giá trị" if headers else "tệp không có cột này"
            continue
        try:
            if column.key == "fees":  # "Phí" and "Lệ phí" may be separate columns
                values["fees"] = [parse_fee(text, header) for header, text in filled]
            else:
                values[column.key] = _PARSERS.get(column.key, _one_line)(filled[0][1])
        except _CellError as exc:
            errors[column.key] = str(exc)
        except ValidationError as exc:
            errors[column.key] = _describe(exc.errors()[0])
    return values


def _payload(
    values: dict[str, object], procedure_id: str | None, row: int, source: str
) -> dict[str, object]:
    """The Procedure fields: parsed values plus honest defaults for what an export lacks."""
    payload = {k: v for k, v in values.items() if k not in ("id", *_AGENCY_KEYS.values())}
    agency = {sub: values[key] for sub, key in _AGENCY_KEYS.items() if key in values}
    verification = Verification(
        verified=[],
        unverified=list(FACT_FIELDS),
        checked_against=f"Tệp xuất {source}",
        note="Nhập tự động, chưa đối chiếu văn bản",
    )
    return {
        **payload,
        "id": procedure_id,
        "agency": agency,
        "location_independent": False,
        "postal": Postal(receive=False, deliver=False),
        "sources": [Source(title=f"Nhập từ tệp {source}, dòng {row}")],
        "verified": verification,
        "updated": dt.date.today(),
    }


def _procedure(
    row: dict[str, str],
    number: int,
    columns: dict[str, list[str]],
    ids: _Ids,
    source: str,
) -> tuple[Procedure | None, dict[str, str]]:
    """One row as a Procedure, or None with the reasons by column key."""
    errors: dict[str, str] = {}
    values = _parse_row(row, columns, errors)
    procedure_id = None
    if isinstance(values.get("id"), str):
        procedure_id = str(values["id"])
        reason = ids.claim(procedure_id, number)
        if reason:
            errors["id"] = reason
    elif isinstance(values.get("field"), str) and isinstance(values.get("name"), str):
        procedure_id = ids.derive(str(values["field"]), str(values["name"]), number)
    try:
        procedure = Procedure.model_validate(_payload(values, procedure_id, number, source))
    except ValidationError as exc:
        for error in exc.errors():
            key = _column_of(error["loc"])
            # A value that is absent was already reported (or was optional and is derived).
            if key not in errors and (key in values or key not in _BY_KEY):
                items = [p for p in error["loc"] if isinstance(p, int)]
                prefix = f"mục {items[0] + 1}: " if items else ""
                errors[key] = prefix + _describe(error)
        procedure = None
    return (procedure if not errors else None), errors


def _label(key: str, columns: dict[str, list[str]]) -> str:
    """The column name a person sees: the file's own header, else the usual one."""
    if key in columns:
        return columns[key][0]
    return _BY_KEY[key].label if key in _BY_KEY else key


def _convert(
    rows: list[dict[str, str]],
    columns: dict[str, list[str]],
    ids: _Ids,
    source: str,
) -> tuple[list[Procedure], list[Rejection]]:
    order = {column.key: index for index, column in enumerate(COLUMNS)}
    procedures: list[Procedure] = []
    rejected: list[Rejection] = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row.values()):
            continue  # blank rows still count, so row numbers match the sheet
        procedure, errors = _procedure(row, number, columns, ids, source)
        for key in sorted(errors, key=lambda k: order.get(k, len(order))):
            rejected.append(Rejection(row=number, field=_label(key, columns), reason=errors[key]))
        if procedure is not None:
            procedures.append(procedure)
    return procedures, rejected


# ---------------------------------------------------------------- importing a file


def import_file(path: Path, into: Path, *, skip_invalid: bool = False) -> ImportReport:
    """Import an export into `into/<file stem>.yaml`; all or nothing unless skip_invalid."""
    rows = read_rows(path)
    if not any(cell.strip() for row in rows for cell in row.values()):
        raise ImportFileError(f"Tệp {path.name}: không có dòng dữ liệu nào")
    columns = map_columns(dict.fromkeys(header for row in rows for header in row))
    if not columns:
        raise ImportFileError(
            f"Tệp {path.name}: không nhận ra cột nào (cần các cột như "
            "«Tên thủ tục», «Lĩnh vực», «Cấp thực hiện»)"
        )
    if into.resolve() == BUNDLED_DIR.resolve():
        raise ImportFileError("Không nhập vào thư mục danh mục có sẵn; hãy chọn thư mục khác")
    target = into / f"{path.stem}.yaml"
    explicit = {_one_line(row.get(h, "")) for row in rows for h in columns.get("id", [])}
    ids = _Ids(_ids_in_use(into, target), explicit - {""})
    procedures, rejected = _convert(rows, columns, ids, path.name)
    if not procedures or (rejected and not skip_invalid):
        return ImportReport(imported=[], rejected=rejected)
    _write_atomically(procedures, target, path.name)
    return ImportReport(imported=[p.id for p in procedures], rejected=rejected, written=target)


def _ids_in_use(into: Path, target: Path) -> dict[str, str]:
    """Ids a new entry may not take: other imported files, then the bundled catalog."""
    taken: dict[str, str] = {}
    for other in sorted(into.glob("*.yaml")) if into.is_dir() else []:
        if other.name == target.name:
            continue  # re-importing the same export replaces that file
        try:
            entries = yaml.safe_load(other.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # the loader reports a broken file on its own
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                taken[entry["id"]] = f"thủ tục đã nhập trong tệp {other.name}"
    taken.update(dict.fromkeys(load_bundled().ids(), "một thủ tục có sẵn trong danh mục"))
    return taken


def _write_atomically(procedures: list[Procedure], target: Path, source: str) -> None:
    """Write the YAML list beside the target, then rename it into place."""
    entries = [p.model_dump(mode="json", exclude_none=True) for p in procedures]
    text = f"# Nhập tự động từ {source}; chưa đối chiếu văn bản.\n" + yaml.safe_dump(
        entries, allow_unicode=True, sort_keys=False
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name does not end in .yaml, so a loader never picks it up.
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def format_report(report: ImportReport) -> str:
    """The report as Vietnamese lines, one per rejection, then a summary line."""
    lines = [f"Dòng {r.row}, cột «{r.field}»: {r.reason}" for r in report.rejected]
    bad_rows = len({r.row for r in report.rejected})
    if report.written is not None:
        skipped = f"; bỏ qua {bad_rows} dòng có lỗi" if bad_rows else ""
        lines.append(f"Đã nhập {len(report.imported)} thủ tục vào {report.written}{skipped}.")
    elif bad_rows:
        lines.append(
            f"Không ghi tệp nào: {bad_rows} dòng có lỗi. Sửa các dòng trên rồi nhập lại, "
            "hoặc dùng --skip-invalid để chỉ nhập các dòng hợp lệ."
        )
    else:
        lines.append("Không có thủ tục nào để nhập.")
    return "\n".join(lines)
