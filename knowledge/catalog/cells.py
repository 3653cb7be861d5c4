"""Columns of a procedure-database export and the parsers of their cells.

`COLUMNS` names the Vietnamese headers each `Procedure` field is read from;
`map_columns` matches a file's headers to them without case or diacritics. The
parsers turn one cell's text into schema values and raise `CellError` with the
Vietnamese reason when a cell cannot be understood.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from knowledge.catalog.models import (
    CopyKind,
    DossierItem,
    Fee,
    LegalBasis,
    Level,
    Online,
    ProcessingTime,
)
from knowledge.text import fold, strip_marks


class CellError(ValueError):
    """One cell cannot be understood; the message is the Vietnamese reason."""


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


def one_line(text: str) -> str:
    """A cell as one line: multi-line items joined with "; ", spaces collapsed."""
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
    return ProcessingTime(text=one_line(text), working_days=working_days)


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
        raise CellError(
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
        raise CellError(f"cần đúng một cấp: tỉnh, xã hoặc trung ương (đang ghi «{text.strip()}»)")
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
    raise CellError(f"không hiểu «{text.strip()}»: cần toàn trình, một phần hoặc không")


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
                raise CellError(f"mục {number}: {describe_error(exc.errors()[0])}") from exc
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


_MESSAGES = {
    "missing": "thiếu giá trị",
    "string_too_short": "quá ngắn (cần ít nhất {min_length} ký tự)",
    "too_short": "cần ít nhất {min_length} mục",
    "string_pattern_mismatch": "sai dạng mã: chữ thường không dấu, số, gạch nối và dấu chấm "
    "(ví dụ ho-tich.khai-sinh)",
    "greater_than_equal": "phải từ {ge} trở lên",
    "less_than_equal": "không được quá {le}",
}


def describe_error(error: ErrorDetails) -> str:
    """A pydantic error in Vietnamese (the schema's own validators already speak it)."""
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    template = _MESSAGES.get(error["type"], "giá trị không hợp lệ")
    return template.format(**error.get("ctx", {}))


def parse_cell(key: str, text: str) -> object:
    """The value of one non-empty cell of column `key` (fees are parsed per column)."""
    return _PARSERS.get(key, one_line)(text)
