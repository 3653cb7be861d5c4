"""vntext's reading rules: shorthand on the word as typed, plain spellings in context."""

from __future__ import annotations

import pytest

import vntext
from vntext.lexicon import SENSES, SHORTHAND


def test_marked_damaged_is_not_khong() -> None:
    # The knowledge layer used to fold first and read "hỏng" (damaged) as "không".
    assert vntext.normalize_query("thẻ căn cước bị hỏng") == "the can cuoc bi hong"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("the bi hong", "the bi hong"),  # bị hỏng: damaged
        ("the bhyt bi hu hong", "the bao hiem y te bi hu hong"),
        ("mat hoac hong the", "mat hoac hong the"),
        ("cccd hong roi", "can cuoc cong dan hong roi"),
        ("so hong bi mat", "so hong bi mat"),  # sổ hồng
        ("duoc hong", "duoc khong"),
        ("dc hong", "duoc khong"),
        ("hong co giay to", "khong co giay to"),
        ("lam dc hong ad", "lam duoc khong ad"),
    ],
)
def test_plain_hong_is_read_by_its_neighbours(typed: str, read: str) -> None:
    assert vntext.normalize_query(typed) == read


@pytest.mark.parametrize("typed", ["hông", "ko", "k", "khong", "không", "hok", "khum", "kooo"])
def test_every_way_of_typing_khong(typed: str) -> None:
    assert vntext.normalize_query(typed) == "khong"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("mở tài khoản", "mo tai khoan"),  # "mô" is central đâu; "mở" (open) is not
        ("ở mô", "o dau"),
        ("rửa", "rua"),  # "rứa" is central vậy; "rửa" (wash) is not
        ("rứa", "vay"),
        ("lạnh", "lanh"),  # "lãnh" is southern lĩnh; "lạnh" (cold) is not
        ("lãnh lương", "linh luong"),
        ("túi", "tui"),  # "tui" is southern tôi; "túi" (bag) is not
        ("tui", "toi"),
        ("trong hẻm", "trong hem"),
    ],
)
def test_a_marked_word_matches_only_its_own_spelling(typed: str, read: str) -> None:
    assert vntext.normalize_query(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("50 k", "50 nghin"),
        ("đủ đk", "du dieu kien"),
        ("dk tam tru", "dang ky tam tru"),
        ("đăng kí tt", "dang ky tam tru"),
        ("cc hanh nghe", "chung chi hanh nghe"),
        ("hợp pháp hóa lãnh sự", "hop phap hoa lanh su"),
        ("man hinh", "man hinh"),
        ("mần hồ sơ", "lam ho so"),
        ("bn oi", "ban oi"),
        ("mat bn", "mat bao nhieu"),
    ],
)
def test_other_ambiguous_spellings_in_context(typed: str, read: str) -> None:
    assert vntext.normalize_query(typed) == read


def test_one_reading_per_word_keeps_rasa_offsets() -> None:
    words = ["Làm", "CCCD", "đc", "hong", "?"]
    assert vntext.normalize_words(words) == ["lam", "can cuoc cong dan", "duoc", "khong", "?"]
    assert vntext.readings(words) == [None, "can cuoc cong dan", "duoc", "khong", None]


def test_shorthand_expanded_keeps_the_citizens_marks() -> None:
    assert vntext.shorthand_expanded("thẻ bị hỏng, làm lại dc ko?") == (
        "thẻ bị hỏng, làm lại duoc khong"
    )


def test_expand_abbreviations_on_folded_documents() -> None:
    assert vntext.expand_abbreviations("ubnd xa cap gcn qsdd") == (
        "uy ban nhan dan xa cap giay chung nhan quyen su dung dat"
    )


def test_lexicon_spellings_do_not_collide_once_folded() -> None:
    for table in (SHORTHAND, SENSES):
        plain = [vntext.strip_marks(spelling) for spelling in table]
        assert len(plain) == len(set(plain)), table
    assert all(spelling == spelling.lower() for spelling in [*SHORTHAND, *SENSES])
    folded = {vntext.strip_marks(spelling) for spelling in SHORTHAND}
    assert folded >= vntext.ABBREVIATIONS


def test_readings_are_folded_words() -> None:
    readings = list(SHORTHAND.values()) + [s.reading for ss in SENSES.values() for s in ss]
    assert all(vntext.fold(reading) == reading for reading in readings)


def test_fingerprint_names_the_code() -> None:
    assert len(vntext.fingerprint()) == 16
    assert vntext.fingerprint() == vntext.fingerprint()
