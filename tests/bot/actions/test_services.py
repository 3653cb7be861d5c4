"""Dossier status, queue ticket, rating, complaint, contacts and the handoff to a person."""

from __future__ import annotations

import json
from typing import Any

from actions.services import (
    ActionCheckStatus,
    ActionContact,
    ActionDefaultFallback,
    ActionHandoff,
    ActionStartService,
    ActionSubmitComplaint,
    ActionSubmitRating,
    ActionTakeTicket,
    ValidateComplaintForm,
    ValidateRatingForm,
    ValidateStatusForm,
    ValidateTicketForm,
    hours_text,
)
from harness import buttons, customs, db_rows, form_tracker, get_json, run, texts, tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted

EXPORT = (
    "Mã hồ sơ,Tên thủ tục,Người nộp,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
    "000.00.12.H25-261120-0201,Chứng thực bản sao từ bản chính,Lê Văn Cường,0987 654 321,"
    "20/11/2026,25/11/2026,Đang xử lý\n"
)


def reset(*slots: str) -> list:
    return [SlotSet(s, None) for s in slots] + [
        SlotSet("form_stopped", None),
        SlotSet("form_failures", None),
    ]


def test_status_form_answers(kiosk_api: str, domain: Any) -> None:
    code = "000.00.12.h25-261120-0201"
    request = form_tracker(
        "status_form", "dossier_code", f"mã {code}", {"dossier_code": f"mã {code}"}
    )
    events, _ = run(ValidateStatusForm(), request, domain)
    assert events == [SlotSet("dossier_code", code.upper())]
    request = form_tracker(
        "status_form", "phone_last4", "4 so cuoi 4321", {"phone_last4": "4 so cuoi 4321"}
    )
    events, _ = run(ValidateStatusForm(), request, domain)
    assert events == [SlotSet("phone_last4", "4321")]
    request = form_tracker("status_form", "phone_last4", "43", {"phone_last4": "43"})
    events, messages = run(ValidateStatusForm(), request, domain)
    assert events == [SlotSet("phone_last4", None), SlotSet("form_failures", 1.0)]
    assert texts(messages) == ["Bạn nhập đúng 4 chữ số cuối của số điện thoại giúp mình nhé."]


def test_check_status(kiosk: Any, kiosk_api: str, domain: Any) -> None:
    kiosk.import_dossiers(EXPORT)
    slots = {"dossier_code": "000.00.12.H25-261120-0201", "phone_last4": "4321"}
    events, messages = run(ActionCheckStatus(), tracker("4321", "inform", slots=slots), domain)
    assert events == reset("dossier_code", "phone_last4")
    assert texts(messages)[0].startswith(
        "Hồ sơ 000.00.12.H25-261120-0201 (Chứng thực bản sao từ bản chính): Đang xử lý.\n"
        "Ngày tiếp nhận: 20/11/2026. Ngày hẹn trả: 25/11/2026."
    )
    wrong = {**slots, "phone_last4": "0000"}
    _, messages = run(ActionCheckStatus(), tracker("0000", "inform", slots=wrong), domain)
    assert texts(messages) == ["Không tìm thấy hồ sơ với mã và 4 số cuối điện thoại này."]


def test_start_service_picks_up_what_the_message_said(kiosk_api: str, domain: Any) -> None:
    request = tracker("tra cứu hồ sơ 000.00.12.H25-261120-0201", "check_dossier_status")
    events, _ = run(ActionStartService(), request, domain)
    assert events == reset("dossier_code", "phone_last4") + [
        SlotSet("dossier_code", "000.00.12.H25-261120-0201")
    ]
    events, _ = run(ActionStartService(), tracker("tôi rất hài lòng", "rate_service"), domain)
    assert events == reset("rating", "rating_comment") + [SlotSet("rating", "rất hài lòng")]
    events, _ = run(ActionStartService(), tracker("lấy số chứng thực", "get_queue_ticket"), domain)
    assert events[:3] == reset("priority")
    assert {e["name"]: e["value"] for e in events}["procedure_field"] == "Chứng thực"


def test_ticket(kiosk_api: str, domain: Any) -> None:
    request = form_tracker(
        "ticket_form", "priority", "nguoi cao tuoi", {"priority": "nguoi cao tuoi"}
    )
    events, _ = run(ValidateTicketForm(), request, domain)
    assert events == [SlotSet("priority", "người cao tuổi")]
    slots = {"procedure_field": "Lý lịch tư pháp", "priority": "người cao tuổi"}
    events, messages = run(
        ActionTakeTicket(), tracker("người cao tuổi", "inform", slots=slots), domain
    )
    assert events == reset("priority")
    ticket = customs(messages)[0]
    assert ticket["type"] == "ticket" and ticket["label"].startswith("LL-")
    assert ticket["priority"] == "người cao tuổi"
    assert texts(messages)[0].startswith(
        f"Số thứ tự của bạn là {ticket['label']} (lĩnh vực Lý lịch tư pháp)."
    )


