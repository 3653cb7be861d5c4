"""Which plan a question names: syllable pairs read through OCR noise, names counted once."""

from __future__ import annotations

from collections import Counter

import numpy as np

from knowledge.document_names import PairEvidence, PlanNames
from knowledge.ocr import SyllableRepair
from knowledge.text import fold

REAL = (
    "so cong thuong tinh yen bai gia lai an giang thai nguyen khoa hoc va nghe ke hoach"
    " ve hoa ho danh lai chat luong dich vu trien khai cua nhiem giao dot cao diem ngay dem"
)
LEXICON = SyllableRepair(Counter(REAL.split()))


def words(text: str) -> list[str]:
    return fold(text).split()


def test_a_garbled_province_name_still_names_its_plan() -> None:
    documents = [
        fold("KE HOACH cua S& C6ng Thuong tinh YGn Bii ve so hoa ho so"),
        fold("KE HOACH cua So Cong Thuong tinh Gia Lai ve so hoa ho so"),
        fold("KE HOACH cua So Khoa hoc va Cong nghe tinh An Giang ve so hoa ho so"),
    ]
    query = words("Sở Công Thương Yên Bái số hóa hồ sơ")
    assert np.argmax(PairEvidence(documents, LEXICON).scores(query)) == 0
    # Read exactly, the garbled plan loses to the clean one of the same agency.
    assert np.argmax(PairEvidence(documents).scores(query)) == 1


def test_a_pair_met_once_by_chance_counts_less_than_a_name() -> None:
    documents = [
        fold("Ra soat, danh gia lai chat luong dich vu cong truc tuyen dang cung cap"),
        fold("tinh Gia Lai. So Cong Thuong tinh Gia Lai. Gia Lai"),
    ]
    scores = PairEvidence(documents, LEXICON).scores(words("Gia Lai"))
    assert scores[1] > scores[0] > 0


def test_a_long_agency_name_counts_once() -> None:
    openings = [
        fold("SO KHOA HOC VA CONG NGHE tinh An Giang"),
        fold("UY BAN NHAN DAN tinh Thai Nguyen"),
        fold("So Cong Thuong tinh Gia Lai"),
        fold("So Cong Thuong tinh Yen Bai"),
    ]
    bodies = [
        openings[0],
        fold("Thai Nguyen. So Khoa hoc va Cong nghe chu tri nang cap he thong"),
        openings[2],
        openings[3],
    ]
    names = PlanNames(bodies, openings, LEXICON)
    query = words("Sở Khoa học và Công nghệ Thái Nguyên được giao nhiệm vụ gì")
    # Five pairs of the agency's name are one name, as is the province's one pair.
    assert np.argmax(names.scores(query)) == 1
    assert names.naming_words(query, 1) == {"thai", "nguyen"}


def test_words_that_name_a_plan_are_pairs_few_plans_open_with() -> None:
    openings = [
        fold("So Cong Thuong tinh Gia Lai ke hoach"),
        fold("So Cong Thuong tinh Yen Bai ke hoach"),
        fold("UBND tinh Thai Nguyen ke hoach dot cao diem 45 ngay dem"),
        fold("So Khoa hoc va Cong nghe tinh An Giang ke hoach"),
    ]
    names = PlanNames(openings, openings, LEXICON)
    query = words("ke hoach dot cao diem 45 ngay dem cua Thai Nguyen bat dau khi nao")
    named = names.naming_words(query, 2)
    assert {"dot", "cao", "diem", "thai", "nguyen"} <= named
    assert "bat" not in named and "ke" not in named  # "ke hoach" opens every plan
    assert names.naming_words(words("So Cong Thuong"), 0) == set()  # two plans open with it


def test_one_plan_has_no_name_to_tell_it_from_others() -> None:
    opening = fold("UBND tinh Thai Nguyen ke hoach dot cao diem")
    names = PlanNames([opening], [opening], LEXICON)
    assert names.naming_words(words("dot cao diem Thai Nguyen"), 0) == set()
