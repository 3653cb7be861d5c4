"""Booking: the form's answers checked against the kiosk's calendar, then the booking."""

from __future__ import annotations

from typing import Any

import pytest
from actions.booking import (
    FORM_SLOTS,
    ActionAskBookingConfirm,
    ActionStartBooking,
    ActionSubmitBooking,
    ValidateBookingForm,
)
from actions.kiosk_client import UNREACHABLE
from actions.timeslots import ActionAskTime
from harness import (
    buttons,
    customs,
    db_rows,
    form_tracker,
    free_port_url,
    get_json,
    post_json,
    run,
    slot_events,
    texts,
    tracker,
)
from rasa_sdk.events import FollowupAction, SlotSet

VALIDATE = ValidateBookingForm()
HO_TICH = {
    "procedure_id": "ho-tich.khai-sinh",
    "procedure_name": "Đăng ký khai sinh",
    "procedure_field": "Hộ tịch",
}
RESET = [SlotSet(slot, None) for slot in FORM_SLOTS] + [
    SlotSet("form_stopped", None),
    SlotSet("form_failures", None),
]
OFFER_HUMAN = (
    "Mình vẫn chưa nhận được thông tin hợp lệ sau ba lần thử. Bạn có muốn gặp cán bộ hỗ trợ "
    "không? (hoặc gõ «thôi» để dừng)"
)


def answer(requested: str, text: str, value: Any = None, **slots: Any) -> Any:
    """The booking form asked `requested`; the citizen said `text`."""
    extracted = {requested: text if value is None else value}
    return form_tracker("booking_form", requested, text, extracted, slots={**HO_TICH, **slots})


def book(kiosk_api: str, field: str, starts_at: str, phone: str) -> dict[str, Any]:
    body = {
        "field": field,
        "starts_at": starts_at,
        "name": "Người Đặt Trước",
        "phone": phone,
        "priority": "không",
        "channel": "kiosk",
    }
    status, booked = post_json(f"{kiosk_api}/appointments", body)
    assert status == 201, booked
    return dict(booked)


def test_tomorrow(kiosk_api: str, domain: Any) -> None:
    events, messages = run(VALIDATE, answer("date", "ngày mai"), domain)
    assert events == [SlotSet("date", "2026-11-24"), SlotSet("time", None)]
    assert messages == []


def test_day_and_time_in_one_answer_without_diacritics(kiosk_api: str, domain: Any) -> None:
    events, _ = run(VALIDATE, answer("date", "thu 4 luc 9h"), domain)
    assert events == [SlotSet("date", "2026-11-25"), SlotSet("time", "09:00")]


def test_past_day_is_explained_and_asked_again(kiosk_api: str, domain: Any) -> None:
    events, messages = run(VALIDATE, answer("date", "20/11"), domain)
    assert events == [SlotSet("date", None), SlotSet("form_failures", 1.0)]
    assert texts(messages) == [
        "Ngày Thứ Sáu 20/11/2026 đã qua rồi. Bạn chọn một ngày từ hôm nay trở đi nhé."
    ]


def test_closed_day_offers_the_nearest_open_days(kiosk_api: str, domain: Any) -> None:
    events, messages = run(VALIDATE, answer("date", "chủ nhật"), domain)
    assert events == [SlotSet("date", None), SlotSet("form_failures", 1.0)]
    assert texts(messages) == [
        "Ngày Chủ Nhật 29/11/2026 Bộ phận Một cửa không làm việc hoặc đã kín lịch.",
        "Các ngày gần nhất còn chỗ: Thứ Hai 30/11/2026, Thứ Ba 01/12/2026, Thứ Tư 02/12/2026.",
    ]
    assert buttons(messages[1]) == [
        ("Thứ Hai 30/11/2026", "30/11/2026"),
        ("Thứ Ba 01/12/2026", "01/12/2026"),
        ("Thứ Tư 02/12/2026", "02/12/2026"),
    ]


def test_beyond_the_booking_horizon(kiosk_api: str, domain: Any) -> None:
    events, messages = run(VALIDATE, answer("date", "15/1"), domain)
    assert events == [SlotSet("date", None), SlotSet("form_failures", 1.0)]
    assert texts(messages) == ["Chỉ đặt được lịch trước tối đa 30 ngày. Bạn chọn ngày gần hơn nhé."]


