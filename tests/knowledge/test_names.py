"""The name match: a name that adds words the question lacks matches less."""

from __future__ import annotations

import numpy as np

from knowledge.names import NameIndex, question_syllables, toneless

# Three variants of one procedure and an unrelated one, as a real catalog has them.
NAMES = [
    ["Đăng ký thường trú", "nhập hộ khẩu"],
    ["Xóa đăng ký thường trú", "cắt khẩu", "xóa thường trú khi định cư nước ngoài"],
    ["Đăng ký kết hôn có yếu tố nước ngoài"],
    ["Khai báo tạm vắng", "báo tạm vắng"],
    ["Gia hạn tạm trú"],
    ["Cấp lại thẻ căn cước", "mất CCCD làm lại"],
]


def ranked(index: NameIndex, question: str) -> list[int]:
    scores = index.scores(question)
    return [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] > 0]


def test_a_name_that_adds_a_word_ranks_below_the_name_the_question_says() -> None:
    index = NameIndex(NAMES)
    for question in ("đăng ký thường trú", "dang ky thuong tru", "dang ky thuong tru cho con"):
        scores = index.scores(question)
        assert ranked(index, question)[0] == 0, question
        assert scores[0] > scores[1]
    assert index.scores("đăng ký thường trú")[0] == 1.0  # the whole name, nothing else


def test_the_extra_word_decides_when_the_question_says_it() -> None:
    index = NameIndex(NAMES)
    assert ranked(index, "xoa dang ky thuong tru")[0] == 1
    assert ranked(index, "cắt khẩu cho bố")[0] == 1


def test_question_frames_do_not_count_against_a_name() -> None:
    index = NameIndex(NAMES)
    framed = index.scores("nhập hộ khẩu ở đâu, thủ tục thế nào")
    assert framed[0] == index.scores("nhập hộ khẩu")[0] == 1.0


def test_marks_keep_words_apart_that_fold_alike_but_not_tones() -> None:
    index = NameIndex(NAMES)
    # "vàng" is not "vắng": typed with marks, gold does not match the absence notice.
    assert index.scores("giá vàng")[3] == 0.0
    # Without marks nobody can tell, and a wrong tone is forgiven.
    assert index.scores("gia vang")[3] > 0.0
    assert index.scores("khai báo tạm vặng")[3] == 1.0
    assert toneless("Ký") == toneless("kí") == "ki"
    assert toneless("vắng") == "văng" != toneless("vàng")


def test_abbreviations_in_names_match_their_spelled_out_words() -> None:
    index = NameIndex(NAMES)
    assert ranked(index, "mất căn cước công dân làm lại")[0] == 5
    assert ranked(index, "mat cccd lam lai")[0] == 5


def test_question_words_and_unknown_words() -> None:
    assert [s for s, _ in question_syllables("cho tôi hỏi làm hộ khẩu ở đâu")] == ["ho", "khau"]
    index = NameIndex(NAMES)
    assert not index.scores("cho tôi hỏi").any()  # nothing but question words
    assert index.scores("hộ khẩu xyzabc")[0] < index.scores("hộ khẩu")[0]  # unknown words count
