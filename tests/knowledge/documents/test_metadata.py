"""A plan's identity read from its OCR'd header: the five real plans, and the header parts
that must be left out rather than guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.catalog.store import Catalog
from knowledge.documents import load_infos, read_header
from knowledge.documents.provinces import match_province
from knowledge.index import catalog_lexicon

EXPECTED = {
    # No header in the scan: kind and department from the first lines, the province after "tỉnh".
    "000_70a21745fc2051a6.txt": "Kế hoạch, Sở Công Thương Yên Bái",
    # "120,1/KH-UBND": the digits are unreadable, and so is the year ("202 t").
    "001_8dddb4168cf57781.txt": "Kế hoạch …/KH-UBND, UBND tỉnh Đắk Lắk",
    "002_5a9df9d2529f8b91.txt": "Kế hoạch 16/KH-SKHCN, Sở Khoa học và Công nghệ An Giang, 7/3/2025",
    # "W4 /KH-UBND": a letter in the number, left out.
    "003_02ff733e959bda6d.txt": "Kế hoạch …/KH-UBND, UBND tỉnh Thái Nguyên, 30/10/2025",
    "004_481bc68ca49afa68.txt": "Kế hoạch 68/KH-SCT, Sở Công Thương Gia Lai, 31/7/2023",
}


def test_the_five_plans(plans_dir: Path, catalog: Catalog) -> None:
    infos = load_infos([plans_dir], catalog_lexicon(catalog))
    assert {source: info.label for source, info in infos.items()} == EXPECTED
    gia_lai = infos["004_481bc68ca49afa68.txt"]
    assert (gia_lai.kind, gia_lai.number, gia_lai.place, gia_lai.date) == (
        "Kế hoạch",
        "68/KH-SCT",
        "Gia Lai",
        "2023-07-31",
    )


@pytest.mark.parametrize(
    ("lines", "label"),
    [
        (
            [
                "UBND TỈNH HÀ TĨNH",
                "SỞ TƯ PHÁP",
                "Số: 12/QĐ-STP    Hà Tĩnh, ngày 5 tháng 1 năm 2024",
            ],
            "Quyết định 12/QĐ-STP, Sở Tư pháp Hà Tĩnh, 5/1/2024",
        ),
        # An issuer code not in the list is kept as printed; a 13th month is no date.
        (["Số: 7/KH-BQL Ninh Bình, ngày 3 tháng 13 năm 2024"], "Kế hoạch 7/KH-BQL, BQL Ninh Bình"),
        (["Thông báo kết quả họp giao ban"], None),
    ],
)
def test_header_parts(lines: list[str], label: str | None) -> None:
    assert read_header("x.txt", lines).label == label


def test_province_names_through_ocr_noise() -> None:
    assert match_province("thdi nguyen") == "Thái Nguyên"
    assert match_province("ddk ldk") == "Đắk Lắk"
    assert match_province("ygn bii thuc hien") == "Yên Bái"
    assert match_province("gia lal") is None  # a last letter OCR changed: not confident
    assert match_province("noi khac") is None
