"""Official lists (xlsx) read in place: header under the title block, every oddity by kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from knowledge.catalog.lists.codes import CodeKind, read_code
from knowledge.catalog.lists.entries import (
    NOT_A_PROCEDURE,
    REPEATED,
    TEST_NAME,
    UNTIDY_NAME,
    read_list,
)
from knowledge.catalog.lists.sheet import PORTAL, PROVINCE


@pytest.mark.parametrize(
    ("cell", "raw", "kind", "national"),
    [
        ("1.001193", "1.001193", CodeKind.NATIONAL, "1.001193"),
        ("1.012752.000.00.00.H37", "1.012752.000.00.00.H37", CodeKind.SUFFIXED, "1.012752"),
        (2.000815, "2.000815", CodeKind.NUMBER, "2.000815"),
        (1.00011, "1.000110", CodeKind.NUMBER, "1.000110"),  # six decimals, the last zero too
        ("CCCX_01", "CCCX_01", CodeKind.LOCAL, None),
        ("DLLS_DVCCDM_03", "DLLS_DVCCDM_03", CodeKind.LOCAL, None),
        ("TEST_MOT_CAP", "TEST_MOT_CAP", CodeKind.TEST, None),
        ("2000027.000.00.00.H37", "2000027.000.00.00.H37", CodeKind.MISSING_DOT, "2.000027"),
        ("1.010804000.00.00.H37", "1.010804000.00.00.H37", CodeKind.MISSING_DOT, "1.010804"),
        (
            " 1.010061 .000.00.00.H37",
            "1.010061 .000.00.00.H37",
            CodeKind.MALFORMED_SUFFIX,
            "1.010061",
        ),
        ("2.00223.000.00.00.H37", "2.00223.000.00.00.H37", CodeKind.UNREADABLE, None),
        (None, "", CodeKind.MISSING, None),
    ],
)
def test_codes_are_classified(cell: object, raw: str, kind: str, national: str | None) -> None:
    code = read_code(cell)
    assert (code.raw, code.kind, code.national) == (raw, kind, national)


def test_province_list_oddities_by_kind(national_dir: Path, portal_records: dict[str, Any]) -> None:
    report = read_list(national_dir / "lists" / "lang-son-tinh.xlsx")
    assert report.layout == PROVINCE and report.rows == 1843 and len(report.entries) == 1840
    counts = {kind: len(rows) for kind, rows in report.oddities.items()}
    assert counts == {
        CodeKind.SUFFIXED: 1756,
        REPEATED: 86,
        UNTIDY_NAME: 65,
        CodeKind.LOCAL: 38,
        CodeKind.MALFORMED_SUFFIX: 29,
        CodeKind.MISSING_DOT: 13,
        CodeKind.NUMBER: 2,
        CodeKind.UNREADABLE: 2,
        TEST_NAME: 1,
        CodeKind.TEST: 1,
        NOT_A_PROCEDURE: 1,
    }
    assert report.oddities[TEST_NAME] == [6] and report.oddities[CodeKind.TEST] == [7]
    with_record = [e for e in report.entries if e.national in portal_records]
    # 517 rows carry a code with a full record; one is the test row "Thủ tục test" (2.000815).
    assert len(with_record) == 516 and len({e.national for e in with_record}) == 483
    names = {e.name for e in report.entries}
    assert not any("test" in name.lower() for name in names)
    assert all("\n" not in n and "  " not in n for n in names)
    numeric = [e for e in report.entries if e.code_kind == CodeKind.NUMBER]
    assert [(e.row, e.code) for e in numeric] == [(741, numeric[0].code), (1497, numeric[1].code)]
    assert all(len(e.code.split(".")[1]) == 6 for e in numeric)


def test_portal_export_under_its_title_block(national_dir: Path) -> None:
    report = read_list(national_dir / "lists" / "danh-sach-tthc-BoCongAn.xlsx")
    assert report.layout == PORTAL and report.rows == len(report.entries) == 339
    assert {kind: len(rows) for kind, rows in report.oddities.items()} == {UNTIDY_NAME: 12}
    first = report.entries[0]
    assert (first.row, first.code, first.issuer, first.field) == (
        3,
        "1.015027",
        "Bộ Công an",
        "Chính sách",
    )
    tax = read_list(national_dir / "lists" / "danh-sach-tthc-BoTaiChinh.xlsx")
    several = next(e for e in tax.entries if e.code == "1.115148")
    assert several.agencies == ["Ủy ban nhân dân cấp xã", "Thuế tỉnh, thành phố", "Thuế cơ sở"]
