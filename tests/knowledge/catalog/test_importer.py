"""Importing procedure-database exports: CSV, JSON and XLSX files written here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from knowledge.catalog import importer
from knowledge.catalog.cells import (
    parse_dossier_item,
    parse_fee,
    parse_legal_basis,
    parse_level,
    parse_processing_time,
    split_items,
)
from knowledge.catalog.importer import ImportReport, Rejection, format_report, import_file
from knowledge.catalog.models import FACT_FIELDS, CopyKind, Level, Online, Procedure
from knowledge.catalog.readers import ImportFileError, read_rows
from knowledge.catalog.store import Catalog, load_bundled, load_catalog

HEADERS = [
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan thực hiện",
    "Địa chỉ tiếp nhận",
    "Thành phần hồ sơ",
    "Trình tự thực hiện",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Căn cứ pháp lý",
    "Yêu cầu, điều kiện",
    "Kết quả thực hiện",
    "Mức độ",
    "Tên gọi khác",
]

KET_HON = {
    "Mã thủ tục": "1.000894",
    "Tên thủ tục": "Đăng ký kết hôn",
    "Lĩnh vực": "Hộ tịch",
    "Cấp thực hiện": "Cấp Xã",
    "Cơ quan thực hiện": "Ủy ban nhân dân cấp xã",
    "Địa chỉ tiếp nhận": "Bộ phận Một cửa UBND cấp xã nơi cư trú của bên nam hoặc bên nữ",
    "Thành phần hồ sơ": (
        "- Tờ khai đăng ký kết hôn theo mẫu (01 bản chính);\n"
        "- Xuất trình thẻ Căn cước hoặc hộ chiếu của hai bên;\n"
        "- Trường hợp đã ly hôn ở nước ngoài: bản sao trích lục ghi chú ly hôn (01 bản)"
    ),
    "Trình tự thực hiện": (
        "Bước 1: Hai bên nộp tờ khai tại Bộ phận Một cửa hoặc trên Cổng Dịch vụ công.\n"
        "Bước 2: Công chức tư pháp - hộ tịch kiểm tra hồ sơ.\n"
        "Bước 3: Hai bên có mặt, ký Giấy chứng nhận kết hôn."
    ),
    "Thời hạn giải quyết": (
        "Ngay trong ngày tiếp nhận hồ sơ; trường hợp cần xác minh thì không quá 05 ngày làm việc"
    ),
    "Phí, lệ phí": "Miễn lệ phí",
    "Căn cứ pháp lý": (
        "Luật Hộ tịch số 60/2014/QH13;\nNghị định số 123/2015/NĐ-CP;\nThông tư số 04/2020/TT-BTP"
    ),
    "Yêu cầu, điều kiện": "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; Hai bên tự nguyện kết hôn",
    "Kết quả thực hiện": "Giấy chứng nhận kết hôn",
    "Mức độ": "Một phần",
    "Tên gọi khác": "làm giấy đăng ký kết hôn; đăng ký kết hôn ở phường",
}

LY_LICH = {
    "Mã thủ tục": "",
    "Tên thủ tục": (
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"
    ),
    "Lĩnh vực": "Lý lịch tư pháp",
    "Cấp thực hiện": "Cấp Tỉnh",
    "Cơ quan thực hiện": "Sở Tư pháp",
    "Địa chỉ tiếp nhận": "Trung tâm Phục vụ hành chính công tỉnh",
    "Thành phần hồ sơ": (
        "1. Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu\n"
        "2. Bản sao thẻ Căn cước hoặc hộ chiếu, số lượng: 02\n"
        "3. Trường hợp ủy quyền: văn bản ủy quyền có chứng thực"
    ),
    "Trình tự thực hiện": (
        "Nộp hồ sơ tại Trung tâm Phục vụ hành chính công hoặc trực tuyến; "
        "Sở Tư pháp tra cứu, xác minh thông tin lý lịch tư pháp; Trả Phiếu lý lịch tư pháp"
    ),
    "Thời hạn giải quyết": "Không quá 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    "Phí, lệ phí": "200.000 đồng/người/lần",
    "Căn cứ pháp lý": (
        "Luật Lý lịch tư pháp số 28/2009/QH12\nNghị định số 111/2010/NĐ-CP\n"
        "Thông tư số 244/2016/TT-BTC"
    ),
    "Yêu cầu, điều kiện": "Không",
    "Kết quả thực hiện": "Phiếu lý lịch tư pháp",
    "Mức độ": "Toàn trình",
    "Tên gọi khác": "",
}

CHUNG_THUC = {
    "Mã thủ tục": "",
    "Tên thủ tục": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan Việt Nam cấp",
    "Lĩnh vực": "Chứng thực",
    "Cấp thực hiện": "Cấp Xã",
    "Cơ quan thực hiện": "Ủy ban nhân dân cấp xã",
    "Địa chỉ tiếp nhận": "Bộ phận Một cửa UBND cấp xã",
    "Thành phần hồ sơ": (
        "- Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao\n- Bản sao cần chứng thực"
    ),
    "Trình tự thực hiện": (
        "Người yêu cầu xuất trình bản chính và bản sao.\n"
        "Người thực hiện chứng thực đối chiếu, ghi lời chứng, ký và đóng dấu."
    ),
    "Thời hạn giải quyết": (
        "Trong ngày tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ"
    ),
    "Phí, lệ phí": (
        "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản"
    ),
    "Căn cứ pháp lý": (
        "Nghị định số 23/2015/NĐ-CP; Thông tư số 01/2020/TT-BTP; Thông tư số 226/2016/TT-BTC"
    ),
    "Yêu cầu, điều kiện": "",
    "Kết quả thực hiện": "Bản sao được chứng thực từ bản chính",
    "Mức độ": "Một phần",
    "Tên gọi khác": "công chứng bản sao",
}

NO_NAME = {**KET_HON, "Tên thủ tục": ""}
DISTRICT = {
    **CHUNG_THUC,
    "Tên thủ tục": "Cấp Giấy chứng nhận đăng ký hộ kinh doanh",
    "Lĩnh vực": "Thành lập và hoạt động của hộ kinh doanh",
    "Cấp thực hiện": "Cấp Huyện",
    "Cơ quan thực hiện": "Phòng Tài chính - Kế hoạch",
}
UNPARSEABLE = {**LY_LICH, "Mức độ": "Có", "Thời hạn giải quyết": "05"}

VALID = [KET_HON, LY_LICH, CHUNG_THUC]
MIXED = [KET_HON, LY_LICH, NO_NAME, DISTRICT, UNPARSEABLE, CHUNG_THUC]


@pytest.fixture(scope="module")
def khai_sinh() -> Procedure:
    entry = load_bundled().get("ho-tich.khai-sinh")
    assert entry is not None
    return entry


@pytest.fixture(autouse=True)
def small_bundled_catalog(monkeypatch: pytest.MonkeyPatch, khai_sinh: Procedure) -> None:
    """The bundled catalog keeps growing; ids derived here must not depend on it."""
    monkeypatch.setattr(importer, "load_bundled", lambda: Catalog([khai_sinh]))


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    *,
    delimiter: str = ",",
    bom: bool = True,
    headers: list[str] = HEADERS,
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows([row.get(h, "") for h in HEADERS] for row in rows)
    return path


def write_xlsx(path: Path, rows: list[dict[str, str] | None], note: str | None = None) -> Path:
    """A sheet with the header row first; `note` goes right of the header in row 2."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h, "") or None for h in HEADERS] if row else [None] * len(HEADERS))
    sheet.cell(row=2, column=len(HEADERS) + 2, value=note)
    book.save(path)
    return path