def test_rating(kiosk: Any, kiosk_api: str, domain: Any) -> None:
    request = form_tracker("rating_form", "rating", "5 sao", {"rating": "5 sao"})
    events, _ = run(ValidateRatingForm(), request, domain)
    assert events == [SlotSet("rating", "rất hài lòng")]
    request = form_tracker("rating_form", "rating", "hmm", {"rating": "hmm"})
    events, messages = run(ValidateRatingForm(), request, domain)
    assert events == [SlotSet("rating", None), SlotSet("form_failures", 1.0)]
    assert [t for t, _ in buttons(messages[0])] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    request = form_tracker("rating_form", "rating_comment", "bo qua", {"rating_comment": "bo qua"})
    events, _ = run(ValidateRatingForm(), request, domain)
    assert events == [SlotSet("rating_comment", "-")]

    comment = "Chờ lâu quá ở quầy số 5"
    slots = {"rating": "không hài lòng", "rating_comment": comment, "procedure_id": None}
    events, messages = run(ActionSubmitRating(), tracker(comment, "inform", slots=slots), domain)
    assert events == reset("rating", "rating_comment")
    assert texts(messages)[0].startswith("Cảm ơn bạn đã đánh giá «không hài lòng».")
    stored = db_rows(kiosk, "SELECT score FROM ratings WHERE comment = ?", comment)
    assert stored == [("không hài lòng",)]


def test_complaint(kiosk_api: str, domain: Any) -> None:
    request = form_tracker("complaint_form", "complaint_content", "tệ", {"complaint_content": "tệ"})
    events, messages = run(ValidateComplaintForm(), request, domain)
    assert events == [SlotSet("complaint_content", None), SlotSet("form_failures", 1.0)]
    assert texts(messages) == ["Nội dung phản ánh hơi ngắn, bạn mô tả rõ hơn giúp mình nhé."]
    request = form_tracker(
        "complaint_form", "contact_phone", "0912 000 777", {"contact_phone": "0912 000 777"}
    )
    events, _ = run(ValidateComplaintForm(), request, domain)
    assert events == [SlotSet("contact_phone", "0912000777")]

    content = "Cán bộ quầy 3 hẹn lại nhiều lần mà không giải thích"
    slots = {"complaint_content": content, "contact_phone": "0912000777"}
    events, messages = run(
        ActionSubmitComplaint(), tracker("0912000777", "inform", slots=slots), domain
    )
    assert events == reset("complaint_content", "contact_phone")
    said = texts(messages)[0]
    assert said.startswith("Đã tiếp nhận phản ánh, kiến nghị của bạn. Mã theo dõi: ")
    assert "Hạn trả lời: 03/12/2026." in said  # ten days after 23/11/2026
    code = said.split("Mã theo dõi: ")[1].split(".")[0]
    stored = get_json(f"{kiosk_api}/complaints/{code}")
    assert stored["code"] == code and stored["due_on"] == "2026-12-03"


def test_contacts_come_from_the_desk(kiosk_api: str, domain: Any) -> None:
    desk = get_json(f"{kiosk_api}/desk")
    events, messages = run(ActionContact(), tracker("giờ làm việc", "ask_contact"), domain)
    assert events == []
    said = texts(messages)[0]
    assert said.startswith(desk["name"])
    assert desk["hotline"] in said and hours_text(desk["hours"]) in said
    assert all(counter["name"] in said for counter in desk["counters"])
    assert (
        hours_text({"mon": ["07:30-11:30"], "tue": ["07:30-11:30"], "sat": ["08:00-11:00"]})
        == "Thứ Hai–Thứ Ba: 07:30-11:30; Thứ Bảy: 08:00-11:00"
    )


def test_handoff_payload(kiosk: Any, kiosk_api: str, domain: Any) -> None:
    history = [
        {"event": "user", "text": "đặt lịch hẹn", "parse_data": {}},
        {"event": "bot", "text": "Bạn làm thủ tục gì ạ?"},
    ]
    request = tracker(
        "cho tôi gặp cán bộ",
        "request_human",
        slots={"procedure_id": "ho-tich.khai-sinh"},
        history=history,
        sender_id="zalo-8841",
    )
    request.active_loop = {"name": "booking_form"}
    events, messages = run(ActionHandoff(), request, domain)
    assert events == []
    payload = customs(messages)[0]
    assert payload == {
        "type": "handoff",
        "code": payload["code"],
        "channel": "zalo",
        "sender_id": "zalo-8841",
        "reason": "Công dân yêu cầu gặp cán bộ (đang đặt lịch hẹn)",
        "procedure_id": "ho-tich.khai-sinh",
        "waiting_before": payload["waiting_before"],
    }
    assert texts(messages)[0].startswith(
        f"Mình đã chuyển yêu cầu của bạn tới cán bộ (mã {payload['code']})."
    )
    stored = db_rows(
        kiosk, "SELECT status, transcript FROM handoffs WHERE code = ?", payload["code"]
    )
    assert len(stored) == 1
    assert json.loads(stored[0][1]) == ["đặt lịch hẹn", "cho tôi gặp cán bộ"]


def test_fallback_says_what_it_can_do_and_forgets_the_turn(domain: Any) -> None:
    events, messages = run(ActionDefaultFallback(), tracker("ừm", "nlu_fallback"), domain)
    assert events == [UserUtteranceReverted()]
    assert texts(messages)[0].startswith("Xin lỗi, mình chưa hiểu ý bạn.")
    assert ("Gặp cán bộ", "/request_human") in buttons(messages[0])
