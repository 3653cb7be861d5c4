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