def test_unreadable_day(kiosk_api: str, domain: Any) -> None:
    events, messages = run(VALIDATE, answer("date", "hôm nào cũng được"), domain)
    assert events == [SlotSet("date", None), SlotSet("form_failures", 1.0)]
    assert texts(messages)[0].startswith("Mình chưa đọc được ngày «hôm nào cũng được»")


def test_third_failure_offers_a_person(kiosk_api: str, domain: Any) -> None:
    earlier = slot_events(form_failures=2.0)
    text = "abc"
    request = form_tracker(
        "booking_form", "phone", text, {"phone": text}, slots={**HO_TICH}, history=earlier
    )
    events, messages = run(VALIDATE, request, domain)
    assert events == [SlotSet("phone", None), SlotSet("form_failures", 0.0)]
    assert texts(messages)[-1] == OFFER_HUMAN
    assert buttons(messages[-1]) == [("Gặp cán bộ", "/request_human"), ("Dừng lại", "thôi")]


def test_two_wrong_slots_in_one_message_count_once(kiosk_api: str, domain: Any) -> None:
    earlier = slot_events(form_failures=1.0)
    extracted = {"phone": "12345", "date": "hôm nào đó"}
    request = form_tracker(
        "booking_form", "phone", "12345", extracted, slots=HO_TICH, history=earlier
    )
    events, _ = run(VALIDATE, request, domain)
    assert events[-1] == SlotSet("form_failures", 2.0)
    assert {e["name"]: e["value"] for e in events}["form_failures"] == 2.0


def test_stop_leaves_the_form(kiosk_api: str, domain: Any) -> None:
    events, messages = run(VALIDATE, answer("date", "thôi"), domain)
    assert events == [
        SlotSet("date", None),
        SlotSet("form_stopped", True),
        SlotSet("requested_slot", None),
    ]
    assert messages == []


def test_free_time(kiosk_api: str, domain: Any) -> None:
    events, messages = run(VALIDATE, answer("time", "14h30", date="2026-11-24"), domain)
    assert events == [SlotSet("time", "14:30")]
    assert messages == []


def test_full_time_offers_the_nearest_free_ones(kiosk_api: str, domain: Any) -> None:
    for phone in ("0912000301", "0912000302"):  # Hộ tịch: two seats per slot
        book(kiosk_api, "Hộ tịch", "2026-11-27T10:00:00", phone)
    events, messages = run(VALIDATE, answer("time", "10 giờ", date="2026-11-27"), domain)
    assert events == [SlotSet("time", None), SlotSet("form_failures", 1.0)]
    assert texts(messages) == [
        "Khung 10:00 ngày Thứ Sáu 27/11/2026 không còn chỗ (hoặc ngoài giờ tiếp nhận). "
        "Các khung gần nhất còn trống:"
    ]
    assert buttons(messages[0]) == [  # the three nearest, earlier first on a tie
        ("09:30", "09:30"),
        ("09:45", "09:45"),
        ("10:15", "10:15"),
        ("Dừng lại", "thôi"),
    ]


def test_ask_time_shows_free_slots_spread_over_the_day(kiosk_api: str, domain: Any) -> None:
    request = tracker("ngày mai", "inform", slots={**HO_TICH, "date": "2026-11-24"})
    events, messages = run(ActionAskTime(), request, domain)
    assert events == []
    assert texts(messages) == [
        "Ngày Thứ Ba 24/11/2026 còn các khung giờ trống sau, bạn chọn một giờ nhé:"
    ]
    times = [title for title, _ in buttons(messages[0])]
    assert times[-1] == "Dừng lại" and len(times) == 9
    assert times[0] == "07:30" and any(t >= "13:30" for t in times[:-1])


def test_name_phone_priority(kiosk_api: str, domain: Any) -> None:
    events, _ = run(VALIDATE, answer("citizen_name", "tôi tên là nguyễn văn an"), domain)
    assert events == [SlotSet("citizen_name", "nguyễn văn an")]
    events, messages = run(VALIDATE, answer("citizen_name", "0912345678"), domain)
    assert events == [SlotSet("citizen_name", None), SlotSet("form_failures", 1.0)]
    assert texts(messages)[0].startswith("Bạn cho mình xin họ và tên đầy đủ")

    events, _ = run(VALIDATE, answer("phone", "+84 912.345.678"), domain)
    assert events == [SlotSet("phone", "0912345678")]
    events, messages = run(VALIDATE, answer("phone", "0123456789"), domain)
    assert events == [SlotSet("phone", None), SlotSet("form_failures", 1.0)]
    assert texts(messages)[0].startswith("Số «0123456789» không phải số di động Việt Nam hợp lệ")

    events, _ = run(VALIDATE, answer("priority", "em dang mang bau"), domain)
    assert events == [SlotSet("priority", "phụ nữ mang thai")]
    events, _ = run(VALIDATE, answer("priority", "không"), domain)
    assert events == [SlotSet("priority", "không")]