# ------------------------------------------------------------------ cell parsing


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("200.000 đồng", 200_000),
        ("50000đ", 50_000),
        ("Lệ phí: 100.000 VNĐ/hồ sơ", 100_000),
        ("1,5 triệu đồng", 1_500_000),
        ("Không", 0),
        ("Miễn phí", 0),
        ("2.000 đồng/trang, tối đa 200.000 đồng/bản", None),
        ("Theo quy định của HĐND tỉnh", None),
    ],
)
def test_fee_amount_only_when_single(text: str, amount: int | None) -> None:
    fee = parse_fee(text)
    assert fee.amount_vnd == amount
    assert fee.note == text


def test_fee_takes_its_label() -> None:
    assert parse_fee("Phí thẩm định: 500.000 đồng").name == "Phí thẩm định"
    assert parse_fee("300.000 đồng", "Lệ phí").name == "Lệ phí"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("05 ngày làm việc", 5),
        ("Không quá 10 ngày làm việc kể từ ngày nhận đủ hồ sơ", 10),
        ("03 ngày làm việc; trường hợp phải xác minh không quá 07 ngày làm việc", 7),
        ("1,5 ngày làm việc", 1.5),
        ("30 ngày", None),
        ("Trong ngày", None),
    ],
)
def test_processing_time_working_days(text: str, days: float | None) -> None:
    time = parse_processing_time(text)
    assert time.working_days == days
    assert time.text == text


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014", "60/2014/QH13"),
        ("Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ", "123/2015/NĐ-CP"),
        ("Thông tư 04/2020/TT-BTP", "04/2020/TT-BTP"),
        ("Thông tư liên tịch số 01/2016/TTLT-BTP-BNG", "01/2016/TTLT-BTP-BNG"),
        ("Quyết định số 1234/QĐ-UBND ngày 01/7/2025 của UBND tỉnh", "1234/QĐ-UBND"),
        ("Quyết định công bố thủ tục hành chính của UBND tỉnh", None),
    ],
)
def test_legal_basis_number(line: str, number: str | None) -> None:
    basis = parse_legal_basis(line)
    assert (basis.title, basis.number) == (line, number)


