"""The one masking function: what it hides, and what it must leave alone."""

from __future__ import annotations

import logging
import unicodedata

import pytest

from vntext.masking import MaskedFormatter, mask, mask_phone, mentions_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gọi 0912345678 giúp", "gọi [sđt] giúp"),
        ("số 0912 345 678 nhé", "số [sđt] nhé"),
        ("+84 912.345.678", "[sđt]"),
        ("84912345678", "[sđt]"),
        ("bàn 024 3825 1234", "bàn [sđt]"),
        ("cccd 001234567890 mất", "cccd [cccd] mất"),
        ("CCCD 001 234 567 890", "CCCD [cccd]"),
        ("cmnd cũ 123456789", "cmnd cũ [số]"),
        ("thư an.nguyen+hs@gmail.com.vn", "thư [email]"),
        ("Tôi tên là Nguyễn Văn An, làm khai sinh", "Tôi tên là [tên], làm khai sinh"),
        ("họ tên: Trần Thị Bình", "họ tên: [tên]"),
        ("con tên là Bống", "con tên là [tên]"),
        ("chị Lan hỏi về cư trú", "chị [tên] hỏi về cư trú"),
        ("đăng ký cho Phạm Minh Tuấn", "đăng ký cho [tên]"),
    ],
)
def test_personal_data_is_masked(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "làm sổ đỏ ở Hà Nội thế nào",
        "Thành phố Hồ Chí Minh cấp căn cước ở đâu",
        "tỉnh Bà Rịa Vũng Tàu",
        "lịch hẹn LH-7K2Q9 lúc 9:30",
        "mã hồ sơ 000.00.12.H01-260101-0001",
        "lệ phí 50000 đồng, ngày 23/11/2026",
        "tôi là người cao tuổi",
        "nguyễn văn an viết thường thì không nhận ra được",
        "",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert mask(text) == text


def test_decomposed_diacritics_are_masked_like_composed_ones() -> None:
    assert mask(unicodedata.normalize("NFD", "Tôi tên là Nguyễn An")) == "Tôi tên là [tên]"


def test_phone_mentions_match_however_written() -> None:
    assert mentions_phone("liên hệ +84 912-345-678", "0912345678")
    assert mentions_phone("0912 345 678", "0912345678")
    assert not mentions_phone("0912345679", "0912345678")
    assert not mentions_phone(None, "0912345678")


def test_audit_form_hides_the_middle_digits() -> None:
    assert mask_phone("0912345678") == "091****678"


def test_masked_log_lines() -> None:
    record = logging.LogRecord("x", logging.WARNING, "", 0, "gọi %s", ("0912345678",), None)
    assert MaskedFormatter("%(levelname)s %(message)s").format(record) == "WARNING gọi [sđt]"
