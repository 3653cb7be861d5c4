"""A staff answer to a handoff reaches the citizen's Telegram chat or Zalo user, through the
real client libraries against the loopback Bot API and OA API servers; a chat that cannot
be reached is marked, so the console can say so and send again."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from loopback import wait_for

from tests.connectors.channel_harness import AppFactory, MovableClock, Remote, channel_settings
from tests.kiosk.conftest import STAFF_PASSWORD, create_staff

API = "/api/v1"
CHAT = 5557788
USER = "8475839200001111"
ANSWER = "Hồ sơ khai sinh cần giấy chứng sinh; bạn mang thêm căn cước của cha hoặc mẹ."


def login(app: FastAPI, client: TestClient, clock: MovableClock) -> None:
    username = create_staff(app, clock, "staff")  # type: ignore[arg-type]
    me = client.post(f"{API}/staff/login", json={"username": username, "password": STAFF_PASSWORD})
    assert me.status_code == 200, me.text
    client.headers["X-CSRF-Token"] = me.json()["csrf_token"]


def raise_handoff(client: TestClient, channel: str, sender: str) -> str:
    body = {"channel": channel, "sender_id": sender, "reason": "Công dân yêu cầu gặp cán bộ"}
    response = client.post(f"{API}/handoffs", json=body)
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


def delivery(client: TestClient, code: str) -> Any:
    return client.get(f"{API}/handoffs/{code}").json()["reply_delivery"]


def test_answer_is_sent_to_telegram_and_zalo(
    make_app: AppFactory, telegram: Remote, zalo: Remote, rasa: Remote, clock: MovableClock
) -> None:
    app = make_app(channel_settings(telegram.url, zalo.url), rasa.url)
    with TestClient(app) as client:
        wait_for(lambda: telegram.api.called("setWebhook"), what="Telegram connected")
        on_telegram = raise_handoff(client, "telegram", f"telegram-{CHAT}")
        on_zalo = raise_handoff(client, "zalo", f"zalo-{USER}")
        login(app, client, clock)
        sent = client.post(f"{API}/handoffs/{on_telegram}/answer", json={"text": ANSWER})
        assert sent.status_code == 200 and sent.json()["reply_delivery"] == "pending"
        [message] = wait_for(lambda: telegram.api.sent(CHAT), what="the answer on Telegram")
        wait_for(lambda: delivery(client, on_telegram) == "sent", what="marked sent")
        called = client.post(f"{API}/handoffs/{on_zalo}/call", json={"counter_id": "2"})
        assert called.status_code == 200, called.text
        [zalo_message] = wait_for(lambda: zalo.api.to(USER), what="the answer on Zalo")
        wait_for(lambda: delivery(client, on_zalo) == "sent")
    assert f"Cán bộ trả lời yêu cầu {on_telegram}" in message["text"]
    assert ANSWER in message["text"]
    assert "Mời bạn đến Quầy 2" in zalo_message["text"]
    assert rasa.api.turns == []  # the answer comes from staff, not the assistant


def test_unreachable_chat_is_marked_failed_and_can_be_sent_again(
    make_app: AppFactory, telegram: Remote, rasa: Remote, clock: MovableClock
) -> None:
    app = make_app(channel_settings(telegram.url), rasa.url)
    telegram.api.blocked_chats.add(CHAT)
    with TestClient(app) as client:
        wait_for(lambda: telegram.api.called("setWebhook"))
        code = raise_handoff(client, "telegram", f"telegram-{CHAT}")
        on_zalo = raise_handoff(client, "zalo", f"zalo-{USER}")  # Zalo is not configured
        login(app, client, clock)
        client.post(f"{API}/handoffs/{code}/answer", json={"text": ANSWER})
        wait_for(lambda: delivery(client, code) == "failed", what="marked failed")
        client.post(f"{API}/handoffs/{on_zalo}/answer", json={"text": ANSWER})
        wait_for(lambda: delivery(client, on_zalo) == "failed")
        telegram.api.blocked_chats.discard(CHAT)  # unblocked: staff send the answer again
        client.post(f"{API}/handoffs/{code}/answer", json={"text": ANSWER})
        wait_for(lambda: delivery(client, code) == "sent", what="sent the second time")
    refused, delivered = telegram.api.sent(CHAT)  # the blocked attempt, then the answer
    assert ANSWER in refused["text"] and ANSWER in delivered["text"]
