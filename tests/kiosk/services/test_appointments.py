"""Appointments: free slots, booking, capacity under concurrency, cancel, reschedule."""

from __future__ import annotations

import datetime as dt
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select

from kiosk.core.config import Settings
from kiosk.services.identity import CODE_ALPHABET
from kiosk.store.models import Appointment

pytestmark = pytest.mark.both_databases  # store tests: SQLite and PostgreSQL

SLOTS = "/api/v1/appointments/slots"
BOOK = "/api/v1/appointments"
PHONE = "0912345678"
OTHERS = ["0912000001", "0912000002", "0912000003"]
TUESDAY_8 = "2026-11-24T08:00:00"  # as clients send it: desk time, no offset
TUESDAY_8_OUT = "2026-11-24T08:00:00+07:00"  # as the API answers: RFC 3339 with the desk's
DESK = dt.timezone(dt.timedelta(hours=7))


def booking(starts_at: str = TUESDAY_8, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "field": "Hộ tịch",
        "starts_at": starts_at,
        "name": "Nguyễn Văn An",
        "phone": PHONE,
    }
    body.update(extra)
    return body


def slots(client: TestClient, start: str, end: str, field: str = "Hộ tịch") -> list[dict[str, Any]]:
    response = client.get(SLOTS, params={"field": field, "start": start, "end": end})
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()
    return result


def remaining(client: TestClient, day: str) -> dict[str, int]:
    return {s["starts_at"]: s["remaining"] for s in slots(client, day, day)}


def test_free_slots_start_after_now_and_skip_closed_days(client: TestClient) -> None:
    free = slots(client, "2026-11-23", "2026-11-29")
    starts = [dt.datetime.fromisoformat(s["starts_at"]) for s in free]
    assert min(starts) == dt.datetime(2026, 11, 23, 9, 15, tzinfo=DESK)  # 09:00 has started
    assert {s.date() for s in starts} == {dt.date(2026, 11, d) for d in range(23, 29)}  # no Sunday
    saturday = [s for s in starts if s.date() == dt.date(2026, 11, 28)]
    assert max(saturday).time() == dt.time(11, 15)  # Saturday mornings only
    assert not [s for s in starts if dt.time(11, 30) <= s.time() < dt.time(13, 30)]  # lunch
    assert all(s["remaining"] == 2 for s in free)  # Hộ tịch: two seats per slot
    assert free[0]["ends_at"] == "2026-11-23T09:30:00+07:00"


def test_free_slots_skip_holidays(client: TestClient, clock: Any) -> None:
    clock.now = dt.datetime(2026, 12, 28, 7, 0)
    days = {s["starts_at"][:10] for s in slots(client, "2026-12-28", "2027-01-04")}
    assert "2027-01-01" not in days  # Tết Dương lịch
    assert {"2026-12-31", "2027-01-02", "2027-01-04"} <= days


def test_past_range_is_empty_and_bad_ranges_are_refused(client: TestClient) -> None:
    assert slots(client, "2026-11-01", "2026-11-20") == []
    backwards = client.get(
        SLOTS, params={"field": "Hộ tịch", "start": "2026-11-25", "end": "2026-11-24"}
    )
    assert backwards.status_code == 422 and backwards.json()["error"] == "invalid_date_range"
    too_long = client.get(
        SLOTS, params={"field": "Hộ tịch", "start": "2026-11-24", "end": "2027-03-01"}
    )
    assert too_long.status_code == 422
    unknown = client.get(
        SLOTS, params={"field": "Hàng hải", "start": "2026-11-24", "end": "2026-11-24"}
    )
    assert unknown.status_code == 422 and "Hàng hải" in unknown.json()["detail"]