def test_dossier_items_kind_count_and_condition() -> None:
    form = parse_dossier_item("Tờ khai đăng ký khai sinh theo mẫu (01 bản chính)")
    assert (form.name, form.kind, form.count, form.required) == (
        "Tờ khai đăng ký khai sinh theo mẫu",
        CopyKind.ORIGINAL,
        1,
        True,
    )
    copy = parse_dossier_item("Bản sao có chứng thực giấy chứng sinh, số lượng: 02")
    assert (copy.kind, copy.count) == (CopyKind.CERTIFIED_COPY, 2)
    assert parse_dossier_item("Xuất trình thẻ Căn cước").kind is CopyKind.PRESENT
    assert parse_dossier_item("Giấy tờ chứng minh nơi cư trú").kind is CopyKind.ORIGINAL_OR_COPY
    proxy = parse_dossier_item("Trường hợp ủy quyền: văn bản ủy quyền có chứng thực")
    assert (proxy.required, proxy.condition, proxy.name) == (
        False,
        "Trường hợp ủy quyền",
        "Văn bản ủy quyền có chứng thực",
    )
    married = parse_dossier_item("Nếu cha mẹ đã kết hôn, bản sao giấy chứng nhận kết hôn")
    assert (married.required, married.condition, married.kind) == (
        False,
        "Nếu cha mẹ đã kết hôn",
        CopyKind.COPY,
    )


@pytest.mark.parametrize(
    ("cell", "level"),
    [
        ("Cấp Tỉnh", Level.PROVINCE),
        ("cap xa", Level.COMMUNE),
        ("UBND phường", Level.COMMUNE),
        ("Cấp Bộ", Level.CENTRAL),
        ("Cấp Huyện", None),
        ("Cấp Tỉnh, Cấp Xã", None),
        ("?", None),
    ],
)
def test_levels(cell: str, level: Level | None) -> None:
    if level is None:
        with pytest.raises(ValueError, match="cấp huyện|đúng một cấp"):
            parse_level(cell)
    else:
        assert parse_level(cell) is level


def test_split_items_drops_bullets_and_numbering() -> None:
    cell = "- Bước 1: Nộp hồ sơ;\n2. Tiếp nhận, kiểm tra\n\na) Trả kết quả\n• Lưu hồ sơ"
    assert split_items(cell) == ["Nộp hồ sơ", "Tiếp nhận, kiểm tra", "Trả kết quả", "Lưu hồ sơ"]
    assert split_items("Tờ khai; 1) Bản sao Căn cước ;") == ["Tờ khai", "Bản sao Căn cước"]
    assert split_items("1.Tờ khai\n1.000.000 đồng vốn\nA. Giấy tờ") == [
        "Tờ khai",
        "1.000.000 đồng vốn",
        "Giấy tờ",
    ]


# ------------------------------------------------------------------ reading files


