"""bot/actions/aspects.py: what a question about a procedure asks, follow-ups, corrections."""

from __future__ import annotations

import pytest
from actions.aspects import correction, detect_aspect, is_follow_up


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("lệ phí bao nhiêu?", "fees"),
        ("het bn tien", "fees"),
        ("mất mấy ngày", "time"),
        ("nộp ở đâu", "place"),
        ("làm ở mô", "place"),
        ("mẫu tờ khai", "forms"),
        ("cần mang giấy tờ gì", "dossier"),
        ("nộp online được không", "online"),
        ("căn cứ pháp lý", "legal"),
        ("các bước thực hiện", "steps"),
        ("xin chào", None),
    ],
)
def test_detect_aspect(text: str, aspect: str | None) -> None:
    assert detect_aspect(text) == aspect


@pytest.mark.parametrize(
    ("text", "follow_up"),
    [
        ("lệ phí bao nhiêu?", True),
        ("mat may ngay vay", True),
        ("giấy tờ cần những gì", True),
        ("các bước thực hiện thế nào", True),
        ("thủ tục làm hộ chiếu ở đâu", False),  # "hộ chiếu" is no "hồ" + "chiều"
        ("lệ phí đăng ký kết hôn bao nhiêu", False),
        ("cap lai can cuoc o dau", False),
    ],
)
def test_is_follow_up(text: str, follow_up: bool) -> None:
    assert is_follow_up(text) is follow_up


def test_correction() -> None:
    assert correction("không phải, ý tôi là đăng ký kết hôn") == "đăng ký kết hôn"
    assert correction("khong phai, y minh la lam ho chieu") == "lam ho chieu"
    assert correction("không phải") == ""
    assert correction("ko phai thu tuc do") == ""
    assert correction("không") is None
    assert correction("làm hộ chiếu") is None
