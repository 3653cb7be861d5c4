"""Task records from item blocks, flattened tables, "Tổ chức thực hiện" and .docx tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from knowledge.documents import TaskRecord, extract_tasks, load_tasks, read_lines
from knowledge.text import fold

ITEM_BLOCK = """II. NHIEM VU VA GIAI PHAP
1.1. Tieu chi “Cong khai TTHC”
a) Muc tieu, yeu cau: Cong khai 100% TTHC.
b) Nhiem vu, giai phap: Van phong cap nhat danh muc TTHC.
c¢) Phan cong trach nhiem
- Co quan phu trach: Van phong.
- Co quan phoi hop/thuc hien: Cac phong, don vi thuoc So.
d) Thoi gian thuc hien/hoan thanh: Trong nam 2023
1.2. Tieu chi “Ty le ho so truc tuyen”
c) Phan cong trach nhiem
- Co quan chu tri: Van phong""".splitlines()

FLAT_TABLE = """PHU LUC NHIEM VU
TT Noi dung nhiem vu Don vi chu tri Don vi phoi hop Thoi gian hoan thanh San pham
1

Ban hanh ke hoach trien khai thuc hien
de an doi moi co che mot cua
Van phong So
Cac phong,
don vi truc thuoc
Nam 2021 va
cac nam tiep theo
Ke hoach, van ban
2

