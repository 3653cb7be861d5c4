"""Handoffs through the real API: the citizen's request and what they are told, the staff's
live list with the conversation, take, answer, call to a counter, close; the call-back
number outside opening hours (consent, masking, privacy export and deletion)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.core.config import Settings
from tests.kiosk.conftest import MovableClock
from tests.loopback import closed_port_url

pytestmark = pytest.mark.both_databases

API = "/api/v1"
SENDER = "kiosk-kiosk-0123456789abcdef01234567"
OTHER = "kiosk-kiosk-fedcba9876543210fedcba98"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Rasa is down (a closed port): chat turns are answered from retrieval, and recorded."""
    return settings.model_copy(update={"rasa_url": closed_port_url()})


def ask(client: TestClient, sender: str = SENDER, **extra: Any) -> dict[str, Any]:
    body = {"sender_id": sender, "reason": "Công dân bấm «Gặp cán bộ» trên kiosk", **extra}
    response = client.post(f"{API}/handoffs", json=body)
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


def follow(client: TestClient, code: str, sender: str = SENDER) -> dict[str, Any]:
    response = client.post(f"{API}/handoffs/{code}/follow", json={"sender_id": sender})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def chat_turn(app: FastAPI, client: TestClient, message: str) -> None:
    """A kiosk chat turn (Rasa is down in tests: retrieval answers), recorded as transcript."""
    session = SENDER.removeprefix("kiosk-")
    response = client.post(f"{API}/chat", json={"session_id": session, "message": message})
    assert response.status_code == 200, response.text
    app.state.runtime.questions.flush()


def test_open_desk_position_answer_counter_and_close(
    app: FastAPI, client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    chat_turn(app, client, "làm giấy khai sinh cần gì")
    first = ask(client, transcript=["làm giấy khai sinh cần gì"])
    assert first["desk_open"] is True and first["waiting_before"] == 0
    assert first["next_step"].startswith(f"Yêu cầu {first['code']} đã được chuyển tới cán bộ.")
    assert "Bạn là người tiếp theo" in first["next_step"]
    assert "transcript" not in first  # the citizen's side does not echo the conversation
    second = ask(client, OTHER)
    assert second["waiting_before"] == 1 and "Trước bạn còn 1 người" in second["next_step"]
    assert ask(client)["code"] == first["code"]  # the same conversation asks again: same one

    stranger = client.post(f"{API}/handoffs/{first['code']}/follow", json={"sender_id": OTHER})
    assert stranger.status_code == 404  # only its own conversation may follow it

    staff_login(client, "staff")
    listed = client.get(f"{API}/handoffs").json()
    assert [h["code"] for h in listed] == [first["code"], second["code"]]
    case = client.get(f"{API}/handoffs/{first['code']}").json()
    said = [(s["role"], s["text"]) for s in case["conversation"]]
    assert said[0] == ("citizen", "làm giấy khai sinh cần gì") and said[1][0] == "assistant"

    taken = client.post(f"{API}/handoffs/{first['code']}/take").json()
    assert taken["status"] == "đang hỗ trợ" and taken["taken_by"]
    assert "đang xem yêu cầu" in follow(client, first["code"])["next_step"]
    assert follow(client, second["code"], OTHER)["waiting_before"] == 0  # one left the line

    text = "Bạn mang giấy chứng sinh và căn cước của cha hoặc mẹ đến Quầy 1."
    answered = client.post(f"{API}/handoffs/{first['code']}/answer", json={"text": text})
    assert answered.status_code == 200, answered.text
    assert answered.json()["reply_delivery"] is None  # a kiosk request: the kiosk polls
    seen = follow(client, first["code"])
    assert seen["answer"] == text and seen["next_step"].startswith("Cán bộ đã trả lời")
    case = client.get(f"{API}/handoffs/{first['code']}").json()
    assert case["conversation"][-1] == {"role": "staff", "text": text, "at": case["answered_at"]}

    called = client.post(f"{API}/handoffs/{second['code']}/call", json={"counter_id": "2"})
    assert called.status_code == 200, called.text
    seen = follow(client, second["code"], OTHER)
    assert seen["counter"] == "Quầy 2"
    assert seen["next_step"] == "Cán bộ mời bạn đến Quầy 2 để được hỗ trợ trực tiếp."
    unknown = client.post(f"{API}/handoffs/{second['code']}/call", json={"counter_id": "99"})
    assert unknown.status_code == 404 and "99" in unknown.json()["detail"]

    assert client.post(f"{API}/handoffs/{first['code']}/close").status_code == 200
    assert [h["code"] for h in client.get(f"{API}/handoffs").json()] == [second["code"]]
    late = client.post(f"{API}/handoffs/{first['code']}/answer", json={"text": "Thêm nữa"})
    assert late.status_code == 409 and late.json()["error"] == "handoff_closed"
    assert ask(client)["code"] != first["code"]  # a new question after the answer: new one


def test_outside_hours_call_back_with_consent(
    app: FastAPI,
    client: TestClient,
    clock: MovableClock,
    staff_login: Callable[..., dict[str, str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    clock.now = dt.datetime(2026, 11, 23, 18, 30)  # Monday evening: closed until Tuesday
    asked = ask(client)
    assert asked["desk_open"] is False
    assert asked["next_open"] == "2026-11-24T07:30:00+07:00"
    assert "ngoài giờ làm việc" in asked["next_step"]
    assert "07:30 Thứ Ba 24/11/2026" in asked["next_step"]
    assert "để lại số điện thoại" in asked["next_step"]

    path = f"{API}/handoffs/{asked['code']}/callback"
    refused = client.post(path, json={"sender_id": SENDER, "phone": "0912345678", "consent": False})
    assert refused.status_code == 422
    assert "đồng ý" in refused.json()["detail"][0]["message"]
    empty = client.post(path, json={"sender_id": SENDER, "phone": "", "consent": True})
    assert empty.status_code == 422
    wrong = client.post(path, json={"sender_id": OTHER, "phone": "0912345678", "consent": True})
    assert wrong.status_code == 404
    agreed = client.post(path, json={"sender_id": SENDER, "phone": "0912 345 678", "consent": True})
    assert agreed.status_code == 200, agreed.text
    told = agreed.json()
    assert told["callback_phone"] == "091****678"
    assert told["next_step"].startswith(
        "Ngoài giờ làm việc: cán bộ sẽ gọi lại qua số điện thoại 091****678"
    )
    assert "0912345678" not in caplog.text and "0912 345 678" not in caplog.text

    staff_login(client, "admin")
    case = client.get(f"{API}/handoffs/{asked['code']}").json()
    assert case["callback_phone"] == "0912345678" and case["callback_consent_at"]
    exported = client.post(f"{API}/privacy/export", json={"phone": "0912345678"}).json()
    assert [h["code"] for h in exported["handoffs"]] == [asked["code"]]
    assert exported["handoffs"][0]["callback_phone"] == "0912345678"
    deleted = client.post(f"{API}/privacy/delete", json={"phone": "0912345678", "confirm": True})
    assert deleted.status_code == 200 and deleted.json()["handoffs"] == 1
    assert client.get(f"{API}/handoffs/{asked['code']}").status_code == 404
