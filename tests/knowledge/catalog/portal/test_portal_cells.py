"""Cell readers of the portal parser on the shapes the real pages use.

"Trong ngày" is a time the portal documents but none of the 2,642 captured pages uses
(searched: 0 channel rows); it is tested on a row written the way the capture runs
cells together.
"""

from __future__ import annotations

import pytest

from knowledge.catalog.facts import ChannelKind
from knowledge.catalog.portal.cells import balanced, is_empty, strip_outer
from knowledge.catalog.portal.channels import HEADER, JOINED_TIME_FEE, parse_channels
from knowledge.catalog.portal.dossier import GroupRole, parse_dossier
from knowledge.catalog.portal.forms import split_form
from knowledge.catalog.portal.legal import parse_legal_basis, parse_results
from knowledge.catalog.portal.people import split_names


def test_same_day_time_and_free_fee() -> None:
    table = parse_channels(f"{HEADER}Trực tiếpTrong ngàyMiễn phíNộp tại Bộ phận Một cửa")
    (channel,) = table.channels
    assert channel.kind is ChannelKind.IN_PERSON
    assert channel.time and (channel.time.text, channel.time.value, channel.time.unit) == (
        "Trong ngày",
        None,
        "trong ngày",
    )
    assert channel.fee and channel.fee.free and channel.description == "Nộp tại Bộ phận Một cửa"


def test_channel_words_inside_a_description_do_not_open_rows() -> None:
    description = "Trực tiếp tại Công an cấp xã. Trực tuyến: qua Cổng"
    text = f"{HEADER}Trực tiếp10 NgàyKhông có thông tin{description}"
    table = parse_channels(text)
    assert len(table.channels) == 1 and table.notes == []
    assert table.channels[0].description == description


def test_a_bare_time_running_into_an_amount() -> None:
    table = parse_channels(f"{HEADER}Trực tuyến1100 VNĐ(Phí công bố: 100.000 đồng/lần)")
    (channel,) = table.channels
    assert channel.time and channel.time.text == "1"
    assert channel.fee and (channel.fee.amount, channel.fee.currency) == (100, "VND")
    assert table.notes == [JOINED_TIME_FEE]


def test_counts_in_sentences_are_not_cells() -> None:
    text = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai: nộp 02 bản chính tờ khai hàng hóa1 bản chính"
    )
    (group,) = parse_dossier(text).groups
    assert [(r.name, r.originals) for r in group.rows] == [
        ("Tờ khai: nộp 02 bản chính tờ khai hàng hóa", 1)
    ]
    assert group.role is GroupRole.GENERAL and group.heading is None


def test_digits_running_into_a_count_keep_the_last_digit() -> None:
    text = "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn theo Mẫu số 181 bản chính,1 bản sao"
    (row,) = parse_dossier(text).groups[0].rows
    assert (row.name, row.originals, row.copies) == ("Đơn theo Mẫu số 18", 1, 1)


@pytest.mark.parametrize(
    ("text", "name", "form"),
    [
        ("Đơn đề nghị;Mẫu số 01.docx", "Đơn đề nghị;", "Mẫu số 01.docx"),
        (
            "Giấy đề nghị theo mẫu thống nhấtMẫu TP-LS-02-sđ.docx",
            "Giấy đề nghị theo mẫu thống nhất",
            "Mẫu TP-LS-02-sđ.docx",
        ),
        ("Đơn ... NĐ-CPMus03axethongminh.docx", "Đơn ... NĐ-CP", "Mus03axethongminh.docx"),
        ("Danh sách (mẫu)A.docxB.docx", "Danh sách (mẫu)", "A.docx; B.docx"),
        ("Tờ khai đề nghị", "Tờ khai đề nghị", None),
    ],
)
def test_form_files_are_split_off(text: str, name: str, form: str | None) -> None:
    assert split_form(text) == (name, form)


def test_agency_lists_split_before_capitals_outside_brackets() -> None:
    assert split_names("Cục cảnh sát quản lý hành chính về trật tự, xã hội, Công an tỉnh") == [
        "Cục cảnh sát quản lý hành chính về trật tự, xã hội",
        "Công an tỉnh",
    ]
    assert split_names("Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam") == [
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
        "Công dân Việt Nam",
    ]
    assert split_names("Không có thông tin") == []


def test_legal_rows_end_at_a_number_that_a_title_follows() -> None:
    laws = parse_legal_basis(
        "Tên văn bản pháp lýMã văn bảnLuật 54/2014/QH1354/2014/QH13"
        "Nghị định 126/2020/NĐ-CP126/2020/NĐ-CPLUẬT Bảo hiểm xã hội58/2014/QH13"
    )
    assert [(law.title, law.number) for law in laws] == [
        ("Luật 54/2014/QH13", "54/2014/QH13"),
        ("Nghị định 126/2020/NĐ-CP", "126/2020/NĐ-CP"),
        ("LUẬT Bảo hiểm xã hội", "58/2014/QH13"),
    ]
    assert parse_legal_basis("Không có thông tin") == []


def test_results_stop_at_the_page_footer() -> None:
    results = parse_results(
        "Giấy phépMã: KQ.G10.000272Quyết địnhMã: KQ.G10.000874Từ khóaKhông có thông tin"
    )
    assert [(r.name, r.code) for r in results] == [
        ("Giấy phép", "KQ.G10.000272"),
        ("Quyết định", "KQ.G10.000874"),
    ]


def test_small_readers() -> None:
    assert balanced("(a (b) c)rest") == ("a (b) c", "rest")
    assert balanced("(unclosed") == ("unclosed", "")
    assert strip_outer("((note))") == "note"
    assert is_empty(" Không có thông tin ") and is_empty("--") and not is_empty("Không")
