"""The card text of imported national procedures: channels each with its own time and fee,
levels, the case question, where to go instead, the list-only notice and the portal page.

tests/data/national-cards.json holds what the kiosk answers (GET /procedures/{id}) for a
record with two case groups, a list-only entry and a curated entry joined with its record;
tests/kiosk/services/test_national_procedures.py checks that the kiosk still answers that.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from actions.cards import aspect_text, card_text
from actions.dossier import new_plan
from actions.official import nothing_to_prepare

CARDS = Path(__file__).resolve().parents[2] / "data" / "national-cards.json"


@pytest.fixture(scope="module")
def cards() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(CARDS.read_text(encoding="utf-8"))
    return loaded


def test_a_national_record_is_told_by_its_channels(cards: dict[str, Any]) -> None:
    procedure = cards["tthc.1.011325"]
    lines = card_text(procedure).split("\n")
    assert lines[:3] == [
        f"{procedure['name']} (Thú y).",
        "Cấp thực hiện: tỉnh.",
        "Cơ quan thực hiện: Chủ tịch ủy ban nhân dân cấp tỉnh.",
    ]
    fee = "5 Ngày làm việc, 2.000.000 đồng/đơn hàng (Phí kiểm tra và cấp giấy chứng nhận"
    channels = [line for line in lines if line.startswith("- ")]
    assert [line.split(": ", 1)[0] for line in channels] == [
        "- trực tuyến",
        "- dịch vụ bưu chính",
        "- trực tiếp",
    ]
    assert all(line.split(": ", 1)[1].startswith(fee) for line in channels)
    assert "Thành phần hồ sơ: khác nhau theo trường hợp (2 trường hợp)" in card_text(procedure)
    assert lines[-2:] == [
        "Thủ tục này thực hiện tại Chủ tịch ủy ban nhân dân cấp tỉnh — cấp tỉnh.",
        f"Trang thủ tục trên Cổng Dịch vụ công quốc gia: {procedure['portal_url']}",
    ]
    assert "Nơi nộp: ." not in card_text(procedure)


def test_a_list_only_entry_says_what_is_known(cards: dict[str, Any]) -> None:
    procedure = cards["tthc.3.000164"]
    lines = card_text(procedure).split("\n")
    assert lines[:2] == [f"{procedure['name']} (Tòa án).", "Mã thủ tục: 3.000164."]
    assert lines[3:] == [
        procedure["scope"]["where"],  # the courts: not this desk
        *procedure["notices"],
        f"Trang thủ tục trên Cổng Dịch vụ công quốc gia: {procedure['portal_url']}",
    ]
    assert procedure["notices"][0].startswith("Chi tiết hồ sơ chưa có trong danh mục")


def test_a_joined_entry_keeps_its_verified_fees_and_shows_the_channels(
    cards: dict[str, Any],
) -> None:
    procedure = cards["xuat-nhap-canh.ho-chieu"]
    text = card_text(procedure)
    assert "Lệ phí: " in text and "200.000 đồng" in text
    assert "160.000" not in text  # the record's expired rate: the verified fee stays
    channels = text.split("Cách thức thực hiện:\n", 1)[1].split("\n")[:3]
    assert channels == ["- trực tuyến", "- dịch vụ bưu chính", "- trực tiếp"]


def test_questions_about_time_fees_and_place_are_answered_from_the_record(
    cards: dict[str, Any],
) -> None:
    procedure = cards["tthc.1.011325"]
    time = aspect_text(procedure, "time").split("\n")
    assert time[0].startswith("Thời hạn và phí, lệ phí của thủ tục Cấp, điều chỉnh")
    assert [line.split(":")[0] for line in time[1:]] == [
        "- trực tuyến",
        "- dịch vụ bưu chính",
        "- trực tiếp",
    ]
    place = aspect_text(procedure, "place").split("\n")
    assert place[0].endswith("cơ quan thực hiện: Chủ tịch ủy ban nhân dân cấp tỉnh.")
    assert place[1].startswith("Thủ tục này thực hiện tại")
    passport = cards["xuat-nhap-canh.ho-chieu"]  # curated answers stay as they were
    assert aspect_text(passport, "fees").startswith(f"Lệ phí của thủ tục {passport['name']}:")


def test_the_dossier_form_asks_about_papers_only(cards: dict[str, Any]) -> None:
    procedure = cards["tthc.1.011325"]
    plan = new_plan(procedure)
    assert len(plan["situations"]) == 2  # the two case groups
    paperless = [i["name"] for i in procedure["dossier"] if i["kind"] == "không nộp bản giấy"]
    assert paperless and not {i["name"] for i in plan["items"]} & set(paperless)
    assert len(plan["items"]) == len(procedure["dossier"]) - len(paperless)
    assert nothing_to_prepare(procedure) is None


def test_a_list_only_entry_has_no_checklist_to_fill(cards: dict[str, Any]) -> None:
    procedure = cards["tthc.3.000164"]
    said = nothing_to_prepare(procedure)
    assert said is not None
    assert said.split("\n")[0] == procedure["notices"][0]
    assert said.endswith(f"Cổng Dịch vụ công quốc gia: {procedure['portal_url']}")
