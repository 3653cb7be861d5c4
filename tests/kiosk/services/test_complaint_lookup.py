"""Following a complaint with its tracking code (and the phone's last 4 digits when one was
left), through the real API: status, deadline, the answer, and the per-code attempt limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.kiosk.conftest import MovableClock

pytestmark = pytest.mark.both_databases

API = "/api/v1"


def file(client: TestClient, **contact: str) -> dict[str, Any]:
    body = {"content": "Quầy Hộ tịch hẹn trả kết quả trễ ba ngày.", **contact}
    response = client.post(f"{API}/complaints", json=body)
    assert response.status_code == 201, response.text
    filed: dict[str, Any] = response.json()
    return filed


def lookup(client: TestClient, code: str, last4: str | None = None) -> Any:
    body = {"code": code} if last4 is None else {"code": code, "phone_last4": last4}
    return client.post(f"{API}/complaints/lookup", json=body)


def test_status_deadline_and_answer(
    client: TestClient, staff_login: Callable[..., dict[str, str]], clock: MovableClock
) -> None:
    filed = file(client, contact_phone="0987654321")
    assert lookup(client, filed["code"]).status_code == 404  # a phone was left: digits needed
    wrong = lookup(client, filed["code"], "1111")
    assert wrong.status_code == 404
    assert wrong.json()["detail"] == (
        "Không tìm thấy phản ánh, kiến nghị với mã và 4 số cuối điện thoại này."
    )
    found = lookup(client, filed["code"].lower().replace("-", ""), "4321")
    assert found.status_code == 200, found.text
    status = found.json()
    assert status["status"] == "mới" and status["due_on"] == filed["due_on"]
    assert status["answer"] is None and status["overdue"] is False
    assert "contact_phone" not in status

    staff_login(client, "staff")
    answer = "Đã nhắc quầy Hộ tịch trả kết quả đúng hẹn; xin lỗi ông/bà."
    moved = client.post(
        f"{API}/complaints/{filed['code']}/status", json={"status": "đã trả lời", "answer": answer}
    )
    assert moved.status_code == 200, moved.text
    status = lookup(client, filed["code"], "4321").json()
    assert status["status"] == "đã trả lời" and status["answer"] == answer

    anonymous = file(client)
    clock.advance(11 * 24 * 60)
    late = lookup(client, anonymous["code"]).json()  # no phone left: the code is enough
    assert late["overdue"] is True and late["answer"] is None


def test_too_many_wrong_digits_lock_the_code(client: TestClient, clock: MovableClock) -> None:
    filed = file(client, contact_phone="0987654321")
    for digits in ("0000", "1111", "2222", "3333", "4444"):
        assert lookup(client, filed["code"], digits).status_code == 404
    locked = lookup(client, filed["code"], "4321")  # even the right digits, for a while
    assert locked.status_code == 429 and locked.json()["error"] == "lookup_locked"
    assert int(locked.headers["Retry-After"]) > 0
    assert "thử lại sau 15 phút" in locked.json()["detail"]
    unknown = [lookup(client, "PA-ZZZZZZZZ", "0000").status_code for _ in range(6)]
    assert unknown == [404] * 5 + [429]  # unknown codes lock the same way: nothing revealed
    clock.advance(16)
    assert lookup(client, filed["code"], "4321").status_code == 200


def test_empty_fields_say_not_entered(client: TestClient) -> None:
    """An empty required field is "chưa nhập", not "không đúng định dạng"."""
    for path in ("complaints/lookup", "dossiers/lookup"):
        response = client.post(f"{API}/{path}", json={"code": "PA-22222", "phone_last4": ""})
        assert response.status_code == 422
        messages = {d["field"]: d["message"] for d in response.json()["detail"]}
        assert messages == {"phone_last4": "4 số cuối điện thoại: chưa nhập"}, path
    empty_code = client.post(f"{API}/complaints/lookup", json={"code": ""})
    assert empty_code.json()["detail"][0]["message"] == "Mã: chưa nhập"
    booking = client.post(f"{API}/appointments", json={"field": "Hộ tịch", "name": "", "phone": ""})
    messages = {d["field"]: d["message"] for d in booking.json()["detail"]}
    assert messages["name"] == "Họ tên: không được để trống"
    assert messages["phone"] == "Số điện thoại: chưa nhập"
    assert messages["starts_at"] == "Giờ hẹn: chưa chọn"