So hoa ket qua giai quyet TTHC
Cac phong chuyen mon
Van phong So
Thuong xuyen
- Ho so duoc so hoa""".splitlines()

DUTIES = """II. NHIEM VU
- So Khoa hoc va Cong nghe chu tri, phoi hop voi cac co quan, don vi lien quan dam bao he thong.
IV. TO CHUC THUC HIEN
1. So Noi vu
- Xay dung, trinh UBND tinh ban hanh Ke hoach so hoa, hoan thanh trong thang 8/2021.
2. So Thong tin va Truyen thong
- Chu tri, phoi hop voi Van phong UBND tinh va cac co quan co lien quan trien khai ki-ot.
- Van phong So phoi hop voi Trung tam Phuc vu hanh chinh cong cap nhat du lieu.
3. Van phong UBND tinh
a) Tong hop bao cao Chu tich UBND tinh ket qua hang tuan.
b) Theo doi, don doc cac so, nganh.
Tren day la Ke hoach thuc hien co che mot cua.""".splitlines()


def fields(record: TaskRecord) -> tuple[object, ...]:
    return (
        record.start_line,
        record.end_line,
        record.lead,
        record.cooperate,
        record.deadline,
        record.product,
    )


def test_item_block_with_labels() -> None:
    first, second = extract_tasks("khoi.txt", ITEM_BLOCK)
    assert fields(first) == (
        2,
        8,
        "Van phong",
        "Cac phong, don vi thuoc So",
        "Trong nam 2023",
        "Cong khai 100% TTHC",
    )
    assert first.content == "Tieu chi “Cong khai TTHC”: Van phong cap nhat danh muc TTHC."
    assert fields(second) == (9, 11, "Van phong", None, None, None)
    assert first.source == "khoi.txt"


def test_flattened_table_rows() -> None:
    first, second = extract_tasks("bang.txt", FLAT_TABLE)
    assert fields(first) == (
        3,
        12,
        "Van phong So",
        "Cac phong, don vi truc thuoc",
        "Nam 2021 va cac nam tiep theo",
        "Ke hoach, van ban",
    )
    assert first.content == "Ban hanh ke hoach trien khai thuc hien de an doi moi co che mot cua"
    assert fields(second) == (
        13,
        19,
        "Cac phong chuyen mon",
        "Van phong So",
        "Thuong xuyen",
        "- Ho so duoc so hoa",
    )


def test_duties_of_each_unit_and_inline_assignments() -> None:
    records = extract_tasks("to-chuc.txt", DUTIES)
    assert [fields(r) for r in records] == [
        (2, 2, "So Khoa hoc va Cong nghe", "cac co quan, don vi lien quan", None, None),
        (5, 5, "So Noi vu", None, "hoan thanh trong thang 8/2021", None),
        (
            7,
            7,
            "So Thong tin va Truyen thong",
            "Van phong UBND tinh va cac co quan co lien quan",
            None,
            None,
        ),
        (8, 8, "Van phong So", "Trung tam Phuc vu hanh chinh cong", None, None),
        (10, 10, "Van phong UBND tinh", None, "hang tuan", None),
        (11, 11, "Van phong UBND tinh", None, None, None),
    ]
    assert records[1].content.startswith("Xay dung, trinh UBND tinh")
    assert all("Tren day" not in r.content for r in records)


def test_docx_task_table_end_to_end(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("I. NHIỆM VỤ CỤ THỂ")
    table = document.add_table(rows=3, cols=6)
    rows = [
        ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"],
        [
            "1",
            "Số hóa hồ sơ TTHC",
            "Văn phòng Sở",
            "Các phòng chuyên môn",
            "Quý III năm 2025",
            "Hồ sơ được số hóa",
        ],
        ["2", "Niêm yết công khai TTHC", "Các phòng", "", "Thường xuyên", ""],
    ]
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("1. Văn phòng Sở")
    document.add_paragraph("- Tổng hợp báo cáo kết quả hằng quý.")
    path = tmp_path / "ke-hoach.docx"
    document.save(str(path))

    records = extract_tasks(path.name, read_lines(path))
    assert [
        (r.start_line, r.content, r.lead, r.cooperate, r.deadline, r.product) for r in records
    ] == [
        (
            3,
            "Số hóa hồ sơ TTHC",
            "Văn phòng Sở",
            "Các phòng chuyên môn",
            "Quý III năm 2025",
            "Hồ sơ được số hóa",
        ),
        (4, "Niêm yết công khai TTHC", "Các phòng", None, "Thường xuyên", None),
        (7, "Tổng hợp báo cáo kết quả hằng quý.", "Văn phòng Sở", None, "hằng quý", None),
    ]


def test_a_plan_without_assignments_has_no_tasks() -> None:
    lines = ["I. MUC TIEU", "1. Muc tieu chung", "Nang cao chat luong."]
    assert extract_tasks("x.txt", lines) == []


# The five real plans -------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(plans_dir: Path) -> list[TaskRecord]:
    return load_tasks([plans_dir])


def find(corpus: list[TaskRecord], source: str, start: int) -> TaskRecord:
    return next(r for r in corpus if r.source.startswith(source) and r.start_line == start)


# Lead and partner names that stand for the OCR'd cells of An Giang's interleaved table.
PROPER_NAMES = {
    "Văn phòng Sở",
    "Phòng Phát triển Công nghệ và Chuyển đổi số",
    "Thanh tra Sở",
    "Các phòng và đơn vị trực thuộc",
}


def within(value: str, text: str) -> bool:
    """Every word of the value occurs, in order, in the text (both folded)."""
    words = iter(fold(text).split())
    return all(word in words for word in fold(value).split())


def test_every_record_is_read_from_its_lines(corpus: list[TaskRecord], plans_dir: Path) -> None:
    assert {r.source for r in corpus} == {p.name for p in plans_dir.glob("*.txt")}
    for record in corpus:
        lines = read_lines(plans_dir / record.source)
        assert 1 <= record.start_line <= record.end_line <= len(lines)
        window = " ".join(lines[record.start_line - 1 : record.end_line])
        assert record.content and record.lead
        for value in (record.content, record.cooperate, record.deadline, record.product):
            if value and value not in PROPER_NAMES:
                assert within(value, window), (record, value)
        # A duty's lead unit may be the heading above it ("2. Văn phòng UBND tỉnh").
        above = " ".join(lines[: record.end_line])
        assert record.lead in PROPER_NAMES or within(record.lead, above), record


def test_counts_per_plan(corpus: list[TaskRecord]) -> None:
    counts = {
        prefix: sum(r.source.startswith(prefix) for r in corpus)
        for prefix in ("000", "001", "002", "003", "004")
    }
    # Yên Bái: 12 table rows and 7 duties; Gia Lai: 33 labelled criteria; Thái Nguyên: 12
    # lettered duties and one "Sở KH&CN chủ trì" item; Đắk Lắk: the duties of six units.
    assert counts["000"] == 19
    assert counts["003"] == 13
    assert counts["004"] == 33
    assert counts["001"] == 22
    assert counts["002"] >= 50  # An Giang's appendix: OCR interleaves its table columns


@pytest.mark.parametrize(
    ("source", "start", "lead", "deadline"),
    [
        ("000", 296, "Vdn phong Sd", "NIm 2021vir cac nam uep theo"),
        ("000", 433, "C6c phong chuy€n m6n c6 TTHC", "Giai do4n 2021-2025"),
        ("000", 549, "Vdn phdng So", "Theo itfnh kj, hoic dgt xu6t khi c6 y6u c6u"),
        ("001", 430, "S& NQi vB", "trong thing 812021"),
        ("001", 339, "Yin phdng IIBIIID tinh", "hoan thanh trong qu;f lY nitrn202l"),
        ("002", 600, "Vian phong Sé", "Nam 2025"),
        ("002", 1575, "Phong Phat trién C()ngqnghwé Vé,, Chuyén doi so6", "Quy III nam 2025"),
        ("002", 1509, "Văn phòng Sở", "Hét nam 2025"),
        ("003", 159, "Van phong UBND tinh", "hang tuan"),
        ("004", 76, "Van phong", "Trong ndm 2023"),
        ("004", 586, "Thanh tra", "Trong nim 2023 va nhitng nidm tiép theo"),
        ("004", 325, "Van phong", None),  # 1.10 has no "d) Thời gian" item
    ],
)
def test_known_leads_and_deadlines(
    corpus: list[TaskRecord], source: str, start: int, lead: str, deadline: str | None
) -> None:
    record = find(corpus, source, start)
    assert (record.lead, record.deadline) == (lead, deadline)


def test_known_partners_and_results(corpus: list[TaskRecord]) -> None:
    assert find(corpus, "000", 296).product == "K6 ho4ch, c5c vdn bin chi dao"
    assert find(corpus, "000", 241).cooperate == "Trung tAm Khuytin c6ng vir Xric ti6n thucrng m4i"
    assert find(corpus, "001", 400).cooperate == (
        "Vin phdng UBND tinh vd c6c co quan, dla phuong c6 li6n quan"
    )
    product = find(corpus, "002", 1575).product
    assert product is not None and product.startswith("Hé thong thong tin giai quyét TTHC")
    assert find(corpus, "002", 223).lead == "Phong Ké hoach - Tai chinh"
    assert find(corpus, "003", 138).lead == "S& Khoa hoc va Cong nghé"
    assert find(corpus, "004", 434).cooperate == "Buu dién tinh"
    block = find(corpus, "004", 237)
    assert block.lead == "Van phong; Trung tam Khuyén cong va Xdc tién thuong mai"
    assert block.product == "Thuc hién dung quy dinh, khong dé xay ra sai pham"
    assert block.content.startswith("Tiéu chi thanh phan “Thyc hién quy dinh ve viéc sir dung")