def test_confirmation(kiosk_api: str, domain: Any) -> None:
    events, _ = run(VALIDATE, answer("booking_confirm", "/affirm", True), domain)
    assert events == [SlotSet("booking_confirm", True)]
    events, _ = run(VALIDATE, answer("booking_confirm", "/deny", False), domain)
    assert events == [
        SlotSet("booking_confirm", None),
        SlotSet("form_stopped", True),
        SlotSet("requested_slot", None),
    ]
    slots = {**HO_TICH, "date": "2026-11-24", "time": "09:00", "citizen_name": "Nguyễn Văn An"}
    slots.update(phone="0912345678", priority="người cao tuổi")
    _, messages = run(ActionAskBookingConfirm(), tracker("có", "affirm", slots=slots), domain)
    assert texts(messages) == [
        "Bạn kiểm tra lại giúp mình:\nThủ tục: Đăng ký khai sinh\nThời gian: 09:00 Thứ Ba "
        "24/11/2026\nHọ tên: Nguyễn Văn An\nĐiện thoại: 0912345678\nƯu tiên: người cao tuổi\n"
        "Đặt lịch này nhé?"
    ]


def test_submit_books_and_gives_the_code(kiosk_api: str, domain: Any) -> None:
    slots = {**HO_TICH, "date": "2026-11-30", "time": "08:00", "citizen_name": "Phạm Thị Hoa"}
    slots.update(phone="0987000111", priority="không", booking_confirm=True)
    request = tracker("có", "affirm", slots=slots, sender_id="telegram-555")
    events, messages = run(ActionSubmitBooking(), request, domain)
    assert events == RESET
    booking = customs(messages)[0]
    assert booking["type"] == "booking" and booking["starts_at"] == "2026-11-30T08:00:00+07:00"
    code = booking["code"]
    assert texts(messages)[0].startswith(
        f"Đã đặt lịch hẹn thành công. Mã lịch hẹn của bạn là {code}.\n"
        "Thủ tục: Đăng ký khai sinh\nThời gian: 08:00 Thứ Hai 30/11/2026"
    )
    status, found = post_json(
        f"{kiosk_api}/appointments/lookup", {"code": code, "phone": "0987000111"}
    )
    assert status == 200 and found["name"] == "Phạm Thị Hoa" and found["channel"] == "telegram"


def test_submit_when_the_slot_was_taken_meanwhile(kiosk_api: str, domain: Any) -> None:
    book(kiosk_api, "Căn cước", "2026-11-30T09:00:00", "0912000401")  # one seat
    slots = {
        "procedure_id": "can-cuoc.cap-moi",
        "procedure_name": "Cấp thẻ căn cước",
        "procedure_field": "Căn cước",
        "date": "2026-11-30",
        "time": "09:00",
        "citizen_name": "Đỗ Văn Bảy",
        "phone": "0912000402",
        "priority": "không",
        "booking_confirm": True,
    }
    events, messages = run(ActionSubmitBooking(), tracker("có", "affirm", slots=slots), domain)
    assert events == [
        SlotSet("date", None),
        SlotSet("time", None),
        SlotSet("booking_confirm", None),
        FollowupAction("booking_form"),
    ]
    assert texts(messages) == ["Rất tiếc, khung giờ này vừa hết chỗ. Các khung gần nhất còn trống:"]
    offered = buttons(messages[0])
    assert offered[-1] == ("Dừng lại", "thôi") and len(offered) >= 2
    assert ("09:00 Thứ Hai 30/11/2026", "09:00 30/11/2026") not in offered


def test_submit_after_stop_says_so(kiosk_api: str, domain: Any) -> None:
    request = tracker("thôi", "deny", slots={**HO_TICH, "form_stopped": True})
    events, messages = run(ActionSubmitBooking(), request, domain)
    assert events == RESET
    assert texts(messages) == ["Dạ, mình đã dừng đặt lịch hẹn. Bạn cần gì thêm cứ hỏi mình nhé."]


