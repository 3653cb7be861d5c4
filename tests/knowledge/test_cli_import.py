"""`python -m knowledge import` end to end, run as a real subprocess on real files."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.catalog.models import FACT_FIELDS
from knowledge.catalog.store import load_catalog

GOOD = {
    "Tên thủ tục": "Đăng ký kết hôn",
    "Lĩnh vực": "Hộ tịch",
    "Cấp thực hiện": "Cấp Xã",
    "Cơ quan thực hiện": "Ủy ban nhân dân cấp xã",
    "Địa chỉ tiếp nhận": "Bộ phận Một cửa UBND cấp xã nơi cư trú của bên nam hoặc bên nữ",
    "Thành phần hồ sơ": (
        "- Tờ khai đăng ký kết hôn theo mẫu (01 bản chính);\n"
        "- Xuất trình thẻ Căn cước hoặc hộ chiếu của hai bên"
    ),
    "Trình tự thực hiện": (
        "Bước 1: Hai bên nộp tờ khai tại Bộ phận Một cửa.\n"
        "Bước 2: Công chức tư pháp - hộ tịch kiểm tra hồ sơ.\n"
        "Bước 3: Hai bên có mặt, ký Giấy chứng nhận kết hôn."
    ),
    "Thời hạn giải quyết": "Ngay trong ngày; cần xác minh thì không quá 05 ngày làm việc",
    "Phí, lệ phí": "Miễn lệ phí",
    "Căn cứ pháp lý": "Luật Hộ tịch số 60/2014/QH13;\nNghị định số 123/2015/NĐ-CP",
    "Kết quả thực hiện": "Giấy chứng nhận kết hôn",
    "Mức độ": "Một phần",
}
# The district level was abolished on 1/7/2025; an export that still names it is refused.
BAD = {
    **GOOD,
    "Tên thủ tục": "Cấp Giấy chứng nhận đăng ký hộ kinh doanh",
    "Lĩnh vực": "Thành lập và hoạt động của hộ kinh doanh",
    "Cấp thực hiện": "Cấp Huyện",
}


def _run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "knowledge", "import", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "MOTCUA_DATA_DIR": str(data_dir)},
        timeout=120,
        check=False,
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """A UTF-8 CSV with the BOM Excel writes: row 2 is good, row 3 names a district."""
    path = tmp_path / "tinh.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GOOD))
        writer.writeheader()
        writer.writerows([GOOD, BAD])
    return path


def test_rejected_row_fails_the_import_and_writes_nothing(export: Path, tmp_path: Path) -> None:
    data, into = tmp_path / "data", tmp_path / "out"
    done = _run(data, str(export), "--into", str(into))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("Dòng 3, cột «Cấp thực hiện»: cấp huyện không còn")
    assert lines[-1].startswith("Không ghi tệp nào: 1 dòng có lỗi.")
    assert len(lines) == 2 and done.stderr == ""
    assert not into.exists() and not data.exists()


def test_skip_invalid_writes_a_catalog_that_reloads(export: Path, tmp_path: Path) -> None:
    into = tmp_path / "out"
    done = _run(tmp_path / "data", str(export), "--into", str(into), "--skip-invalid")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("Dòng 3, cột «Cấp thực hiện»:")
    assert lines[-1] == f"Đã nhập 1 thủ tục vào {into / 'tinh.yaml'}; bỏ qua 1 dòng có lỗi."
    assert sorted(p.name for p in into.iterdir()) == ["tinh.yaml"]
    (procedure,) = load_catalog(into)
    assert procedure.name == "Đăng ký kết hôn" and procedure.id.startswith("ho-tich.")
    assert procedure.processing_time.working_days == 5
    assert [f.amount_vnd for f in procedure.fees] == [0]
    assert set(procedure.verified.unverified) == set(FACT_FIELDS)


def test_default_folder_is_under_the_data_dir(export: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = _run(data, str(export), "--skip-invalid")
    assert done.returncode == 0, done.stderr
    assert len(load_catalog(data / "catalog")) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "tinh.txt",
            "Tên thủ tục\nĐăng ký kết hôn\n",
            "chỉ nhập được tệp .jsonl, .json, .csv hoặc .xlsx",
        ),
        ("tinh.xlsx", "not a workbook", "không phải bảng tính .xlsx đọc được"),
    ],
)
def test_unreadable_file_is_one_line_on_stderr(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    done = _run(tmp_path / "data", str(path), "--into", str(tmp_path / "out"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [f"Lỗi: Tệp {name}: {message}"]
    assert not (tmp_path / "out").exists()
