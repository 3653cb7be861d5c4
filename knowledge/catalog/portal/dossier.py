"""The "Thành phần hồ sơ" tables: groups of components, each with form and count.

The capture runs everything together. Each group is a heading, the header cells
"Tên giấy tờMẫu đơn, tờ khaiSố lượng", then rows of name + form file + count:

    * Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Tờ khai ...Mẫu số 01.docx1 bản
    chính- Giấy chứng sinh ...1 bản chính,1 bản sao* Giấy tờ phải xuất trình:Tên giấy tờ...

The count cell ("1 bản chính", "0 bản chính,1 bản sao") ends a row; what follows the
last count of a table is the next group's heading. A count inside a sentence
("nộp 02 bản chính tờ khai") is not a cell: cells have no leading zero and are not
followed by a space and a lower-case word. When digits run into a count ("theo Mẫu
số 181 bản chính") the count is the last digit: no real count cell reaches 10.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from knowledge.catalog.portal.cells import is_empty, one_line
from knowledge.catalog.portal.forms import split_form
from knowledge.text import fold

HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
_COUNT = re.compile(
    r"(\d+)\s?bản chính(?:,\s?(\d+)\s?bản sao)?"
    r"|Bản chính\s?:\s?(\d+)(?:[,;]?\s*Bản sao\s?:\s?(\d+))?|Bản sao\s?:\s?(\d+)"
)
_LEADING_MARK = re.compile(
    r"^\s*(?:[-–+*•\uf0fc\uf0d8]+|\(?[0-9]{1,2}(?:\.[0-9]{1,2})*[.)/]|\(?[a-zđ][.)]|\(?[ivx]{1,4}\))\s*",
    re.IGNORECASE,
)
_CASE_WORDS = ("truong hop", "doi voi", "neu ", "khi ")


class GroupRole(StrEnum):
    GENERAL = "chung"  # applies to everyone
    SUBMIT = "nộp"  # "Giấy tờ phải nộp"
    PRESENT = "xuất trình"  # "Giấy tờ phải xuất trình"
    CASE = "trường hợp"  # applies only in the case its heading names
    NOTE = "lưu ý"  # "Lưu ý": explanations


@dataclass(frozen=True)
class Row:
    name: str
    form: str | None
    originals: int | None
    copies: int | None


@dataclass
class Group:
    heading: str | None
    role: GroupRole
    rows: list[Row] = field(default_factory=list)


@dataclass
class DossierTable:
    groups: list[Group] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_dossier(text: str, procedure_name: str = "") -> DossierTable:
    """Groups and rows of the section; a section without the table header has none.

    A heading names a case when it says so ("Trường hợp...", "Đối với...", "Khi..."),
    when two or more headings are numbered ("(1) ...", "a) ..."), or when it names a
    variant of the procedure itself ("Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền
    sở hữu của mình" in "Đăng ký thường trú"). Other headings describe, and apply to all.
    """
    table = DossierTable()
    if HEADER not in text:
        if not is_empty(text.strip("-")):
            table.notes.append("thành phần hồ sơ không có dạng bảng")
        return table
    segments = text.split(HEADER)
    heading = segments[0]
    raw: list[tuple[str, list[Row]]] = []
    for index, segment in enumerate(segments[1:], start=1):
        rows, tail = _rows(segment)
        last = index == len(segments) - 1
        if last and not is_empty(tail):
            rows.append(_row(tail, None))  # a last component whose count cell is empty
            table.notes.append("thành phần cuối không ghi số lượng")
        raw.append((heading, rows))
        heading = tail
    numbered = _enumerated_cases(raw)
    own = _core_name(procedure_name)
    table.groups = [_group(h, rows, numbered, own) for h, rows in raw]
    return table


def _rows(segment: str) -> tuple[list[Row], str]:
    """The rows of one table and the text after its last count (the next heading)."""
    rows: list[Row] = []
    start = 0
    for match in _COUNT.finditer(segment):
        if not _is_cell(segment, match):
            continue
        digits = match.group(1) or ""
        name_end = match.start() + max(len(digits) - 1, 0)  # "Mẫu số 181 bản chính": 18 | 1
        row = _row(segment[start:name_end], _counts(match))
        if row.name:  # a count cell with no name beside it says nothing to bring
            rows.append(row)
        start = match.end()
    return rows, segment[start:]


def _is_cell(text: str, match: re.Match[str]) -> bool:
    digits = match.group(1)
    if digits and len(digits) >= 2 and digits.startswith("0"):
        return False  # "nộp 02 bản chính": a count written in a sentence
    after = text[match.end() : match.end() + 2]
    return not (len(after) == 2 and after[0] == " " and after[1].islower())


def _counts(match: re.Match[str]) -> tuple[int | None, int | None]:
    originals, copies, o2, c2, c3 = match.groups()
    if originals is not None:
        return int(originals[-1]), int(copies[-1]) if copies else None
    if o2 is not None:
        return int(o2), int(c2) if c2 else None
    return None, int(c3)


def _row(text: str, counts: tuple[int | None, int | None] | None) -> Row:
    name, form = split_form(text)
    originals, copies = counts or (None, None)
    return Row(name=_component_name(name), form=form, originals=originals, copies=copies)


def _component_name(text: str) -> str:
    """The name as captured, without list bullets and trailing separators."""
    name = one_line(text)
    name = re.sub(r"^[-–+*•\uf0fc\uf0d8\s]+", "", name)
    return name.rstrip(" ;,").strip()


def _enumerated_cases(raw: list[tuple[str, list[Row]]]) -> bool:
    """Numbered headings ("(1) ...", "a) ...") are cases when two or more groups have one."""
    numbered = [h for h, _ in raw if _LEADING_MARK.match(one_line(h)) and _has_words(h)]
    return len(numbered) >= 2


def _has_words(heading: str) -> bool:
    return len(fold(heading).split()) >= 2


def _core_name(name: str) -> str:
    """The procedure's name as a heading would repeat it: folded, without "Thủ tục"."""
    folded = fold(re.sub(r"\([^)]*\)", " ", name))
    return folded.removeprefix("thu tuc ").strip() if len(folded.split()) >= 2 else ""


def _group(heading: str, rows: list[Row], numbered_cases: bool, own: str) -> Group:
    text = one_line(heading).strip()
    if is_empty(text.strip("-")):
        return Group(None, GroupRole.GENERAL, rows)
    role = _role(text, numbered_cases)
    if role is GroupRole.GENERAL and own and own in fold(text):
        role = GroupRole.CASE  # a variant of the procedure itself
    return Group(text, role, rows)


def _role(heading: str, numbered_cases: bool) -> GroupRole:
    bare = fold(_LEADING_MARK.sub("", heading))
    folded = fold(heading)
    if "giay to phai xuat trinh" in folded or bare.startswith("xuat trinh"):
        return GroupRole.PRESENT
    if "giay to phai nop" in folded:
        return GroupRole.SUBMIT
    if bare.startswith("luu y"):
        return GroupRole.NOTE
    if bare.startswith(_CASE_WORDS) or (numbered_cases and _LEADING_MARK.match(heading)):
        return GroupRole.CASE
    return GroupRole.GENERAL
