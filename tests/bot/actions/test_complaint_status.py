"""Following a complaint in the chat (actions/complaint_status.py): the tracking code goes
through the status form, the phone's last four digits are asked (or left out when no
phone was left), the kiosk answers status, deadline and answer."""

from __future__ import annotations

from typing import Any

from actions.dossier_status import (
    ActionCheckStatus,
    AskLast4,
    AskTrackingCode,
    ValidateStatusForm,
)
from actions.short_forms import ActionStartService
from harness import buttons, form_tracker, post_json, run, texts, tracker
from harness import form_reset_events as reset
from rasa_sdk.events import FollowupAction, SlotSet

STATUS = ("dossier_code", "phone_last4", "complaint_lookup")


def file_complaint(kiosk_api: str, phone: str | None) -> str:
    body = {"content": "Quầy 2 nhận hồ sơ mà không hẹn ngày trả", "contact_phone": phone}
    status, filed = post_json(f"{kiosk_api}/complaints", body)
    assert status == 201, filed
    return str(filed["code"])


def check(code: str, last4: str, domain: Any) -> list[str]:
    slots = {"dossier_code": code, "phone_last4": last4}
    events, messages = run(ActionCheckStatus(), tracker(last4, "inform", slots=slots), domain)
    assert events == reset(*STATUS)
    return texts(messages)


def test_a_complaint_code_opens_the_status_form_whatever_the_intent(domain: Any) -> None:
    for intent in ("file_complaint", "check_dossier_status"):
        request = tracker("tra cuu phan anh pa 9kx3 mt4q", intent)
        events, messages = run(ActionStartService(), request, domain)
        opened = [
            *reset(*STATUS),
            SlotSet("complaint_lookup", True),
            SlotSet("dossier_code", "PA-9KX3MT4Q"),
        ]
        if intent == "file_complaint":  # the rule would open the complaint form
            opened.append(FollowupAction("status_form"))
        assert events == opened and messages == []


def test_following_a_complaint_without_its_code_asks_for_it(domain: Any) -> None:
    request = tracker("tôi muốn tra cứu phản ánh", "file_complaint")
    events, _ = run(ActionStartService(), request, domain)
    assert events == [
        *reset(*STATUS),
        SlotSet("complaint_lookup", True),
        FollowupAction("status_form"),
    ]
    slots = {"complaint_lookup": True}
    _, messages = run(AskTrackingCode(), tracker("tôi muốn tra cứu phản ánh", slots=slots), domain)
    assert texts(messages) == [
        "Bạn cho mình xin mã theo dõi phản ánh (dạng PA-XXXXXXXX, có trên phiếu hoặc tin nhắn "
        "khi gửi phản ánh)."
    ]
    request = form_tracker(
        "status_form", "dossier_code", "không nhớ", {"dossier_code": "không nhớ"}, slots=slots
    )
    events, messages = run(ValidateStatusForm(), request, domain)
    assert events == [SlotSet("dossier_code", None), SlotSet("form_failures", 1.0)]
    assert texts(messages)[0].startswith("Mã theo dõi phản ánh có dạng PA-")


def test_filing_a_complaint_still_opens_the_complaint_form(domain: Any) -> None:
    events, _ = run(ActionStartService(), tracker("tôi muốn phản ánh", "file_complaint"), domain)
    assert events == reset("complaint_content", "contact_phone")


def test_the_digits_may_be_left_out_for_a_complaint_only(domain: Any) -> None:
    slots = {"dossier_code": "PA-9KX3MT4Q"}
    _, messages = run(AskLast4(), tracker("pa-9kx3mt4q", slots=slots), domain)
    assert texts(messages)[0].startswith("Bạn cho mình xin 4 số cuối số điện thoại đã để lại")
    assert ("Không để lại số", "không có") in buttons(messages[0])
    request = form_tracker(
        "status_form", "phone_last4", "không có", {"phone_last4": "không có"}, slots=slots
    )
    events, _ = run(ValidateStatusForm(), request, domain)
    assert events == [SlotSet("phone_last4", "-")]
    dossier = {"dossier_code": "000.00.12.H25-261120-0201"}
    request = form_tracker(
        "status_form", "phone_last4", "không có", {"phone_last4": "không có"}, slots=dossier
    )
    events, _ = run(ValidateStatusForm(), request, domain)
    assert events == [SlotSet("phone_last4", None), SlotSet("form_failures", 1.0)]
    _, messages = run(AskLast4(), tracker("mã hồ sơ", slots=dossier), domain)
    assert texts(messages) == ["Bạn cho mình xin 4 số cuối số điện thoại đã khai khi nộp hồ sơ."]


def test_status_of_a_complaint(kiosk_api: str, domain: Any) -> None:
    code = file_complaint(kiosk_api, "0912 000 888")
    assert check(code, "0888", domain) == [
        f"Phản ánh {code}: mới.\nNgày gửi: 23/11/2026. Hạn trả lời: 03/12/2026.\n"
        "Chưa có trả lời; cơ quan sẽ trả lời chậm nhất ngày 03/12/2026."
    ]
    assert check(code, "-", domain) == [  # it left a phone: the digits are needed
        f"Mình không tìm thấy phản ánh {code} với thông tin bạn đưa. Bạn kiểm tra lại mã theo "
        "dõi và 4 số cuối số điện thoại đã để lại khi gửi phản ánh nhé."
    ]
    anonymous = file_complaint(kiosk_api, None)
    assert check(anonymous, "-", domain)[0].startswith(f"Phản ánh {anonymous}: mới.")


def test_unknown_code_then_locked(kiosk_api: str, domain: Any) -> None:
    code = file_complaint(kiosk_api, "0912 000 999")
    for _ in range(5):
        assert check(code, "1234", domain)[0].startswith("Mình không tìm thấy phản ánh")
    locked = check(code, "0999", domain)  # even the right digits, for a while
    assert locked[0].startswith("Mã này đã bị nhập sai nhiều lần. Vui lòng thử lại sau 15 phút")
    assert check("PA-ZZZZ2222", "1234", domain)[0].startswith(
        "Mình không tìm thấy phản ánh PA-ZZZZ2222"
    )
