"""Dossier status (status_form): the receipt's code and the phone's last four digits."""

from __future__ import annotations

from typing import Any

from actions.dossier_status import ActionCheckStatus, ValidateStatusForm
from harness import form_reset_events as reset
from harness import form_tracker, run, texts, tracker
from rasa_sdk.events import SlotSet

EXPORT = (
    "Mã hồ sơ,Tên thủ tục,Người nộp,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
    "000.00.12.H25-261120-0201,Chứng thực bản sao từ bản chính,Lê Văn Cường,0987 654 321,"
    "20/11/2026,25/11/2026,Đang xử lý\n"
)


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
    assert events == reset("dossier_code", "phone_last4", "complaint_lookup")
    assert texts(messages)[0].startswith(
        "Hồ sơ 000.00.12.H25-261120-0201 (Chứng thực bản sao từ bản chính): Đang xử lý.\n"
        "Ngày tiếp nhận: 20/11/2026. Ngày hẹn trả: 25/11/2026."
    )
    wrong = {**slots, "phone_last4": "0000"}
    _, messages = run(ActionCheckStatus(), tracker("0000", "inform", slots=wrong), domain)
    assert texts(messages) == ["Không tìm thấy hồ sơ với mã và 4 số cuối điện thoại này."]
