"""Queue tickets: numbering, priority, wait estimates, calling, printing, concurrency."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

pytestmark = pytest.mark.both_databases  # store tests: SQLite and PostgreSQL

TICKETS = "/api/v1/queue/tickets"


@pytest.fixture
def client(client: TestClient, staff_login: Callable[..., dict[str, str]]) -> TestClient:
    """Counters call tickets: every test here is logged in as desk staff."""
    staff_login(client, "staff")
    return client


def take(client: TestClient, field: str = "Hộ tịch", priority: str = "không") -> dict[str, Any]:
    response = client.post(TICKETS, json={"field": field, "priority": priority})
    assert response.status_code == 201, response.text
    ticket: dict[str, Any] = response.json()
    return ticket


def call_next(client: TestClient, counter: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/queue/counters/{counter}/next")
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_numbers_run_per_field_with_prefix(client: TestClient) -> None:
    first, second = take(client), take(client)
    other = take(client, "Chứng thực")
    assert (first["label"], second["label"], other["label"]) == ("HT-001", "HT-002", "CT-001")
    assert first["status"] == "đang chờ" and first["issued_at"] == "2026-11-23T09:00:00+07:00"


def test_numbers_restart_each_day(client: TestClient, clock: Any) -> None:
    take(client)
    clock.now = dt.datetime(2026, 11, 24, 7, 15)  # before opening: tickets are already given
    assert take(client)["label"] == "HT-001"


def test_default_wait_estimate_is_split_over_counters(client: TestClient) -> None:
    take(client)
    second = take(client)
    # One person ahead, 10 minutes by default, two counters serve Hộ tịch.
    assert second["people_ahead"] == 1 and second["estimated_wait_minutes"] == 5
    assert take(client, "Đất đai")["estimated_wait_minutes"] == 0


def test_priority_groups_are_called_first(client: TestClient) -> None:
    take(client)
    take(client)
    elderly = take(client, priority="người cao tuổi")
    assert elderly["people_ahead"] == 0
    called = call_next(client, "1")["called"]
    assert called["label"] == elderly["label"] and called["counter_id"] == "1"
    assert call_next(client, "2")["called"]["label"] == "HT-001"


def test_wait_estimate_uses_recent_service_times(client: TestClient, clock: Any) -> None:
    for _ in range(4):
        take(client)
    call_next(client, "1")
    clock.advance(4)
    call_next(client, "1")  # HT-001 served in 4 minutes, HT-002 called
    clock.advance(8)
    result = call_next(client, "1")  # HT-002 served in 8 minutes
    assert result["finished"]["label"] == "HT-002" and result["called"]["label"] == "HT-003"
    waiting = client.get(f"{TICKETS}/{take(client)['id']}").json()
    # HT-004 and the new ticket wait: one ahead, average 6 minutes, two counters.
    assert waiting["people_ahead"] == 1 and waiting["estimated_wait_minutes"] == 3


def test_counter_calls_only_its_fields(client: TestClient) -> None:
    take(client, "Đất đai")
    assert call_next(client, "2")["called"] is None  # Quầy 2: Hộ tịch, Cư trú
    assert call_next(client, "3")["called"]["label"] == "DD-001"
    finished = client.post("/api/v1/queue/counters/3/finish").json()
    assert finished["finished"]["status"] == "đã xong" and finished["called"] is None
    missing = client.post("/api/v1/queue/counters/99/next")
    assert missing.status_code == 404 and "99" in missing.json()["detail"]


def test_board_shows_serving_and_waiting(client: TestClient) -> None:
    take(client)
    take(client)
    take(client, "Cư trú")
    call_next(client, "1")
    board = client.get("/api/v1/queue/board").json()
    serving = {c["counter_id"]: c["serving"] for c in board["counters"]}
    assert serving["1"] == "HT-001" and serving["2"] is None
    assert board["waiting"] == {"Hộ tịch": 1, "Cư trú": 1}


def test_no_tickets_after_closing_or_on_holidays(client: TestClient, clock: Any) -> None:
    clock.now = dt.datetime(2026, 11, 23, 17, 5)
    late = client.post(TICKETS, json={"field": "Hộ tịch"})
    assert late.status_code == 409 and late.json()["error"] == "desk_closed"
    clock.now = dt.datetime(2026, 11, 29, 9, 0)  # Sunday
    assert client.post(TICKETS, json={"field": "Hộ tịch"}).status_code == 409
    clock.now = dt.datetime(2027, 1, 1, 9, 0)  # Tết Dương lịch
    assert client.post(TICKETS, json={"field": "Hộ tịch"}).status_code == 409


def test_printable_ticket(client: TestClient) -> None:
    take(client)
    ticket = take(client, priority="phụ nữ mang thai")
    page = client.get(f"{TICKETS}/{ticket['id']}/print")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    html = page.text
    assert '<div class="number">HT-002</div>' in html
    for text in ("Hộ tịch", "09:00", "23/11/2026", "phụ nữ mang thai", "sắp đến lượt", "Quầy 1"):
        assert text in html, text


def test_unknown_ticket(client: TestClient) -> None:
    assert client.get(f"{TICKETS}/12345").status_code == 404
    assert client.get(f"{TICKETS}/12345/print").status_code == 404
    assert client.get(f"{TICKETS}/99999999999999999999999").status_code == 422


def test_fifty_parallel_tickets_get_fifty_numbers(
    app: FastAPI, serve: Callable[[FastAPI], AbstractContextManager[str]]
) -> None:
    start = threading.Barrier(50)
    with serve(app) as base:

        def attempt(_: int) -> httpx.Response:
            with httpx.Client(base_url=base, timeout=60) as http:
                start.wait()
                return http.post(TICKETS, json={"field": "Chứng thực"})

        with ThreadPoolExecutor(max_workers=50) as pool:
            responses = list(pool.map(attempt, range(50)))
    assert [r.status_code for r in responses] == [201] * 50
    numbers = sorted(r.json()["number"] for r in responses)
    assert numbers == list(range(1, 51))
    assert len({r.json()["label"] for r in responses}) == 50
