"""vntext.english: English questions told apart from Vietnamese typed without marks, and
the procedure they name read into the catalog's Vietnamese words."""

from __future__ import annotations

import pytest

from vntext.english import is_english, vietnamese_question


@pytest.mark.parametrize(
    "text",
    [
        "passport for my son",
        "how much is a birth certificate",
        "Where do I register my marriage?",
        "what is the price of gold",
        "I want to talk to a person",
        "How long does a passport take?",
    ],
)
def test_english_questions(text: str) -> None:
    assert is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "làm hộ chiếu cho con",  # marks
        "ho chieu cho con",
        "lam giay khai sinh can gi",
        "check ho so H12.34-251120-0001",  # one English word, a code
        "tra cuu phan anh pa 9kx3 mt4q",
        "cccd bi mat lam lai dc ko",  # shorthand is no English
        "review laptop giup",  # "giup": only Vietnamese spells it so
        "passport",  # one word: too little to tell
        "mat may ngay",
        "0912 345 678",
        "",
    ],
)
def test_vietnamese_and_too_short(text: str) -> None:
    assert not is_english(text)


@pytest.mark.parametrize(
    ("question", "vietnamese"),
    [
        ("passport for my son", "hộ chiếu"),
        ("how much is a birth certificate", "lệ phí đăng ký khai sinh"),
        ("Where do I register my marriage?", "nộp ở đâu đăng ký kết hôn"),
        ("how long does a driving license take", "mất bao lâu đổi giấy phép lái xe"),
        ("what is the price of gold", None),  # names no procedure
    ],
)
def test_vietnamese_question(question: str, vietnamese: str | None) -> None:
    assert vietnamese_question(question) == vietnamese


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("passport", True),  # one English word is enough on the English screen
        ("ID card?", True),
        ("ok", True),
        ("ho chieu", False),  # the English keyboard types Vietnamese without marks too
        ("khong co", False),
        ("0888", False),
        ("hộ chiếu", False),
    ],
)
def test_on_the_english_screen(text: str, english: bool) -> None:
    assert is_english(text, screen_english=True) is english
