"""A procedure's official facts in Vietnamese, as both runtimes word them."""

from __future__ import annotations

from vntext.procedure_facts import (
    channels,
    clip,
    fee_text,
    levels_text,
    money,
    portal_url,
    scope_text,
    time_text,
)

RECORD = {
    "origin": "national",
    "level": "tỉnh",
    "levels": ["xã", "tỉnh"],
    "portal_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
    "channels": [
        {
            "kind": "trực tiếp",
            "time": {"text": "5 Ngày làm việc", "unit": "ngày làm việc"},
            "fee": {"amount": 2000000, "currency": "VND"},
        },
        {
            "kind": "trực tuyến",
            "time": {"text": "1", "unit": None},
            "fee": {"amount": 10, "currency": "USD", "per": "trang", "note": "x" * 200},
        },
        {"kind": "dịch vụ bưu chính", "time": None, "fee": {"free": True}},
    ],
}


def test_money_in_dong_and_foreign_currencies() -> None:
    assert money(2000000, None) == "2.000.000 đồng"
    assert money(2000000, "VND") == "2.000.000 đồng"
    assert money(10, "USD") == "10 USD"
    assert money(1234.5, "EUR") == "1 234,5 EUR"


def test_times_and_fees_as_captured() -> None:
    assert time_text({"text": "Trong ngày", "unit": "ngày"}) == "Trong ngày"
    assert time_text({"text": "1", "unit": None}) == "1 (trang thủ tục không ghi đơn vị)"
    assert time_text(None) == fee_text(None) == "không có thông tin"
    assert fee_text({"free": True}) == "miễn phí"
    assert fee_text({"amount": None, "text": "Theo quy định"}) == "Theo quy định"
    assert fee_text({"amount": 50000, "note": "lệ phí"}) == "50.000 đồng (lệ phí)"
    assert len(clip("a" * 300, 160)) == 160 and clip("ngắn", 160) == "ngắn"


def test_channels_each_with_their_time_and_fee() -> None:
    found = channels(RECORD)
    assert found[0] == ("trực tiếp", ["5 Ngày làm việc", "2.000.000 đồng"])
    assert found[1][1][0] == "1 (trang thủ tục không ghi đơn vị)"
    assert found[1][1][1].startswith("10 USD/trang (") and found[1][1][1].endswith("…)")
    assert found[2] == ("dịch vụ bưu chính", ["không có thông tin", "miễn phí"])


def test_a_verified_curated_fact_is_not_restated_from_the_record() -> None:
    merged = {**RECORD, "origin": "merged", "verified": {"verified": ["fees"]}}
    assert channels(merged)[0] == ("trực tiếp", ["5 Ngày làm việc"])
    both = {**merged, "verified": {"verified": ["fees", "processing_time"]}}
    assert channels(both)[0] == ("trực tiếp", [])


def test_levels_scope_and_portal() -> None:
    assert levels_text(RECORD) == "tỉnh, xã"
    assert levels_text({"level": None, "levels": ["xã"]}) == "xã"
    assert scope_text({"scope": {"served": True}}) is None
    where = "Thủ tục này thực hiện tại Sở Tư pháp."
    assert scope_text({"scope": {"served": False, "where": where}}) == where
    assert portal_url(RECORD) == RECORD["portal_url"]
    assert portal_url({**RECORD, "origin": "curated"}) is None