def test_start_keeps_the_procedure_named(kiosk_api: str, domain: Any) -> None:
    events, messages = run(
        ActionStartBooking(), tracker("đặt lịch làm khai sinh", "book_appointment"), domain
    )
    assert events == RESET + [SlotSet(k, v) for k, v in HO_TICH.items()]
    assert messages == []
    procedure = get_json(f"{kiosk_api}/procedures/ho-tich.khai-sinh")
    assert procedure["name"] == HO_TICH["procedure_name"]


def test_start_from_a_button_keeps_the_context(kiosk_api: str, domain: Any) -> None:
    events, _ = run(
        ActionStartBooking(),
        tracker("/book_appointment", "book_appointment", slots=HO_TICH),
        domain,
    )
    assert events == RESET


def test_start_with_reschedule_words_goes_to_the_change_form(kiosk_api: str, domain: Any) -> None:
    request = tracker("tôi muốn đổi lịch hẹn LH-AB12C", "book_appointment")
    events, _ = run(ActionStartBooking(), request, domain)
    assert events[-3:] == [
        SlotSet("booking_code", "LH-AB12C"),
        SlotSet("change_action", "đổi"),
        FollowupAction("change_form"),
    ]


def opened_form(sender_id: str, slots: dict[str, Any]) -> Any:
    """The citizen confirms answers given after the booking form was opened at one moment."""
    opened = [{"event": "action", "name": "action_start_booking", "timestamp": 1795000000.5}]
    return tracker("có", "affirm", slots=slots, history=opened, sender_id=sender_id)


def test_confirming_the_same_answers_again_books_once(
    kiosk: Any, kiosk_api: str, domain: Any
) -> None:
    """A booking the kiosk made whose answer never came back (a kiosk replica killed, the
    proxy timing out) is not made twice when the citizen confirms again: the action sends
    one Idempotency-Key per attempt (without it, the second run books a second seat)."""
    slots = {**HO_TICH, "date": "2026-12-01", "time": "08:15", "citizen_name": "Vũ Thị Lan"}
    slots.update(phone="0912000515", priority="không", booking_confirm=True)
    codes = []
    for _ in range(2):
        events, messages = run(ActionSubmitBooking(), opened_form("kiosk-again", slots), domain)
        assert events == RESET
        codes.append(customs(messages)[0]["code"])
    assert codes[0] == codes[1]
    rows = db_rows(kiosk, "SELECT code FROM appointments WHERE phone = ?", "0912000515")
    assert rows == [(codes[0],)]
    # Another conversation (another citizen: one phone holds one seat of a slot) gets its own.
    other = opened_form("kiosk-another", {**slots, "phone": "0912000517"})
    _, messages = run(ActionSubmitBooking(), other, domain)
    assert customs(messages)[0]["code"] != codes[0]


def test_kiosk_unreachable_at_submit_keeps_the_answers(
    kiosk_api: str, domain: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing to start over: the citizen is asked to confirm again (the same key then)."""
    monkeypatch.setenv("MOTCUA_KIOSK_URL", free_port_url())
    slots = {**HO_TICH, "date": "2026-12-01", "time": "08:30", "citizen_name": "Vũ Văn Nam"}
    slots.update(phone="0912000516", priority="không", booking_confirm=True)
    events, messages = run(ActionSubmitBooking(), opened_form("kiosk-down", slots), domain)
    assert events == [SlotSet("booking_confirm", None), FollowupAction("booking_form")]
    assert texts(messages) == [UNREACHABLE]


def test_submit_when_the_phone_has_its_bookings_for_the_day(kiosk_api: str, domain: Any) -> None:
    """The kiosk's per-phone cap (two a day): the citizen is told why and asked the day
    again, the form goes on."""
    for time in ("13:30", "13:45"):
        book(kiosk_api, "Hộ tịch", f"2026-12-01T{time}:00", "0912000601")
    slots = {**HO_TICH, "date": "2026-12-01", "time": "14:00", "citizen_name": "Vũ Thị Mai"}
    slots.update(phone="0912000601", priority="không", booking_confirm=True)
    events, messages = run(ActionSubmitBooking(), tracker("có", "affirm", slots=slots), domain)
    assert events == [
        SlotSet("date", None),
        SlotSet("time", None),
        SlotSet("booking_confirm", None),
        FollowupAction("booking_form"),
    ]
    [text] = texts(messages)
    assert text.startswith("Số điện thoại này đã có 2 lịch hẹn trong ngày 01/12/2026")
    assert customs(messages) == []
