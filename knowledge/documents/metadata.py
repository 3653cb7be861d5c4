"""A plan document's identity, read from its header: kind, number, issuer, place, date.

Vietnamese administrative documents open with a fixed header (Nghị định 30/2020/NĐ-CP):
the issuing body on the left, the national motto on the right, then the number line
"Số: 68/KH-SCT        Gia Lai, ngày 31 tháng 7 năm 2023", then the kind ("KẾ HOẠCH")
and the summary. OCR garbles the vowels but mostly keeps digits, capitals and
consonants, so each part is read only where it is confident:

- number, kind and issuer code from the number line ("68/KH-SCT"); a number that is
  not all digits ("W4", "120,1") is unreadable and left out rather than guessed;
- the place after the code, matched to a province (knowledge/documents/provinces.py);
- the date "ngày D tháng M năm YYYY", only when all three parts are numbers;
- without a number line, the kind and the department are looked for in the first
  lines repaired against the catalog's syllables ("sd c6ng thuong" -> "so cong thuong"),
  the province after the first "tỉnh" that names one.

    info = read_header("004_481bc68ca49afa68.txt", lines, repair)
    info.label  # "Kế hoạch 68/KH-SCT, Sở Công Thương Gia Lai, 31/7/2023"
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.documents.provinces import match_province
from knowledge.ocr import SyllableRepair
from knowledge.text import fold

HEADER_LINES = 16  # non-empty lines that hold the header, and the title before the body
NUMBER_LINE_WITHIN = 6

KINDS = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "QD": "Quyết định",
    "CV": "Công văn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "HD": "Hướng dẫn",
}
# Issuing bodies by the code after the kind ("KH-SCT"); "{place}" is the province.
ISSUERS = {
    "UBND": "UBND tỉnh {place}",
    "SCT": "Sở Công Thương {place}",
    "SKHCN": "Sở Khoa học và Công nghệ {place}",
    "STP": "Sở Tư pháp {place}",
    "SNV": "Sở Nội vụ {place}",
    "STC": "Sở Tài chính {place}",
    "SYT": "Sở Y tế {place}",
    "SXD": "Sở Xây dựng {place}",
    "SGDĐT": "Sở Giáo dục và Đào tạo {place}",
    "SGDDT": "Sở Giáo dục và Đào tạo {place}",
    "STNMT": "Sở Tài nguyên và Môi trường {place}",
    "SNNMT": "Sở Nông nghiệp và Môi trường {place}",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch {place}",
    "SGTVT": "Sở Giao thông vận tải {place}",
    "SKHĐT": "Sở Kế hoạch và Đầu tư {place}",
    "SKHDT": "Sở Kế hoạch và Đầu tư {place}",
    "STTTT": "Sở Thông tin và Truyền thông {place}",
    "SLĐTBXH": "Sở Lao động - Thương binh và Xã hội {place}",
    "VPUBND": "Văn phòng UBND tỉnh {place}",
}
# "Số: 68 /KH-SCT Gia Lai, ngày 31 tháng 7 năm 2023" as OCR gives it ("S6:", "Sé:", "36:").
_NUMBER_LINE = re.compile(
    r"^\W*\w{1,3}\s*:\s*(?P<number>[\w,.]+)\s*/\s*(?P<kind>[A-ZĐ]{2,3})\s*[-–]\s*"
    r"(?P<org>[A-ZĐ]{2,9})\b(?P<rest>.*)$"
)
_DATE = re.compile(r"\bng\w{1,3}\s+(\d{1,2})\s+th\w{1,4}\s+(\d{1,2})\s+n\w{1,3}\s+(\d{4})\b")
_TITLE_KINDS = {fold(name): name for name in dict.fromkeys(KINDS.values())}
# "Sở Công Thương xây dựng kế hoạch ..." with the vowels OCR'd away ("k6 hopch").
_BUILDS_PLAN = re.compile(r"\b(?:xay dung|ban hanh) k\w{0,2} ho\w{0,3}ch\b")


@dataclass(frozen=True)
class DocumentInfo:
    """What a plan is, as far as its scanned header can be read; None where it cannot."""

    source: str
    kind: str | None = None
    number: str | None = None  # "68/KH-SCT"; "…/KH-UBND" when the digits are unreadable
    issuer: str | None = None
    place: str | None = None
    date: str | None = None  # ISO "2023-07-31"

    @property
    def label(self) -> str | None:
        """ "Kế hoạch 68/KH-SCT, Sở Công Thương Gia Lai, 31/7/2023", or None when nothing of
        the header could be read."""
        head = " ".join(p for p in (self.kind, self.number) if p)
        parts = [p for p in (head, self.issuer, _day(self.date)) if p]
        return ", ".join(parts) or None


def _day(iso: str | None) -> str | None:
    if iso is None:
        return None
    year, month, day = (int(p) for p in iso.split("-"))
    return f"{day}/{month}/{year}"


def _date(folded: str) -> str | None:
    match = _DATE.search(folded)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _place_before_date(rest: str) -> str | None:
    """The province named between the issuer code and ", ngày ..."."""
    place = fold(rest.split(",")[0])
    return match_province(place)


def _issuer(org: str | None, place: str | None) -> str | None:
    if org is None:
        return None
    template = ISSUERS.get(org, f"{org} {{place}}")
    return template.format(place=place or "").strip()


def _number_line(lines: Sequence[str]) -> re.Match[str] | None:
    for line in lines[:NUMBER_LINE_WITHIN]:
        match = _NUMBER_LINE.match(line.strip())
        if match:
            return match
    return None


def _kind(folded: Sequence[str], repaired: str) -> str | None:
    """A title line that is a kind ("KE HOACH"), or "... xây dựng kế hoạch" in the text."""
    for line in folded:
        if line.strip() in _TITLE_KINDS:
            return _TITLE_KINDS[line.strip()]
    return "Kế hoạch" if _BUILDS_PLAN.search(repaired) else None


def _agency(repaired: str) -> str | None:
    """A department (Sở ...) named in the repaired header text."""
    for template in ISSUERS.values():
        name = template.format(place="").strip()
        if name.startswith("Sở") and f" {fold(name)} " in f" {repaired} ":
            return name
    return None


def _province(folded: Sequence[str]) -> str | None:
    """The first "tỉnh <province>" of the header (OCR'd text, not repaired: repair
    turns unknown place names into common words)."""
    for match in re.finditer(r"\btinh ((?:\S+ ?){1,4})", " ".join(folded)):
        place = match_province(match.group(1))
        if place:
            return place
    return None


def read_header(
    source: str, lines: Sequence[str], repair: SyllableRepair | None = None
) -> DocumentInfo:
    """The document's identity from its first lines (see the module docstring)."""
    header = [line for line in lines if line.strip()][:HEADER_LINES]
    folded = [fold(line) for line in header]
    repaired = " ".join(repair.text(f) if repair else f for f in folded)
    match = _number_line(header)
    if match is None:
        agency, province = _agency(repaired), _province(folded)
        issuer = f"{agency} {province}" if agency and province else agency
        return DocumentInfo(source, _kind(folded, repaired), None, issuer, province)
    code = match["kind"].upper()
    digits = match["number"] if match["number"].isdigit() else "…"
    place = _place_before_date(match["rest"]) or _province(folded)
    return DocumentInfo(
        source,
        KINDS.get(code) or _kind(folded, repaired),
        f"{digits}/{code}-{match['org']}",
        _issuer(match["org"], place),
        place,
        _date(fold(match["rest"])),
    )
