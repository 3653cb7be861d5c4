"""Idempotency-Key on citizens' writes: a retry never creates a second record.

On SQLite and PostgreSQL. Without the key (the old code) every test here that sends a
request twice finds two bookings, tickets, ratings or complaints.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from kiosk.services.retention import RetentionJob
from kiosk.store.idempotency import IdempotencyKey
from kiosk.store.models import Appointment, Complaint, Rating, Ticket
from tests.kiosk.conftest import Serve

pytestmark = pytest.mark.both_databases

BOOKING = {
    "field": "Hộ tịch",
    "starts_at": "2026-11-24T08:00:00",
    "name": "Nguyễn Văn An",
    "phone": "0912345678",
}
WRITES: list[tuple[str, dict[str, Any], type[Any]]] = [
    ("/api/v1/appointments", BOOKING, Appointment),
    ("/api/v1/queue/tickets", {"field": "Hộ tịch", "priority": "không"}, Ticket),
    ("/api/v1/ratings", {"score": "hài lòng", "comment": "Nhanh gọn"}, Rating),
    ("/api/v1/complaints", {"content": "Máy lấy số bị kẹt giấy"}, Complaint),
]


def new_key() -> str:
    return uuid.uuid4().hex


def count(app: FastAPI, model: type[Any]) -> int:
    with app.state.runtime.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(("path", "body", "model"), WRITES)
def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(
    client: TestClient, app: FastAPI, path: str, body: dict[str, Any], model: type[Any]
) -> None:
    key = {"Idempotency-Key": new_key()}
    first = client.post(path, json=body, headers=key)
    again = client.post(path, json=body, headers=key)
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(app, model) == 1
    another = body | {"phone": "0912345679"} if "phone" in body else body  # one seat per phone
    other = client.post(path, json=another, headers={"Idempotency-Key": new_key()})
    assert other.status_code == 201 and count(app, model) == 2  # a new key: a new record


def test_the_same_key_with_another_body_is_refused_in_vietnamese(
    client: TestClient, app: FastAPI
) -> None:
    key = {"Idempotency-Key": new_key()}
    assert client.post("/api/v1/appointments", json=BOOKING, headers=key).status_code == 201
    changed = BOOKING | {"starts_at": "2026-11-24T08:15:00"}
    refused = client.post("/api/v1/appointments", json=changed, headers=key)
    assert refused.status_code == 409
    assert refused.json()["error"] == "idempotency_key_reused"
    assert "Idempotency-Key" in refused.json()["detail"] and "mã mới" in refused.json()["detail"]
    assert count(app, Appointment) == 1


def test_keys_of_different_writes_do_not_meet(client: TestClient, app: FastAPI) -> None:
    key = {"Idempotency-Key": new_key()}
    for path, body, _model in WRITES:
        assert client.post(path, json=body, headers=key).status_code == 201
    assert [count(app, model) for _p, _b, model in WRITES] == [1, 1, 1, 1]


@pytest.mark.parametrize("key", ["short", "x" * 101, "two words-and-more"])
def test_a_malformed_key_is_refused_in_vietnamese(
    client: TestClient, app: FastAPI, key: str
) -> None:
    response = client.post("/api/v1/appointments", json=BOOKING, headers={"Idempotency-Key": key})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["message"].startswith("Mã chống gửi trùng (Idempotency-Key)")
    assert count(app, Appointment) == 0


def test_one_key_sent_by_many_clients_at_once_books_one_seat(app: FastAPI, serve: Serve) -> None:
    """Retries racing each other (a client that timed out and sent again while the first
    request was still running): one booking, and every answer names it."""
    key = {"Idempotency-Key": new_key()}
    start = threading.Barrier(8)
    with serve(app) as base, httpx.Client(base_url=base, timeout=60) as http:

        def send(_: int) -> httpx.Response:
            start.wait()
            return http.post("/api/v1/appointments", json=BOOKING, headers=key)

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(send, range(8)))
        assert [a.status_code for a in answers] == [201] * 8, [a.text for a in answers]
        assert len({a.json()["code"] for a in answers}) == 1
        assert count(app, Appointment) == 1 and count(app, IdempotencyKey) == 1


def test_keys_are_forgotten_after_a_day(client: TestClient, app: FastAPI, clock: Any) -> None:
    """The retention job drops keys (and their body fingerprints) older than a day."""
    key = {"Idempotency-Key": new_key()}
    assert client.post("/api/v1/ratings", json=WRITES[2][1], headers=key).status_code == 201
    resources = app.state.runtime
    assert RetentionJob(resources.db, clock, days=30).run().idempotency_keys == 0
    clock.advance(25 * 60)
    assert RetentionJob(resources.db, clock, days=30).run().idempotency_keys == 1
    assert count(app, IdempotencyKey) == 0 and count(app, Rating) == 1
