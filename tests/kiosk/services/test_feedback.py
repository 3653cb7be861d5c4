"""Ratings and complaints: tracking codes, due dates, staff answers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kiosk.core.config import DEFAULT_DESK
from kiosk.services.desk import load_desk
from kiosk.services.feedback import DuePolicy, due_date
from kiosk.services.identity import CODE_ALPHABET

pytestmark = pytest.mark.both_databases  # store tests: SQLite and PostgreSQL

COMPLAINTS = "/api/v1/complaints"


def complain(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post(COMPLAINTS, json={"content": "Chờ quá lâu ở quầy 2.", **body})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_ratings_are_counted(staff_client: TestClient) -> None:
    client = staff_client  # the summary is for staff
    for body in (
        {"score": "rất hài lòng"},
        {"score": "hài lòng", "counter_id": "2"},
        {
            "score": "rất hài lòng",
            "comment": "Cán bộ nhiệt tình",
            "procedure_id": "ho-tich.khai-sinh",
        },
    ):
        response = client.post("/api/v1/ratings", json=body)
        assert response.status_code == 201, response.text
    summary = client.get("/api/v1/ratings/summary").json()
    assert summary == {"rất hài lòng": 2, "hài lòng": 1, "không hài lòng": 0}
    assert client.get("/api/v1/ratings/summary", params={"since": "2026-12-01"}).json() == {
        "rất hài lòng": 0,
        "hài lòng": 0,
        "không hài lòng": 0,
    }


def test_rating_validation(client: TestClient) -> None:
    bad = client.post("/api/v1/ratings", json={"score": "tuyệt vời"})
    assert bad.status_code == 422
    error = bad.json()["detail"][0]
    assert error["field"] == "score" and "rất hài lòng" in error["message"]
    counter = client.post("/api/v1/ratings", json={"score": "hài lòng", "counter_id": "42"})
    assert counter.status_code == 404 and counter.json()["error"] == "counter_not_found"


def test_complaint_tracking_and_due_date(
    client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    filed = complain(client, contact_name="Phạm Thị Dung", contact_phone="0912 345 678")
    assert re.fullmatch(f"PA-[{CODE_ALPHABET}]{{8}}", filed["code"])
    assert filed["status"] == "mới" and filed["answer"] is None
    assert filed["due_on"] == "2026-12-03"  # 10 days after 23/11/2026
    # The code alone is for staff; the citizen follows it with the phone's last digits.
    assert client.get(f"{COMPLAINTS}/{filed['code']}").status_code == 401
    staff_login(client, "staff")
    seen = client.get(f"{COMPLAINTS}/{filed['code']}")
    assert seen.status_code == 200 and seen.json() == filed
    assert "0912345678" not in seen.text and "Phạm Thị Dung" not in seen.text


def test_staff_move_a_complaint_to_answered(staff_client: TestClient, clock: Any) -> None:
    client = staff_client
    code = complain(client)["code"]
    status = f"{COMPLAINTS}/{code}/status"
    working = client.post(status, json={"status": "đang xử lý"})
    assert working.status_code == 200 and working.json()["status"] == "đang xử lý"
    no_answer = client.post(status, json={"status": "đã trả lời"})
    assert no_answer.status_code == 422 and no_answer.json()["error"] == "answer_required"
    clock.advance(60 * 24 * 2)
    answered = client.post(
        status, json={"status": "đã trả lời", "answer": "Đã bố trí thêm cán bộ tại quầy 2."}
    )
    body = answered.json()
    assert body["status"] == "đã trả lời" and body["answered_at"] == "2026-11-25T09:00:00+07:00"
    assert client.get(f"{COMPLAINTS}/{code}").json()["answer"].startswith("Đã bố trí")


def test_unknown_complaint_and_empty_content(client: TestClient, staff_client: TestClient) -> None:
    missing = staff_client.get(f"{COMPLAINTS}/PA-22222222")
    assert missing.status_code == 404 and missing.json()["error"] == "complaint_not_found"
    empty = client.post(COMPLAINTS, json={"content": "   "})
    assert empty.status_code == 422
    assert empty.json()["detail"] == [
        {"field": "content", "message": "Nội dung: không được để trống"}
    ]


def test_working_day_due_dates_skip_weekends_and_holidays() -> None:
    desk = load_desk(DEFAULT_DESK)
    policy = DuePolicy(days=10, working_days=True)
    # Monday 23/11/2026 + 10 working days = Monday 07/12/2026.
    assert due_date(dt.date(2026, 11, 23), policy, desk) == dt.date(2026, 12, 7)
    # Over Tết Dương lịch 2027: 28/12/2026 + 5 working days skips Friday 01/01.
    assert due_date(dt.date(2026, 12, 28), DuePolicy(5, True), desk) == dt.date(2027, 1, 5)
    assert due_date(dt.date(2026, 11, 23), DuePolicy(10, False), desk) == dt.date(2026, 12, 3)


RATINGS = "/api/v1/ratings"


def test_a_rating_names_the_visit_it_rates_once(staff_client: TestClient) -> None:
    client = staff_client  # staff call and check in; citizens rate
    ticket = client.post("/api/v1/queue/tickets", json={"field": "Hộ tịch"}).json()
    early = client.post(RATINGS, json={"score": "hài lòng", "ticket_id": ticket["id"]})
    assert early.status_code == 422 and early.json()["error"] == "visit_not_served"
    assert "Số thứ tự này chưa được phục vụ" in early.json()["detail"]
    assert client.post("/api/v1/queue/counters/1/next").status_code == 200
    assert client.post("/api/v1/queue/counters/1/finish").status_code == 200
    rated = client.post(RATINGS, json={"score": "hài lòng", "ticket_id": ticket["id"]})
    assert rated.status_code == 201 and rated.json()["served"] is True
    twice = client.post(RATINGS, json={"score": "không hài lòng", "ticket_id": ticket["id"]})
    assert twice.status_code == 409 and twice.json()["error"] == "already_rated"
    unknown = client.post(RATINGS, json={"score": "hài lòng", "ticket_id": 99999})
    assert unknown.status_code == 422

    body = {"field": "Hộ tịch", "starts_at": "2026-11-23T09:30:00", "name": "Lê Văn Tám"}
    code = client.post("/api/v1/appointments", json={**body, "phone": "0912777888"}).json()["code"]
    visit = {"score": "rất hài lòng", "appointment_code": code, "phone": "0912777888"}
    assert client.post(RATINGS, json=visit).json()["error"] == "visit_not_served"
    assert client.post(f"/api/v1/staff/appointments/{code}/check-in").status_code == 200
    wrong = client.post(RATINGS, json={**visit, "phone": "0912777889"})
    assert wrong.status_code == 422 and "Lịch hẹn này" in wrong.json()["detail"]
    assert client.post(RATINGS, json=visit).json()["served"] is True
    assert client.post(RATINGS, json=visit).status_code == 409

    anonymous = client.post(RATINGS, json={"score": "hài lòng"})
    assert anonymous.status_code == 201 and anonymous.json()["served"] is False
    half = client.post(RATINGS, json={"score": "hài lòng", "appointment_code": code})
    assert half.status_code == 422
    assert "mã lịch hẹn và số điện thoại" in half.json()["detail"][0]["message"]
