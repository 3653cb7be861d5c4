"""Cancel and reschedule by booking code and phone (change_form)."""

from __future__ import annotations

from typing import Any

from actions.rebooking import (
    EXTRA_SLOTS,
    FORM_SLOTS,
    ActionAskChangeAction,
    ActionAskChangeConfirm,
    ActionStartChange,
    ActionSubmitChange,
    ValidateChangeForm,
)
from harness import buttons, form_tracker, post_json, run, slot_events, texts, tracker
from rasa_sdk.events import SlotSet

VALIDATE = ValidateChangeForm()
RESET = [SlotSet(slot, None) for slot in FORM_SLOTS + EXTRA_SLOTS] + [
    SlotSet("form_stopped", None),
    SlotSet("form_failures", None),
]


def booked(kiosk_api: str, starts_at: str, phone: str) -> dict[str, Any]:
    body = {
        "field": "Chứng thực",
        "starts_at": starts_at,
        "name": "Hoàng Văn Đổi",
        "phone": phone,
        "priority": "không",
        "channel": "kiosk",
    }
    status, appointment = post_json(f"{kiosk_api}/appointments", body)
    assert status == 201, appointment
    return dict(appointment)


def test_start_keeps_code_phone_and_choice_from_the_message(kiosk_api: str, domain: Any) -> None:
    request = tracker("huy lich hen lh-7k2q9 so 0912 345 678", "cancel_appointment")
    events, messages = run(ActionStartChange(), request, domain)
    assert events == RESET + [
        SlotSet("booking_code", "LH-7K2Q9"),
        SlotSet("phone", "0912345678"),
        SlotSet("change_action", "hủy"),
    ]
    assert messages == []


def test_code_then_matching_phone(kiosk_api: str, domain: Any) -> None:
    appointment = booked(kiosk_api, "2026-12-01T08:00:00", "0912000501")
    code = appointment["code"]
    events, _ = run(
        VALIDATE,
        form_tracker("change_form", "booking_code", code.lower(), {"booking_code": code.lower()}),
        domain,
    )
    assert events == [SlotSet("booking_code", code)]

    request = form_tracker(
        "change_form", "phone", "0912000501", {"phone": "0912000501"}, slots={"booking_code": code}
    )
    events, messages = run(VALIDATE, request, domain)
    assert events == [
        SlotSet("phone", "0912000501"),
        SlotSet("appointment", appointment),
        SlotSet("procedure_field", "Chứng thực"),
    ]
    assert messages == []


def test_wrong_phone_asks_again_and_counts(kiosk_api: str, domain: Any) -> None:
    appointment = booked(kiosk_api, "2026-12-01T08:15:00", "0912000502")
    request = form_tracker(
        "change_form",
        "phone",
        "0912000599",
        {"phone": "0912000599"},
        slots={"booking_code": appointment["code"]},
        history=slot_events(form_failures=1.0),
    )
    events, messages = run(VALIDATE, request, domain)
    assert events == [
        SlotSet("phone", None),
        SlotSet("form_failures", 2.0),
        SlotSet("booking_code", None),
    ]
    assert texts(messages) == ["Không tìm thấy lịch hẹn với mã và số điện thoại này."]


def test_bad_code(kiosk_api: str, domain: Any) -> None:
    events, messages = run(
        VALIDATE,
        form_tracker("change_form", "booking_code", "abc", {"booking_code": "abc"}),
        domain,
    )
    assert events == [SlotSet("booking_code", None), SlotSet("form_failures", 1.0)]
    assert texts(messages) == [
        "Mã lịch hẹn có dạng LH-XXXXX (ví dụ LH-7K2Q9). Bạn nhập lại giúp mình nhé."
    ]


def test_cancel_skips_the_new_day_and_time(kiosk_api: str, domain: Any) -> None:
    request = form_tracker(
        "change_form",
        "change_action",
        "hủy lịch",
        {"change_action": "hủy lịch"},
        slots={"booking_code": "LH-AAAAA", "phone": "0912000503"},
    )
    events, _ = run(VALIDATE, request, domain)
    assert events == [SlotSet("change_action", "hủy"), SlotSet("requested_slot", "booking_confirm")]