def test_book_normalises_phone_and_takes_a_seat(client: TestClient) -> None:
    response = client.post(
        BOOK,
        json=booking(
            phone="+84 912.345.678",
            priority="người cao tuổi",
            channel="telegram",
            channel_user_id="123456789",
            procedure_id="ho-tich.khai-sinh",
        ),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert re.fullmatch(f"LH-[{CODE_ALPHABET}]{{5}}", body["code"])
    assert body["starts_at"] == TUESDAY_8_OUT and body["ends_at"] == "2026-11-24T08:15:00+07:00"
    assert body["status"] == "đã đặt" and body["priority"] == "người cao tuổi"
    assert "Quầy 1" in body["counters"] and "phone" not in body
    assert remaining(client, "2026-11-24")[TUESDAY_8_OUT] == 1
    lookup = client.post(
        f"{BOOK}/lookup",
        json={"code": body["code"].lower().replace("-", ""), "phone": "0912 345 678"},
    )
    assert lookup.status_code == 200 and lookup.json()["code"] == body["code"]


def test_field_names_match_regardless_of_case_and_unicode_form(client: TestClient) -> None:
    response = client.post(BOOK, json=booking(field=unicodedata.normalize("NFD", "hộ tịch")))
    assert response.status_code == 201 and response.json()["field"] == "Hộ tịch"


def test_unbookable_times_are_refused(client: TestClient) -> None:
    cases = {
        "2026-11-23T08:00:00": "đã qua",
        "2026-11-24T08:05:00": "ngoài giờ",
        "2026-11-24T12:00:00": "ngoài giờ",
        "2026-11-29T08:00:00": "ngoài giờ",  # Sunday
        "2027-01-01T08:00:00": "tối đa 30 ngày",
    }
    for starts_at, reason in cases.items():
        response = client.post(BOOK, json=booking(starts_at))
        assert response.status_code == 422, starts_at
        assert (
            response.json()["error"] == "slot_unavailable" and reason in response.json()["detail"]
        )


def test_holiday_is_named(client: TestClient, clock: Any) -> None:
    clock.now = dt.datetime(2026, 12, 28, 7, 0)
    response = client.post(BOOK, json=booking("2027-01-01T08:00:00"))
    assert response.status_code == 422 and "Tết Dương lịch" in response.json()["detail"]


def test_aware_times_are_converted_to_desk_time(client: TestClient) -> None:
    response = client.post(BOOK, json=booking("2026-11-24T01:00:00Z"))
    assert response.status_code == 201 and response.json()["starts_at"] == TUESDAY_8_OUT


def test_procedure_must_exist_and_match_the_field(client: TestClient) -> None:
    unknown = client.post(BOOK, json=booking(procedure_id="ho-tich.khong-co"))
    assert unknown.status_code == 404 and unknown.json()["error"] == "procedure_not_found"
    other = client.post(BOOK, json=booking(procedure_id="bhxh.thai-san"))
    assert other.status_code == 422 and other.json()["error"] == "procedure_field_mismatch"


def test_full_slot_offers_nearest_free_alternatives(client: TestClient) -> None:
    for phone in OTHERS[:2]:  # one phone, one seat: two citizens fill the slot
        assert (
            client.post(BOOK, json=booking("2026-11-24T10:00:00", phone=phone)).status_code == 201
        )
    full = client.post(BOOK, json=booking("2026-11-24T10:00:00"))
    assert full.status_code == 409
    body = full.json()
    assert body["error"] == "slot_full" and "hết chỗ" in body["detail"]
    starts = [a["starts_at"] for a in body["alternatives"]]
    # Closest first (09:45 and 10:15, then 09:30 before 10:30), shown in time order.
    assert starts == [f"2026-11-24T{t}:00+07:00" for t in ("09:30", "09:45", "10:15")]


def test_wrong_phone_is_answered_like_an_unknown_code(client: TestClient) -> None:
    code = client.post(BOOK, json=booking()).json()["code"]
    wrong_phone = client.post(f"{BOOK}/lookup", json={"code": code, "phone": "0987654321"})
    unknown = client.post(f"{BOOK}/lookup", json={"code": "LH-22222", "phone": PHONE})
    assert wrong_phone.status_code == unknown.status_code == 404
    assert wrong_phone.json() == unknown.json()
    cancel = client.post(f"{BOOK}/{code}/cancel", json={"phone": "0987654321"})
    assert cancel.status_code == 404 and cancel.json() == unknown.json()


def test_cancel_frees_the_seat_once(client: TestClient) -> None:
    codes = [client.post(BOOK, json=booking()).json()["code"]]
    codes.append(client.post(BOOK, json=booking(phone=OTHERS[0])).json()["code"])
    assert client.post(BOOK, json=booking(phone=OTHERS[1])).json()["error"] == "slot_full"
    cancelled = client.post(f"{BOOK}/{codes[0]}/cancel", json={"phone": PHONE})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "đã hủy"
    again = client.post(f"{BOOK}/{codes[0]}/cancel", json={"phone": PHONE})
    assert again.status_code == 409 and again.json()["error"] == "booking_not_active"
    assert client.post(BOOK, json=booking(phone=OTHERS[1])).status_code == 201


def test_reschedule_moves_the_seat(client: TestClient) -> None:
    code = client.post(BOOK, json=booking()).json()["code"]
    moved = client.post(
        f"{BOOK}/{code}/reschedule", json={"phone": PHONE, "starts_at": "2026-11-25T14:00:00"}
    )
    assert moved.status_code == 200 and moved.json()["starts_at"] == "2026-11-25T14:00:00+07:00"
    assert remaining(client, "2026-11-24")[TUESDAY_8_OUT] == 2
    assert remaining(client, "2026-11-25")["2026-11-25T14:00:00+07:00"] == 1


def test_reschedule_into_a_full_slot_keeps_the_old_one(client: TestClient) -> None:
    code = client.post(BOOK, json=booking()).json()["code"]
    for phone in OTHERS[:2]:
        client.post(BOOK, json=booking("2026-11-26T08:00:00", phone=phone))
    refused = client.post(
        f"{BOOK}/{code}/reschedule", json={"phone": PHONE, "starts_at": "2026-11-26T08:00:00"}
    )
    assert refused.status_code == 409 and refused.json()["alternatives"]
    kept = client.post(f"{BOOK}/lookup", json={"code": code, "phone": PHONE}).json()
    assert kept["starts_at"] == TUESDAY_8_OUT


def test_cancelled_or_past_bookings_cannot_move(client: TestClient, clock: Any) -> None:
    code = client.post(BOOK, json=booking()).json()["code"]
    clock.now = dt.datetime(2026, 11, 24, 9, 0)
    late = client.post(
        f"{BOOK}/{code}/reschedule", json={"phone": PHONE, "starts_at": "2026-11-25T08:00:00"}
    )
    assert late.status_code == 409 and late.json()["error"] == "booking_not_active"


def test_last_seat_goes_to_exactly_one_of_fifty_parallel_requests(
    app: FastAPI, settings: Settings, serve: Callable[[FastAPI], AbstractContextManager[str]]
) -> None:
    slot = "2026-11-27T15:00:00"
    with serve(app) as base:
        with httpx.Client(base_url=base) as first:
            assert first.post(BOOK, json=booking(slot)).status_code == 201
        start = threading.Barrier(50)

        def attempt(i: int) -> int:
            with httpx.Client(base_url=base, timeout=60) as http:
                start.wait()
                body = booking(slot, phone=f"09{i:08d}", name=f"Công dân {i}")
                return http.post(BOOK, json=body).status_code

        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = Counter(pool.map(attempt, range(50)))
    assert statuses == Counter({201: 1, 409: 49})
    engine = create_engine(settings.sqlalchemy_url)
    with engine.connect() as connection:
        seats = connection.scalar(
            select(func.count()).where(Appointment.starts_at == dt.datetime(2026, 11, 27, 15, 0))
        )
    engine.dispose()
    assert seats == 2


def test_one_phone_holds_one_seat_per_slot_and_two_appointments_a_day(
    client: TestClient,
) -> None:
    first = client.post(BOOK, json=booking())
    assert first.status_code == 201
    again = client.post(BOOK, json=booking())  # the slot's other seat, same phone
    assert again.status_code == 409 and again.json()["error"] == "phone_slot_taken"
    assert "08:00 24/11/2026" in again.json()["detail"]
    assert client.post(BOOK, json=booking("2026-11-24T08:15:00")).status_code == 201
    third = client.post(BOOK, json=booking("2026-11-24T14:00:00", field="Chứng thực"))
    assert third.status_code == 409 and third.json()["error"] == "phone_booking_limit"
    detail = third.json()["detail"]
    assert "đã có 2 lịch hẹn trong ngày 24/11/2026" in detail and "chọn ngày khác" in detail
    assert client.post(BOOK, json=booking("2026-11-25T08:00:00")).status_code == 201
    later = client.post(BOOK, json=booking("2026-11-25T09:00:00")).json()["code"]
    moved = client.post(  # into the full day: refused, the booking stays where it was
        f"{BOOK}/{later}/reschedule", json={"phone": PHONE, "starts_at": "2026-11-24T15:00:00"}
    )
    assert moved.status_code == 409 and moved.json()["error"] == "phone_booking_limit"
    code = first.json()["code"]
    assert client.post(f"{BOOK}/{code}/cancel", json={"phone": PHONE}).status_code == 200
    assert client.post(BOOK, json=booking("2026-11-24T14:00:00")).status_code == 201
    within = client.post(  # moving inside its own day needs no extra allowance
        f"{BOOK}/{later}/reschedule", json={"phone": PHONE, "starts_at": "2026-11-25T10:00:00"}
    )
    assert within.status_code == 200


def test_parallel_bookings_with_one_phone_get_two_seats(
    app: FastAPI, serve: Callable[[FastAPI], AbstractContextManager[str]]
) -> None:
    """The count is taken under a lock per phone: ten at once cannot all pass it."""
    starts = [f"2026-11-26T{h:02d}:{m:02d}:00" for h in (8, 9) for m in (0, 15, 30, 45)]
    start = threading.Barrier(len(starts))

    def attempt(slot: str) -> int:
        with httpx.Client(base_url=base, timeout=60) as http:
            start.wait()
            return http.post(BOOK, json=booking(slot, phone="0933000111")).status_code

    with serve(app) as base, ThreadPoolExecutor(max_workers=len(starts)) as pool:
        statuses = Counter(pool.map(attempt, starts))
    assert statuses == Counter({201: 2, 409: len(starts) - 2})
