"""Procedure codes as lists write them, and the national code inside them.

A national code is "d.dddddd" (1.001193). Lists also hold: a province's suffixed
code (1.012752.000.00.00.H37: the national code is its first part), a number in a
numeric cell (2.000815 read as a float: six decimals kept), local codes of the
province's internal procedures (CCCX_01), test rows (TEST_MOT_CAP) and codes typed
wrongly ("2000027.000.00.00.H37", " 1.010061 .000...", "2.00223.000..."). Each is
classified by kind for the report; a national code is only read where it is
unambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NATIONAL = re.compile(r"^\d\.\d{6}$")
_SUFFIXED = re.compile(r"^(\d\.\d{6})\.\d{3}\.\d{2}\.\d{2}\.H\d{2}$")
_NATIONAL_HEAD = re.compile(r"^(\d)\.(\d{6})(?!\d)")
_MISSING_DOT = re.compile(r"^(\d)(\d{6})\.|^(\d)\.(\d{6})\d{3}\.")
_LOCAL = re.compile(r"^[A-Z]{2,}(?:_[A-Z]+)*_\d{1,3}$")


class CodeKind:
    NATIONAL = "mã quốc gia"
    SUFFIXED = "mã của tỉnh (hậu tố sau mã quốc gia)"
    NUMBER = "mã lưu dạng số"
    MALFORMED_SUFFIX = "mã của tỉnh viết sai dạng (đọc được mã quốc gia)"
    MISSING_DOT = "mã thiếu dấu chấm"
    LOCAL = "mã nội bộ của tỉnh"
    TEST = "dòng thử nghiệm"
    UNREADABLE = "mã sai dạng (không đọc được mã quốc gia)"
    MISSING = "thiếu mã"


@dataclass(frozen=True)
class ListedCode:
    raw: str  # as written (a number formatted with six decimals)
    kind: str
    national: str | None  # the national code, when there is one


def read_code(value: object) -> ListedCode:
    """Classify one code cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ListedCode("", CodeKind.MISSING, None)
    if isinstance(value, float | int) and not isinstance(value, bool):
        raw = f"{float(value):.6f}"  # 2.000815 stored as a number: keep all six decimals
        return ListedCode(raw, CodeKind.NUMBER, raw if NATIONAL.match(raw) else None)
    raw = " ".join(str(value).split())
    return _classify(raw)


def _classify(raw: str) -> ListedCode:
    if NATIONAL.match(raw):
        return ListedCode(raw, CodeKind.NATIONAL, raw)
    if match := _SUFFIXED.match(raw):
        return ListedCode(raw, CodeKind.SUFFIXED, match.group(1))
    if raw.upper().startswith("TEST"):
        return ListedCode(raw, CodeKind.TEST, None)
    if _LOCAL.match(raw):
        return ListedCode(raw, CodeKind.LOCAL, None)
    tidy = raw.replace(" ", "").replace(",", ".")
    if match := _NATIONAL_HEAD.match(tidy):
        return ListedCode(raw, CodeKind.MALFORMED_SUFFIX, f"{match.group(1)}.{match.group(2)}")
    if match := _MISSING_DOT.match(tidy):
        digits = [part for part in match.groups() if part]
        return ListedCode(raw, CodeKind.MISSING_DOT, f"{digits[0]}.{digits[1]}")
    return ListedCode(raw, CodeKind.UNREADABLE, None)
