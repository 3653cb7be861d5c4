from collections import Counter

from knowledge.lexical import skeleton, skeleton_terms, split_syllable
from knowledge.ocr import GarbledForms, SyllableRepair
from knowledge.text import fold


def test_split_syllable() -> None:
    assert split_syllable("nghieng") == ("ngh", "ie", "ng")
    assert split_syllable("quyet") == ("qu", "ye", "t")
    assert split_syllable("a") == ("", "a", "")


def test_skeleton_ignores_garbled_vowels() -> None:
    assert skeleton("c6ng") == skeleton("cong") == "c-ng"
    assert skeleton("nh4n") == skeleton("nhan")
    assert skeleton_terms("c6ng thuong 2021") == ["c-ng_th-ng"]


def test_repair_restores_real_syllables_from_the_lexicon() -> None:
    lexicon = SyllableRepair(
        Counter({"cong": 50, "can": 5, "nhan": 20, "hien": 30, "tuc": 10, "thu": 12, "so": 40})
    )
    garbled = fold("c6ng nh4n hiQn tgc s6 2021 xyzzyqq")
    assert lexicon.text(garbled) == "cong nhan hien tuc so 2021 xyzzyqq"


def test_known_syllables_are_left_alone() -> None:
    lexicon = SyllableRepair(Counter({"can": 5, "cong": 50}))
    assert lexicon.repair("can") == "can"


def test_garbled_forms_of_a_clean_syllable() -> None:
    lexicon = SyllableRepair(Counter({"yen": 3, "bai": 5, "giai": 40, "gia": 30, "cong": 50}))
    tokens = fold("tinh YGn Bii, YAn Bdi; giai quyet c6ng viec Ddk Ldk").split()
    forms = GarbledForms(tokens, lexicon)
    assert set(forms.of("yen")) == {"ygn", "yan"}
    assert set(forms.of("bai")) == {"bii", "bdi"}
    assert forms.of("cong") == ("c6ng",)
    assert set(forms.of("dak")) == {"ddk"}
    # A real syllable is never a garbled form of another, nor is a different shape.
    assert "giai" not in forms.of("gia")
    assert forms.of("viet") == ()
    assert forms.of("2021") == ()
    assert lexicon.knows("giai") and not lexicon.knows("ygn")


def test_confident_repairs_only_plain_garbling_with_a_clear_winner() -> None:
    lexicon = SyllableRepair(
        Counter({"cong": 50, "cung": 4, "hien": 30, "to": 20, "tu": 30, "so": 40, "xii": 9})
    )
    assert lexicon.confident("c6ng") == "cong"  # a digit in the vowel; cong far ahead of cung
    assert lexicon.confident("hiqn") == "hien"
    assert lexicon.confident("t6") is None  # to or tu: too close to call
    assert lexicon.confident("cong") is None  # a real syllable is never changed
    assert lexicon.confident("1ong") is None  # the first letter itself is garbled
    assert lexicon.confident("std") is None  # no vowel at all: an abbreviation as likely
    assert lexicon.confident("xir") is None  # "xii" is no Vietnamese syllable
    assert lexicon.confident("2021") is None
