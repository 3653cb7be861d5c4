"""Rows of an official list as list entries, with every oddity counted by kind.

Nothing odd is dropped silently: test rows and rows that are not procedures are
left out and reported; suffixed, numeric and mistyped codes, local codes, names
with line breaks or double spaces and repeated codes are kept and reported.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from knowledge.catalog.lists.codes import CodeKind, ListedCode, read_code
from knowledge.catalog.lists.sheet import read_sheet
from knowledge.catalog.portal.cells import one_line
from knowledge.catalog.portal.people import split_names
from knowledge.text import fold

UNTIDY_NAME = "tên có xuống dòng hoặc khoảng trắng thừa"
REPEATED = "mã lặp lại trong danh sách"
NOT_A_PROCEDURE = "dòng không phải thủ tục (không có mã và tên)"
NO_NAME = "dòng không có tên thủ tục"
NO_FIELD = "dòng không có lĩnh vực"
TEST_NAME = "dòng thử nghiệm (tên)"
_TEST = re.compile(r"\btest\b")
_KEPT_CODE_KINDS = {CodeKind.NATIONAL}  # the usual case: not an oddity


@dataclass(frozen=True)
class ListEntry:
    source: str  # file name
    row: int
    code: str  # as listed
    code_kind: str
    national: str | None
    name: str
    field: str
    agencies: list[str]
    issuer: str | None
    online_level: str | None
    decision: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ListEntry:
        return cls(**data)


@dataclass
class ListReport:
    source: str
    layout: str
    rows: int = 0
    entries: list[ListEntry] = field(default_factory=list)
    oddities: dict[str, list[int]] = field(default_factory=dict)  # kind -> sheet rows

    def note(self, kind: str, row: int) -> None:
        self.oddities.setdefault(kind, []).append(row)


def read_list(path: Path) -> ListReport:
    sheet = read_sheet(path)
    report = ListReport(path.name, sheet.layout)
    seen: set[str] = set()
    for row in sheet.rows:
        cells = row.cells
        if not any(_text(v) for v in cells.values()):
            continue  # a blank row: formatting, not data
        report.rows += 1
        entry = _entry(path.name, row.number, cells, report)
        if entry is None:
            continue
        key = entry.national or entry.code
        if key in seen:
            report.note(REPEATED, row.number)
        seen.add(key)
        report.entries.append(entry)
    return report


def _entry(
    source: str, number: int, cells: dict[str, object], report: ListReport
) -> ListEntry | None:
    code = read_code(cells.get("code"))
    raw_name = _text(cells.get("name"))
    name = one_line(raw_name)
    if code.kind is CodeKind.MISSING and not name:
        report.note(NOT_A_PROCEDURE, number)
        return None
    if code.kind == CodeKind.TEST or _TEST.search(fold(name)):
        report.note(CodeKind.TEST if code.kind == CodeKind.TEST else TEST_NAME, number)
        return None
    if len(name) < 5:
        report.note(NO_NAME, number)
        return None
    if len(one_line(_text(cells.get("field")))) < 2:
        report.note(NO_FIELD, number)
        return None
    if code.kind not in _KEPT_CODE_KINDS:
        report.note(code.kind, number)
    if raw_name.strip() != name:
        report.note(UNTIDY_NAME, number)
    return _build(source, number, code, name, cells)


def _build(
    source: str, number: int, code: ListedCode, name: str, cells: dict[str, object]
) -> ListEntry:
    return ListEntry(
        source=source,
        row=number,
        code=code.raw,
        code_kind=code.kind,
        national=code.national,
        name=name,
        field=one_line(_text(cells.get("field"))),
        agencies=split_names(_text(cells.get("agency")).replace("\n", ", ")),
        issuer=one_line(_text(cells.get("issuer"))) or None,
        online_level=one_line(_text(cells.get("online_level"))) or None,
        decision=one_line(_text(cells.get("decision"))) or None,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value) if not isinstance(value, str) else value
