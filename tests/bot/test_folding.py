"""The folding the bot's tokenizer and validators use (vntext, shared with the knowledge
layer): marks, repeats and shorthand, token by token.

vntext is installed in both virtualenvs, so these run in the main suite and under
.venv-rasa alike.
"""

from __future__ import annotations

import pytest

import vntext as folding


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sổ đỏ", "So do"),
        ("ĐĂNG KÝ", "DANG KY"),
        ("hộ chiếu", "ho chieu"),
        ("Nguyễn Thị Ánh", "Nguyen Thi Anh"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_strip_marks_removes_tones_and_d_bar(raw: str, expected: str) -> None:
    assert folding.strip_marks(raw) == expected


def test_strip_marks_keeps_length_of_nfc_text() -> None:
    text = "Tôi muốn đăng ký khai sinh ở phường Điện Biên"
    assert len(folding.strip_marks(text)) == len(text)


def test_strip_marks_handles_decomposed_input() -> None:
    decomposed = "ho\u0302\u0300 so\u031b"  # "hồ sơ" typed as base letters + combining marks
    assert folding.strip_marks(decomposed) == "ho so"


@pytest.mark.parametrize(
    ("text", "marked"),
    [("hồ sơ", True), ("đc", True), ("ho so", False), ("cccd 0912345678", False), ("", False)],
)
def test_has_diacritics(text: str, marked: bool) -> None:
    assert folding.has_diacritics(text) is marked


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("alooo", "alo"),
        ("khôngggg", "không"),
        ("xoong", "xoong"),  # two letters are a real spelling, not stretching
        ("000.00.12.H12-251120-0001", "000.00.12.H12-251120-0001"),  # digits untouched
    ],
)
def test_collapse_repeats_only_letters_three_or_more(raw: str, expected: str) -> None:
    assert folding.collapse_repeats(raw) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("ko", "khong"),
        ("K", "khong"),
        ("kh", "khong"),
        ("hok", "khong"),
        ("hông", "khong"),
        ("dc", "duoc"),
        ("đc", "duoc"),
        ("j", "gi"),
        ("bn", "bao nhieu"),
        ("ntn", "nhu the nao"),
        ("CCCD", "can cuoc cong dan"),
        ("gplx", "giay phep lai xe"),
        ("TNHH", "trach nhiem huu han"),
        ("bhyt", "bao hiem y te"),
        ("sdt", "so dien thoai"),
        ("vs", "voi"),
        ("r", "roi"),
        ("mik", "minh"),
        ("mk", "minh"),
        ("dk", "dang ky"),
        ("dky", "dang ky"),
        ("Đk", "dang ky"),
    ],
)
def test_normalize_token_expands_shorthand(token: str, expected: str) -> None:
    assert folding.normalize_token(token) == expected


def test_shorthand_is_looked_up_before_collapsing() -> None:
    # "cccd" holds three c's but is shorthand, not a stretched "cd".
    assert folding.normalize_token("cccd") == "can cuoc cong dan"


def test_stretched_shorthand_still_expands() -> None:
    assert folding.normalize_token("kooo") == "khong"


def test_marked_word_is_not_taken_for_shorthand() -> None:
    # "hỏng" (broken) folds to "hong" but must not become "khong" like "hông".
    assert folding.normalize_token("hỏng") == "hong"


def test_normalize_token_folds_and_lowers_ordinary_words() -> None:
    assert folding.normalize_token("Đường") == "duong"
    assert folding.normalize_token("KHÔNGGGG") == "khong"


def test_normalize_token_keeps_codes() -> None:
    assert folding.normalize_token("LH-7K2Q9") == "lh-7k2q9"
    assert folding.normalize_token("0912345678") == "0912345678"


def test_normalize_text_whole_message() -> None:
    # Tokens as the Rasa tokenizer hands them over: punctuation already stripped.
    text = "Làm CCCD đc ko  mất bn ngày vậyyy"
    assert folding.normalize_text(text) == (
        "lam can cuoc cong dan duoc khong mat bao nhieu ngay vay"
    )


def test_normalize_text_same_for_accented_and_plain_typing() -> None:
    assert folding.normalize_text("Đăng ký khai sinh ở đâu") == folding.normalize_text(
        "dang ky khai sinh o dau"
    )