def test_csv_with_bom_and_comma(tmp_path: Path) -> None:
    rows = read_rows(write_csv(tmp_path / "tthc.csv", VALID))
    assert len(rows) == 3
    assert list(rows[0])[0] == "Mã thủ tục"  # no BOM stuck to the first header
    assert rows[0]["Phí, lệ phí"] == "Miễn lệ phí"
    assert rows[0]["Thành phần hồ sơ"].count("\n") == 2


def test_csv_semicolon_with_folded_headers(tmp_path: Path) -> None:
    folded = [h.upper() for h in HEADERS]
    folded[1] = "ten thu tuc"
    path = write_csv(tmp_path / "xa.csv", VALID, delimiter=";", bom=False, headers=folded)
    assert read_rows(path)[1]["ten thu tuc"] == LY_LICH["Tên thủ tục"]
    report = import_file(path, tmp_path / "out")
    assert report.rejected == []
    assert report.imported == [
        "ho-tich.dang-ky-ket-hon",
        "ly-lich-tu-phap.cap-phieu-ly-lich-tu-phap",
        "chung-thuc.chung-thuc-ban-sao-tu-ban-chinh",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"x", ".csv, .json"),
        ("a.xlsx", b"not a workbook", "xlsx"),
        ("a.csv", "Tên thủ tục\nĐăng ký".encode("utf-16"), "UTF-8"),
        ("a.json", b"[{", "JSON"),
        ("a.json", b'{"items": []}', "data"),
        ("a.json", '[{"Tên thủ tục": {"vi": "x"}}]'.encode(), "lồng nhau"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        read_rows(path)


def test_missing_file_and_files_without_procedures(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="không mở được"):
        read_rows(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_text("Tên thủ tục,Lĩnh vực\n", "utf-8")
    with pytest.raises(ImportFileError, match="không có dòng dữ liệu"):
        import_file(tmp_path / "empty.csv", tmp_path / "out")
    (tmp_path / "other.csv").write_text("Họ tên,Ngày sinh\nNguyễn Văn A,01/01/1990\n", "utf-8")
    with pytest.raises(ImportFileError, match="không nhận ra cột"):
        import_file(tmp_path / "other.csv", tmp_path / "out")


# ------------------------------------------------------------------ importing


def test_bad_rows_are_reported_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_file(write_csv(tmp_path / "tinh.csv", MIXED), out)
    assert report.imported == [] and report.written is None
    by_row = {(r.row, r.field): r.reason for r in report.rejected}
    assert by_row[(4, "Tên thủ tục")] == "thiếu giá trị"
    assert "1/7/2025" in by_row[(5, "Cấp thực hiện")]
    assert "không hiểu «Có»" in by_row[(6, "Mức độ")]
    assert "quá ngắn" in by_row[(6, "Thời hạn giải quyết")]
    assert {r.row for r in report.rejected} == {4, 5, 6}
    assert not out.exists()


def test_skip_invalid_writes_exactly_the_valid_rows(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_file(write_csv(tmp_path / "tinh.csv", MIXED), out, skip_invalid=True)
    assert report.written == out / "tinh.yaml"
    assert [p.name for p in out.iterdir()] == ["tinh.yaml"]
    catalog = load_catalog(out)
    assert catalog.ids() == report.imported and len(catalog) == 3
    ket_hon, ly_lich, chung_thuc = catalog
    assert (ket_hon.code, ket_hon.level, ket_hon.online) == (
        "1.000894",
        Level.COMMUNE,
        Online.PARTIAL,
    )
    assert [f.amount_vnd for p in catalog for f in p.fees] == [0, 200_000, None]
    assert [p.processing_time.working_days for p in catalog] == [5, 10, None]
    assert [b.number for b in ket_hon.legal_basis] == [
        "60/2014/QH13",
        "123/2015/NĐ-CP",
        "04/2020/TT-BTP",
    ]
    assert [b.number for b in chung_thuc.legal_basis] == [
        "23/2015/NĐ-CP",
        "01/2020/TT-BTP",
        "226/2016/TT-BTC",
    ]
    assert ket_hon.steps[0].startswith("Hai bên nộp tờ khai")
    assert [d.kind for d in ket_hon.dossier] == [CopyKind.ORIGINAL, CopyKind.PRESENT, CopyKind.COPY]
    assert ket_hon.dossier[2].condition == "Trường hợp đã ly hôn ở nước ngoài"
    assert ket_hon.conditions == [
        "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi",
        "Hai bên tự nguyện kết hôn",
    ]
    assert ket_hon.aliases == ["làm giấy đăng ký kết hôn", "đăng ký kết hôn ở phường"]
    assert (ly_lich.code, ly_lich.conditions, ly_lich.dossier[1].count) == (None, [], 2)


def test_imported_entries_are_honestly_unverified(tmp_path: Path) -> None:
    import_file(write_csv(tmp_path / "tinh.csv", [KET_HON]), tmp_path / "out")
    entry = next(iter(load_catalog(tmp_path / "out")))
    assert entry.verified.verified == [] and set(entry.verified.unverified) == set(FACT_FIELDS)
    assert entry.verified.checked_against == "Tệp xuất tinh.csv"
    assert entry.verified.note == "Nhập tự động, chưa đối chiếu văn bản"
    assert [s.title for s in entry.sources] == ["Nhập từ tệp tinh.csv, dòng 2"]
    assert (entry.location_independent, entry.postal.receive, entry.postal.deliver) == (
        False,
        False,
        False,
    )


def test_json_ids_duplicates_and_bundled_clash(tmp_path: Path) -> None:
    rows = [
        {"Mã định danh": "ho-tich.ket-hon-trong-nuoc", **KET_HON},
        {"Mã định danh": "ho-tich.ket-hon-trong-nuoc", **KET_HON},
        {"Mã định danh": "ho-tich.khai-sinh", **KET_HON, "Tên thủ tục": "Đăng ký khai sinh"},
        {"Mã định danh": "Hộ tịch/Kết hôn", **KET_HON},
        {"Mã định danh": "", **KET_HON},
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"data": rows}, ensure_ascii=False), "utf-8")
    report = import_file(path, tmp_path / "out", skip_invalid=True)
    assert report.rejected == [
        Rejection(3, "Mã định danh", "mã «ho-tich.ket-hon-trong-nuoc» trùng với dòng 2"),
        Rejection(
            4, "Mã định danh", "mã «ho-tich.khai-sinh» trùng với một thủ tục có sẵn trong danh mục"
        ),
        Rejection(
            5,
            "Mã định danh",
            "sai dạng mã: chữ thường không dấu, số, gạch nối và dấu chấm (ví dụ ho-tich.khai-sinh)",
        ),
    ]
    assert report.imported == ["ho-tich.ket-hon-trong-nuoc", "ho-tich.dang-ky-ket-hon"]


def test_json_list_with_list_cells_and_separate_fee_columns(tmp_path: Path) -> None:
    components = ["Tờ khai (01 bản)", "Bản sao Căn cước"]
    row: dict[str, object] = {**LY_LICH, "Thành phần hồ sơ": components}
    del row["Phí, lệ phí"]
    row.update({"Phí": "Không", "Lệ phí": "50000đ"})
    path = tmp_path / "list.json"
    path.write_text(json.dumps([row, row], ensure_ascii=False), "utf-8")
    report = import_file(path, tmp_path / "out")
    assert report.imported == [
        "ly-lich-tu-phap.cap-phieu-ly-lich-tu-phap",
        "ly-lich-tu-phap.cap-phieu-ly-lich-tu-phap-2",
    ]
    first = next(iter(load_catalog(tmp_path / "out")))
    assert [(f.name, f.amount_vnd) for f in first.fees] == [("Phí", 0), ("Lệ phí", 50_000)]
    assert [d.name for d in first.dossier] == ["Tờ khai", "Bản sao Căn cước"]


def test_xlsx_rows_are_numbered_like_the_sheet(tmp_path: Path) -> None:
    bad = {**CHUNG_THUC, "Thời hạn giải quyết": "05"}
    path = write_xlsx(tmp_path / "so-tu-phap.xlsx", [KET_HON, None, bad, LY_LICH], "đã rà soát")
    report = import_file(path, tmp_path / "out")
    assert report.rejected == [
        Rejection(4, "Thời hạn giải quyết", "quá ngắn (cần ít nhất 3 ký tự)")
    ]
    assert not (tmp_path / "out").exists()
    report = import_file(path, tmp_path / "out", skip_invalid=True)
    assert len(load_catalog(tmp_path / "out")) == len(report.imported) == 2


@pytest.mark.parametrize(
    ("cell", "online"),
    [
        ("Dịch vụ công trực tuyến toàn trình", Online.FULL),
        ("Mức độ 3", Online.PARTIAL),
        ("Không", Online.NONE),
        ("Cung cấp thông tin trực tuyến", Online.NONE),
    ],
)
def test_online_levels(tmp_path: Path, cell: str, online: Online) -> None:
    import_file(write_csv(tmp_path / "dvc.csv", [{**KET_HON, "Mức độ": cell}]), tmp_path / "out")
    assert next(iter(load_catalog(tmp_path / "out"))).online is online


def test_schema_errors_name_the_column(tmp_path: Path) -> None:
    rows = [
        {**KET_HON, "Cơ quan thực hiện": "UBND huyện", "Cấp thực hiện": "Cấp Tỉnh"},
        {**KET_HON, "Tên thủ tục": "Cấp", "Thành phần hồ sơ": "Tờ khai (0 bản)"},
        {**KET_HON, "Thành phần hồ sơ": "Hồ sơ gồm:", "Căn cứ pháp lý": "Luật"},
    ]
    report = import_file(write_csv(tmp_path / "loi.csv", rows), tmp_path / "out")
    assert [(r.row, r.field) for r in report.rejected] == [
        (2, "Cơ quan thực hiện"),
        (3, "Tên thủ tục"),
        (3, "Thành phần hồ sơ"),
        (4, "Thành phần hồ sơ"),
        (4, "Căn cứ pháp lý"),
    ]
    reasons = [r.reason for r in report.rejected]
    assert "tỉnh và xã" in reasons[0]
    assert reasons[1:] == [
        "quá ngắn (cần ít nhất 5 ký tự)",
        "mục 1: phải từ 1 trở lên",
        "cần ít nhất 1 mục",
        "mục 1: quá ngắn (cần ít nhất 5 ký tự)",
    ]


def test_missing_column_is_reported_on_every_row(tmp_path: Path) -> None:
    headers = [h for h in HEADERS if h != "Phí, lệ phí"]
    path = tmp_path / "thieu.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(VALID[:2])
    report = import_file(path, tmp_path / "out")
    assert report.rejected == [
        Rejection(2, "Phí, lệ phí", "tệp không có cột này"),
        Rejection(3, "Phí, lệ phí", "tệp không có cột này"),
    ]


def test_ids_of_other_imports_are_taken_but_reimport_replaces(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = import_file(write_csv(tmp_path / "a.csv", [KET_HON]), out)
    again = import_file(write_csv(tmp_path / "a.csv", [KET_HON]), out)
    assert first.imported == again.imported == ["ho-tich.dang-ky-ket-hon"]
    path = tmp_path / "b.json"
    path.write_text(json.dumps([{"id": "ho-tich.dang-ky-ket-hon", **KET_HON}]), "utf-8")
    report = import_file(path, out)
    assert report.rejected[0].reason.endswith("thủ tục đã nhập trong tệp a.yaml")
    assert sorted(p.name for p in out.iterdir()) == ["a.yaml"]


def test_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise OSError("disk full")

    out = tmp_path / "out"
    monkeypatch.setattr(importer.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        import_file(write_csv(tmp_path / "tinh.csv", VALID), out)
    assert list(out.iterdir()) == []


def test_format_report_lines_and_summary(tmp_path: Path) -> None:
    rejected = [
        Rejection(3, "Tên thủ tục", "thiếu giá trị"),
        Rejection(3, "Mức độ", "x"),
        Rejection(5, "Cấp thực hiện", "y"),
    ]
    text = format_report(ImportReport(imported=[], rejected=rejected))
    lines = text.splitlines()
    assert lines[0] == "Dòng 3, cột «Tên thủ tục»: thiếu giá trị"
    assert lines[-1].startswith("Không ghi tệp nào: 2 dòng có lỗi.")
    done = ImportReport(imported=["a.b", "a.c"], rejected=rejected[2:], written=tmp_path / "x.yaml")
    assert format_report(done).splitlines()[-1] == (
        f"Đã nhập 2 thủ tục vào {tmp_path / 'x.yaml'}; bỏ qua 1 dòng có lỗi."
    )
