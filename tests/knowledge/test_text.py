from knowledge.retriever import Retriever
from knowledge.text import (
    char_ngrams,
    fold,
    has_diacritics,
    normalize_query,
    shorthand_expanded,
    strip_marks,
)


def test_fold_removes_marks_and_d_bar() -> None:
    assert fold("Đăng ký KẾT HÔN, ở đâu?") == "dang ky ket hon o dau"


def test_fold_handles_decomposed_input() -> None:
    decomposed = "Thu\u0309 tu\u0323c"  # combining hook and dot, as some keyboards send
    assert fold(decomposed) == "thu tuc"


def test_strip_marks_keeps_case() -> None:
    assert strip_marks("Đắk Lắk") == "Dak Lak"


def test_has_diacritics() -> None:
    assert has_diacritics("sổ đỏ")
    assert not has_diacritics("so do bao nhieu tien")


def test_shorthand_and_repeats_are_expanded() -> None:
    assert normalize_query("Lam cccd mat bn tien dc ko???") == (
        "lam can cuoc cong dan mat bao nhieu tien duoc khong"
    )
    assert normalize_query("khaiii sinhhh") == "khai sinh"


def test_central_question_words_become_standard() -> None:
    assert normalize_query("làm giấy khai sinh ở mô") == "lam giay khai sinh o dau"
    assert normalize_query("can chi de lam ho chieu") == "can gi de lam ho chieu"


def test_shorthand_expanded_keeps_diacritics() -> None:
    assert shorthand_expanded("đổi GPLX ở đâu") == "đổi giay phep lai xe ở đâu"


def test_char_ngrams_mark_boundaries() -> None:
    assert char_ngrams(["so", "do"], 3) == ["#so", "so#", "#do", "do#"]
    assert char_ngrams(["a"], 3) == ["#a#"]


def test_damaged_is_not_read_as_khong() -> None:
    # Shorthand is read on the word as typed (vntext): "hỏng" (damaged) stays itself, so
    # the curated alias "căn cước bị hỏng" matches as written; "hông" is still "không".
    assert normalize_query("thẻ căn cước bị hỏng") == "the can cuoc bi hong"
    assert fold("căn cước bị hỏng") in normalize_query("thẻ căn cước bị hỏng rồi")
    assert normalize_query("làm lại được hông") == "lam lai duoc khong"
    assert shorthand_expanded("thẻ bị hỏng") == "thẻ bị hỏng"


def test_the_damaged_card_alias_is_found_by_its_words(retriever: Retriever) -> None:
    for question in ("thẻ căn cước bị hỏng", "the can cuoc bi hong"):
        found = retriever.search_procedures(question, k=3)
        assert not found.abstain and found.hits[0].id == "can-cuoc.cap-lai", question
        assert found.hits[0].lexical > 0
