"""Variants asked, not guessed (knowledge/variants.py): groups found in the names of the
bundled catalog and of the national records, one question per separating detail, never a
detail the question already gives, and the ranking left as it was."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from knowledge.catalog.models import Procedure
from knowledge.catalog.portal.convert import convert
from knowledge.catalog.store import Catalog
from knowledge.retriever import Retriever
from knowledge.variants import GENERIC_QUESTION, Clarify, clarify

# National records: the marriage and birth families, the identity card by age and level,
# the electronic identity lock at two levels, guardianship.
CODES = (
    "1.000894",  # Thủ tục đăng ký kết hôn
    "1.000593",  # ... kết hôn lưu động
    "1.004746",  # ... đăng ký lại kết hôn
    "2.000806",  # ... kết hôn có yếu tố nước ngoài
    "1.001193",  # Thủ tục đăng ký khai sinh
    "1.004772",  # ... khai sinh cho người đã có hồ sơ, giấy tờ cá nhân
    "1.000656",  # Thủ tục đăng ký khai tử
    "1.014061",  # Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên
    "1.014062",  # Cấp thẻ căn cước cho người dưới 14 tuổi
    "1.014063",  # Cấp đổi thẻ căn cước
    "1.014064",  # Cấp lại thẻ căn cước
    "3.000276",  # Khóa căn cước điện tử (thực hiện tại cấp tỉnh)
    "3.000271",  # Khóa căn cước điện tử (thực hiện tại cấp trung ương)
    "1.004837",  # Thủ tục đăng ký giám hộ
    "3.000323",  # Đăng ký giám sát việc giám hộ
    "3.000346",  # Cấp giấy phép lái xe
    "3.000348",  # Cấp lại giấy phép lái xe
)


@pytest.fixture(scope="module")
def national(shared: Path) -> dict[str, Procedure]:
    found: dict[str, Procedure] = {}
    with (shared / "national-catalog" / "procedures.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["ma_thu_tuc"] in CODES:
                found[record["ma_thu_tuc"]] = convert(record, dt.date(2026, 12, 1)).procedure
    assert set(found) == set(CODES)
    return found


def ask(question: str, *procedures: Procedure) -> Clarify | None:
    """Clarify over `procedures` ranked in this order, scores falling gently."""
    return clarify(question, [(p, 3.0 - 0.1 * i) for i, p in enumerate(procedures)])


def choices(found: Clarify | None) -> list[tuple[str, str]]:
    assert found is not None
    return [(option.id, option.label) for option in found.options]


def test_birth_in_the_country_or_with_a_foreign_element(catalog: Catalog) -> None:
    birth, foreign = catalog.get("ho-tich.khai-sinh"), catalog.get("ho-tich.khai-sinh-nuoc-ngoai")
    assert birth and foreign
    found = ask("làm giấy khai sinh cho con", birth, foreign)
    assert found is not None
    assert found.question.startswith("Trong nước hay có yếu tố nước ngoài")
    assert choices(found) == [
        ("ho-tich.khai-sinh", "Trong nước"),
        ("ho-tich.khai-sinh-nuoc-ngoai", "Có yếu tố nước ngoài"),
    ]
    assert [o.code for o in found.options] == ["1.001193", "2.000528"]
    # options best first: the foreign variant ranked first is offered first
    assert choices(ask("khai sinh", foreign, birth))[0][0] == "ho-tich.khai-sinh-nuoc-ngoai"


def test_marriage_variants_and_a_detail_already_given(catalog: Catalog) -> None:
    marriage, foreign = catalog.get("ho-tich.ket-hon"), catalog.get("ho-tich.ket-hon-nuoc-ngoai")
    assert marriage and foreign
    assert [i for i, _ in choices(ask("dang ky ket hon", marriage, foreign))] == [
        "ho-tich.ket-hon",
        "ho-tich.ket-hon-nuoc-ngoai",
    ]
    for given in (
        "kết hôn với người nước ngoài",
        "ket hon voi viet kieu",
        "đăng ký kết hôn, hai đứa ở hai tỉnh khác nhau",  # another province is not foreign
        "đăng ký kết hôn trong nước",
    ):
        assert ask(given, marriage, foreign) is None, given


def test_identity_card_lost_or_damaged(catalog: Catalog) -> None:
    cards = [catalog.get(f"can-cuoc.{i}") for i in ("cap-lai", "cap-moi", "cap-doi")]
    assert all(cards)
    found = ask("làm lại căn cước", *[c for c in cards if c])
    assert found is not None
    assert found.question == "Làm lần đầu, bị mất hay bị hỏng/hết hạn/đổi thông tin?"
    assert choices(found) == [
        ("can-cuoc.cap-lai", "Bị mất (cấp lại)"),
        ("can-cuoc.cap-moi", "Làm lần đầu"),
        ("can-cuoc.cap-doi", "Bị hỏng, hết hạn, đổi thông tin (cấp đổi)"),
    ]
    for given in ("căn cước bị mất", "cấp đổi căn cước", "thẻ căn cước hết hạn", "cccd bi hong"):
        assert ask(given, *[c for c in cards if c]) is None, given


def test_other_acts_are_not_variants(catalog: Catalog) -> None:
    pairs = [
        ("cu-tru.thuong-tru", "cu-tru.xoa-thuong-tru"),  # "Xóa ..." is another act
        ("cu-tru.tam-tru", "cu-tru.gia-han-tam-tru"),
        ("ho-tich.khai-sinh", "ho-tich.khai-tu"),  # one syllable swapped, no known detail
        ("ho-tich.khai-sinh", "ho-tich.khai-sinh-lien-thong"),
    ]
    for first, second in pairs:
        a, b = catalog.get(first), catalog.get(second)
        assert a and b
        assert ask("thủ tục", a, b) is None, (first, second)


def test_national_age_and_level(national: dict[str, Procedure]) -> None:
    adult, child = national["1.014061"], national["1.014062"]
    found = ask("làm căn cước", child, adult)
    assert found is not None
    assert found.question == "Người làm từ đủ 14 tuổi hay dưới 14 tuổi?"
    assert choices(found) == [
        ("tthc.1.014062", "Dưới 14 tuổi"),
        ("tthc.1.014061", "Từ đủ 14 tuổi trở lên"),
    ]
    assert ask("làm căn cước cho bé dưới 14 tuổi", child, adult) is None
    province, central = national["3.000276"], national["3.000271"]
    found = ask("khóa căn cước điện tử", province, central)
    assert found is not None and found.question == "Làm ở cấp tỉnh hay cấp trung ương?"
    assert [o.code for o in found.options] == ["3.000276", "3.000271"]
    assert ask("khóa căn cước điện tử ở cấp tỉnh", province, central) is None


def test_national_marriage_family_in_one_question(national: dict[str, Procedure]) -> None:
    family = [national[c] for c in ("1.000894", "1.000593", "1.004746", "2.000806")]
    found = ask("đăng ký kết hôn", *family)
    assert found is not None and found.question == GENERIC_QUESTION
    assert [o.label for o in found.options] == [
        "Đăng ký kết hôn",
        "Đăng ký kết hôn lưu động",
        "Đăng ký lại kết hôn",
        "Đăng ký kết hôn có yếu tố nước ngoài",
    ]
    assert ask("đăng ký kết hôn lưu động tại nhà", *family) is None


def test_national_added_words_become_the_labels(national: dict[str, Procedure]) -> None:
    birth, papers = national["1.001193"], national["1.004772"]
    found = ask("khai sinh", birth, papers)
    assert found is not None and found.question == GENERIC_QUESTION
    assert choices(found) == [
        ("tthc.1.001193", "Đăng ký khai sinh"),
        ("tthc.1.004772", "Cho người đã có hồ sơ, giấy tờ cá nhân"),
    ]
    assert ask("khai sinh cho người đã có giấy tờ cá nhân", birth, papers) is None
    # "khai tử" is not a variant of "khai sinh"; "giám sát việc giám hộ" is not of "giám hộ"
    assert ask("khai sinh", birth, national["1.000656"]) is None
    assert ask("giám hộ", national["1.004837"], national["3.000323"]) is None


def test_search_asks_without_changing_the_ranking(retriever: Retriever) -> None:
    result = retriever.search_procedures("làm giấy khai sinh cho con", k=5)
    assert result.abstain is False and result.hits[0].id == "ho-tich.khai-sinh"
    # two details (foreign element, registered again): which procedure, by name, best first
    assert result.clarify is not None and result.clarify.question == GENERIC_QUESTION
    assert [(o.id, o.label) for o in result.clarify.options] == [
        ("ho-tich.khai-sinh", "Đăng ký khai sinh"),
        ("ho-tich.khai-sinh-nuoc-ngoai", "Đăng ký khai sinh có yếu tố nước ngoài"),
        ("ho-tich.khai-sinh-lai", "Đăng ký lại khai sinh"),
    ]
    one = retriever.search_procedures("làm giấy khai sinh cho con", k=1)
    assert [h.id for h in one.hits] == [result.hits[0].id] and one.clarify == result.clarify
    given = retriever.search_procedures("làm giấy khai sinh cho con sinh ở nước ngoài", k=5)
    assert given.clarify is None
    assert retriever.search_procedures("hôm nay thời tiết thế nào").clarify is None


def test_a_licence_reissued_is_not_said_lost(national: dict[str, Procedure]) -> None:
    first, again = national["3.000346"], national["3.000348"]
    found = ask("giấy phép lái xe", first, again)
    assert found is not None and found.question == "Làm lần đầu hay cấp lại?"
    assert choices(found) == [("tthc.3.000346", "Làm lần đầu"), ("tthc.3.000348", "Cấp lại")]