def test_ask_change_reads_the_appointment_back(kiosk_api: str, domain: Any) -> None:
    appointment = booked(kiosk_api, "2026-12-01T08:30:00", "0912000504")
    slots = {"booking_code": appointment["code"], "appointment": appointment}
    _, messages = run(ActionAskChangeAction(), tracker("0912000504", "inform", slots=slots), domain)
    assert texts(messages) == [
        f"Lịch hẹn {appointment['code']}: Chứng thực, 08:30 Thứ Ba 01/12/2026. "
        "Bạn muốn hủy hay đổi sang giờ khác?"
    ]
    assert buttons(messages[0]) == [
        ("Hủy lịch", "hủy lịch"),
        ("Đổi giờ", "đổi giờ"),
        ("Dừng lại", "thôi"),
    ]


def test_submit_cancel(kiosk_api: str, domain: Any) -> None:
    appointment = booked(kiosk_api, "2026-12-01T08:45:00", "0912000505")
    code = appointment["code"]
    slots = {
        "booking_code": code,
        "phone": "0912000505",
        "change_action": "hủy",
        "booking_confirm": True,
        "appointment": appointment,
    }
    events, messages = run(ActionSubmitChange(), tracker("có", "affirm", slots=slots), domain)
    assert events == RESET
    assert texts(messages) == [
        f"Đã hủy lịch hẹn {code}. Chỗ của bạn đã được nhường cho người khác."
    ]
    status, found = post_json(
        f"{kiosk_api}/appointments/lookup", {"code": code, "phone": "0912000505"}
    )
    assert status == 200 and found["status"] != "đã đặt"


def test_submit_move(kiosk_api: str, domain: Any) -> None:
    appointment = booked(kiosk_api, "2026-12-01T09:00:00", "0912000506")
    code = appointment["code"]
    slots = {
        "booking_code": code,
        "phone": "0912000506",
        "change_action": "đổi",
        "date": "2026-12-02",
        "time": "14:00",
        "booking_confirm": True,
        "appointment": appointment,
        "procedure_field": "Chứng thực",
    }
    events, messages = run(ActionSubmitChange(), tracker("có", "affirm", slots=slots), domain)
    assert events == RESET
    assert texts(messages)[0].startswith(f"Đã đổi lịch hẹn {code} sang 14:00 Thứ Tư 02/12/2026.")
    status, found = post_json(
        f"{kiosk_api}/appointments/lookup", {"code": code, "phone": "0912000506"}
    )
    assert status == 200 and found["starts_at"] == "2026-12-02T14:00:00+07:00"


def test_a_cancelled_appointment_cannot_change(kiosk_api: str, domain: Any) -> None:
    appointment = booked(kiosk_api, "2026-12-01T09:15:00", "0912000507")
    code = appointment["code"]
    post_json(f"{kiosk_api}/appointments/{code}/cancel", {"phone": "0912000507"})
    request = form_tracker(
        "change_form", "phone", "0912000507", {"phone": "0912000507"}, slots={"booking_code": code}
    )
    events, messages = run(VALIDATE, request, domain)
    assert events == [
        SlotSet("phone", None),
        SlotSet("form_stopped", True),
        SlotSet("requested_slot", None),
    ]
    assert texts(messages)[0].startswith(f"Lịch hẹn {code} ")


def test_the_change_form_asks_its_own_confirmation(domain: Any) -> None:
    # Rasa asks a slot with action_ask_<form>_<slot> before action_ask_<slot>: the change
    # form's question is its own action, so the booking's never branches on the form.
    assert "action_ask_change_form_booking_confirm" in domain["actions"]
    appointment = {"starts_at": "2026-12-01T08:00:00", "field": "Chứng thực"}
    slots = {"booking_code": "LH-7K2Q9", "change_action": "hủy", "appointment": appointment}
    _, messages = run(ActionAskChangeConfirm(), tracker("hủy", slots=slots), domain)
    assert texts(messages) == [
        "Bạn chắc chắn muốn hủy lịch hẹn LH-7K2Q9 lúc 08:00 Thứ Ba 01/12/2026 chứ?"
    ]
    slots = {"booking_code": "LH-7K2Q9", "change_action": "đổi"}
    slots.update(date="2026-12-02", time="09:30")
    _, messages = run(ActionAskChangeConfirm(), tracker("9h30", slots=slots), domain)
    assert texts(messages) == ["Đổi lịch hẹn LH-7K2Q9 sang 09:30 Thứ Tư 02/12/2026 nhé?"]
    assert buttons(messages[0])[0] == ("Đồng ý", "/affirm")
