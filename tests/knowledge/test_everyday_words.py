from knowledge.everyday_words import EVERYDAY_WORDS, everyday_words
from knowledge.text import fold


def test_everyday_words_become_the_catalogs() -> None:
    assert everyday_words("đánh rơi căn cước") == "mất căn cước"
    assert everyday_words("thất lạc bìa đỏ") == "mất sổ đỏ"
    assert everyday_words("cải chín tên bị sai") == "cải chính tên bị sai"


def test_a_phrase_typed_without_marks_is_read_without_marks() -> None:
    assert everyday_words("danh roi can cuoc") == "mat can cuoc"
    assert everyday_words("sang ten oto") == "sang ten o to"


def test_a_phrase_typed_with_other_marks_is_another_word() -> None:
    assert everyday_words("đánh rổi") == "đánh rổi"
    assert everyday_words("sô hông") == "sô hông"


def test_the_rest_of_the_text_stays_as_typed() -> None:
    assert everyday_words("Đánh rơi CCCD, làm lại ở đâu?") == "mất CCCD, làm lại ở đâu?"
    assert everyday_words("Cấp lại Sổ Hồng") == "Cấp lại sổ đỏ"
    assert everyday_words("khai sinh cho con") == "khai sinh cho con"


def test_reading_twice_changes_nothing_more() -> None:
    """No meaning holds a phrase of the table, so questions and names are read once for all."""
    for meaning in EVERYDAY_WORDS.values():
        assert everyday_words(meaning) == meaning
        assert everyday_words(fold(meaning)) == fold(meaning)
