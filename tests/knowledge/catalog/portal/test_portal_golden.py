"""Golden tests: real captured procedure pages of different shapes, parsed exactly.

Each test reads one record of ../shared/national-catalog/procedures.jsonl in place and
asserts its channels (time, fee), dossier components (name, kind, counts, form, case)
and agencies as the page shows them. Long component names are checked by their start.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from knowledge.catalog.facts import ChannelKind, CopyKind, DossierItem
from knowledge.catalog.models import Level, Online, Procedure
from knowledge.catalog.portal.convert import Converted, convert

TODAY = dt.date(2026, 5, 4)
ONLINE, IN_PERSON, POSTAL = ChannelKind.ONLINE, ChannelKind.IN_PERSON, ChannelKind.POSTAL
ORIGINAL, COPY, NONE = CopyKind.ORIGINAL, CopyKind.COPY, CopyKind.NO_PAPER
Records = dict[str, dict[str, Any]]


def parse(records: Records, code: str) -> Converted:
    return convert(records[code], TODAY)


def channels(p: Procedure) -> list[tuple[str, str | None, str | None]]:
    """(channel, time as shown, fee as shown) per row."""
    return [
        (c.kind.value, c.time.text if c.time else None, c.fee.text if c.fee else None)
        for c in p.channels
    ]


def component(
    item: DossierItem, prefix: str, kind: CopyKind, counts: tuple[int | None, int | None]
):
    assert item.name.startswith(prefix), item.name
    assert (item.kind, (item.originals, item.copies)) == (kind, counts), item.name


def test_numbered_case_groups_fee_per_order(portal_records: Records) -> None:
    p = parse(portal_records, "1.011325").procedure
    assert p.levels == [Level.PROVINCE]
    assert channels(p) == [
        ("trực tuyến", "5 Ngày làm việc", "2,000,000 Việt Nam Đồng"),
        ("dịch vụ bưu chính", "5 Ngày làm việc", "2,000,000 Việt Nam Đồng"),
        ("trực tiếp", "5 Ngày làm việc", "2,000,000 Việt Nam Đồng"),
    ]
    fee = p.channels[0].fee
    assert fee and (fee.amount, fee.currency, fee.per) == (2_000_000, "VND", "đơn hàng")
    assert p.processing_time.working_days == 5
    cases = [i.condition for i in p.dossier]
    first = "(1) Thành phần hồ sơ cấp Giấy phép nhập khẩu, xuất khẩu thuốc thú y"
    second = "(2) Thành phần hồ sơ cấp lại Giấy phép nhập khẩu, xuất khẩu thuốc thú y"
    assert [c[: len(first)] for c in cases[:6]] == [first] * 6
    assert [c[: len(second)] for c in cases[6:]] == [second] * 2
    assert not any(i.required for i in p.dossier)
    component(p.dossier[0], "Các tài liệu nêu trên nếu bằng tiếng nước ngoài", NONE, (0, None))
    component(p.dossier[1], "Bản sao hợp đồng, đơn hàng liên quan", COPY, (0, 1))
    component(p.dossier[2], "Đơn đề nghị cấp giấy phép nhập khẩu, xuất khẩu", ORIGINAL, (1, None))
    assert p.dossier[2].form == "Mẫu số 01.docx"
    component(
        p.dossier[5], "Bản sao có chứng thực các giấy tờ sau", CopyKind.CERTIFIED_COPY, (0, 1)
    )
    assert [(r.name, r.code) for r in p.results] == [
        ("Giấy phép nhập khẩu, xuất khẩu", "KQ.G10.000272")
    ]
    assert [law.number for law in p.legal_basis] == [
        "101/2020/TT-BTC",
        "105/2021/NĐ-CP",
        "13/2022/TT-BNNPTNT",
        "12/2020/TT-BNNPTNT",
    ]


def test_case_groups_named_after_the_procedure_and_fees_per_channel(
    portal_records: Records,
) -> None:
    p = parse(portal_records, "1.004222").procedure
    assert channels(p) == [
        ("trực tuyến", "7 Ngày làm việc", "10,000 Việt Nam Đồng"),
        ("trực tiếp", "7 Ngày làm việc", "20,000 Việt Nam Đồng"),
    ]
    assert [(f.name, f.amount_vnd) for f in p.fees] == [
        ("Phí, lệ phí (trực tuyến)", 10_000),
        ("Phí, lệ phí (trực tiếp)", 20_000),
    ]
    conditions = list(dict.fromkeys(i.condition for i in p.dossier if not i.required))
    assert conditions[0] == "Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của mình"
    assert conditions[1].startswith("Người được chăm sóc, nuôi dưỡng, trợ giúp được đăng ký")
    assert len(conditions) == 6
    assert p.agency.performing == ["Công an cấp Xã"] and p.level is Level.COMMUNE


def test_descriptive_headings_apply_to_all_and_a_case_is_a_case(portal_records: Records) -> None:
    p = parse(portal_records, "1.000757").procedure
    assert [(i.required, i.form) for i in p.dossier] == [
        (True, "Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước.doc"),
        (True, "Mẫu CC01 Phiếu thu nhận thông tin căn cước.doc"),
        (False, None),
    ]
    assert p.dossier[2].condition.startswith("Trường hợp người đề nghị cấp, cấp đổi, cấp lại")
    assert channels(p) == [
        ("trực tuyến", "7 Ngày làm việc", "Miễn phí"),
        ("trực tiếp", "7 Ngày làm việc", "70,000 Việt Nam Đồng"),
    ]
    assert p.channels[0].fee and p.channels[0].fee.note == "Chưa quy định."
    assert p.channels[1].fee and p.channels[1].fee.per == "thẻ căn cước"
    assert p.level is Level.CENTRAL


def test_foreign_currency_fees_with_a_damaged_unit_kept(portal_records: Records) -> None:
    p = parse(portal_records, "1.003358").procedure
    fees = [(c.kind, c.fee.amount, c.fee.currency) for c in p.channels if c.fee]
    assert fees == [
        (ONLINE, 145, "USD"),
        (POSTAL, 145, "USD"),
        (IN_PERSON, 155, "VND"),  # the page says "155 VNĐ" while its note says 155 USD
        (ONLINE, 155, "USD"),
        (ONLINE, 165, "USD"),
        (POSTAL, 155, "USD"),
        (POSTAL, 165, "USD"),
        (IN_PERSON, 145, "VND"),
        (IN_PERSON, 165, "VND"),
    ]
    assert {c.fee.per for c in p.channels if c.fee} == {"thẻ"}
    first = p.fees[0]
    assert (first.amount_vnd, first.note) == (
        None,
        "145 USD; Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ.",
    )
    component(p.dossier[0], "02 ảnh cỡ 2x3cm", ORIGINAL, (2, None))
    component(p.dossier[1], "Giấy tờ chứng minh thuộc diện", CopyKind.ORIGINAL_AND_COPY, (1, 1))
    assert p.dossier[2].form == "7-Mẫu NA6 (1).doc"
    component(p.dossier[3], "Trường hợp nộp hồ sơ trực tuyến thì hộ chiếu", NONE, (0, None))
    assert p.dossier[5].form == "9-Mẫu NA8.doc"


def test_fee_in_dollars_per_paper(portal_records: Records) -> None:
    p = parse(portal_records, "1.000807").procedure
    assert channels(p) == [
        ("trực tuyến", "5 Ngày", "10 USD"),
        ("dịch vụ bưu chính", "5 Ngày", "10 USD"),
        ("trực tiếp", "5 Ngày", "10 USD"),
    ]
    fee = p.channels[0].fee
    assert fee and (fee.amount, fee.currency, fee.per, fee.note) == (
        10,
        "USD",
        "giấy",
        "10USD/giấy",
    )
    assert p.channels[0].time and p.channels[0].time.unit == "ngày"
    assert p.processing_time.working_days is None  # calendar days are not working days


def test_per_page_fee_no_time_and_other_agencies(portal_records: Records) -> None:
    p = parse(portal_records, "2.000815").procedure
    assert p.levels == [Level.COMMUNE, Level.OTHER]
    assert channels(p) == [
        ("trực tiếp", None, "2,000 Việt Nam Đồng"),
        ("trực tiếp", None, "10 USD"),
    ]
    assert [(c.fee.amount, c.fee.per, c.fee.note) for c in p.channels if c.fee] == [
        (2000, "trang", "/trang"),
        (10, "bản", "/bản"),
    ]
    assert p.processing_time.text == "" and p.processing_time.working_days is None
    assert p.agency.performing == ["Tổ chức hành nghề công chứng", "Cơ quan đại diện có thẩm quyền"]
    assert p.online is Online.NONE and p.postal.receive is False


def test_per_page_fee_with_its_own_scale(portal_records: Records) -> None:
    p = parse(portal_records, "2.000942").procedure
    fee = p.channels[0].fee
    assert fee and (fee.text, fee.amount, fee.per) == ("2,000 Việt Nam Đồng", 2000, "trang")
    assert fee.note and fee.note.startswith(
        "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang"
    )


def test_no_dossier_at_all(portal_records: Records) -> None:
    result = parse(portal_records, "6.006577")
    p = result.procedure
    assert p.dossier == [] and result.notes == []
    assert channels(p) == [("dịch vụ bưu chính", "15 Ngày", None)]
    assert p.fees == [] and p.online is Online.NONE
    assert p.agency.competent == ["Bộ Xây dựng", "Thủ tướng Chính phủ"]


def test_dossier_field_without_a_table_and_no_time_or_fee(portal_records: Records) -> None:
    result = parse(portal_records, "6.003500")
    p = result.procedure
    assert p.dossier == []
    assert "thành phần hồ sơ không có dạng bảng" in result.notes
    assert channels(p) == [
        ("trực tiếp", None, None),
        ("trực tuyến", None, None),
        ("dịch vụ bưu chính", None, None),
    ]
    assert p.channels[0].description == "Không quy định thời hạn giải quyết, phí, lệ phí"
    assert p.processing_time.text == "" and p.fees == []


def test_three_levels_and_hours(portal_records: Records) -> None:
    p = parse(portal_records, "1.013065").procedure
    assert p.levels == [Level.CENTRAL, Level.PROVINCE, Level.COMMUNE]
    assert p.level is Level.COMMUNE  # the primary level is the one nearest to citizens
    assert channels(p) == [("trực tuyến", "8 Giờ", "Miễn phí")]
    assert p.channels[0].time and (p.channels[0].time.value, p.channels[0].time.unit) == (8, "giờ")
    assert p.agency.performing == ["Công an tỉnh", "Cục cảnh sát giao thông", "Công an cấp Xã"]
    assert p.dossier[0].form == "KX11 (1).docx"


def test_several_performing_agencies(portal_records: Records) -> None:
    p = parse(portal_records, "3.000348").procedure
    assert p.agency.performing == ["Công an cấp Xã", "Cục cảnh sát giao thông", "Công an tỉnh"]
    assert p.agency.name == "Công an cấp Xã, Cục cảnh sát giao thông, Công an tỉnh"
    assert p.agency.competent == ["Cục cảnh sát giao thông"]
    assert p.levels == [Level.CENTRAL, Level.PROVINCE]
    fee = p.channels[0].fee
    assert (
        fee
        and fee.free
        and fee.note
        and fee.note.startswith("Lệ phí cấp giấy phép lái xe: 135.000")
    )
    assert [f.amount_vnd for f in p.fees] == [0]


def test_cooperating_agencies_and_present_group(portal_records: Records) -> None:
    p = parse(portal_records, "2.000513").procedure
    assert p.agency.performing == [] and p.agency.name == ""
    assert p.agency.cooperating == ["Công an cấp Xã", "Sở Tư pháp Thành phố Hà Nội"]
    assert [(i.kind, i.group) for i in p.dossier[:3]] == [
        (CopyKind.PRESENT, "* Giấy tờ phải xuất trình:"),
        (NONE, "* Giấy tờ phải xuất trình:"),
        (CopyKind.PRESENT, "* Giấy tờ phải xuất trình:"),
    ]
    assert p.dossier[6].group == "* Giấy tờ phải nộp:" and p.dossier[6].kind is COPY
    assert all(i.required for i in p.dossier)  # submit and present groups apply to everyone
    assert channels(p)[0] == ("trực tuyến", "5", "Miễn phí")


def test_authorized_agency(portal_records: Records) -> None:
    p = parse(portal_records, "1.011675").procedure
    assert p.agency.authorized == ["Sở Tư pháp Thành phố Hà Nội"]
    assert p.dossier[0].form == (
        "Van ban de nghi mien nhiem thu hoi the giam dinh vien tu phap xay dung (cap tinh).docx"
    )
    assert p.dossier[0].kind is CopyKind.ORIGINAL_AND_COPY


def test_time_running_into_the_fee_is_split_and_noted(portal_records: Records) -> None:
    result = parse(portal_records, "1.000014")
    p = result.procedure
    assert channels(p) == [("trực tuyến", "1", "20 VNĐ"), ("trực tiếp", "1", "20 VNĐ")]
    assert p.channels[0].fee and p.channels[0].fee.note == "20.000 vnđ /tờ khai"
    assert result.notes == ["thời hạn và lệ phí dính liền"]
    component(p.dossier[2], "Tờ khai hải quan nhập khẩu: 02 bản chính.", ORIGINAL, (2, None))


def test_sections_read_again_from_the_page_when_cut_wrongly(portal_records: Records) -> None:
    result = parse(portal_records, "1.001521")
    p = result.procedure
    assert result.notes == [
        "trình tự và thành phần hồ sơ đọc lại từ toàn văn trang",
        "cơ quan còn nhắc cấp huyện",
    ]
    assert len(p.dossier) == 8 and p.dossier[0].name.startswith("8. Trường hợp đang hưởng")
    assert p.steps[0].startswith("Bước 1. Lập, nộp hồ sơ NLĐ lập hồ sơ theo quy định tại mục 5.3")
    assert "(Thành phần hồ sơ)" in p.steps[0]
    assert p.agency.performing == ["Bảo hiểm xã hội cấp Tỉnh", "Bảo hiểm xã hội cấp huyện"]


def test_district_wording_is_kept_as_captured_and_noted(portal_records: Records) -> None:
    result = parse(portal_records, "1.003777")
    p = result.procedure
    assert p.agency.performing == ["Công an cấp Tỉnh", "Công an huyện"]
    assert result.notes == ["cơ quan còn nhắc cấp huyện"]
    assert channels(p) == [("trực tiếp", "10 Ngày", None)] * 3
    assert p.dossier[-1].condition and p.dossier[-1].condition.startswith("Trường hợp xuất ngũ")


def test_free_text_time_and_original_with_copy(portal_records: Records) -> None:
    p = parse(portal_records, "1.007689").procedure
    assert channels(p) == [
        ("trực tuyến", "Không phải trả kết quả cho người nộp thuế", "Miễn phí"),
        ("dịch vụ bưu chính", "Không phải trả kết quả cho người nộp thuế", "Miễn phí"),
        ("trực tiếp", "Không phải trả kết quả cho người nộp thuế", "Miễn phí"),
    ]
    assert p.processing_time.text == "Không phải trả kết quả cho người nộp thuế"
    first, second = p.dossier
    assert (first.name, first.form) == (
        "Tờ khai thuế đối với hoạt động cho thuê bất động sản (Mẫu số 01/BĐS)",
        "01 BĐS.docx",
    )
    assert (first.kind, first.count) == (CopyKind.ORIGINAL_AND_COPY, 1)
    assert (second.form, second.kind) == ("01 BK-BĐS.docx", ORIGINAL)
    assert p.agency.submit_at == "Thuế cơ sở."


def test_submit_present_and_notes_groups(portal_records: Records) -> None:
    p = parse(portal_records, "1.000080").procedure
    groups = list(dict.fromkeys(i.group for i in p.dossier))
    assert groups == ["* Giấy tờ phải nộp:", "* Giấy tờ phải xuất trình:", "* Lưu ý:", None]
    notes = [i for i in p.dossier if i.group == "* Lưu ý:"]
    assert len(notes) == 15 and {i.kind for i in notes} == {NONE}
    present = [i for i in p.dossier if i.kind is CopyKind.PRESENT]
    assert [i.name[:30] for i in present] == [
        "Giấy tờ có giá trị chứng minh ",
        "Hộ chiếu/Thẻ căn cước công dân",
        "Bản sao giấy tờ chứng minh nhâ",
    ]
    assert channels(p)[0] == ("trực tuyến", "7", "Miễn phí")


def test_unitless_time_for_birth_registration(portal_records: Records) -> None:
    p = parse(portal_records, "1.001193").procedure
    assert [c.time.model_dump() if c.time else None for c in p.channels] == [
        {"text": "1", "value": 1.0, "unit": None}
    ] * len(p.channels)
    assert p.processing_time.working_days is None  # "1" says no unit: not taken as days
    assert [f.amount_vnd for f in p.fees] == [0]
    assert [(r.name, r.code) for r in p.results] == [("Giấy khai sinh", "KQ.G15.000031")]


def test_cases_introduced_with_doi_voi(portal_records: Records) -> None:
    p = parse(portal_records, "2.002799").procedure
    assert [(i.name, i.condition) for i in p.dossier] == [
        ("Giấy đề nghị tạm ứng", "- Đối với trường hợp tạm ứng chi phí định giá tài sản"),
        (
            "Bảng tính toán tổng chi phí thực hiện định giá tài sản và cơ sở tính toán chi phí "
            "thực hiện định giá tài",
            "- Đối với trường hợp tạm ứng chi phí định giá tài sản",
        ),
        (p.dossier[2].name, "Đối với trường hợp thanh toán chi phí định giá tài sản"),
        ("Giấy đề nghị thanh toán", "Đối với trường hợp thanh toán chi phí định giá tài sản"),
    ]
    assert p.agency.performing == ["Tòa án nhân dân_old"]  # as captured


def test_different_fee_per_channel_in_vnd(portal_records: Records) -> None:
    p = parse(portal_records, "2.000102").procedure
    assert channels(p) == [
        ("trực tuyến", "8 Ngày", "30,000,000 VNĐ"),
        ("dịch vụ bưu chính", "8 Ngày", "15,000,000 VNĐ"),
        ("trực tiếp", "8 Ngày", "30,000,000 VNĐ"),
    ]
    assert [(f.name, f.amount_vnd) for f in p.fees] == [
        ("Phí, lệ phí (trực tuyến, trực tiếp)", 30_000_000),
        ("Phí, lệ phí (dịch vụ bưu chính)", 15_000_000),
    ]
    assert p.agency.submit_at == "119 Nguyễn Sơn, phường Bồ Đề, thành phố Hà Nội"


def test_several_form_files_in_one_row(portal_records: Records) -> None:
    p = parse(portal_records, "1.014151").procedure
    forms = [i.form for i in p.dossier if i.form and ";" in i.form]
    assert forms[0].startswith("Phụ lục số 06- TT57.docx; Phụ lục số 08- TT57.docx;")
    assert "Phụ lục số 14- TT57.docx; Phụ lục số 06- TT57.docx" in forms


@pytest.mark.parametrize(
    ("code", "components"),
    [("1.011325", 8), ("1.004222", 18), ("1.000080", 28), ("1.003358", 6), ("2.000815", 1)],
)
def test_component_counts(portal_records: Records, code: str, components: int) -> None:
    assert len(parse(portal_records, code).procedure.dossier) == components
