"""Complaints (complaint_form): what happened, an optional phone, a 10-day deadline."""

from __future__ import annotations

from typing import Any

from actions.complaint import ActionSubmitComplaint, ValidateComplaintForm
from harness import form_reset_events as reset
from harness import form_tracker, post_json, run, texts, tracker
from rasa_sdk.events import SlotSet


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
    status, stored = post_json(
        f"{kiosk_api}/complaints/lookup", {"code": code, "phone_last4": "0777"}
    )
    assert status == 200
    assert stored["code"] == code and stored["due_on"] == "2026-12-03"
